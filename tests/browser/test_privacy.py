"""Reading the site asks no other host for anything: no fonts, CDN scripts or analytics.

In the browser every request of every built page is recorded (foreign ones are refused, so a
leak fails fast even offline). Statically, no built HTML or CSS names another host for
anything the browser would load; links a reader may follow (<a href>) are fine.
"""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import new_context

from .conftest import (
    Requests,
    css_urls,
    html_files,
    is_external,
    open_page,
    origin_of,
    parse_html,
    requests_made,
    site_files,
)

# JavaScript that would load from elsewhere: a static or dynamic import, a worker script, a fetch.
JS_LOAD = re.compile(r"""(?:\bimport\s*\(?|importScripts\(|new\s+Worker\(|\bfetch\()\s*['"`]"""
                     r"""((?:https?:)?//[^'"`]+)""")


def test_no_page_requests_another_host(browser, site_url, page_paths):
    requests = requests_made(browser, site_url, page_paths, "", "secure")
    local = [url for _, url in requests.seen if requests.is_local(url)]
    assert len(local) > len(page_paths), "the recorder saw too few requests to be trusted"
    assert any("/pagefind/" in url for url in local), "the search index was never requested"
    foreign = requests.foreign()
    assert not foreign, "requests to other hosts:\n" + "\n".join(f"{p}: {u}" for p, u in foreign)


def external_loads(root: Path) -> list[str]:
    """`file: url` for everything under `root` that would be loaded from another host."""
    found = []
    for file in html_files(root):
        found += [(file, url) for url in parse_html(file).loads if is_external(url)]
    for file in site_files(root, "*.css"):
        found += [(file, url) for url in css_urls(file.read_text(encoding="utf-8"))
                  if is_external(url)]
    for file in site_files(root, "*.js"):
        found += [(file, url) for url in JS_LOAD.findall(file.read_text(encoding="utf-8"))]
    return [f"{file.relative_to(root)}: {url}" for file, url in found]


def test_no_built_file_loads_from_another_host(site_dir):
    found = external_loads(site_dir)
    assert not found, "\n".join(found)


def test_the_static_check_finds_what_a_theme_could_leak(tmp_path):
    """The checks above pass on an empty list: they must be shown to see a leak."""
    (tmp_path / "index.html").write_text(
        '<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">'
        '<link rel="canonical" href="https://example.org/">'
        '<script src="//cdn.example.org/x.js"></script>'
        '<img srcset="a.png 1x, https://img.example.org/b.png 2x">'
        '<div style="background: url(\'https://img.example.org/c.png\')"></div>'
        '<a href="https://example.org/">a link to follow is fine</a>', encoding="utf-8")
    (tmp_path / "site.css").write_text(
        '@import "https://example.org/more.css";\n'
        '@font-face { src: url(//fonts.gstatic.com/a.woff2); }\n'
        'body { background: url(img/local.png); }', encoding="utf-8")
    (tmp_path / "worker.js").write_text('importScripts("https://cdn.example.org/lunr.js")',
                                        encoding="utf-8")
    found = external_loads(tmp_path)
    assert [line.split(": ", 1)[1] for line in found] == [
        "https://fonts.googleapis.com/css?family=Roboto", "//cdn.example.org/x.js",
        "https://img.example.org/b.png", "https://img.example.org/c.png",
        "https://example.org/more.css", "//fonts.gstatic.com/a.woff2",
        "https://cdn.example.org/lunr.js"]


def test_the_recorder_sees_a_request_to_another_host(browser, site_url):
    context = new_context(browser)
    requests = Requests(origin_of(site_url))
    requests.attach(context)
    try:
        page = context.new_page()
        open_page(page, site_url, "")
        page.evaluate("() => fetch('http://tracker.invalid/pixel').catch(() => null)")
    finally:
        context.close()
    assert [url for _, url in requests.foreign()] == ["http://tracker.invalid/pixel"]
