"""The worksheet in a real browser: printed on A4 and Letter, filled in, saved, cleared.

Printing uses Chromium's own print-to-PDF, so the page count is what a reader's printer gets.
The printed PDFs are left in test-artifacts/ for people to look at.
"""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from tests import long_words
from tests.conftest import new_context, serving

from .conftest import open_page

PAPERS = ("A4", "Letter")
CHROME = (".md-header", ".md-tabs", ".md-sidebar--primary", ".md-sidebar--secondary",
          ".md-search", ".md-footer")


def printed_pages(page, paper: str, artifact) -> int:
    pdf = page.pdf(format=paper, print_background=True)
    artifact.write_bytes(pdf)
    return len(PdfReader(io.BytesIO(pdf)).pages)


@pytest.mark.parametrize("paper", PAPERS)
def test_each_printed_worksheet_fits_on_two_pages(page, site_url, site, artifacts, paper):
    for entry in site.exercises:
        open_page(page, site_url, f"worksheets/{entry.slug}/")
        count = printed_pages(page, paper, artifacts / f"worksheet-{entry.slug}-{paper}.pdf")
        assert 1 <= count <= 2, f"{entry.slug} prints on {count} {paper} pages"


def test_worksheet_prints_the_same_with_javascript_off(browser, site_url, site, artifacts):
    context = new_context(browser, java_script_enabled=False)
    try:
        page = context.new_page()
        for entry in site.exercises:
            page.goto(f"{site_url}worksheets/{entry.slug}/")
            assert page.locator("form.ws").is_visible()
            assert page.locator(".ws-print").is_hidden()
            assert page.locator(".ws-clear").is_hidden()
            for paper in PAPERS:
                artifact = artifacts / f"worksheet-{entry.slug}-{paper}-nojs.pdf"
                assert 1 <= printed_pages(page, paper, artifact) <= 2
    finally:
        context.close()


def test_on_paper_only_the_content_shows(page, site_url, site):
    entry = site.exercises[0]
    for path in (f"worksheets/{entry.slug}/", f"exercises/{entry.slug}/"):
        open_page(page, site_url, path)
        page.emulate_media(media="screen")
        assert page.locator(".md-header").is_visible()
        page.emulate_media(media="print")
        for selector in CHROME:
            hidden = page.locator(selector).evaluate_all(
                "els => els.every(e => !e.checkVisibility())")
            assert hidden, f"{path}: {selector} is visible on paper"
        assert page.locator("h1").first.is_visible()
    assert page.locator(".ex-actions").is_hidden()
    open_page(page, site_url, f"worksheets/{entry.slug}/")
    page.emulate_media(media="print")
    assert page.locator(".ws-print").is_hidden()
    assert page.locator(".ws-toolbar").is_hidden()
    page.emulate_media(media="screen")
    assert page.locator(".ws-print").is_visible()


def test_answers_are_kept_in_this_browser_and_cleared_with_one_button(page, site_url, site):
    entry = next(e for e in site.exercises if e.exercise.reflection_questions)
    open_page(page, site_url, f"worksheets/{entry.slug}/")
    assert "stays in this browser" in page.locator(".ws-privacy").inner_text()
    answer = page.locator('textarea[name="question-1"]')
    answer.fill("Mostly my sister, who calls every Sunday.")
    page.fill('input[name="name"]', "Sam")
    page.check('input[name="step-2-done"]')

    page.reload()
    assert answer.input_value() == "Mostly my sister, who calls every Sunday."
    assert page.input_value('input[name="name"]') == "Sam"
    assert page.is_checked('input[name="step-2-done"]')
    stored = page.evaluate("k => localStorage.getItem(k)", f"worksheet:{entry.slug}")
    assert stored and "Sunday" in stored

    page.once("dialog", lambda dialog: dialog.accept())
    page.click(".ws-clear")
    assert answer.input_value() == ""
    assert not page.is_checked('input[name="step-2-done"]')
    page.reload()
    assert answer.input_value() == ""
    assert page.input_value('input[name="name"]') == ""
    assert page.evaluate("k => localStorage.getItem(k)", f"worksheet:{entry.slug}") is None


def test_print_button_opens_the_print_dialog(page, site_url, site):
    entry = site.exercises[0]
    open_page(page, site_url, f"worksheets/{entry.slug}/")
    page.evaluate("() => { window.__printed = 0; window.print = () => { window.__printed++; }; }")
    page.click(".ws-print")
    assert page.evaluate("() => window.__printed") == 1


@pytest.mark.parametrize("paper", PAPERS)
def test_no_word_is_lost_off_the_edge_of_the_printed_page(page, long_words_site, artifacts,
                                                         paper):
    """The browser's print of the worksheet and of the exercise page: a 5,000-character word,
    a 300-character address and 200-character log headings wrap inside the paper's margins."""
    with serving(long_words_site / "site") as url:
        for path in (f"worksheets/{long_words.SLUG}/", f"exercises/{long_words.SLUG}/"):
            open_page(page, url, path)
            kind = path.split("/")[0]
            artifact = artifacts / f"long-words-{kind}-{paper}.pdf"
            artifact.write_bytes(page.pdf(format=paper, print_background=True))
            read = long_words.text(artifact)
            lost = [len(word) for word in long_words.LONG if word not in read]
            assert lost == [], f"{path}: words of these lengths are not whole on paper"
            assert long_words.outside(artifact) == [], f"{path}: words in the margin"
