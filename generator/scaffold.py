"""`python -m generator new "Title"`: a new exercise file that already builds.

Every key of the Exercise model is written, each under a comment taken from the model's own
description and example (declared once in generator/schema.py), so the file doubles as the
reference for what can go in it. The required keys get placeholders that pass `check`, so
the page appears in `make serve` at once; optional keys are left empty. The file is checked
before it is written and never replaces an existing one: this is the only code that writes
under content/.

`--language es` writes into that language's folder (content/exercises/es/). A translation
(`--translate SLUG`) starts as a copy of the main language's file instead: it must keep that
file's name to be its translation, and its ids (difficulty, audience, tags, book, related
exercises) are the same in every language, so the translator only replaces the text, with the
original in front of them.
"""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

import yaml

from . import catalogue, reader
from .catalogue import EXERCISES_DIR, MAX_SLUG, SITE_DATA
from .editor_schema import COMMITTED
from .errors import Problem, UsageError
from .schema import Exercise, SiteData, unknown
from .validate import validate

SCHEMA_COMMENT = "# yaml-language-server: $schema="

HEADER = """\
# A new exercise. Replace the placeholders, fill in the keys you need and leave the others
# empty. `make serve` shows the page as you save; `make check` lists any mistakes.
# The guide: content/pages/guide/adding-an-exercise.md
"""

TRANSLATION = """\
# The {language} translation of {source}, started as a copy of it.
# Replace each text with its translation. Keep the ids and numbers as they are (difficulty,
# audience, tags, source, related, minutes): they are the same in every language, and the site
# shows them in {language}.
# The guide: content/pages/guide/adding-an-exercise.md
"""


def modeline(rel: Path) -> str:
    """The first line of an exercise file at `rel`, which points editors with the YAML
    language server to the JSON Schema; the path is relative to the file's own folder, so a
    translation, one folder deeper, needs one more `../`."""
    schema = Path(os.path.relpath(COMMITTED, rel.parent)).as_posix()
    return SCHEMA_COMMENT + schema


def slugify(title: str) -> str:
    """Lower-case ASCII words joined by '-', accents folded, at most MAX_SLUG characters."""
    folded = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[a-z0-9]+", re.sub(r"['\u2019`]", "", folded.lower()))
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
    text = "\n".join([modeline(rel), scaffold(title, data.difficulties[0].id)])
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
    original = (root / source).read_text(encoding="utf-8")
    if original.startswith(SCHEMA_COMMENT):
        original = original.split("\n", 1)[1] if "\n" in original else ""
    words = TRANSLATION.format(language=f"`{language}`", source=source.as_posix())
    text = "\n".join([modeline(rel), words]) + original
    problems = _problems(text, rel)
    if problems:
        raise UsageError(f"cannot translate {source.as_posix()} before its mistakes are fixed "
                         f"(`make check`): `{problems[0].field}` {problems[0].message}")
    _write(root, rel, text, f"edit it: it is the exercise's `{language}` translation")
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
    doc, problems = reader.read(text.encode("utf-8"), rel.as_posix())
    return problems or validate(doc, Exercise)[1]


def _write(root: Path, rel: Path, text: str, advice: str) -> None:
    target = root / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(target, "x", encoding="utf-8", newline="\n") as out:
            out.write(text)
    except FileExistsError:
        raise UsageError(f"{rel.as_posix()} already exists; {advice}") from None


def scaffold(title: str, difficulty: str) -> str:
    """The file's text after its modeline: every key under its description and example."""
    values = {
        "title": title,
        "summary": "Write the opening paragraphs here: what the exercise is and why it "
                   "helps.\n\nLeave an empty line between paragraphs.\n",
        "difficulty": difficulty,
        "steps": [{"title": "Name the first step in a few words.",
                   "body": "Say what to do, in a sentence or two."}],
    }
    parts = [HEADER]
    for name, info in Exercise.model_fields.items():
        value = values.get(name, info.get_default(call_default_factory=True))
        example = info.examples[0] if info.examples else None
        parts.append(_comment(info.description or "", example) + _entry(name, value))
    return "\n".join(parts)


class _Dumper(yaml.SafeDumper):
    """Block YAML as the seed files write it: lists indented, multi-line text as `|`."""

    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)


_Dumper.add_representer(str, lambda dumper, value: dumper.represent_scalar(
    "tag:yaml.org,2002:str", value, style="|" if "\n" in value else None))


def _dump(value: object, flow: bool | None) -> str:
    text = yaml.dump(value, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                     default_flow_style=flow, width=1_000_000)
    return text.removesuffix("...\n").rstrip("\n")


def _comment(description: str, example: object) -> str:
    structured = isinstance(example, dict) or (
        isinstance(example, list) and any(isinstance(item, dict) for item in example))
    if not structured:
        return f"# {description} Example: {_dump(example, True)}\n"
    lines = _dump(example, False).splitlines()
    return f"# {description} Example:\n" + "".join(f"#   {line}\n" for line in lines)


def _entry(name: str, value: object) -> str:
    if value is None:
        return f"{name}:\n"
    return _dump({name: value}, False) + "\n"
