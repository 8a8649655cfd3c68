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
from typing import NamedTuple

STATE = Path("build/generator-state.json")
_INPUTS = ("site_data.yaml", "content")
_CODE = Path(__file__).resolve().parent
_CODE_PREFIX = "(generator)/"  # its own files: no content file has a name like this
# Opening a symbolic link fails (ELOOP) instead of reading what it points to: one system call
# both reads a file and refuses a link. Where the flag is missing (Windows), it is 0, and the
# catalogue checks each file for a link itself.
NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0)


class Inputs(NamedTuple):
    """The fingerprint of a build's inputs, and the bytes of the content files it read (a
    cold build reads its exercise files from here instead of from the disk again)."""

    digest: str
    contents: dict[str, bytes]


def fingerprint(root: Path) -> Inputs:
    digest = hashlib.blake2b()
    contents = {}
    for rel, path in _files(os.fspath(root)):
        digest.update(f"{rel}\0".encode())
        try:
            data = read_file(path)
        except OSError:
            digest.update(b"\0unreadable")
        else:
            digest.update(data)
            if NO_FOLLOW and not rel.startswith(_CODE_PREFIX):
                contents[rel] = data
        digest.update(b"\0")
    return Inputs(digest.hexdigest(), contents)


def read_file(path: str) -> bytes:
    """The bytes of the file at `path`; OSError if it cannot be read, or (ELOOP) if it is a
    symbolic link where NO_FOLLOW is known: content must be ordinary files."""
    handle = os.open(path, os.O_RDONLY | NO_FOLLOW)
    with open(handle, "rb") as file:
        return file.read()


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
    yield from ((_CODE_PREFIX + rel, path) for rel, path in _tree(os.fspath(_CODE), "")
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


def current_outputs(root: Path, docs: Path, print_: Inputs) -> dict[str, list[int]] | None:
    """The docs folder's listing when it is exactly what a build from these inputs left."""
    try:
        saved = json.loads((root / STATE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if saved.get("inputs") != print_.digest:
        return None
    outputs = listing(docs)
    return outputs if saved.get("outputs") == outputs else None


def record(root: Path, docs: Path, print_: Inputs,
           outputs: dict[str, list[int]] | None = None) -> None:
    """Remember this build; `outputs`, when given, is the docs folder's listing already (a
    first build knows every file it wrote)."""
    from .writer import atomic_write

    state = {"inputs": print_.digest, "outputs": listing(docs) if outputs is None else outputs}
    atomic_write(root / STATE, json.dumps(state).encode("utf-8"))


def forget(root: Path) -> None:
    (root / STATE).unlink(missing_ok=True)
