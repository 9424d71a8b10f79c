"""Worker run in a fresh interpreter: MkDocs' own command line, with the time its hooks take accounted.

Usage: python bench/mkdocs_timed.py REPORT.json MKDOCS-ARGUMENTS...

Every MkDocs run of the benchmark goes through this script, hooked or plain, so both
sides pay the same few milliseconds for it. It times the loading of each hook module
(for the briefing's hook: importing the generator) and every call of the hook's event
handlers (`on_config` generates docs/ and runs the check; `on_post_page` mends each
page), and writes the totals to REPORT.json when MkDocs is done. The rest of the
process is MkDocs' own work: the part a plain build of the same pages also does.
"""
from __future__ import annotations

import functools
import json
import sys
import time
from collections import defaultdict

import click
from mkdocs.__main__ import cli
from mkdocs.config import config_options

spent: dict[str, float] = defaultdict(float)
calls: dict[str, int] = defaultdict(int)
_load_hook = config_options.Hooks._load_hook
_wrapped: set[int] = set()


def _timed_event(name: str, handler):
    @functools.wraps(handler)
    def timed(*args, **kwargs):
        begun = time.perf_counter()
        try:
            return handler(*args, **kwargs)
        finally:
            spent[name] += time.perf_counter() - begun
            calls[name] += 1

    return timed


def _timed_load(self, name, path):
    begun = time.perf_counter()
    module = _load_hook(self, name, path)  # MkDocs caches loaded hooks: wrap each module once only
    spent["load"] += time.perf_counter() - begun
    if id(module) not in _wrapped:
        _wrapped.add(id(module))
        for attribute in dir(module):
            handler = getattr(module, attribute)
            if attribute.startswith("on_") and callable(handler):
                setattr(module, attribute, _timed_event(attribute, handler))
    return module


def main(argv: list[str]) -> int:
    report, arguments = argv[0], argv[1:]
    config_options.Hooks._load_hook = _timed_load
    status = 0
    try:
        cli.main(args=arguments, prog_name="mkdocs", standalone_mode=False)
    except click.ClickException as error:  # how MkDocs reports a failed build, --strict warnings included
        error.show()
        status = error.exit_code
    except SystemExit as exit_:
        status = exit_.code if isinstance(exit_.code, int) else 1
    with open(report, "w", encoding="utf-8") as out:
        json.dump({"hook": sum(spent.values()), "parts": dict(spent), "calls": dict(calls)}, out)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
