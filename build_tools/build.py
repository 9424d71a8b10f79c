"""The whole generator, top to bottom: seeds → model → mentions → Markdown → docs/."""
from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

import jinja2

from .anchors import assign
from .errors import Problem
from .ingest import REGISTRY_SUFFIX, dump_registry, read_seeds
from .match import Matcher, find_mentions
from .model import Briefing
from .progress import Progress, quiet
from .render import make_environment, render_site
from .write import WriteReport, write_if_changed, write_tree

ROOT = Path(__file__).resolve().parent.parent
ASSETS_FOLDER = "assets"  # inside templates/, copied to docs/assets/briefing/


@dataclass(frozen=True)
class Generated:
    briefing: Briefing
    files: dict[str, str | bytes]
    warnings: tuple[Problem, ...]
    registries: dict[Path, str]  # seeds/<slug>.anchors.yml, updated


def shown(path: Path) -> Path:
    """The path as the editor would type it: relative to the working folder when inside it."""
    relative = os.path.relpath(path)
    return Path(relative) if not relative.startswith("..") else path


def generate(seeds: Path, templates: Path, progress: Progress = quiet) -> Generated:
    """Read, match and render everything in memory; raise BriefingError on bad input."""
    briefing, warnings = read_seeds(shown(seeds))
    articles = tuple(assign(article)[0] for article in briefing.articles)
    briefing = replace(briefing, articles=articles)
    briefing = replace(briefing, mentions=find_mentions(briefing.articles, Matcher(briefing.entities), progress))
    env = make_environment(jinja2.FileSystemLoader(str(templates)), raw_html=briefing.raw_html)
    files: dict[str, str | bytes] = dict(render_site(briefing, env, progress))
    assets = templates / ASSETS_FOLDER
    for asset in sorted(p for p in assets.rglob("*") if p.is_file()):
        files[f"assets/briefing/{asset.relative_to(assets).as_posix()}"] = asset.read_bytes()
    registries = {seeds / f"{a.slug}{REGISTRY_SUFFIX}": dump_registry(a) for a in briefing.articles}
    return Generated(briefing, files, warnings, registries)


def build(seeds: Path, templates: Path, docs: Path, progress: Progress = quiet) -> tuple[Generated, WriteReport]:
    """Generate, and write to docs/ only when generation succeeded as a whole."""
    generated = generate(seeds, templates, progress)
    report = write_tree(docs, generated.files)
    for path, text in generated.registries.items():
        write_if_changed(path, text)
    return generated, report
