"""Write generated files into the docs folder: the only stage that writes.

Only files whose bytes differ are rewritten, so `mkdocs serve` reloads just what
changed; files the generator made earlier and no longer makes are removed. The
folder is owned by the generator: anything else in it is removed too, but for KEPT.

Writing is all or nothing where failure is likely: every changed file is first
written beside its target under a temporary name; only when all of them are
written are they renamed into place (a rename does not half-happen). If staging
fails, the temporary files are removed and the folder is as it was.
"""
from __future__ import annotations

import fcntl
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TypeVar

STAGING_SUFFIX = ".briefing-tmp"
# Committed inside docs/ so that a fresh clone has the folder (MkDocs checks docs_dir before any hook
# runs); it tells git to ignore everything else there. The only file of docs/ the generator keeps.
KEPT = ".gitignore"
T = TypeVar("T")
LOCK = ".briefing.lock"  # beside docs/: held by whoever writes docs/ (and, in MkDocs, the site built from it)


@dataclass(frozen=True)
class WriteReport:
    written: tuple[str, ...]
    unchanged: int
    removed: tuple[str, ...]


class PathClash(ValueError):
    """Two files generated for one path."""

    def __init__(self, path: str):
        super().__init__(f"two generated files have the path {path!r}")
        self.path = path


def one_per_path(*groups: Mapping[str, T]) -> dict[str, T]:
    """The files several stages make, as one mapping: a path made twice (PathClash) would silently lose one file."""
    files: dict[str, T] = {}
    for group in groups:
        for path, content in group.items():
            if path in files:
                raise PathClash(path)
            files[path] = content
    return files


def safe_relative(path: str) -> PurePosixPath:
    """The path if it stays inside the output folder; ValueError otherwise."""
    segments = path.split("/")
    if "\\" in path or any(segment in ("", ".", "..") for segment in segments):
        raise ValueError(f"refusing to write outside the output folder: {path!r}")
    return PurePosixPath(*segments)


def write_tree(root: Path, files: dict[str, str | bytes]) -> WriteReport:
    targets = {root.joinpath(*safe_relative(path).parts): content for path, content in files.items()}
    changed = {}
    for target, content in sorted(targets.items()):
        data = content.encode("utf-8") if isinstance(content, str) else content
        if not (target.is_file() and target.read_bytes() == data):
            changed[target] = data
    staged: list[tuple[Path, Path]] = []
    try:
        for target, data in changed.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            temporary = target.with_name(target.name + STAGING_SUFFIX)
            staged.append((temporary, target))
            temporary.write_bytes(data)
    except BaseException:
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)
        raise
    for temporary, target in staged:
        temporary.replace(target)
    removed = []
    for existing in sorted(root.rglob("*"), reverse=True):
        if existing.is_file() and existing not in targets and existing != root / KEPT:
            existing.unlink()
            removed.append(existing.relative_to(root).as_posix())
        elif existing.is_dir() and not any(existing.iterdir()):
            existing.rmdir()
    return WriteReport(
        written=tuple(target.relative_to(root).as_posix() for target in changed),
        unchanged=len(targets) - len(changed),
        removed=tuple(removed),
    )


def write_if_changed(path: Path, text: str) -> bool:
    """Write one file (through a temporary name) unless it already holds exactly this text."""
    data = text.encode("utf-8")
    if path.is_file() and path.read_bytes() == data:
        return False
    temporary = path.with_name(path.name + STAGING_SUFFIX)
    temporary.write_bytes(data)
    temporary.replace(path)
    return True


class BuildLock:
    """An exclusive lock on a file beside docs/, held from acquire() to release() (flock: the kernel drops it when the process dies)."""

    def __init__(self, docs: Path) -> None:
        self.path = docs.parent / LOCK
        self._descriptor: int | None = None

    def acquire(self, waiting: Callable[[], None] = lambda: None) -> None:
        """Wait until no other build holds the lock, calling waiting() first if one does; a second acquire is a no-op."""
        if self._descriptor is not None:
            return
        descriptor = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o644)
        try:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                waiting()
                fcntl.flock(descriptor, fcntl.LOCK_EX)
        except BaseException:
            os.close(descriptor)
            raise
        self._descriptor = descriptor

    def release(self) -> None:
        """Let the next build in; releasing a lock not held is a no-op."""
        if self._descriptor is not None:
            os.close(self._descriptor)
            self._descriptor = None
