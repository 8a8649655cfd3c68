"""Remembers what the last successful `build` was made from, so an unchanged build is free.

A no-change run must write nothing and cost a small part of a cold run. Reading and hashing
every input takes milliseconds; validating and rendering them takes seconds. So a build
records a fingerprint of its inputs (content, site_data.yaml and the generator's own code and
templates) and a listing of the files it left in the docs folder; when both still match, the
next build has nothing to do. Anything else (an edited input, a touched or deleted output, a
new generator version) falls through to the full build.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

STATE = Path("build/generator-state.json")
_INPUTS = ("site_data.yaml", "content")
_CODE = Path(__file__).resolve().parent


def fingerprint(root: Path) -> str:
    digest = hashlib.blake2b()
    for base, path in _files(root):
        digest.update(f"{path.relative_to(base).as_posix()}\0".encode())
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"\0unreadable")
        digest.update(b"\0")
    return digest.hexdigest()


def _files(root: Path):
    for name in _INPUTS:
        path = root / name
        if path.is_dir():
            yield from ((root, p) for p in sorted(path.rglob("*")) if not p.is_dir())
        elif path.exists():
            yield root, path
    yield from ((_CODE, p) for p in sorted(_CODE.rglob("*"))
                if p.suffix in (".py", ".j2") and "__pycache__" not in p.parts)


def listing(folder: Path) -> dict[str, list[int]]:
    """Every file under `folder` with its size and modification time."""
    found = {}
    for directory, _, names in os.walk(folder):
        for name in names:
            stat = os.stat(os.path.join(directory, name))
            rel = os.path.relpath(os.path.join(directory, name), folder)
            found[rel.replace(os.sep, "/")] = [stat.st_size, stat.st_mtime_ns]
    return found


def current_outputs(root: Path, docs: Path, print_: str) -> dict[str, list[int]] | None:
    """The docs folder's listing when it is exactly what a build from these inputs left."""
    try:
        saved = json.loads((root / STATE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if saved.get("inputs") != print_:
        return None
    outputs = listing(docs)
    return outputs if saved.get("outputs") == outputs else None


def record(root: Path, docs: Path, print_: str) -> None:
    from .writer import atomic_write

    state = {"inputs": print_, "outputs": listing(docs)}
    atomic_write(root / STATE, json.dumps(state).encode("utf-8"))


def forget(root: Path) -> None:
    (root / STATE).unlink(missing_ok=True)
