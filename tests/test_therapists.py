"""What a therapist chooses and assigns an exercise by (issue 28): its time, who it is for, its
cautions, its references and the guidance for therapists, on a built site of 50 synthetic
exercises and one with every key, in English and in Spanish (tests/i18n/clinician).

Where each shows: time and audience beside the difficulty, the cautions above the steps (on
the worksheet and its PDF too), the references under the background, the guidance folded away
on the exercise page and never on the worksheet or the PDF. The search's filters are checked
on the Pagefind index itself (tests/pagefind_index.py); the browser tests drive them.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator import catalogue, render
from tests.conftest import read_page
from tests.pagefind_index import indexed_pages
from tests.test_i18n import pdf_text

SLUG = "choosing-together"
# What the exercise with every key shows, in each language (tests/i18n/clinician).
SHOWN = {
    "": {"time": "Time: 10–15 minutes · Daily for a week",
         "audience": "For: Couple, Family",
         "cautions": "Cautions: when not to do this exercise, or when to stop",
         "caution": "controls or frightens",
         "references": "References", "background": "Background",
         "guidance": "For therapists: introducing and debriefing the exercise",
         "guided": "name one need", "step": "Sit down together."},
    "es/": {"time": "Tiempo: 10–15 minutos · Cada día durante una semana",
            "audience": "Para: Pareja, Familia",
            "cautions": "Precauciones: cuándo no hacer este ejercicio, o cuándo parar",
            "caution": "controla o atemoriza",
            "references": "Referencias", "background": "Contexto",
            "guidance": "Para terapeutas: cómo presentar el ejercicio y comentarlo después",
            "guided": "nombrar una necesidad", "step": "Sentaos juntos."},
}
LANGUAGES = list(SHOWN)


@pytest.fixture(scope="module")
def site_dir(therapists_site: Path) -> Path:
    return therapists_site / "site"


@pytest.fixture(scope="module")
def site(therapists_site: Path) -> catalogue.Site:
    return catalogue.load(therapists_site)


def text(html: str) -> str:
    """The text of an HTML fragment, its tags dropped and its blanks run together."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html)).strip()


def article(html: str) -> str:
    """The page's own content: Material's article, without the header, search or footer."""
    return html.split('<article class="md-content__inner', 1)[1].split("</article>", 1)[0]


def element(html: str, pattern: str, tag: str) -> str:
    """The first element whose start tag matches `pattern`, up to its closing `tag`."""
    match = re.search(pattern, html)
    assert match, pattern
    return html[match.start():html.index(f"</{tag}>", match.start())]


@pytest.mark.parametrize("folder", LANGUAGES)
def test_time_and_audience_show_beside_the_difficulty(site_dir, folder):
    meta = element(article(read_page(site_dir, f"{folder}exercises/{SLUG}/")),
                   r'<p class="ex-meta">', "p")
    assert "ex-badge--easy" in meta
    assert text(element(meta, r'<span class="ex-time"', "span")) == SHOWN[folder]["time"]
    audience = meta[meta.index('<span class="ex-audience"'):]
    assert text(audience).startswith(SHOWN[folder]["audience"])


@pytest.mark.parametrize("folder", LANGUAGES)
def test_cautions_are_a_box_named_for_screen_readers_above_the_steps(site_dir, folder):
    page = article(read_page(site_dir, f"{folder}exercises/{SLUG}/"))
    box = element(page, r'<div class="admonition danger ex-cautions"', "div")
    labelled = re.search(r'role="note" aria-labelledby="([^"]+)"', box)
    assert labelled, box
    title = element(box, rf'<p class="admonition-title" id="{labelled.group(1)}"', "p")
    assert text(title) == SHOWN[folder]["cautions"]
    assert SHOWN[folder]["caution"] in text(box)
    assert page.index(box) < page.index(SHOWN[folder]["step"])


@pytest.mark.parametrize("folder", LANGUAGES)
def test_references_follow_the_background_with_their_links(site_dir, folder):
    page = article(read_page(site_dir, f"{folder}exercises/{SLUG}/"))
    background = page.index(f">{SHOWN[folder]['background']}<")
    heading = page.index(f">{SHOWN[folder]['references']}<")
    assert background < heading
    references = element(page[heading:], r'<ol class="ex-references">', "ol")
    links = re.findall(r'<a href="([^"]+)"', references)
    assert links == ["https://doi.org/10.1000/xyz123", "https://example.org/check-ins"]
    assert text(references).startswith("Author, A. (2001). A study of check-ins.")


@pytest.mark.parametrize("folder", LANGUAGES)
def test_guidance_for_therapists_is_folded_away_on_the_exercise_page(site_dir, folder):
    page = article(read_page(site_dir, f"{folder}exercises/{SLUG}/"))
    details = element(page, r'<details class="note ex-therapists"', "details")
    assert " open" not in details.split(">", 1)[0]
    assert text(element(details, "<summary", "summary")) == SHOWN[folder]["guidance"]
    assert SHOWN[folder]["guided"] in text(details)
    assert page.count(SHOWN[folder]["guided"]) == 1


@pytest.mark.parametrize("folder", LANGUAGES)
def test_worksheet_and_pdf_show_time_and_cautions_never_the_guidance(clinician_site, folder):
    words = SHOWN[folder]
    site_dir = clinician_site / "site"
    worksheet = read_page(site_dir, f"{folder}worksheets/{SLUG}/")
    form = element(worksheet, r'<form class="ws"', "form")
    assert text(element(form, r'<p class="ws-time"', "p")) == words["time"]
    cautions = element(form, r'<section class="ws-section ws-cautions" role="note"', "section")
    assert words["cautions"] in text(cautions) and words["caution"] in text(cautions)
    assert form.index(cautions) < form.index(words["step"])
    assert words["guided"] not in worksheet and words["guidance"] not in worksheet
    printed = re.sub(r"\s+", " ", pdf_text(site_dir / f"{folder}worksheets/{SLUG}.pdf"))
    assert words["caution"] in printed and words["time"].split(": ")[1] in printed
    assert words["guided"] not in printed and words["guidance"] not in printed


def test_no_worksheet_holds_its_guidance_for_therapists(site_dir, site):
    """At N = 50: every synthetic exercise has guidance, and no worksheet shows it."""
    synthetic = [entry for entry in site.exercises if entry.slug != SLUG]
    assert len(synthetic) == 50
    for entry in synthetic:
        guidance = entry.exercise.for_therapists
        assert guidance
        first = guidance.split(".")[0]  # plain words (bench/synth.py)
        assert first in read_page(site_dir, f"exercises/{entry.slug}/")
        assert first not in read_page(site_dir, f"worksheets/{entry.slug}/")


def expected_filters(site: catalogue.Site) -> dict[str, dict[str, list[str]]]:
    """Each exercise page's search filters, by its address, from the exercise files."""
    expected = {}
    for each in site.every_language:
        for entry in each.exercises:
            ex = entry.exercise
            filters = {"audience": sorted(ex.audience)} if ex.audience else {}
            time_range = render.time_range(ex.time)
            if time_range:
                filters["time"] = [time_range]
            expected[f"/{each.folder}exercises/{entry.slug}/"] = filters
    return expected


def test_search_filters_are_exactly_each_exercises_audience_and_time(site_dir, site):
    indexed = {page["url"]: page.get("filters", {}) for page in indexed_pages(site_dir)}
    expected = expected_filters(site)
    assert len(expected) == 52  # 51 in English, 1 in Spanish
    found = {url: {name: sorted(values) for name, values in filters.items()}
             for url, filters in indexed.items() if "/exercises/" in url and url in expected}
    assert found == expected
    others = [url for url, filters in indexed.items() if url not in expected and filters]
    assert others == [], "only exercise pages carry filters"
    # Every audience and every time range is used at N = 50, so each filter is exercised.
    used = {value for filters in expected.values() for values in filters.values()
            for value in values}
    assert {a.id for a in site.data.audiences} | {r[0] for r in render.TIME_RANGES} <= used


@pytest.mark.parametrize("folder, audience, time", [
    ("", "Couple", "Up to 10 minutes"), ("es/", "Pareja", "Hasta 10 minutos")])
def test_the_search_box_offers_the_filters_in_the_pages_language(site_dir, folder, audience,
                                                                 time):
    html = read_page(site_dir, folder)
    filters = element(html, r'<div class="md-search-filters"', "div")
    options = [text(o) for o in re.findall(r"<option[^>]*>[^<]*</option>", filters)]
    assert audience in options and time in options
    assert re.findall(r'data-search-filter="(\w+)"', filters) == ["audience", "time"]


def listed(html: str) -> dict[str, set[str]]:
    """Each section of a browse page (its heading's id) -> the exercises it links to."""
    sections = re.split(r'<h2 id="', article(html))[1:]
    return {section.split('"', 1)[0]: set(re.findall(r'href="\.\./\.\./exercises/([^/"]+)/"',
                                                    section))
            for section in sections}


@pytest.mark.parametrize("folder", LANGUAGES)
def test_browse_by_audience_lists_exactly_each_audiences_exercises(site_dir, site, folder):
    language = next(each for each in site.every_language if each.folder == folder)
    expected = {a.id: {e.slug for e in language.exercises if a.id in e.exercise.audience}
                for a in language.data.audiences}
    assert listed(read_page(site_dir, f"{folder}browse/audience/")) == expected
    if not folder:
        assert all(expected.values()), "at N = 50 every audience has exercises"


@pytest.mark.parametrize("folder", LANGUAGES)
def test_browse_by_time_lists_exactly_each_ranges_exercises(site_dir, site, folder):
    language = next(each for each in site.every_language if each.folder == folder)
    expected = {range_id: {e.slug for e in language.exercises
                           if render.time_range(e.exercise.time) == range_id}
                for range_id, _, _ in render.TIME_RANGES}
    page = read_page(site_dir, f"{folder}browse/time/")
    assert listed(page) == expected  # no "time not given" section: every one gives minutes
    if not folder:
        assert all(expected.values()), "at N = 50 every range has exercises"
        assert "10–15 minutes" in text(article(page))
