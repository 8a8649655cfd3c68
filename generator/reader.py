"""Read: bytes -> plain Python data plus the line and column of every key and value.

PyYAML's loaders lose positions, keep the last of two duplicate keys, expand aliases and guess
types (`no` -> False, `1:30` -> 90). So this reads the *events* of libyaml's C parser and builds
the data itself, in one walk: every scalar stays the text the author typed (only an
empty value or `~`/`null` means "nothing"), and the schema decides later what text may become a
number or a yes/no. Duplicate keys, anchors, aliases, tags, several documents, deep nesting,
oversized files, broken UTF-8 and invisible control characters are all refused, with a position.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import yaml

from .errors import Problem, capped, shown

# libyaml's C parser when PyYAML was built with it (it always is from PyPI's wheels). Its
# events and marks have no type stubs, so they are `Any` below.
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_BYTES = 256 * 1024
MAX_DEPTH = 12
NULLS = frozenset({"", "~", "null", "Null", "NULL"})

Path = tuple[str | int, ...]

# C0/C1 controls except tab and newlines, and the bidirectional controls that can make text
# read differently from what it is ("Trojan Source").
_FORBIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff"
    "\u2028\u2029]")
_BAD_INDENT = re.compile(r"^[ \t]*\u00a0", re.MULTILINE)
_KEY_ON_LINE = re.compile(r"^\s*(?:-\s+)?([A-Za-z_][\w-]*)\s*:(?:\s|$)")
_WORD_LINE = re.compile(r"^\s*(?:-\s+)?([A-Za-z_][\w-]*)\s*$")  # a key whose ':' is missing
_CORE_TAG = "tag:yaml.org,2002:"
_STARTS = frozenset({yaml.MappingStartEvent, yaml.SequenceStartEvent})
_ENDS = frozenset({yaml.MappingEndEvent, yaml.SequenceEndEvent})
_IGNORED = frozenset({yaml.StreamStartEvent, yaml.StreamEndEvent, yaml.DocumentEndEvent})
KEY_SHOWN = 40


@dataclass
class Document:
    """What one YAML file says, and where it says it (1-based line and column)."""

    path: str
    data: object = None
    values: dict[Path, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path, tuple[int, int]] = field(default_factory=dict)

    def where(self, loc: Path, key: bool = False) -> tuple[int, int]:
        """The position of `loc` (its key if asked), or of the nearest enclosing value."""
        table = self.keys if key else self.values
        while loc:
            if loc in table:
                return table[loc]
            if not key and loc in self.keys:
                return self.keys[loc]
            loc = loc[:-1]
        return self.values.get((), (1, 1))


def field_name(loc: Path) -> str:
    """`('steps', 1, 'title')` -> `steps[2].title`: items are counted from 1, as people do."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part + 1}]"
            continue
        name = str(part) or "(empty key)"
        if len(name) > KEY_SHOWN:
            name = name[: KEY_SHOWN - 1] + "\N{HORIZONTAL ELLIPSIS}"
        out += f".{name}" if out else name
    return out or "(file)"


def read(raw: bytes, path: str) -> tuple[Document, list[Problem]]:
    """Parse one file; problems are returned, never raised, so every file gets checked."""
    doc = Document(path)
    if len(raw) > MAX_BYTES:
        return doc, [Problem(path, 1, 1, "(file)", f"the file is {len(raw) // 1024} KB; the "
                             f"limit is {MAX_BYTES // 1024} KB, so split or shorten it")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _position(raw, exc.start)
        return doc, [Problem(path, line, col, _field_on_line(raw.decode("utf-8", "replace"), line),
                             f"byte 0x{raw[exc.start]:02x} is not UTF-8 text; save the file "
                             "with the UTF-8 encoding")]
    text = text.removeprefix("\ufeff")
    problems = _scan_characters(text, path)
    if problems:
        return doc, problems
    builder = _Builder(doc, text)
    builder.run()
    return doc, capped(builder.problems)


def _position(raw: bytes, offset: int) -> tuple[int, int]:
    line = raw.count(b"\n", 0, offset) + 1
    start = raw.rfind(b"\n", 0, offset) + 1
    return line, len(raw[start:offset].decode("utf-8", "replace")) + 1


def _field_on_line(text: str, line: int) -> str:
    """The key on `line` or above it, for problems found before the YAML is parsed."""
    lines = text.split("\n")  # as the line numbers were counted
    for number in range(min(line, len(lines)) - 1, -1, -1):
        match = _KEY_ON_LINE.match(lines[number])
        if match:
            return match.group(1)
    return "(file)"


def _char_name(char: str) -> str:
    name = unicodedata.name(char, "").lower() or "a control character"
    return f"U+{ord(char):04X} ({name})"


def _scan_characters(text: str, path: str) -> list[Problem]:
    problems = []
    for match in _FORBIDDEN.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        col = match.start() - text.rfind("\n", 0, match.start())
        char = match.group()
        problems.append(Problem(path, line, col, _field_on_line(text, line),
                                f"invisible character {_char_name(char)} is not allowed; delete "
                                "it (it often comes from copying and pasting)"))
    for match in _BAD_INDENT.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        col = match.end() - match.start()
        problems.append(Problem(path, line, col, _field_on_line(text, line),
                                "this line is indented with a non-breaking space; indent with "
                                "ordinary spaces"))
    return problems[:20]


def _explain(exc: yaml.MarkedYAMLError, text: str) -> tuple[Any, str]:
    """libyaml's complaint -> where the author should look, and the usual fix in plain words."""
    problem, context = exc.problem or "", exc.context or ""
    mark, opened = exc.problem_mark, exc.context_mark or exc.problem_mark
    at = text[mark.index:mark.index + 1] if mark is not None and mark.index is not None else ""
    before = text[:mark.index].rsplit("\n", 1)[-1].rstrip() if mark is not None else ""
    if at == "\t" or "tab" in problem:
        return mark, "a tab character is not allowed here; indent with spaces, not tabs"
    if "mapping values are not allowed" in problem:
        return mark, ("unexpected ': ' in a value; put text that contains ': ' in quotes, or "
                      "check this line's indentation")
    if "block sequence entries are not allowed" in problem:
        return mark, ("a list cannot start on the same line as its key; put each '- ' item on "
                      "its own line, indented under the key")
    if "flow sequence" in context or "flow mapping" in context:
        close = "]" if "sequence" in context else "}"
        return opened, (f"the '{_opened_char(text, opened)}' here is never closed; add '{close}' "
                        "at the end, or put text that starts with it in quotes")
    if "quoted scalar" in context and ("escape" in problem or "hexdecimal" in problem):
        return mark, ("inside \"double quotes\" a backslash starts an escape; write \\\\ for "
                      "a backslash, or use 'single quotes'")
    if "quoted scalar" in context:
        return opened, ("this quote is never closed; add the closing quote at the end of the "
                        "text")
    if "simple key" in context and "':'" in problem:
        return opened, ("this line should be `key: value`; add the ':' after the key, or line "
                        "it up with the lines above")
    if "expected key" in problem and before.endswith(("'", '"', "]", "}")):
        return mark, (f"text continues after the closing {before[-1]}; put the whole text "
                      "inside the quotes (or brackets)")
    if "alias" in context or "anchor" in context or "cannot start any token" in problem \
            or "expected node content" in problem:
        char = _opened_char(text, opened)
        return opened, (f"a value cannot start with '{char}'; put text that starts with "
                        f"'{char}' in quotes")
    if "document start" in problem:
        return mark, ("text after a '...' line is not read; remove the '...' line, a file "
                      "holds one exercise")
    if problem.startswith(("did not find expected", "expected <block")):
        return mark, ("this line's indentation does not match the lines around it; line up "
                      "keys of the same level under each other, using spaces")
    return mark, (f"this is not valid YAML ({problem or context}); check the quotes and the "
                  "indentation")


def _opened_char(text: str, mark: Any) -> str:
    return text[mark.index] if mark is not None and mark.index < len(text) else "?"


class _Builder:
    """Walks libyaml's event stream, building data and recording marks as it goes."""

    def __init__(self, doc: Document, text: str):
        self.doc = doc
        self.text = text
        self.problems: list[Problem] = []
        # Each frame: [container, path, pending key or None]; a mapping frame holds a dict.
        self.stack: list[list] = []
        self.skip = 0
        self.documents = 0

    def add(self, mark: Any, loc: Path, message: str) -> None:
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        self.problems.append(Problem(self.doc.path, line, col, field_name(loc), message))

    def current_path(self) -> Path:
        if not self.stack:
            return ()
        container, path, key = self.stack[-1]
        if isinstance(container, dict):
            return path + (key,) if key is not None else path
        return path + (len(container),)

    def run(self) -> None:
        loader = _Loader(self.text)
        try:
            while (event := loader.get_event()) is not None:
                if self.handle(event) is False:
                    break
        except yaml.MarkedYAMLError as exc:
            mark, message = _explain(exc, self.text)
            line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
            self.problems.append(Problem(self.doc.path, line, col, self.nearest_key(line, col),
                                         message))
        except yaml.YAMLError as exc:
            self.add(None, self.current_path(), f"this is not valid YAML ({exc})")
        finally:
            loader.dispose()

    def nearest_key(self, line: int, col: int) -> str:
        """The field a syntax error belongs to: the key typed on its line, else the last key
        read before it (the parser stopped, so later keys are unknown)."""
        before = [(pos, loc) for loc, pos in self.doc.keys.items() if pos <= (line, col)]
        last = max(before, key=lambda item: item[0], default=None)
        if last is not None and last[0][0] == line:
            return field_name(last[1])
        lines = self.text.splitlines()
        text = lines[line - 1] if 0 < line <= len(lines) else ""
        typed = _KEY_ON_LINE.match(text) or _WORD_LINE.match(text)
        if typed:
            return typed.group(1)
        return field_name(last[1]) if last is not None else "(file)"

    def handle(self, event: Any) -> bool | None:
        kind = type(event)
        if kind in _ENDS:
            if self.skip:
                self.skip -= 1
            else:
                self.stack.pop()
            return None
        if self.skip:
            self.skip += kind in _STARTS
            return None
        if kind in _IGNORED:
            return None
        if kind is yaml.DocumentStartEvent:
            self.documents += 1
            if self.documents > 1:
                self.add(event.start_mark, (), "a second document starts here ('---'); a file "
                         "holds one exercise, so remove the '---' line or split the file")
                return False
            return None
        loc = self.current_path()
        if kind is yaml.AliasEvent:
            self.add(event.start_mark, loc, f"aliases ({shown('*' + event.anchor)}) are not "
                     "allowed; write the text out in full")
            self.attach(loc, None, event.start_mark)
            return None
        if event.anchor is not None:
            self.add(event.start_mark, loc, f"anchors ({shown('&' + event.anchor)}) are not "
                     "allowed; write the text out in full where it is needed")
        if event.tag is not None:
            tag = event.tag.replace(_CORE_TAG, "!!", 1)
            self.add(event.start_mark, loc, f"YAML tags ({shown(tag)}) are not allowed; "
                     "remove the tag and write plain text")
        in_key = self.stack and isinstance(self.stack[-1][0], dict) and self.stack[-1][2] is None
        if kind is yaml.ScalarEvent:
            if in_key:
                self.key(event)
            else:
                self.attach(loc, self.scalar(event), event.start_mark)
            return None
        # A mapping or a sequence starts.
        if in_key:
            self.add(event.start_mark, self.stack[-1][1] + ("(key)",),
                     "a key must be a word followed by ':'; lists or blocks cannot be keys")
            self.skip = 1
            self.stack[-1][2] = "?"
            return None
        if len(self.stack) >= MAX_DEPTH:
            self.add(event.start_mark, loc, f"nested more than {MAX_DEPTH} levels deep; "
                     "exercises never need this much nesting")
            self.attach(loc, None, event.start_mark)
            self.skip = 1
            return None
        container: dict | list = {} if kind is yaml.MappingStartEvent else []
        self.attach(loc, container, event.start_mark)
        self.stack.append([container, loc, None])
        return None

    def key(self, event: Any) -> None:
        container, path, _ = self.stack[-1]
        name = event.value
        self.check_escapes(event)
        mark = (event.start_mark.line + 1, event.start_mark.column + 1)
        if name == "":
            self.add(event.start_mark, path + (name,), "this key is empty; write the key's name "
                     "before the ':'")
            self.stack[-1][2] = "?"
            return
        if path + (name,) in self.doc.keys:
            first = self.doc.keys[path + (name,)]
            where = (f"on line {first[0]} and line {mark[0]}" if first[0] != mark[0] else
                     f"on line {mark[0]}, at columns {first[1]} and {mark[1]}")
            self.add(event.start_mark, path + (name,),
                     f"{shown(name)} appears twice, {where}; keep one and delete the other")
            self.stack[-1][2] = (name, "duplicate")
            return
        self.doc.keys[path + (name,)] = mark
        self.stack[-1][2] = name

    def scalar(self, event: Any) -> str | None:
        if not event.style:  # plain: the C parser says '', the Python one None
            if event.value in NULLS:
                return None
            self.check_trailing_comment(event)
        self.check_escapes(event)
        return event.value

    def check_escapes(self, event: Any) -> None:
        """An escape in "double quotes" (`\\u202e`, `\\0`) makes the characters the file scan
        refuses; only that style has escapes, so only it is looked at again."""
        if event.style != '"':
            return
        found = _FORBIDDEN.search(event.value)
        if found:
            self.add(event.start_mark, self.current_path(),
                     f"an escape in this quoted text makes the invisible character "
                     f"{_char_name(found.group())}, which is not allowed; remove the escape")

    def check_trailing_comment(self, event: Any) -> None:
        end = event.end_mark
        if self.text[end.index:end.index + 1] not in (" ", "\t"):
            return  # the value ends its line: nothing can have been cut
        if event.value in ("true", "false") or event.value.isdigit():
            return  # `recommended: true  # note` loses nothing
        line_end = self.text.find("\n", end.index)
        rest = self.text[end.index:line_end if line_end >= 0 else None]
        if rest.lstrip().startswith("#"):
            self.add(end, self.current_path(),
                     "' #' starts a comment, so the rest of this line was cut from the text; "
                     "put text that contains ' #' in quotes, or move the comment to its own line")

    def attach(self, loc: Path, value: object, mark: Any) -> None:
        position = (mark.line + 1, mark.column + 1)
        if not self.stack:
            self.doc.data = value
            self.doc.values[()] = position
            return
        container, path, key = self.stack[-1]
        if isinstance(container, dict):
            self.stack[-1][2] = None
            if isinstance(key, tuple) or key == "?":
                return  # a duplicate or a broken key: already reported, keep the first value
            container[key] = value
        else:
            container.append(value)
        self.doc.values[loc] = position
