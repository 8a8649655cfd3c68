"""How long live preview takes to show a saved edit to one exercise.

`python -m generator serve` runs as a user starts it; after its first build, one exercise's
title is changed on disk and its page is fetched every 20 ms until the server sends the new
title. That span is save -> regenerate -> MkDocs rebuild -> served, what a reader waits for
(the browser's reload request itself adds a few milliseconds).
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

from . import measure

START_TIMEOUT = 600.0
EDIT_TIMEOUT = 60.0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return ""


def _wait_for(url: str, text: str, timeout: float) -> float:
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if text in _fetch(url):
            return time.perf_counter() - start
        time.sleep(0.02)
    raise TimeoutError(f"{url} did not show {text!r} within {timeout:.0f} s")


def edit_latencies(project: Path, slugs: list[str], edits: int,
                   language: str = "") -> list[float]:
    """Seconds from saving an edited exercise to its page being served, once per edit;
    `language`: edit that translation's files (`es`), not the main language's."""
    port = _free_port()
    with open(project / "bench-serve.log", "w") as log:
        return _timed_edits(project, slugs, edits, port, log, language)


def _timed_edits(project: Path, slugs: list[str], edits: int, port: int, log,
                 language: str) -> list[float]:
    server = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--port", str(port)],
                              cwd=project, env=measure.environment(project), stdout=log,
                              stderr=subprocess.STDOUT, start_new_session=True)
    try:
        base = f"http://127.0.0.1:{port}/" + (f"{language}/" if language else "")
        _wait_for(base + f"exercises/{slugs[0]}/", "</html>", START_TIMEOUT)
        time.sleep(1.0)  # let the watcher settle after the first build
        latencies = []
        for number in range(edits):
            slug = slugs[(number * 7) % len(slugs)]
            path = project / "content" / "exercises" / language / f"{slug}.yaml"
            marker = f"Edited {number} {time.time_ns()}"
            text = path.read_text(encoding="utf-8")
            lines = text.split("\n", 1)
            path.write_text(f"title: '{marker}'\n{lines[1]}", encoding="utf-8")
            start = time.perf_counter()
            _wait_for(base + f"exercises/{slug}/", marker, EDIT_TIMEOUT)
            latencies.append(time.perf_counter() - start)
            time.sleep(0.5)
        return latencies
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
