"""Reading the site asks no other host for anything: no fonts, CDN scripts or analytics.

In the browser every request of every built page is recorded (foreign ones are refused, so a
leak fails fast even offline). Statically, no built HTML or CSS names another host for
anything the browser would load; links a reader may follow (<a href>) are fine.
"""

from __future__ import annotations

import re

import pytest

from .conftest import (DESKTOP, Requests, css_urls, html_files, is_external, open_page,
                       origin_of, parse_html, type_search)

pytestmark = pytest.mark.browser

# JavaScript that would load from elsewhere: a static or dynamic import, a worker script, a fetch.
JS_LOAD = re.compile(r"""(?:\bimport\s*\(?|importScripts\(|new\s+Worker\(|\bfetch\()\s*['"`]"""
                     r"""((?:https?:)?//[^'"`]+)""")


def test_no_page_requests_another_host(browser, site_url, page_paths):
    context = browser.new_context(viewport=DESKTOP)
    requests = Requests(origin_of(site_url))
    requests.attach(context)
    try:
        page = context.new_page()
        requests.attach_page(page)
        for path in page_paths:
            requests.current = path or "/"
            page.goto(site_url + path, wait_until="networkidle")
        requests.current = "search"
        open_page(page, site_url, "")
        type_search(page, "secure")
        page.wait_for_load_state("networkidle")
    finally:
        context.close()
    local = [url for _, url in requests.seen if requests.is_local(url)]
    assert len(local) > len(page_paths), "the recorder saw too few requests to be trusted"
    assert any("search" in url for url in local), "the search index was never requested"
    foreign = requests.foreign()
    assert not foreign, "requests to other hosts:\n" + "\n".join(f"{p}: {u}" for p, u in foreign)


def test_no_built_file_loads_from_another_host(site_dir):
    found = []
    for file in html_files(site_dir):
        found += [(file, url) for url in parse_html(file).loads if is_external(url)]
    for file in site_dir.rglob("*.css"):
        found += [(file, url) for url in css_urls(file.read_text(encoding="utf-8"))
                  if is_external(url)]
    for file in site_dir.rglob("*.js"):
        found += [(file, url) for url in JS_LOAD.findall(file.read_text(encoding="utf-8"))]
    assert not found, "\n".join(f"{file.relative_to(site_dir)}: {url}" for file, url in found)
