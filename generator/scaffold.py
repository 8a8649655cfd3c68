"""`python -m generator new "Title"`: a new exercise file that already builds.

The file is written in the layout the browser editor saves (generator/layout.py), so that
opening it in the editor and saving it changes nothing: the required keys with placeholders
that pass `check` (so the page appears in `make serve` at once), and nothing else. What each
key is for, and its example, is where every editor shows it: in the JSON Schema that code
editors read for these files (mapped in .vscode/settings.json) and in the browser editor's
hints, both from the descriptions in generator/schema.py. The file is checked before it is
written and never replaces an existing one: this and `format` are the only code that writes
under content/.

`--language es` writes into that language's folder (content/exercises/es/). A translation
(`--translate SLUG`) starts as a copy of the main language's file instead: it must keep that
file's name to be its translation, and its ids (difficulty, audience, tags, book, related
exercises) are the same in every language, so the translator only replaces the text.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from . import catalogue, layout, reader
from .catalogue import EXERCISES_DIR, MAX_SLUG, SITE_DATA
from .errors import Problem, UsageError
from .schema import Exercise, SiteData, unknown
from .validate import validate

PLACEHOLDERS = {
    "summary": "Write the opening paragraphs here: what the exercise is and why it helps.\n\n"
               "Leave an empty line between paragraphs.",
    "steps": [{"title": "Name the first step in a few words.",
               "body": "Say what to do, in a sentence or two."}],
}


# Latin letters the browser editor spells out rather than stripping of a mark (its slugs
# transliterate, with Sveltia's `clean_accents`): `für` is `fuer` there, so here too.
SPELLED_OUT = str.maketrans({
    "ß": "ss", "ẞ": "Ss", "ä": "ae", "Ä": "Ae", "ö": "oe", "Ö": "Oe", "ü": "ue", "Ü": "Ue",
    "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ø": "o", "Ø": "O", "ð": "d", "Ð": "D",
    "þ": "th", "Þ": "TH", "đ": "d", "Đ": "D", "ħ": "h", "Ħ": "H", "ı": "i", "ł": "l",
    "Ł": "L", "ĳ": "ij", "Ĳ": "IJ", "ə": "a", "Ə": "A"})
# An apostrophe between two letters: "partner's" is one word, `partners`.
APOSTROPHE = re.compile(r"(?<=[^\W_])['\u2019`](?=[^\W_])")


def slugify(title: str) -> str:
    """The file name the browser editor gives a title (its `slug` options in
    generator/editor_config.py), lower-case ASCII words joined by '-', at most MAX_SLUG
    characters: accents dropped, the letters above spelled out, every other character a
    break between words. One difference, which Sveltia has no option for: an apostrophe
    inside a word is dropped (`partners`, where the editor writes `partner-s`)."""
    spelled = unicodedata.normalize("NFC", APOSTROPHE.sub("", title)).translate(SPELLED_OUT)
    folded = "".join(char for char in unicodedata.normalize("NFD", spelled)
                     if not unicodedata.combining(char))
    words = re.findall(r"[a-z0-9]+", folded.lower())
    slug = ""
    for word in words:
        joined = f"{slug}-{word}" if slug else word
        if len(joined) > MAX_SLUG:
            return slug or word[:MAX_SLUG]
        slug = joined
    return slug


def new(root: Path, title: str, language: str | None = None) -> Path:
    """Write content/exercises(/<language>)/<slug>.yaml for `title`; returns its path
    relative to `root`."""
    data = _site_data(root)
    title = title.strip()
    slug = slugify(title)
    if not slug:
        raise UsageError(f"the title {title!r} gives an empty file name; use a title with "
                         "letters or digits (a-z, 0-9)")
    rel = _folder(data, language) / f"{slug}.yaml"
    text = scaffold(title, data.difficulties[0].id)
    problems = _problems(text, rel)
    if problems:
        raise UsageError(f"cannot use this title: `{problems[0].field}` {problems[0].message}")
    _write(root, rel, text, "edit it, or choose another title")
    return rel


def translation(root: Path, slug: str, language: str | None) -> Path:
    """Write content/exercises/<language>/<slug>.yaml as a copy of the main language's
    content/exercises/<slug>.yaml, to translate; returns its path relative to `root`."""
    data = _site_data(root)
    if language in (None, data.language):
        raise UsageError(f"--translate needs --language, the language to translate into: "
                         f"{_choices(data.languages[1:], data)}")
    folder = _folder(data, language)
    slugs = sorted(path.stem for path in (root / EXERCISES_DIR).glob("*.yaml"))
    if slug not in slugs:
        raise UsageError(f"cannot translate: {unknown('exercise', slug, slugs)} (file names "
                         f"in {EXERCISES_DIR.as_posix()}/ without .yaml)")
    source = EXERCISES_DIR / f"{slug}.yaml"
    rel = folder / source.name
    exercise, problems = _read((root / source).read_bytes(), source)
    if exercise is None:
        raise UsageError(f"cannot translate {source.as_posix()} before its mistakes are fixed "
                         f"(`make check`): `{problems[0].field}` {problems[0].message}")
    _write(root, rel, layout.text(exercise), f"edit it: it is the exercise's `{language}` "
           "translation")
    return rel


def address(rel: Path) -> str:
    """Where the page of the exercise file at `rel` is published: /exercises/<slug>/ for
    the main language, /<language>/exercises/<slug>/ for another."""
    folder = rel.parent.relative_to(EXERCISES_DIR).as_posix()
    prefix = "" if folder == "." else f"{folder}/"
    return f"/{prefix}exercises/{rel.stem}/"


def _site_data(root: Path) -> SiteData:
    if not (root / SITE_DATA).is_file():
        raise UsageError(f"{SITE_DATA} is missing; run this in the project folder")
    return catalogue.load_site_data(root)


def _folder(data: SiteData, language: str | None) -> Path:
    """The folder of a language's exercise files (generator/catalogue.py reads them there)."""
    language = language or data.language
    if language not in data.languages:
        raise UsageError(f"`{language}` is not one of the site's languages: "
                         f"{_choices(data.languages, data)}")
    return catalogue.in_language(EXERCISES_DIR, data.language, language)


def _choices(languages: tuple[str, ...], data: SiteData) -> str:
    """The languages to choose from, and how to add one, in one line."""
    listed = ", ".join(languages) or f"none yet (the site is only in `{data.language}`)"
    return (f"{listed}; to add a language, list it under `translations:` in "
            f"{SITE_DATA.as_posix()}")


def _problems(text: str, rel: Path) -> list[Problem]:
    """What `check` would say of the file, before it is written."""
    return _read(text.encode("utf-8"), rel)[1]


def _read(raw: bytes, rel: Path) -> tuple[Exercise | None, list[Problem]]:
    doc, problems = reader.read(raw, rel.as_posix())
    return (None, problems) if problems else validate(doc, Exercise)


def _write(root: Path, rel: Path, text: str, advice: str) -> None:
    target = root / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(target, "x", encoding="utf-8", newline="\n") as out:
            out.write(text)
    except FileExistsError:
        raise UsageError(f"{rel.as_posix()} already exists; {advice}") from None


def scaffold(title: str, difficulty: str) -> str:
    """The new file's text: the required keys, with placeholders, in the editor's layout
    (`new` checks it before writing it)."""
    values = {"title": title, "difficulty": difficulty, **PLACEHOLDERS}
    return layout.dump({name: values.get(name, info.default)
                        for name, info in Exercise.model_fields.items()
                        if name in values or isinstance(info.default, bool)})
