"""Timed runs: the generator alone, the full build as `make site` runs it, and the plain MkDocs floor.

Every run is a fresh subprocess reaped with os.wait4, which reports that one
child's peak resident memory (getrusage(RUSAGE_CHILDREN) would only give the
largest child so far).
"""
from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, TypeVar

import yaml

ROOT = Path(__file__).resolve().parent.parent
CODE = ROOT  # where build_tools/, templates/, mkdocs.yml and seeds/ are taken from; see snapshot()
PYTHON = sys.executable
HOOKED_CONFIG = "mkdocs.yml"  # the project's own, hook included
SNAPSHOT = ("build_tools", "templates", "seeds", HOOKED_CONFIG, "Makefile")
PLAIN_CONFIG = "mkdocs-plain.yml"  # the same without the hook: the floor
UNLISTED_CONFIG = "mkdocs-unlisted.yml"  # the floor again, with the articles left out of the nav
# As the Makefile runs MkDocs: compiled modules kept (PYTHONDONTWRITEBYTECODE empty), no banner.
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": ""}
# Side-by-side pairs pin each run to a CPU with this (util-linux, on every Debian: a C program, so it
# adds about a millisecond); on_cpu() says which CPU, per thread.
TASKSET = shutil.which("taskset")
_pinned = threading.local()


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_mb: float
    output: str = ""
    hook: float | None = None  # MkDocs runs: seconds spent loading hooks and in their handlers (bench/mkdocs_timed.py)


class RunFailed(RuntimeError):
    pass


def timed(command: list[str], cwd: Path) -> Run:
    """Run a command to completion: its wall time, peak RSS and output; RunFailed if it fails.

    Written data still waiting in memory (an earlier run's site, a deleted docs/) is flushed to disk
    first, so that one run's writes are not paid for by the next: untimed, as a build does not
    wait for them either.
    """
    os.sync()
    cpu = getattr(_pinned, "cpu", None)
    if cpu is not None:
        command = [TASKSET, "--cpu-list", str(cpu), *command]  # exec'd in place: the same process, so wait4 still sees its peak
    with tempfile.TemporaryFile() as captured:
        started = time.perf_counter()
        with subprocess.Popen(command, cwd=cwd, env=ENV, stdout=captured, stderr=subprocess.STDOUT) as process:
            _, status, usage = os.wait4(process.pid, 0)
            seconds = time.perf_counter() - started
            process.returncode = os.waitstatus_to_exitcode(status)  # reaped here, so Popen must not wait again
        captured.seek(0)
        output = captured.read().decode(errors="replace")
    if process.returncode != 0:
        raise RunFailed(f"{' '.join(command)} failed (exit {process.returncode}) in {cwd}:\n{output[-4000:]}")
    return Run(seconds, usage.ru_maxrss / 1024, output)  # ru_maxrss is in KiB on Linux


def two_cpus() -> tuple[int, int] | None:
    """Two CPUs this process may use and `taskset` to pin runs to them, or None: the runs of a pair then alternate."""
    cpus = sorted(os.sched_getaffinity(0))
    return (cpus[0], cpus[1]) if len(cpus) >= 2 and TASKSET else None


@contextmanager
def on_cpu(cpu: int):
    """The runs this thread starts inside the block are pinned to one CPU."""
    before = getattr(_pinned, "cpu", None)
    _pinned.cpu = cpu
    try:
        yield
    finally:
        _pinned.cpu = before


T = TypeVar("T")


def side_by_side(full: Callable[[], T], plain: Callable[[], Run], number: int) -> tuple[T, Run]:
    """Pair `number` of a full build and a plain one.

    On two CPUs both run at once, one on each, swapping CPUs from pair to pair: a spell of a slow or fast
    machine then meets both alike. At N = 1000, one after the other, the same plain build took from 121 s
    to 150 s within minutes; side by side, builds doing the same work differed by 0.3% to 7% within a pair.
    Plain builds then need a folder of their own: see plain_twin(). Without two CPUs the two alternate
    their order (full first, then plain first), so that a drift lands on both sides.
    """
    cpus = two_cpus()
    if cpus is None:
        if number % 2:
            before = plain()
            return full(), before
        result = full()
        return result, plain()
    mine, other = cpus if number % 2 == 0 else cpus[::-1]

    def pinned_plain() -> Run:
        with on_cpu(other):
            return plain()

    with ThreadPoolExecutor(max_workers=1) as pool:
        waiting = pool.submit(pinned_plain)
        with on_cpu(mine):
            result = full()
        return result, waiting.result()


def runs_for(first: float, budget: float, most: int) -> int:
    """How many runs in all fit a time budget, given the first run's time (at least one, at most `most`)."""
    return max(1, min(most, int(budget / max(first, 1e-3))))


def med(values) -> float:
    return statistics.median(list(values))


# --- project folders -------------------------------------------------------------------


def snapshot(work: Path | None) -> Path:
    """Copy the code, templates, seeds and config once, so that every run of one benchmark measures the same version.

    The project may be edited while the benchmark runs for minutes; a half-saved
    file would otherwise fail one cell or, worse, time a different program.
    """
    global CODE
    if work is None:  # back to the live project
        CODE = ROOT
        return ROOT
    target = work / "code"
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    for name in SNAPSHOT:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(source, target / name)
    CODE = target
    return target


def make_project(root: Path) -> Path:
    """A project folder around root/seeds: links to the snapshot's code and templates, and its mkdocs.yml."""
    for name in ("build_tools", "templates"):
        link = root / name
        if not link.exists():
            link.symlink_to(CODE / name, target_is_directory=True)
    (root / HOOKED_CONFIG).write_text((CODE / HOOKED_CONFIG).read_text(encoding="utf-8"), encoding="utf-8")
    return root


def plain_config(config: str, nav: list, list_articles: bool = True) -> str:
    """The project's mkdocs.yml without hooks and with the hook's nav written in, so the same pages are built.

    Without `list_articles` the nav loses its section of articles, which are declared
    as outside it: the same pages, each with a short nav.
    """
    kept, skipping = [], False
    for line in config.splitlines():
        if line.startswith("hooks:"):
            skipping = True
            continue
        if skipping and (line.startswith((" ", "-")) or not line.strip()):
            continue
        skipping = False
        kept.append(line)
    text = "\n".join(kept) + "\n\n"
    if not list_articles:
        nav = [item for item in nav if not _lists_articles(item)]
        listed = text.replace("not_in_nav: |\n", "not_in_nav: |\n  /articles/\n", 1)
        text = listed if listed != text else text + "not_in_nav: |\n  /articles/\n\n"
    return text + yaml.safe_dump({"nav": nav}, allow_unicode=True, sort_keys=False)


def _lists_articles(item) -> bool:
    values = list(item.values()) if isinstance(item, dict) else [item]
    return any(isinstance(v, list) and any("articles/" in json.dumps(entry) for entry in v) for v in values)


def hook_nav(docs: Path) -> list:
    """The nav the hook sets: as the generator records it beside docs/ when it does, else rebuilt from the files."""
    try:
        nav = json.loads((docs / ".briefing.json").read_text(encoding="utf-8"))["nav"]  # build_tools.build.STAMP
        if isinstance(nav, list) and nav:
            return nav
    except (OSError, ValueError, KeyError, TypeError):
        pass
    articles = sorted(p.relative_to(docs).as_posix() for p in (docs / "articles").glob("*.md"))
    others = sorted(p.name for p in docs.glob("*.md") if p.name != "index.md")
    return [{"Home": "index.md"}, {"Articles": articles}, {"Glossary": "glossary/index.md"}, *others]


def plain_twin(project: Path) -> Path:
    """Where the project's plain builds run: with two CPUs, a folder beside it holding a copy of its generated docs/
    and its config, so that a plain build can read docs/ while a full build regenerates the project's own."""
    if two_cpus() is None:
        return project
    twin = project.with_name(project.name + "-plain")
    shutil.rmtree(twin, ignore_errors=True)
    twin.mkdir(parents=True)
    shutil.copytree(project / "docs", twin / "docs")
    shutil.copy2(project / HOOKED_CONFIG, twin / HOOKED_CONFIG)
    (twin / "templates").symlink_to(CODE / "templates", target_is_directory=True)  # the theme's custom_dir
    return twin


def plain_build(project: Path, list_articles: bool = True) -> Run:
    """mkdocs build --strict of the generated docs/ with the hook switched off: the floor."""
    name = PLAIN_CONFIG if list_articles else UNLISTED_CONFIG
    config = plain_config((project / HOOKED_CONFIG).read_text(encoding="utf-8"), hook_nav(project / "docs"), list_articles)
    (project / name).write_text(config, encoding="utf-8")
    return mkdocs(project, name)


def clear_docs(project: Path) -> None:
    """An empty docs/, as `make site` leaves it before MkDocs starts (`mkdir -p docs`)."""
    shutil.rmtree(project / "docs", ignore_errors=True)
    (project / "docs").mkdir()


# --- the measured commands ----------------------------------------------------------------


@dataclass(frozen=True)
class GeneratorRun:
    """One generator build in a fresh interpreter, from an empty docs/."""

    seconds: float  # process start to the end of build(), as `python -m build_tools build` would take
    peak_mb: float
    detail: dict  # what bench/stages.py reports


def generator(project: Path, arguments: list[str] | None = None, what_if: str = "") -> tuple[GeneratorRun, Run]:
    """`python -m build_tools ARGUMENTS` (default: build) through bench/stages.py, into an empty docs/.

    Returns the generator's part (process start to the end of build(), so a
    `--check` after it is left out) and the whole command's run. `what_if` is one of
    stages.py's what-if options ("libyaml", "no-gc"), or nothing.
    """
    clear_docs(project)
    options = [f"--{what_if}"] if what_if else []
    command = [PYTHON, str(ROOT / "bench" / "stages.py"), *options, "--", *(arguments or tool_arguments("build"))]
    run = timed(command, project)  # stages.py imports build_tools from the project folder, its working directory
    detail = json.loads(run.output.strip().splitlines()[-1])
    whole = run.seconds - detail["after_build"]
    generated = GeneratorRun(whole - (detail["command"] - detail["build"]), detail["peak_mb"], detail)
    return generated, Run(whole, detail["peak_mb"])


def cli_generator(project: Path) -> Run:
    """`python -m build_tools build --check` into an empty docs/: the generation and the check `make site`
    makes, leaving the registries and every cache (the check's names included) as an earlier build would."""
    clear_docs(project)
    return timed([PYTHON, "-m", "build_tools", *tool_arguments("build", ("--check",))], project)


def tool_arguments(command: str, flags: tuple[str, ...] = ()) -> list[str]:
    """A `python -m build_tools` command pointed at the project folder's seeds, templates and docs."""
    folders = ["--seeds", "seeds", "--templates", "templates"]
    return [command, *flags, *folders, *(["--docs", "docs"] if command == "build" else [])]


def site_steps() -> list[tuple[str, ...]]:
    """The steps of `make site`, read from the Makefile: build_tools commands with their flags, and ("mkdocs",).

    File moves are left out; without a readable `site` target, the two steps the
    issue names: the generator, then MkDocs.
    """
    steps: list[tuple[str, ...]] = []
    inside = False
    makefile = CODE / "Makefile"
    for line in makefile.read_text(encoding="utf-8").splitlines() if makefile.is_file() else []:
        if line.startswith("site:"):
            inside = True
        elif inside and line.startswith("\t"):
            words = line.split()
            if "build_tools" in words and words.index("build_tools") + 1 < len(words):
                steps.append(tuple(words[words.index("build_tools") + 1:]))
            elif "$(MKDOCS)" in words and "build" in words:
                steps.append(("mkdocs",))
        elif inside:
            break
    return steps if ("mkdocs",) in steps else [("build",), ("mkdocs",)]


def tool(project: Path, step: tuple[str, ...]) -> Run:
    return timed([PYTHON, "-m", "build_tools", *tool_arguments(step[0], step[1:])], project)


def mkdocs(project: Path, config: str) -> Run:
    """`mkdocs build --strict`, through bench/mkdocs_timed.py so that the hook's own share is known."""
    with tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "hook.json"
        command = [PYTHON, str(ROOT / "bench" / "mkdocs_timed.py"), str(report), "build", "--strict", "--quiet", "-f", config, "--site-dir", "site"]
        run = timed(command, project)
        hook = json.loads(report.read_text(encoding="utf-8"))["hook"]
    return Run(run.seconds, run.peak_mb, run.output, hook)


def import_seconds(module: str, runs: int, preload: str = "") -> float:
    """Median time `import module` takes in a fresh interpreter that has already imported `preload`, timed inside it."""
    setup = f"import {preload}; " if preload else ""
    probe = f"{setup}import time; begun = time.perf_counter(); import {module}; print(time.perf_counter() - begun)"
    return med(float(timed([PYTHON, "-c", probe], CODE).output.split()[-1]) for _ in range(runs))


def import_profile(command: list[str], cwd: Path, top: int = 5) -> list[tuple[str, float]]:
    """The packages `command` spends most on importing, at top level (`python -X importtime`, cumulative seconds).

    A package imported piecemeal (numpy's parts, when a function imports it late)
    is summed under its root name; the project's own modules keep their full names.
    """
    run = timed([PYTHON, "-X", "importtime", *command], cwd)
    found: dict[str, float] = {}
    for line in run.output.splitlines():
        if not line.startswith("import time:") or line.count("|") != 2:
            continue
        _, cumulative, name = line[len("import time:"):].split("|")
        top_level = len(name) - len(name.lstrip(" ")) == 3  # "|   name"; each level of nesting adds two spaces
        if top_level and cumulative.strip().isdigit():
            module = name.strip()
            key = module if module.startswith("build_tools") else module.split(".")[0]
            found[key] = found.get(key, 0.0) + int(cumulative) / 1e6
    return sorted(found.items(), key=lambda item: -item[1])[:top]
