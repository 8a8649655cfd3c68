"""A reader reaches every exercise by clicking, and no link on any built page is broken.

The click-through tests start on the home page and use the site navigation, the browse pages
and the `related` lists, as a visitor would. The crawl reads every built HTML file and
requests every same-site link it names from the served site; a `#fragment` must name an
element on the target page.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from urllib.parse import urlsplit

import pytest

from .conftest import DESKTOP, PHONE, html_files, open_page, parse_html, resolve, url_path

BROWSE = ("All exercises", "By book", "By theme", "By difficulty")


def clean(text: str) -> str:
    return " ".join(text.split())


def assert_on_exercise(page, site_url: str, entry) -> None:
    page.wait_for_url(f"{site_url}exercises/{entry.slug}/")
    heading = page.locator(".md-content h1").first
    assert clean(heading.inner_text()).rstrip("¶").strip() == clean(entry.exercise.title)


@pytest.mark.parametrize("width", ["desktop", "phone"])
@pytest.mark.parametrize("browse", BROWSE)
def test_every_exercise_is_reached_from_home_through_a_browse_page(page, site_url, site, browse,
                                                                   width):
    """On a desktop the site navigation is the left sidebar; on a phone it is the drawer, where
    the Browse section (mkdocs.yml `nav`) opens as a level of its own. From the browse page the
    reader opens each exercise in turn, coming back with the browser's Back button."""
    page.set_viewport_size(DESKTOP if width == "desktop" else PHONE)
    open_page(page, site_url, "")
    nav = page.locator("nav.md-nav--primary")
    link = nav.get_by_role("link", name=browse, exact=True)
    if width == "phone":
        page.locator("label.md-header__button[for='__drawer']").click()
        nav.locator("label.md-nav__link", has_text="Browse").click()
    link.click()
    page.wait_for_load_state()
    browse_url = page.url
    assert browse_url != site_url
    for entry in site.exercises:
        assert clean(page.locator(".md-content h1").first.inner_text()).lower().startswith(
            ("all exercises", "exercises by")), page.url
        link = page.locator(".md-content article a", has_text=clean(entry.exercise.title)).first
        link.click()
        assert_on_exercise(page, site_url, entry)
        page.go_back()
        page.wait_for_url(browse_url)


def test_every_exercise_is_reached_from_its_themes(page, site_url, site):
    """Each theme named on an exercise page lists that exercise under its heading: from the
    page, to the theme and back to the page by its link there, theme after theme."""
    page.set_viewport_size(DESKTOP)
    for entry in site.exercises:
        open_page(page, site_url, f"exercises/{entry.slug}/")
        for tag_id in entry.exercise.tags:
            page.locator(".ex-tags a", has_text=site.tag(tag_id).label).click()
            page.wait_for_url(re.compile(rf"/browse/tags/#{re.escape(tag_id)}$"))
            section = page.locator(f"xpath=//h2[@id='{tag_id}']/following-sibling::ul[1]")
            section.locator("a", has_text=clean(entry.exercise.title)).first.click()
            assert_on_exercise(page, site_url, entry)


def test_related_links_lead_to_the_related_exercises(page, site_url, site):
    page.set_viewport_size(DESKTOP)
    pairs = [(entry, site.entry(slug)) for entry in site.exercises
             for slug in entry.exercise.related]
    assert pairs, "no exercise lists related exercises"
    for entry, other in pairs:
        open_page(page, site_url, f"exercises/{entry.slug}/")
        related = page.locator("xpath=//h2[@id='related-exercises']/following-sibling::ul[1]")
        related.get_by_role("link", name=clean(other.exercise.title), exact=True).click()
        assert_on_exercise(page, site_url, other)


def fetch_status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_no_internal_link_is_broken(site_dir, site_url, site):
    broken, checked = crawl(site_dir, site_url, urlsplit(site.data.url).path or "/")
    assert checked > 50
    assert not broken, "\n".join(broken)


def crawl(site_dir, site_url: str, prefix: str) -> tuple[list[str], int]:
    """Every same-site link and load of every built page, requested from the served site:
    (what is broken, how many were checked)."""
    files = html_files(site_dir)
    assert len(files) >= 8
    parsed = {file: parse_html(file) for file in files}
    broken, checked, statuses = [], 0, {}
    for file, found in parsed.items():
        page_url = site_url + url_path(site_dir, file)
        for href in found.links + found.loads:
            target = resolve(site_dir, page_url, href, prefix)
            if target is None:
                continue
            path, fragment = target
            url = re.sub(r"[?#].*$", "", site_url + path.relative_to(site_dir).as_posix())
            if url not in statuses:
                statuses[url] = fetch_status(url)
            checked += 1
            where = f"{url_path(site_dir, file) or 'index.html'}: {href}"
            if statuses[url] != 200:
                broken.append(f"{where} -> HTTP {statuses[url]}")
            elif fragment and path.suffix == ".html" and fragment not in parsed[path].ids:
                broken.append(f"{where} -> no element with id {fragment!r}")
    return broken, checked
