"""`python -m generator serve`: the live preview, driven the way an author uses it.

A real server in a private copy of the project, on a free port: save a new title and see it
served, break the file and see the error line while the last good page stays up, fix it and
see it recover. Waits are bounded polls (generous limits), never assertions about speed.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import free_port, run_generator

EXERCISE = "content/exercises/secure-base-strategy.yaml"
PAGE = "exercises/secure-base-strategy/"
LIMIT = 120.0  # a bound on waits for an event, sized for a loaded machine
START_LIMIT = 180.0


class Preview:
    """A running `python -m generator serve` and its output."""

    def __init__(self, root: Path, port: int):
        self.url = f"http://127.0.0.1:{port}/"
        self.log = root / "serve.log"
        env = {**os.environ, "PYTHONPATH": str(root)}
        with open(self.log, "wb") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "generator", "serve", "--port", str(port)], cwd=root,
                env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
                preexec_fn=_ctrl_c_works)

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def get(self, path: str) -> str | None:
        try:
            with urllib.request.urlopen(self.url + path, timeout=10) as response:
                return response.read().decode("utf-8")
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return None

    def wait_for(self, what: str, condition, limit: float = LIMIT):
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"the server stopped:\n{self.output()}"
            found = condition()
            if found:
                return found
            time.sleep(0.2)
        pytest.fail(f"no {what} within {limit:.0f} s; server output:\n{self.output()}")

    def stop(self) -> bool:
        """Ctrl+C, as an author stops it; True when that stopped it within 10 s."""
        if self.process.poll() is not None:
            return False
        os.killpg(self.process.pid, signal.SIGINT)
        try:
            self.process.wait(timeout=10)
            return True
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
            return False


def _ctrl_c_works() -> None:
    """In the server, before it starts: Ctrl+C's signal handled as in a terminal. A test run
    started in the background (`make test &`, some CI runners) hands SIGINT down ignored, and
    Python then never raises KeyboardInterrupt: the server would wait for SIGKILL."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.fixture
def preview(project):
    server = Preview(project, free_port())
    yield server
    server.stop()


def _title(html: str | None) -> str:
    return html.split("<title>", 1)[1].split("</title>", 1)[0] if html else ""


def test_preview_follows_saves_survives_mistakes_and_recovers(project, preview):
    path = project / EXERCISE
    original = path.read_text(encoding="utf-8")
    first = preview.wait_for("first page", lambda: preview.get(PAGE), START_LIMIT)
    assert _title(first).startswith("The Secure Base Strategy - ")

    path.write_text(original.replace("title: The Secure Base Strategy",
                                     "title: A Safe Harbour", 1), encoding="utf-8")
    preview.wait_for("new title", lambda: _title(preview.get(PAGE)).startswith("A Safe Harbour"))
    assert "A Safe Harbour" in preview.get("")  # the home page cards follow too

    broken = original.replace("title: The Secure Base Strategy", "title: A Safe Harbour", 1)
    broken = broken.replace("difficulty: moderate", "difficulty: moderat", 1)
    path.write_text(broken, encoding="utf-8")
    error = preview.wait_for("error line", lambda: [
        line for line in preview.output().splitlines()
        if f"{EXERCISE}:9:13: difficulty: unknown difficulty `moderat`" in line])
    assert "did you mean `moderate`?" in error[0]
    assert _title(preview.get(PAGE)).startswith("A Safe Harbour")  # the last good page

    path.write_text(original.replace("title: The Secure Base Strategy",
                                     "title: A Safe Harbour, Fixed", 1), encoding="utf-8")
    preview.wait_for("recovery", lambda: _title(preview.get(PAGE)).startswith(
        "A Safe Harbour, Fixed"))
    assert preview.stop(), f"Ctrl+C did not stop the preview:\n{preview.output()}"
    assert "Traceback" not in preview.output()


def test_an_idle_preview_does_not_rebuild(project, preview):
    preview.wait_for("first page", lambda: preview.get(PAGE), START_LIMIT)
    (project / "content/home.md").write_text("Changed once.\n", encoding="utf-8")
    preview.wait_for("rebuild", lambda: "Changed once." in (preview.get("") or ""))
    builds = preview.output().count("Building documentation")
    assert builds == 2  # the first build and the one for the save: no echo of our own writes
    time.sleep(3)  # several polling rounds of the watcher
    assert preview.output().count("Building documentation") == builds


def test_serve_refuses_a_busy_port(project):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_generator(project, "serve", "--port", str(port))
    assert result.returncode == 2
    assert result.stderr.startswith(f"error: cannot serve on 127.0.0.1:{port}")
    assert "--port" in result.stderr


def test_preview_shows_a_saved_translation_in_its_language(tmp_path: Path):
    """A site with a Spanish version: the preview builds both, and a save to the Spanish file
    shows on the Spanish page (and the language menu of the English one still finds it)."""
    from tests.i18n import bilingual

    project = bilingual(tmp_path / "project")
    server = Preview(project, free_port())
    try:
        first = server.wait_for("Spanish page", lambda: server.get("es/" + PAGE), START_LIMIT)
        assert _title(first).startswith("La estrategia de la base segura - ")
        path = project / "content/exercises/es/secure-base-strategy.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace(
            "title: La estrategia de la base segura", "title: La estrategia del faro", 1),
            encoding="utf-8")
        server.wait_for("new Spanish title", lambda: _title(server.get("es/" + PAGE)).startswith(
            "La estrategia del faro"))
        assert "La estrategia del faro" in (server.get("es/") or "")
        assert 'href="../../es/exercises/secure-base-strategy/"' in (server.get(PAGE) or "")
    finally:
        server.stop()
