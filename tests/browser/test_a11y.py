"""axe-core finds no serious or critical accessibility problem, in the light and the dark scheme.

The scheme is chosen the way a reader's system chooses it (prefers-color-scheme), and the test
waits until Material has applied it before axe runs. The search dialog is checked open, with
highlighted results, because that is where stock Material fails (dialog name, mark contrast).
"""

from __future__ import annotations

import pytest

from .conftest import (
    DESKTOP,
    audit,
    audit_report,
    open_page,
    serious_violations,
    type_search,
    use_scheme,
    wait_for_scheme,
)

SCHEMES = ("default", "slate")


def audited_pages(site) -> list[str]:
    """Home, every browse page, and each exercise and worksheet: optional sections (a
    practice log, examples) only appear on some, so one of each is not enough."""
    browse = ["exercises/", "browse/books/", "browse/tags/", "browse/difficulty/"]
    return ["", *browse, *(f"{kind}/{entry.slug}/" for entry in site.exercises
                           for kind in ("exercises", "worksheets"))]


@pytest.mark.parametrize("scheme", SCHEMES)
def test_pages_have_no_serious_violations(page, site_url, site, scheme):
    use_scheme(page, scheme)
    found = audit(page, site_url, audited_pages(site), lambda page: wait_for_scheme(page, scheme))
    assert not found, f"serious/critical in the {scheme} scheme:\n" + audit_report(found)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_open_search_with_results_has_no_serious_violations(page, site_url, scheme):
    use_scheme(page, scheme)
    page.set_viewport_size(DESKTOP)
    open_page(page, site_url, "")
    wait_for_scheme(page, scheme)
    type_search(page, "secure")
    assert page.locator(".md-search-result mark").count()
    found = serious_violations(page)
    assert not found, f"search open, {scheme} scheme:\n" + "\n".join(found)


def test_the_scheme_toggle_switches_to_dark(page, site_url):
    """The tests above trust prefers-color-scheme; the reader's own toggle must agree."""
    use_scheme(page, "default")
    open_page(page, site_url, "")
    wait_for_scheme(page, "default")
    page.locator("label[for='__palette_1']").click()
    wait_for_scheme(page, "slate")
