"""Hostile content: the generator answers with error lines or a safe site, never a traceback.

Two halves. Property tests (Hypothesis) feed random YAML documents, random bytes and random
text in every field of an exercise to `python -m generator check` (in-process, on a copy of the
project) and accept only a clean OK line or well-formed error lines. Then one real site is
built with hostile text in every field of an exercise and of site_data.yaml, and every file of
`site/` is scanned for anything live the content could have introduced.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from generator import layout
from generator.__main__ import main
from generator.schema import Exercise
from tests.conftest import copy_project, read_page, shared_site
from tests.pagefind_index import indexed_pages

LINE = re.compile(r"^[^:]+:\d+:\d+: [^:]+: .+$")
SUMMARY = re.compile(r"^\d+ errors? in \d+ files?$")
FUZZ = "content/exercises/fuzz.yaml"


@pytest.fixture(scope="module")
def root(tmp_path_factory) -> Path:
    return copy_project(tmp_path_factory.mktemp("hostile") / "project")


def check_answers_cleanly(root: Path, raw: bytes, capsys) -> None:
    (root / FUZZ).write_bytes(raw)
    capsys.readouterr()
    code = main(["--root", str(root), "check"])
    out, err = capsys.readouterr()
    if code == 0:
        # One OK line, and the note on a file not in the editor's layout if it is not.
        assert err == "" and out.startswith("OK: ")
        assert out.splitlines()[1:] in ([], [layout.advice([FUZZ])])
        event("the content was valid")
        assert main(["--root", str(root), "build"]) == 0  # valid content also renders
        capsys.readouterr()
        return
    assert code == 1 and out == ""
    lines = err.splitlines()
    assert lines and SUMMARY.match(lines[-1]), err
    assert len(lines) >= 2
    for line in lines[:-1]:
        assert LINE.match(line), line
        assert line.startswith(FUZZ + ":"), line


KEYS = list(Exercise.model_fields) + ["book", "insight", "body", "story", "days", "columns"]
SCALARS = (st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30)
           | st.sampled_from(["no", "1:30", "~", "", "0x1f", "-", "@x", "*x", "&a", "!x"]))
DATA = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4)
                    | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=8), inner,
                                      max_size=5), max_leaves=25)
SNIPPETS = st.sampled_from([": ", " #", "\t", "\u00a0", "- ", "? ", "&a ", "*a", "!!python/x ",
                            "---\n", "...\n", "'", '"', "[", "{", "}", "]", "|\n", ">\n",
                            "\\u202e", "\u202e", "\x00", "\xff", "%YAML 1.2\n", "<<: ", "\r"])


@st.composite
def yaml_documents(draw) -> bytes:
    """A dumped document in some style, then possibly broken at a random spot."""
    text = yaml.safe_dump(draw(DATA), allow_unicode=draw(st.booleans()),
                          default_flow_style=draw(st.sampled_from([False, True, None])))
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(SNIPPETS) + text[at:]
    return text.encode("utf-8", "surrogatepass")


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(yaml_documents())
def test_random_yaml_documents_get_ok_or_error_lines(root, capsys, raw):
    check_answers_cleanly(root, raw, capsys)


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.binary(max_size=300) | st.text(max_size=300).map(lambda t: t.encode("utf-8",
                                                                               "surrogatepass")))
def test_random_bytes_get_ok_or_error_lines(root, capsys, raw):
    check_answers_cleanly(root, raw, capsys)


TEXT = st.text(max_size=60)


@st.composite
def exercises_with_random_text(draw) -> bytes:
    data = {
        "title": draw(TEXT), "subtitle": draw(TEXT), "summary": draw(TEXT),
        "difficulty": draw(st.sampled_from(["easy", "hard"]) | TEXT),
        "recommended": draw(st.booleans() | TEXT),
        "source": {"book": draw(st.just("attached") | TEXT),
                   "insight": draw(st.integers(-2, 12) | TEXT)},
        "tags": draw(st.lists(st.sampled_from(["couples", "individual"]) | TEXT, max_size=3)),
        "outcome": draw(TEXT), "principles": draw(st.lists(TEXT, max_size=3)),
        "steps_title": draw(TEXT),
        "steps": [{"title": draw(TEXT), "body": draw(TEXT)}
                  for _ in range(draw(st.integers(0, 3)))],
        "examples": [{"title": draw(TEXT), "story": draw(TEXT)}],
        "reflection_questions": draw(st.lists(TEXT, max_size=3)),
        "tips": draw(st.lists(TEXT, max_size=3)), "background": draw(TEXT),
        "practice_log": {"days": draw(st.integers(0, 20)),
                         "columns": draw(st.lists(TEXT, max_size=3))},
        "related": draw(st.lists(st.just("dependency-paradox") | TEXT, max_size=2)),
    }
    return yaml.safe_dump(data, allow_unicode=True, width=draw(st.integers(20, 200))).encode(
        "utf-8", "surrogatepass")


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(exercises_with_random_text())
def test_random_text_in_every_field_gets_ok_or_error_lines(root, capsys, raw):
    check_answers_cleanly(root, raw, capsys)


LINE_TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1,
                    max_size=80).filter(str.strip)
MARKDOWN_TEXT = st.lists(LINE_TEXT, min_size=1, max_size=4).map("\n\n".join)


@st.composite
def plausible_exercises(draw) -> bytes:
    """Random text that mostly passes `check`, so rendering meets it too."""
    data = {
        "title": draw(LINE_TEXT), "subtitle": draw(LINE_TEXT), "summary": draw(MARKDOWN_TEXT),
        "difficulty": "easy", "recommended": draw(st.booleans()),
        "source": {"book": "attached", "insight": draw(st.integers(1, 8))},
        "tags": ["couples"], "outcome": draw(MARKDOWN_TEXT),
        "principles": draw(st.lists(MARKDOWN_TEXT, max_size=2)),
        "steps_title": draw(LINE_TEXT),
        "steps": [{"title": draw(LINE_TEXT), "body": draw(MARKDOWN_TEXT)}],
        "examples": [{"title": draw(LINE_TEXT), "story": draw(MARKDOWN_TEXT)}],
        "reflection_questions": draw(st.lists(LINE_TEXT, max_size=2)),
        "tips": draw(st.lists(LINE_TEXT, max_size=2)), "background": draw(MARKDOWN_TEXT),
        "practice_log": {"days": 3, "columns": [draw(LINE_TEXT)]},
        "related": ["dependency-paradox"],
    }
    return yaml.safe_dump(data, allow_unicode=True).encode("utf-8", "surrogatepass")


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(plausible_exercises())
def test_plausible_random_text_checks_and_renders_or_gets_error_lines(root, capsys, raw):
    check_answers_cleanly(root, raw, capsys)


# The built site ---------------------------------------------------------------------------

TITLE = ("Ünïcode: \"quotes\" 'single' # 日本語 עברית 😀 <img src=x onerror=alert(1)> "
         "{{ 7*7 }} {% if x %} &amp; \\*not emphasis* [x](y) </title>")
PAYLOAD = ("<script>alert(2)</script> <img src=x onerror=alert(3)> <svg onload=alert(4)> "
           "<a href=\"javascript:alert(5)\">x</a> <!-- <div> </p> </li> {{ 7*7 }} {% raw %} "
           "\" ' & javascript:alert(6) 😀 日本語")
BLOCK = (PAYLOAD + " &lt;script&gt;alert(7)&lt;/script&gt;\n\n# heading\n\n---\n\n"
         "!!! danger \"alert(8)\"\n    x\n\n```\nfence\n```\n\n"
         "[ok](https://example.org \"t\\\" onmouseover=\\\"alert(9)\") "
         "<https://example.org/\"onmouseover=\"alert(10)> {: onclick=\"alert(11)\" }\n")


def hostile_exercise() -> dict:
    line = PAYLOAD
    return {
        "title": TITLE, "subtitle": line, "summary": BLOCK, "difficulty": "easy",
        "recommended": True, "source": {"book": "attached", "insight": 1},
        "tags": ["couples"], "outcome": BLOCK, "principles": [BLOCK, line],
        "steps_title": line,
        "steps": [{"title": line, "body": BLOCK}, {"title": TITLE, "body": line}],
        "examples": [{"title": line, "story": BLOCK}],
        "reflection_questions": [line], "tips": [line], "background": BLOCK,
        "practice_log": {"days": 3, "columns": [line, "Mood"]},
        "related": ["dependency-paradox"],
    }


def make_site_data_hostile(root: Path) -> None:
    path = root / "site_data.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["safety_notice"] = PAYLOAD
    data["description"] = PAYLOAD
    for group in ("difficulties", "tags"):
        for item in data[group]:
            item["label"] = item["label"] + " <b onmouseover=alert(12)>"
            item["description"] = PAYLOAD
    data["books"][0]["authors"].append("<img src=x onerror=alert(13)>")
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory, built_project: Path) -> Path:
    def make(root: Path) -> Path:
        copy_project(root)
        (root / "content/exercises/hostile.yaml").write_text(
            yaml.safe_dump(hostile_exercise(), allow_unicode=True, sort_keys=False),
            encoding="utf-8")
        make_site_data_hostile(root)
        return root

    return shared_site(tmp_path_factory, "hostile", make, built_project) / "site"


URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster",
                  "background", "srcset", "ping"}


class LiveParts(HTMLParser):
    """Collects what could run in a browser: on* attributes, bad URLs, script bodies."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.in_script = False
        self.title: list[str] = []
        self.in_title = False

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}={value!r}>")
            if name in URL_ATTRIBUTES:
                cleaned = re.sub(r"[\x00-\x20]", "", value).lower()
                if cleaned.startswith(("javascript:", "vbscript:", "data:")):
                    self.found.append(f"<{tag} {name}={value!r}>")
            if name == "style" and "alert" in value:
                self.found.append(f"<{tag} style={value!r}>")
        if tag in ("script", "iframe", "object", "embed", "base", "form") and any(
                "alert" in (value or "") for _, value in attrs):
            self.found.append(f"<{tag} {attrs!r}>")
        # A Content-Security-Policy only takes away (the editor's page at /admin/ has one).
        if tag == "meta" and dict(attrs).get("http-equiv") not in (None,
                                                                   "Content-Security-Policy"):
            self.found.append(f"<meta {attrs!r}>")
        self.in_script = tag == "script"
        self.in_title = tag == "title"

    def handle_endtag(self, tag):
        self.in_script = self.in_title = False

    def handle_data(self, data):
        if self.in_script and "alert" in data:
            self.found.append(f"<script>{data[:80]}")
        if self.in_title:
            self.title.append(data)


def live_parts(text: str) -> LiveParts:
    parser = LiveParts()
    parser.feed(text)
    parser.close()
    return parser


def test_nothing_in_the_built_site_is_live(hostile_site):
    scanned = 0
    for path in sorted(hostile_site.rglob("*")):
        if path.suffix in (".html", ".xml"):
            found = live_parts(path.read_text(encoding="utf-8")).found
            assert found == [], f"{path.relative_to(hostile_site)}: {found}"
            scanned += 1
        elif path.suffix == ".js" and "javascripts/bundle" not in path.as_posix():
            assert "alert(" not in path.read_text(encoding="utf-8"), path
    assert scanned > 10


def test_the_search_index_holds_the_text_as_text(hostile_site):
    """Pagefind keeps each page's text, not its HTML: markup typed into a field is there as
    the characters the reader sees (the browser test below shows it stays text)."""
    entries = [page for page in indexed_pages(hostile_site)
               if page["url"].startswith("/exercises/hostile/")]
    assert [page["meta"]["title"] for page in entries] == [TITLE]
    assert TITLE in entries[0]["content"]


@pytest.mark.browser
def test_searching_hostile_text_shows_it_as_text(hostile_site, browser):
    """The results show titles as text and excerpts as text with <mark>s, never live HTML."""
    from bench.reader import serve

    page = browser.new_page()
    alerts: list[str] = []
    page.on("dialog", lambda dialog: (alerts.append(dialog.message), dialog.dismiss()))
    try:
        with serve(hostile_site) as url:
            page.goto(url, wait_until="load")
            page.locator(".md-search__input").click()
            page.locator(".md-search__input").press_sequentially("onerror")
            page.wait_for_function(
                "() => document.querySelector('.md-search-result').dataset.complete")
            title = page.locator(".md-search-result__item h1").first.text_content()
            live = page.eval_on_selector_all(
                ".md-search-result *", "els => els.map(el => el.tagName.toLowerCase())")
            page.wait_for_timeout(200)
    finally:
        page.close()
    assert " ".join(title.split()) == " ".join(TITLE.split())
    assert set(live) <= {"div", "ol", "li", "a", "article", "h1", "h2", "p", "mark"}, live
    assert alerts == []


def test_the_title_appears_exactly_everywhere(hostile_site):
    page = read_page(hostile_site, "exercises/hostile/")
    parts = live_parts(page)
    assert "".join(parts.title) == f"{TITLE} - Attached Exercises"
    topic = page.split('data-md-component="header-topic"', 1)[1].split("</span>", 1)[0]
    assert html.unescape(re.sub(r"<[^>]*>", "", topic.split(">", 2)[2])).strip() == TITLE
    h1 = page.split("<h1", 1)[1].split("</h1>", 1)[0].split(">", 1)[1]
    h1 = re.sub(r'<a class="headerlink".*?</a>', "", h1)
    assert html.unescape(h1) == TITLE
    titles = [page["meta"]["title"] for page in indexed_pages(hostile_site)
              if page["url"].startswith("/exercises/hostile/")]
    assert TITLE in titles
    listing = read_page(hostile_site, "exercises/")
    assert html.escape(TITLE, quote=False) in listing


def test_template_syntax_in_content_stays_literal(hostile_site):
    page = read_page(hostile_site, "exercises/hostile/")
    assert page.count("{{ 7*7 }}") >= 10
    assert "{% raw %}" in page and "{% if x %}" in page
    assert ">49<" not in page


def test_every_section_after_hostile_text_is_still_there(hostile_site):
    page = read_page(hostile_site, "exercises/hostile/")
    for heading in ("achieve", "Key principles", "Example", "Reflection questions",
                    "Personalization tips", "Practice log", "Background", "Source",
                    "Related exercises", "Look after yourself", "Edit this exercise"):
        assert heading.lower() in page.lower(), heading
    assert page.count("<h1") == 1
    body = page.split('<article', 1)[1]
    assert "<h1" in body and body.count("<h2") >= 8
