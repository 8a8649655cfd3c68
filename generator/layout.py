"""The one layout of an exercise file: the bytes the browser editor writes when it saves.

Sveltia CMS writes YAML with the `yaml` npm package (`stringify(data, null, {indent: 2,
indentSeq: true, lineWidth: 0, defaultKeyType: 'PLAIN', defaultStringType: 'PLAIN',
singleQuote: true})`, then trimmed, with one line break at the end), the keys in the order of
the form's fields, which are the model's (generator/editor_config.py). Its choices, for the
values an exercise holds:

- every key on its own line, lists one item per line (`  - item`), nested keys indented by 2;
- text on one line, never folded, left plain unless YAML would read it otherwise: then in
  single quotes (double quotes when the text holds a `'` and no `"`, or a control character);
- text of several lines as a `|` block (`|-`: without a line break at the end);
- `true`/`false` and numbers as written; empty optional fields (and empty lists) left out;
  `recommended` always written, because the form's switch always has a value.

`text(data)` reproduces that here, in Python, from the validated model, so that an exercise
written by `generator new` or rewritten by `generator format` is the file the editor saves:
opening and saving it unchanged writes the same bytes, and a one-word change is a one-line diff.
What the layout has no room for: comments (the schema modeline is replaced by the mapping in
.vscode/settings.json; the scaffold's explanations by the schema's descriptions) and the
blank lines between sections.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from . import reader
from .catalogue import EXERCISES_DIR, Site
from .schema import Exercise
from .validate import validate

STEP = "  "
# What `yaml` refuses to leave plain (stringifyString.js, plainString): an indicator first,
# `: ` or ` #` inside, a blank or ':' last, and so on.
_NOT_PLAIN = re.compile(r"^[\n\t ,\[\]{}#&*!|>'\"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n"
                        r"|[\n\t ]#|[\n\t :]$")
# Plain text that YAML 1.2's core schema would read as null, a yes/no or a number.
_OTHER_TYPE = re.compile(r"^(?:~|[Nn]ull|NULL)?$|^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$"
                         r"|^0o[0-7]+$|^[-+]?[0-9]+$|^0x[0-9a-fA-F]+$"
                         r"|^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$"
                         r"|^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$"
                         r"|^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_DOUBLE_ESCAPES = {"0000": "\\0", "0007": "\\a", "000b": "\\v", "001b": "\\e", "0085": "\\N",
                   "00a0": "\\_", "2028": "\\L", "2029": "\\P"}
MIN_MULTILINE_DOUBLE = 40  # yaml's doubleQuotedMinMultiLineLength


def text(exercise: Exercise) -> str:
    """The exercise file, in the editor's layout."""
    return dump(data(exercise))


def dump(mapping: dict[str, Any]) -> str:
    """Data already in the form's order (as `data` gives it), in the editor's layout."""
    return "\n".join(_mapping(mapping, "")) + "\n"


def unformatted(root: Path, site: Site) -> list[str]:
    """The exercise files of a checked site (every language) not in the editor's layout."""
    return [entry.source for each in site.every_language for entry in each.exercises
            if (root / entry.source).read_bytes() != text(entry.exercise).encode("utf-8")]


def advice(files: list[str]) -> str:
    """What `check` tells a hand-editing author about files not in the layout (not an error:
    the site builds from them all the same)."""
    listed = ", ".join(files[:5]) + (f" and {len(files) - 5} more" if len(files) > 5 else "")
    return (f"note: {len(files)} exercise file{'s' if len(files) > 1 else ''} not in the "
            f"browser editor's layout ({listed}); the editor would rewrite every line it moves "
            "on its next save. `python -m generator format` (`make format`) rewrites them now, "
            "keeping every value.")


def format_file(root: Path, rel: str) -> bool | None:
    """Rewrite one exercise file in the layout: True if it changed, False if it already was,
    None if it has mistakes (`check` names them; the file is left as it is)."""
    raw = (root / rel).read_bytes()
    doc, problems = reader.read(raw, rel)
    exercise = None if problems else validate(doc, Exercise)[0]
    if exercise is None:
        return None
    laid_out = text(exercise).encode("utf-8")
    if laid_out == raw:
        return False
    (root / rel).write_bytes(laid_out)
    return True


def format_all(root: Path) -> tuple[list[str], list[str]]:
    """Rewrite every exercise file (all languages); the files changed and those skipped."""
    changed: list[str] = []
    skipped: list[str] = []
    for path in sorted((root / EXERCISES_DIR).rglob("*.yaml")):
        rel = path.relative_to(root).as_posix()
        result = format_file(root, rel)
        if result:
            changed.append(rel)
        elif result is None:
            skipped.append(rel)
    return changed, skipped


def data(exercise: Exercise) -> dict[str, Any]:
    """What the editor keeps of an exercise: every field with a value, in the form's order;
    empty lists and unset optional fields left out."""
    return _kept(exercise.model_dump(exclude_none=True))


def _kept(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _kept(v) for k, v in value.items() if v is not None and v != []}
    if isinstance(value, list):
        return [_kept(v) for v in value]
    return value


def _mapping(mapping: dict[str, Any], indent: str) -> list[str]:
    lines: list[str] = []
    for key, value in mapping.items():
        if isinstance(value, dict):
            lines += [f"{indent}{key}:", *_mapping(value, indent + STEP)]
        elif isinstance(value, list):
            lines += [f"{indent}{key}:", *_sequence(value, indent + STEP)]
        else:
            lines.append(f"{indent}{key}: {scalar(value, indent + STEP)}")
    return lines


def _sequence(items: list[Any], indent: str) -> list[str]:
    lines: list[str] = []
    for item in items:
        if isinstance(item, dict):
            first, *rest = _mapping(item, indent + STEP)
            lines += [f"{indent}- {first.removeprefix(indent + STEP)}", *rest]
        elif isinstance(item, list):
            first, *rest = _sequence(item, indent + STEP)
            lines += [f"{indent}- {first.removeprefix(indent + STEP)}", *rest]
        else:
            lines.append(f"{indent}- {scalar(item, indent + STEP)}")
    return lines


def scalar(value: object, indent: str) -> str:
    """A value in a block mapping or list whose lines (if it has several) are at `indent`."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if not isinstance(value, str):
        raise TypeError(f"no layout for {type(value).__name__}")
    if _CONTROL.search(value):
        return _double(value, indent)
    if _NOT_PLAIN.search(value):
        return _block(value, indent) if "\n" in value else _quoted(value, indent)
    if "\n" in value:
        return _block(value, indent)
    if _OTHER_TYPE.match(value):
        return _quoted(value, indent)
    return value


def _quoted(value: str, indent: str) -> str:
    if "'" in value and '"' not in value:
        return _double(value, indent)
    return _single(value, indent)


def _single(value: str, indent: str) -> str:
    if re.search(r"[ \t]\n|\n[ \t]", value):
        return _double(value, indent)
    quoted = value.replace("'", "''")
    return "'" + re.sub(r"\n+", lambda m: m.group(0) + "\n" + indent, quoted) + "'"


def _double(value: str, indent: str) -> str:
    """JSON's escapes, with YAML's shorter ones and real line breaks in long text."""
    encoded = json.dumps(value, ensure_ascii=False)
    out: list[str] = []
    start = 0
    i = 0
    while i < len(encoded):
        ch = encoded[i]
        if ch == " " and encoded[i + 1:i + 3] == "\\n":
            out.append(encoded[start:i] + "\\ ")
            i += 1
            start = i
            ch = "\\"
        if ch == "\\":
            following = encoded[i + 1:i + 2]
            if following == "u":
                out.append(encoded[start:i])
                code = encoded[i + 2:i + 6]
                if code in _DOUBLE_ESCAPES:
                    out.append(_DOUBLE_ESCAPES[code])
                elif code.startswith("00"):
                    out.append("\\x" + code[2:])
                else:
                    out.append(encoded[i:i + 6])
                i += 5
                start = i + 1
            elif following == "n":
                if encoded[i + 2:i + 3] == '"' or len(encoded) < MIN_MULTILINE_DOUBLE:
                    i += 1
                else:
                    out.append(encoded[start:i] + "\n\n")
                    while (encoded[i + 2:i + 4] == "\\n" and encoded[i + 4:i + 5] != '"'):
                        out.append("\n")
                        i += 2
                    out.append(indent)
                    if encoded[i + 2:i + 3] == " ":
                        out.append("\\")
                    i += 1
                    start = i + 1
            else:
                i += 1
        i += 1
    return "".join(out) + encoded[start:] if start else encoded


def _block(value: str, indent: str) -> str:
    """A `|` block: `yaml` never folds when its line width is 0."""
    if re.search(r"\n[\t ]+$", value):
        return _quoted(value, indent)
    end_start = len(value)
    while end_start > 0 and value[end_start - 1] in "\n\t ":
        end_start -= 1
    end = value[end_start:]
    if "\n" not in end:
        chomp = "-"
    elif value == end or end.index("\n") != len(end) - 1:
        chomp = "+"
    else:
        chomp = ""
    if end:
        value = value[:end_start]
        if end.endswith("\n"):
            end = end[:-1]
        end = re.sub(r"(^|(?<!\n))\n+(?!\n|$)", lambda m: m.group(0) + indent, end)
    with_space = False
    start_end = 0
    newline_at = -1
    while start_end < len(value):
        ch = value[start_end]
        if ch == " ":
            with_space = True
        elif ch == "\n":
            newline_at = start_end
        else:
            break
        start_end += 1
    start = value[:newline_at + 1 if newline_at < start_end else start_end]
    if start:
        value = value[len(start):]
        start = re.sub(r"\n+", lambda m: m.group(0) + indent, start)
    header = ("2" if with_space else "") + chomp
    value = re.sub(r"\n+", lambda m: m.group(0) + indent, value)
    return f"|{header}\n{indent}{start}{value}{end}"
