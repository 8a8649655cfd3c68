"""MkDocs hooks: take the site's settings from site_data.yaml and regenerate before each build.

Thin by design: each hook calls into the generator. `mkdocs build` runs the generator's build
(nothing to do when the Markdown is current). During `mkdocs serve` (`make serve`) the content
is read once per rebuild (in on_config, which needs the site's name), that same catalogue is
rendered in on_pre_build, a content mistake is logged as the usual error lines and the last
good pages stay served.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from markupsafe import Markup  # noqa: E402
from mkdocs.exceptions import Abort  # noqa: E402

from generator import build, catalogue, markup, render, search, templating, writer  # noqa: E402
from generator.build import PREGENERATED_ENV  # noqa: E402
from generator.errors import ContentError  # noqa: E402

log = logging.getLogger("mkdocs.generator")
_command = "build"
# `python -m generator site` has already checked and written the Markdown before it runs
# MkDocs; then the hook only needs the site's settings.
_PREGENERATED = os.environ.get(PREGENERATED_ENV) == "1"
_loaded: catalogue.Site | ContentError | None = None
_last_good: catalogue.Site | None = None
# What the live preview keeps between saves (MkDocs loads this module once per process), so
# a save re-validates and re-renders only the files that changed.
_catalogue_memo: dict = {}
_render_memo: dict = {}


def _memo(kept: dict) -> dict | None:
    return kept if _command == "serve" else None


def on_startup(command, dirty):
    global _command
    _command = command
    if command == "serve":
        render.follow_template_edits()
    if command == "serve" and dirty:
        logging.getLogger("mkdocs.commands.build").addFilter(_known_dirty_warning)


def _known_dirty_warning(record: logging.LogRecord) -> bool:
    """`make serve` is dirty on purpose and the README says what that leaves stale."""
    return not record.getMessage().startswith("A 'dirty' build is being performed")


def on_config(config):
    global _loaded, _last_good, _PREGENERATED
    if not _PREGENERATED and _command != "serve":
        # A plain `mkdocs build`: the generator's own build, which does nothing when the
        # Markdown is already what the content makes (say, right after `generator build`).
        try:
            build.generate(ROOT)
        except ContentError as exc:
            for problem in exc.problems:
                log.error(str(problem))
            raise Abort(f"{exc.summary()}; nothing was built") from None
        _PREGENERATED = True
    if _PREGENERATED:
        data = catalogue.load_site_data(ROOT)
    else:
        try:
            _loaded = _last_good = catalogue.load(ROOT, _memo(_catalogue_memo))
        except ContentError as exc:
            if _command != "serve":
                raise
            _loaded = exc  # reported by on_pre_build
        if _last_good is None:
            return config
        data = _last_good.data
    # Material prints these into HTML unescaped; Markup keeps its own `| e` from escaping twice.
    config.site_name = Markup(markup.front_matter_text(data.name))
    config.site_description = Markup(markup.front_matter_text(data.description))
    if _command != "serve":
        config.site_url = data.url
    config.extra["repo_url"] = data.repo_url
    return config


def on_pre_build(config):
    if _PREGENERATED:
        return
    if isinstance(_loaded, ContentError):
        for problem in _loaded.problems:
            log.error(str(problem))
        kept = any((ROOT / build.DOCS).iterdir())
        shown = "still showing the last good pages" if kept else "no pages until it is fixed"
        log.error(f"{_loaded.summary()}; {shown}")
        return
    report = writer.write_tree(ROOT / build.DOCS, render.render(_loaded, _memo(_render_memo)))
    if report.written or report.removed:
        log.info(f"generator: {report}")


def on_env(env, config, files):
    """MkDocs makes a new Jinja environment for every build, so without a cache Material's
    templates (45 of them) are compiled again on every save of the live preview: 0.6 s of a
    1.7 s rebuild at 200 exercises. Jinja's own cache of compiled templates keeps them."""
    if env.bytecode_cache is None:
        env.bytecode_cache = templating.bytecode_cache()
    return env


def on_serve(server, config, builder):
    """Stop watching the docs folder: only the generator writes there, during a build, and
    watching it would make every save build twice. MkDocs' polling watcher stays: it works on
    every file system (shared folders of VMs and containers too), at a small idle cost."""
    server.unwatch(config.docs_dir)
    return server


def on_post_build(config):
    """The search index of the pages just built (generator/search.py), for `make serve` (the
    preview's search then finds what was just saved) and a plain `mkdocs build`. `generator
    site` indexes its own staging folder after MkDocs, so not here."""
    if os.environ.get(PREGENERATED_ENV) != "1":
        log.info(search.index(Path(config.site_dir)))
