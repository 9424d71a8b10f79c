"""Timed runs: the generator alone, the full build as `make site` runs it, and the plain MkDocs floor.

Every run is a fresh subprocess reaped with os.wait4, which reports that one
child's peak resident memory (getrusage(RUSAGE_CHILDREN) would only give the
largest child so far).
"""
from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
HOOKED_CONFIG = "mkdocs.yml"
PLAIN_CONFIG = "mkdocs-plain.yml"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_mb: float


class RunFailed(RuntimeError):
    pass


def timed(command: list[str], cwd: Path) -> Run:
    """Run a command to completion; its wall time and peak RSS, or RunFailed with its output."""
    with tempfile.TemporaryFile() as output:
        started = time.perf_counter()
        with subprocess.Popen(command, cwd=cwd, env=ENV, stdout=output, stderr=subprocess.STDOUT) as process:
            _, status, usage = os.wait4(process.pid, 0)
            seconds = time.perf_counter() - started
            process.returncode = os.waitstatus_to_exitcode(status)  # reaped here, so Popen must not wait again
        if process.returncode != 0:
            output.seek(0)
            raise RunFailed(f"{' '.join(command)} failed in {cwd}:\n{output.read().decode(errors='replace')[-4000:]}")
    return Run(seconds, usage.ru_maxrss / 1024)  # ru_maxrss is in KiB on Linux


def median(runs: list[Run]) -> Run:
    return Run(statistics.median(r.seconds for r in runs), max(r.peak_mb for r in runs))


# --- project folders -------------------------------------------------------------------


def make_project(root: Path, titles: list[tuple[str, str]]) -> Path:
    """A project folder around root/seeds: the real code and templates, the real config, and a hook-less twin."""
    for name in ("build_tools", "templates"):
        link = root / name
        if not link.exists():
            link.symlink_to(ROOT / name, target_is_directory=True)
    config = (ROOT / HOOKED_CONFIG).read_text(encoding="utf-8")
    (root / HOOKED_CONFIG).write_text(config, encoding="utf-8")
    (root / PLAIN_CONFIG).write_text(plain_config(config, titles), encoding="utf-8")
    return root


def plain_config(config: str, titles: list[tuple[str, str]]) -> str:
    """The project's mkdocs.yml without its hooks, with the nav the hook would have set, so the same pages are built."""
    kept, skipping = [], False
    for line in config.splitlines():
        if line.startswith("hooks:"):
            skipping = True
            continue
        if skipping and (line.startswith((" ", "-")) or not line.strip()):
            continue
        skipping = False
        kept.append(line)
    nav = [{"Home": "index.md"}, {"Articles": [{title: f"articles/{slug}.md"} for slug, title in titles]}, {"Glossary": "glossary/index.md"}]
    return "\n".join(kept) + "\n\n" + yaml.safe_dump({"nav": nav}, allow_unicode=True, sort_keys=False)


def clear_docs(project: Path) -> None:
    shutil.rmtree(project / "docs", ignore_errors=True)


# --- the three measured commands --------------------------------------------------------


def generator(project: Path) -> Run:
    """`python -m build_tools build` into an empty docs/, so every file is written."""
    clear_docs(project)
    return timed([PYTHON, "-m", "build_tools", "build", "--seeds", "seeds", "--templates", "templates", "--docs", "docs"], project)


def mkdocs(project: Path, config: str) -> Run:
    return timed([PYTHON, "-m", "mkdocs", "build", "--strict", "--quiet", "-f", config, "--site-dir", "site"], project)


def full_build(project: Path) -> tuple[Run, Run]:
    """What `make site` runs, from an empty docs/: the generator, then mkdocs build --strict (whose hook regenerates)."""
    generated = generator(project)
    built = mkdocs(project, HOOKED_CONFIG)
    return generated, built


def plain_build(project: Path) -> Run:
    """mkdocs build --strict of the already generated docs/, the generator switched off: the floor."""
    return mkdocs(project, PLAIN_CONFIG)


def import_seconds(module: str, runs: int, preload: str = "") -> float:
    """Median extra wall time of `import module` in a fresh interpreter, over one that imports only `preload`."""
    base = f"import {preload}" if preload else "pass"
    bare = [timed([PYTHON, "-c", base], ROOT).seconds for _ in range(runs)]
    loaded = [timed([PYTHON, "-c", f"{base}; import {module}"], ROOT).seconds for _ in range(runs)]
    return statistics.median(loaded) - statistics.median(bare)
