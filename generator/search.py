"""The site's search index: Pagefind, run on the built HTML.

Material's own search sends every reader the whole site's text (one JSON file that grows with
every exercise) before it can show a result. Pagefind splits the index into small chunks, so a
query fetches a few of them whatever the size of the site; overrides/assets/javascripts/
search.js asks it from Material's search box. Its binary comes with the `pagefind-bin` package,
so `make site` needs nothing else installed and nothing from the network.

One function, `index`, run on a finished MkDocs output folder: by the pipeline (build.run)
before the site is swapped in, and by the MkDocs hook after every `make serve` rebuild.

Pagefind runs as its own command (`python -m pagefind`), to the end, not through the
package's Python API: the API stops its Pagefind process as soon as Pagefind answers that the
files are written, while Pagefind's last writes can still be on their way to the disk; on a
busy machine the site was then published with an empty pagefind-entry.json (8 indexes in 40
beside a full load of both cores) and no working search. A command that has exited has
written everything, and the index is checked before it replaces the last one.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
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
    _run_pagefind(site_dir.resolve(), fresh.resolve(), folders)
    count = _indexed(fresh, site_dir)
    for name in UNUSED:
        (fresh / name).unlink(missing_ok=True)
    # The preview keeps serving the last index while the next one is made, then swaps it in.
    old = site_dir / f"{OUTPUT}.old"
    shutil.rmtree(old, ignore_errors=True)
    if output.exists():
        output.rename(old)
    fresh.rename(output)
    shutil.rmtree(old, ignore_errors=True)
    return f"search: Pagefind read {count} pages in {time.perf_counter() - started:.1f} s"


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


def _run_pagefind(site_dir: Path, output: Path, folders: tuple[str, ...]) -> None:
    """Pagefind's command on the pages of `site_dir`, writing into `output`. It runs in the
    site's folder with every setting on its command line and none from the machine (a
    PAGEFIND_* variable or a pagefind.yml where it is started), so that the same pages give
    the same index anywhere."""
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir),
               "--output-path", str(output), "--root-selector", ROOT_SELECTOR,
               "--glob", pages(site_dir, folders), "--quiet"]
    for selector in EXCLUDED:
        command += ["--exclude-selectors", selector]
    environment = {name: value for name, value in os.environ.items()
                   if not name.startswith("PAGEFIND_")}
    done = subprocess.run(command, cwd=site_dir, env=environment, capture_output=True,
                          text=True, check=False)
    if done.returncode:
        said = ((done.stderr or done.stdout).strip().splitlines() or ["no message"])[-1]
        if "Could not find pagefind binary" in said:  # no binary for this platform
            raise BuildError("search: Pagefind could not start (no pagefind binary in the "
                             "pagefind-bin package); reinstall with `make`")
        raise BuildError(f"search: Pagefind failed: {said}")


def _indexed(output: Path, site_dir: Path) -> int:
    """The number of pages in the index Pagefind wrote to `output`, once its entry file (the
    one every search reads first) and each language's metadata are there and whole."""
    entry = output / "pagefind-entry.json"
    try:
        languages = json.loads(entry.read_text(encoding="utf-8"))["languages"]
    except (OSError, ValueError, KeyError) as exc:
        raise BuildError(f"search: Pagefind's index is incomplete ({entry.name}: {exc})") \
            from None
    for language in languages.values():
        meta = output / f"pagefind.{language['hash']}.pf_meta"
        if not meta.is_file() or not meta.stat().st_size:
            raise BuildError(f"search: Pagefind's index is incomplete ({meta.name} is missing "
                             "or empty)")
    count = sum(language["page_count"] for language in languages.values())
    if not count:
        raise BuildError(f"search: Pagefind found no pages to index in {site_dir}")
    return count
