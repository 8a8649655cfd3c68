"""Spreading the per-exercise work of a large catalogue over the machine's cores.

One exercise is read, validated, cross-checked and rendered without looking at another one's
text: cross-references need only the list of file names and site_data.yaml, both known before
any exercise is read. So a big cold build cuts the exercises into one shard per core and hands
each shard to a forked child, which inherits everything the parent knows (no pickling of the
inputs; only each shard's results come back). Small catalogues, and the live preview (whose
server runs threads, which do not survive a fork), stay in one process.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable, Sequence
from typing import TypeVar

from .errors import BuildError

T = TypeVar("T")
R = TypeVar("R")

PER_JOB = 150  # fewer exercises than this per core: starting a process costs what it saves
# Only Linux: macOS has fork too, but its system libraries may crash in a forked child, which
# is why Python itself stopped using fork there.
FORK_IS_SAFE = sys.platform.startswith("linux")

_work: tuple[Callable, Sequence] | None = None


def jobs_for(count: int) -> int:
    """How many processes `count` exercises are worth on this machine."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(cores or 1, count // PER_JOB))


def map_shards(task: Callable[[Sequence[T]], R], items: Sequence[T], jobs: int,
               meanwhile: Callable[[], object] | None = None) -> list[R]:
    """`[task(shard) for shard in shards]`: `items` cut into `jobs` runs kept in order.

    With `jobs` > 1 forked children run the shards (an exception there is raised here) while
    this process runs `meanwhile`, or, given nothing else to do, the first shard itself, whose
    results then need no copying back.
    """
    if jobs <= 1 or len(items) < 2 or not FORK_IS_SAFE:
        if meanwhile is not None:
            meanwhile()
        return [task(items)]
    import multiprocessing  # only here: a small build should not pay for importing them
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    size = -(-len(items) // jobs)
    bounds = [(start, min(start + size, len(items))) for start in range(0, len(items), size)]
    own = [] if meanwhile is not None else bounds[:1]
    global _work
    _work = (task, items)  # the children find these in the memory the fork gave them
    # Objects that exist before the fork are left out of the children's garbage collections,
    # which would otherwise touch, and so copy, every page of memory the parent had.
    gc.freeze()
    try:
        # An executor, not a multiprocessing Pool: a child that dies (killed, out of memory)
        # fails the build with BrokenProcessPool instead of leaving it waiting for ever.
        with ProcessPoolExecutor(len(bounds) - len(own),
                                 mp_context=multiprocessing.get_context("fork")) as pool:
            others = [pool.submit(_run, bound) for bound in bounds[len(own):]]
            if meanwhile is not None:
                meanwhile()
            return [_run(bound) for bound in own] + [future.result() for future in others]
    except BrokenProcessPool:
        raise BuildError("a process building part of the site stopped without a word (the "
                         "machine may be out of memory); nothing was published") from None
    finally:
        gc.unfreeze()
        _work = None


def _run(bound: tuple[int, int]):
    """One shard, named by its bounds: only two numbers go to the child, never the items."""
    task, items = _work
    return task(items[bound[0]:bound[1]])
