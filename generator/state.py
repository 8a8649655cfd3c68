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
    for rel, path in _files(os.fspath(root)):
        digest.update(f"{rel}\0".encode())
        try:
            with open(path, "rb") as file:
                digest.update(file.read())
        except OSError:
            digest.update(b"\0unreadable")
        digest.update(b"\0")
    return digest.hexdigest()


def _files(root: str):
    """(name relative to its base, path) of every input, in a fixed order. Strings and
    os.walk rather than pathlib: at a thousand exercises this runs before any build, and
    pathlib's objects were most of its cost."""
    for name in _INPUTS:
        path = os.path.join(root, name)
        if os.path.isdir(path):
            yield from _tree(root, name)
        elif os.path.exists(path):
            yield name, path
    yield from ((rel, path) for rel, path in _tree(os.fspath(_CODE), "")
                if rel.endswith((".py", ".j2")) and "__pycache__" not in rel.split("/"))


def _tree(base: str, name: str):
    """Every file under base/name (symbolic links to folders not followed), sorted."""
    cut = len(base) + 1
    for directory, folders, files in os.walk(os.path.join(base, name)):
        folders.sort()
        rel = directory[cut:].replace(os.sep, "/")
        for file in sorted(files):
            yield (f"{rel}/{file}" if rel else file), os.path.join(directory, file)


def listing(folder: Path) -> dict[str, list[int]]:
    """Every file under `folder` with its size and modification time."""
    found = {}
    for rel, path in _tree(os.fspath(folder), ""):
        stat = os.stat(path)
        found[rel] = [stat.st_size, stat.st_mtime_ns]
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
