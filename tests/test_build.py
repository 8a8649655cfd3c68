"""The pipeline as a user runs it: one build at a time, and what a long build says."""

from __future__ import annotations

import fcntl
import io
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from generator import build
from generator.progress import Progress
from tests.conftest import PDF_CACHE, run_generator


def _start(project: Path, *args: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(project)}
    return subprocess.Popen([sys.executable, *args], cwd=project, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def test_a_second_build_waits_for_the_first_and_says_so(project: Path):
    lock = project / build.LOCK
    lock.parent.mkdir(parents=True, exist_ok=True)
    with open(lock, "a+") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        held.write("process 4242")
        held.flush()
        second = _start(project, "-m", "generator", "build")
        assert second.stderr is not None
        waiting = second.stderr.readline()  # once it has met the lock, however slow the host
        assert waiting == ("Another build is running in this project (process 4242); waiting "
                           "for it to finish...\n")
        time.sleep(1)
        assert second.poll() is None  # still waiting
        assert not (project / build.DOCS).exists()  # and it has written nothing
        fcntl.flock(held, fcntl.LOCK_UN)
    out, err = second.communicate(timeout=120)
    assert second.returncode == 0, err
    assert err == ""
    assert out.startswith("Markdown in build/docs: 13 written")


def test_a_killed_build_leaves_no_lock_behind(project: Path):
    holder = _start(project, "-c", "from pathlib import Path; from generator import build\n"
                    "with build.lock(Path.cwd()):\n    print('held', flush=True)\n"
                    "    import time; time.sleep(600)")
    assert holder.stdout is not None
    assert holder.stdout.readline() == "held\n"
    holder.send_signal(signal.SIGKILL)
    holder.wait(timeout=30)
    result = run_generator(project, "build")
    assert result.returncode == 0 and result.stderr == "", result.stderr


def test_site_says_each_stage_as_it_starts_and_counts_the_pdfs(project: Path):
    shutil.rmtree(project / PDF_CACHE)  # a first build: every PDF to make
    result = run_generator(project, "site", check=True)
    lines = result.stdout.splitlines()
    assert re.fullmatch(r"PDFs: 1 of 2 \(50%\), about \d+ s left", lines[6])
    assert re.fullmatch(r"2 exercises checked; Markdown: 13 written, 0 removed, 0 unchanged; "
                        r"search: Pagefind read \d+ pages in \d+\.\d s; PDFs: 2 rendered, "
                        r"0 unchanged; site/ built", lines[-1])
    assert lines[:6] + lines[7:-1] == [
        "Reading and checking the content...",
        "Writing the Markdown of 2 exercises...",
        "MkDocs: building the site (strict)...",
        "Search: indexing the pages with Pagefind...",
        "Editor: installing the browser editor at /admin/...",
        "PDFs: 2 to make, 0 unchanged...",
        "PDFs: 2 of 2 (100%)",
        "Swapping the new site into site/...",
    ]
    assert result.stderr == ""


def test_a_terminal_gets_a_progress_bar_with_a_count_and_an_estimate():
    out = io.StringIO()
    progress = Progress(out, terminal=True)
    with progress.count(4, "PDFs") as counter:
        for _ in range(4):
            counter.advance()
    shown = out.getvalue()
    assert "PDFs: 100%" in shown and "4/4" in shown and "\r" in shown


def test_a_log_gets_a_few_plain_lines():
    out = io.StringIO()
    with Progress(out, terminal=False).count(1000, "PDFs") as counter:
        for _ in range(1000):
            counter.advance()
    lines = out.getvalue().splitlines()
    assert [line.split(" (")[0] for line in lines] == [
        "PDFs: 250 of 1000", "PDFs: 500 of 1000", "PDFs: 750 of 1000", "PDFs: 1000 of 1000"]
    assert "\r" not in out.getvalue()
