"""The worksheet page: golden Markdown for the seeds, only the sections an exercise has,
stable field names, author text kept as text, and the links that lead to it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from generator import catalogue, render
from tests.conftest import ROOT, check_golden, read_page, run_generator

GOLDEN = Path(__file__).parent / "golden" / "worksheets"
SEEDS = ("secure-base-strategy", "dependency-paradox")


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    return render.render(catalogue.load(ROOT))


@pytest.mark.parametrize("slug", SEEDS)
def test_worksheet_markdown_matches_golden(pages, slug, update_golden):
    check_golden(GOLDEN / f"{slug}.md", pages[f"worksheets/{slug}.md"], update_golden)


def _form(html: str) -> str:
    found = re.search(r'<form class="ws".*?</form>', html, re.S)
    assert found, "the worksheet page has no <form>"
    return found.group(0)


def field_names(html: str) -> list[str]:
    form = _form(html)
    return re.findall(r'<(?:input|textarea)[^>]*\bname="([^"]+)"', form)


def test_sections_the_yaml_lacks_are_left_out(pages):
    base = pages["worksheets/secure-base-strategy.md"]
    assert "Practice log" in base and 'name="log-7-3"' in base
    for absent in ("What you'll achieve", "Reflection questions", "Make it your own"):
        assert absent not in base
    paradox = pages["worksheets/dependency-paradox.md"]
    assert "What you'll achieve" in paradox and "My version:" in paradox
    assert "Practice log" not in paradox and "<table" not in paradox


def test_field_names_are_stable_and_unique(site_dir):
    html = read_page(site_dir, "worksheets/secure-base-strategy/")
    names = field_names(html)
    assert len(names) == len(set(names))
    assert names[:2] == ["name", "date"]
    assert {"step-1", "step-1-done", "step-4", "log-1-1", "log-7-3"} <= set(names)
    assert 'data-ws-key="worksheet:secure-base-strategy"' in html
    paradox = field_names(read_page(site_dir, "worksheets/dependency-paradox/"))
    assert {"question-1", "question-4", "tip-1", "tip-3"} <= set(paradox)


def test_page_says_answers_stay_in_the_browser_and_buttons_wait_for_javascript(site_dir):
    html = read_page(site_dir, "worksheets/dependency-paradox/")
    assert html.count("stays in this browser") == 1
    assert re.search(r'<button[^>]*class="[^"]*ws-print[^"]*"[^>]*hidden', html)
    assert re.search(r'<button[^>]*class="[^"]*ws-clear[^"]*"[^>]*hidden', html)
    assert "assets/javascripts/worksheet.js" in html
    assert "assets/stylesheets/worksheet.css" in html


def test_exercise_page_links_to_its_worksheet_and_its_pdf(site_dir):
    for slug in SEEDS:
        html = read_page(site_dir, f"exercises/{slug}/")
        assert f'href="../../worksheets/{slug}/"' in html
        assert f'href="../../worksheets/{slug}.pdf"' in html
        assert (site_dir / "worksheets" / slug / "index.html").is_file()
        assert (site_dir / "worksheets" / f"{slug}.pdf").is_file()
        assert not (site_dir / "worksheets" / f"{slug}-letter.pdf").exists()


def test_every_page_has_the_print_rules_and_a_paper_footer_naming_it(site_dir):
    html = read_page(site_dir, "exercises/dependency-paradox/")
    assert re.search(r'<link rel="stylesheet" href="[./]*assets/stylesheets/print\.css" '
                     r'media="print">', html)
    footer = re.search(r'<style media="print" id="page-footer">(.*?)</style>', html, re.S)
    assert footer and '"Attached Exercises"' in footer.group(1)
    assert "exercises/dependency-paradox/" in footer.group(1)


AUTHOR_TEXT = '<script>alert(1)</script> *stars* & [link](x)'


def test_author_text_stays_text_on_the_worksheet(project: Path):
    source = project / "content/exercises/dependency-paradox.yaml"
    text = source.read_text(encoding="utf-8")
    text = text.replace("  - title: Identify your emotional anchor person.",
                        f"  - title: '{AUTHOR_TEXT}'")
    question = "  - Who is your secure base—or what steps might you take to build one now?"
    text = text.replace(question, f"  - '{AUTHOR_TEXT}'")
    text = text.replace("tips:\n", f"tips:\n  - '{AUTHOR_TEXT}'\n")
    source.write_text(text, encoding="utf-8")
    markdown = render.render(catalogue.load(project))["worksheets/dependency-paradox.md"]
    assert "<script>" not in markdown
    run_generator(project, "site", check=True)
    html = read_page(project / "site", "worksheets/dependency-paradox/")
    form = _form(html)
    assert "<script>" not in form and "<em>stars</em>" not in form
    assert form.count("&lt;script&gt;alert(1)&lt;/script&gt; *stars* &amp; [link](x)") == 3
    pdf_text = " ".join(PdfReader(project / "site/worksheets/dependency-paradox.pdf").pages[0]
                        .extract_text().split())
    assert "<script>alert(1)</script> *stars* & [link](x)" in pdf_text
