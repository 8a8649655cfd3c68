"""The pipeline: every command, and the MkDocs hook, runs its stages through `run`.

    read -> validate -> catalogue    catalogue.load (reader, schema, validate)
    render                           render.render: Markdown for every page, in memory
    write                            writer.write_tree into build/docs: only what changed
    MkDocs                           mkdocs build --strict into build/site.new
    search                           search.index: Pagefind's index of the built pages
    editor                           editor.install: the browser editor at /admin/
    PDFs                             pdf.make_pdfs beside each built worksheet
    swap                             build/site.new renamed into site/

A site in more than one language (site_data.yaml's `translations`) is rendered, written and
built by MkDocs once per language, each from its own docs folder into its own folder of the
site (build/docs-es -> site/es/); the search, the editor, the PDFs and the swap then take the
whole site at once.

Everything is read and checked before anything is written, and the site is built into a
fresh folder that replaces `site/` only when all of it succeeded, so a content mistake or a
failed build leaves the published site as it was. One build runs at a time (`lock`).
"""

from __future__ import annotations

import enum
import fcntl
import logging
import os
import shutil
import sys
from collections.abc import Iterator
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

    `remembered`: what the live preview keeps between saves (catalogue.load)."""
    progress = progress or Progress.quiet()
    with lock(root):
        progress.stage("Reading and checking the content")
        site = catalogue.load(root, remembered)
        pages = {each.language: render.render(each) for each in site.every_language}
        result = Result(site, {language: frozenset(texts) for language, texts in pages.items()})
        if until is Until.CHECK:
            return result
        progress.stage(f"Writing the Markdown of {site.counted()}")
        result.markdown = writer.Report()
        for each in site.every_language:
            result.markdown += writer.write_tree(root / docs_dir(each), pages[each.language])
        if until is Until.MARKDOWN:
            return result
        staging = root / STAGING
        shutil.rmtree(staging, ignore_errors=True)
        try:
            for each in site.every_language:  # the main language first: it empties staging
                progress.stage(f"MkDocs: building the site (strict){_in_language(each)}")
                run_mkdocs(root, result, each, staging / each.folder)
            progress.stage("Search: indexing the pages with Pagefind")
            result.search = search.index(staging, site.folders)
            progress.stage("Editor: installing the browser editor at /admin/")
            editor.install(root, staging)
            result.pdfs = pdf.make_pdfs(root, staging, progress, site.folders)
            progress.stage("Swapping the new site into site/")
            _swap(staging, root / SITE)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        return result


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
    templates (overrides/locales); mkdocs.yml's navigation titles and colour toggle's names
    are translated here, since MkDocs shows them as they are written, and the navigation
    leaves out the hand-written pages this language does not have.
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
    if config.nav is not None:
        config.nav = i18n.translate_nav(config.nav, language, result.paths[language])


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


def _swap(staging: Path, target: Path) -> None:
    old = target.with_name(target.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        os.replace(target, old)
    os.replace(staging, target)
    shutil.rmtree(old, ignore_errors=True)
