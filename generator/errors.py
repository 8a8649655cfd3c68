"""Every error the generator reports, in one place.

A `ContentError` is the author's to fix: it carries located problems and is printed as
`path:line:col: field: message` lines, never as a traceback. A `BuildError` is the machine's
(a missing library, a failed MkDocs run). Anything else is a bug in the generator and keeps its
traceback.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# What a path or a field may not contain in an error line: the ':' that separates the parts,
# and anything that would break the line in two or hide what follows.
_PART_UNSAFE = re.compile(r"[:\x00-\x1f\x7f-\x9f\u2028\u2029]")
_LINE_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
SHOWN = 40


def shown(value: object, limit: int = SHOWN) -> str:
    """A value quoted inside a message: one line, at most `limit` characters, in backticks."""
    text = str(value)
    text = _LINE_UNSAFE.sub(lambda m: "\\n" if m.group() == "\n" else "\N{REPLACEMENT CHARACTER}",
                            text)
    if len(text) > limit:
        text = text[: limit - 1] + "\N{HORIZONTAL ELLIPSIS}"
    return f"`{text}`"


def _part(text: str) -> str:
    return _PART_UNSAFE.sub("\N{REPLACEMENT CHARACTER}", text) or "(file)"


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake in one file, at the position of the offending value (or key)."""

    path: str
    line: int
    column: int
    field: str
    message: str

    def __str__(self) -> str:
        """Always one line matching `^[^:]+:\\d+:\\d+: [^:]+: .+$`, whatever the content was."""
        message = _LINE_UNSAFE.sub(" ", self.message).strip() or "is not valid"
        return f"{_part(self.path)}:{self.line}:{self.column}: {_part(self.field)}: {message}"


MAX_PER_FILE = 50


def capped(problems: list[Problem], total: int | None = None) -> list[Problem]:
    """The first `MAX_PER_FILE` problems of one file (of `total` found), then one line saying
    how many more: a file of 20,000 mistaken keys should not print 20,000 lines."""
    total = len(problems) if total is None else total
    if total <= MAX_PER_FILE:
        return problems
    ordered = sorted(problems)
    rest = ordered[min(MAX_PER_FILE, len(ordered) - 1)]
    return ordered[:MAX_PER_FILE] + [Problem(
        rest.path, rest.line, rest.column, "(file)",
        f"and {total - MAX_PER_FILE} more mistakes in this file; fix these first, then check "
        "again")]


class GeneratorError(Exception):
    """Base of the errors a user can meet; `exit_code` is what the CLI exits with."""

    exit_code = 1


class ContentError(GeneratorError):
    """The content has mistakes; all of them are listed, sorted by file and line."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(p) for p in self.problems))

    def summary(self) -> str:
        files = len({p.path for p in self.problems})
        errors = len(self.problems)
        return (f"{errors} error{'s' if errors != 1 else ''} in "
                f"{files} file{'s' if files != 1 else ''}")


class BuildError(GeneratorError):
    """The build could not finish for a reason outside the content (one line of advice)."""

    exit_code = 2


class UsageError(GeneratorError):
    """The command was called wrongly (a bad title for `new`, an existing file)."""

    exit_code = 2
