"""Time discovery alone (build_tools.discover.drafts_for, what a build adds) on 100, 200 and 400 KB of text.

Usage: python scripts/discovery_speed.py FOLDER   (its *.txt, repeated to each size; e.g. ../shared/corpus)
Timed as a build runs it, with Python's cycle collector off. Prints, per size, the median and range of 7 runs and the seconds per 100 KB: equal figures per 100 KB
at every size say the time is linear in the text.
"""
from __future__ import annotations

import gc
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from build_tools import lexicon  # noqa: E402
from build_tools.discover import drafts_for  # noqa: E402
from build_tools.model import Article, Briefing, Section, Source  # noqa: E402
from build_tools.reflow import reflow  # noqa: E402

RUNS = 7


def briefing_of(base: str, size: int) -> tuple[Briefing, int]:
    text = (base + "\n\n") * (size // len(base) + 1)
    text = text[: text.rfind("\n\n", 0, size)]
    article = Article("speed", "Speed", Source("S"), (Section(1, "Full text", reflow(text)),), path="speed.txt")
    return Briefing(entities=(), articles=(article,)), len(text.encode("utf-8"))


def main(folder: Path) -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt")) if not p.name.endswith(".messy.txt")]
    base = "\n\n".join(texts)
    lexicon.countries(), lexicon.subdivisions(), lexicon.state_codes()  # loaded once per process, as in a build
    for kilobytes in (100, 200, 400):
        briefing, size = briefing_of(base, kilobytes * 1024)
        runs = []
        for _ in range(RUNS):
            gc.disable()  # as in a build (build._no_cycle_collection)
            started = time.perf_counter()
            drafts_for(briefing)
            runs.append(time.perf_counter() - started)
            gc.enable()
        median = statistics.median(runs)
        print(f"{size / 1024:5.0f} KB: median {median:.3f} s (range {min(runs):.3f}-{max(runs):.3f} s, {RUNS} runs), {median / (size / 102400):.3f} s per 100 KB")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
