"""At a phone's and a desktop's width nothing overflows sideways and the exercise text is readable.

Each page is also saved as a full-page screenshot into test-artifacts/ for people to look at.
"""

from __future__ import annotations

import pytest

from .conftest import DESKTOP, PHONE, open_page

WIDTHS = {"phone": PHONE, "desktop": DESKTOP}
MIN_FONT_PX = 14
BROWSE = ("", "exercises/", "browse/books/", "browse/tags/", "browse/difficulty/")


def layout_pages(site) -> list[str]:
    return [*BROWSE, *(f"{kind}/{e.slug}/" for e in site.exercises
                       for kind in ("exercises", "worksheets"))]


def overflow(page) -> dict:
    """The document's scroll and client width, and elements sticking out past the right edge.

    An element inside its own scrolling box (Material wraps wide tables in one) does not count:
    the page itself still does not scroll sideways.
    """
    return page.evaluate("""() => {
        const root = document.scrollingElement;
        const width = root.clientWidth;
        const scrolls = el => {
            for (let up = el.parentElement; up && up !== document.body; up = up.parentElement)
                if (/auto|scroll|hidden|clip/.test(getComputedStyle(up).overflowX)) return true;
            return false;
        };
        const wide = [...document.body.querySelectorAll('*')].filter(el => {
            const box = el.getBoundingClientRect();
            return box.width > 0 && box.right > width + 1
                && getComputedStyle(el).visibility !== 'hidden' && !scrolls(el);
        }).slice(0, 5).map(el => el.tagName.toLowerCase() + '.' + el.className);
        return {scroll: root.scrollWidth, client: width, wide};
    }""")


def readable(locator) -> list[str]:
    """Problems with each matched element: not visible, or text smaller than MIN_FONT_PX."""
    problems = []
    for i in range(locator.count()):
        element = locator.nth(i)
        text = " ".join(element.inner_text().split())[:60]
        if not element.is_visible():
            problems.append(f"not visible: {text!r}")
            continue
        size = element.evaluate("el => parseFloat(getComputedStyle(el).fontSize)")
        if size < MIN_FONT_PX:
            problems.append(f"{size}px text: {text!r}")
    return problems


@pytest.mark.parametrize("width", WIDTHS)
def test_nothing_overflows_sideways(page, site_url, site, artifacts, width):
    page.set_viewport_size(WIDTHS[width])
    failures = []
    for path in layout_pages(site):
        open_page(page, site_url, path)
        name = path.strip("/").replace("/", "-") or "home"
        page.screenshot(path=artifacts / f"layout-{width}-{name}.png", full_page=True)
        found = overflow(page)
        if found["scroll"] > found["client"] or found["wide"]:
            failures.append(f"{path or '/'}: scrollWidth {found['scroll']} > clientWidth "
                            f"{found['client']}; wide: {found['wide']}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("width", WIDTHS)
def test_steps_and_questions_are_readable(page, site_url, site, width):
    """On exercise and worksheet pages every step title and question shows at 14px or more;
    on exercise pages so do the step texts, examples, tips and the safety notice."""
    page.set_viewport_size(WIDTHS[width])
    problems = []
    for entry, kind in [(e, k) for e in site.exercises for k in ("exercises", "worksheets")]:
        path = f"{kind}/{entry.slug}/"
        open_page(page, site_url, path)
        content = page.locator(".md-content")
        texts = [step.title for step in entry.exercise.steps]
        texts += entry.exercise.reflection_questions
        found = [content.get_by_text(text).first for text in texts]
        if kind == "exercises":
            found.append(content.locator(".ex-step-body p, .admonition p, .admonition li"))
        problems += [f"{path}: {line}" for locator in found for line in readable(locator)]
    assert not problems, f"at {width} width:\n" + "\n".join(problems)
