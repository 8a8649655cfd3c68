"""Printed, an exercise or worksheet page is its content only: no site chrome on paper.

The worksheet tests check the printed worksheet's page count; this checks what the browser
shows under print media on both page kinds.
"""

from __future__ import annotations

import pytest

from .conftest import DESKTOP, open_page

CHROME = {
    "header": ".md-header",
    "sidebars": ".md-sidebar",
    "search": ".md-search",
    "footer": ".md-footer",
    "tabs": ".md-tabs",
    "back-to-top button": ".md-top",
}


def visible_chrome(page) -> list[str]:
    shown = []
    for name, selector in CHROME.items():
        elements = page.locator(selector)
        for i in range(elements.count()):
            if elements.nth(i).is_visible():
                shown.append(f"{name} ({selector} #{i + 1})")
    return shown


@pytest.mark.parametrize("kind", ["exercises", "worksheets"])
def test_print_hides_header_sidebars_search_and_footer(page, site_url, site, kind):
    page.set_viewport_size(DESKTOP)
    for entry in site.exercises:
        path = f"{kind}/{entry.slug}/"
        open_page(page, site_url, path)
        page.emulate_media(media="screen")
        assert page.locator(".md-header").is_visible(), "the header shows on screen"
        page.emulate_media(media="print")
        shown = visible_chrome(page)
        assert not shown, f"{path} prints: {', '.join(shown)}"
        assert page.locator(".md-content h1").first.is_visible(), f"{path}: title not printed"
        content = page.locator(".md-content")
        hidden = [step.title for step in entry.exercise.steps
                  if not content.get_by_text(step.title).first.is_visible()]
        assert not hidden, f"{path}: steps not printed: {hidden}"
