"""Nothing moves once a page is shown: layout shift (CLS) at most 0.05 at a phone's width.

Shifts happen when something appears after the first paint, so each page is loaded as on a
slow phone (CPU 4x slower, through Chrome's DevTools protocol), and a PerformanceObserver,
installed before any page script, adds up every layout shift not caused by the reader, from
the start of the load until a second after it. No timing is asserted, only the shift.
"""

from __future__ import annotations

import pytest

from tests.conftest import new_context

from .conftest import PHONE

LIMIT = 0.05
KINDS = {"home": "", "exercise": "exercises/{slug}/", "worksheet": "worksheets/{slug}/",
         "browse": "browse/tags/", "guide": "guide/adding-an-exercise/"}
OBSERVER = """
window.__shift = {total: 0, sources: []};
new PerformanceObserver(list => {
  for (const entry of list.getEntries()) {
    if (entry.hadRecentInput) continue;
    window.__shift.total += entry.value;
    for (const source of entry.sources || [])
      if (source.node && source.node.nodeType === 1)
        window.__shift.sources.push(source.node.tagName + '.' + source.node.className);
  }
}).observe({type: "layout-shift", buffered: true});
"""


def layout_shift(browser, url: str) -> dict:
    context = new_context(browser, viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": 4})
        page.add_init_script(OBSERVER)
        response = page.goto(url, wait_until="load")
        assert response is not None and response.ok, url
        page.wait_for_timeout(1000)
        return page.evaluate("window.__shift")
    finally:
        context.close()


@pytest.mark.parametrize("kind", KINDS)
def test_no_layout_shift_at_phone_width(browser, site_url, site, kind):
    path = KINDS[kind].format(slug=site.exercises[0].slug)
    shift = layout_shift(browser, site_url + path)
    assert shift["total"] <= LIMIT, f"{path or '/'}: CLS {shift['total']:.3f} {shift['sources']}"


def test_the_worksheet_keeps_the_buttons_place_before_its_script_runs(browser, site_url, site):
    """Deterministic where the CLS figure depends on when the script happens to run: the
    worksheet itself starts at the same height whether worksheet.js has run or not yet."""
    url = site_url + f"worksheets/{site.exercises[0].slug}/"
    tops = {}
    for script in (False, True):
        context = new_context(browser, viewport=PHONE, is_mobile=True, has_touch=True)
        try:
            if not script:
                context.route("**/worksheet.js", lambda route: route.abort())
            page = context.new_page()
            page.goto(url, wait_until="load")
            for button in (".ws-print", ".ws-clear"):
                assert page.locator(button).is_visible() == script
            tops[script] = page.evaluate(
                "document.querySelector('form.ws').getBoundingClientRect().top")
        finally:
            context.close()
    assert tops[False] == tops[True], tops
