"""Stage 5: page texts -> files under the docs folder, touching only what changed.

Each file is written to a temporary file beside its target and renamed over it (lektor's
artifacts), so a reader never sees half a page; a file is rewritten only when its text
differs, so MkDocs' dirty rebuilds and the PDF cache see only real changes; files no page
claims any more are removed, so nothing stale is published.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Report:
    """What one write did; `written` and `removed` are paths relative to the folder."""

    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    # Into a fresh folder: each file written, with its size and modification time (as
    # state.listing gives them), so the build need not list the folder again afterwards.
    listing: dict[str, list[int]] = field(default_factory=dict)

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
    """Make `folder` hold exactly `files` (relative path -> text)."""
    report = write_files(folder, files)
    report.removed = remove_stale(folder, files)
    return report


def write_files(folder: Path, files: dict[str, str], fresh: bool = False) -> Report:
    """Write each of `files` whose text differs from what is on disk; remove nothing.

    `fresh` says `folder` is a new folder no one reads yet (it is renamed into place when
    complete), so each file is simply created: nothing to compare, nothing to replace.
    """
    for rel in files:  # every path checked before any write
        safe_relative(rel)
    folder.mkdir(parents=True, exist_ok=True)
    for parent in {rel.rpartition("/")[0] for rel in files} - {""}:
        (folder / parent).mkdir(parents=True, exist_ok=True)
    write = _create if fresh else _update
    report = Report()
    for rel in sorted(files):
        path = os.path.join(folder, rel)
        if write(path, files[rel].encode("utf-8")):
            report.written.append(rel)
            if fresh:
                info = os.stat(path)
                report.listing[rel] = [info.st_size, info.st_mtime_ns]
        else:
            report.unchanged += 1
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


def _create(target: str, data: bytes) -> bool:
    """Create `target` (which must not exist) holding `data`."""
    with open(target, "xb") as out:
        out.write(data)
    return True


def _update(target: str, data: bytes) -> bool:
    """Write `data` to `target` unless it already holds exactly that; True when written."""
    try:
        with open(target, "rb") as existing:
            if existing.read() == data:
                return False
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
        pass
    atomic_write(Path(target), data)
    return True


def atomic_write(target: Path, data: bytes) -> None:
    """Write `data` to a temporary file beside `target`, then rename it into place."""
    import tempfile  # here, not at the top: a build with nothing to write never needs it

    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
