"""The whole pipeline, as the functions the CLI and the MkDocs hook call.

`generate` is stages 1-5 (content -> build/docs). `build_site` adds MkDocs and the PDFs and
publishes atomically: everything is built into a fresh folder and swapped into `site/` only
when all of it succeeded, so a failed build leaves the previous site exactly as it was
(MkDocs alone wipes `site/` first).
"""

from __future__ import annotations

import gc
import os
import shutil
import sys
from contextlib import contextmanager
from pathlib import Path

from typing import TYPE_CHECKING

from . import state, writer
from .errors import BuildError

# catalogue and render bring in pydantic, Markdown and Jinja; a build with nothing to do,
# and the commands that need none of them, should not pay for importing them (nor for
# subprocess: a no-change run is mostly starting Python and its imports).
if TYPE_CHECKING:
    from .catalogue import Plan, Site

DOCS = Path("build/docs")
PREGENERATED_ENV = "EXERCISES_PREGENERATED"
SITE = Path("site")


def check(root: Path) -> Site:
    """Read, validate and render in memory; raises ContentError listing every problem."""
    from . import catalogue, render

    site = catalogue.load(root)
    render.render(site)
    return site


def generate(root: Path, jobs: int | None = None) -> writer.Report:
    """Validate everything, then write the Markdown (only what changed, nothing stale).

    `jobs`: how many processes share the exercises; by default as many as their number is
    worth on this machine (fanout.jobs_for)."""
    docs = root / DOCS
    inputs = state.fingerprint(root)
    outputs = state.current_outputs(root, docs, inputs)
    if outputs is not None:
        return writer.Report(unchanged=len(outputs))
    from . import catalogue, fanout

    state.forget(root)
    with _without_cycle_collection():
        plan = catalogue.plan_for(root, contents=inputs.contents)
        report = _generate(root, plan, docs,
                           fanout.jobs_for(len(plan.files)) if jobs is None else jobs)
    state.record(root, docs, inputs, report.listing or None)
    return report


@contextmanager
def _without_cycle_collection():
    """A build makes about a million objects that all live until it ends, and next to no
    reference cycles: the cycle collector would walk them again and again and free nothing
    (at 1000 exercises it cost 14% of a cold build, and peak memory was the same without it).
    Reference counting still frees everything else as usual."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _generate(root: Path, plan: Plan, docs: Path, jobs: int) -> writer.Report:
    """Stages 2-5 with the exercise files shared among `jobs` processes (fanout): each reads
    and checks its files, the catalogue of every exercise's outline is made and checked once
    all have answered, then each renders and writes its own exercises' pages and its part of
    the index pages. Nothing is written unless the whole content is valid.

    A first build fills a new folder and renames it into place (no file of it is ever seen
    half-written, none needs comparing or replacing); later ones update the folder file by
    file and remove what is stale."""
    from . import catalogue, fanout, render

    fresh = not docs.exists()
    target = docs.with_name(docs.name + ".new") if fresh else docs

    def first(files):
        loaded = catalogue.read_exercises(root, plan, files)
        return loaded, [result.outlined() for result in loaded]

    def meet(outlined: list[list[catalogue.Loaded]]) -> catalogue.Site:
        site = catalogue.assemble(root, plan, [result for part in outlined for result in part])
        render.check_paths(site)
        if fresh:
            shutil.rmtree(target, ignore_errors=True)  # left by a build that was interrupted
        return site

    def second(loaded: list[catalogue.Loaded], site: catalogue.Site,
               part: tuple[int, int]) -> writer.Report:
        own = [catalogue.Entry(r.slug, r.source, r.exercise) for r in loaded]
        pages = render.exercise_pages(site, own)
        pages.update(render.site_pages(site, part))
        return writer.write_files(target, pages, fresh)

    site, parts = fanout.run(fanout.Steps(first, meet, second), plan.files, jobs)
    report = writer.Report(written=[rel for part in parts for rel in part.written],
                           listing={rel: info for part in parts
                                    for rel, info in part.listing.items()})
    paths = render.page_paths(site)
    report.unchanged = len(paths) - len(report.written)
    if fresh:
        os.replace(target, docs)
    else:
        report.removed = writer.remove_stale(docs, paths)
    return report


def build_site(root: Path) -> str:
    """Generate, build with MkDocs --strict, make the PDFs, then swap the result into site/."""
    report = generate(root)
    staging = root / "build" / "site.new"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        run_mkdocs(root, "build", "--strict", "--site-dir", str(staging), pregenerated=True)
        from . import editor  # the browser editor at /admin/ (generator/editor.py)

        editor.install(root, staging)
        from . import pdf

        pdfs = pdf.make_pdfs(root, staging)
        _swap(staging, root / SITE)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return f"Markdown: {report}; {pdfs}; site/ built"


def run_mkdocs(root: Path, *args: str, pregenerated: bool = False) -> None:
    import subprocess

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
