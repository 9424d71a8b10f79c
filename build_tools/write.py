"""Write generated files into the docs folder: the only stage that writes.

Only files whose bytes differ are rewritten, so `mkdocs serve` reloads just what
changed; files the generator made earlier and no longer makes are removed. The
folder is owned by the generator: anything else in it is removed too.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath


@dataclass(frozen=True)
class WriteReport:
    written: tuple[str, ...]
    unchanged: int
    removed: tuple[str, ...]


def safe_relative(path: str) -> PurePosixPath:
    """The path if it stays inside the output folder; ValueError otherwise."""
    segments = path.split("/")
    if "\\" in path or any(segment in ("", ".", "..") for segment in segments):
        raise ValueError(f"refusing to write outside the output folder: {path!r}")
    return PurePosixPath(*segments)


def write_tree(root: Path, files: dict[str, str | bytes]) -> WriteReport:
    targets = {safe_relative(path): content for path, content in files.items()}
    root.mkdir(parents=True, exist_ok=True)
    written, unchanged = [], 0
    for relative, content in sorted(targets.items()):
        data = content.encode("utf-8") if isinstance(content, str) else content
        target = root.joinpath(*relative.parts)
        if target.is_file() and target.read_bytes() == data:
            unchanged += 1
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.tmp")
        temporary.write_bytes(data)
        temporary.replace(target)  # a reader never sees a half-written file
        written.append(str(relative))
    keep = {root.joinpath(*relative.parts) for relative in targets}
    removed = []
    for existing in sorted(root.rglob("*"), reverse=True):
        if existing.is_file() and existing not in keep:
            existing.unlink()
            removed.append(existing.relative_to(root).as_posix())
        elif existing.is_dir() and not any(existing.iterdir()):
            existing.rmdir()
    return WriteReport(tuple(written), unchanged, tuple(removed))
