"""`python -m generator new "Title"`: a new exercise file that already builds.

Every key of the Exercise model is written, each under a comment taken from the model's own
description and example (declared once in generator/schema.py), so the file doubles as the
reference for what can go in it. The required keys get placeholders that pass `check`, so
the page appears in `make serve` at once; optional keys are left empty. The file is checked
before it is written and never replaces an existing one: this is the only code that writes
under content/.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import yaml

from . import catalogue, reader
from .catalogue import EXERCISES_DIR, MAX_SLUG, SITE_DATA
from .errors import UsageError
from .schema import Exercise
from .validate import validate

MODELINE = "# yaml-language-server: $schema=../../schema/exercise.schema.json"

HEADER = """\
# A new exercise. Replace the placeholders, fill in the keys you need and leave the others
# empty. `make serve` shows the page as you save; `make check` lists any mistakes.
# The guide: content/pages/guide/adding-an-exercise.md
"""


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


def new(root: Path, title: str) -> Path:
    """Write content/exercises/<slug>.yaml for `title`; returns its path relative to `root`."""
    title = title.strip()
    slug = slugify(title)
    if not slug:
        raise UsageError(f"the title {title!r} gives an empty file name; use a title with "
                         "letters or digits (a-z, 0-9)")
    rel = EXERCISES_DIR / f"{slug}.yaml"
    text = scaffold(title, _first_difficulty(root))
    doc, problems = reader.read(text.encode("utf-8"), rel.as_posix())
    if not problems:
        problems = validate(doc, Exercise)[1]
    if problems:
        raise UsageError(f"cannot use this title: `{problems[0].field}` {problems[0].message}")
    target = root / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(target, "x", encoding="utf-8", newline="\n") as out:
            out.write(text)
    except FileExistsError:
        raise UsageError(f"{rel.as_posix()} already exists; edit it, or choose another "
                         "title") from None
    return rel


def scaffold(title: str, difficulty: str) -> str:
    """The file's text: the modeline, then every key under its description and example."""
    values = {
        "title": title,
        "summary": "Write the opening paragraphs here: what the exercise is and why it "
                   "helps.\n\nLeave an empty line between paragraphs.\n",
        "difficulty": difficulty,
        "steps": [{"title": "Name the first step in a few words.",
                   "body": "Say what to do, in a sentence or two."}],
    }
    parts = [MODELINE, HEADER]
    for name, info in Exercise.model_fields.items():
        value = values.get(name, info.get_default(call_default_factory=True))
        example = info.examples[0] if info.examples else None
        parts.append(_comment(info.description or "", example) + _entry(name, value))
    return "\n".join(parts)


def _first_difficulty(root: Path) -> str:
    """The first difficulty id of site_data.yaml, which the placeholder must name."""
    if not (root / SITE_DATA).is_file():
        raise UsageError(f"{SITE_DATA} is missing; run this in the project folder")
    return catalogue.load_site_data(root).difficulties[0].id


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
