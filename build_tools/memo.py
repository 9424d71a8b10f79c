"""What one build computed and the next may reuse: actor-map layouts, names the check found.

A `Memo` is a dict read from `.cache/briefing/<name>.json` by build.py (the only module that
reads or writes the cache). Stages never hold one: they are handed a `Remember` function (a
Memo's `remember`, or `compute` for no cache) and ask it for each expensive result under a
digest of everything the result depends on, their own source code included, so a stale entry
is never found, only left unused; `used` collects what this build read or made, the only
entries saved again.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any, Protocol


class Remember(Protocol):
    def __call__(self, key: str, make: Callable[[], Any], valid: Callable[[Any], bool]) -> Any: ...


def compute(key: str, make: Callable[[], Any], valid: Callable[[Any], bool]) -> Any:
    """No cache: make the result."""
    return make()


class Memo(dict):
    def __init__(self, known: dict | None = None) -> None:
        super().__init__(known or {})
        self.used: dict[str, object] = {}

    def get(self, key, default=None):
        value = super().get(key, default)
        if value is not None:
            self.used[key] = value
        return value

    def __setitem__(self, key, value) -> None:
        super().__setitem__(key, value)
        self.used[key] = value

    def remember(self, key: str, make: Callable[[], Any], valid: Callable[[Any], bool]) -> Any:
        """The result kept under `key` when `valid` accepts it (the cache file is not trusted), else make() kept."""
        known = self.get(key)
        if known is not None and valid(known):
            return known
        self[key] = made = make()
        return made


@cache
def source_digest(module_file: str) -> str:
    """A module's source: results of an older version of the code are not reused."""
    return hashlib.sha256(Path(module_file).read_bytes()).hexdigest()


def key(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()
