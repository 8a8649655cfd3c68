"""What a therapist chooses an exercise by (issue 28), in Chromium, on the site of 50 synthetic
exercises and one with every key (the `therapists_site` of tests/conftest.py): the cautions
are a note a screen reader announces by its name, the guidance for therapists stays folded
until opened, and the search's filters by audience and by time give exactly the exercises
that have them, through the search box and through Pagefind itself.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator import catalogue, render
from tests.conftest import serving
from tests.test_therapists import SHOWN, SLUG, expected_filters

from .conftest import DESKTOP, answered, audit, audit_report, open_page, type_search


@pytest.fixture(scope="module")
def therapists_url(therapists_site: Path):
    with serving(therapists_site / "site") as url:
        yield url


@pytest.fixture(scope="module")
def expected(therapists_site: Path) -> dict[str, dict[str, list[str]]]:
    return expected_filters(catalogue.load(therapists_site))


@pytest.mark.parametrize("folder", list(SHOWN))
@pytest.mark.parametrize("kind", ["exercises", "worksheets"])
def test_the_cautions_are_a_note_announced_by_its_name(page, therapists_url, folder, kind):
    open_page(page, therapists_url, f"{folder}{kind}/{SLUG}/")
    note = page.get_by_role("note", name=SHOWN[folder]["cautions"])
    assert note.count() == 1 and note.is_visible()
    assert SHOWN[folder]["caution"] in note.inner_text()


def test_the_guidance_for_therapists_is_folded_until_opened(page, therapists_url):
    open_page(page, therapists_url, f"exercises/{SLUG}/")
    guided = page.locator(".ex-therapists p").first
    assert not guided.is_visible()
    page.get_by_text(SHOWN[""]["guidance"]).click()
    guided.wait_for(state="visible")
    assert SHOWN[""]["guided"] in guided.inner_text()


def test_the_new_sections_have_no_serious_accessibility_violations(page, therapists_url):
    found = audit(page, therapists_url, [f"exercises/{SLUG}/", f"worksheets/{SLUG}/",
                                         f"es/exercises/{SLUG}/"])
    assert not found, audit_report(found)


def matching(expected: dict, folder: str, name: str, value: str) -> set[str]:
    return {url for url, filters in expected.items()
            if url.startswith(f"/{folder}exercises/") and value in filters.get(name, [])}


def pagefind_urls(page, query: str | None, filters: dict[str, str]) -> set[str]:
    """The addresses Pagefind's own API finds on the open page's index (its language)."""
    return set(page.evaluate(
        """async ([query, filters]) => {
            const pagefind = await import(new URL("/pagefind/pagefind.js", location.href));
            await pagefind.options({ baseUrl: "/" });
            const found = await pagefind.search(query, { filters });
            const pages = await Promise.all(found.results.map(r => r.data()));
            return pages.map(p => p.url);
        }""", [query, filters]))


CHOICES = ([("audience", a) for a in ("individual", "couple", "family", "group")]
           + [("time", r[0]) for r in render.TIME_RANGES])


@pytest.mark.parametrize("folder", list(SHOWN))
def test_pagefind_filters_give_exactly_the_matching_exercises(page, therapists_url, expected,
                                                               folder):
    open_page(page, therapists_url, folder)
    for name, value in CHOICES:
        assert pagefind_urls(page, None, {name: value}) == matching(expected, folder, name,
                                                                    value), (name, value)
    # With words: what the words find, narrowed to what the filter matches.
    words = pagefind_urls(page, "partner", {})
    assert pagefind_urls(page, "partner", {"time": "up-to-10"}) == words & matching(
        expected, folder, "time", "up-to-10")


def chosen(page, name: str, value: str, query: str = "") -> list[str]:
    """Choose a filter in the search box (after typing `query`): the count shown and the
    links of the first results, once they are all there."""
    page.locator(f"select[data-search-filter='{name}']").select_option(value)
    asked = (f"{query} " if query else "") + json.dumps({name: value}, separators=(",", ":"))
    answered(page, asked)
    return page.eval_on_selector_all(".md-search-result__item > a:first-child",
                                     "links => links.map(a => new URL(a.href).pathname)")


@pytest.mark.parametrize("name, value", [("audience", "couple"), ("time", "up-to-10")])
def test_the_search_box_filters_list_the_matching_exercises(page, therapists_url, expected,
                                                            name, value):
    page.set_viewport_size(DESKTOP)
    open_page(page, therapists_url, "")
    page.locator(".md-search__input").click()
    shown = chosen(page, name, value)
    wanted = matching(expected, "", name, value)
    assert shown and set(shown) <= wanted
    assert str(len(wanted)) in page.locator(".md-search-result__meta").inner_text()


def test_a_filter_narrows_the_words_typed(page, therapists_url, expected):
    page.set_viewport_size(DESKTOP)
    open_page(page, therapists_url, "")
    type_search(page, "partner")
    shown = chosen(page, "audience", "group", "partner")
    assert set(shown) <= matching(expected, "", "audience", "group")
