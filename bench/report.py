"""RESULTS.md: the machine, the budget lines with verdicts, and the tables behind them."""
from __future__ import annotations

import datetime
import os
import platform
import statistics
from importlib import metadata
from pathlib import Path

from bench import measure

FULL_BUDGET = 1.10  # full build / plain MkDocs build
MATCH_BUDGET = 20.0  # MB/s with K = 5000
IMPORT_BUDGET = 0.2  # seconds
PAGE_BUDGET = 1.10  # article page bytes / plain Material page bytes
INDEX_BUDGET_MB = 6.0  # search index per 1,000 articles of about 4 KB: the stated size
LINEAR_TOLERANCE = 1.25  # seconds per MB may rise this much from one size to the next before the time counts as growing
OWN_WARNING = 1.05  # MkDocs' own work in the full build against plain: above it in every pair, a cost escapes the hook's time
MB = 1_000_000
HOOK_STEP = "mkdocs + hook"
# The N = 1000 site builds, too long for `make bench`'s ten minutes, run on their own:
LARGE_RESULTS = Path(__file__).resolve().parent / "RESULTS-n1000.md"
LARGE_COMMAND = "bench/run.py --articles 1000 --entities 20 --sites all --deadline 0 --out bench/RESULTS-n1000.md"


# --- formatting ------------------------------------------------------------------------


def secs(value: float | None) -> str:
    if value is None:
        return "—"
    if value < 0:
        return "−" + secs(-value)
    if value >= 100:
        return f"{value:.0f} s"
    if value >= 10:
        return f"{value:.1f} s"
    if value >= 0.1:
        return f"{value:.2f} s"
    return f"{value * 1000:.0f} ms" if value >= 0.001 else f"{value * 1000:.1f} ms"


def size(value: float) -> str:
    return f"{value / MB:.2f} MB" if value >= MB else f"{value / 1000:.1f} kB"


def ratio(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}×"


def table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    return lines + ["| " + " | ".join(row) + " |" for row in rows] + [""]


def verdict(ok: bool | None) -> str:
    return "not measured" if ok is None else ("**met**" if ok else "**not met**")


# --- the machine -------------------------------------------------------------------------


def _proc_field(path: str, key: str) -> str | None:
    """The value after `key:` in a /proc file, or None where there is no such file."""
    try:
        with open(path, encoding="utf-8") as lines:
            for line in lines:
                if line.startswith(key):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return None


def revision() -> str:
    """The commit of the project, and whether the measured folders held changes not yet committed (read-only git)."""
    import subprocess

    root = Path(__file__).resolve().parent.parent
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True, text=True, check=True).stdout.strip()
        changed = subprocess.run(
            ["git", "status", "--porcelain", "--", "build_tools", "templates", "seeds", "mkdocs.yml", "Makefile"],
            cwd=root, capture_output=True, text=True, check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown (no git)"
    return f"commit {commit}" + (" with uncommitted changes in build_tools/, templates/, seeds/ or the configuration" if changed else "")


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def machine(load: tuple[float | None, float | None], revision: str, work: tuple[str, str] | None = None) -> list[str]:
    cpu = _proc_field("/proc/cpuinfo", "model name") or platform.processor() or "unknown CPU"
    total_kib = _proc_field("/proc/meminfo", "MemTotal")
    memory = f"{int(total_kib.split()[0]) / 1024 / 1024:.1f} GiB" if total_kib else "unknown"
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    versions = ", ".join(f"{name} {_version(name)}" for name in ("mkdocs", "mkdocs-material", "Markdown", "Jinja2", "PyYAML", "pyahocorasick"))
    try:
        import yaml

        libyaml = "available" if yaml.__with_libyaml__ else "not available"
    except ImportError:
        libyaml = "unknown"
    lines = [
        f"- CPU: {cpu}, {cores} cores usable ({os.cpu_count()} online)",
        f"- Memory: {memory}",
        f"- System: {platform.platform()}",
        f"- Python {platform.python_version()} ({platform.python_implementation()}); {versions}; libyaml {libyaml}",
    ]
    lines.append(f"- Code measured: {revision}")
    if work:
        where = ("in memory (tmpfs), so that the virtual disk's cost per file, which varied fivefold within minutes here, "
                 "does not decide the verdicts; a build on that disk pays more for each file it writes, the generator's and "
                 "MkDocs' alike" if work[1] == "tmpfs" else "on disk")
        lines.append(f"- Projects built and timed in `{work[0]}` ({work[1]}): {where}")
    if load[0] is not None:
        lines.append(
            f"- Load average (1 min) when the run started: {load[0]:.2f}; when it ended: {load[1]:.2f}. "
            "Above about 0.5 at the start, something else was running and times are inflated accordingly; at the end "
            "it counts the run's own builds too, two at a time where pairs ran side by side."
        )
    return lines + [""]


# --- per-cell figures --------------------------------------------------------------------


def stage(cell, name: str) -> float | None:
    values = [run.detail["stages"][name] for run in cell.generator if name in run.detail["stages"]]
    return measure.med(values) if values else None


def build_time(cell) -> float:
    """In-process generator time (no interpreter start, no imports)."""
    return measure.med(run.detail["build"] for run in cell.generator)


def wall_time(cell) -> float:
    return measure.med(run.seconds for run in cell.generator)


def full_time(cell) -> float:
    return measure.med(cell.site.full())


def plain_time(cell) -> float:
    return measure.med(run.seconds for run in cell.site.plain)


def step_time(cell, step: str) -> float:
    return measure.med(run.seconds for run in cell.site.steps[step])


def hooked_time(cell) -> float:
    return step_time(cell, HOOK_STEP)


def added_times(cell) -> list[float]:
    """Per full build, the seconds the briefing adds to MkDocs' own work: any step before MkDocs, and
    inside MkDocs the hook's time (loading it and its handlers, timed in that process)."""
    return [full - run.seconds + (run.hook or 0.0) for full, run in zip(cell.site.full(), cell.site.steps[HOOK_STEP])]


def judged_ratio(cell) -> float:
    """The full build's cost against plain: plain MkDocs plus what the briefing adds, over plain MkDocs."""
    return 1 + measure.med(added_times(cell)) / plain_time(cell)


def pair_ratios(cell) -> list[float]:
    """Wall-clock full / plain of each pair."""
    return [full / plain.seconds for full, plain in zip(cell.site.full(), cell.site.plain)]


def own_ratios(cell) -> list[float]:
    """MkDocs' own work in the full build (its wall time less what the briefing adds) against the plain build, pair by pair."""
    return [(full - added) / plain.seconds for full, added, plain in zip(cell.site.full(), added_times(cell), cell.site.plain)]


def own_ratio(cell) -> float:
    return measure.med(own_ratios(cell))


def escapes_hook(cell) -> bool:
    """Whether MkDocs' own work was slower in the full build than in the plain one by more than OWN_WARNING in every
    pair: a cost the hook's time does not hold. One pair alone can read so by chance: side by side, the same builds
    still differed by up to 7% from pair to pair, and one after the other by up to 25%."""
    return min(own_ratios(cell)) > OWN_WARNING


def wall_summary(ratios: list[float]) -> str:
    if len(ratios) == 1:
        return f"{ratio(ratios[0])} (one pair)"
    return f"{ratio(measure.med(ratios))} (median of {len(ratios)} pairs, which ranged from {ratio(min(ratios))} to {ratio(max(ratios))})"


def pages(cell) -> int:
    """HTML pages of the cell's site: as built, or before any build the articles, entries, home and glossary index."""
    return cell.site.pages if cell.site and cell.site.pages else cell.articles + cell.entities + 2


# --- budget computations ---------------------------------------------------------------


def full_budget(cells, articles: int) -> tuple[str, bool | None]:
    measured = [c for c in cells if c.articles == articles and c.site]
    if not measured:
        elsewhere = f"; `{LARGE_COMMAND}` measures it (last run: `{LARGE_RESULTS.name}`)" if articles == 1000 else ""
        return f"no site build at N = {articles} in this run{elsewhere}", None
    parts = [
        f"K = {c.entities}: {ratio(judged_ratio(c))}: plain {secs(plain_time(c))}, and {secs(measure.med(added_times(c)))} "
        f"added by the briefing (its hook, timed inside MkDocs). Wall clock, full against plain{_side(c.site.side_by_side)}: {wall_summary(pair_ratios(c))}"
        + (f". MkDocs' own work took {ratio(own_ratio(c))} of plain in the full build, and more than {ratio(OWN_WARNING)} "
           "in every pair: a cost outside the hook's time, which the judged ratio leaves out, so the line is not met"
           if escapes_hook(c) else "")
        + (f". This line is for rebuilds, which find the cache of an earlier build (`.cache/briefing/`); a first "
           f"build without it took {secs(c.site.cold)}, {ratio(c.site.cold / plain_time(c))} of plain, as it computes again "
           "what the cache holds: the actor maps' layouts, the check's names, the compiled templates" if c.site.cold else "")
        for c in measured
    ]
    return "; ".join(parts), all(judged_ratio(c) <= FULL_BUDGET and not escapes_hook(c) for c in measured)


def _side(side_by_side: bool) -> str:
    return ", each pair side by side" if side_by_side else ", pairs one build after the other"


def _pairing(side_by_side: bool) -> str:
    if side_by_side:
        return ("Full and plain builds run in pairs, the two builds of a pair at the same time, each pinned to a CPU of "
                "its own and the CPUs swapped from pair to pair: a spell of a slow or fast machine meets both alike, "
                "and the plain build reads a copy of the same `docs/` in a folder of its own.")
    return ("Full and plain builds alternate (there were not two CPUs to pin them to), each pair in the opposite order to the one "
            "before (full, plain, plain, full, …), so that a drift in the machine's speed does not fall on one side only.")


def _judging_note(cells) -> list[str]:
    """How the lines against plain MkDocs are judged, with this run's own measure of the wall clock's noise."""
    sampled = max((c for c in cells if c.site), key=lambda c: len(c.site.plain), default=None)
    noise = ""
    if sampled is not None and len(sampled.site.plain) >= 3:
        times, added = [run.seconds for run in sampled.site.plain], added_times(sampled)
        ratios = pair_ratios(sampled)
        spread = (
            f"Run side by side, the two builds of each pair met the same spells: the pairs' wall-clock ratios ranged "
            f"from {ratio(min(ratios))} to {ratio(max(ratios))}." if sampled.site.side_by_side else
            "One after the other, a handful of pairs cannot tell 1.05× from 1.12×."
        )
        noise = (
            f" In this run the same plain build (N = {sampled.articles}) took from {secs(min(times))} to {secs(max(times))}, "
            f"a standard deviation of {statistics.stdev(times) / statistics.mean(times):.0%}. {spread} The hook's own time "
            f"varied too (from {secs(min(added))} to {secs(max(added))}), but as a small part of the build its standard "
            f"deviation moves the judged ratio by {statistics.stdev(added) / statistics.mean(times):.3f} only."
        )
    return [
        "The lines against plain MkDocs are judged on plain MkDocs plus what the briefing adds to it: its hook's time, "
        "taken inside the MkDocs process of each full build (`bench/mkdocs_timed.py`). The wall clock's ratio of full "
        f"and plain builds is given beside it, with the range of its pairs.{noise} *MkDocs' own / plain* in the next "
        f"section checks that the hook leaves the rest of MkDocs' work as fast as without it; above {OWN_WARNING:.2f}× in "
        "every pair a cost escapes the hook's time, and the line is not met.",
        "",
    ]


def per_mb_growth(points: list[tuple[float, float]]) -> tuple[float, float, float] | None:
    """Seconds per MB at the two largest sizes of (bytes, seconds) points, and their ratio.

    Linear work costs no more per MB at a larger size (its fixed costs make the figure fall); a step that
    went over the whole text again for each line, mention or article would make it rise with the size.
    Totals, not differences: a difference of two noisy times carries the noise of both, at its own scale.
    """
    if len(points) < 2:
        return None
    (s1, t1), (s2, t2) = sorted(points)[-2:]
    small, large = t1 / (s1 / MB), t2 / (s2 / MB)
    return small, large, large / small


def text_scaling(cells, entities: int) -> tuple[float, float, float] | None:
    """The generator's in-process seconds per MB of article text at the two largest N of one glossary; the
    smaller one from the runs made alternately with the largest, where there are such."""
    row = sorted((c for c in cells if c.entities == entities), key=lambda c: c.articles)
    points = [(c.text_bytes, build_time(c)) for c in row]
    if len(row) > 1 and _paired(row[-1], row[-2]):
        points[-2] = (row[-2].text_bytes, measure.med(run.detail["build"] for run in row[-1].alongside))
    return per_mb_growth(points)


def _paired(larger, smaller) -> bool:
    """Whether the larger cell's runs were made alternately with the smaller's."""
    return bool(larger.alongside) and larger.alongside_cell == (smaller.articles, smaller.entities)


def long_scaling(rows: list[dict]) -> tuple[float, float, float] | None:
    """The same for the one-paragraph article (generator and check, as `make site` runs them)."""
    return per_mb_growth([(row["bytes"], row["seconds"]) for row in rows])


def entity_scaling(cells, articles: int) -> tuple[float, float, float] | None:
    """In-process seconds per 1,000 entities at the two largest K of one N, and their ratio; the smaller one
    from the runs made alternately with the largest, where there are such (as for the text)."""
    column = sorted((c for c in cells if c.articles == articles), key=lambda c: c.entities)
    if len(column) < 2:
        return None
    smaller, larger = column[-2], column[-1]
    before = measure.med(run.detail["build"] for run in larger.alongside) if _paired(larger, smaller) else build_time(smaller)
    small, large = before / smaller.entities * 1000, build_time(larger) / larger.entities * 1000
    return small, large, large / small


def _edit_ratio(edit: dict) -> float:
    return 1 + edit["hook"] / edit["plain"]


def match_rate(row: dict) -> float:
    return row["bytes"] / MB / row["find"]


def naive_rate(row: dict) -> float | None:
    return row["naive_bytes"] / MB / row["naive"] if row["naive"] else None


def index_growth(cells) -> tuple[float, int] | None:
    """Search index bytes per 1,000 articles (slope between the smallest and largest N at one K), and that K."""
    with_sites = [c for c in cells if c.site]
    if not with_sites:
        return None
    k = min(c.entities for c in with_sites)
    points = sorted((c.articles, c.site.index_bytes) for c in with_sites if c.entities == k)
    if len(points) < 2:
        return None
    (n0, b0), (n1, b1) = points[0], points[-1]
    return (b1 - b0) / (n1 - n0) * 1000, k


# --- the document --------------------------------------------------------------------------


def render(cells, skipped, reader, imports, extra, elapsed, args) -> str:
    lines = [
        "# Benchmark results",
        "",
        f"Written by {_invocation(args)} on {datetime.date.today().isoformat()}; the run took "
        f"{elapsed / 60:.1f} minutes. Times are medians of the runs counted in each table (wall clock, fresh "
        "processes); memory is the peak resident set of the process named. The corpora are synthetic and seeded "
        "(`bench/corpus.py`): N articles of about 4 KB, extracted-looking (no blank lines, lines broken at irregular "
        "places, the odd word split by a hyphen), naming entities of a K-entry glossary with aliases at about the "
        "seed article's density. Code, templates, seeds and configuration are copied once at the start, so every "
        "run measures the same version.",
        "",
        "## Machine",
        "",
        *machine(extra.get("load", (None, None)), extra.get("revision", "unknown"), extra.get("work")),
    ]
    lines += budget_section(cells, reader, imports, extra)
    lines += coverage_section(cells, skipped, args)
    lines += site_section(cells, extra)
    lines += generator_section(cells)
    lines += scaling_section(cells, extra)
    lines += what_if_section(cells)
    lines += matching_section(extra.get("matching", []))
    lines += startup_section(imports)
    lines += reader_section(reader)
    lines += index_section(cells)
    lines += advice_section(cells, reader, imports, extra)
    return "\n".join(lines).rstrip() + "\n"


def _invocation(args) -> str:
    command = getattr(args, "command", "")
    return f"`bench/run.py {command}`" if command else "`make bench` (`bench/run.py`)"


def budget_section(cells, reader, imports, extra) -> list[str]:
    rows = []
    for n in (1, 1000):
        text, ok = full_budget(cells, n)
        rows.append([f"Full build ≤ {FULL_BUDGET:.2f} × plain MkDocs build, N = {n}", text, verdict(ok)])
    growth = []
    for k in sorted({c.entities for c in cells}):
        row = sorted((c for c in cells if c.entities == k), key=lambda c: c.articles)
        found = text_scaling(cells, k)
        if found:
            paired = " (runs alternated with the larger's)" if _paired(row[-1], row[-2]) else ""
            growth.append((f"K = {k}: {secs(found[0])}/MB at N = {row[-2].articles}{paired}, {secs(found[1])}/MB at N = {row[-1].articles}", found[2]))
    long_rows = extra.get("long paragraph", [])
    long = long_scaling(long_rows)
    if long:
        sizes = sorted(row["bytes"] for row in long_rows)[-2:]
        growth.append((f"one article of one paragraph: {secs(long[0])}/MB at {size(sizes[0])}, {secs(long[1])}/MB at {size(sizes[1])}", long[2]))
    parts = [f"{text} ({ratio(rise)})" for text, rise in growth]
    ratios = [rise for _, rise in growth]
    rows.append(
        [
            "Generator time linear in total text size",
            "; ".join(parts) or "needs two values of N at one K",
            verdict(all(r <= LINEAR_TOLERANCE for r in ratios) if ratios else None),
        ]
    )
    by_k = []
    for n in sorted({c.articles for c in cells}):
        column = sorted((c for c in cells if c.articles == n), key=lambda c: c.entities)
        found = entity_scaling(cells, n)
        if found and len(column) > 2:  # two sizes of K are one step; the line wants the growth over a range
            paired = " (runs alternated with the larger's)" if _paired(column[-1], column[-2]) else ""
            by_k.append((f"N = {n}: {secs(found[0])} per 1,000 entities at K = {column[-2].entities}{paired}, "
                         f"{secs(found[1])} at K = {column[-1].entities} ({ratio(found[2])})", found[2]))
    rows.append(
        [
            "Generator time at most linear in K",
            "; ".join(text for text, _ in by_k) or "needs three values of K at one N",
            verdict(all(rise <= LINEAR_TOLERANCE for _, rise in by_k) if by_k else None),
        ]
    )
    at_5000 = [row for row in extra.get("matching", []) if row["entities"] == 5000]
    if at_5000:
        row = at_5000[0]
        rows.append(
            [
                f"Matching ≥ {MATCH_BUDGET:.0f} MB/s with K = 5000",
                f"{match_rate(row):.0f} MB/s (`Matcher.find` over {size(row['bytes'])} of paragraphs; the automaton of "
                f"{row['terms']} terms is built in {secs(row['build'])})",
                verdict(match_rate(row) >= MATCH_BUDGET),
            ]
        )
    else:
        rows.append([f"Matching ≥ {MATCH_BUDGET:.0f} MB/s with K = 5000", "K = 5000 not measured in this run", verdict(None)])
    rows.append(
        [
            f"Importing the generator adds < {IMPORT_BUDGET} s",
            f"{secs(imports['bare'])} over a bare interpreter; {secs(imports['in mkdocs'])} inside MkDocs (the hook)",
            verdict(imports["bare"] < IMPORT_BUDGET),
        ]
    )
    edit = extra.get("edit")
    if edit:
        rows.append(
            [
                "In `make serve`, editing one article rewrites only the files that changed, and the reload stays "
                f"≤ {FULL_BUDGET:.2f} × a plain build",
                f"N = {edit['articles']}, K = {edit['entities']}: {len(edit['rewritten'])} of {edit['files']} files in `docs/` rewritten, "
                + ("each one whose bytes changed " if edit["rewritten"] == edit["changed"] else
                   f"but {len(set(edit['rewritten']) - set(edit['changed']))} of them unchanged ")
                + f"({_files(edit['rewritten'])}) "
                f"(regeneration alone {secs(edit['regenerate'])}, a process of its own). MkDocs' rebuild after an edit: "
                f"{ratio(_edit_ratio(edit))}: plain {secs(edit['plain'])}, and the hook's own {secs(edit['hook'])} inside "
                f"MkDocs (medians of {edit.get('pairs', 1)} edits). Wall clock, rebuild against plain{_side(edit.get('side_by_side', False))}: {wall_summary(edit['ratios'])}",
                verdict(edit["rewritten"] == edit["changed"] and _edit_ratio(edit) <= FULL_BUDGET),
            ]
        )
    annotated, plain = reader["annotated"].total(), reader["plain"].total()
    share = reader.get("editorial", (0, 0))
    rows.append(
        [
            f"Article page ≤ {PAGE_BUDGET:.2f} × a plain Material page of the same text",
            f"{ratio(annotated[0] / plain[0])} raw ({size(annotated[0])} against {size(plain[0])}), "
            f"{ratio(annotated[1] / plain[1])} gzipped, search index included; without the editors' additions "
            f"(notes, compact map and table, JSON-LD) {ratio((annotated[0] - share[0]) / plain[0])} raw, "
            f"{ratio((annotated[1] - share[1]) / plain[1])} gzipped",
            verdict(annotated[0] / plain[0] <= PAGE_BUDGET),
        ]
    )
    growth = index_growth(cells)
    rows.append(
        [
            f"Search index under {INDEX_BUDGET_MB:.0f} MB per 1,000 articles",
            f"{size(growth[0])} per 1,000 articles (K = {growth[1]})" if growth else "needs site builds at two values of N",
            verdict(growth[0] <= INDEX_BUDGET_MB * MB if growth else None),
        ]
    )
    return [
        "## Budget",
        "",
        *table(["Budget line", "Measured", "Verdict"], rows),
        *_judging_note(cells),
        "The last section says why a line is not met and what would meet it.",
        "",
    ]


def coverage_section(cells, skipped, args) -> list[str]:
    if not skipped:
        return []
    measured = {(c.articles, c.entities) for c in cells}

    def what(s) -> str:
        if (s.articles, s.entities) in measured:
            return f"the site builds of N = {s.articles} × K = {s.entities} (about {secs(s.estimate)}; its generator was measured)"
        return f"N = {s.articles} × K = {s.entities} (about {secs(s.estimate)})"

    return [
        "## Not measured in this run",
        "",
        f"To end within {args.deadline / 60:.0f} minutes (`--deadline {args.deadline:.0f}`), the run measured first the cells "
        "the budget lines need and left out what its estimate (from the cells already measured, with a safety margin) "
        f"put past the deadline: {'; '.join(what(s) for s in skipped)}. `bench/run.py --deadline 0` measures every cell "
        "(and `--sites all` builds every site)."
        + (
            f" The N = 1000 site builds, made separately by `{LARGE_COMMAND}`, are in `{LARGE_RESULTS.name}`."
            if LARGE_RESULTS.is_file() and args.out.resolve() != LARGE_RESULTS
            else ""
        ),
        "",
    ]


def site_section(cells, extra) -> list[str]:
    built = [c for c in cells if c.site]
    if not built:
        return []
    steps = list(built[0].site.steps)
    rows = []
    for c in built:
        s = c.site
        rows.append(
            [
                str(c.articles), str(c.entities), str(pages(c)), str(len(s.plain)),
                *(secs(step_time(c, step)) for step in steps),
                secs(plain_time(c)), secs(measure.med(added_times(c))), ratio(judged_ratio(c)),
                ratio(measure.med(pair_ratios(c))), f"{ratio(min(pair_ratios(c)))}–{ratio(max(pair_ratios(c)))}",
                ratio(own_ratio(c)), ratio(s.cold / plain_time(c)) if s.cold else "—",
                f"{plain_time(c) / pages(c) * 1000:.0f} ms", size(s.page_bytes), size(s.index_bytes),
                " / ".join(f"{max(r.peak_mb for r in s.steps[step]):.0f}" for step in steps) + f" / {max(r.peak_mb for r in s.plain):.0f} MB",
            ]
        )
    return [
        "## Full build against the plain MkDocs floor",
        "",
        f"*Full* runs the steps of the Makefile's `site` target ({', '.join('`' + st + '`' for st in steps)}) from an "
        "empty `docs/`, with the anchor registries and the cache (`.cache/briefing/`: compiled templates, actor-map "
        "layouts and drawings) of an earlier build in place, as an editor's rebuilds find them. *Cold / plain* is one more full build "
        "with that cache deleted first. *Plain* is `mkdocs build --strict` of "
        "the same generated pages with the hook taken out of the configuration and the hook's nav written into it: "
        f"what MkDocs costs anyway. {_pairing(built[0].site.side_by_side)} *Added by the briefing* is the hook's time inside MkDocs (loading it, which "
        "imports the generator, and its handlers: `on_config` generates `docs/` and runs the check), taken in each "
        "full build's process by `bench/mkdocs_timed.py`, through which every MkDocs run goes, plus any step before "
        "MkDocs. *Plain + added / plain* is the ratio the budget lines are judged on; *full / plain* is the wall "
        "clock's, the median of the pairs' own ratios, whose *range* shows this machine's noise. *MkDocs' own / "
        "plain* is the full build's time less what the briefing adds, against plain, pair by pair: near 1.00 when "
        "the hook leaves the rest of MkDocs' work as fast as without it.",
        "",
        *table(
            ["N", "K", "pages", "pairs", *steps, "plain", "added by the briefing", "plain + added / plain",
             "full / plain", "range", "MkDocs' own / plain", "cold / plain",
             "plain per page", "article HTML", "search index", f"peak RSS ({' / '.join(steps)} / plain)"],
            rows,
        ),
    ]


def generator_section(cells) -> list[str]:
    rows = []
    for c in cells:
        read, parsed, reflowed = stage(c, "read"), stage(c, "yaml"), stage(c, "reflow")
        other = read - (parsed or 0) - (reflowed or 0) if read is not None else None
        matched = None if stage(c, "match") is None else stage(c, "match") + (stage(c, "automaton") or 0)
        rows.append(
            [
                str(c.articles), str(c.entities), size(c.text_bytes), size(c.glossary_bytes), str(len(c.generator)),
                secs(c.first_build.seconds if c.first_build else None), secs(wall_time(c)),
                secs(measure.med(r.detail["import"] for r in c.generator)),
                secs(parsed), secs(reflowed), secs(other), secs(stage(c, "anchors")), secs(matched), secs(stage(c, "render")),
                secs(stage(c, "write")), secs(build_time(c)), f"{max(r.peak_mb for r in c.generator):.0f} MB",
            ]
        )
    missing = sorted({name for c in cells for r in c.generator for name in r.detail.get("missing", [])})
    lines = [
        "## Generator alone, by stage",
        "",
        "`build_tools.build.build()` in a fresh interpreter, from an empty `docs/`, with the anchor registries of an "
        "earlier build beside the seeds (as on every `make site` after the first; *first build* is that earlier, "
        "priming run, with the coverage check after it as `make site` runs it, so that the check's cache is in place "
        "too). *Wall* runs from process start to the end of the "
        "build, what `python -m build_tools build` costs. The stage columns are parts of *in process*: *YAML* composes "
        "the glossary, metadata and registry files; *other reading* is validation and the model; "
        "*match* includes building the automaton; *render* includes every page, export and map; *write* includes the "
        "registries.",
        "",
        *table(
            ["N", "K", "text", "glossary", "runs", "first build", "wall", "imports", "YAML", "reflow", "other reading",
             "anchors", "match", "render", "write", "in process", "peak RSS"],
            rows,
        ),
    ]
    if missing:
        lines += [f"Stage functions not found (renamed?), shown as —: {', '.join(missing)}.", ""]
    return lines


WHAT_IF_LABELS = {"libyaml": "PyYAML through libyaml", "no-gc": "cyclic GC off"}


def what_if_section(cells) -> list[str]:
    rows = []
    for c in cells:
        base = c.what_ifs.get("")
        for name, after in c.what_ifs.items():
            if not name:
                continue
            before, changed = base.detail, after.detail
            rows.append(
                [
                    str(c.articles), str(c.entities), WHAT_IF_LABELS.get(name, name), secs(before["build"]), secs(changed["build"]),
                    ratio(changed["build"] / before["build"]),
                    f"{secs(before['stages'].get('yaml'))} → {secs(changed['stages'].get('yaml'))}",
                    f"{secs(before['stages'].get('render'))} → {secs(changed['stages'].get('render'))}",
                    f"{base.peak_mb:.0f} → {after.peak_mb:.0f} MB",
                ]
            )
    if not rows:
        return []
    return [
        "## What if",
        "",
        "Two more generator runs of the cell, each with one thing changed for the whole process and nothing in "
        "`build_tools/`, compared with a plain run made just before them: "
        "*PyYAML through libyaml* replaces `yaml.SafeLoader` and `yaml.SafeDumper` by libyaml's `CSafeLoader` and "
        "`CSafeDumper` (which keep line and column marks), showing what is left to gain wherever YAML is still read or "
        "written in pure Python; *cyclic GC off* runs the build with `gc.disable()`, showing what Python's cycle "
        "collector costs while the model's many small objects are built. Single runs: differences under about 10% are "
        "noise.",
        "",
        *table(["N", "K", "what if", "in process", "changed", "ratio", "YAML stage", "render stage", "peak RSS"], rows),
    ]


def scaling_section(cells, extra: dict | None = None) -> list[str]:
    lines = ["## Scaling", ""]
    for k in sorted({c.entities for c in cells}):
        points = sorted((c for c in cells if c.entities == k), key=lambda c: c.articles)
        if len(points) < 2:
            continue
        per_mb = ", ".join(f"N = {c.articles}: {secs(build_time(c) / (c.text_bytes / MB))}/MB" for c in points)
        found = text_scaling(cells, k)
        lines.append(
            f"- K = {k}, in-process time per MB of article text: {per_mb}: "
            + ("linear" if found[2] <= LINEAR_TOLERANCE else "growing faster than the text")
            + "."
            + _fast_stages(points[-2], points[-1], points[-1].text_bytes / points[-2].text_bytes, "the text")
        )
    for n in sorted({c.articles for c in cells}):
        found = entity_scaling(cells, n)
        if found:
            column = sorted((c for c in cells if c.articles == n), key=lambda c: c.entities)
            per_k = ", ".join(f"K = {c.entities}: {secs(build_time(c) / c.entities * 1000)}" for c in column)
            lines.append(
                f"- N = {n}, in-process time per 1,000 entities: {per_k}: "
                + ("at most linear" if found[2] <= LINEAR_TOLERANCE else "faster than linear")
                + "."
                + _fast_stages(column[-2], column[-1], column[-1].entities / column[-2].entities, "the glossary")
            )
    long = extra.get("long paragraph", []) if extra else []
    if long:
        sizes = ", ".join(f"{size(row['bytes'])}: {secs(row['seconds'])} (check {secs(row.get('check', 0.0))})" for row in sorted(long, key=lambda row: row["bytes"]))
        lines.append(
            "- One article that is a single paragraph (filled to one width, so no line reads as a paragraph's end; "
            f"K = {long[0]['entities']}, the median of {long[0].get('runs', 1)} first builds each), in-process time of the generator and the coverage check that follows it in `make site`, by size: {sizes}. Every per-paragraph step is measured here "
            "at a size the article corpora never reach: a step that looked at the whole paragraph for each line or "
            "each mention would grow with the square of its length."
        )
    return lines + [
        "",
        f"Time counts as linear in a size when its seconds per MB (or per 1,000 entities) at the largest size are at "
        f"most {LINEAR_TOLERANCE:.2f}× those at the next size, taken from runs of the two made alternately where the "
        "run had them. The figures fall as N grows because the small corpora carry the fixed costs (the "
        "glossary's pages); a step that went over the whole text again for each article, line or mention would make "
        "them rise in proportion to the size (10× over a tenfold step). Totals are compared, not the differences "
        "between sizes: on this machine a run's time varies by 10–20%, and a difference of two times carries the "
        "noise of both at its own, smaller scale.",
        "",
    ]


def _fast_stages(smaller, larger, grown_by: float, what: str) -> str:
    """The stages that grew faster than `what` between two cells, where they weigh at least 5% of the build."""
    grown = []
    for name in ("yaml", "reflow", "anchors", "automaton", "match", "render", "write"):
        before, after = stage(smaller, name), stage(larger, name)
        if before and after and after >= 0.05 * build_time(larger) and after / before > LINEAR_TOLERANCE * grown_by:
            grown.append(f"{name} ×{after / before:.1f} ({secs(before)} → {secs(after)})")
    if not grown:
        return ""
    return f" Over that step {what} grew ×{grown_by:.1f}; stages that grew faster: {', '.join(grown)}."


def matching_section(found: list[dict]) -> list[str]:
    rows = []
    for row in found:
        naive = naive_rate(row)
        rows.append(
            [
                str(row["entities"]), str(row["terms"]), size(row["bytes"]), str(row["mentions"]), secs(row["build"]),
                f"{match_rate(row):.1f} MB/s", f"{naive:.3f} MB/s over {size(row['naive_bytes'])}" if naive else "—",
                f"{match_rate(row) / naive:,.0f}×" if naive else "—", "yes" if row["agree"] else "**no**",
            ]
        )
    return [
        "## Matching throughput",
        "",
        "Synthetic article text naming each glossary's entities, after the generator's reflow, about 1 MB per K. "
        "*Automaton* is `Matcher.find` over every paragraph (text in, spans out; median of three passes), after building "
        "the automaton once. *Naive* runs one compiled `(?<!\\w)term(?!\\w)` expression per name or alias over each "
        "paragraph and keeps the leftmost-longest hits, on as many paragraphs as fit in about two seconds; *same mentions* "
        "compares its output with the automaton's on those paragraphs. The generator's whole match stage (automaton and "
        "`Mention` records) is the *match* column of the stage table.",
        "",
        *table(["K", "terms", "paragraph text", "mentions", "automaton built in", "automaton", "naive", "automaton / naive", "same mentions"], rows),
    ]


def startup_section(imports) -> list[str]:
    return [
        "## Start-up",
        "",
        f"`import build_tools.build` adds {secs(imports['bare'])} to a bare `python -c pass` (medians of interleaved "
        f"fresh interpreters), and {secs(imports['in mkdocs'])} to an interpreter that has already imported MkDocs, "
        "Jinja2, PyYAML and Markdown, which is the hook's situation.",
        "",
    ]


def reader_section(reader) -> list[str]:
    annotated, plain = reader["annotated"], reader["plain"]
    rows = []
    for kind in dict.fromkeys([*annotated.parts, *plain.parts]):
        a, p = annotated.parts.get(kind, (0, 0)), plain.parts.get(kind, (0, 0))
        rows.append([kind, size(a[0]), size(a[1]), size(p[0]), size(p[1])])
    for label, with_index in (("total, search index included", True), ("total without the search index", False)):
        a, p = annotated.total(with_index), plain.total(with_index)
        rows.append([f"**{label}**", f"{size(a[0])} ({ratio(a[0] / p[0])})", f"{size(a[1])} ({ratio(a[1] / p[1])})", size(p[0]), size(p[1])])
    a, p, share = annotated.total(), plain.total(), reader.get("editorial", (0, 0))
    rows.append([
        "**total without the editors' additions**", f"{size(a[0] - share[0])} ({ratio((a[0] - share[0]) / p[0])})",
        f"{size(a[1] - share[1])} ({ratio((a[1] - share[1]) / p[1])})", size(p[0]), size(p[1]),
    ])
    cards = reader["cards"]
    return [
        "## Reader side: the seed article page",
        "",
        "Bytes a browser fetches to show the seed article, as `make site` builds it from a copy of `seeds/`: the HTML, "
        "the stylesheets, scripts and icon it links, Material's search worker and the search index the worker loads. The "
        "plain page is a Material site with the project's theme settings (palette, features, `font: false`) and built-in "
        "search but none of the briefing's additions, whose one page holds the same title, section headings and "
        "paragraphs as plain Markdown. Gzip at level 6, as servers commonly send it. *Without the editors' additions* "
        "leaves out of the annotated HTML what the plain page has no counterpart for because it is content, not "
        f"machinery: the notes, the compact actor map and its table, the JSON-LD metadata ({size(share[0])} raw, "
        f"{size(share[1])} gzipped); scripts, styles, mention markup, paragraph addresses and the search index stay in.",
        "",
        *table(["file", "annotated raw", "annotated gzip", "plain raw", "plain gzip"], rows),
        f"The hover cards' data (`entities.json`, {size(cards[0])}, {size(cards[1])} gzipped) is fetched on the first "
        "card opened, not with the page.",
        "",
    ]


def index_section(cells) -> list[str]:
    rows = [
        [str(c.articles), str(c.entities), size(c.text_bytes), size(c.site.index_bytes), ratio(c.site.index_bytes / c.text_bytes)]
        for c in cells
        if c.site
    ]
    growth = index_growth(cells)
    lines = ["## Search index growth", ""]
    if rows:
        lines += table(["N", "K", "article text", "search_index.json", "index / text"], rows)
    if growth:
        lines += [
            f"The index grows by {size(growth[0])} per 1,000 articles of about 4 KB (K = {growth[1]}): Material indexes "
            "each section's text once, with titles. Stated limit: "
            f"{INDEX_BUDGET_MB:.0f} MB per 1,000 such articles, on top of the glossary's own share (which grows with K).",
            "",
        ]
    return lines


# --- why, and what would help ------------------------------------------------------------


def advice_section(cells, reader, imports, extra) -> list[str]:
    lines = ["## Why a line is not met, and what would meet it", ""]
    lines += _full_build_advice(cells, imports, extra)
    lines += _page_advice(reader)
    lines += _import_advice(imports, extra)
    if len(lines) == 2:
        lines += ["Every budget line measured in this run is met.", ""]
    return lines


def _full_build_advice(cells, imports, extra) -> list[str]:
    failing = [c for c in cells if c.site and judged_ratio(c) > FULL_BUDGET]
    if not failing:
        return []
    lines = ["### Full build against plain MkDocs", ""]
    for c in failing:
        allowed = plain_time(c) * (FULL_BUDGET - 1)
        before = ", ".join(f"`{s}` {secs(step_time(c, s))}" for s in c.site.steps if s != HOOK_STEP)
        lines.append(
            f"- N = {c.articles}, K = {c.entities}: the briefing adds {secs(measure.med(added_times(c)))} to plain "
            f"MkDocs ({secs(plain_time(c))}); the budget allows {secs(allowed)}. "
            + (f"Before MkDocs: {before}. " if before else "")
            + f"The generator alone takes {secs(wall_time(c))} in a process of its own, of which "
            f"{secs(wall_time(c) - build_time(c))} is start-up and imports and {secs(build_time(c))} the build "
            f"({_top_stages(c)})."
        )
    lines += ["", "What would meet it (changes to `build_tools/` or the Makefile, not made here):", ""]
    lines += _remedies(failing, cells, imports, extra)
    return lines + ["", _nav_advice(cells), ""]


def _remedies(failing, cells, imports, extra) -> list[str]:
    """The remedies the measurements point at, each with its measured size (what-ifs from any cell)."""
    found = []
    twice = [
        c
        for c in failing
        if len([s for s in c.site.steps if s != HOOK_STEP]) > 1
        or (  # a generator step before MkDocs, and MkDocs' hook regenerating all the same (beyond noise)
            any(s != HOOK_STEP for s in c.site.steps) and hooked_time(c) - plain_time(c) > max(0.8 * build_time(c), 0.2)
        )
    ]
    if twice:
        found.append(
            "**Generate once.** In " + ", ".join(f"N = {c.articles}, K = {c.entities}" for c in twice) + " the generator "
            "runs more than once per `make site` (several steps before MkDocs, or a hook that regenerates after them)."
        )
    for name, remedy in (
        ("libyaml", "**Parse and write YAML with libyaml** where it is still done in pure Python."),
        ("no-gc", "**Keep the cyclic GC out of the build** (`gc.freeze()` once the input is read, or `gc.disable()` "
         "around the build and `gc.enable()` after): the model's many small objects make the collector rescan them."),
    ):
        gains = [(c.what_ifs[""].detail["build"], c.what_ifs[name].detail["build"], c) for c in cells if name in c.what_ifs]
        gains = [(before, after, c) for before, after, c in gains if after < 0.9 * before]
        if gains:
            found.append(
                remedy + " Measured (*What if*): "
                + ", ".join(f"N = {c.articles}, K = {c.entities}: {secs(before)} → {secs(after)}" for before, after, c in gains)
                + "."
            )
    startup = [c for c in failing if wall_time(c) - build_time(c) > plain_time(c) * (FULL_BUDGET - 1)]
    if startup:
        heavy = ", ".join(f"`{name}` {secs(seconds)}" for name, seconds in extra.get("imports", []))
        found.append(
            "**Start faster.** For " + ", ".join(f"N = {c.articles}" for c in startup) + " start-up and imports alone exceed "
            f"the allowance; a `python -m build_tools build` of the seed imports most (top level, cumulative): {heavy}. "
            "Importing dependencies of one feature when it is drawn, not at start-up, is the lever; so is running the "
            "generator inside MkDocs' process only."
        )
    count, seconds = extra.get("templates", (0, 0.0))
    if seconds > 0.02:
        found.append(
            f"**Compile the templates once.** Loading the {count} Jinja templates takes {secs(seconds)} per build, the "
            "second build included; a `jinja2.FileSystemBytecodeCache` keeps the compiled code between builds."
        )
    found.append(
        "**Make the largest stages cheaper**, above all where they grow faster than the text (see *Scaling*): the stage "
        "columns of *Generator alone* say which."
    )
    return [f"{number}. {text}" for number, text in enumerate(found, start=1)]


def _import_advice(imports, extra) -> list[str]:
    if imports["bare"] < IMPORT_BUDGET:
        return []
    own = ", ".join(f"`{name}` {secs(seconds)}" for name, seconds in extra.get("import parts", []))
    run = ", ".join(f"`{name}` {secs(seconds)}" for name, seconds in extra.get("imports", []))
    return [
        "### Start-up",
        "",
        f"`import build_tools.build` takes {secs(imports['bare'])} in a fresh interpreter; the budget is "
        f"{secs(IMPORT_BUDGET)}. The largest top-level imports (`python -X importtime`, cumulative): {own}. A whole "
        f"`python -m build_tools build` of the seed imports, at top level: {run} (modules imported on first use during "
        "the run appear here and not in the import figure). What would meet it: import Jinja2's and the actor map's "
        "heavy dependencies inside the functions that use them, and build module-level tables lazily.",
        "",
    ]


def _top_stages(cell) -> str:
    names = ("yaml", "reflow", "anchors", "match", "render", "write")
    found = sorted(((stage(cell, n) or 0, n) for n in names), reverse=True)[:3]
    return ", ".join(f"{n} {secs(t)}" for t, n in found)


def _nav_advice(cells) -> str:
    built = sorted((c for c in cells if c.site), key=lambda c: (c.entities, c.articles))
    smallest_k = built[0].entities
    row = [c for c in built if c.entities == smallest_k]
    per_page = ", ".join(f"N = {c.articles}: {plain_time(c) / pages(c) * 1000:.0f} ms" for c in row)
    largest = row[-1]
    per_entry = largest.generator[0].detail["mentions"] / largest.entities
    text = (
        f"The floor itself grows faster than the page count: MkDocs' time per page at K = {smallest_k} is {per_page}. "
        f"Two things on a page grow with N: an entry's glossary page lists every mention of it (about {per_entry:,.0f} "
        f"per entry at N = {largest.articles}), and the nav the hook sets lists every article on every page."
    )
    for c in [c for c in built if c.site.unlisted][-1:]:  # the largest N measured both ways
        text += (
            f" With the articles left out of the nav (the same pages; home and glossary still link them), the plain "
            f"build of N = {c.articles}, K = {c.entities} takes {secs(c.site.unlisted.seconds)} instead of "
            f"{secs(plain_time(c))}."
        )
    return text


def _page_advice(reader) -> list[str]:
    annotated, plain = reader["annotated"], reader["plain"]
    if annotated.total()[0] / plain.total()[0] <= PAGE_BUDGET:
        return []
    extra = {kind: annotated.parts.get(kind, (0, 0))[0] - plain.parts.get(kind, (0, 0))[0] for kind in annotated.parts}
    biggest = sorted(extra.items(), key=lambda item: -item[1])
    allowed = plain.total()[0] * (PAGE_BUDGET - 1)
    share = reader.get("editorial", (0, 0))
    return [
        "### Article page weight",
        "",
        f"The annotated page downloads {size(annotated.total()[0] - plain.total()[0])} more than the plain page; the "
        f"budget allows {size(allowed)}. By file: "
        + ", ".join(f"{kind} {'+' if d >= 0 else '−'}{size(abs(d))}" for kind, d in biggest if d)
        + f". Without the search index the ratio is {ratio(annotated.total(False)[0] / plain.total(False)[0])}; "
        "the search index holds the briefing's glossary pages besides the article.",
        "",
        f"Where the HTML's extra bytes are (raw, by start tag and first class): {_markup_delta(reader)}.",
        "",
        *_why_page_weight(extra.get("search index", 0), share, allowed),
        "",
    ]


def _why_page_weight(index_extra: float, share: tuple[float, float], allowed: float) -> list[str]:
    """The parts of the page's extra weight that other features need, against the allowance."""
    required = index_extra + share[0]
    lines = [
        f"What other features need and a plain page has no counterpart for: the search index's share of the glossary "
        f"(+{size(index_extra)}; reader-side glossary search needs the entries in the index, and Material fetches one "
        f"index for the whole site on every page) and the editors' additions (notes, the compact actor map and its "
        f"table, which the editorial layer puts on every article page, and the citation metadata: {size(share[0])} raw, "
        f"{size(share[1])} gzipped). Together they weigh {size(required)}"
        + (f", more than the {size(allowed)} the budget allows for everything, so no saving in scripts, styles "
           "or markup can meet the line while those features stay as they are."
           if required > allowed else f", within the {size(allowed)} allowed; the rest is scripts, styles and markup."),
    ]
    return lines + [
        "",
        "Already done: scripts and styles are minified, the maps' figures and tables are kept out of the search index, "
        "and the hover cards' data loads on first use. What would meet it: the compact map and its table on a page of "
        "their own (a link in their place), `cite.js` loaded on the first *Cite* or *Copy link*, and the glossary's "
        "entries in a search index of their own, fetched when a search starts (Material's search plugin would have "
        "to be replaced or extended for that).",
    ]


def _files(paths: list[str], shown: int = 6) -> str:
    """A short list of paths: the article page, the entries it names, exports…"""
    listed = ", ".join(f"`{path}`" for path in paths[:shown])
    return listed + (f" and {len(paths) - shown} more" if len(paths) > shown else "")


def _markup_delta(reader) -> str:
    annotated, plain = reader.get("markup", ({}, {}))
    delta = {key: annotated.get(key, 0) - plain.get(key, 0) for key in {*annotated, *plain}}
    largest = sorted(delta.items(), key=lambda item: -item[1])[:6]
    return ", ".join(f"`{key}` {'+' if amount >= 0 else '−'}{size(abs(amount))}" for key, amount in largest)
