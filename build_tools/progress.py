"""Progress of long runs: a bar in a terminal, plain lines in a log (CI).

Stages report (stage, done, total) through a callable; the pure stages get
`quiet` unless the command line hands them a reporter. Nothing is shown for a
stage that ends within the first second, so ordinary builds stay silent.
"""
from __future__ import annotations

import sys
import time
from typing import Callable, TextIO

Progress = Callable[[str, int, int], None]


def quiet(stage: str, done: int, total: int) -> None:
    """Report nothing."""


class Reporter:
    """Shows progress on a stream: redrawn in place on a terminal, a line every few seconds otherwise."""

    BAR = 30

    def __init__(self, stream: TextIO = sys.stderr, delay: float = 1.0, every: float = 5.0, clock=time.monotonic):
        self.stream, self.delay, self.every, self.clock = stream, delay, every, clock
        self.terminal = stream.isatty()
        self.stage = ""
        self.started = self.last = 0.0

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = self.clock()
        if stage != self.stage:
            self.stage, self.started, self.last = stage, now, float("-inf")
        if now - self.started < self.delay:
            return  # a short stage says nothing
        finished = done >= total
        if self.terminal:
            if finished or now - self.last >= 0.1:
                filled = self.BAR * done // max(total, 1)
                end = "\n" if finished else ""
                self.stream.write(f"\r{stage:<10} [{'#' * filled}{'.' * (self.BAR - filled)}] {done}/{total}{end}")
                self.stream.flush()
                self.last = now
        elif finished or now - self.last >= self.every:
            self.stream.write(f"{stage}: {done}/{total}\n")
            self.stream.flush()
            self.last = now
