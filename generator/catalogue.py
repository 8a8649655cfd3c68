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

from . import i18n, reader, writer
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
    """The whole catalogue in one language, valid and cross-checked: what the renderer is
    given. The main language's Site holds one more per language listed in site_data.yaml's
    `translations`, each published under its own folder (`es/`)."""

    data: SiteData  # with the texts of this language
    exercises: tuple[Entry, ...]  # sorted by title
    pages: dict[str, str]  # hand-written pages, by path under `pages_dir`
    home: str
    folder: str = ""  # where its pages are published: "" for the main language, "es/"
    pages_dir: Path = PAGES_DIR  # where its hand-written pages are: content/pages(/<language>)
    translations: tuple[Site, ...] = ()
    _by_slug: dict[str, Entry] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_slug", {e.slug: e for e in self.exercises})

    @property
    def language(self) -> str:
        return self.data.language

    @property
    def every_language(self) -> tuple[Site, ...]:
        """This site and its translations, the main language first."""
        return (self, *self.translations)

    @property
    def folders(self) -> tuple[str, ...]:
        """Where each language's pages are in the built site: `("", "es/")`."""
        return tuple(each.folder for each in self.every_language)

    def counted(self) -> str:
        """`5 exercises in 2 languages`, or `2 exercises` for a site in one language."""
        count = sum(len(each.exercises) for each in self.every_language)
        languages = f" in {len(self.every_language)} languages" if self.translations else ""
        return f"{count} exercises{languages}"

    def has(self, slug: str) -> bool:
        return slug in self._by_slug

    def entry(self, slug: str) -> Entry:
        return self._by_slug[slug]

    def book(self, book_id: str) -> Book:
        return next(b for b in self.data.books if b.id == book_id)

    def choice(self, group: str, choice_id: str) -> Choice:
        """An item of one of site_data.yaml's lists of choices (schema.CHOICES)."""
        return next(c for c in getattr(self.data, group) if c.id == choice_id)

    def difficulty(self, difficulty_id: str) -> Choice:
        return self.choice("difficulties", difficulty_id)

    def tag(self, tag_id: str) -> Choice:
        return self.choice("tags", tag_id)


def load(root: Path, remembered: dict | None = None) -> Site:
    """Read, validate and cross-check everything under `root`; raise one ContentError.

    `remembered`, a dict the live preview keeps between saves, holds each exercise file's
    result by its exact bytes, so a save validates again only the file it changed; it starts
    afresh whenever the validation context (site_data.yaml, the list of files) changes.
    """
    problems: list[Problem] = []
    data = _load_site_data(root, problems)
    # Without a valid site_data.yaml the main language's files are still read, to report
    # every mistake at once; the other languages are not known.
    languages = data.languages if data is not None else (i18n.DEFAULT,)
    files = {language: _exercise_files(root, in_language(EXERCISES_DIR, languages[0], language),
                                       data.languages if data else (), problems)
             for language in languages}
    contexts = _contexts(data, files) if data is not None else {}
    entries = _exercises(root, files, contexts, remembered, problems)
    if data is None:
        _load_pages(root, PAGES_DIR, (), problems)  # their mistakes are reported too
        raise ContentError(problems)
    main, *others = [_site(root, data, language, entries[language], problems)
                     for language in languages]
    if problems:
        raise ContentError(problems)
    return dataclasses.replace(main, translations=tuple(others))


def in_language(folder: Path, main: str, language: str) -> Path:
    """Where a language's files of a kind are: the folder itself for the main language, the
    subfolder named after the language for the others (content/exercises/es)."""
    return folder if language == main else folder / language


def _contexts(data: SiteData, files: dict[str, list[tuple[str, str]]]) -> dict[str, Known]:
    """Each language's validation context: its site data, and the exercises `related` may
    name (its own and the main language's)."""
    def slugs(found: list[tuple[str, str]]) -> set[str]:
        return {slug for slug, _ in found if re.match(ID_PATTERN, slug)}

    main = slugs(files[data.language])
    return {language: Known.of(data.in_language(language), sorted(slugs(found) | main))
            for language, found in files.items()}


def _exercises(root: Path, files: dict[str, list[tuple[str, str]]], contexts: dict[str, Known],
               remembered: dict | None, problems: list[Problem]) -> dict[str, list[Entry]]:
    """Every valid exercise of each language, validated anew only where its bytes or the
    context changed since `remembered`."""
    if remembered is None:
        remembered = {}
    elif remembered.get("context") != contexts:
        remembered.clear()
    results: dict[Any, Any] = {"context": contexts}
    entries: dict[str, list[Entry]] = {language: [] for language in files}
    for language, found in files.items():
        for slug, rel in found:
            raw = _read_bytes(root, rel, problems)
            if raw is None:
                continue
            key = (rel, raw)
            results[key] = remembered.get(key) or _exercise(raw, rel, contexts.get(language),
                                                            slug)
            exercise, mistakes = results[key]
            problems += mistakes
            if exercise is not None and re.match(ID_PATTERN, slug):
                entries[language].append(Entry(slug, rel, exercise))
    remembered.clear()
    remembered.update(results)
    return entries


def _site(root: Path, data: SiteData, language: str, entries: list[Entry],
          problems: list[Problem]) -> Site:
    """One language's Site: its exercises by title, its pages and home text."""
    pages_dir = in_language(PAGES_DIR, data.language, language)
    pages = _load_pages(root, pages_dir, data.languages, problems)
    home_file = in_language(HOME.parent, data.language, language) / HOME.name
    home = _read_text(root, home_file, problems) if (root / home_file).is_file() else ""
    entries.sort(key=lambda e: (e.exercise.title.casefold(), e.slug))
    folder = "" if language == data.language else f"{language}/"
    return Site(data.in_language(language), tuple(entries), pages, home, folder, pages_dir)


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


def _exercise_files(root: Path, where: Path, languages: tuple[str, ...],
                    problems: list[Problem]) -> list[tuple[str, str]]:
    """The exercise files to read in `where`, as (slug, path relative to the project), by
    name. The main language's folder holds the other languages' folders; they are read on
    their own."""
    folder = root / where
    if not folder.is_dir():
        if where == EXERCISES_DIR:
            problems.append(Problem(EXERCISES_DIR.as_posix(), 1, 1, "(folder)", "is missing"))
        return []
    files: list[tuple[str, str]] = []
    seen: dict[str, str] = {}
    for path in sorted(folder.iterdir()):
        rel = path.relative_to(root).as_posix()
        if path.name.startswith("."):
            continue
        if path.is_dir():
            if where == EXERCISES_DIR and languages and path.name not in languages \
                    and path.name in i18n.languages():
                problems.append(Problem(rel, 1, 1, "(folder)", f"holds exercises in "
                                        f"`{path.name}`, which is not one of the site's "
                                        f"languages; add `{path.name}` under `translations` in "
                                        "site_data.yaml to publish them"))
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


def _load_pages(root: Path, where: Path, languages: tuple[str, ...],
                problems: list[Problem]) -> dict[str, str]:
    """Hand-written Markdown pages, passed through as they are (they are never templates).
    The main language's folder holds the other languages' folders, read on their own."""
    pages: dict[str, str] = {}
    folder = root / where
    if not folder.is_dir():
        return pages
    for path in sorted(folder.rglob("*.md")):
        rel = path.relative_to(folder).as_posix()
        if where == PAGES_DIR and rel.split("/")[0] in languages[1:]:
            continue
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
