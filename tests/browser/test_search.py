"""The site's search: Pagefind's index (generator/search.py) in Material's search box
(overrides/assets/javascripts/search.js), typed into as a reader does, on the built site.

What a result must be: the page's title and an excerpt with the words marked, links straight
to the sections (a step, the reflection questions) that land on their anchors, exercise pages
and never their worksheets; nonsense finds nothing. It must work from a sub-path as on GitHub
Pages, ask no other host, fit a phone, keep Material's shortcuts, and work in `make serve`.
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from urllib.parse import urlsplit

import material
import pytest

from bench.reader import serve
from tests.conftest import free_port, new_context
from tests.test_serve import EXERCISE, PAGE, START_LIMIT, Preview, _title

from .conftest import (
    DESKTOP,
    PHONE,
    Requests,
    SearchFailed,
    answered,
    open_page,
    origin_of,
    settled,
    type_search,
)

INDEX_LIMIT = 120.0  # seconds for the preview's search index to catch up with a save (loaded)


ROOT = Path(__file__).resolve().parents[2]
NONSENSE = "qzxvwplk"


def results(page) -> list[dict]:
    """The results shown: each page's title and link, and its sections' titles and links."""
    return page.eval_on_selector_all(
        ".md-search-result__item",
        """items => items.map(item => {
            const [first, ...rest] = item.querySelectorAll('a.md-search-result__link');
            const text = el => el.textContent.trim().replace(/\\s+/g, ' ');
            return {title: text(first.querySelector('h1')), href: first.href,
                    excerpt: first.querySelector('p') ? text(first.querySelector('p')) : '',
                    sections: rest.map(a => ({title: text(a.querySelector('h2')),
                                              href: a.href}))};
        })""")


def search(page, url: str, query: str, size: dict = DESKTOP) -> list[dict]:
    page.set_viewport_size(size)
    open_page(page, url, "")
    type_search(page, query)
    return results(page)


def links(found: list[dict]) -> list[str]:
    return [r["href"] for r in found] + [s["href"] for r in found for s in r["sections"]]


def lands_on(page, fragment: str) -> str:
    """The text of the element `fragment` names, once it is scrolled into the window."""
    target = page.locator(f"[id='{fragment}']")
    page.wait_for_function(
        """id => { const box = document.getElementById(id).getBoundingClientRect();
                   return box.top >= 0 && box.top < window.innerHeight; }""", arg=fragment)
    return target.inner_text()


def test_a_step_is_found_and_its_link_lands_on_the_step(page, site_url, site):
    step = next(s for s in site.entry("secure-base-strategy").exercise.steps
                if "bids" in s.title)
    found = search(page, site_url, "bids")
    exercise = next(r for r in found if r["href"].endswith("/exercises/secure-base-strategy/"))
    assert exercise["title"] == "The Secure Base Strategy"
    section = next(s for s in exercise["sections"] if step.title in s["title"])
    assert page.locator(".md-search-result mark", has_text=re.compile("bids", re.I)).count()
    page.locator(".md-search-result__link", has=page.locator("h2", has_text=step.title)).click()
    page.wait_for_url(section["href"])
    assert step.title in lands_on(page, urlsplit(section["href"]).fragment)


def test_a_reflection_question_is_found_and_its_link_lands_on_the_questions(page, site_url,
                                                                            site):
    """`opportunities` is only in a reflection question of the dependency-paradox exercise."""
    word = "opportunities"
    owners = {e.slug for e in site.exercises
              if any(word in q.lower() for q in e.exercise.reflection_questions)}
    assert owners == {"dependency-paradox"}, "the content changed; pick another word"
    found = search(page, site_url, word)
    assert [urlsplit(r["href"]).path for r in found] == ["/exercises/dependency-paradox/"]
    section = found[0]["sections"][0]
    assert section["title"] == "Reflection Questions"
    assert urlsplit(section["href"]).fragment == "reflection-questions"
    mark = page.locator(".md-search-result__link mark", has_text=re.compile(word, re.I))
    assert mark.count()
    mark.first.click()
    page.wait_for_url(section["href"])
    lands_on(page, "reflection-questions")
    assert page.locator("ol.ex-questions li", has_text=word).first.is_visible()


def test_results_are_exercise_pages_never_their_worksheets(page, site_url, site):
    """Each worksheet repeats its exercise's steps and questions word for word."""
    step = site.entry("dependency-paradox").exercise.steps[0].title
    found = search(page, site_url, step)
    assert any(urlsplit(r["href"]).path == "/exercises/dependency-paradox/" for r in found)
    assert not [href for href in links(found) if "/worksheets/" in href]
    assert not [href for href in links(found) if href.endswith("404.html")]


def test_nonsense_finds_nothing(page, site_url):
    assert search(page, site_url, NONSENSE) == []
    assert page.locator(".md-search-result__meta").inner_text().strip() == "No matching documents"


@pytest.fixture(scope="module")
def sub_path_url(site_dir):
    """The built site served under /attached-exercises/, as GitHub Pages serves a project."""
    with serve(site_dir) as url:
        yield url


def test_search_under_a_sub_path_on_a_phone_asks_only_this_site(browser, sub_path_url):
    context = new_context(browser, viewport=PHONE, is_mobile=True, has_touch=True)
    requests = Requests(origin_of(sub_path_url))
    requests.attach(context)
    try:
        page = context.new_page()
        requests.attach_page(page)
        open_page(page, sub_path_url, "")
        type_search(page, "secure base")
        found = results(page)
        assert found and all(href.startswith(sub_path_url) for href in links(found)), found
        settled(page)
        wide = page.evaluate("""() => {
            const wrap = document.querySelector('.md-search__scrollwrap');
            return {page: document.scrollingElement.scrollWidth, window: window.innerWidth,
                    list: wrap.scrollWidth, box: wrap.clientWidth,
                    right: Math.max(...[...document.querySelectorAll(
                        '.md-search-result__link')].map(a => a.getBoundingClientRect().right))};
        }""")
        assert wide["page"] <= wide["window"] and wide["list"] <= wide["box"], wide
        assert wide["right"] <= wide["window"], wide
        page.locator(".md-search-result__link").first.click()
        page.wait_for_url(found[0]["href"])
        assert page.locator("h1").first.is_visible()
    finally:
        context.close()
    assert not requests.foreign(), requests.foreign()
    fetched = [url for _, url in requests.seen if url.startswith("http")]
    assert any("/attached-exercises/pagefind/" in url for url in fetched), fetched
    assert all(urlsplit(url).path.startswith("/attached-exercises/") for url in fetched), fetched


def test_the_search_shortcut_opens_and_escape_closes(page, site_url):
    page.set_viewport_size(DESKTOP)
    open_page(page, site_url, "exercises/")
    for key in ("/", "s"):
        page.locator("body").press(key)
        page.wait_for_function("() => document.getElementById('__search').checked")
        assert page.evaluate("document.activeElement.classList.contains('md-search__input')")
        assert page.locator(".md-search__input").input_value() == ""  # the key opened it only
        page.keyboard.press("Escape")
        page.wait_for_function("() => !document.getElementById('__search').checked")


def test_q_in_the_address_opens_the_search_with_its_results(page, site_url):
    """The 404 page offers a search for the words of the address that was not found."""
    open_page(page, site_url, "?q=secure+base")
    answered(page, "secure base")
    assert page.evaluate("document.getElementById('__search').checked")
    assert results(page)


def test_materials_search_index_is_neither_built_nor_fetched(page, site_url, site_dir):
    assert not (site_dir / "search").exists()
    assert (site_dir / "pagefind" / "pagefind.js").is_file()
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    search(page, site_url, "bids")
    assert not [url for url in fetched if "search_index" in url or "/workers/search" in url]


def test_the_preview_finds_what_was_just_saved(browser, project):
    """`make serve` indexes each rebuild (on_post_build), beside the server: a saved title is
    found a moment after its page shows it."""
    preview = Preview(project, free_port())
    try:
        preview.wait_for("first page", lambda: preview.get(PAGE), START_LIMIT)
        page = browser.new_page()
        assert search(page, preview.url, "lighthouse") == []
        # The open page would reload itself after the save (the preview's live reload) and
        # abort the next visit half-way: the reader's second look is a page of its own.
        page.close()
        path = project / EXERCISE
        path.write_text(path.read_text(encoding="utf-8").replace(
            "title: The Secure Base Strategy", "title: The Lighthouse Strategy", 1),
            encoding="utf-8")
        preview.wait_for("new title", lambda: _title(preview.get(PAGE)).startswith(
            "The Lighthouse Strategy"))
        deadline = time.monotonic() + INDEX_LIMIT
        while True:
            page = browser.new_page()
            try:
                found = search(page, preview.url, "lighthouse")
            except SearchFailed:  # the index was replaced while this page read it
                found = []
            page.close()
            if found or time.monotonic() > deadline:
                break
            time.sleep(0.5)
        assert [(r["title"], urlsplit(r["href"]).path) for r in found][:1] == [
            ("The Lighthouse Strategy", "/" + PAGE)], found
    finally:
        preview.stop()


def without_comment(path: Path) -> str:
    return re.sub(r"^\{#-.*?-#\}\n", "", path.read_text(encoding="utf-8"), flags=re.S)


def test_header_partial_is_materials_own_with_the_search_box_always_there_and_our_menu():
    """overrides/partials/header.html is a copy; after a Material upgrade it must be re-copied."""
    stock = without_comment(Path(material.__file__).parent / "templates" / "partials"
                            / "header.html")
    ours = without_comment(ROOT / "overrides" / "partials" / "header.html")
    condition = re.compile(
        r'    \{% if "material/search" in config\.plugins %\}\n.*?\{% if search\.enabled %\}\n'
        r'(.*?)      \{% endif %\}\n    \{% endif %\}\n', re.S)
    unconditional = condition.sub(
        lambda m: re.sub(r"^    ", "", m.group(1), flags=re.M), stock)
    assert unconditional != stock, f"{stock} changed: copy it again and drop the condition"
    materials_menu = ('{% if config.extra.alternate %}\n'
                      '      {% include "partials/alternate.html" %}')
    assert materials_menu in unconditional
    assert ours == unconditional.replace(materials_menu, (
        '{% if config.extra.languages %}\n      {% include "partials/languages.html" %}'))
