"""MkDocs hooks, for MkDocs started on its own: `mkdocs build`, and `mkdocs serve` (`make serve`).

They run the pipeline's own stages, in its order (generator/build.py), around MkDocs' build of
the main language: before it, `build.run` up to the Markdown, then site_data.yaml's settings
are put on the config (`build.apply_settings`); after it, `build.after_mkdocs`: the other
languages, then the search index. During the live preview a content mistake is logged as the
usual error lines and the last good pages stay served, and the index is written beside the
server. `python -m generator site` runs MkDocs without these hooks: it runs the stages itself.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import jinja2  # noqa: E402
from mkdocs.exceptions import Abort  # noqa: E402
from mkdocs.plugins import event_priority  # noqa: E402

from generator import build, search  # noqa: E402
from generator.errors import BuildError, ContentError  # noqa: E402
from generator.progress import Progress  # noqa: E402

log = logging.getLogger("mkdocs.generator")
_serving = False
_remembered: dict = {}  # each exercise's validation, by its bytes, from one save to the next
_indexing: threading.Thread | None = None  # the preview's search index of the last build
_closing = False  # Ctrl+C: the preview is stopping
# How long Ctrl+C waits for an index still being written (Pagefind gets the Ctrl+C too).
CLOSING_WAIT = 2.0
_last: build.Result | None = None  # the last good content, kept on screen through a mistake


def on_startup(command, dirty):
    global _serving
    _serving = command == "serve"
    if _serving and dirty:
        logging.getLogger("mkdocs.commands.build").addFilter(_known_dirty_warning)


def _known_dirty_warning(record: logging.LogRecord) -> bool:
    """`make serve` is dirty on purpose and the README says what that leaves stale."""
    return not record.getMessage().startswith("A 'dirty' build is being performed")


@event_priority(100)  # before any plugin's: a plugin may read the theme's language we set
def on_config(config):
    global _last
    _wait_for_the_index()
    try:
        _last = build.run(ROOT, build.Until.MARKDOWN, remembered=_remembered)
    except ContentError as exc:
        for problem in exc.problems:
            log.error(str(problem))
        if not _serving:
            raise Abort(f"{exc.summary()}; nothing was built") from None
        kept = any((ROOT / build.DOCS).glob("*"))
        shown = "still showing the last good pages" if kept else "no pages until it is fixed"
        log.error(f"{exc.summary()}; {shown}")
    else:
        if _last.markdown and (_last.markdown.written or _last.markdown.removed):
            log.info(f"generator: {_last.markdown}")
    if _last is not None:
        build.apply_settings(config, _last, _last.site, serving=_serving)
    if not _serving:  # `mkdocs build`: the sitemap dated as `generator site` dates it
        try:
            os.environ.setdefault("SOURCE_DATE_EPOCH", str(build.source_date(ROOT)))
        except BuildError as exc:
            raise Abort(str(exc)) from None
    return config


def on_env(env, config, files):
    """MkDocs makes a new Jinja environment for every build, so without a cache Material's
    templates are compiled again on every save of the live preview. Jinja's own cache of
    compiled templates keeps them (it checks each template's source before using an entry)."""
    if env.bytecode_cache is None:
        env.bytecode_cache = jinja2.FileSystemBytecodeCache()
    return env


def on_post_build(config):
    """The pipeline's stages after MkDocs' build of the main language (build.after_mkdocs,
    as `generator site` runs them): the other languages, each a site of its own in its folder,
    then Pagefind's index, so the preview's search finds what was just saved.

    The preview serves a rebuilt page only once the build has returned, and indexing the
    whole site takes about as long as the rest of a rebuild: there it runs beside the
    server, the search catching up a moment after the page. The next rebuild waits for it,
    so Pagefind never reads a page MkDocs is writing.
    """
    site_dir = Path(config.site_dir)
    if _last is None:  # the preview without good content yet: MkDocs built the last Markdown
        _index_beside_the_server(site_dir, ("",))
        return
    try:
        failed = build.after_mkdocs(ROOT, _last, site_dir, Progress.quiet(), serving=_serving,
                                    index=_index_for_the_preview if _serving else None)
    except BuildError as exc:
        raise Abort(str(exc)) from None
    for message in failed:
        log.error(message)
    if not _serving:
        log.info(_last.search)


def _index_for_the_preview(result: build.Result, site_dir: Path, progress: Progress) -> None:
    _index_beside_the_server(site_dir, result.site.folders)


def _index_beside_the_server(site_dir: Path, folders: tuple[str, ...]) -> None:
    global _indexing
    _indexing = threading.Thread(target=_index_in_background, name="search index",
                                 args=(site_dir, folders), daemon=True)
    _indexing.start()


def _index_in_background(site_dir: Path, folders: tuple[str, ...]) -> None:
    try:
        log.info(search.index(site_dir, folders))
    except Exception as exc:  # the thread's edge: a line, never a traceback
        if _closing:  # Ctrl+C reaches Pagefind too, which then stops half-way
            return
        log.error(str(exc) if isinstance(exc, BuildError) else
                  f"search: Pagefind stopped before the index was written ({exc!r}); "
                  "the search shows the previous save")


def _wait_for_the_index(timeout: float | None = None) -> None:
    if _indexing is not None:
        _indexing.join(timeout)


def on_shutdown():
    """Ctrl+C. The preview's folder is deleted next, so its index is of no use; and Ctrl+C
    reaches Pagefind as well, which stops half-way. So wait a moment for an index being
    written, and say nothing of one that stopped."""
    global _closing
    _closing = True
    _wait_for_the_index(CLOSING_WAIT)


def on_serve(server, config, builder):
    """Stop watching the docs folder: only the generator writes there, during a build, and
    watching it would make every save build twice."""
    server.unwatch(config.docs_dir)
    return server

