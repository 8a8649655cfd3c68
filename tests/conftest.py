"""Shared fixtures: a copy of the project, the real site built once, one browser per session.

The real site is built with the real MkDocs from a copy of the project in a temporary folder
(so the developer's own `site/` is never touched) and shared by every test that only reads it.
Browser tests use the system Chromium through Playwright; outside CI they skip when there is
none, in CI (`CI=true`) they fail.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import http.server
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from bench import reader
from bench.synth import copy_project  # noqa: F401 (the tests import it from here)
from generator.pdf import CACHE as PDF_CACHE

ROOT = Path(__file__).resolve().parent.parent
# Debian's headless shell first: the same Chromium (version and Blink) without the browser's
# own windows. The whole browser loads its address bar's pop-up (two chrome:// pages) into
# every new browser context, which costs more than the page a test opens in it.
CHROMIUM_CANDIDATES = ("chromium-headless-shell", *reader.BROWSERS)
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


def run_generator(root: Path, *args: str, check: bool = False,
                  env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run `python -m generator ARGS` in `root` the way a user does, capturing its output;
    `env`: the environment to run it in instead of this process's."""
    env = {**(os.environ if env is None else env), "PYTHONPATH": str(root)}
    result = subprocess.run([sys.executable, "-m", "generator", *args], cwd=root, env=env,
                            capture_output=True, text=True, timeout=600)
    if check and result.returncode != 0:
        raise AssertionError(f"generator {args} failed:\n{result.stdout}\n{result.stderr}")
    return result


def run_mkdocs(root: Path, check: bool = False) -> subprocess.CompletedProcess:
    """Run `mkdocs build --strict` in `root`, as MkDocs started on its own runs (through the
    generator's hook), capturing its output."""
    env = {**os.environ, "PYTHONPATH": str(root), "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=root,
                            env=env, capture_output=True, text=True, timeout=600)
    if check and result.returncode != 0:
        raise AssertionError(f"mkdocs build failed:\n{result.stdout}\n{result.stderr}")
    return result


def built(root: Path) -> Path:
    """`root`, once `python -m generator site` has built it."""
    run_generator(root, "site", check=True)
    return root


def once_per_run(tmp_path_factory, name: str, make: Callable[[Path], Path]) -> Path:
    """`make(folder)` run once for the whole test run, whatever the number of xdist workers.

    Each worker has its own session, so a session fixture alone would build its site once per
    worker. The first worker to ask makes it in the run's shared temporary folder under a file
    lock; the others wait on the lock and take the finished folder (pytest-xdist's documented
    recipe for session fixtures, with the operating system's flock).
    """
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # the folder every worker's own temporary folder is made in
    folder, done = base / f"once-{name}", base / f"once-{name}.done"
    with open(base / f"once-{name}.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)
            make(folder)
            done.touch()
    return folder


@pytest.fixture(scope="session")
def built_project(tmp_path_factory) -> Path:
    """The real project, copied once and built with `python -m generator site`."""
    return once_per_run(tmp_path_factory, "built",
                        lambda folder: built(copy_project(folder / "project"))) / "project"


def with_pdf_cache(root: Path, built_root: Path) -> Path:
    """`root` given the PDF cache of `built_root`, so that its first build renders only the
    worksheets that differ from that project's."""
    shutil.copytree(built_root / PDF_CACHE, root / PDF_CACHE)
    return root


def shared_site(tmp_path_factory, name: str, make: Callable[[Path], Path],
                built_root: Path) -> Path:
    """The project `make(folder)` makes, built once per run with `python -m generator site`
    from the PDF cache of `built_root` (the worksheets it shares with that project and the
    form fields' font are not made again): its root."""
    return once_per_run(tmp_path_factory, name, lambda folder: built(
        with_pdf_cache(make(folder / "project"), built_root))) / "project"


@pytest.fixture
def project(tmp_path: Path, built_project: Path) -> Path:
    """A private copy of the project that a test may change, with the built project's PDF
    cache: its first `site` renders no PDF unless the test changed a worksheet."""
    return with_pdf_cache(copy_project(tmp_path / "project"), built_project)


@pytest.fixture(scope="session")
def site_dir(built_project: Path) -> Path:
    return built_project / "site"


# Pagefind's files named by a hash of its filter index, which lists a filter's values in the
# order of a Rust hash map: it changes from one run to the next (tests/test_reproducible.py).
PAGEFIND_UNORDERED = re.compile(r"(^|/)pagefind/(filter/[a-z-]+_[0-9a-f]+\.pf_filter|"
                                r"pagefind\.[a-z-]+_[0-9a-f]+\.pf_meta|pagefind-entry\.json)$")


def unhashed(name: str) -> str:
    """A built file's name, with the hash Pagefind puts in an UNORDERED file's name blanked."""
    return re.sub(r"_[0-9a-f]+\.", "_#.", name) if PAGEFIND_UNORDERED.search(name) else name


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
        message = ("no Chromium found (install Debian's `chromium-headless-shell`, or set "
                   "CHROMIUM_PATH); browser tests need it")
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


# How long a browser test waits for anything: a loaded machine (two test workers with a build
# beside them) can take many seconds to start Pagefind or lay out a page. Every wait is for an
# event (a selector, a function, a load), so a generous bound costs a passing test nothing.
BROWSER_WAIT_MS = 120_000


def new_context(browser, **options):
    """A browser context whose waits are sized for a loaded machine (BROWSER_WAIT_MS)."""
    context = browser.new_context(**options)
    context.set_default_timeout(BROWSER_WAIT_MS)
    return context


@pytest.fixture
def page(browser):
    """A fresh browser context and page per test (local storage starts empty)."""
    context = new_context(browser)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Where browser tests leave screenshots for people to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def spanish_site(tmp_path_factory, built_project: Path) -> Path:
    """A site in Spanish (tests/i18n/es), built with `python -m generator site`: its root."""
    from tests.i18n import spanish

    return shared_site(tmp_path_factory, "spanish", spanish, built_project)


@pytest.fixture(scope="session")
def arabic_site(tmp_path_factory, built_project: Path) -> Path:
    """The site in Arabic, right to left, with an exercise in Arabic (tests/i18n/ar): its root."""
    from tests.i18n import arabic

    return shared_site(tmp_path_factory, "arabic", arabic, built_project)


@pytest.fixture(scope="session")
def bilingual_site(tmp_path_factory, built_project: Path) -> Path:
    """The real site in English with a Spanish version of one seed (tests/i18n/bilingual),
    built with `python -m generator site`: its root."""
    from tests.i18n import bilingual

    return shared_site(tmp_path_factory, "bilingual", bilingual, built_project)


@pytest.fixture(scope="session")
def bilingual_url(bilingual_site: Path):
    """The bilingual site served over HTTP, like `site_url`."""
    with serving(bilingual_site / "site") as url:
        yield url


@pytest.fixture(scope="session")
def long_words_site(tmp_path_factory, built_project: Path) -> Path:
    """The real site with an exercise whose words are longer than a page is wide
    (tests/long_words.py), built with `python -m generator site`: its root."""
    from tests import long_words

    return shared_site(tmp_path_factory, "long-words", long_words.project, built_project)


def built_by_mkdocs(root: Path) -> Path:
    """`root`, once `python -m generator build` (the Markdown MkDocs reads) and then
    `mkdocs build --strict` have built it into site/: through the generator's MkDocs hook, the
    pages of every language and their search index, without the PDFs."""
    run_generator(root, "build", check=True)
    run_mkdocs(root, check=True)
    return root


@pytest.fixture(scope="session")
def therapists_site(tmp_path_factory) -> Path:
    """50 synthetic exercises and one with every key a therapist chooses by, in English and
    Spanish (tests/i18n/clinician), built with `mkdocs build`: its root. Its pages and search
    are what the tests read; the PDFs, which only `clinician_site` is asked for, are left out
    (the 52 of them were half the time of this build)."""
    from tests.i18n import therapists

    return once_per_run(tmp_path_factory, "therapists",
                        lambda folder: built_by_mkdocs(therapists(folder / "project"))) / "project"


@pytest.fixture(scope="session")
def clinician_site(tmp_path_factory, built_project: Path) -> Path:
    """The real site with the exercise with every key, in English and Spanish, built with
    `python -m generator site` (from the built project's PDF cache): its root."""
    from tests.i18n import clinician

    return shared_site(tmp_path_factory, "clinician", clinician, built_project)
