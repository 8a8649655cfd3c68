"""Author text -> safe output: Markdown fields to HTML, one-line text escaped.

Exercise text is data. Markdown fields keep emphasis, lists and links, but raw HTML is shown
as the characters typed, headings, front matter, admonitions and code fences cannot restructure
the page (their markers stay literal), and links may only be http, https, mailto or relative.
The generator renders fields itself so that the page's own Markdown never sees author text.
"""

from __future__ import annotations

import html
import re
from functools import cache, lru_cache
from urllib.parse import urlsplit

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import AMP_SUBSTITUTE  # how Python-Markdown writes '&' in a URL as it works

ALLOWED_SCHEMES = frozenset({"http", "https", "mailto", ""})
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!])")
# Python-Markdown recurses once per list marker on a line (`- - - ...` overflows the stack) and
# scans ahead from every '[' for its link (thousands take minutes), so both are capped.
MAX_NESTING = 6
MAX_BRACKETS = 50
_TOO_DEEP = re.compile(r"^[ \t]*(?:(?:[-*+>]|\d{1,9}[.)])[ \t]+){" + str(MAX_NESTING + 1) + "}",
                       re.MULTILINE)


class _Links(Treeprocessor):
    """Collects every link and image target, so validation can refuse unsafe ones.

    It runs last, after the inline patterns (links, images, autolinks, e-mail autolinks) have
    made their elements, so it sees every URL the output will hold.
    """

    def run(self, root):
        found = []
        for element in root.iter():
            for attr in ("href", "src"):
                if attr in element.attrib:
                    found.append((element.tag, element.attrib[attr]))
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
        md.treeprocessors.register(_Links(md), "collect_links", -1)  # after unescape (0)


@cache
def python_markdown() -> markdown.Markdown:
    """The one Python-Markdown converter, made when first needed and reset for each field."""
    return markdown.Markdown(extensions=[_Restricted()], output_format="html")


@lru_cache(maxsize=65536)
def _convert(text: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    if _TOO_DEEP.search(text):
        raise ValueError(f"has lists or quotes nested more than {MAX_NESTING} deep on one "
                         "line; write the items on lines of their own")
    md = python_markdown()
    md.reset()
    try:
        body = md.convert(text)
    except RecursionError:  # a shape _TOO_DEEP did not foresee: still an error, not a crash
        raise ValueError("is nested too deeply to show; write it more simply") from None
    return body, tuple(getattr(md, "found_links", ()))


def to_html(text: str) -> str:
    """Render one Markdown field to HTML with nothing the author typed left live (the
    conversion validation made to find the links is remembered, so this costs a look-up)."""
    return _convert(text)[0]


def field_problems(text: str) -> list[str]:
    """Why a Markdown field cannot be published, in plain words; empty when it can."""
    if text.count("[") > MAX_BRACKETS:
        return [f"has {text.count('[')} '[' characters; a Markdown field may have at most "
                f"{MAX_BRACKETS} (each link uses one)"]
    try:
        return link_problems(text)
    except ValueError as exc:  # too deeply nested to render
        return [str(exc)]


def unsafe_links(text: str) -> list[str]:
    """The link and image targets in a Markdown field that `link_problems` refuses."""
    return [target for target, _ in _refused(text)]


def link_problems(text: str) -> list[str]:
    """Why each refused link or image in a Markdown field is refused, in plain words."""
    return [reason for _, reason in _refused(text)]


def _refused(text: str) -> list[tuple[str, str]]:
    refused = []
    for tag, target in _convert(text)[1]:
        if tag == "a" and target.startswith(("https://", "http://")) and "&" not in target \
                and AMP_SUBSTITUTE[0] not in target:
            continue  # a plain web link: what _scheme would conclude, without its work
        shown = target.replace(AMP_SUBSTITUTE, "&")
        reason = _target_problem(tag, target, shown)
        if reason:
            refused.append((shown, reason))
    return refused


def url_problems(url: str) -> list[str]:
    """Why a link given on its own (a reference's address) is refused: as a link in a
    Markdown field would be."""
    reason = _target_problem("a", url, url)
    return [reason] if reason else []


def _target_problem(tag: str, target: str, shown: str) -> str | None:
    scheme, cleaned = _scheme(target)
    if scheme not in ALLOWED_SCHEMES:
        return (f"link `{shown[:60]}` is not allowed; links must start with http://, https:// "
                "or mailto:, or point to a page of this site")
    if cleaned.startswith("//"):
        return (f"link `{shown[:60]}` leaves this site without saying how; write the full "
                "address, starting with https://")
    if tag == "img" and scheme:
        return (f"image `{shown[:60]}` is on another site, so every reader would load it from "
                "the internet; use an image file of this site")
    return None


def _scheme(target: str) -> tuple[str, str]:
    """The scheme a browser would see in `target`: entities decoded, blanks and control
    characters dropped, backslashes read as slashes (as browsers do for web addresses)."""
    decoded = html.unescape(target.replace(AMP_SUBSTITUTE, "&"))
    cleaned = "".join(ch for ch in decoded if ch > " ").replace("\\", "/").lower()
    try:
        return urlsplit(cleaned).scheme, cleaned
    except ValueError:
        return "invalid", cleaned


def escape_text(text: str) -> str:
    """One-line text for a Markdown text context: punctuation backslashed, then `<>&` escaped."""
    return html.escape(_MD_SPECIAL.sub(r"\\\1", text), quote=False)


def front_matter_text(text: str) -> str:
    """Text for a page's front matter `title` or `description`.

    Material prints those into HTML unescaped (the header, `<title>`, `<meta content="...">`
    and search results that fall back to the page title), so they hold HTML, not text: escaped
    once here, the browser shows exactly what the author typed.
    """
    return html.escape(text, quote=True)
