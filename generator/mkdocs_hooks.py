"""MkDocs hooks, for MkDocs started on its own: `mkdocs build`, and `mkdocs serve` (`make serve`).

Before each build the generator's pipeline writes the Markdown (generator.build.run, the same
function every command calls) and site_data.yaml's settings are put on the config. During the
live preview a content mistake is logged as the usual error lines and the last good pages stay
served. `python -m generator site` runs MkDocs without these hooks: it has run the pipeline
itself.
"""

from __future__ import annotations

import logging
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import jinja2  # noqa: E402
from mkdocs.exceptions import Abort  # noqa: E402
from mkdocs.plugins import event_priority  # noqa: E402

from generator import build, catalogue, search  # noqa: E402
from generator.errors import BuildError, ContentError  # noqa: E402

log = logging.getLogger("mkdocs.generator")
_serving = False
_remembered: dict = {}  # each exercise's validation, by its bytes, from one save to the next
_indexing: threading.Thread | None = None  # the preview's search index of the last build


def on_startup(command, dirty):
    global _serving
    _serving = command == "serve"
    if _serving and dirty:
        logging.getLogger("mkdocs.commands.build").addFilter(_known_dirty_warning)


def _known_dirty_warning(record: logging.LogRecord) -> bool:
    """`make serve` is dirty on purpose and the README says what that leaves stale."""
    return not record.getMessage().startswith("A 'dirty' build is being performed")


@event_priority(100)  # before the plugins': Material's search takes its language from the theme
def on_config(config):
    _wait_for_the_index()
    try:
        result = build.run(ROOT, build.Until.MARKDOWN, remembered=_remembered)
    except ContentError as exc:
        for problem in exc.problems:
            log.error(str(problem))
        if not _serving:
            raise Abort(f"{exc.summary()}; nothing was built") from None
        kept = any((ROOT / build.DOCS).glob("*"))
        shown = "still showing the last good pages" if kept else "no pages until it is fixed"
        log.error(f"{exc.summary()}; {shown}")
        try:
            data = catalogue.load_site_data(ROOT)
        except ContentError:
            return config
    else:
        data = result.site.data
        if result.markdown and (result.markdown.written or result.markdown.removed):
            log.info(f"generator: {result.markdown}")
    build.apply_settings(config, data, serving=_serving)
    return config


def on_env(env, config, files):
    """MkDocs makes a new Jinja environment for every build, so without a cache Material's
    templates are compiled again on every save of the live preview. Jinja's own cache of
    compiled templates keeps them (it checks each template's source before using an entry)."""
    if env.bytecode_cache is None:
        env.bytecode_cache = jinja2.FileSystemBytecodeCache()
    return env


def on_post_build(config):
    """Pagefind's index of the pages just built, so the preview's search finds what was just
    saved (`generator site` indexes its own build the same way, in the pipeline).

    The preview serves a rebuilt page only once the build has returned, and indexing the
    whole site takes about as long as the rest of a rebuild: there it runs beside the
    server, the search catching up a moment after the page. The next rebuild waits for it,
    so Pagefind never reads a page MkDocs is writing.
    """
    global _indexing
    if not _serving:
        log.info(search.index(Path(config.site_dir)))
        return
    _indexing = threading.Thread(target=_index_in_background, args=(Path(config.site_dir),),
                                 name="search index", daemon=True)
    _indexing.start()


def _index_in_background(site_dir: Path) -> None:
    try:
        log.info(search.index(site_dir))
    except BuildError as exc:
        log.error(str(exc))


def _wait_for_the_index() -> None:
    if _indexing is not None:
        _indexing.join()


def on_shutdown():
    _wait_for_the_index()


def on_serve(server, config, builder):
    """Stop watching the docs folder: only the generator writes there, during a build, and
    watching it would make every save build twice."""
    server.unwatch(config.docs_dir)
    return server

