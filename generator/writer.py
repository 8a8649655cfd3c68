"""Write: page texts -> files under the docs folder, touching only what changed.

Each file is written to a temporary file beside its target and renamed over it (lektor's
artifacts), so a reader never sees half a page; a file is rewritten only when its text
differs, so MkDocs' dirty rebuilds and the PDF cache see only real changes; files no page
claims any more are removed, so nothing stale is published.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Report:
    """What one write did; `written` and `removed` are paths relative to the folder."""

    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0

    def __add__(self, other: Report) -> Report:
        return Report(self.written + other.written, self.removed + other.removed,
                      self.unchanged + other.unchanged)

    def __str__(self) -> str:
        return (f"{len(self.written)} written, {len(self.removed)} removed, "
                f"{self.unchanged} unchanged")


def safe_relative(path: str) -> str:
    """`path` itself; ValueError for a path that could land outside the output folder, or
    that is not written the one plain way (no empty, `.` or `..` part, no backslash)."""
    if "\\" in path or "\0" in path or any(part in ("", ".", "..") for part in path.split("/")):
        raise ValueError(f"refusing to write outside the output folder: {path!r}")
    return path


def write_tree(folder: Path, files: dict[str, str]) -> Report:
    """Make `folder` hold exactly `files` (relative path -> text): each file whose text
    differs is replaced whole, and files no page claims any more are removed.

    A first build fills a new folder beside `folder` and renames it into place: no file of
    it can be seen half-written, and none needs a temporary file of its own."""
    for rel in files:  # every path checked before any write
        safe_relative(rel)
    if not folder.exists():
        fresh = folder.with_name(folder.name + ".new")
        shutil.rmtree(fresh, ignore_errors=True)  # left by a first build that was stopped
        for parent in sorted({(fresh / rel).parent for rel in files}):
            parent.mkdir(parents=True, exist_ok=True)
        for rel, text in files.items():
            (fresh / rel).write_bytes(text.encode("utf-8"))
        os.replace(fresh, folder)
        return Report(written=sorted(files))
    report = Report()
    for rel in sorted(files):
        if _update(folder / rel, files[rel].encode("utf-8")):
            report.written.append(rel)
        else:
            report.unchanged += 1
    report.removed = remove_stale(folder, files)
    return report


def remove_stale(folder: Path, wanted) -> list[str]:
    """Delete every file under `folder` not in `wanted` (relative paths), and empty folders."""
    keep = {safe_relative(rel) for rel in wanted}
    removed = []
    for path in sorted(folder.rglob("*"), reverse=True):
        rel = path.relative_to(folder).as_posix()
        if path.is_dir():
            if not any(path.iterdir()):
                path.rmdir()
        elif rel not in keep:
            path.unlink()
            removed.append(rel)
    return removed


def _update(target: Path, data: bytes) -> bool:
    """Write `data` to `target` unless it already holds exactly that; True when written."""
    try:
        if target.read_bytes() == data:
            return False
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
        pass
    atomic_write(target, data)
    return True


def atomic_write(target: Path, data: bytes) -> None:
    """Write `data` to a temporary file beside `target`, then rename it into place."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
