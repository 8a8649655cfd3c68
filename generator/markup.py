"""Author text -> safe output: Markdown fields to HTML, one-line text escaped.

Exercise text is data. Markdown fields keep emphasis, lists and links, but raw HTML is shown
as the characters typed, headings, front matter, admonitions and code fences cannot restructure
the page (their markers stay literal), and links may only be http, https, mailto or relative.
The generator renders fields itself so that the page's own Markdown never sees author text.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from urllib.parse import urlsplit

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

ALLOWED_SCHEMES = frozenset({"http", "https", "mailto", ""})
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!])")


class _Links(Treeprocessor):
    """Collects every link and image target, so validation can refuse unsafe ones."""

    def run(self, root):
        found = []
        for element in root.iter():
            for attr in ("href", "src"):
                if attr in element.attrib:
                    found.append(element.attrib[attr])
            if element.tag == "a":
                element.set("rel", "noopener")
        self.md.found_links = found


class _Restricted(Extension):
    """Turns off the parts of Markdown that could reach outside a field."""

    def extendMarkdown(self, md):
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        for name in ("hashheader", "setextheader", "code", "hr", "reference"):
            md.parser.blockprocessors.deregister(name)
        md.preprocessors.deregister("reference", strict=False)
        md.treeprocessors.register(_Links(md), "collect_links", 0)


def _new_markdown() -> markdown.Markdown:
    return markdown.Markdown(extensions=[_Restricted()], output_format="html")


_md = _new_markdown()


@lru_cache(maxsize=65536)
def _convert(text: str) -> tuple[str, tuple[str, ...]]:
    _md.reset()
    body = _md.convert(text)
    return body, tuple(getattr(_md, "found_links", ()))


def to_html(text: str) -> str:
    """Render one Markdown field to HTML with nothing the author typed left live."""
    return _convert(text)[0]


def unsafe_links(text: str) -> list[str]:
    """The link targets in a Markdown field that are not http, https, mailto or relative."""
    bad = []
    for target in _convert(text)[1]:
        cleaned = "".join(ch for ch in html.unescape(target) if ch > " ").lower()
        try:
            scheme = urlsplit(cleaned).scheme
        except ValueError:
            scheme = "invalid"
        if scheme not in ALLOWED_SCHEMES:
            bad.append(target)
    return bad


def escape_text(text: str) -> str:
    """One-line text for a Markdown text context: punctuation backslashed, then `<>&` escaped."""
    return html.escape(_MD_SPECIAL.sub(r"\\\1", text), quote=False)
