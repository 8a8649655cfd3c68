"""`make bench`: how the build scales, from 50 to 1000 exercises, against the issue's targets.

For each N it writes N synthetic exercises into a temporary copy of the project and measures,
each command in its own process as a user runs it: the generator cold and with no change, the
floor (C-parse the files and copy them), `mkdocs build`, the whole `generator site` (cold,
with no change, with one exercise changed) with its PDF stage, and the sizes of the search
index and of site/. Then it prices the parts of the MkDocs build, times live preview, profiles
the generator's cold run, and writes the table and the verdicts to bench/results.md.
"""

from __future__ import annotations

import argparse
import json
import os
import pstats
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from generator import pdf, search

from . import measure, preview, reader, report, synth, variants

RESULTS = Path(__file__).resolve().parent / "results.md"


def _site(project: Path) -> tuple[measure.Run, dict]:
    """`generator site` through the timing driver: the run and its stage figures."""
    result = measure.run(project, "-m", "bench.driver")
    return result, json.loads(result.stdout.strip().splitlines()[-1])


def _sizes(folder: Path, figures: dict) -> None:
    index = folder / search.OUTPUT  # Pagefind's bundle: what is published, not what is fetched
    figures["search_kb"] = [measure.folder_size(index) / 1024 if index.is_dir() else None]
    figures["site_mb"] = [measure.folder_size(folder) / 2**20]


def measure_size(n: int, args, work: Path) -> dict[str, list]:
    project = synth.make_project(work / f"n{n}", n)
    docs = project / "build" / "docs"
    figures: dict[str, list] = defaultdict(list)
    for _ in range(args.runs):
        shutil.rmtree(project / "build", ignore_errors=True)
        cold = measure.run(project, "-m", "generator", "build")
        figures["gen_cold"].append(cold.seconds)
        figures["gen_cold_cpu"].append(cold.cpu_seconds)
        figures["gen_peak_mb"].append(cold.peak_mb)
        before = measure.snapshot(docs)
        again = measure.run(project, "-m", "generator", "build")
        figures["gen_nochange"].append(again.seconds)
        figures["gen_nochange_cpu"].append(again.cpu_seconds)
        figures["gen_nochange_files"].append(measure.changed(before, measure.snapshot(docs)))
        floor_out = work / "floor"
        shutil.rmtree(floor_out, ignore_errors=True)
        floor = measure.run(project, "-m", "bench.floor", str(synth.EXERCISES), str(floor_out))
        figures["floor"].append(floor.seconds)
        figures["floor_cpu"].append(floor.cpu_seconds)
        pages = work / "mkdocs-site"
        shutil.rmtree(pages, ignore_errors=True)
        mkdocs = variants.build(project, "no-hook", [], pages)
        figures["mkdocs"].append(mkdocs.seconds)
        figures["mkdocs_cpu"].append(mkdocs.cpu_seconds)
    search.index(pages)  # MkDocs alone is timed above; the reader needs the search too
    _sizes(pages, figures)
    if args.reader_runs:  # the built pages as a reader gets them (bench/reader.py)
        figures.update(reader.measure(pages, args.reader_runs))
    if n > args.cold_site_max:
        return figures
    for _ in range(args.site_runs):
        shutil.rmtree(project / "build", ignore_errors=True)
        shutil.rmtree(project / "site", ignore_errors=True)
        run, stages = _site(project)
        figures["site_cold"].append(run.seconds)
        figures["site_cold_cpu"].append(run.cpu_seconds)
        figures["pdf"].append(stages.get("pdf"))
        figures["search_s"].append(stages.get("search"))
        figures["pdf_cpu"].append(stages.get("pdf_cpu"))
    for _ in range(args.runs):
        run, stages = _site(project)
        figures["site_nochange"].append(run.seconds)
        figures["pdf_nochange"].append(stages.get("pdf_rendered"))
    for _ in range(args.runs):
        for name, value in measure_workflow(project, n, work).items():
            figures[name].append(value)
    change_title(project, n)
    figures["pdf_one_change"].append(_site(project)[1].get("pdf_rendered"))
    _sizes(project / "site", figures)
    return figures


def change_title(project: Path, n: int) -> None:
    """The content-only change the bench makes: one exercise's title."""
    edited = project / synth.EXERCISES / f"{synth.slug(n // 2)}.yaml"
    edited.write_text(edited.read_text(encoding="utf-8").replace("title: '", "title: 'Changed ",
                                                                 1), encoding="utf-8")


def measure_workflow(project: Path, n: int, work: Path) -> dict[str, Any]:
    """A content-only change as the Site workflow builds it (.github/workflows/pages.yml):
    a fresh clone of `project` in another folder (no build/, no bytecode), its PDF cache
    restored from `project`'s last build, one title changed; then the workflow's two steps,
    `check --github` and `site`, each in its own process. Beside it, in the same round, the
    pages alone as a maintainer builds them in another fresh clone: `generator build` (MkDocs
    needs the Markdown folder to exist before its hook runs), then `mkdocs build --strict` (its
    hook finds the Markdown current and writes the search index; no PDFs, no editor)."""
    clone, other = work / "clone", work / "clone-mkdocs"
    for folder in (clone, other):
        shutil.rmtree(folder, ignore_errors=True)
        synth.copy_project(folder, project)
        change_title(folder, n)
    shutil.copytree(project / pdf.CACHE, clone / pdf.CACHE)
    check = measure.run(clone, "-m", "generator", "check", "--github")
    run, stages = _site(clone)
    markdown = measure.run(other, "-m", "generator", "build")
    mkdocs = measure.run(other, "-m", "mkdocs", "build", "--strict", "--quiet")
    for folder in (clone, other):
        shutil.rmtree(folder, ignore_errors=True)
    return {"flow": check.seconds + run.seconds, "flow_check": check.seconds,
            "flow_mkdocs": stages.get("mkdocs"), "flow_pdf": stages.get("pdf"),
            "flow_pdfs": stages.get("pdf_rendered"),
            "flow_vs": markdown.seconds + mkdocs.seconds}


def measure_variants(n: int, runs: int, work: Path) -> list[tuple[str, str, Any, Any]]:
    """(variant, what it changes, wall s, CPU s) medians; the variants take turns in each
    round, so a change in the machine's load falls on all of them alike."""
    project = synth.make_project(work / "variants", n)
    measure.run(project, "-m", "generator", "build")
    slugs = [synth.slug(i) for i in range(n)]
    variants.build(project, "configured", slugs, work / "variant-warm-up")
    wall: dict[str, list] = defaultdict(list)
    cpu: dict[str, list] = defaultdict(list)
    for _ in range(runs):
        for name in variants.VARIANTS:
            run = variants.build(project, name, slugs, work / f"variant-{name}")
            wall[name].append(run.seconds)
            cpu[name].append(run.cpu_seconds)
    rows = [(name, what, report.median(wall[name]), report.median(cpu[name]))
            for name, (what, _) in variants.VARIANTS.items()]
    for name, _, seconds, cpu_seconds in rows:
        _progress(f"  mkdocs variant {name}: {seconds:.2f} s, CPU {cpu_seconds:.2f} s")
    return rows


def measure_preview(n: int, edits: int, work: Path) -> dict:
    """The preview of a site in one language, then of the same in two, a translation edited
    (each language is a site of its own, built after the main one)."""
    slugs = [synth.slug(i) for i in range(n)]
    figures = {}
    for kind, language in (("one", ""), ("translated", "es")):
        project = synth.make_project(work / "preview", n)
        if language:
            synth.translate(project, language)
        latencies = preview.edit_latencies(project, slugs, edits, language)
        figures[kind] = {"n": n, "edits": len(latencies), "median": report.median(latencies),
                         "worst": max(latencies)}
    return figures


def profile_generator(n: int, work: Path, top: int = 14) -> str:
    """The cold generator run under cProfile (in a child process): the generator's own
    functions by time including what they call (its stages), then the hottest functions."""
    project = synth.make_project(work / "profile", n)
    code = ("import cProfile; from pathlib import Path; from generator import build; "
            f"cProfile.run('build.run(Path.cwd(), build.Until.MARKDOWN)', "
            f"{str(work / 'profile.out')!r})")
    measure.run(project, "-c", code)
    stats = pstats.Stats(str(work / "profile.out"))
    entries = list(vars(stats)["stats"].items())  # pstats keeps its table untyped
    own = [e for e in entries if "/generator/" in e[0][0] and "<" not in e[0][2]]
    stages = sorted(own, key=lambda e: e[1][3], reverse=True)[:top]
    hottest = sorted(entries, key=lambda e: e[1][2], reverse=True)[:top]
    total = vars(stats)["total_tt"]
    lines = [f"cProfile of the generator's stages (`build.run` up to the Markdown) at N={n}, "
             f"cold: {total:.2f} s under the profiler (slower than without it).", ""]
    for title, rows in (("The generator's functions, by time with what they call:", stages),
                        ("The hottest functions, by their own time:", hottest)):
        lines += [title, "", "| with callees (s) | own time (s) | calls | function |",
                  "|---:|---:|---:|---|"]
        for (file, line, name), (_, calls, own_time, cumulative, _) in rows:
            where = file.split("site-packages/")[-1].split("/generator/")[-1]
            lines.append(f"| {cumulative:.2f} | {own_time:.2f} | {calls} | `{name}` "
                         f"({where}:{line}) |")
        lines.append("")
    return "\n".join(lines).rstrip()


# The N=1000 project with its site and PDFs takes about 0.5 GB; containers often give /dev/shm
# only 64 MB, and then the bench works on disk.
MEMORY_NEEDED = 2 * 2**30


def memory_folder() -> str | None:
    """/dev/shm when it is a writable memory file system, else None (the usual temp folder).

    On this kind of virtual machine, creating files costs many times more when the disk hands
    out blocks freed shortly before: the same cold generator run took 1.2 s or 2.5 s, and the
    floor 0.4 s or 0.7 s, depending on what the previous run had deleted. In memory every run
    starts alike, so the figures compare the programs, not the disk's history.
    """
    shm = Path("/dev/shm")
    if shm.is_dir() and os.access(shm, os.W_OK) and report.file_system(shm / "x") == "tmpfs" \
            and shutil.disk_usage(shm).free >= MEMORY_NEEDED:
        return str(shm)
    return None


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="50,250,1000",
                        help="numbers of exercises, comma-separated (default: 50,250,1000)")
    parser.add_argument("--runs", type=int, default=3,
                        help="runs per figure; each figure is their median (default: 3)")
    parser.add_argument("--site-runs", type=int, default=1,
                        help="cold whole-site runs per N; they render every PDF (default: 1)")
    parser.add_argument("--cold-site-max", type=int, default=1000,
                        help="largest N whose whole site is built, PDFs and all; lower it to "
                             "save time: at 1000 the PDFs alone take minutes (default: 1000)")
    parser.add_argument("--variants-size", type=int, default=250,
                        help="N at which the MkDocs variants are priced; 0 skips (default: 250)")
    parser.add_argument("--preview-size", type=int, default=200,
                        help="N for the live-preview timing; 0 skips (default: 200)")
    parser.add_argument("--preview-edits", type=int, default=5)
    parser.add_argument("--reader-runs", type=int, default=3,
                        help="browser runs per N for the reader table (search, page loads); "
                             "0 skips (default: 3)")
    parser.add_argument("--no-profile", action="store_true",
                        help="skip profiling the generator's cold run")
    parser.add_argument("--out", type=Path, default=RESULTS,
                        help="where the results go (default: bench/results.md)")
    parser.add_argument("--work", type=Path, help="working folder (default: a temporary one "
                        "in /dev/shm if that is a memory file system, removed afterwards)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    sizes = sorted(int(s) for s in args.sizes.split(",") if s.strip())
    work = args.work or Path(tempfile.mkdtemp(prefix="exercise-bench-", dir=memory_folder()))
    started = time.perf_counter()
    speed_before = report.host_speed()
    try:
        raw = {}
        for n in sizes:
            _progress(f"N={n} ...")
            raw[n] = measure_size(n, args, work)
        rows = measure_variants(args.variants_size, args.runs, work) \
            if args.variants_size else []
        live = measure_preview(args.preview_size, args.preview_edits, work) \
            if args.preview_size else {}
        hot = "" if args.no_profile else profile_generator(max(sizes), work)
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    speed = (speed_before, report.host_speed())
    table = report.summarise(raw)
    text = report.document(table, report.targets(table, live), rows, args.variants_size, hot,
                           argv_text(argv), report.folder_kind(work),
                           time.perf_counter() - started,
                           datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"), speed)
    if args.reader_runs:
        text += "\n" + reader.section(table) + "\n"
    sys.stdout.write(text)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    _progress(f"written to {args.out}")
    return 0


def argv_text(argv: list[str] | None) -> str:
    args = sys.argv[1:] if argv is None else argv
    return " ".join(["python -m bench", *args])


if __name__ == "__main__":
    sys.exit(main())
