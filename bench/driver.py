"""`python -m bench.driver` in a project: `generator site` with each stage timed.

It runs the pipeline `python -m generator site` runs (build.run up to the site) with a
Progress that notes the time, and the CPU time, at which each stage starts: one run gives the
whole figure and its parts. The last line printed is the figures as JSON.
"""

from __future__ import annotations

import json
import resource
import time
from pathlib import Path

from generator import build
from generator.progress import Progress

# figure name: the start of the stage's first message
STAGES = {"generate": "Reading", "mkdocs": "MkDocs", "search": "Search", "editor": "Editor",
          "pdf": "PDFs", "swap": "Swapping"}


def _cpu() -> float:
    """CPU seconds of this process and of the children it has waited for (the PDF workers):
    unlike wall time, hardly changed by other work on a shared machine."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), \
        resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


class Timing(Progress):
    def __init__(self) -> None:
        super().__init__(None)
        self.starts: dict[str, tuple[float, float]] = {}

    def stage(self, text: str) -> None:
        for name, start in STAGES.items():
            if text.startswith(start) and name not in self.starts:
                self.starts[name] = (time.perf_counter(), _cpu())

    def figures(self) -> dict[str, float]:
        names = list(STAGES)
        figures = {}
        for name, following in zip(names, names[1:], strict=False):
            if name in self.starts and following in self.starts:
                (wall, cpu), (end, end_cpu) = self.starts[name], self.starts[following]
                figures[name], figures[f"{name}_cpu"] = end - wall, end_cpu - cpu
        return figures


def main() -> None:
    timing = Timing()
    result = build.run(Path.cwd(), build.Until.SITE, timing)
    figures = timing.figures()
    if result.pdfs is not None:
        figures["pdf_rendered"] = result.pdfs.rendered
    print(result)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
