"""Content mistakes shown where GitHub shows a pull request's changes.

`python -m generator check --github` (the Pages workflow runs it) prints, besides the usual
`path:line:col: field: message` lines, one workflow command per mistake,
`::error file=…,line=…,col=…,title=…::message`, which GitHub turns into an annotation on that
line of the file in the pull request's "Files changed" view. GitHub shows only the first ten
annotations of a step, so the whole list also goes into the job's summary page
(`$GITHUB_STEP_SUMMARY`) as a table. A therapist who saved an exercise from the browser editor
sees there what to fix, in the generator's words, without a terminal.
"""

from __future__ import annotations

import html
import os
from collections.abc import Iterable
from pathlib import Path

from . import build
from .catalogue import Site
from .errors import ContentError, Problem

SUMMARY_ENV = "GITHUB_STEP_SUMMARY"


def escape_data(text: str) -> str:
    """A command's message, as GitHub's toolkit escapes it (`escapeData`)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A command's property value (`escapeProperty`): also ':' and ',', which end a property."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(problem: Problem) -> str:
    """One `::error` workflow command for one mistake, at its file, line and column."""
    properties = {"file": problem.path, "line": str(problem.line), "col": str(problem.column),
                  "title": problem.field}
    listed = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items())
    return f"::error {listed}::{escape_data(problem.message)}"


def _cell(text: str) -> str:
    return html.escape(" ".join(text.split()), quote=False).replace("|", "\\|")


def summary(problems: Iterable[Problem], headline: str) -> str:
    """The job summary: a heading and a table of every mistake, in Markdown."""
    rows = [f"| {_cell(p.path)} | {p.line} | {p.column} | {_cell(p.field)} | {_cell(p.message)} |"
            for p in problems]
    table = ["| File | Line | Column | Field | Mistake |", "| --- | ---: | ---: | --- | --- |"]
    return "\n".join([f"### Content check: {headline}", "", *(table + rows if rows else [])]) + "\n"


def _add_to_summary(text: str) -> None:
    path = os.environ.get(SUMMARY_ENV)
    if path:
        with open(path, "a", encoding="utf-8") as out:
            out.write(text)


def check(root: Path) -> Site:
    """`check`, reporting each mistake to GitHub as well; raises the same ContentError."""
    try:
        site = build.run(root, build.Until.CHECK).site
    except ContentError as exc:
        for problem in exc.problems:
            print(annotation(problem), flush=True)
        _add_to_summary(summary(exc.problems, exc.summary()))
        raise
    _add_to_summary(summary([], f"no mistakes in {site.counted()}"))
    return site
