"""Markdown fields and one-line text: what the author typed is shown, nothing typed runs.

The checks read the HTML the way a browser does (html.parser decodes entities in attributes)
and decide what a URL's scheme is with WHATWG's rules, written out here independently of
generator/markup.py, so the test is an oracle and not a copy.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import markdown
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import markup

ALLOWED = {"p": set(), "em": set(), "strong": set(), "code": set(), "br": set(),
           "blockquote": set(), "ul": set(), "ol": {"start"}, "li": set(),
           "a": {"href", "rel", "title"}, "img": {"src", "alt", "title"}}
SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")


class Elements(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)

    def handle_comment(self, data):
        self.elements.append(("<!--", {}))


def parse(html: str) -> Elements:
    parser = Elements()
    parser.feed(html)
    parser.close()
    return parser


def browser_url(value: str) -> tuple[str, bool]:
    """(scheme, leaves the site with no scheme) as a browser would read an href or src."""
    value = value.strip("".join(map(chr, range(33))))
    value = re.sub(r"[\t\n\r]", "", value)
    match = SCHEME.match(value)
    return (match.group(1).lower() if match else "",
            not match and value.replace("\\", "/").startswith("//"))


def assert_inert(html: str, links_refused: bool) -> None:
    for tag, attrs in parse(html).elements:
        assert tag in ALLOWED, (tag, html)
        for name, value in attrs.items():
            assert name in ALLOWED[tag], (tag, name, html)
            if name in ("href", "src") and not links_refused:
                scheme, off_site = browser_url(value or "")
                assert scheme in ("", "http", "https", "mailto"), (value, html)
                assert not off_site, (value, html)
                if tag == "img":
                    assert scheme == "", (value, html)


def test_raw_html_is_shown_as_typed():
    for typed in ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<div>",
                  "<!-- hidden", "</div></div>", "<a href='javascript:alert(1)'>x</a>"):
        html = markup.to_html(f"Before {typed} after")
        assert "".join(parse(html).text) == f"Before {typed} after"
        assert [tag for tag, _ in parse(html).elements] == ["p"]


def test_emphasis_lists_and_links_are_kept():
    html = markup.to_html("Some *soft* and **strong** words.\n\n- one\n- two\n\n"
                          "See [the study](https://example.org/a?b=1&c=2) or "
                          "[write](mailto:a@example.org) or [the guide](../guide/).")
    tags = [tag for tag, _ in parse(html).elements]
    assert tags == ["p", "em", "strong", "ul", "li", "li", "p", "a", "a", "a"]
    assert 'href="https://example.org/a?b=1&amp;c=2"' in html


@pytest.mark.parametrize("typed", [
    "# A heading", "Title\n=====", "Title\n-----", "---\ntitle: x\n---", "***",
    "    indented code", "```\nfence\n```", "!!! warning \"x\"\n    body", "??? note",
    "[ref]: https://example.org", "{: .class onclick=\"x\" }", "term\n:   definition",
    "<div markdown=\"1\">*x*</div>", "{{ 7 * 7 }}", "{% include 'x' %}",
])
def test_block_markers_cannot_restructure_the_page(typed):
    html = markup.to_html(typed)
    tags = {tag for tag, _ in parse(html).elements}
    assert tags <= {"p", "em", "strong", "code"}, html
    if typed.startswith(("{{", "{%")):
        assert "".join(parse(html).text) == typed


@pytest.mark.parametrize("typed", [
    "[a](javascript:alert(1))", "[a](JaVaScRiPt:alert(1))", "[a]( javascript:alert(1))",
    "[a](<javascript:alert(1)>)", "[a](&#106;avascript:alert(1))",
    "[a](java&#x09;script:alert(1))", "[a](javascript&colon;alert(1))",
    "[a](vbscript:x)", "[a](data:text/html,x)", "![a](javascript:alert(1))",
    "![a](data:image/svg+xml,x)", "[a](file:///etc/passwd)", "[a](//evil.example)",
    "[a](/\\evil.example)", "![a](https://tracker.example/pixel.png)",
])
def test_links_outside_http_https_mailto_and_relative_are_refused(typed):
    assert markup.unsafe_links(typed), typed
    assert markup.link_problems(typed)


@pytest.mark.parametrize("typed", [
    "[a](https://example.org)", "[a](http://example.org)", "[a](mailto:x@example.org)",
    "[a](../other/)", "[a](#section)", "![a](images/x.png)", "<https://example.org>",
    "<someone@example.org>", "[a](javascript\\:alert(1))",
])
def test_safe_links_pass(typed):
    assert markup.unsafe_links(typed) == []
    assert_inert(markup.to_html(typed), links_refused=False)


def test_autolinks_and_email_links_are_seen():
    assert markup.unsafe_links("<mailto:javascript:alert(1)>") == []
    html = markup.to_html("<someone@example.org> and <https://example.org>")
    hrefs = [attrs["href"] for tag, attrs in parse(html).elements if tag == "a"]
    assert hrefs == ["mailto:someone@example.org", "https://example.org"]


FRAGMENTS = ["<script>", "</div>", "<!--", "-->", "[a](", ")", "](", "![", "javascript:",
             "JAVA\tSCRIPT:", "&#106;", "&#x6A;", "&colon;", "<", ">", "\n", "\n\n", "# ",
             "---", "```", "!!! note ", "    ", "*", "_", "`", "<http://", "<mailto:", "@",
             "\\", "//", "{{", "}}", "{%", "%}", "&", ";", '"', "'", " on", "onerror=",
             "data:", "<img src=x onerror=alert(1)>", "\t", "{: ", "}", "- ", "1. ", "> ",
             "https://", "vbscript:", "<svg onload=alert(1)>", "&amp;", "\\<", "[^1]"]
TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=20)
HOSTILE = st.lists(st.one_of(TEXT, st.sampled_from(FRAGMENTS)), max_size=25).map("".join)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(HOSTILE)
def test_any_markdown_field_renders_inert_html(text):
    html = markup.to_html(text)
    assert_inert(html, links_refused=bool(markup.unsafe_links(text)))


ONE_LINE = st.lists(st.one_of(st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")),
                                      max_size=15),
                              st.sampled_from([f for f in FRAGMENTS if "\n" not in f])),
                    max_size=15).map("".join)
SITE_MARKDOWN = markdown.Markdown(extensions=["toc", "admonition", "attr_list", "md_in_html",
                                              "def_list", "pymdownx.details"])


@settings(max_examples=300, deadline=None)
@given(ONE_LINE)
def test_one_line_text_in_a_heading_shows_exactly_what_was_typed(text):
    """The `text` filter as the site's own Markdown (mkdocs.yml's extensions) reads it."""
    SITE_MARKDOWN.reset()
    html = SITE_MARKDOWN.convert("# " + markup.escape_text(text))
    page = parse(html)
    expected = " ".join(text.split())
    if not expected:
        return
    assert [tag for tag, _ in page.elements] == ["h1"], html
    assert " ".join("".join(page.text).split()) == expected


def test_front_matter_text_is_html_that_shows_the_text():
    typed = "\"Quotes\" & <img src=x onerror=alert(1)> 'it's' 日本語 😀"
    escaped = markup.front_matter_text(typed)
    assert "<" not in escaped and '"' not in escaped
    assert "".join(parse(f"<title>{escaped}</title>").text) == typed


@pytest.mark.parametrize("typed", ["- " * 6000, "1. " * 4000, "* " * 6000, "> " * 6000,
                                   "x\n\n  - - - - - - - y"])
def test_lists_nested_on_one_line_are_an_error_not_a_crash(typed):
    assert markup.field_problems(typed) == [
        f"has lists or quotes nested more than {markup.MAX_NESTING} deep on one line; write "
        "the items on lines of their own"]


def test_a_field_full_of_brackets_is_refused_before_it_is_rendered():
    assert markup.field_problems("[" * 12000) == [
        f"has 12000 '[' characters; a Markdown field may have at most {markup.MAX_BRACKETS} "
        "(each link uses one)"]
    assert markup.field_problems("See [a](https://example.org) and [b](../b/). " * 25) == []
