"""Publishing: the built site is ready to host (the workflow itself: test_workflow.py).

The site is the real one built once per run; `generator deploy` pushes to a real bare git
repository standing in for GitHub.
"""

from __future__ import annotations

import re
import subprocess
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import yaml

from tests.conftest import run_generator


def _site_url(project: Path) -> str:
    return yaml.safe_load((project / "site_data.yaml").read_text(encoding="utf-8"))["url"]


def _slugs(project: Path) -> list[str]:
    return sorted(p.stem for p in (project / "content" / "exercises").glob("*.yaml"))


def _sitemap(site: Path) -> set[str]:
    tree = ET.parse(site / "sitemap.xml")
    locs = tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")
    return {(loc.text or "").strip() for loc in locs}


def test_sitemap_lists_every_exercise_and_worksheet_under_the_site_url(built_project, site_dir):
    url = _site_url(built_project)
    locations = _sitemap(site_dir)
    assert all(loc.startswith(url) for loc in locations)
    for slug in _slugs(built_project):
        assert f"{url}exercises/{slug}/" in locations
        assert f"{url}worksheets/{slug}/" in locations
        page = (site_dir / "exercises" / slug / "index.html").read_text(encoding="utf-8")
        assert f'<link rel="canonical" href="{url}exercises/{slug}/">' in page


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[list[str]] = []
        self.stylesheets: list[str] = []
        self._href: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self._href = attrs["href"]
            self.links.append([attrs["href"], ""])
        if tag == "link" and attrs.get("rel") == "stylesheet":
            self.stylesheets.append(attrs["href"])

    def handle_data(self, data):
        if self._href is not None:
            self.links[-1][1] += data.strip()

    def handle_endtag(self, tag):
        if tag == "a":
            self._href = None


def test_404_page_has_the_site_style_and_ways_back_at_any_depth(built_project, site_dir):
    html = (site_dir / "404.html").read_text(encoding="utf-8")
    assert "<title>Page not found - " in html and "Page not found</h1>" in html
    parser = _Links()
    parser.feed(html)
    article = _Links()
    article.feed(html[html.index("<article"):html.index("</article>")])
    base = urlsplit(_site_url(built_project)).path  # GitHub serves 404.html at any address
    assert any(sheet.endswith("assets/stylesheets/site.css") for sheet in parser.stylesheets)
    wanted = {"Home": "", "All exercises": "exercises/", "By book": "browse/books/",
              "By theme": "browse/tags/", "By difficulty": "browse/difficulty/"}
    by_text = {text: href for href, text in article.links}
    for text, target in wanted.items():
        href = by_text[text]
        assert href.startswith(base), href
        path = urlsplit(urljoin("https://host" + base, href)).path
        assert path == base + target
        assert (site_dir / target / "index.html").is_file()
    assert 'id="not-found-search"' in html and "?q=" in html


def _git(*args: str, cwd: Path) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                          text=True).stdout


def test_deploy_publishes_the_built_site_and_keeps_the_custom_domain(project, tmp_path,
                                                                    monkeypatch):
    for var in ("GIT_AUTHOR_NAME", "GIT_COMMITTER_NAME"):
        monkeypatch.setenv(var, "Test")
    for var in ("GIT_AUTHOR_EMAIL", "GIT_COMMITTER_EMAIL"):
        monkeypatch.setenv(var, "test@example.org")
    data = project / "site_data.yaml"
    text = data.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^url: .*$", "url: https://exercises.example.org/", text)
    data.write_text(text + "cname: exercises.example.org\n", encoding="utf-8")
    remote = tmp_path / "remote.git"
    _git("init", "--quiet", "--bare", str(remote), cwd=tmp_path)
    _git("init", "--quiet", cwd=project)
    _git("remote", "add", "origin", str(remote), cwd=project)

    for _ in range(2):
        result = run_generator(project, "deploy")
        assert result.returncode == 0, result.stdout + result.stderr
        published = set(_git("ls-tree", "--name-only", "gh-pages", cwd=remote).split())
        assert {"index.html", "404.html", "sitemap.xml", "CNAME", ".nojekyll"} <= published
        assert _git("show", "gh-pages:CNAME", cwd=remote).strip() == "exercises.example.org"
        sitemap = _git("show", "gh-pages:sitemap.xml", cwd=remote)
        assert "<loc>https://exercises.example.org/exercises/" in sitemap
        site_files = {p.relative_to(project / "site").as_posix()
                      for p in (project / "site").rglob("*") if p.is_file()}
        tree = set(_git("ls-tree", "-r", "--name-only", "gh-pages", cwd=remote).split())
        assert tree - {".nojekyll"} == site_files  # exactly the checked site/, PDFs included
        (project / "content" / "home.md").write_text("Changed before the second deploy.\n")


def test_a_failed_deploy_says_so_without_a_traceback(project):
    _git("init", "--quiet", cwd=project)  # no `origin` to push to
    result = run_generator(project, "deploy")
    assert result.returncode != 0
    assert "deploy failed, nothing was published" in result.stderr
    assert "Traceback" not in result.stderr
