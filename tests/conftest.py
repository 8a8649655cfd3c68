"""Shared fixtures: a copy of the project, the real site built once, one browser per session.

The real site is built with the real MkDocs from a copy of the project in a temporary folder
(so the developer's own `site/` is never touched) and shared by every test that only reads it.
Browser tests use the system Chromium through Playwright; outside CI they skip when there is
none, in CI (`CI=true`) they fail.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.synth import copy_project  # noqa: F401 (the tests import it from here)

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
ARTIFACTS = ROOT / "test-artifacts"


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite the golden files under tests/golden/ from the current output")
    parser.addoption("--update-screenshots", action="store_true",
                     help="save the guide's screenshots of the browser editor into "
                     "overrides/assets/images/guide/ (make guide-screenshots)")


@pytest.fixture(scope="session")
def update_golden(request) -> bool:
    return request.config.getoption("--update-golden")


def check_golden(path: Path, actual: str, update: bool) -> None:
    """Compare `actual` with the golden file at `path`; with --update-golden, rewrite it."""
    if update or not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        if not update:
            pytest.fail(f"golden file {path.name} was missing and has been written; rerun")
    assert actual == path.read_text(encoding="utf-8"), (
        f"{path} differs from the output; if the change is intended, run "
        "`pytest --update-golden` and review the diff")


def run_generator(root: Path, *args: str, check: bool = False) -> subprocess.CompletedProcess:
    """Run `python -m generator ARGS` in `root` the way a user does, capturing its output."""
    env = {**os.environ, "PYTHONPATH": str(root)}
    result = subprocess.run([sys.executable, "-m", "generator", *args], cwd=root, env=env,
                            capture_output=True, text=True, timeout=600)
    if check and result.returncode != 0:
        raise AssertionError(f"generator {args} failed:\n{result.stdout}\n{result.stderr}")
    return result


def built(root: Path) -> Path:
    """`root`, once `python -m generator site` has built it."""
    run_generator(root, "site", check=True)
    return root


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A private copy of the project that a test may change."""
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def built_project(tmp_path_factory) -> Path:
    """The real project, copied once and built with `python -m generator site`."""
    return built(copy_project(tmp_path_factory.mktemp("built") / "project"))


@pytest.fixture(scope="session")
def site_dir(built_project: Path) -> Path:
    return built_project / "site"


def read_page(site_dir: Path, url_path: str) -> str:
    """The HTML MkDocs wrote for `url_path` (like `exercises/x/`)."""
    path = site_dir / url_path
    if url_path.endswith("/") or not path.suffix:
        path = path / "index.html"
    return path.read_text(encoding="utf-8")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        """A browser that navigates away mid-download closes the socket; that is no error."""
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def serving(folder: Path) -> Iterator[str]:
    """`folder` served over HTTP on 127.0.0.1, on a free port: its address, ending in '/'."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = _QuietServer(("127.0.0.1", free_port()), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def site_url(site_dir: Path):
    """The built site served over HTTP on 127.0.0.1, on a free port, for the whole session."""
    with serving(site_dir) as url:
        yield url


def find_chromium() -> str | None:
    configured = os.environ.get("CHROMIUM_PATH")
    if configured:
        return configured if Path(configured).exists() else None
    for name in CHROMIUM_CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.fixture(scope="session")
def browser():
    """One headless system Chromium for the whole session, driven by Playwright."""
    executable = find_chromium()
    if executable is None:
        message = ("no Chromium found (install Debian's `chromium`, or set CHROMIUM_PATH); "
                   "browser tests need it")
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=executable,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run",
                  "--disable-quic"],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A fresh browser context and page per test (local storage starts empty)."""
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Where browser tests leave screenshots for people to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def spanish_site(tmp_path_factory) -> Path:
    """A site in Spanish (tests/i18n/es), built with `python -m generator site`: its root."""
    from tests.i18n import spanish

    return built(spanish(tmp_path_factory.mktemp("spanish") / "project"))


@pytest.fixture(scope="session")
def arabic_site(tmp_path_factory) -> Path:
    """The site in Arabic, right to left, with an exercise in Arabic (tests/i18n/ar): its root."""
    from tests.i18n import arabic

    return built(arabic(tmp_path_factory.mktemp("arabic") / "project"))


@pytest.fixture(scope="session")
def bilingual_site(tmp_path_factory) -> Path:
    """The real site in English with a Spanish version of one seed (tests/i18n/bilingual),
    built with `python -m generator site`: its root."""
    from tests.i18n import bilingual

    return built(bilingual(tmp_path_factory.mktemp("bilingual") / "project"))


@pytest.fixture(scope="session")
def bilingual_url(bilingual_site: Path):
    """The bilingual site served over HTTP, like `site_url`."""
    with serving(bilingual_site / "site") as url:
        yield url
