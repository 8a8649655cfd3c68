"""Running one command the way a user does and reading what it cost.

Each measured command runs in its own child process, so its figures include the interpreter
and the imports, as a user's do. `os.wait4` gives that child's own resource use: the peak
resident memory (ru_maxrss covers the child and whatever it waited for) and its CPU time.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Run:
    seconds: float
    peak_mb: float
    cpu_seconds: float
    stdout: str
    stderr: str


class CommandFailed(RuntimeError):
    pass


def environment(project: Path) -> dict[str, str]:
    """The project copy's own generator first on the path, then this checkout (for `bench`)."""
    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(project), str(ROOT)]),
            "NO_MKDOCS_2_WARNING": "1"}


def run(project: Path, *args: str) -> Run:
    """`python ARGS` in `project`; raises CommandFailed with its output if it fails."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        child = subprocess.Popen([sys.executable, *args], cwd=project, env=environment(project),
                                 stdout=out, stderr=err, text=True)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        result = Run(seconds, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime,
                     out.read(), err.read())
    if child.returncode != 0:
        raise CommandFailed(f"python {' '.join(args)} failed in {project} "
                            f"(exit {child.returncode}):\n{result.stdout}\n{result.stderr}")
    return result


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file under `folder` with its inode and modification time: a rewrite changes one."""
    found = {}
    for path in folder.rglob("*"):
        if path.is_file():
            info = path.stat()
            found[path.relative_to(folder).as_posix()] = (info.st_ino, info.st_mtime_ns)
    return found


def changed(before: dict, after: dict) -> int:
    """How many files were written, created or removed between two snapshots."""
    return sum(1 for name in before.keys() | after.keys() if before.get(name) != after.get(name))


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
