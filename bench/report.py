"""The figures as a table, the issue's targets judged against them, and bench/results.md."""

from __future__ import annotations

import os
import platform
import statistics
import time
from importlib import metadata
from pathlib import Path
from typing import Any

import yaml

PACKAGES = ("mkdocs", "mkdocs-material", "pyyaml", "pydantic", "jinja2", "markdown",
            "weasyprint")

PDFS_PER_WORKSHEET = 1  # one page size that fits A4 and US Letter (generator/pdf.py)

# (figure, heading, unit): the columns of the main table, one row per N.
COLUMNS = [
    ("floor", "floor", "s"),
    ("gen_cold", "generator cold", "s"),
    ("gen_nochange", "no change", "s"),
    ("gen_nochange_files", "files written", ""),
    ("gen_peak_mb", "generator peak", "MB"),
    ("mkdocs", "mkdocs build", "s"),
    ("pdf", "PDFs", "s"),
    ("pdf_per_worksheet", "per worksheet", "s"),
    ("site_cold", "whole site", "s"),
    ("site_per_exercise", "site / exercise", "ms"),
    ("site_nochange", "site, no change", "s"),
    ("pdf_nochange", "PDFs re-rendered (none / one changed)", ""),
    ("flow", "content change, as the workflow builds it", "s"),
    ("flow_pdfs", "its PDFs rendered", ""),
    ("search_s", "search index", "s"),
    ("search_kb", "search index", "kB"),
    ("site_mb", "site/", "MB"),
]


def median(values: list) -> float | None:
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def _fmt(value, unit: str) -> str:
    if value is None:
        return "–"
    if isinstance(value, str):
        return value
    if unit == "ms":
        return f"{value * 1000:.0f}"
    if unit in ("", "kB"):
        return f"{value:.0f}"
    return f"{value:.2f}" if value < 100 else f"{value:.0f}"


def summarise(raw: dict[int, dict[str, list]]) -> dict[int, dict[str, Any]]:
    """Medians per N, plus the figures derived from them."""
    table = {}
    for n, figures in sorted(raw.items()):
        row: dict[str, Any] = {name: median(values) for name, values in figures.items()
                                  if name not in ("pdf_nochange", "pdf_one_change",
                                                  "flow_pdfs")}
        if figures.get("flow_pdfs"):  # the worst run: the target is exactly one
            row["flow_pdfs"] = max(figures["flow_pdfs"])
        # Each round runs the generator, the floor and MkDocs one after another, so their ratio
        # within a round is the figure least moved by the shared host's speed, which drifts.
        for name, other in (("vs_floor", "floor"), ("vs_mkdocs", "mkdocs")):
            pairs = zip(figures.get("gen_cold", []), figures.get(other, []), strict=False)
            row[name] = median([cold / base for cold, base in pairs if cold and base])
        if row.get("pdf") is not None:
            row["pdf_per_worksheet"] = row["pdf"] / n
        if row.get("site_cold") is not None:
            row["site_per_exercise"] = row["site_cold"] / n
            row["site_cpu_per_exercise"] = row["site_cold_cpu"] / n
        if row.get("pdf_cpu") is not None:
            row["pdf_cpu_per_worksheet"] = row["pdf_cpu"] / n
        if figures.get("pdf_nochange") and figures.get("pdf_one_change"):
            row["pdf_again"] = (max(figures["pdf_nochange"]), max(figures["pdf_one_change"]))
            row["pdf_nochange"] = "{:.0f} / {:.0f}".format(*row["pdf_again"])
        table[n] = row
    return table


def markdown_table(table: dict[int, dict[str, Any]]) -> str:
    heads = ["N"] + [f"{head} ({unit})" if unit else head for _, head, unit in COLUMNS]
    lines = ["| " + " | ".join(heads) + " |", "|" + "---:|" * len(heads)]
    for n, row in table.items():
        cells = [str(n)] + [_fmt(row.get(name), unit) for name, _, unit in COLUMNS]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _edits(figures: dict) -> str:
    return (f"median {figures['median']:.2f} s, worst {figures['worst']:.2f} s over "
            f"{figures['edits']} edits")


def _verdict(ok: bool | None) -> str:
    return "not measured" if ok is None else ("pass" if ok else "**FAIL**")


def targets(table: dict[int, dict[str, Any]], preview: dict) -> list[tuple[str, str, str]]:
    """(target, what was measured, pass/FAIL/not measured) for each target of the issue."""
    big: Any = table[max(table)]  # figures, or None where one was not measured
    small = min(table)
    out = []
    cold, floor, mk = big.get("gen_cold"), big.get("floor"), big.get("mkdocs")
    cpu = {name: big.get(f"{name}_cpu") for name in ("gen_cold", "floor", "mkdocs")}
    n = max(table)
    vs_floor, vs_mkdocs = big.get("vs_floor"), big.get("vs_mkdocs")
    out.append((f"generator cold run against the floor (N={n}), for information",
                f"{cold:.2f} s vs floor {floor:.2f} s; within a round, median {vs_floor:.1f}× "
                f"(CPU time: {cpu['gen_cold'] / cpu['floor']:.1f}×)", "information"))
    out.append((f"generator cold run ≤ 5% of the MkDocs build (N={n})",
                f"{cold:.2f} s vs {mk:.2f} s; within a round, median {100 * vs_mkdocs:.1f}% "
                f"(CPU time: {100 * cpu['gen_cold'] / cpu['mkdocs']:.0f}%)",
                _verdict(vs_mkdocs <= 0.05)))
    written = max(row.get("gen_nochange_files") or 0 for row in table.values())
    worst = max(row["gen_nochange"] / row["gen_cold"] for row in table.values())
    out.append(("a no-change run writes no file",
                f"{written:.0f} files written (it takes at most {worst:.2f}× a cold run: it "
                "reads, checks and renders everything again)", _verdict(written == 0)))
    per: dict[int, Any] = {n: row.get("site_per_exercise") for n, row in table.items()}
    per_cpu: dict[int, Any] = {n: row.get("site_cpu_per_exercise") for n, row in table.items()}
    measured = [n for n in sorted(per) if per[n] is not None]
    if small in measured and 250 in measured:
        ratio = per[250] / per[small]
        beyond = "".join(f"; N={m}: {per[m] * 1000:.0f} ms = {per[m] / per[small]:.2f}×"
                         for m in measured if m > 250)
        out.append((f"whole site per exercise at N=250 ≤ 1.3× that at N={small}",
                    f"{per[250] * 1000:.0f} ms vs {per[small] * 1000:.0f} ms = {ratio:.2f}×"
                    + beyond + f" (CPU time: {per_cpu[250] / per_cpu[small]:.2f}× at 250)",
                    _verdict(ratio <= 1.3)))
    else:
        out.append(("whole site per exercise at N=250 ≤ 1.3× that at N=50", "–",
                    _verdict(None)))
    pdf_rows = [(n, row) for n, row in table.items() if row.get("pdf_per_worksheet")]
    if pdf_rows:
        worst_pdf = max(row["pdf_per_worksheet"] for _, row in pdf_rows)
        cpu_pdf = max(row.get("pdf_cpu_per_worksheet") or 0 for _, row in pdf_rows)
        out.append(("PDFs ≤ 0.3 s per worksheet (in parallel)",
                    f"at most {worst_pdf:.2f} s per worksheet on {os.cpu_count()} cores "
                    f"(CPU time: at most {cpu_pdf:.2f} s per worksheet)",
                    _verdict(worst_pdf <= 0.3)))
        again = [row.get("pdf_again") for _, row in pdf_rows]
        ok = all(a is not None and a[0] == 0 and a[1] <= PDFS_PER_WORKSHEET for a in again)
        out.append(("no change → no PDF rendered; one exercise changed → only its PDFs",
                    "; ".join(f"N={n}: {row.get('pdf_nochange')}" for n, row in pdf_rows),
                    _verdict(ok)))
    else:
        out.append(("PDFs ≤ 0.3 s per worksheet", "–", _verdict(None)))
    for size, row in table.items():
        if row.get("flow") is None:
            continue
        flow, pdfs = row["flow"], row.get("flow_pdfs")
        out.append((f"a content-only change built as the workflow builds it, from a fresh clone "
                    f"with the PDF cache restored, ≤ 1.5× `mkdocs build --strict` alone, one "
                    f"PDF rendered (N={size})",
                    f"{flow:.2f} s (the check {row['flow_check']:.2f} s, MkDocs "
                    f"{row['flow_mkdocs']:.2f} s, the PDF stage {row['flow_pdf']:.2f} s) vs "
                    f"`make generate` and `mkdocs build --strict` in a fresh clone "
                    f"{row['flow_vs']:.2f} s = "
                    f"{flow / row['flow_vs']:.2f}×; {pdfs} PDF rendered; the cold whole site "
                    f"{_fmt(row.get('site_cold'), 's')} s",
                    _verdict(flow / row["flow_vs"] <= 1.5 and pdfs == 1)))
        out.append((f"the same against MkDocs without the project's hook (no Markdown written, "
                    f"no search index; N={size}), for information",
                    f"{flow:.2f} s vs {row['mkdocs']:.2f} s = {flow / row['mkdocs']:.2f}×",
                    "information"))
    if preview:
        one, translated = preview["one"], preview["translated"]
        out.append((f"live preview shows an edit within 2 s (N={one['n']})", _edits(one),
                    _verdict(one["median"] <= 2.0)))
        out.append((f"the same for a translated exercise (N={translated['n']} in each of two "
                    "languages), for information", _edits(translated), "information"))
    else:
        out.append(("live preview shows an edit within 2 s (N=200)", "–", _verdict(None)))
    peak = big.get("gen_peak_mb")
    out.append((f"generator peak memory < 300 MB (N={n})", f"{peak:.0f} MB",
                _verdict(peak < 300)))
    return out


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    versions = ", ".join(f"{name} {metadata.version(name)}" for name in PACKAGES)
    libyaml = "with libyaml" if getattr(yaml, "__with_libyaml__", False) else "without libyaml"
    return (f"{cpu}, {cores} cores, {platform.system()} {platform.release()}; "
            f"Python {platform.python_version()}; {versions} (PyYAML {libyaml})")


def variants_table(rows: list[tuple[str, str, float, float]]) -> str:
    lines = ["| variant | what changes | mkdocs build (s) | its CPU time (s) |",
             "|---|---|---:|---:|"]
    lines += [f"| {name} | {what} | {seconds:.2f} | {cpu:.2f} |"
              for name, what, seconds, cpu in rows]
    return "\n".join(lines)


LEGEND = """\
- *floor*: parse every exercise file with PyYAML's C loader and write it out unchanged.
- *generator cold*: `python -m generator build` with `build/` removed, in one process;
  *no change*: the same again at once; *files written*: files that second run created,
  changed or removed.
- *generator peak*: the cold run's peak resident memory.
- *mkdocs build*: `mkdocs build --strict` on the written Markdown, without the generator hook
  (MkDocs and Material alone).
- *whole site*: `python -m generator site` from nothing (no `build/`, no PDF cache): check,
  generate, MkDocs, the PDFs, swap; *PDFs* is its PDF stage, *per worksheet* that divided by
  N (one PDF each, which prints on A4 and US Letter; rendered in parallel). *site, no change*:
  run again.
  `--cold-site-max` can skip it above some N: the PDFs alone take N × the per-worksheet
  figure, at 1000 about as long as the rest of the bench together.
- *PDFs re-rendered*: by the no-change run / after one exercise's title changed.
- *content change, as the workflow builds it*: the Site workflow's short path for one
  exercise's title changed (`make changes` says `content`): a fresh copy of the project in
  another folder (no build/, no bytecode) with the PDF cache of the cold build restored, as
  actions/cache restores it, then `generator check --github` and `generator site`, each in
  its own process; beside it, *its PDFs rendered* (the target: 1) and the cold *whole
  site*. The targets compare it with the pages alone built in another fresh clone in the
  same round: `make generate` (MkDocs needs the Markdown folder before its hook runs), then
  `mkdocs build --strict` (its hook writes the search index).
- *search index (s)*: the whole site's Pagefind stage (generator/search.py).
- *search index (kB)*, *site/*: sizes of Pagefind's `pagefind/` folder (all of it is published; a
  search fetches a few of its files, see the reader table) and of the whole site (without
  the PDFs where the whole site was not built)."""


def _choice(rows: list[tuple[str, str, float, float]]) -> str:
    seconds = {name: cpu for name, _, _, cpu in rows}  # CPU time: steadier on a shared machine
    if "configured" not in seconds:
        return ""
    base = seconds["configured"]

    def share(name: str) -> str:
        if name not in seconds:
            return "not measured"
        delta = seconds[name] - base
        return f"{delta:+.2f} s ({100 * delta / base:+.0f}%)"

    return f"""\
In CPU time, against the configured build ({base:.2f} s): the generator hook (and with it
the Pagefind index) off {share("no-hook")}, every exercise in the sidebar {share("full-nav")},
the same with `navigation.prune` {share("full-nav-pruned")}.

**The choice.** The sidebar lists the browse pages (all exercises, by book, by theme, by
difficulty), the guide and the about page, never every exercise: a full list makes every page
carry the whole navigation, so the build grows with N² (see *full-nav*), and
`navigation.prune` only trims part of that. What a reader gives up: the list of every exercise
in the sidebar; they reach an exercise from the browse pages, the home page or search, and an
exercise page links its related exercises. The hook stays on: it is what makes `mkdocs serve`
regenerate on every save, and it indexes the preview for search (Pagefind; what a reader
fetches for a search is in the reader table)."""


def file_system(folder: Path) -> str:
    """The kind of file system `folder` is on (`tmpfs`, `ext4`, ...), from /proc/mounts."""
    best, kind = "", "unknown file system"
    try:
        for line in Path("/proc/mounts").read_text(encoding="utf-8").splitlines():
            _, point, fstype, *_ = line.split()
            if str(folder).startswith(point.rstrip("/") + "/") and len(point) > len(best):
                best, kind = point, fstype
    except (OSError, ValueError):
        pass
    return kind


def folder_kind(folder: Path) -> str:
    """`/dev/shm/... (tmpfs)`: where the bench worked and on which kind of file system."""
    return f"{folder} ({file_system(folder)})"


def host_speed() -> float:
    """Seconds for a fixed loop of plain Python, best of three: the shared host's speed moves
    by 2-5x from one hour to the next, and this says how fast it was during a run."""
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        total = 0
        for number in range(3_000_000):
            total += number
        best = min(best, time.perf_counter() - started)
    return best


def document(table, verdicts, rows, variants_n: int, hot: str, command: str, where: str,
             seconds: float, when: str, speed: tuple[float, float]) -> str:
    parts = [
        "# Benchmark results", "",
        f"Written by `make bench` (`{command}`), {when}, in {seconds / 60:.1f} minutes.",
        f"Machine: {machine()}.", f"Working folder: {where}; see `memory_folder` in "
        "bench/__main__.py for why a memory file system when there is one.",
        f"Host speed: a fixed loop of plain Python (3 million additions, `report.host_speed`) "
        f"took {speed[0]:.2f} s at the start and {speed[1]:.2f} s at the end. Compare runs by "
        "it: on a shared host every figure moves with it.", "",
        "Each figure is the median of the runs asked for; every command runs in its own "
        "process, as a user runs it, on synthetic exercises of about 900 words each "
        "(bench/synth.py). A dash: not measured at that N.", "",
        "## Figures", "", markdown_table(table), "", LEGEND, "",
        "## Targets (from the issue)", "",
        "| target | measured | verdict |", "|---|---|---|",
        *[f"| {target} | {measured} | {verdict} |" for target, measured, verdict in verdicts],
    ]
    if rows:
        parts += ["", f"## Where MkDocs' time goes (N={variants_n})", "",
                  "The same Markdown built with one part of mkdocs.yml changed "
                  "(bench/variants.py):", "", variants_table(rows), "", _choice(rows)]
    if hot:
        parts += ["", "## The generator's hot spots", "", hot]
    return "\n".join(parts) + "\n"
