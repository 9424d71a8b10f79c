"""Worker run in a fresh interpreter: one generator build of a project folder, timed stage by stage.

Usage: python bench/stages.py [--libyaml] [--no-gc] -- ARGUMENTS...   (run from the project folder, whose build_tools/ it imports)

It runs `python -m build_tools ARGUMENTS...` in-process (the command line's own
main()), with timing wrappers around build() and the stage functions build.py
calls, and prints one JSON object after the command's output. A stage whose
function has been renamed is reported as missing rather than failing the
benchmark. Two what-ifs: --libyaml replaces PyYAML's pure-Python SafeLoader and
SafeDumper by their libyaml twins; --no-gc turns Python's cyclic garbage collector
off for the run.
"""
from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import sys
import time
from collections import defaultdict

started = time.perf_counter()
sys.path.insert(0, os.getcwd())  # the project folder: its build_tools/ links to the benchmark's snapshot

import build_tools.__main__ as command_line  # noqa: E402
import build_tools.build as pipeline  # noqa: E402
import build_tools.ingest as ingest  # noqa: E402

IMPORTED = time.perf_counter() - started
spent: dict[str, float] = defaultdict(float)

# (module, function name, stage) for every stage function the pipeline looks up by name.
STAGES = (
    (ingest, "load_yaml", "yaml"),
    (ingest, "reflow", "reflow"),
    (pipeline, "read_seeds", "read"),
    (pipeline, "assign", "anchors"),
    (pipeline, "Matcher", "automaton"),
    (pipeline, "find_mentions", "match"),
    (pipeline, "make_environment", "render"),
    (pipeline, "render_site", "render"),
    (pipeline, "write_tree", "write"),
    (pipeline, "write_if_changed", "write"),
)


def _timing(function, stage: str):
    def timed(*args, **kwargs):
        begun = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            spent[stage] += time.perf_counter() - begun

    return timed


def instrument() -> list[str]:
    """Wrap each stage function that still exists; the names of those that do not."""
    missing = []
    for module, name, stage in STAGES:
        if hasattr(module, name):
            setattr(module, name, _timing(getattr(module, name), stage))
        else:
            missing.append(f"{module.__name__}.{name}")
    return missing


def use_libyaml() -> None:
    """Make every SafeLoader and SafeDumper the generator creates a libyaml one (line and column marks included)."""
    import yaml

    yaml.SafeLoader = yaml.CSafeLoader
    yaml.SafeDumper = yaml.CSafeDumper


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--libyaml", action="store_true")
    parser.add_argument("--no-gc", action="store_true")
    parser.add_argument("arguments", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    if args.libyaml:
        use_libyaml()
    if args.no_gc:
        gc.disable()
    missing = instrument()
    captured = {}
    original = command_line.build  # the command line calls build() by the name it imported

    def keep(*arguments, **keywords):
        captured["generated"] = result = original(*arguments, **keywords)
        return result

    command_line.build = _timing(keep, "generator")
    begun = time.perf_counter()
    status = command_line.main([a for a in args.arguments if a != "--"])
    ended = time.perf_counter()
    if status:
        sys.exit(status)
    generated, _ = captured["generated"]
    texts = [paragraph.text for article in generated.briefing.articles for _, _, paragraph in article.paragraphs]
    result = {
        "import": IMPORTED,
        "build": spent["generator"],
        "command": ended - begun,
        "stages": {name: value for name, value in spent.items() if name != "generator"},
        "missing": missing,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "paragraph_bytes": sum(len(text.encode()) for text in texts),
        "mentions": len(generated.briefing.mentions),
    }
    result["after_build"] = time.perf_counter() - ended  # the parent subtracts it from the process's wall time
    print(json.dumps(result))


if __name__ == "__main__":
    main()
