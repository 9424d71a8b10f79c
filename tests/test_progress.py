"""Progress: silent for short stages, a bar on a terminal, plain lines in a log."""
from __future__ import annotations

import io

from build_tools.progress import Reporter


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


class Terminal(io.StringIO):
    def isatty(self):
        return True


def run(stream, steps):
    clock = Clock()
    report = Reporter(stream, delay=1.0, every=5.0, clock=clock)
    for now, done, total in steps:
        clock.now = now
        report("rendering", done, total)
    return stream.getvalue()


def test_a_short_stage_says_nothing():
    assert run(io.StringIO(), [(0.0, 1, 3), (0.2, 2, 3), (0.5, 3, 3)]) == ""


def test_a_log_gets_a_line_every_few_seconds_and_at_the_end():
    steps = [(0.0, 1, 100), (1.5, 10, 100), (3.0, 20, 100), (7.0, 60, 100), (8.0, 100, 100)]
    assert run(io.StringIO(), steps).splitlines() == ["rendering: 10/100", "rendering: 60/100", "rendering: 100/100"]


def test_a_terminal_gets_a_bar_redrawn_in_place():
    output = run(Terminal(), [(0.0, 1, 4), (1.2, 2, 4), (1.5, 4, 4)])
    assert output == "\rrendering  [" + "#" * 15 + "." * 15 + "] 2/4\rrendering  [" + "#" * 30 + "] 4/4\n"
