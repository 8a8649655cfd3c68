"""The Jinja environment the pages are rendered in: autoescaped, strict, and cheap per value.

With autoescape on, Jinja writes every `{{ value }}` through markupsafe's `escape`, which
makes a new `Markup` object each time, also for values that are Markup already (the `md` and
`text` filters' output) or plain numbers: a quarter to a third of the time of rendering a
page. The environment below compiles each `{{ }}` to `environment.output(value)` instead
(Jinja's documented `code_generator_class` hook): the same text, as a plain string. Nothing
else changes: `|e`, macros, `{% autoescape false %}` blocks and constants are Jinja's.
"""

from __future__ import annotations

from pathlib import Path

import jinja2
from jinja2.compiler import CodeGenerator
from markupsafe import Markup, escape

try:  # what markupsafe's escape() itself runs on a str (pinned in requirements.lock)
    from markupsafe._speedups import _escape_inner
except ImportError:  # pragma: no cover - another markupsafe: the public road, a bit slower
    def _escape_inner(text: str) -> str:
        return str(escape(text))

# Part of the name of each cached compiled template: templates compiled by another code
# generator (another version of this file, or Jinja's own) are never mixed up with these.
CACHE_PATTERN = "__exercise_site_out1_%s.cache"


def output(value: object) -> str:
    """What `{{ value }}` writes: exactly `str(markupsafe.escape(value))`."""
    kind = type(value)
    if kind is Markup:
        return value  # safe already
    if kind is str:
        return _escape_inner(value)
    if kind is int:
        return str(value)  # digits and '-': nothing to escape
    return escape(value)  # anything else (an Undefined raises here, as it should)


class _CodeGenerator(CodeGenerator):
    def _output_child_pre(self, node, frame, finalize) -> None:
        if frame.eval_ctx.autoescape and not frame.eval_ctx.volatile:
            self.write("environment.output(")
            if finalize.src is not None:
                self.write(finalize.src)
        else:
            super()._output_child_pre(node, frame, finalize)


class Environment(jinja2.Environment):
    code_generator_class = _CodeGenerator
    output = staticmethod(output)


def bytecode_cache() -> jinja2.BytecodeCache | None:
    """Jinja's cache of compiled templates: a private folder in the temporary folder, each
    entry checked against its template's text before it is used."""
    try:
        return jinja2.FileSystemBytecodeCache(pattern=CACHE_PATTERN)
    except (OSError, RuntimeError):  # no private temporary folder to be had: compile each time
        return None


def environment(templates: Path) -> Environment:
    """Templates from `templates`, autoescaped, StrictUndefined, compiled once per machine."""
    return Environment(
        loader=jinja2.FileSystemLoader(templates),
        bytecode_cache=bytecode_cache(),  # compiling them all took a third of the imports
        # A build renders each template a thousand times: no need to look at its file's
        # time on each; the live preview turns it back on (render.follow_template_edits).
        auto_reload=False,
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
