"""A worksheet in a right-to-left language (Arabic) in a real browser: laid out mirrored, and
printed on at most two pages of A4 or Letter, as the English ones are."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import serving

from .conftest import open_page
from .test_worksheet_print import PAPERS, printed_pages

SLUG = "qaeda-amina"  # tests/i18n/ar/qaeda-amina.yaml


@pytest.fixture(scope="module")
def arabic_url(arabic_site: Path):
    with serving(arabic_site / "site") as url:
        yield url


def test_an_arabic_worksheet_reads_right_to_left(page, arabic_url):
    open_page(page, arabic_url, f"worksheets/{SLUG}/")
    assert page.evaluate("() => getComputedStyle(document.querySelector('form.ws')).direction") \
        == "rtl"
    form = page.locator("form.ws").bounding_box()
    box = page.locator('input[name="step-1-done"]').bounding_box()
    title = page.locator(".ws-step-title span").first.bounding_box()
    assert form and box and title
    assert box["x"] > title["x"] + title["width"] - 1, "the box to tick is on the right"
    assert form["x"] + form["width"] - (box["x"] + box["width"]) < 0.15 * form["width"]


@pytest.mark.parametrize("paper", PAPERS)
def test_an_arabic_worksheet_prints_on_two_pages(page, arabic_url, artifacts, paper):
    open_page(page, arabic_url, f"worksheets/{SLUG}/")
    count = printed_pages(page, paper, artifacts / f"worksheet-{SLUG}-{paper}.pdf")
    assert 1 <= count <= 2, f"{SLUG} prints on {count} {paper} pages"
