"""Where MkDocs' time goes: the same pages built with one part of the configuration changed.

Each variant is a complete config file written beside mkdocs.yml (so every relative path in
it still holds) and built with `mkdocs build --strict` on Markdown the generator has already
written. Comparing a variant with the configured build prices that part.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from . import measure


def _configured(project: Path) -> dict:
    return yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))


def _no_hook(config: dict, slugs: list[str]) -> dict:
    config.pop("hooks", None)
    return config


def _full_nav(config: dict, slugs: list[str]) -> dict:
    config["nav"] = config["nav"] + [{"Exercises": [f"exercises/{s}.md" for s in slugs]}]
    return config


def _full_nav_pruned(config: dict, slugs: list[str]) -> dict:
    config = _full_nav(config, slugs)
    config["theme"]["features"] = config["theme"].get("features", []) + ["navigation.prune"]
    return config


# name: (what it changes, how)
VARIANTS = {
    "configured": ("mkdocs.yml as it is (small navigation, the generator hook, which also "
                   "writes the Pagefind index)", lambda config, slugs: config),
    "no-hook": ("generator hook off (MkDocs and Material alone on the written Markdown, no "
                "search index)",
                _no_hook),
    "full-nav": ("every exercise listed in the sidebar of every page", _full_nav),
    "full-nav-pruned": ("every exercise in the sidebar, with navigation.prune",
                        _full_nav_pruned),
}


def build(project: Path, name: str, slugs: list[str], out: Path) -> measure.Run:
    """Build the pages with variant `name` into `out` (the generator must have run first)."""
    config = VARIANTS[name][1](_configured(project), slugs)
    path = project / f"bench-{name}.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return measure.run(project, "-m", "mkdocs", "build", "--strict", "--quiet",
                       "--config-file", path.name, "--site-dir", str(out))
