"""Material's search box, typed into as a reader does; the index is queried in a web worker."""

from __future__ import annotations

import re

import pytest

from .conftest import DESKTOP, open_page, type_search

pytestmark = pytest.mark.browser


def search(page, site_url: str, query: str) -> list[dict]:
    """Type `query` into the search box on the home page; the results shown for it."""
    page.set_viewport_size(DESKTOP)
    open_page(page, site_url, "")
    type_search(page, query)
    meta = page.locator(".md-search-result__meta")
    found = page.eval_on_selector_all(
        ".md-search-result__item",
        """items => items.map(item => {
            const link = item.querySelector('a');
            const title = link.querySelector('h1');
            return {title: title ? title.textContent.trim().replace(/\\s+/g, ' ') : '',
                    href: link.href};
        })""")
    return found if "No matching" not in meta.inner_text() else []


def slugs_found(results: list[dict]) -> set[str]:
    return {m.group(1) for r in results
            if (m := re.search(r"exercises/([^/?#]+)/", r["href"] or ""))}


def test_bids_finds_the_secure_base_strategy(page, site_url):
    results = search(page, site_url, "bids")
    assert "The Secure Base Strategy" in [r["title"] for r in results], results
    assert page.locator(".md-search-result mark", has_text=re.compile("bids", re.I)).count()


def test_dependency_paradox_finds_its_exercise(page, site_url, site):
    results = search(page, site_url, "dependency paradox")
    title = site.entry("dependency-paradox").exercise.title
    assert "dependency-paradox" in slugs_found(results), results
    assert any(r["title"] == " ".join(title.split()) for r in results), results


def test_word_from_a_reflection_question_finds_its_page(page, site_url, site):
    """`opportunities` is only in a reflection question of the dependency-paradox exercise."""
    word = "opportunities"
    owners = {e.slug for e in site.exercises
              if any(word in q.lower() for q in e.exercise.reflection_questions)}
    assert owners == {"dependency-paradox"}, "the content changed; pick another word"
    results = search(page, site_url, word)
    assert slugs_found(results) == {"dependency-paradox"}, results
    result = page.locator(".md-search-result__item > a", has_text=re.compile(word, re.I)).first
    result.click()
    page.wait_for_url(re.compile(r"/exercises/dependency-paradox/"))
    assert page.locator("ol.ex-questions li", has_text=word).first.is_visible()


def test_nonsense_finds_nothing(page, site_url):
    assert search(page, site_url, "qzxvwplk") == []
    meta = page.locator(".md-search-result__meta")
    assert "No matching documents" in meta.inner_text()
    assert page.locator(".md-search-result__item").count() == 0
