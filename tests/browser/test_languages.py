"""The site in two languages, as a reader uses it (issue 19): the language menu leads to the
same page in the other language, the search finds pages in the reader's language only, with
its stemming, and no link of either language is broken.

The site is tests/i18n/bilingual: the real site in English, with secure-base-strategy, the
about page and the home text in Spanish; dependency-paradox and the guide are not translated.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from .conftest import (
    DESKTOP,
    PHONE,
    SearchFailed,
    audit,
    audit_report,
    open_page,
    requests_made,
    serious_violations,
    type_search,
)
from .test_navigation import crawl
from .test_search import results

PREFIX = "/attached-exercises/"  # site_data.yaml's url
# One page of each kind (the browse pages share one template shape; test_a11y.py and
# test_privacy.py go through every page of the English site).
SPANISH = ["es/", "es/browse/tags/", "es/exercises/secure-base-strategy/",
           "es/worksheets/secure-base-strategy/", "es/about/"]


def choose(page, language: str) -> None:
    """Open the language menu (Material's: it opens on hover or focus) and pick `language`."""
    page.locator(".md-header .md-select > button").hover()
    page.locator(f".md-select__link[hreflang='{language}']").click()


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_menu_leads_to_the_exercise_in_spanish_and_back(page, bilingual_url, size):
    page.set_viewport_size(size)
    open_page(page, bilingual_url, "exercises/secure-base-strategy/")
    choose(page, "es")
    page.wait_for_url(f"{bilingual_url}es/exercises/secure-base-strategy/")
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.locator(".md-content h1").first.inner_text().startswith(
        "La estrategia de la base segura")
    choose(page, "en")
    page.wait_for_url(f"{bilingual_url}exercises/secure-base-strategy/")
    assert page.locator(".md-content h1").first.inner_text().startswith(
        "The Secure Base Strategy")


def test_an_untranslated_exercise_leads_to_the_spanish_home(page, bilingual_url):
    page.set_viewport_size(DESKTOP)
    open_page(page, bilingual_url, "exercises/dependency-paradox/")
    page.locator(".md-header .md-select > button").hover()
    entry = page.locator(".md-select__link[hreflang='es']")
    assert "this page is not in that language" in entry.inner_text()
    entry.click()
    page.wait_for_url(f"{bilingual_url}es/")
    assert page.locator("html").get_attribute("lang") == "es"


def spanish_search(page, url: str, path: str, query: str) -> list[dict]:
    page.set_viewport_size(DESKTOP)
    open_page(page, url, path)
    type_search(page, query)
    return results(page)


def test_spanish_search_finds_a_word_through_another_form(page, bilingual_url):
    """The page says "peticiones" (requests); a reader types the singular, "petición"."""
    page_text = page.context.request.get(
        bilingual_url + "es/exercises/secure-base-strategy/").text()
    assert "peticiones" in page_text and "petición" not in page_text.lower()
    found = spanish_search(page, bilingual_url, "es/", "petición")
    paths = [urlsplit(result["href"]).path for result in found]
    assert "/es/exercises/secure-base-strategy/" in paths, found
    assert all(path.startswith("/es/") for path in paths), paths


def test_each_language_searches_its_own_pages_only(page, bilingual_url):
    english = spanish_search(page, bilingual_url, "", "secure base")
    assert english and all(not urlsplit(r["href"]).path.startswith("/es/") for r in english)
    spanish = spanish_search(page, bilingual_url, "es/", "base segura")
    assert spanish and all(urlsplit(r["href"]).path.startswith("/es/") for r in spanish)


def test_a_search_that_cannot_load_says_so_in_the_readers_language(page, bilingual_url):
    """The index unreachable (a flaky connection, a deploy replacing it): the reader is told
    in Spanish on a Spanish page, and the next query, once the index is back, is answered on
    the same page."""
    page.context.route("**/pagefind/**", lambda route: route.abort())
    with pytest.raises(SearchFailed) as failed:
        spanish_search(page, bilingual_url, "es/", "base segura")
    assert str(failed.value) == "No se pudo cargar la búsqueda. Inténtalo de nuevo en un momento."
    page.context.unroute("**/pagefind/**")
    page.locator(".md-search__input").fill("")
    type_search(page, "base")
    assert results(page)


def test_no_link_of_either_language_is_broken(bilingual_site, bilingual_url):
    site_dir = bilingual_site / "site"
    broken, checked = crawl(site_dir, bilingual_url, PREFIX)
    assert checked > 80
    assert not broken, "\n".join(broken)


def test_spanish_pages_and_the_open_menu_have_no_serious_violations(page, bilingual_url):
    found = audit(page, bilingual_url, SPANISH)
    for size in (DESKTOP, PHONE):
        page.set_viewport_size(size)
        open_page(page, bilingual_url, "es/")
        page.locator(".md-header .md-select > button").hover()
        for line in serious_violations(page):
            found.setdefault(line, []).append(f"the open menu at {size['width']}px")
    assert not found, audit_report(found)


def test_spanish_pages_and_search_request_nothing_from_another_host(browser, bilingual_url):
    requests = requests_made(browser, bilingual_url, SPANISH, "es/", "base")
    local = [url for _, url in requests.seen if requests.is_local(url)]
    assert any("/pagefind/" in url for url in local), "the search index was never requested"
    assert not [url for url in local if "sitemap" in url], "no sitemap is fetched on load"
    assert not requests.foreign(), requests.foreign()
