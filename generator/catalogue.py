"""Stage 3: every file read and validated -> one `Site`, with cross-references checked.

Everything is gathered and checked before anything is written (MkDocs' two phases): a
`related` slug that does not exist, an unknown tag, an insight beyond its book, two files
whose slugs collide - all are problems reported together, with positions.
"""

from __future__ import annotations

import difflib
import errno
import hashlib
import os
import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import NamedTuple

from . import reader, state, writer
from .errors import ContentError, Problem, shown
from .schema import ID_PATTERN, Exercise, SiteData
from .validate import validate

EXERCISES_DIR = Path("content/exercises")
PAGES_DIR = Path("content/pages")
HOME = Path("content/home.md")
SITE_DATA = Path("site_data.yaml")
MAX_SLUG = 80
LISTED = 12  # valid ids named in an error; more would bury the line


@dataclass(frozen=True)
class Entry:
    """One exercise with its slug and the file it came from."""

    slug: str
    source: str
    exercise: Exercise | Outline


@dataclass(frozen=True)
class Outline:
    """What the index pages and other exercises' pages use of an exercise: all a parallel
    build sends between processes (fanout), instead of the whole model."""

    title: str
    description: str
    difficulty: str
    tags: list[str]
    recommended: bool
    source: Cited | None
    related: list[str]

    @classmethod
    def of(cls, exercise: Exercise) -> Outline:
        source = exercise.source
        return cls(exercise.title, exercise.description, exercise.difficulty, exercise.tags,
                   exercise.recommended,
                   None if source is None else Cited(source.book, source.insight),
                   exercise.related)


class Cited(NamedTuple):
    """An outline's `source`: what a Source says, in a form that crosses a process boundary
    at half the cost of a pydantic model, and is read back at a fifth (1000 of them: 1.3 + 0.4 ms
    against 2.4 + 2.4 ms)."""

    book: str
    insight: int | None


@dataclass(frozen=True)
class Site:
    """The whole catalogue, valid and cross-checked: what the renderer is given. Its
    exercises are whole models, or outlines in a parallel build (whose processes each
    render their own exercises' pages from the whole models)."""

    data: SiteData
    exercises: tuple[Entry, ...]
    pages: dict[str, str]
    home: str

    def entry(self, slug: str) -> Entry:
        return self._by_slug[slug]

    @cached_property
    def _by_slug(self) -> dict[str, Entry]:
        return {e.slug: e for e in self.exercises}

    def book(self, book_id: str):
        return next(b for b in self.data.books if b.id == book_id)

    def difficulty(self, difficulty_id: str):
        return next(d for d in self.data.difficulties if d.id == difficulty_id)

    def tag(self, tag_id: str):
        return next(t for t in self.data.tags if t.id == tag_id)


class Loaded(NamedTuple):
    """One exercise file read, validated and cross-checked."""

    key: tuple | None  # its place in the memo, when there is one
    slug: str
    source: str  # its path relative to the project
    exercise: Exercise | Outline | None  # None when it has problems
    problems: list[Problem]

    def outlined(self) -> Loaded:
        return self if self.exercise is None else self._replace(
            exercise=Outline.of(self.exercise))


@dataclass(frozen=True)
class Plan:
    """What is known before any exercise is read: enough to check each file alone."""

    site_data: SiteData | None
    files: list[tuple[str, str]]  # (slug, path relative to the project) of each exercise file
    named: set[str]  # every well-named slug, for `related` links
    problems: list[Problem]  # found so far, in site_data.yaml and the file names
    contents: dict[str, bytes]  # files already read (by state.fingerprint), by relative path


def load(root: Path, memo: dict | None = None) -> Site:
    """Read, validate and cross-check everything under `root`; raise one ContentError.

    `memo` (a dict the caller keeps between calls, as the live preview does) remembers each
    exercise file's parse and validation by its exact bytes, so an unchanged file is not
    validated again; the cross-checks always run.
    """
    plan = plan_for(root, memo)
    exercise_memo = None if memo is None else memo.setdefault("exercises", {})
    loaded = read_exercises(root, plan, plan.files, exercise_memo)
    if exercise_memo is not None:
        for key in set(exercise_memo) - {result.key for result in loaded}:
            del exercise_memo[key]  # files since edited or removed
    return assemble(root, plan, loaded)


def plan_for(root: Path, memo: dict | None = None,
             contents: dict[str, bytes] | None = None) -> Plan:
    """`contents`: files the caller has read already, by path relative to `root`."""
    problems: list[Problem] = []
    site_data = _remembered_site_data(root, problems, memo)
    files, named = _exercise_files(root, problems)
    return Plan(site_data, files, named, problems, contents or {})


def read_exercises(root: Path, plan: Plan, files: list[tuple[str, str]],
                   memo: dict | None = None) -> list[Loaded]:
    """`files` (some of `plan.files`) read, validated and cross-checked, in order."""
    base = os.fspath(root)
    return [_load_exercise(base, slug, rel, plan, memo) for slug, rel in files]


def assemble(root: Path, plan: Plan, loaded: list[Loaded]) -> Site:
    """The Site, once the hand-written pages are read too; one ContentError with every
    problem found (in the plan, the exercises and the pages) if there is any."""
    problems = plan.problems + [problem for result in loaded for problem in result.problems]
    pages = _load_pages(root, problems)
    home = _read_text(root, HOME, problems) if (root / HOME).is_file() else ""
    if problems:
        raise ContentError(problems)
    entries = sorted((Entry(r.slug, r.source, r.exercise) for r in loaded
                      if r.exercise is not None),
                     key=lambda e: (e.exercise.title.casefold(), e.slug))
    return Site(plan.site_data, tuple(entries), pages, home)


def _read(root: Path, path: Path, problems: list[Problem]) -> reader.Document | None:
    rel = path.relative_to(root).as_posix()
    raw = _bytes(os.fspath(root), rel, problems)
    if raw is None:
        return None
    doc, found = reader.read(raw, rel)
    problems += found
    return None if found else doc


def _bytes(base: str, rel: str, problems: list[Problem],
           known: dict[str, bytes] | None = None) -> bytes | None:
    """The bytes of the file `rel` under `base` (from `known` when it is there), or None
    with the reason in `problems`."""
    if known and rel in known:
        return known[rel]
    path = os.path.join(base, rel)
    if not state.NO_FOLLOW and _is_link(Path(path), rel, problems):
        return None
    try:
        return state.read_file(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP and os.path.islink(path):
            _is_link(Path(path), rel, problems)
        else:
            problems.append(Problem(rel, 1, 1, "(file)", f"cannot be read: {exc.strerror}"))
        return None


def _parse_exercise(rel: str, raw: bytes, memo: dict | None):
    """(document or None, Exercise or None, problems) for one file's bytes, remembered by
    them in `memo` when there is one (the key is None when there is not)."""
    key = None if memo is None else (rel, hashlib.blake2b(raw, digest_size=16).digest())
    if memo is not None and key in memo:
        return key, memo[key]
    doc, found = reader.read(raw, rel)
    if found:
        result = (None, None, found)
    else:
        exercise, found = validate(doc, Exercise)
        result = (doc, exercise, found)
    if memo is not None:
        memo[key] = result
    return key, result


def _is_link(path: Path, rel: str, problems: list[Problem]) -> bool:
    """A symbolic link could publish any file of the machine that builds the site."""
    if path.is_symlink():
        problems.append(Problem(rel, 1, 1, "(file)", "is a symbolic link; content must be "
                                "ordinary files inside the repository"))
        return True
    return False


def load_site_data(root: Path) -> SiteData:
    """Only site_data.yaml, validated: for callers that need the site's settings, not content."""
    problems: list[Problem] = []
    data = _load_site_data(root, problems)
    if problems or data is None:
        raise ContentError(problems)
    return data


def _remembered_site_data(root: Path, problems: list[Problem], memo: dict | None):
    """site_data.yaml through `memo`: the same bytes give the same SiteData object, which lets
    the renderer reuse pages that depend on nothing else that changed."""
    if memo is None:
        return _load_site_data(root, problems)
    try:
        key = (root / SITE_DATA).read_bytes()
    except OSError:
        return _load_site_data(root, problems)
    if memo.get("site_data", (None,))[0] != key:
        found: list[Problem] = []
        memo["site_data"] = (key, _load_site_data(root, found), found)
    _, data, found = memo["site_data"]
    problems += found
    return data


def _load_site_data(root: Path, problems: list[Problem]) -> SiteData | None:
    path = root / SITE_DATA
    if not path.is_file():
        problems.append(Problem(SITE_DATA.as_posix(), 1, 1, "(file)", "is missing; the site "
                                "needs its name, books, difficulties and tags there"))
        return None
    doc = _read(root, path, problems)
    if doc is None:
        return None
    data, found = validate(doc, SiteData)
    problems += found
    if data is None:
        return None
    for group in ("books", "difficulties", "tags"):
        seen: dict[str, int] = {}
        for index, item in enumerate(getattr(data, group)):
            if item.id in seen:
                line, col = doc.where((group, index, "id"))
                problems.append(Problem(doc.path, line, col, f"{group}[{index + 1}].id",
                                        f"`{item.id}` is used twice; ids must be unique"))
            seen[item.id] = index
    return None if any(p.path == doc.path for p in problems) else data


def slug_key(slug: str) -> str:
    """Slugs that are equal once case and Unicode forms are folded collide on disk and URL."""
    return unicodedata.normalize("NFKC", slug).casefold()


def _exercise_files(root: Path, problems: list[Problem]):
    """The exercise files to read, as (slug, path relative to the project), and every
    well-named slug: a `related` link to a file that has mistakes of its own is not a second
    mistake."""
    folder = root / EXERCISES_DIR
    files: list[tuple[str, str]] = []
    named: set[str] = set()
    try:
        listed = sorted((entry.name, entry.is_dir()) for entry in os.scandir(folder))
    except (FileNotFoundError, NotADirectoryError):
        problems.append(Problem(EXERCISES_DIR.as_posix(), 1, 1, "(folder)", "is missing"))
        return files, named
    except OSError as exc:
        problems.append(Problem(EXERCISES_DIR.as_posix(), 1, 1, "(folder)",
                                f"cannot be read: {exc.strerror}"))
        return files, named
    seen: dict[str, str] = {}
    prefix = EXERCISES_DIR.as_posix() + "/"
    for name, is_dir in listed:
        rel = prefix + name
        if name.startswith(".") or is_dir:
            continue
        stem, dot, suffix = name.rpartition(".")
        if not dot or not stem or suffix != "yaml":
            stem = stem if dot and stem else name  # as pathlib's stem: '.yaml' alone has none
            problems.append(Problem(rel, 1, 1, "(file)", "exercise files must end in `.yaml`; "
                                    f"rename it to {shown(stem + '.yaml')} or move it elsewhere"))
            continue
        slug = stem
        if not re.match(ID_PATTERN, slug) or len(slug) > MAX_SLUG:
            problems.append(Problem(rel, 1, 1, "(file name)", f"{shown(name)} is not a "
                                    "valid name; use lower-case words joined by '-', like "
                                    "`secure-base-strategy.yaml`"))
        key = slug_key(slug)
        if key in seen:
            problems.append(Problem(rel, 1, 1, "(file name)", f"collides with {shown(seen[key], 80)}: "
                                    "both would be the same page; rename one"))
            continue
        seen[key] = rel
        if re.match(ID_PATTERN, slug):
            named.add(slug)
        files.append((slug, rel))
    return files, named


def _load_exercise(base: str, slug: str, rel: str, plan: Plan, memo: dict | None) -> Loaded:
    """One exercise file read, validated and cross-checked. Needs nothing from any other
    file's text."""
    problems: list[Problem] = []
    raw = _bytes(base, rel, problems, plan.contents)
    if raw is None:
        return Loaded(None, slug, rel, None, problems)
    key, (doc, exercise, found) = _parse_exercise(rel, raw, memo)
    problems += found
    if doc is not None and plan.site_data is not None:
        problems += _cross_check(plan.site_data, doc, plan.named, slug)
    if not re.match(ID_PATTERN, slug):
        exercise = None
    return Loaded(key, slug, rel, exercise, problems)


def _unknown(doc: reader.Document, loc: tuple, what: str, value: str, valid: list[str]):
    line, col = doc.where(loc)
    close = difflib.get_close_matches(value, valid, n=1, cutoff=0.6)
    hint = f"did you mean `{close[0]}`? " if close else ""
    listed = ", ".join(valid[:LISTED]) or "none yet"
    if len(valid) > LISTED:
        listed += f" and {len(valid) - LISTED} more"
    return Problem(doc.path, line, col, reader.field_name(loc),
                   f"unknown {what} {shown(value)}; {hint}choose one of: {listed}")


def _cross_check(data: SiteData, doc: reader.Document, slugs: set[str],
                 own: str) -> list[Problem]:
    """Ids checked against site_data.yaml and the other files.

    It reads the document as typed, so a file with a schema mistake gets these errors in the
    same run (one round of fixes, not two); values the schema refuses anyway (not an id, a
    wrong shape) are left to the schema's message.
    """
    raw = doc.data if isinstance(doc.data, dict) else {}
    found = []
    difficulties = [d.id for d in data.difficulties]
    difficulty = raw.get("difficulty")
    if _is_id(difficulty) and difficulty not in difficulties:
        found.append(_unknown(doc, ("difficulty",), "difficulty", difficulty, difficulties))
    tags = [t.id for t in data.tags]
    for index, tag in _ids(raw.get("tags")):
        if tag not in tags:
            found.append(_unknown(doc, ("tags", index), "tag", tag, tags))
    source = raw.get("source")
    if isinstance(source, dict) and _is_id(source.get("book")):
        books = {b.id: b for b in data.books}
        book = books.get(source["book"])
        insight = source.get("insight")
        if book is None:
            found.append(_unknown(doc, ("source", "book"), "book", source["book"], list(books)))
        elif isinstance(insight, str) and re.fullmatch(r"\+?[0-9]{1,3}", insight) \
                and book.insights < int(insight):
            line, col = doc.where(("source", "insight"))
            found.append(Problem(doc.path, line, col, "source.insight",
                                 f"is {int(insight)}, but `{book.id}` has {book.insights} "
                                 f"insights; use 1 to {book.insights}"))
    for index, slug in _ids(raw.get("related")):
        loc = ("related", index)
        if slug == own:
            line, col = doc.where(loc)
            found.append(Problem(doc.path, line, col, reader.field_name(loc),
                                 "an exercise cannot be related to itself"))
        elif slug not in slugs:
            found.append(_unknown(doc, loc, "exercise", slug, sorted(slugs)))
    for group in ("tags", "related"):
        seen: set[str] = set()
        for index, value in _ids(raw.get(group)):
            if value in seen:
                line, col = doc.where((group, index))
                found.append(Problem(doc.path, line, col, reader.field_name((group, index)),
                                     f"`{value}` is listed twice; remove one"))
            seen.add(value)
    return found


def _is_id(value: object) -> bool:
    return isinstance(value, str) and len(value) <= 60 and re.match(ID_PATTERN, value) is not None


def _ids(values: object) -> list[tuple[int, str]]:
    """The items of a list that are ids, with their places in it."""
    if not isinstance(values, list):
        return []
    return [(index, value) for index, value in enumerate(values) if _is_id(value)]


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
