"""MkDocs hooks: take the site's settings from site_data.yaml and regenerate before each build.

Thin by design: each hook calls one generator function. During `mkdocs serve` a content
mistake is printed as the usual error lines and the last good pages stay served.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from generator import build, catalogue  # noqa: E402
from generator.errors import ContentError  # noqa: E402

log = logging.getLogger("mkdocs.generator")
_command = "build"


def on_startup(command, dirty):
    global _command
    _command = command


def on_config(config):
    try:
        data = catalogue.load(ROOT).data
    except ContentError:
        if _command == "serve":
            return config  # reported by on_pre_build; keep the settings we have
        raise
    config.site_name = data.name
    config.site_description = data.description
    if _command != "serve":
        config.site_url = data.url
    config.extra["repo_url"] = data.repo_url
    return config


def on_pre_build(config):
    try:
        report = build.generate(ROOT)
    except ContentError as exc:
        if _command != "serve":
            raise
        for problem in exc.problems:
            log.error(str(problem))
        log.error(f"{exc.summary()}; still showing the last good pages")
        return
    if report.written or report.removed:
        log.info(f"generator: {report}")
