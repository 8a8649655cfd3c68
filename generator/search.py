"""The site's search index: Pagefind, run on the built HTML.

Material's own search sends every reader the whole site's text (one JSON file that grows with
every exercise) before it can show a result. Pagefind splits the index into small chunks, so a
query fetches a few of them whatever the size of the site; overrides/assets/javascripts/
search.js asks it from Material's search box. Its binary comes with the `pagefind-bin` package,
so `make site` needs nothing else installed and nothing from the network.

One function, `index`, run on a finished MkDocs output folder: by the pipeline (build.run)
before the site is swapped in, and by the MkDocs hook after every `make serve` rebuild.
"""

from __future__ import annotations

import asyncio
import shutil
import time
from pathlib import Path

from . import i18n, render
from .errors import BuildError
from .schema import SiteData

OUTPUT = "pagefind"
# Only a page's own text: Material's article, not the header, navigation, table of contents
# or footer that every page repeats.
ROOT_SELECTOR = "article.md-content__inner"
EXCLUDED = (
    ".headerlink",  # the ¶ after each heading
    ".md-content__button",
    ".ex-actions",  # "Print worksheet", "Download PDF"
    ".ex-edit",  # "Edit this exercise"
    ".ex-safety",  # the same notice on every exercise: it would match every query for it
)
# Top-level folders whose pages are not indexed. A worksheet repeats its exercise's text, and
# the exercise page is the result to show; not reading the worksheets at all halves the work.
SKIPPED = frozenset({"worksheets", "assets", OUTPUT, f"{OUTPUT}.new", f"{OUTPUT}.old"})
# Pagefind also writes its ready-made search interfaces; the site uses its own (search.js),
# so they are not published.
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js",
          "pagefind-modular-ui.css", "pagefind-component-ui.js", "pagefind-component-ui.css",
          "pagefind-highlight.js")


def filters(data: SiteData) -> dict[str, list[dict[str, str]]]:
    """The search's filters and their choices in the language of `data`, for the search box
    (overrides/partials/search.html): by audience and by time. Each is a Pagefind filter that
    the exercise pages set with the choice's id (exercise.md.j2), the same in every language."""
    return {"audience": [{"id": a.id, "label": a.label} for a in data.audiences],
            "time": [{"id": range_id, "label": i18n.gettext(data.language, label)}
                     for range_id, _, label in render.TIME_RANGES]}


def index(site_dir: Path, folders: tuple[str, ...] = ("",)) -> str:
    """Index the built pages in `site_dir` into `site_dir/pagefind/`; a one-line report.

    `folders`: where each language's pages are (`""`, `"es/"`). Pagefind reads each page's
    `lang` and makes one index per language, with that language's stemming; the search
    script asks the one of the page it runs on, so a reader finds pages in their language.
    """
    started = time.perf_counter()
    output = site_dir / OUTPUT
    fresh = site_dir / f"{OUTPUT}.new"
    shutil.rmtree(fresh, ignore_errors=True)
    try:
        pages = asyncio.run(_index(site_dir.resolve(), fresh.resolve(), folders))
    except FileNotFoundError as exc:  # no binary for this platform in pagefind-bin
        raise BuildError(f"search: Pagefind could not start ({exc}); reinstall with `make`") \
            from None
    for name in UNUSED:
        (fresh / name).unlink(missing_ok=True)
    # The preview keeps serving the last index while the next one is made, then swaps it in.
    old = site_dir / f"{OUTPUT}.old"
    shutil.rmtree(old, ignore_errors=True)
    if output.exists():
        output.rename(old)
    fresh.rename(output)
    shutil.rmtree(old, ignore_errors=True)
    return f"search: Pagefind read {pages} pages in {time.perf_counter() - started:.1f} s"


def pages(site_dir: Path, folders: tuple[str, ...] = ("",)) -> str:
    """The pages to index, as a glob: each language's home page and every folder/index.html
    (MkDocs' use_directory_urls) outside SKIPPED and the other languages' folders. Not
    404.html, whose text is no answer to a query."""
    languages = {folder.strip("/") for folder in folders}
    globs = []
    for folder in folders:
        names = sorted(p.name for p in (site_dir / folder).iterdir()
                       if p.is_dir() and p.name not in SKIPPED and p.name not in languages)
        globs += [f"{folder}index.html", *(f"{folder}{name}/**/index.html" for name in names)]
    return "{" + ",".join(globs) + "}"


async def _index(site_dir: Path, output: Path, folders: tuple[str, ...]) -> int:
    from pagefind.index import IndexConfig, PagefindIndex

    config = IndexConfig(root_selector=ROOT_SELECTOR, exclude_selectors=list(EXCLUDED),
                         output_path=str(output))
    async with PagefindIndex(config) as search_index:
        added = await search_index.add_directory(str(site_dir), glob=pages(site_dir, folders))
    if not added["page_count"]:
        raise BuildError(f"search: Pagefind found no pages to index in {site_dir}")
    return added["page_count"]
