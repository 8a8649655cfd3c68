"""The whole pipeline, as the functions the CLI and the MkDocs hook call.

`generate` is stages 1-5 (content -> build/docs). `build_site` adds MkDocs and the PDFs and
publishes atomically: everything is built into a fresh folder and swapped into `site/` only
when all of it succeeded, so a failed build leaves the previous site exactly as it was
(MkDocs alone wipes `site/` first).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from typing import TYPE_CHECKING

from . import state, writer
from .errors import BuildError

# catalogue and render bring in pydantic, Markdown and Jinja; a build with nothing to do,
# and the commands that need none of them, should not pay for importing them.
if TYPE_CHECKING:
    from .catalogue import Site

DOCS = Path("build/docs")
PREGENERATED_ENV = "EXERCISES_PREGENERATED"
SITE = Path("site")


def check(root: Path) -> Site:
    """Read, validate and render in memory; raises ContentError listing every problem."""
    from . import catalogue, render

    site = catalogue.load(root)
    render.render(site)
    return site


def generate(root: Path) -> writer.Report:
    """Validate everything, then write the Markdown (only what changed, nothing stale)."""
    docs = root / DOCS
    inputs = state.fingerprint(root)
    outputs = state.current_outputs(root, docs, inputs)
    if outputs is not None:
        return writer.Report(unchanged=len(outputs))
    from . import catalogue, fanout, render

    state.forget(root)
    jobs = fanout.jobs_for(catalogue.count_exercises(root))
    site = catalogue.load(root, jobs=jobs)
    render.check_paths(site)
    report = writer.write_files(docs, render.site_pages(site))
    for part in fanout.map_shards(lambda entries: writer.write_files(
            docs, render.exercise_pages(site, entries)), site.exercises, jobs):
        report.written += part.written
        report.unchanged += part.unchanged
    report.removed = writer.remove_stale(docs, render.page_paths(site))
    state.record(root, docs, inputs)
    return report


def build_site(root: Path) -> str:
    """Generate, build with MkDocs --strict, make the PDFs, then swap the result into site/."""
    report = generate(root)
    staging = root / "build" / "site.new"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        run_mkdocs(root, "build", "--strict", "--site-dir", str(staging), pregenerated=True)
        from . import pdf

        pdfs = pdf.make_pdfs(root, staging)
        _swap(staging, root / SITE)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return f"Markdown: {report}; {pdfs}; site/ built"


def run_mkdocs(root: Path, *args: str, pregenerated: bool = False) -> None:
    # Material 9.7+ prints an end-of-life banner on every run; it is noise in our output.
    env = {**os.environ, "PYTHONPATH": str(root), "NO_MKDOCS_2_WARNING": "1",
           PREGENERATED_ENV: "1" if pregenerated else "0"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", *args], cwd=root, env=env,
                            capture_output=True, text=True)
    if result.returncode != 0:
        lines = [l for l in (result.stderr + result.stdout).splitlines() if l.strip()]
        detail = "\n".join(lines[-15:])
        raise BuildError(f"mkdocs {args[0]} failed; site/ was left as it was:\n{detail}")


def _swap(staging: Path, target: Path) -> None:
    old = target.with_name(target.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        os.replace(target, old)
    os.replace(staging, target)
    shutil.rmtree(old, ignore_errors=True)
