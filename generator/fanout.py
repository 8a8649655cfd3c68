"""Spreading the per-exercise work of a large catalogue over the machine's cores.

One exercise is read, validated and cross-checked without looking at another one's text
(cross-references need only the list of file names and site_data.yaml, both known before any
exercise is read), and its pages need of the others only a few lines each (a related
exercise's title, say). So a big cold build cuts the exercise files into one shard per core
and each shard's process does both steps itself: it reads and checks its shard, sends back the
problems and those few lines, waits for the catalogue they make, then renders and writes its
own pages. The full models never cross a process boundary, and each process touches only
memory it made itself (a forked child that reads its parent's objects copies every page of
memory it touches). Small catalogues, and the live preview (whose server runs threads, which
do not survive a fork), stay in one process.
"""

from __future__ import annotations

import gc
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from .errors import BuildError

T = TypeVar("T")  # an item
K = TypeVar("K")  # what a shard's first step keeps for its second
S = TypeVar("S")  # what a shard's first step sends to the meeting
M = TypeVar("M")  # what the meeting gives every shard's second step
R = TypeVar("R")  # a shard's result

PER_JOB = 150  # fewer exercises than this per core: starting a process costs what it saves
# Only Linux: macOS has fork too, but its system libraries may crash in a forked child, which
# is why Python itself stopped using fork there.
FORK_IS_SAFE = sys.platform.startswith("linux")

_work: Steps | None = None


def jobs_for(count: int) -> int:
    """How many processes `count` exercises are worth on this machine."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(cores or 1, count // PER_JOB))


@dataclass(frozen=True)
class Steps(Generic[T, K, S, M, R]):
    """The work of one shard, in two steps with a meeting of all shards between them.

    `first(shard) -> (kept, sent)`; `meet([sent of every shard, in order]) -> met` (it may
    raise, and then no second step runs); `second(kept, met, part) -> result`, where `part`
    is `(number, count)`: which shard this is, of how many, for work after the meeting that
    is not per item (the build deals out its index pages by it).
    """

    first: Callable[[Sequence[T]], tuple[K, S]]
    meet: Callable[[list[S]], M]
    second: Callable[[K, M, tuple[int, int]], R]


def run(steps: Steps, items: Sequence[T], jobs: int) -> tuple[M, list[R]]:
    """(met, [result of each shard, in order]) for `items` cut into `jobs` shards.

    This process runs the first shard, and forked children the others; an exception in a
    child is raised here, a child that vanishes (killed, out of memory) is a BuildError.
    """
    if jobs <= 1 or len(items) < 2 or not FORK_IS_SAFE:
        bounds = [(0, len(items))]
    else:
        bounds = _bounds(len(items), jobs)
    global _work
    _work = steps  # the children find it, and the items, in the memory the fork gave them
    children = []
    # Objects that exist before the fork are left out of the children's garbage collections,
    # which would otherwise touch, and so copy, every page of memory the parent had.
    gc.freeze()
    try:
        if len(bounds) > 1:
            import multiprocessing  # only here: a small build should not pay for importing it

            context = multiprocessing.get_context("fork")
            for start, stop in bounds[1:]:
                here, there = context.Pipe()
                child = context.Process(target=_child, args=(
                    there, items, (start, stop), (len(children) + 1, len(bounds)),
                    [earlier for _, earlier in children]))
                child.start()
                there.close()
                children.append((child, here))
        kept, sent = steps.first(items[slice(*bounds[0])])
        sents = [sent] + [_receive(here) for _, here in children]
        try:
            met = steps.meet(sents)
        except BaseException:
            for _, here in children:
                here.send((False, None))  # stop: no second step
            raise
        for _, here in children:
            here.send((True, met))
        results = [steps.second(kept, met, (0, len(bounds)))]
        return met, results + [_receive(here) for _, here in children]
    finally:
        for child, here in children:
            here.close()
            child.join(timeout=5)
            if child.is_alive():  # only after a failure here: no one will ever answer it
                child.kill()
                child.join()
        gc.unfreeze()
        _work = None


def _bounds(count: int, jobs: int) -> list[tuple[int, int]]:
    """`jobs` runs of `range(count)` in order, of (nearly) equal sizes, none empty."""
    jobs = max(1, min(jobs, count))
    cuts = [round(index * count / jobs) for index in range(jobs + 1)]
    return [(start, stop) for start, stop in zip(cuts, cuts[1:]) if stop > start]


def _child(there, items: Sequence, bounds: tuple[int, int], part: tuple[int, int],
           siblings: list) -> None:
    """A shard's two steps, in a forked child that says each answer over its pipe."""
    for end in siblings:  # the parent's ends of earlier children's pipes, copied by the fork:
        end.close()  # held here, they would keep those children from seeing the parent go
    steps = _work
    try:
        kept, sent = steps.first(items[slice(*bounds)])
        there.send((True, sent))
        go, met = there.recv()
        if not go:
            return
        there.send((True, steps.second(kept, met, part)))
    except BaseException as exc:  # a bug, or a BuildError: raised again in the parent
        try:
            there.send((False, exc))
        except OSError:
            pass  # the parent has stopped listening: it failed first and knows why
        except Exception:  # an exception that cannot be pickled: its traceback as text
            there.send((False, RuntimeError("".join(traceback.format_exception(exc)))))
    finally:
        there.close()


def _receive(here):
    try:
        ok, value = here.recv()
    except (EOFError, OSError):
        raise BuildError("a process building part of the site stopped without a word (the "
                         "machine may be out of memory); nothing was published") from None
    if not ok:
        raise value
    return value
