"""What a long build says while it works: each stage as it starts, and a count for the PDFs.

On a terminal the PDFs get tqdm's progress bar (count, rate, time left); in a log (CI, a
pipe) a bar would be hundreds of carriage returns, so a few plain lines are written instead.
It goes to standard output, before the result: standard error keeps only the error lines.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

from tqdm import tqdm

PLAIN_STEPS = 4  # lines a count writes when the output is not a terminal: 25%, 50%, ...


class Progress:
    def __init__(self, out: TextIO | None, terminal: bool | None = None):
        self.out = out
        self.terminal = out is not None and (out.isatty() if terminal is None else terminal)

    @classmethod
    def quiet(cls) -> Progress:
        return cls(None)

    @classmethod
    def to_stdout(cls) -> Progress:
        return cls(sys.stdout)

    def stage(self, text: str) -> None:
        if self.out is not None:
            print(f"{text}...", file=self.out, flush=True)

    @contextmanager
    def count(self, total: int, label: str) -> Iterator[Counter]:
        """A counter of `total` steps, shown as a bar on a terminal, as lines elsewhere."""
        if self.out is None or total == 0:
            yield Counter(None)
        elif self.terminal:
            with tqdm(total=total, desc=label, unit="", file=self.out, leave=True) as bar:
                yield Counter(bar.update)
        else:
            yield Counter(_Lines(self.out, total, label).update)


class Counter:
    def __init__(self, update):
        self._update = update

    def advance(self, steps: int = 1) -> None:
        if self._update is not None:
            self._update(steps)


class _Lines:
    """'PDFs: 250 of 1000 (25%), about 40 s left' at each quarter."""

    def __init__(self, out: TextIO, total: int, label: str):
        self.out, self.total, self.label = out, total, label
        self.done = 0
        self.start = time.monotonic()
        self.next_line = 1

    def update(self, steps: int) -> None:
        self.done += steps
        if self.done * PLAIN_STEPS < self.next_line * self.total:
            return
        self.next_line = self.done * PLAIN_STEPS // self.total + 1
        left = (time.monotonic() - self.start) / self.done * (self.total - self.done)
        eta = f", about {left:.0f} s left" if self.done < self.total else ""
        print(f"{self.label}: {self.done} of {self.total} ({100 * self.done // self.total}%)"
              f"{eta}", file=self.out, flush=True)
