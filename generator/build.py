"""The pipeline: one function per stage, run in order by `run`, which every command calls.

    read            catalogue.load (read -> validate -> catalogue), then render.render:
                    the Markdown of every page, in memory
    write           writer.write_tree into build/docs: only what changed
    main_language   mkdocs build --strict of the main language into build/site.new
    after_mkdocs    the same for each other language, into its folder; then index_site:
                    Pagefind's index of the built pages (search.index)
    install_editor  editor.install: the browser editor at /admin/
    make_pdfs       pdf.make_pdfs beside each built worksheet
    swap            build/site.new renamed into site/

MkDocs started on its own (`mkdocs build`, `make serve`: generator/mkdocs_hooks.py) calls the
same functions in the same order: `run` up to the Markdown before MkDocs reads its config, and
`after_mkdocs` once MkDocs has built the main language; it has no editor, PDFs or swap (MkDocs
writes into its own site_dir).

A site in more than one language (site_data.yaml's `translations`) is rendered, written and
built by MkDocs once per language, each from its own docs folder into its own folder of the
site (build/docs-es -> site/es/); the search, the editor, the PDFs and the swap then take the
whole site at once.

Everything is read and checked before anything is written, and the site is built into a
fresh folder that replaces `site/` only when all of it succeeded, so a content mistake or a
failed build leaves the published site as it was. One build runs at a time (`lock`).

The same commit builds the same bytes wherever and whenever it is built: the one date the
site holds (the sitemap's) is the commit's, not the clock's (`source_date`); nothing else
reads the clock, the time zone, the locale or the project's folder.
"""

from __future__ import annotations

import enum
import fcntl
import logging
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from babel.core import Locale
from markupsafe import Markup

from . import catalogue, editor, i18n, markup, pdf, render, search, writer
from .errors import BuildError
from .progress import Progress

DOCS = Path("build/docs")
STAGING = Path("build/site.new")
SITE = Path("site")
LOCK = Path("build/build.lock")
# The site's date when neither SOURCE_DATE_EPOCH nor a commit gives one (a copy of the project
# outside git): 1980-01-01, the earliest date a ZIP file holds, which reproducible-build tools
# (Python's wheel, Debian) take for the same purpose.
FALLBACK_DATE = 315532800


class Until(enum.IntEnum):
    """How far a run goes: each command stops at its own stage."""

    CHECK = 1  # read, validate, catalogue and render in memory; write nothing
    MARKDOWN = 2  # ... and write build/docs
    SITE = 3  # ... and MkDocs, the PDFs and the swap into site/


@dataclass
class Result:
    site: catalogue.Site  # the main language's, holding the others
    paths: dict[str, frozenset[str]]  # each language's pages, by path under its docs folder
    markdown: writer.Report | None = None
    search: str = ""
    pdfs: pdf.Report | None = None

    def __str__(self) -> str:
        parts = [f"{self.site.counted()} checked"]
        if self.markdown is not None:
            parts.append(f"Markdown: {self.markdown}")
        if self.pdfs is not None:
            parts += [self.search, str(self.pdfs), "site/ built"]
        return "; ".join(parts)


def run(root: Path, until: Until, progress: Progress | None = None,
        remembered: dict | None = None) -> Result:
    """Run the stages in order up to `until`; raises ContentError or BuildError.

    This is the one order of the stages; MkDocs started on its own (generator/mkdocs_hooks.py)
    runs this up to the Markdown, builds the main language itself and then calls
    `after_mkdocs`, as here.

    `remembered`: what the live preview keeps between saves (catalogue.load)."""
    progress = progress or Progress.quiet()
    with lock(root):
        result, pages = read(root, progress, remembered)
        if until is Until.CHECK:
            return result
        write(root, result, pages, progress)
        if until is Until.MARKDOWN:
            return result
        staging = root / STAGING
        shutil.rmtree(staging, ignore_errors=True)
        try:
            with dated(root):
                main_language(root, result, staging, progress)  # first: it empties staging
                after_mkdocs(root, result, staging, progress)
                install_editor(result, staging, progress)
                make_pdfs(root, result, staging, progress)
                swap(staging, root / SITE, progress)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        return result


def read(root: Path, progress: Progress, remembered: dict | None = None
         ) -> tuple[Result, dict[str, dict[str, str]]]:
    """Read, validate and catalogue the content, and render every page in memory: the result,
    and each language's pages (`{language: {path: text}}`), which only `write` needs."""
    progress.stage("Reading and checking the content")
    site = catalogue.load(root, remembered)
    pages = {each.language: render.render(each) for each in site.every_language}
    return Result(site, {language: frozenset(texts) for language, texts in pages.items()}), pages


def write(root: Path, result: Result, pages: dict[str, dict[str, str]],
          progress: Progress) -> None:
    """Each language's Markdown into its docs folder: only what changed is rewritten."""
    progress.stage(f"Writing the Markdown of {result.site.counted()}")
    result.markdown = writer.Report()
    for each in result.site.every_language:
        result.markdown += writer.write_tree(root / docs_dir(each), pages[each.language])


def main_language(root: Path, result: Result, site_dir: Path, progress: Progress) -> None:
    """MkDocs' build of the main language into `site_dir` (MkDocs empties it first)."""
    progress.stage("MkDocs: building the site (strict)")
    run_mkdocs(root, result, result.site, site_dir)


def after_mkdocs(root: Path, result: Result, site_dir: Path, progress: Progress,
                 serving: bool = False, index: Callable[..., None] | None = None) -> list[str]:
    """The stages after MkDocs has built the main language into `site_dir`: the other
    languages, then the search index of them all (`index`: the live preview's own, which
    indexes beside its server).

    The live preview (`serving`) goes on past a language MkDocs failed to build, so the others
    stay current, and gets back the failures' messages; anywhere else one raises BuildError.
    """
    failed = []
    for each in result.site.translations:
        progress.stage(f"MkDocs: building the site (strict){_in_language(each)}")
        try:
            run_mkdocs(root, result, each, site_dir / each.folder, serving=serving)
        except BuildError as exc:
            if not serving:
                raise
            failed.append(str(exc))
    (index or index_site)(result, site_dir, progress)
    return failed


def index_site(result: Result, site_dir: Path, progress: Progress) -> None:
    """Pagefind's index of every language's pages in `site_dir`."""
    progress.stage("Search: indexing the pages with Pagefind")
    result.search = search.index(site_dir, result.site.folders)


def install_editor(result: Result, site_dir: Path, progress: Progress) -> None:
    progress.stage("Editor: installing the browser editor at /admin/")
    editor.install(result.site, site_dir)


def make_pdfs(root: Path, result: Result, site_dir: Path, progress: Progress) -> None:
    result.pdfs = pdf.make_pdfs(root, site_dir, progress, result.site.folders)


def swap(staging: Path, target: Path, progress: Progress) -> None:
    """The new site in place of the old one, in two renames."""
    progress.stage("Swapping the new site into site/")
    old = target.with_name(target.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        os.replace(target, old)
    os.replace(staging, target)
    shutil.rmtree(old, ignore_errors=True)


def docs_dir(site: catalogue.Site) -> Path:
    """Where a language's Markdown is written: MkDocs builds each language from its own
    folder (so each has its own theme language, navigation and search language)."""
    return DOCS if not site.folder else DOCS.with_name(f"docs-{site.language}")


def _in_language(site: catalogue.Site) -> str:
    return f" in {i18n.language_name(site.language)}" if site.folder else ""


def languages(result: Result, site: catalogue.Site) -> list[dict[str, Any]]:
    """The language switch's entries for the pages of `site` (one of result's languages):
    each language's name, its folder relative to `site`'s, its address, and the pages it has,
    so a page links to its own counterpart, or to that language's home when it has none."""
    here = site.folder.count("/")
    return [{"lang": each.language, "name": i18n.language_name(each.language),
             "link": "../" * here + each.folder, "url": result.site.data.url + each.folder,
             "pages": result.paths[each.language]}
            for each in result.site.every_language]


def apply_settings(config: Any, result: Result, site: catalogue.Site,
                   serving: bool = False) -> None:
    """Set what site_data.yaml says on a loaded MkDocs config for the pages of `site` (one
    language's): the name, description and address (the `make serve` preview keeps its own),
    the repository link, the search's filters, the language and the language switch.

    Material prints the name and description into HTML unescaped, so they are given as HTML;
    Markup keeps its own `| e` from escaping them twice.

    The language is Material's `theme.language` (its own words, the page's `lang` and
    direction) and MkDocs' theme `locale`, which loads our catalogue for the overrides'
    templates (overrides/locales). The navigation is the index pages' (render.INDEXES) then
    mkdocs.yml's hand-written pages; its titles and the colour toggle's names are translated
    here, since MkDocs shows them as they are written, and it leaves out the hand-written pages
    this language does not have.
    """
    data = site.data
    config["site_name"] = Markup(markup.front_matter_text(data.name))
    config["site_description"] = Markup(markup.front_matter_text(data.description))
    if not serving:
        config["site_url"] = data.url + site.folder
    config.extra["repo_url"] = data.repo_url
    config.extra["search_filters"] = search.filters(data)
    if result.site.translations:
        config.extra["languages"] = languages(result, site)
    language = data.language
    config.theme["language"] = language
    config.theme["locale"] = Locale.parse(language)
    if "palette" in config.theme:
        config.theme["palette"] = i18n.translate_palette(config.theme["palette"], language)
    nav = render.navigation() + list(config.nav or [])  # the index pages, then mkdocs.yml's
    config.nav = i18n.translate_nav(nav, language, result.paths[language])
    config.extra["indexes"] = render.index_links(language, config.use_directory_urls)


def run_mkdocs(root: Path, result: Result, site: catalogue.Site, site_dir: Path,
               serving: bool = False) -> None:
    """`mkdocs build --strict` of one language's pages, in this process, into `site_dir`.

    The hook in mkdocs.yml is left out: it runs this pipeline for MkDocs started on its own
    (`mkdocs build`, `make serve`), and here the pipeline has already done that work. The
    live preview builds dirty, as it does the main language (generator/preview.py says why):
    only the pages whose Markdown the generator rewrote.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    messages = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(messages)
    propagate, logger.propagate = logger.propagate, False
    try:
        config = load_config(str(root / "mkdocs.yml"), site_dir=str(site_dir),
                             strict=not serving, docs_dir=str(root / docs_dir(site)), hooks=[])
        apply_settings(config, result, site, serving)
        config.plugins.on_startup(command="build", dirty=serving)
        try:
            build(config, dirty=serving)
        finally:
            config.plugins.on_shutdown()
    except MkDocsException as exc:
        detail = "\n".join(messages.lines[-15:] + [str(exc)])
        raise BuildError(f"mkdocs build failed{_in_language(site)}; site/ was left as it "
                         f"was:\n{detail}") from None
    finally:
        logger.removeHandler(messages)
        logger.propagate = propagate


class _Collect(logging.Handler):
    """MkDocs' warnings and errors, kept to explain a failed strict build in one message."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"{record.levelname}: {record.getMessage()}")


@contextmanager
def lock(root: Path) -> Iterator[None]:
    """One build at a time in a project: a second one says so and waits for the first.

    The lock is the operating system's (flock) on build/build.lock, so it is released when
    the build ends in any way, killed included; the file itself is left in place.
    """
    path = root / LOCK
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+") as held:
        try:
            fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            held.seek(0)
            who = held.read().strip() or "another process"
            print(f"Another build is running in this project ({who}); waiting for it to "
                  "finish...", file=sys.stderr, flush=True)
            fcntl.flock(held, fcntl.LOCK_EX)
        held.seek(0)
        held.truncate()
        held.write(f"process {os.getpid()}")
        held.flush()
        try:
            yield
        finally:
            held.truncate(0)
            fcntl.flock(held, fcntl.LOCK_UN)


def source_date(root: Path) -> int:
    """The site's date, in seconds since 1970, the same on every machine that builds a commit:
    SOURCE_DATE_EPOCH when set (the reproducible-builds convention), else the date of the last
    commit that changed the project's folder, else FALLBACK_DATE (no git, or a copy outside
    git: a repository that does not track the folder gives no commit)."""
    given = os.environ.get("SOURCE_DATE_EPOCH")
    if given is not None:
        if not given.strip().isdigit():
            raise BuildError(f"SOURCE_DATE_EPOCH must be a whole number of seconds since "
                             f"1970-01-01 UTC, not {given!r}")
        return int(given)
    try:
        found = subprocess.run(["git", "log", "-1", "--format=%ct", "--", "."], cwd=root,
                               capture_output=True, text=True, timeout=60)
    except OSError:  # no git
        return FALLBACK_DATE
    date = found.stdout.strip()
    return int(date) if found.returncode == 0 and date.isdigit() else FALLBACK_DATE


@contextmanager
def dated(root: Path) -> Iterator[int]:
    """SOURCE_DATE_EPOCH set to `source_date` while the site is built, then restored.

    MkDocs dates the sitemap (each page's lastmod, and the time in sitemap.xml.gz's header)
    by the clock unless SOURCE_DATE_EPOCH is set, and reads it from the environment only; so
    do fontTools (a font's `head` dates) and the other tools that follow the convention.
    """
    date = source_date(root)
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(date)
    try:
        yield date
    finally:
        if before is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before

