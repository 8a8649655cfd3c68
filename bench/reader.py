"""What a reader waits for and downloads: the search and the first load of the pages.

A built site is served on 127.0.0.1 under a sub-path (/attached-exercises/, as GitHub Pages
serves it) and opened in the system Chromium through Playwright. The phone is the issue's
emulation: CPU 4x slower (`Emulation.setCPUThrottlingRate`), 9 Mbit/s both ways with 60 ms
latency (`Network.emulateNetworkConditions`), cache off, 390 px wide; the desktop is the same
browser unthrottled at 1280 px, cache off. Files are served uncompressed (GitHub Pages
compresses text files, so a reader there fetches fewer bytes than these).

- *first result*: from the first keystroke of a seven-letter word, typed at 20 ms per key into
  the search box of the home page (opened by a click on the search icon or box just before,
  2 s after the page loaded and the network went idle), to the first frame that shows a
  result for the whole word.
- *bytes for the search*: everything fetched from that click on (home page load not counted);
  *Pagefind files in all*: its script, worker, WebAssembly and index files, with those the page
  fetched ahead once idle (overrides/assets/javascripts/search.js says why).
- *first load*: every byte a page fetches with an empty cache (phone), until the network is
  idle.
- *CLS*: the layout shift a PerformanceObserver sees on the phone from the start of the load
  until 1 s after it, worst of the home, exercise, worksheet, browse and guide pages.

`python -m bench.reader SITE_DIR` measures one built site on its own (say, an older build).
"""

from __future__ import annotations

import argparse
import functools
import http.server
import shutil
import socketserver
import statistics
import sys
import tempfile
import threading
from collections import defaultdict
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

WORD = "comfort"  # seven letters, in every synthetic exercise (bench/synth.py WORDS)
PREFIX = "attached-exercises"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-quic"]
# 9 Mbit/s in bytes per second, and 60 ms of latency (the phone)
PHONE_NETWORK = {"offline": False, "latency": 60, "downloadThroughput": 9e6 / 8,
                 "uploadThroughput": 9e6 / 8}
READING_MS = 2000  # the reader looks at the home page this long before reaching for search
PAGE_KINDS = {"home": "", "exercise": "exercises/{slug}/", "worksheet": "worksheets/{slug}/",
              "browse": "browse/tags/", "guide": "guide/adding-an-exercise/"}

# Installed before any page script: the first keystroke's time, and the first frame in which a
# result for the whole word is in the list (the site's search marks the list with the query it
# shows; Material's lunr search is recognised by the ?h= its result links carry).
TIMING = """
(() => {
  window.__reader = {};
  document.addEventListener("keydown", () => {
    if (window.__reader.key === undefined) window.__reader.key = performance.now();
  }, true);
  const shown = () => {
    const out = document.querySelector(".md-search-result");
    if (!out || !document.querySelector(".md-search-result__item")) return false;
    if (out.dataset.query === WORD) return true;
    return [...document.querySelectorAll(".md-search-result__item a")].some(a =>
      new URL(a.href).searchParams.get("h") === WORD);
  };
  const watch = () => {
    if (window.__reader.result === undefined && shown()) {
      requestAnimationFrame(() => { window.__reader.result = performance.now(); });
    }
    requestAnimationFrame(watch);
  };
  requestAnimationFrame(watch);
  window.__reader.cls = 0;
  new PerformanceObserver(list => {
    for (const entry of list.getEntries())
      if (!entry.hadRecentInput) window.__reader.cls += entry.value;
  }).observe({type: "layout-shift", buffered: true});
})();
"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextmanager
def serve(site: Path) -> Iterator[str]:
    """`site` served under /attached-exercises/ on a free port; yields that address."""
    holder = Path(tempfile.mkdtemp(prefix="reader-"))
    (holder / PREFIX).symlink_to(site.resolve())
    handler = functools.partial(_Quiet, directory=str(holder))
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/{PREFIX}/"
    finally:
        server.shutdown()
        server.server_close()
        shutil.rmtree(holder, ignore_errors=True)


class _Bytes:
    """Bytes received by the page and its workers (cache off: every response is fetched).

    Playwright sees the web worker's requests, which a CDP session on the page does not; a
    worker's own script reports no body size, so the Content-Length the server sent counts."""

    def __init__(self, context):
        self.total = 0
        self.pagefind = 0  # of which Pagefind's files (script, worker, WebAssembly, index)
        context.on("requestfinished", self._add)

    def _add(self, request) -> None:
        sizes = request.sizes()
        body = sizes["responseBodySize"]
        if body <= 0:
            response = request.response()
            body = int((response.headers.get("content-length") or 0) if response else 0)
        size = body + max(sizes["responseHeadersSize"], 0)
        self.total += size
        if "/pagefind/" in request.url:
            self.pagefind += size


def _page(browser, phone: bool):
    context = browser.new_context(viewport=PHONE if phone else DESKTOP,
                                  is_mobile=phone, has_touch=phone)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    if phone:
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
        cdp.send("Network.emulateNetworkConditions", PHONE_NETWORK)
    page.add_init_script(TIMING.replace("WORD", f'"{WORD}"'))
    received = _Bytes(context)
    return context, page, received


def search_once(browser, url: str, phone: bool) -> tuple[float, int, int]:
    """(seconds from the first keystroke to the first result, bytes fetched for the search,
    bytes of Pagefind's files in all, with what the page fetched ahead while idle)."""
    context, page, received = _page(browser, phone)
    try:
        page.goto(url, wait_until="load")
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(READING_MS)
        before = received.total
        opener = page.locator("label.md-header__button[for='__search']") if phone \
            else page.locator(".md-search__input")
        opener.click()
        page.keyboard.type(WORD, delay=20)
        page.wait_for_function("() => window.__reader.result !== undefined", timeout=60_000)
        timing = page.evaluate("window.__reader")
        page.wait_for_load_state("networkidle")
        return ((timing["result"] - timing["key"]) / 1000, received.total - before,
                received.pagefind)
    finally:
        context.close()


def load_once(browser, url: str) -> tuple[int, float]:
    """(bytes of a page's first load on the phone, its layout shift within 1 s of loading)."""
    context, page, received = _page(browser, True)
    try:
        page.goto(url, wait_until="load")
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(1000)
        return received.total, page.evaluate("window.__reader.cls")
    finally:
        context.close()


def measure(site: Path, runs: int) -> dict[str, list]:
    """The reader's figures for the built `site`, one value per run in each list."""
    from playwright.sync_api import sync_playwright

    slug = min(p.name for p in (site / "exercises").iterdir() if p.is_dir())
    figures: dict[str, list] = defaultdict(list)
    with serve(site) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS)
        try:
            for _ in range(runs):
                seconds, fetched, pagefind = search_once(browser, url, phone=True)
                figures["reader_phone_s"].append(seconds)
                figures["reader_search_kb"].append(fetched / 1024)
                figures["reader_pagefind_kb"].append(pagefind / 1024)
                figures["reader_desktop_s"].append(search_once(browser, url, phone=False)[0])
                worst = 0.0
                for kind, path in PAGE_KINDS.items():
                    fetched, shift = load_once(browser, url + path.format(slug=slug))
                    if kind in ("home", "exercise", "worksheet"):
                        figures[f"reader_{kind}_kb"].append(fetched / 1024)
                    worst = max(worst, shift)
                figures["reader_cls"].append(worst)
        finally:
            browser.close()
    return figures


# The whole browser, as readers have it (the tests prefer Debian's headless shell).
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def chromium() -> str:
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    raise SystemExit("bench.reader needs a Chromium (Debian: apt-get install chromium)")


# (figure, heading, unit, format)
COLUMNS = [
    ("reader_phone_s", "phone: first result", "s", "{:.2f}"),
    ("reader_search_kb", "phone: bytes for the search", "kB", "{:.0f}"),
    ("reader_pagefind_kb", "phone: Pagefind files in all", "kB", "{:.0f}"),
    ("reader_desktop_s", "desktop: first result", "s", "{:.2f}"),
    ("reader_home_kb", "home, first load", "kB", "{:.0f}"),
    ("reader_exercise_kb", "exercise, first load", "kB", "{:.0f}"),
    ("reader_worksheet_kb", "worksheet, first load", "kB", "{:.0f}"),
    ("reader_cls", "CLS, worst page kind", "", "{:.3f}"),
]


def table(rows: Mapping[int, Mapping[str, Any]]) -> str:
    heads = ["N"] + [f"{head} ({unit})" if unit else head for _, head, unit, _ in COLUMNS]
    lines = ["| " + " | ".join(heads) + " |", "|" + "---:|" * len(heads)]
    for n, row in rows.items():
        cells = [str(n)] + ["–" if row.get(name) is None else fmt.format(row[name])
                            for name, _, _, fmt in COLUMNS]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def targets(rows: Mapping[int, Mapping[str, Any]]) -> list[tuple[str, str, bool | None]]:
    """The issue's reader targets: (target, measured, passed; None when not measured)."""
    built = [n for n, row in rows.items() if row.get("search_s") and row.get("site_cold")]
    growth: list[tuple[str, str, bool | None]] = []
    if built:
        m = max(built)
        share = rows[m]["search_s"] / (rows[m]["site_cold"] - rows[m]["search_s"])
        growth = [(f"the search index adds ≤ 10% to a cold `make site` (N={m})",
                   f"{rows[m]['search_s']:.2f} s on {rows[m]['site_cold']:.0f} s: "
                   f"+{100 * share:.1f}%", share <= 0.10)]
    measured = {n: row for n, row in rows.items() if row.get("reader_phone_s") is not None}
    if not measured:
        return [*growth, ("reader figures", "not measured (no Chromium?)", None)]
    n = max(measured)
    big = measured[n]
    return [*growth,
        (f"phone: first result ≤ 1.0 s (N={n})", f"{big['reader_phone_s']:.2f} s",
         big["reader_phone_s"] <= 1.0),
        (f"phone: ≤ 500 kB fetched for the search (N={n})",
         f"{big['reader_search_kb']:.0f} kB", big["reader_search_kb"] <= 500),
        (f"desktop: first result ≤ 0.5 s (N={n})", f"{big['reader_desktop_s']:.2f} s",
         big["reader_desktop_s"] <= 0.5),
        ("CLS ≤ 0.05 on every page kind at 390 px",
         "; ".join(f"N={m}: {row['reader_cls']:.3f}" for m, row in measured.items()),
         all(row["reader_cls"] <= 0.05 for row in measured.values())),
    ]


def section(rows: Mapping[int, Mapping[str, Any]]) -> str:
    """The reader's part of bench/results.md."""
    doc = (__doc__ or "").split("\n\n", 1)[1].split("\n`python -m", 1)[0].strip()
    verdicts = ["| target | measured | verdict |", "|---|---|---|"] + [
        f"| {target} | {value} | "
        f"{'not measured' if ok is None else ('pass' if ok else '**FAIL**')} |"
        for target, value, ok in targets(rows)]
    return "\n".join(["## Reader: search and page loads", "", doc, "", table(rows), "",
                      *verdicts])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.reader", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("site", type=Path, help="a built site folder (site/)")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    figures = measure(args.site, args.runs)
    for name, values in figures.items():
        print(f"{name}: median {statistics.median(values):.3f} of "
              + ", ".join(f"{v:.3f}" for v in values))
    return 0


if __name__ == "__main__":
    sys.exit(main())
