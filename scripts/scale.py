"""Measure the generator on a large input: one 20 MB article and a 5,000-entity glossary.

Usage: .venv/bin/python scripts/scale.py [MEGABYTES] [ENTITIES]
Prints the wall time and the peak memory (RSS) of `python -m build_tools build`.
"""
from __future__ import annotations

import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORDS = "the policy of balance between powers seeks economic ties and regional cooperation with partners".split()


def make_seeds(folder: Path, megabytes: float, entities: int) -> None:
    rng = random.Random(2015)
    names = [f"Actor{n:05d}" for n in range(entities)]
    glossary = ["entities:"]
    for n, name in enumerate(names):
        glossary += [f"  - id: actor-{n:05d}", f"    name: {name}", "    type: organization", f"    aliases: [ACT{n:05d}]", "    summary: A synthetic actor."]
    (folder / "glossary.yml").write_text("\n".join(glossary) + "\n", encoding="utf-8")
    lines, size, target = [], 0, int(megabytes * 1_000_000)
    while size < target:
        words = [rng.choice(names) if rng.random() < 0.08 else rng.choice(WORDS) for _ in range(rng.randint(3, 14))]
        line = " ".join(words) + ("." if rng.random() < 0.1 else "")
        lines.append(line)
        size += len(line) + 1
    (folder / "big.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "big.yml").write_text("title: A very large article\nsource: {name: Synthetic}\n", encoding="utf-8")


def main() -> int:
    megabytes = float(sys.argv[1]) if len(sys.argv) > 1 else 20
    entities = int(sys.argv[2]) if len(sys.argv) > 2 else 5000
    with tempfile.TemporaryDirectory() as scratch:
        seeds, docs = Path(scratch) / "seeds", Path(scratch) / "docs"
        seeds.mkdir()
        make_seeds(seeds, megabytes, entities)
        started = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-m", "build_tools", "build", "--seeds", str(seeds), "--docs", str(docs)], cwd=ROOT, check=False
        )
        elapsed = time.perf_counter() - started
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        written = sum(p.stat().st_size for p in docs.rglob("*") if p.is_file()) / 1e6 if docs.exists() else 0
    print(f"{megabytes:g} MB article, {entities} entities: exit {result.returncode}, {elapsed:.1f} s, peak RSS {peak:.0f} MB, {written:.1f} MB written")
    return result.returncode


if __name__ == "__main__":
    sys.exit(main())
