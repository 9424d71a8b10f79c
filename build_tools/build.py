"""The whole generator, top to bottom: seeds → model → mentions → Markdown → docs/."""
from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

import jinja2

from .errors import Problem
from .ingest import read_seeds
from .match import Matcher, find_mentions
from .model import Briefing
from .progress import Progress, quiet
from .render import make_environment, render_site
from .write import WriteReport, write_tree

ROOT = Path(__file__).resolve().parent.parent
ASSETS_FOLDER = "assets"  # inside templates/, copied to docs/assets/briefing/


@dataclass(frozen=True)
class Generated:
    briefing: Briefing
    files: dict[str, str | bytes]
    warnings: tuple[Problem, ...]


def shown(path: Path) -> Path:
    """The path as the editor would type it: relative to the working folder when inside it."""
    relative = os.path.relpath(path)
    return Path(relative) if not relative.startswith("..") else path


def generate(seeds: Path, templates: Path, progress: Progress = quiet) -> Generated:
    """Read, match and render everything in memory; raise BriefingError on bad input."""
    briefing, warnings = read_seeds(shown(seeds))
    briefing = replace(briefing, mentions=find_mentions(briefing.articles, Matcher(briefing.entities), progress))
    env = make_environment(jinja2.FileSystemLoader(str(templates)), raw_html=briefing.raw_html)
    files: dict[str, str | bytes] = dict(render_site(briefing, env, progress))
    assets = templates / ASSETS_FOLDER
    for asset in sorted(p for p in assets.rglob("*") if p.is_file()):
        files[f"assets/briefing/{asset.relative_to(assets).as_posix()}"] = asset.read_bytes()
    return Generated(briefing, files, warnings)


def build(seeds: Path, templates: Path, docs: Path, progress: Progress = quiet) -> tuple[Generated, WriteReport]:
    """Generate, and write to docs/ only when generation succeeded as a whole."""
    generated = generate(seeds, templates, progress)
    return generated, write_tree(docs, generated.files)
