"""Read and validate every content file -> one `Site`; every problem found is reported at once.

Everything is gathered and checked before anything is written (MkDocs' two phases):
site_data.yaml first, since it is the validation context of every exercise (its difficulties,
tags and books), then the list of exercise files (the slugs `related` may name), then each
exercise, then the hand-written pages. A content mistake anywhere is one ContentError listing
all of them, with positions.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import reader, writer
from .errors import ContentError, Problem, shown
from .schema import ID_PATTERN, Book, Choice, Exercise, Known, SiteData
from .validate import validate

EXERCISES_DIR = Path("content/exercises")
PAGES_DIR = Path("content/pages")
HOME = Path("content/home.md")
SITE_DATA = Path("site_data.yaml")
MAX_SLUG = 80


@dataclass(frozen=True)
class Entry:
    """One exercise with its slug and the file it came from."""

    slug: str
    source: str
    exercise: Exercise


@dataclass(frozen=True)
class Site:
    """The whole catalogue, valid and cross-checked: what the renderer is given."""

    data: SiteData
    exercises: tuple[Entry, ...]  # sorted by title
    pages: dict[str, str]  # hand-written pages, by path under content/pages
    home: str
    _by_slug: dict[str, Entry] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_slug", {e.slug: e for e in self.exercises})

    def entry(self, slug: str) -> Entry:
        return self._by_slug[slug]

    def book(self, book_id: str) -> Book:
        return next(b for b in self.data.books if b.id == book_id)

    def difficulty(self, difficulty_id: str) -> Choice:
        return next(d for d in self.data.difficulties if d.id == difficulty_id)

    def tag(self, tag_id: str) -> Choice:
        return next(t for t in self.data.tags if t.id == tag_id)


def load(root: Path, remembered: dict | None = None) -> Site:
    """Read, validate and cross-check everything under `root`; raise one ContentError.

    `remembered`, a dict the live preview keeps between saves, holds each exercise file's
    result by its exact bytes, so a save validates again only the file it changed; it starts
    afresh whenever the validation context (site_data.yaml, the list of files) changes.
    """
    problems: list[Problem] = []
    data = _load_site_data(root, problems)
    files = _exercise_files(root, problems)
    slugs = [slug for slug, _ in files if re.match(ID_PATTERN, slug)]
    known = Known.of(data, slugs) if data is not None else None
    if remembered is None:
        remembered = {}
    elif remembered.get("context") != known:
        remembered.clear()
    results: dict[Any, Any] = {"context": known}
    entries = []
    for slug, rel in files:
        raw = _read_bytes(root, rel, problems)
        if raw is None:
            continue
        key = (rel, raw)
        results[key] = remembered.get(key) or _exercise(raw, rel, known, slug)
        exercise, found = results[key]
        problems += found
        if exercise is not None and re.match(ID_PATTERN, slug):
            entries.append(Entry(slug, rel, exercise))
    remembered.clear()
    remembered.update(results)
    pages = _load_pages(root, problems)
    home = _read_text(root, HOME, problems) if (root / HOME).is_file() else ""
    if problems or data is None:
        raise ContentError(problems)
    entries.sort(key=lambda e: (e.exercise.title.casefold(), e.slug))
    return Site(data, tuple(entries), pages, home)


def _exercise(raw: bytes, rel: str, known: Known | None,
              slug: str) -> tuple[Exercise | None, list[Problem]]:
    doc, found = reader.read(raw, rel)
    if found:
        return None, found
    context = None if known is None else dataclasses.replace(known, slug=slug)
    return validate(doc, Exercise, context)


def load_site_data(root: Path) -> SiteData:
    """Only site_data.yaml, validated: for callers that need the site's settings, not content."""
    problems: list[Problem] = []
    data = _load_site_data(root, problems)
    if problems or data is None:
        raise ContentError(problems)
    return data


def slug_key(slug: str) -> str:
    """Slugs that are equal once case and Unicode forms are folded collide on disk and URL."""
    return unicodedata.normalize("NFKC", slug).casefold()


def _load_site_data(root: Path, problems: list[Problem]) -> SiteData | None:
    if not (root / SITE_DATA).is_file():
        problems.append(Problem(SITE_DATA.as_posix(), 1, 1, "(file)", "is missing; the site "
                                "needs its name, books, difficulties and tags there"))
        return None
    raw = _read_bytes(root, SITE_DATA.as_posix(), problems)
    if raw is None:
        return None
    doc, found = reader.read(raw, SITE_DATA.as_posix())
    if found:
        problems += found
        return None
    data, found = validate(doc, SiteData)
    problems += found
    return data


def _read_bytes(root: Path, rel: str, problems: list[Problem]) -> bytes | None:
    """A content file's bytes (never through a symbolic link), or None with the problem."""
    path = root / rel
    if _is_link(path, rel, problems):
        return None
    try:
        return path.read_bytes()
    except OSError as exc:
        problems.append(Problem(rel, 1, 1, "(file)", f"cannot be read: {exc.strerror}"))
        return None


def _is_link(path: Path, rel: str, problems: list[Problem]) -> bool:
    """A symbolic link could publish any file of the machine that builds the site."""
    if path.is_symlink():
        problems.append(Problem(rel, 1, 1, "(file)", "is a symbolic link; content must be "
                                "ordinary files inside the repository"))
        return True
    return False


def _exercise_files(root: Path, problems: list[Problem]) -> list[tuple[str, str]]:
    """The exercise files to read, as (slug, path relative to the project), by name."""
    folder = root / EXERCISES_DIR
    if not folder.is_dir():
        problems.append(Problem(EXERCISES_DIR.as_posix(), 1, 1, "(folder)", "is missing"))
        return []
    files: list[tuple[str, str]] = []
    seen: dict[str, str] = {}
    for path in sorted(folder.iterdir()):
        rel = path.relative_to(root).as_posix()
        if path.name.startswith(".") or path.is_dir():
            continue
        if path.suffix != ".yaml" or not path.stem:
            problems.append(Problem(rel, 1, 1, "(file)", "exercise files must end in `.yaml`; "
                                    f"rename it to {shown(path.stem + '.yaml')} or move it "
                                    "elsewhere"))
            continue
        slug = path.stem
        if not re.match(ID_PATTERN, slug) or len(slug) > MAX_SLUG:
            problems.append(Problem(rel, 1, 1, "(file name)", f"{shown(path.name)} is not a "
                                    "valid name; use lower-case words joined by '-', like "
                                    "`secure-base-strategy.yaml`"))
        key = slug_key(slug)
        if key in seen:
            problems.append(Problem(rel, 1, 1, "(file name)", f"collides with "
                                    f"{shown(seen[key], 80)}: both would be the same page; "
                                    "rename one"))
            continue
        seen[key] = rel
        files.append((slug, rel))
    return files


def _load_pages(root: Path, problems: list[Problem]) -> dict[str, str]:
    """Hand-written Markdown pages, passed through as they are (they are never templates)."""
    pages: dict[str, str] = {}
    folder = root / PAGES_DIR
    if not folder.is_dir():
        return pages
    for path in sorted(folder.rglob("*.md")):
        rel = path.relative_to(folder).as_posix()
        if _is_link(path, path.relative_to(root).as_posix(), problems):
            continue
        try:
            writer.safe_relative(rel)
        except ValueError:
            problems.append(Problem(path.relative_to(root).as_posix(), 1, 1, "(file name)",
                                    "this name cannot be published; rename the file"))
            continue
        pages[rel] = _read_text(root, path.relative_to(root), problems)
    return pages


def _read_text(root: Path, rel: Path, problems: list[Problem]) -> str:
    try:
        return (root / rel).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(Problem(rel.as_posix(), 1, 1, "(file)",
                                f"cannot be read as UTF-8 text: {exc}"))
        return ""
