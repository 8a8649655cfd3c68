"""`python -m bench.driver` in a project: `generator site` with each stage timed.

It calls `build.build_site`, the one function `python -m generator site` calls, after wrapping
the stage functions it looks up at call time (generate, the MkDocs run, the search index, the
PDFs), so one run
gives the whole figure and its parts. The last line printed is the figures as JSON.
"""

from __future__ import annotations

import importlib
import json
import resource
import time
from pathlib import Path

STAGES = {  # figure name: (module, function)
    "generate": ("generator.build", "generate"),
    "mkdocs": ("generator.build", "run_mkdocs"),
    "search": ("generator.search", "index"),
    "pdf": ("generator.pdf", "make_pdfs"),
}


def _cpu() -> float:
    """CPU seconds of this process and of the children it has waited for (MkDocs, the PDF
    workers): unlike wall time, hardly changed by other work on a shared machine."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), \
        resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _timed(figures: dict, name: str, function):
    def wrapper(*args, **kwargs):
        start, cpu = time.perf_counter(), _cpu()
        result = function(*args, **kwargs)
        figures[name] = figures.get(name, 0.0) + time.perf_counter() - start
        figures[f"{name}_cpu"] = figures.get(f"{name}_cpu", 0.0) + _cpu() - cpu
        if hasattr(result, "rendered"):
            figures[f"{name}_rendered"] = result.rendered
        return result

    return wrapper


def main() -> None:
    figures: dict[str, float] = {}
    for name, (module_name, attribute) in STAGES.items():
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        if hasattr(module, attribute):
            setattr(module, attribute, _timed(figures, name, getattr(module, attribute)))
    from generator import build

    print(build.build_site(Path.cwd()))
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
