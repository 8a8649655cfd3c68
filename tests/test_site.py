"""The real site, built once with the real MkDocs: what a reader finds in the HTML."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import yaml

from tests.conftest import ROOT, read_page, run_generator
from tests.pagefind_index import indexed_pages

SEEDS = ROOT / "tests" / "seeds"  # copies of ../shared/seeds, the documents the content encodes
SEED_PAGES = {
    "000_098c743a4db8d289.txt": "secure-base-strategy",
    "001_bfbc5765bbdfd606.txt": "dependency-paradox",
}
APP_NAVIGATION = ("← Back to Book", "Ready to Take Action?", "Get the Mentorist app")


class _Text(HTMLParser):
    """The visible text of a page's main article, whitespace collapsed."""

    def __init__(self):
        super().__init__()
        self.depth = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "article" or self.depth:
            self.depth += 1

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.parts.append(data)


def article_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return re.sub(r"\s+", " ", " ".join(parser.parts))


def seed_fragments(name: str) -> list[str]:
    """Every piece of text the seed gives, without the app's own navigation lines.

    The seed runs each step's title into its body ("...necessaryChallenge the..."), so lines
    are split where a lower-case letter meets an upper-case one.
    """
    fragments = []
    for line in (SEEDS / name).read_text(encoding="utf-8").splitlines():
        line = line.strip().removeprefix("- ").removeprefix("• ")
        if not line or line.isdigit() or line.startswith(APP_NAVIGATION):
            continue
        if line == "Hard - Requires significant effort Recommended":
            fragments += ["Hard", "Requires significant effort", "Recommended"]
            continue
        fragments += [part.strip() for part in re.split(r"(?<=[a-z])(?=[A-Z])", line)]
    return [f for f in fragments if f]


@pytest.mark.parametrize("seed", sorted(SEED_PAGES))
def test_every_seed_section_is_on_its_exercise_page(site_dir, seed):
    text = article_text(read_page(site_dir, f"exercises/{SEED_PAGES[seed]}/"))
    missing = [f for f in seed_fragments(seed) if f not in text]
    assert not missing, f"not on the page: {missing}"


@pytest.mark.parametrize("slug,title", [
    ("secure-base-strategy", "The Secure Base Strategy"),
    ("dependency-paradox", "The Dependency Paradox Revealed: Rely More to Become Freer"),
])
def test_exercise_page_shows_title_badges_and_actions(site_dir, slug, title):
    html = read_page(site_dir, f"exercises/{slug}/")
    assert f"<title>{title} - Attached Exercises</title>" in html
    text = article_text(html)
    assert "Print worksheet" in text and "Download PDF" in text
    assert "Edit this exercise" in text
    assert "not a substitute for therapy" in text
    assert f"/content/exercises/{slug}.yaml" in html


def test_dependency_paradox_has_difficulty_recommendation_and_citation(site_dir):
    text = article_text(read_page(site_dir, "exercises/dependency-paradox/"))
    assert "Hard – Requires significant effort" in text
    assert "★ Recommended" in text
    assert "Insight 4 of 8 of Attached" in text


@pytest.mark.parametrize("page", ["exercises/", "browse/books/", "browse/tags/",
                                  "browse/difficulty/", ""])
def test_browse_pages_list_both_exercises(site_dir, page):
    html = read_page(site_dir, page)
    for slug in ("secure-base-strategy", "dependency-paradox"):
        assert re.search(rf'href="(\.\./)*(exercises/)?{slug}/"', html), (page, slug)


def test_sidebar_navigation_is_small(site_dir):
    html = read_page(site_dir, "exercises/dependency-paradox/")
    nav = html[html.index('class="md-nav md-nav--primary"'):]
    nav = nav[: nav.index("md-sidebar--secondary")]
    assert "Adding an exercise" in nav and "By theme" in nav
    assert "The Secure Base Strategy" not in nav


class _Hrefs(HTMLParser):
    """Every link's target in a page, and those in its primary navigation."""

    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.nav: list[str] = []
        self._nav_depth = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self._nav_depth and tag == "nav":
            self._nav_depth += 1
        elif tag == "nav" and "md-nav--primary" in (attrs.get("class") or ""):
            self._nav_depth = 1
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
            if self._nav_depth:
                self.nav.append(attrs["href"])

    def handle_endtag(self, tag):
        if tag == "nav" and self._nav_depth:
            self._nav_depth -= 1


def _hrefs(site_dir: Path, url_path: str) -> _Hrefs:
    parser = _Hrefs()
    parser.feed(read_page(site_dir, url_path))
    return parser


def _resolve(url_path: str, href: str, base: str = "/") -> str | None:
    """A link's page as a path from the site's root ("browse/tags/"), the site being served at
    `base`; None if it leaves the site or is not a page."""
    target = urlsplit(urljoin(f"https://site.test{base}{url_path}", href))
    if target.netloc != "site.test" or not target.path.startswith(base) \
            or not target.path.endswith("/"):
        return None
    return target.path.removeprefix(base)


def test_every_page_kind_is_one_entry_and_reachable_from_the_navigation(site_dir):
    """A page kind is a template and one entry in render.py (INDEXES, or PER_EXERCISE), from
    which the navigation and the lists of pages are made. A template without its entry, an
    index page missing from the navigation or the 404 page's ways back, mkdocs.yml listing a
    generated page again, or a page no chain of links from the navigation reaches: all fail."""
    from generator import render

    kinds = {index.template for index in render.INDEXES} | {t for t, _ in render.PER_EXERCISE}
    templates = {path.name.removesuffix(".md.j2") for path in render.TEMPLATES.glob("*.md.j2")
                 if not path.name.startswith("_")}
    assert templates == kinds
    written = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["nav"]
    assert not {index.path for index in render.INDEXES} & set(
        re.findall(r"[\w/.-]+\.md", str(written))), "mkdocs.yml lists a generated page"

    index_urls = {link["url"] for link in render.index_links("en")}
    nav = {_resolve("", href) for href in _hrefs(site_dir, "").nav}
    assert index_urls <= nav
    data = yaml.safe_load((site_dir.parent / "site_data.yaml").read_text(encoding="utf-8"))
    base = urlsplit(data["url"]).path  # the 404 page's links start from it, at any depth
    not_found = {_resolve("", href, base) for href in _hrefs(site_dir, "404.html").links}
    assert index_urls <= not_found

    reached, todo = set(), sorted(nav - {None})
    while todo:
        url_path = todo.pop()
        if url_path in reached or not (site_dir / url_path / "index.html").is_file():
            continue
        reached.add(url_path)
        todo += [found for href in _hrefs(site_dir, url_path).links
                 if (found := _resolve(url_path, href)) not in reached and found is not None]
    pages = set()
    for path in site_dir.rglob("index.html"):
        folder = path.parent.relative_to(site_dir)
        if folder.parts[:1] != ("admin",):  # the browser editor, not a page of the site
            pages.add(f"{folder.as_posix()}/" if folder.parts else "")
    assert pages - reached == set(), "pages that no link from the navigation reaches"


def test_search_index_covers_steps_and_questions(site_dir):
    pages = indexed_pages(site_dir)
    text = " ".join(page["content"] + " " + page["meta"]["title"] for page in pages)
    assert "Track how often you notice and respond to bids over a week" in text
    assert "What would it look like to let someone support you a little more?" in text
    assert "Identify your emotional anchor person" in text


def test_search_index_holds_the_pages_not_worksheets_or_chrome(site_dir):
    """Worksheets repeat their exercise; the header, navigation and footer repeat everywhere."""
    urls = {page["url"] for page in indexed_pages(site_dir)}
    assert {"/", "/exercises/", "/exercises/secure-base-strategy/", "/browse/tags/",
            "/guide/adding-an-exercise/", "/about/"} <= urls
    assert not [url for url in urls if url.startswith("/worksheets/") or "404" in url]
    assert not (site_dir / "search").exists()  # Material's search_index.json is gone
    exercise = next(p for p in indexed_pages(site_dir)
                    if p["url"] == "/exercises/secure-base-strategy/")
    assert exercise["content"].startswith("The Secure Base Strategy.")
    assert "Look after yourself" not in exercise["content"] and "¶" not in exercise["content"]


class _Loads(HTMLParser):
    """Every URL the page makes the browser fetch (not the links a reader may follow)."""

    FETCHING_LINKS = {"stylesheet", "icon", "preload", "modulepreload", "prefetch", "manifest"}

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("rel", "").lower() in self.FETCHING_LINKS:
            self.urls.append(attrs.get("href") or "")
        elif tag in ("script", "img", "iframe", "source", "video", "audio", "embed"):
            self.urls.append(attrs.get("src") or "")


def external_loads(html: str) -> list[str]:
    parser = _Loads()
    parser.feed(html)
    return [url for url in parser.urls if re.match(r"(?i)^(https?:)?//", url.strip())]


_CSS_LOADS = re.compile(r"""(?:@import|url\()\s*["']?(?:https?:)?//""", re.IGNORECASE)


def test_no_page_loads_anything_from_another_host(site_dir):
    offenders = []
    for path in site_dir.rglob("*"):
        if path.suffix == ".html" and external_loads(path.read_text(encoding="utf-8")):
            offenders.append(path.relative_to(site_dir).as_posix())
        if path.suffix == ".css" and _CSS_LOADS.search(path.read_text(encoding="utf-8")):
            offenders.append(path.relative_to(site_dir).as_posix())
    assert not offenders


def test_a_second_build_writes_nothing(project: Path):
    first = run_generator(project, "build", check=True)
    assert "written" in first.stdout
    before = {p: p.stat().st_mtime_ns for p in (project / "build" / "docs").rglob("*")}
    second = run_generator(project, "build", check=True)
    assert "0 written, 0 removed" in second.stdout
    after = {p: p.stat().st_mtime_ns for p in (project / "build" / "docs").rglob("*")}
    assert before == after
