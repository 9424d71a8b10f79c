"""The benchmark behind `make bench`: synthetic corpora of N articles and K entities, timed side by side.

Usage: .venv/bin/python bench/run.py [--articles N ...] [--entities K ...] [--sites budget|all|none]
                                     [--runs R] [--deadline SECONDS] [--out bench/RESULTS.md] [--work DIR]

For every (N, K) it times the generator alone, stage by stage. For the cells
chosen by --sites it also times the full build as `make site` runs it (the steps
of the Makefile's `site` target, MkDocs through the hook included) against a
plain `mkdocs build --strict` of the same generated pages without the hook. Then:
matching throughput against a naive matcher, import time, the seed article
page's download weight against a plain Material page, and the search index's
growth. Cells run in order of importance; one that would end past --deadline is
skipped and listed as such. The Markdown report goes to --out and to standard output.
"""
from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: make the bench package importable
    sys.path.insert(0, str(ROOT))

from bench import matching, measure, report  # noqa: E402
from bench.corpus import write_corpus, write_long_paragraph  # noqa: E402
from bench.reader import reader_side  # noqa: E402

ARTICLES = (1, 10, 100, 1000)
ENTITIES = (20, 1000, 5000)
DEADLINE = 540.0  # seconds: `make bench` must end within 10 minutes
TAIL = 170.0  # seconds kept for what follows the cells: import timing, the one-paragraph article, an editor's rebuild, the report
GENERATOR_BUDGET = 8.0  # seconds of repeated generator runs per cell (at most 5 runs)
GENERATOR_SHORT, GENERATOR_LEAST_RUNS = 15.0, 3  # a cell whose first run is shorter gets at least this many
SITE_BUDGET, SITE_MOST = 27.0, 10  # seconds of repeated full + plain pairs per cell, and at most this many pairs
SITE_ENTITY_LIMIT = 20  # --sites budget: larger glossaries get site builds only with --sites all (the time goes to repeated generator runs)
PRIME_FROM = 1  # articles: from here on, a first build writes the anchor registries and the cache before timing
UNLISTED_LIMIT = 30.0  # seconds: under a deadline, the nav experiment runs where the plain build is at most this slow
SAFETY = 1.5  # the deadline's estimates are this much above what the cells measured so far suggest
WHAT_IFS = ("libyaml", "no-gc")  # bench/stages.py's options: PyYAML through libyaml; the cyclic GC off
# Priors for the deadline's estimates until this run has measured something better.
PRIOR_PER_ARTICLE, PRIOR_PER_ENTITY, PRIOR_PER_PAGE = 0.06, 0.005, 0.04


@dataclass
class SiteRuns:
    """Full builds (the `make site` steps) and plain builds of one cell, alternated."""

    steps: dict[str, list[measure.Run]]  # by step, in `make site` order; "build" is the generator itself
    plain: list[measure.Run] = field(default_factory=list)
    index_bytes: int = 0
    page_bytes: int = 0  # the first article's HTML
    pages: int = 0  # HTML pages built (404 page aside)
    side_by_side: bool = False  # each pair's two builds ran at once, one per CPU (measure.side_by_side)
    unlisted: measure.Run | None = None  # the plain build with the articles out of the nav
    cold: float | None = None  # one more full build, with the cache of earlier builds (.cache/) deleted first

    def full(self) -> list[float]:
        return [sum(runs[i].seconds for runs in self.steps.values()) for i in range(len(self.plain))]


@dataclass
class Cell:
    articles: int
    entities: int
    text_bytes: int
    glossary_bytes: int
    generator: list[measure.GeneratorRun]
    site: SiteRuns | None = None
    first_build: measure.Run | None = None  # the untimed priming run, reported as a first build
    what_ifs: dict[str, measure.GeneratorRun] = field(default_factory=dict)  # the same build, changed as WHAT_IFS say
    # Runs of the cell one size smaller (N, or else K), alternated with this cell's own: growth with the text
    # or the glossary is judged on them, as both sizes then meet the same spells of a slow or fast machine.
    alongside: list[measure.GeneratorRun] = field(default_factory=list)
    alongside_cell: tuple[int, int] | None = None  # (N, K) of those runs: the next-smaller N, or else the next-smaller K


@dataclass
class Skipped:
    articles: int
    entities: int
    site: bool
    estimate: float


def arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="bench/run.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, nargs="+", default=list(ARTICLES), metavar="N")
    parser.add_argument("--entities", type=int, nargs="+", default=list(ENTITIES), metavar="K")
    parser.add_argument("--sites", choices=("budget", "all", "none"), default="budget", help="which cells get full and plain site builds")
    parser.add_argument("--runs", type=int, default=0, help="runs per measurement (default: as many as the time budget allows, up to 5)")
    parser.add_argument("--deadline", type=float, default=DEADLINE, help="skip cells that would end later than this many seconds (0: none)")
    parser.add_argument("--long", type=int, nargs="*", default=list(LONG_KB), metavar="KB", help="sizes of the one-paragraph article (none: skip it)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "RESULTS.md")
    parser.add_argument("--work", type=Path, default=None, help="scratch folder (default: a temporary one, removed afterwards)")
    return parser.parse_args(argv)


MEMORY_FOLDER, MEMORY_NEEDED = Path("/dev/shm"), 6 * 1024**3  # an N = 1000 cell keeps about 1 GB of files


def memory_folder() -> str | None:
    """A folder in memory (tmpfs) to measure in, if the machine has a roomy one; else the default temporary folder.

    On this machine's virtual disk, creating the same thousand files took from 0.2 to 1.2 ms a file within
    minutes, rising as a run went on: the disk's state, not the generator's work, decided the scaling verdicts.
    """
    try:
        if MEMORY_FOLDER.is_dir() and os.access(MEMORY_FOLDER, os.W_OK) and shutil.disk_usage(MEMORY_FOLDER).free >= MEMORY_NEEDED:
            return str(MEMORY_FOLDER)
    except OSError:
        pass
    return None


def file_system(path: Path) -> str:
    """The type of file system `path` is on (the longest mount point above it in /proc/mounts), or "unknown"."""
    try:
        mounts = [line.split()[1:3] for line in Path("/proc/mounts").read_text(encoding="utf-8").splitlines()]
    except OSError:
        return "unknown"
    resolved = str(path.resolve())
    above = [(point, kind) for point, kind in mounts if resolved == point or resolved.startswith(point.rstrip("/") + "/")]
    return max(above, key=lambda mount: len(mount[0]))[1] if above else "unknown"


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- what to measure, in which order ----------------------------------------------------


def plan(args: argparse.Namespace) -> list[tuple[int, int, bool]]:
    """Every (N, K, site builds?) cell, the ones the budget lines need first, so that a deadline drops the least needed.

    Order: the smallest glossary at every N but the largest (the N = 1 budget line,
    scaling in text); the smallest N at every K (scaling in K); the largest N at the
    smallest K (the N = 1000 budget line); the next-largest N at every K; the rest.
    """
    ns, ks = sorted(set(args.articles)), sorted(set(args.entities))
    below_top = ns[-2] if len(ns) > 2 else None

    def order(cell: tuple[int, int]) -> tuple[int, int, int]:
        n, k = cell
        group = 5
        if k == ks[0]:
            group = 0 if n != ns[-1] or len(ns) == 1 else 2
        elif n == ns[0]:
            group = 1
        elif n == below_top:
            group = 3
        elif n != ns[-1]:
            group = 4
        return group, n, k

    cells = sorted(((n, k) for n in ns for k in ks), key=order)
    return [(n, k, wants_site(args, n, k, ns, ks)) for n, k in cells]


def wants_what_if(args: argparse.Namespace, n: int, k: int) -> bool:
    """The what-if runs: the largest glossary at the smallest N (YAML and objects weigh most), and the next-largest N."""
    ns, ks = sorted(set(args.articles)), sorted(set(args.entities))
    return (n == ns[0] and k == ks[-1]) or (len(ns) > 2 and n == ns[-2] and k == ks[0])


def wants_site(args: argparse.Namespace, n: int, k: int, ns: list[int], ks: list[int]) -> bool:
    """--sites budget: the smallest N at each glossary up to the limit, and the two largest N at the smallest glossary.

    The smallest and largest N are the budget lines; the next-largest shows how MkDocs' own time per page
    grows with N. The N between them would only repeat what those show, at the cost of repeated pairs.
    """
    if args.sites != "budget":
        return args.sites == "all"
    return (n == ns[0] and k <= SITE_ENTITY_LIMIT) or (k == ks[0] and n in ns[-2:])


def estimate(n: int, k: int, site: bool, what_if: bool, cells: list[Cell]) -> float:
    """A generous guess of a cell's seconds from the cells measured so far (or priors), for the deadline."""
    generator = _generator_estimate(n, k, cells)
    builds = (1 if n >= PRIME_FROM else 0) + (1 + len(WHAT_IFS) if what_if else 0)
    if not site:
        return SAFETY * generator * (builds + 1)
    # Each make-site step generates once (MkDocs' through its hook), and MkDocs builds twice: hooked and plain.
    return SAFETY * (generator * (builds + len(measure.site_steps())) + 2 * _plain_estimate(n, k, cells))


def _generator_estimate(n: int, k: int, cells: list[Cell]) -> float:
    """Wall seconds of one generator run: the smallest run so far, plus per-article and per-entity slopes.

    Each slope is taken over the two largest sizes measured along it (the small ones
    are all fixed cost and noise), the steepest such slope of any row or column.
    """
    timed = {(c.articles, c.entities): report.wall_time(c) for c in cells}
    base = min(timed.values(), default=0.5)
    return base + _slope(timed, 0, PRIOR_PER_ARTICLE) * n + _slope(timed, 1, PRIOR_PER_ENTITY) * k


def _slope(timed: dict[tuple[int, int], float], axis: int, prior: float) -> float:
    """Seconds per unit along one axis (0: articles, 1: entities), from the two largest points of each line."""
    lines: dict[int, list[tuple[int, float]]] = {}
    for cell, seconds in timed.items():
        lines.setdefault(cell[1 - axis], []).append((cell[axis], seconds))
    slopes = []
    for points in lines.values():
        if len(points) > 1:
            (x1, t1), (x2, t2) = sorted(points)[-2:]
            slopes.append(max(t2 - t1, 0.0) / (x2 - x1))
    return max(slopes, default=prior)


def _plain_estimate(n: int, k: int, cells: list[Cell]) -> float:
    """Plain MkDocs: per-page time of the nearest smaller N measured, grown with N (every page carries the nav)."""
    built = sorted((c.articles, report.plain_time(c) / report.pages(c)) for c in cells if c.site and c.articles <= n)
    near_n, per_page = built[-1] if built else (0, PRIOR_PER_PAGE)
    return (n + k + 2) * per_page * (1 + (n - near_n) / 3000)


# --- measuring one cell ------------------------------------------------------------------


def measure_generator(project: Path, runs: int) -> list[measure.GeneratorRun]:
    """Generator runs from an empty docs/, as many as the time budget allows unless told."""
    first, _ = measure.generator(project)
    return [first] + [measure.generator(project)[0] for _ in range(_generator_runs(first, runs) - 1)]


def _generator_runs(first: measure.GeneratorRun, runs: int) -> int:
    """How many generator runs a cell gets in all, given its first: as told, else as the time budget allows.

    A short run is the one this machine's noise can swing by a third: at least three of those,
    so that one odd run does not decide a scaling verdict."""
    least = GENERATOR_LEAST_RUNS if first.seconds < GENERATOR_SHORT else 1
    return runs or max(least, measure.runs_for(first.seconds, GENERATOR_BUDGET, 5))


def measure_generator_alongside(project: Path, partner: Path, runs: int) -> tuple[list[measure.GeneratorRun], list[measure.GeneratorRun]]:
    """Generator runs of a cell, each followed by one of `partner` (the cell one size smaller)."""
    first, _ = measure.generator(project)
    total = _generator_runs(first, runs)
    own, alongside = [first], [measure.generator(partner)[0]]
    while len(own) < total:
        own.append(measure.generator(project)[0])
        alongside.append(measure.generator(partner)[0])
    return own, alongside


def step_label(step: tuple[str, ...]) -> str:
    return report.HOOK_STEP if step == ("mkdocs",) else "build_tools " + " ".join(step)


def measure_site(project: Path, runs: int, unlisted: bool, unlisted_limit: float | None) -> tuple[SiteRuns, list[measure.GeneratorRun]]:
    """`make site`'s steps and the plain build, in pairs (measure.side_by_side); its generator step is also the cell's generator run.

    With `unlisted`, one more plain build with the articles out of the nav, if the plain
    build took at most `unlisted_limit` seconds (None: whatever it took).
    """
    steps = measure.site_steps()
    twin = measure.plain_twin(project)  # the project itself when the pairs run one build after the other
    result = SiteRuns({step_label(step): [] for step in steps}, side_by_side=twin != project)
    generated: list[measure.GeneratorRun] = []

    def full() -> dict[str, measure.Run]:
        if steps[0] == ("mkdocs",):
            measure.clear_docs(project)  # else the hook finds docs/ up to date and generates nothing
        taken = {}
        for step in steps:
            if step == ("mkdocs",):
                run = measure.mkdocs(project, measure.HOOKED_CONFIG)
            elif step[0] == "build" and not generated[len(result.plain):]:  # the first build step of this pair
                timed_generator, run = measure.generator(project, measure.tool_arguments("build", step[1:]))
                generated.append(timed_generator)
            else:
                run = measure.tool(project, step)
            taken[step_label(step)] = run
        return taken

    pairs = runs
    while not pairs or len(result.plain) < pairs:
        taken, plain = measure.side_by_side(full, lambda: measure.plain_build(twin), len(result.plain))
        for label, run in taken.items():
            result.steps[label].append(run)
        result.plain.append(plain)
        if not pairs:
            pairs = measure.runs_for(result.full()[0] + result.plain[0].seconds, SITE_BUDGET, SITE_MOST)
            if result.side_by_side and pairs % 2:
                pairs += 1  # as many on each CPU, so that one CPU slower than the other weighs on both sides alike
    if twin != project:
        shutil.rmtree(twin, ignore_errors=True)
    shutil.rmtree(project / ".cache", ignore_errors=True)  # build_tools.build.CACHE
    measure.clear_docs(project)
    result.cold = sum((measure.mkdocs(project, measure.HOOKED_CONFIG) if step == ("mkdocs",) else measure.tool(project, step)).seconds for step in steps)
    if not generated:  # a `site` target without a build step: time the generator on its own, as other cells do
        generated = measure_generator(project, runs)
        measure.mkdocs(project, measure.HOOKED_CONFIG)  # and leave the site that the sizes below are taken from
    site = project / "site"
    result.index_bytes = (site / "search" / "search_index.json").stat().st_size
    articles = sorted((site / "articles").glob("*/index.html"))
    result.page_bytes = articles[0].stat().st_size if articles else 0
    result.pages = sum(1 for page in site.rglob("*.html") if page.name != "404.html")
    if unlisted and (unlisted_limit is None or min(r.seconds for r in result.plain) <= unlisted_limit):
        result.unlisted = measure.plain_build(project, list_articles=False)
    return result, generated


def measure_cell(
    work: Path, n: int, k: int, site: bool, what_if: bool, args: argparse.Namespace,
    partner: tuple[tuple[int, int], Path] | None = None, keep: bool = False,
) -> Cell:
    """One (N, K) cell; `partner` is the (N, K) and kept project of a cell one size smaller to alternate generator
    runs with, and `keep` leaves this cell's project in place to be a partner."""
    project = work / f"n{n}-k{k}"
    shutil.rmtree(project, ignore_errors=True)
    corpus = write_corpus(project, n, k)
    measure.make_project(project)
    # A first build (and check, as `make site` runs them) writes the anchor registries beside the seeds and
    # fills the cache; later builds find both, as repeated `make site` runs do.
    first = measure.cli_generator(project) if n >= PRIME_FROM else None
    if site:
        # The nav experiment, at the smallest glossary: everywhere without a deadline, else where MkDocs is quick.
        unlisted = k == min(args.entities) and n > 1
        site_runs, generated = measure_site(project, args.runs, unlisted, UNLISTED_LIMIT if args.deadline else None)
        cell = Cell(n, k, corpus.text_bytes, corpus.glossary_bytes, generated, site_runs, first)
    elif partner:
        own, alongside = measure_generator_alongside(project, partner[1], args.runs)
        cell = Cell(n, k, corpus.text_bytes, corpus.glossary_bytes, own, None, first, alongside=alongside, alongside_cell=partner[0])
    else:
        cell = Cell(n, k, corpus.text_bytes, corpus.glossary_bytes, measure_generator(project, args.runs), None, first)
    if what_if:
        # Each what-if right after a plain run of its own ("" below), so that drift in the machine's load hits both alike.
        cell.what_ifs = {name: measure.generator(project, what_if=name)[0] for name in ("", *WHAT_IFS)}
    if not keep:
        shutil.rmtree(project, ignore_errors=True)  # an N = 1000 site is hundreds of MB
    return cell


def summary(cell: Cell) -> str:
    """One progress line: the generator's time and, with site builds, full against plain."""
    line = f"generator {report.wall_time(cell):.2f} s ({len(cell.generator)} runs)"
    if cell.site:
        line += (f"; full {report.full_time(cell):.2f} s, plain {report.plain_time(cell):.2f} s ({len(cell.site.plain)} runs), "
                 f"added by the briefing {measure.med(report.added_times(cell)):.2f} s")
    return line


# --- the rest ------------------------------------------------------------------------------


def experiments(work: Path) -> dict:
    """Cheap measurements behind the report's advice: compiling the page templates, as a build after the first
    does (with the generator's own bytecode cache, when it has one, primed by a first compile)."""
    from build_tools import build as pipeline
    from build_tools.render import make_environment

    cache = getattr(pipeline, "_bytecode_cache", lambda folder: None)(work / "template-cache")
    loader = jinja2.FileSystemLoader(str(measure.CODE / "templates"))
    names = [name for name in make_environment(loader).list_templates() if name.endswith(".j2")]
    for name in names:  # the first build fills the cache
        make_environment(loader, bytecode_cache=cache).get_template(name)
    begun = time.perf_counter()
    environment = make_environment(loader, bytecode_cache=cache)
    for name in names:
        environment.get_template(name)
    return {"templates": (len(names), time.perf_counter() - begun)}


LONG_KB = (1000, 2000, 4000)  # sizes of the one-paragraph article, in kB
LONG_RUNS = 3  # first builds per size (medians): single runs swung the verdict from 0.6× to 1.3×


def measure_long_paragraph(work: Path, sizes_kb: list[int]) -> list[dict]:
    """The generator and the coverage check on one article that is one paragraph, growing: what a
    paragraph's own length costs.

    Each run is a first build (no registry or cache yet, the same at every size) of a fresh copy;
    medians of LONG_RUNS runs.
    """
    rows = []
    for kb in sizes_kb:
        project = work / f"long-{kb}kb"
        runs = []
        for _ in range(LONG_RUNS):
            shutil.rmtree(project, ignore_errors=True)
            written = write_long_paragraph(project, kb * 1000)
            measure.make_project(project)
            timed, _ = measure.generator(project, measure.tool_arguments("build", ("--check",)))  # as the hook runs both
            runs.append(timed)
        shutil.rmtree(project, ignore_errors=True)
        rows.append({
            "bytes": written.text_bytes, "entities": written.entities, "runs": len(runs),
            "seconds": measure.med(run.detail["command"] for run in runs),
            "check": measure.med(run.detail["command"] - run.detail["build"] for run in runs),
            "peak_mb": max(run.peak_mb for run in runs),
        })
    return rows


EDIT_ARTICLES, EDIT_ENTITIES = 100, 20  # the briefing an editor's rebuild is measured on (smaller when the run is)
EDIT_PAIRS = 4  # reloads and plain builds in pairs, two on each CPU when side by side: the verdict rests on the hook's time inside each reload


def measure_edit(work: Path, articles: int, entities: int) -> dict:
    """An editor's rebuild, as `make serve` makes it: one article of a built briefing edited, then regenerated.

    Counts the files the generator rewrites (write-if-changed), times that regeneration
    in its own process, then the MkDocs build with the hook after each further edit (what
    `serve` runs on a change) against the plain build of the same pages.
    """
    project = work / f"edit-n{articles}-k{entities}"
    shutil.rmtree(project, ignore_errors=True)
    write_corpus(project, articles, entities)
    measure.make_project(project)
    measure.clear_docs(project)
    measure.mkdocs(project, measure.HOOKED_CONFIG)  # the site as it stood before the edit
    texts = sorted((project / "seeds").glob("*.txt"))
    edited = texts[len(texts) // 2]
    edited.write_text(edited.read_text(encoding="utf-8") + "An editor adds one sentence here.\n", encoding="utf-8")
    before = _docs_state(project / "docs")
    regenerated = measure.tool(project, ("build",))  # docs/ kept: only what changed is written
    after = _docs_state(project / "docs")
    rewritten = sorted(path for path, (stamp, _) in after.items() if path not in before or before[path][0] != stamp)
    changed = sorted(path for path, (_, digest) in after.items() if path not in before or before[path][1] != digest)
    reloads: list[measure.Run] = []
    plains: list[float] = []
    # Side by side, the plain builds read a copy of docs/ as it stands now: short of the sentences added below, one each.
    twin = measure.plain_twin(project)
    for number in range(EDIT_PAIRS):  # each reload after an edit of its own
        edited.write_text(edited.read_text(encoding="utf-8") + f"And then sentence {number}.\n", encoding="utf-8")
        reload, plain = measure.side_by_side(lambda: measure.mkdocs(project, measure.HOOKED_CONFIG), lambda: measure.plain_build(twin), number)
        reloads.append(reload)
        plains.append(plain.seconds)
    shutil.rmtree(project, ignore_errors=True)
    shutil.rmtree(twin, ignore_errors=True)
    return {
        "articles": articles,
        "entities": entities,
        "files": len(after),
        "rewritten": rewritten,  # files whose modification time changed
        "changed": changed,  # files whose bytes changed: write-if-changed means the same list
        "regenerate": regenerated.seconds,
        "reload": measure.med(run.seconds for run in reloads),
        "hook": measure.med(run.hook or 0.0 for run in reloads),  # the hook's time inside each reload's MkDocs process
        "plain": measure.med(plains),
        "ratios": [run.seconds / plain for run, plain in zip(reloads, plains)],
        "pairs": EDIT_PAIRS,
        "side_by_side": twin != project,
    }


def _docs_state(docs: Path) -> dict[str, tuple[int, bytes]]:
    return {
        path.relative_to(docs).as_posix(): (path.stat().st_mtime_ns, hashlib.sha256(path.read_bytes()).digest())
        for path in docs.rglob("*")
        if path.is_file()
    }


def measure_all(work: Path, args: argparse.Namespace, started: float) -> tuple[list[Cell], list[Skipped]]:
    cells: list[Cell] = []
    skipped: list[Skipped] = []
    ns, ks = sorted(set(args.articles)), sorted(set(args.entities))
    kept: dict[tuple[int, int], Path] = {}  # projects of the next-largest N or K, kept to partner the largest
    for n, k, site in plan(args):
        what_if = wants_what_if(args, n, k)
        guess = estimate(n, k, site, what_if, cells)
        elapsed = time.perf_counter() - started
        if args.deadline and site and elapsed + guess > args.deadline - TAIL:
            # Without its site builds the cell may still fit: its generator figures are worth having.
            skipped.append(Skipped(n, k, site, guess))
            site, guess = False, estimate(n, k, False, what_if, cells)
            log(f"bench: N = {n}, K = {k}: no time for site builds (about {skipped[-1].estimate:.0f} s)")
        if args.deadline and elapsed + guess > args.deadline - TAIL:
            log(f"bench: N = {n}, K = {k} skipped: about {guess:.0f} s more would pass the {args.deadline:.0f} s deadline")
            if not skipped or (skipped[-1].articles, skipped[-1].entities) != (n, k):
                skipped.append(Skipped(n, k, site, guess))
            continue
        log(f"bench: N = {n}, K = {k}{' with site builds' if site else ''} (about {guess:.0f} s) … at {elapsed:.0f} s")
        partners = [(ns[-2], k)] if len(ns) > 1 and n == ns[-1] else []  # the text axis first
        partners += [(n, ks[-2])] if len(ks) > 1 and k == ks[-1] else []
        found = [cell for cell in partners if cell in kept]
        partner = (found[0], kept[found[0]]) if found and not site else None
        keep = (len(ns) > 1 and n == ns[-2]) or (len(ks) > 1 and k == ks[-2])
        cells.append(measure_cell(work, n, k, site, what_if, args, partner, keep))
        if keep:
            kept[(n, k)] = work / f"n{n}-k{k}"
        log(f"bench:   {summary(cells[-1])}")
    for project in kept.values():
        shutil.rmtree(project, ignore_errors=True)
    return sorted(cells, key=lambda c: (c.entities, c.articles)), skipped


def main(argv: list[str] | None = None) -> int:
    args = arguments(argv)
    args.command = " ".join(sys.argv[1:] if argv is None else argv)  # for the report's first line
    started = time.perf_counter()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    own_work = args.work is None
    work = Path(tempfile.mkdtemp(prefix="briefing-bench-", dir=memory_folder())) if own_work else args.work
    work.mkdir(parents=True, exist_ok=True)
    work_kind = file_system(work)
    code = measure.snapshot(work)
    revision = report.revision()  # of the moment the snapshot was taken
    try:
        sys.path.insert(0, str(code))  # this process's own imports of build_tools (reader side, experiments) too
        log("bench: reader side (the seed site, built first: a broken build fails here, not after minutes)")
        reader = reader_side(work)
        log("bench: matching throughput")
        matched = [matching.throughput(k, naive_seconds=matching.NAIVE_SECONDS) for k in sorted(set(args.entities))]
        cells, skipped = measure_all(work, args, started)
        log("bench: import time, experiments")
        runs = args.runs or 7
        imports = {
            "bare": measure.import_seconds("build_tools.build", runs),
            "in mkdocs": measure.import_seconds("build_tools.build", runs, preload="mkdocs.commands.build, jinja2, yaml, markdown"),
        }
        extra = experiments(work)
        seed_project = work / "seed-site"
        extra["imports"] = measure.import_profile(["-m", "build_tools", *measure.tool_arguments("build")], seed_project)
        extra["steps"] = [step_label(step) for step in measure.site_steps()]
        extra["import parts"] = measure.import_profile(["-c", "import build_tools.build"], seed_project)
        extra["matching"] = matched
        log("bench: one article of one long paragraph")
        extra["long paragraph"] = measure_long_paragraph(work, args.long)
        log("bench: an editor's rebuild after editing one article")
        extra["edit"] = measure_edit(work, min(EDIT_ARTICLES, max(args.articles)), EDIT_ENTITIES)
    finally:
        measure.snapshot(None)
        if str(code) in sys.path:
            sys.path.remove(str(code))
        if own_work:
            shutil.rmtree(work, ignore_errors=True)
    elapsed = time.perf_counter() - started
    extra["load"] = (load, os.getloadavg()[0] if hasattr(os, "getloadavg") else None)
    extra["revision"] = revision
    extra["work"] = (str(work), work_kind)
    text = report.render(cells, skipped, reader, imports, extra, elapsed, args)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(text)
    log(f"bench: done in {elapsed:.0f} s; results in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
