"""`make bench`: the numbers that matter, timed by hyperfine, as one Markdown table.

Synthetic corpora (bench/corpus.py, K = 20 entities) are built in a scratch folder,
in memory (/dev/shm) where there is one. The table goes to standard output and --out.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import timeit
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: make the bench package and build_tools importable
    sys.path.insert(0, str(ROOT))

from bench import corpus, reader  # noqa: E402
from build_tools.stamp import site_nav  # noqa: E402
from build_tools.match import Matcher  # noqa: E402
from build_tools.model import Entity  # noqa: E402
from build_tools.reflow import reflow  # noqa: E402

ARTICLES = (1, 300)  # N = 1000 does not fit the 5-minute budget: the report says why
ENTITIES = 20
MATCH_ENTITIES, MATCH_BYTES = 5000, 2_000_000
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": ""}  # as the Makefile runs MkDocs
MKDOCS = f"{sys.executable} -m mkdocs build --strict --quiet"
GENERATOR = f"{sys.executable} -m build_tools build --seeds seeds --templates templates --docs docs --site site"
COLD = "rm -rf .cache docs site && mkdir docs"  # MkDocs wants docs/ to exist before the hook runs


def make_project(root: Path, command: str) -> None:
    """A project folder around root/seeds, linked to this one's code and templates, built once by `command`."""
    for name in ("build_tools", "templates"):
        (root / name).symlink_to(ROOT / name, target_is_directory=True)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    (root / "docs").mkdir()
    subprocess.run(command.split(), cwd=root, env=ENV, check=True, stdout=sys.stderr)  # standard output is for the table


def seed_page_weight(root: Path) -> tuple[dict[str, tuple[int, int]], dict[str, tuple[int, int]]]:
    """The project's own seeds built in `root`; what their first article's page downloads as it loads, and on demand."""
    shutil.copytree(ROOT / "seeds", root / "seeds")
    make_project(root, MKDOCS)
    slug = sorted(path.stem for path in (root / "seeds").glob("*.txt"))[0]
    return reader.page_weight(root / "site", f"articles/{slug}"), reader.on_demand(root / "site")


def plain_config(root: Path) -> str:
    """The project's mkdocs.yml without its hooks and its Markdown extension, with the nav the hook
    would set written in: the same pages, plain MkDocs (the annotations then render as bare links and text)."""
    kept, skipping = [], False
    for line in (root / "mkdocs.yml").read_text(encoding="utf-8").splitlines():
        if "build_tools.briefing_markdown" in line:
            continue
        if line.startswith(("hooks:", "nav:")):
            skipping = True
        elif not (skipping and (line.startswith((" ", "-")) or not line.strip())):
            skipping = False
            kept.append(line)
    text = "\n".join(kept) + "\n"
    articles = json.loads((root / "docs" / ".briefing.json").read_text(encoding="utf-8"))["articles"]  # build_tools.build.STAMP
    return text + "nav: " + json.dumps(site_nav(None, articles), ensure_ascii=False) + "\n"  # JSON is YAML


def hyperfine(cwd: Path, runs: int, export: Path, commands: list[tuple[str, str, str]]) -> dict[str, dict]:
    """Run hyperfine on (name, prepare, command) triples, in order; its results by name."""
    arguments = ["hyperfine", "--runs", str(runs), "--style", "basic", "--export-json", str(export)]
    for name, prepare, command in commands:
        arguments += ["--prepare", prepare or "true", "--command-name", name, command]
    subprocess.run(arguments, cwd=cwd, env=ENV, check=True, stdout=sys.stderr)
    return load_results(export)


def load_results(export: Path) -> dict[str, dict]:
    """hyperfine's --export-json results by command name."""
    return {result["command"]: result for result in json.loads(export.read_text(encoding="utf-8"))["results"]}


def time_builds(project: Path, n: int, runs: int) -> tuple[Path, int, dict[str, dict]]:
    """A project of N synthetic articles, built once; hyperfine's cold, warm and plain builds of it, in that order."""
    text_bytes = corpus.write_corpus(project, n, ENTITIES).text_bytes
    make_project(project, GENERATOR)  # writes the anchor registries beside the seeds, and the nav the hook will set
    (project / "mkdocs-plain.yml").write_text(plain_config(project), encoding="utf-8")
    # The full builds come last, so that the site left behind is theirs (first_load reads it).
    builds = [(f"plain N={n}", "", f"{MKDOCS} -f mkdocs-plain.yml"), (f"cold N={n}", COLD, f"{MKDOCS} -f mkdocs.yml"),
              (f"warm N={n}", "", f"{MKDOCS} -f mkdocs.yml")]
    return project, text_bytes, hyperfine(project, runs, project.parent / f"builds-{n}.json", builds)


def build_rows(n: int, results: dict[str, dict]) -> list[list[str]]:
    """Table rows for the full builds (cold, warm) and the plain build of N articles."""
    plain = results[f"plain N={n}"]
    rows = []
    for kind, what in (("cold", "no `.cache/`, an empty `docs/`: the hook generates every page"),
                       ("warm", "a rebuild with nothing changed: the hook finds `docs/` up to date")):
        full = results[f"{kind} N={n}"]
        rows.append([f"Full build, {kind}, N = {n}", *spread(full), f"{full['median'] / plain['median']:.2f}×",
                     f"`mkdocs build --strict` with the hook, {what}"])
    rows.append([f"Plain build, N = {n}", *spread(plain), "1.00×", "`mkdocs build --strict` of the same generated pages, hooks taken out of `mkdocs.yml`"])
    return rows


def spread(result: dict, scale: float = 1.0, unit: str = "s") -> list[str]:
    """Median and min–max of a hyperfine result, each multiplied by `scale`."""
    low, high = sorted((result["min"] * scale, result["max"] * scale))
    return [f"{number(result['median'] * scale)} {unit}", f"{number(low)}–{number(high)} {unit}"]


def number(value: float) -> str:
    return f"{value:.{2 if value < 10 else 1 if value < 100 else 0}f}"


def generator_row(result: dict, text_bytes: int, n: int) -> list[str]:
    per_mb = 1e6 / text_bytes
    return ["Generator, per MB of article text", *spread(result, per_mb, "s/MB"), "",
            f"`python -m build_tools build` alone, no `.cache/`, an empty `docs/`, N = {n} ({text_bytes / 1e6:.2f} MB of text)"]


def matching(repeat: int) -> dict:
    """`Matcher.find` over reflowed synthetic paragraphs naming a MATCH_ENTITIES glossary, timed by timeit."""
    rng = random.Random("matching")
    synthetic = corpus.make_entities(MATCH_ENTITIES, rng)
    matcher = Matcher(Entity(id=e.id, name=e.name, type=e.type, summary="s", aliases=tuple(e.aliases)) for e in synthetic)
    cast, texts, size = corpus._Cast(synthetic), [], 0
    while size < MATCH_BYTES:
        text, _ = corpus.article_text(rng, cast.pick(rng, rng.randint(12, 20)))
        texts += [paragraph.text for paragraph in reflow(text)]
        size = sum(len(t.encode()) for t in texts)
    times = timeit.repeat(lambda: [matcher.find(t) for t in texts], number=1, repeat=repeat)
    return {"min": min(times), "max": max(times), "median": statistics.median(times), "bytes": size}


def matching_row(result: dict) -> list[str]:
    mb = result["bytes"] / 1e6
    rate = {key: mb / result[key] for key in ("median", "min", "max")}
    return ["Matching throughput", *spread(rate, unit="MB/s"), "",
            f"`build_tools.match.Matcher.find` in process (timeit), {mb:.1f} MB of paragraphs, K = {MATCH_ENTITIES} entities"]


def first_load(project: Path) -> tuple[int, int]:
    """(raw, gzip) bytes the first synthetic article's page downloads as it loads, in a project built by time_builds."""
    slug = sorted(path.stem for path in (project / "seeds").glob("*.txt"))[0]
    weight = reader.page_weight(project / "site", f"articles/{slug}")
    return sum(sizes[0] for sizes in weight.values()), sum(sizes[1] for sizes in weight.values())


def first_load_rows(loads: dict[int, tuple[int, int]]) -> list[list[str]]:
    """One row per N: a synthetic article page's first load, and its size against the smallest N's."""
    smallest = loads[min(loads)]
    return [[f"Reader's first load, article page, N = {n}", f"{raw / 1000:.0f} kB ({packed / 1000:.0f} kB gzipped)", "—", "",
             f"a synthetic article's page as it loads, before any search, link or card: "
             f"{raw / smallest[0]:.2f}× (gzipped {packed / smallest[1]:.2f}×) the page at N = {min(loads)}"]
            for n, (raw, packed) in sorted(loads.items())]


def reader_row(weight: dict[str, tuple[int, int]], fetched: dict[str, tuple[int, int]]) -> list[str]:
    raw, packed = (sum(sizes[i] for sizes in weight.values()) for i in (0, 1))
    parts = ", ".join(f"{kind} {sizes[0] / 1000:.0f}" for kind, sizes in weight.items())
    later = ", ".join(f"{name} {sizes[0] / 1000:.0f}" for name, sizes in fetched.items())
    return ["Reader's bytes, article page", f"{raw / 1000:.0f} kB ({packed / 1000:.0f} kB gzipped)", "—", "",
            f"what the seed article's page downloads as it loads, in kB: {parts}; on demand: {later}"]


HEADER = ["Measure", "Median", "Min–max", "× plain", "What it measures"]


def table(rows: list[list[str]]) -> str:
    lines = [HEADER, ["---"] * len(HEADER), *rows]
    return "\n".join("| " + " | ".join(cells) + " |" for cells in lines) + "\n"


def report(rows: list[list[str]], runs: int, largest: int, plain: float, seconds: float) -> str:
    """The table with a heading and one paragraph; `plain` is the plain build's median at the largest N."""
    note = ""
    if largest < 1000:
        minutes = 3 * runs * plain * 1000 / largest / 60
        note = (f" N = 1000 does not fit the 5-minute budget: at the plain build's {plain / largest * 1000:.0f} ms an article"
                f" (N = {largest}), its {3 * runs} timed builds alone would take about {minutes:.0f} minutes.")
    return (
        "# Benchmark results\n\n"
        f"`make bench` on {time.strftime('%Y-%m-%d')}, {os.cpu_count()} CPUs, {seconds / 60:.1f} minutes. "
        f"Builds and the generator are timed by hyperfine ({runs} runs each), on synthetic seeds of K = {ENTITIES} entities "
        f"(`bench/corpus.py`).{note}\n\n" + table(rows)
    )


def arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="bench/run.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, nargs="+", default=list(ARTICLES), metavar="N")
    parser.add_argument("--runs", type=int, default=3, help="hyperfine runs per command")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "RESULTS.md")
    parser.add_argument("--work", type=Path, default=None, help="scratch folder (default: a temporary one, removed afterwards)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = arguments(argv)
    started = time.perf_counter()
    work = args.work or Path(tempfile.mkdtemp(prefix="briefing-bench-", dir="/dev/shm" if os.access("/dev/shm", os.W_OK) else None))
    rows: list[list[str]] = []
    loads: dict[int, tuple[int, int]] = {}
    try:
        for n in sorted(args.articles):
            project, text_bytes, results = time_builds(work / f"n{n}", n, args.runs)
            rows += build_rows(n, results)
            loads[n] = first_load(project)
        # The generator and the report's note are about the largest N, the last one built.
        generator = hyperfine(project, args.runs, work / "generator.json", [("generator", "rm -rf .cache docs", GENERATOR)])
        rows.append(generator_row(generator["generator"], text_bytes, n))
        rows.append(matching_row(matching(max(args.runs, 5))))
        rows += first_load_rows(loads)
        rows.append(reader_row(*seed_page_weight(work / "seed-site")))
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    text = report(rows, args.runs, n, results[f"plain N={n}"]["median"], time.perf_counter() - started)
    args.out.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
