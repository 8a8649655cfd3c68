"""Browser-only helpers: the built pages, a request recorder, an axe runner, a link parser.

The session fixtures (`browser`, `page`, `site_url`, `site_dir`, `artifacts`) live in
tests/conftest.py; this file only adds what several browser tests share. Expectations come
from the real catalogue of the built copy (`generator.catalogue.load`), so the tests follow the
content instead of repeating it.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from generator import catalogue
from tests.conftest import new_context

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
SERIOUS = ("serious", "critical")


def pytest_collection_modifyitems(items):
    """Every test in this folder drives the browser: `-m "not browser"` leaves them out."""
    here = Path(__file__).parent
    for item in items:
        if item.path.parent == here:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def site(built_project: Path) -> catalogue.Site:
    """The catalogue the built copy was made from: titles, steps, related slugs, tags."""
    return catalogue.load(built_project)


# The browser editor (/admin/) is an application, not a page of the site: its requests, console
# and policy are tested by test_editor.py, with the service worker that answers its CDN calls.
EDITOR = "admin"


def site_files(site_dir: Path, pattern: str) -> list[Path]:
    """The built files matching `pattern`, without the editor's."""
    return sorted(path for path in site_dir.rglob(pattern)
                  if path.relative_to(site_dir).parts[0] != EDITOR)


def html_files(site_dir: Path) -> list[Path]:
    return site_files(site_dir, "*.html")


def url_path(site_dir: Path, file: Path) -> str:
    """The path a reader types for a built HTML file: `exercises/x/` for exercises/x/index.html."""
    rel = file.relative_to(site_dir).as_posix()
    if rel == "index.html":
        return ""
    return rel[: -len("index.html")] if rel.endswith("/index.html") else rel


@pytest.fixture(scope="session")
def page_paths(site_dir: Path) -> list[str]:
    """Every built page, as paths relative to the site root."""
    return [url_path(site_dir, file) for file in html_files(site_dir)]


def open_page(page, site_url: str, path: str):
    """Load a page and wait until Material's JavaScript has set the page up."""
    response = page.goto(site_url + path, wait_until="load")
    assert response is not None and response.ok, f"{path}: HTTP {response and response.status}"
    page.wait_for_function("() => window.document$ !== undefined && document.body")
    return response


def use_scheme(page, scheme: str) -> None:
    """Ask for the light or dark scheme the way a reader's system does (prefers-color-scheme)."""
    page.emulate_media(color_scheme="dark" if scheme == "slate" else "light")


def wait_for_scheme(page, scheme: str) -> None:
    page.wait_for_function("s => document.body.getAttribute('data-md-color-scheme') === s",
                           arg=scheme)


class SearchFailed(AssertionError):
    """The search said it could not run the query (search.js's data-failed)."""


def type_search(page, query: str) -> None:
    """Type into the search box and wait until the results shown are all those for `query`.

    Typing runs queries as it goes; overrides/assets/javascripts/search.js marks the result
    list with the query whose first results are all shown (data-complete), so a test reads
    the list for the whole query, never one for the first letters. A query that could not
    run (data-failed) raises SearchFailed with the line the reader sees.
    """
    box = page.locator(".md-search__input")
    icon = page.locator("label.md-header__button[for='__search']")
    if icon.is_visible():  # a phone: the box opens from the header's search icon
        icon.click()
        page.wait_for_function("() => document.activeElement.matches('.md-search__input')")
    else:
        box.click()
    box.press_sequentially(query)
    answered(page, query)


def answered(page, asked: str) -> None:
    """Wait until the search has answered `asked` (search.js's described query: the words,
    then the filters as JSON): its first results all shown (data-complete), or SearchFailed
    with the line the reader sees (data-failed)."""
    page.wait_for_function("""q => { const list = document.querySelector('.md-search-result');
        return list.dataset.complete === q || list.dataset.failed === q; }""", arg=asked)
    if page.locator(".md-search-result").get_attribute("data-failed") == asked:
        raise SearchFailed(page.locator(".md-search-result__meta").inner_text())


@dataclass
class Requests:
    """Every request a browser context makes; anything not for `origin` is recorded and refused.

    Refusing foreign requests (rather than letting them time out) keeps the test fast and
    offline, and the record still shows the page tried.
    """

    origin: str
    seen: list[tuple[str, str]] = field(default_factory=list)
    current: str = ""

    def attach(self, context) -> None:
        context.on("request", lambda request: self._record(request.url))
        context.route("**/*", self._route)

    def attach_page(self, page) -> None:
        page.on("websocket", lambda socket: self._record(socket.url))

    def _record(self, url: str) -> None:
        self.seen.append((self.current, url))

    def _route(self, route) -> None:
        if self.is_local(route.request.url):
            route.continue_()
        else:
            route.abort()

    def is_local(self, url: str) -> bool:
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob", "about"):
            return True
        return f"{parts.scheme}://{parts.netloc}" == self.origin

    def foreign(self) -> list[tuple[str, str]]:
        return [(page, url) for page, url in self.seen if not self.is_local(url)]


def origin_of(site_url: str) -> str:
    parts = urlsplit(site_url)
    return f"{parts.scheme}://{parts.netloc}"


@functools.cache
def _axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


def settled(page) -> None:
    """Wait until Material's CSS transitions are over: half-way through one, the page is not
    what a reader ends up seeing (opening the search on a phone widens the page for a moment)."""
    page.wait_for_function("""() => document.getAnimations()
        .every(a => !(a instanceof CSSTransition) || a.playState !== 'running')""")


def serious_violations(page) -> list[str]:
    """axe-core's serious and critical violations on the page, one readable line per node.

    Material fades parts in (the search results, for one); colours measured half-way through a
    transition are not the ones a reader ends up seeing, so axe runs once they are over.
    """
    settled(page)
    results = _axe().run(page)
    lines = []
    for violation in results.response["violations"]:
        if violation["impact"] not in SERIOUS:
            continue
        for node in violation["nodes"]:
            summary = " ".join((node.get("failureSummary") or "").split())
            lines.append(f"{violation['id']} ({violation['impact']}): "
                         f"{', '.join(map(str, node['target']))}: {summary[:300]}")
    return lines


LOADING_ATTRS = {
    "script": ("src",), "img": ("src", "srcset"), "iframe": ("src",), "source": ("src", "srcset"),
    "video": ("src", "poster"), "audio": ("src",), "embed": ("src",), "object": ("data",),
    "track": ("src",), "input": ("src",),
}
LOADING_RELS = {"stylesheet", "preload", "prefetch", "modulepreload", "icon", "shortcut",
                "apple-touch-icon", "manifest", "preconnect", "dns-prefetch", "mask-icon"}
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)|@import\s+['"]([^'"]+)""", re.I)


@dataclass
class Parsed:
    """What one HTML file links to, what it loads, and which fragment targets it defines."""

    links: list[str] = field(default_factory=list)
    loads: list[str] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = Parsed()
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        for name in ("id", "name") if tag == "a" else ("id",):
            if values.get(name):
                self.found.ids.add(values[name])
        if tag == "a" and values.get("href") is not None:
            self.found.links.append(values["href"])
        if tag == "link" and values.get("href"):
            rels = set((values.get("rel") or "").lower().split())
            (self.found.loads if rels & LOADING_RELS else self.found.links).append(values["href"])
        for attr in LOADING_ATTRS.get(tag, ()):
            if values.get(attr):
                self.found.loads += _srcset(values[attr]) if attr == "srcset" else [values[attr]]
        if values.get("style"):
            self.found.loads += css_urls(values["style"])
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.found.loads += css_urls(data)


def _srcset(value: str) -> list[str]:
    return [part.split()[0] for part in value.split(",") if part.strip()]


def css_urls(text: str) -> list[str]:
    return [a or b for a, b in CSS_URL.findall(text)]


def parse_html(path: Path) -> Parsed:
    parser = _Parser()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser.found


def is_external(url: str) -> bool:
    """True for a URL that names another host (http(s)://host or //host)."""
    url = url.strip()
    return bool(urlsplit(url).netloc) or url.startswith("//")


def resolve(site_dir: Path, page_url: str, href: str, prefix: str = "/") -> tuple[Path, str] | None:
    """The built file a same-site `href` on `page_url` leads to, and its fragment.

    `prefix` is the path the site is deployed under (from its `url`): MkDocs writes the 404
    page's links as absolute paths below it, since that page is served at any depth.
    """
    if href.startswith(prefix) and prefix != "/":
        href = "/" + href[len(prefix):]
    target = urljoin(page_url, href)
    parts = urlsplit(target)
    base = urlsplit(page_url)
    if parts.scheme not in ("http", "https") or parts.netloc != base.netloc:
        return None
    path = site_dir / unquote(parts.path).lstrip("/")
    if parts.path.endswith("/") or path.is_dir():
        path = path / "index.html"
    return path, unquote(parts.fragment)


def audit(page, site_url: str, paths: list[str], ready=lambda page: None) -> dict[str, list[str]]:
    """axe's serious and critical lines on each of `paths`, at desktop and phone width, once
    `ready(page)` has returned: {line: [where it was found]}."""
    found: dict[str, list[str]] = {}
    for size in (DESKTOP, PHONE):
        page.set_viewport_size(size)
        for path in paths:
            open_page(page, site_url, path)
            ready(page)
            for line in serious_violations(page):
                found.setdefault(line, []).append(f"{path or '/'} at {size['width']}px")
    return found


def audit_report(found: dict[str, list[str]]) -> str:
    return "\n".join(f"{line}\n    on {', '.join(where)}" for line, where in found.items())


def requests_made(browser, site_url: str, paths: list[str], search_from: str,
                  query: str) -> Requests:
    """Every request a reader's browser makes visiting each of `paths`, then searching for
    `query` on the page at `search_from`."""
    context = new_context(browser, viewport=DESKTOP)
    requests = Requests(origin_of(site_url))
    requests.attach(context)
    try:
        page = context.new_page()
        requests.attach_page(page)
        for path in paths:
            requests.current = path or "/"
            page.goto(site_url + path, wait_until="networkidle")
        requests.current = "search"
        open_page(page, site_url, search_from)
        type_search(page, query)
        page.wait_for_load_state("networkidle")
    finally:
        context.close()
    return requests
