"""The whole generator, top to bottom: seeds → model → mentions → Markdown → docs/."""
from __future__ import annotations

import gc
import hashlib
import json
import os
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from .anchors import assign
from .errors import Problem
from .escape import html_text
from .exports import to_json
from .ingest import REGISTRY_SUFFIX, dump_registry, read_seeds
from .match import Matcher, find_mentions
from .memo import Memo
from .model import Briefing
from .progress import Progress, quiet
from .render import make_environment, render_site
from .write import WriteReport, write_if_changed, write_tree

if TYPE_CHECKING:
    import jinja2

ROOT = Path(__file__).resolve().parent.parent
ASSETS_FOLDER = "assets"  # inside templates/, copied to docs/assets/briefing/
# Written last into docs/ (MkDocs skips dotfiles): what the output was built from, and the nav.
STAMP = ".briefing.json"
# Beside seeds/: what one build computed and the next may reuse (compiled templates, map layouts).
# Deleting it changes nothing but the time the next build takes.
CACHE = Path(".cache") / "briefing"
LAYOUTS = "layouts.json"  # actor maps: placements (actor_map._place) and finished drawings
NAMES = "names.json"  # the names the coverage check found per paragraph (check.uncovered_names)


@dataclass(frozen=True)
class Generated:
    briefing: Briefing
    files: dict[str, str | bytes]
    warnings: tuple[Problem, ...]
    registries: dict[Path, str]  # seeds/<slug>.anchors.yml whose records changed (or that do not exist yet)
    layouts: Memo  # the actor maps' placements, for the cache


def shown(path: Path) -> Path:
    """The path as the editor would type it: relative to the working folder when inside it."""
    relative = os.path.relpath(path)
    return Path(relative) if not relative.startswith("..") else path


def cache_folder(seeds: Path) -> Path:
    return seeds.parent / CACHE


def read_memo(cache: Path, name: str) -> Memo:
    try:
        known = json.loads((cache / name).read_text(encoding="utf-8"))
    except (OSError, ValueError):  # no cache yet, or a damaged one: compute everything again
        known = {}
    return Memo(known if isinstance(known, dict) else {})


def save_memo(cache: Path, name: str, memo: Memo) -> None:
    try:
        cache.mkdir(parents=True, exist_ok=True)
        write_if_changed(cache / name, to_json(memo.used, sort_keys=True))
    except OSError:
        pass  # the cache only saves time


def generate(seeds: Path, templates: Path, progress: Progress = quiet, cache: Path | None = None) -> Generated:
    """Read, match and render everything in memory; raise BriefingError on bad input.

    cache: where compiled templates and map layouts of earlier builds are kept (default:
    .cache/briefing beside seeds/); only the compiled templates are written to it here.
    """
    cache = cache_folder(seeds) if cache is None else cache
    briefing, warnings = read_seeds(shown(seeds))
    read = briefing.articles
    articles = tuple(assign(article)[0] for article in read)
    briefing = replace(briefing, articles=articles)
    briefing = replace(briefing, mentions=find_mentions(briefing.articles, Matcher(briefing.entities), progress))
    import jinja2  # here, not at start-up: `import build_tools.build` stays light

    env = make_environment(jinja2.FileSystemLoader(str(templates)), raw_html=briefing.raw_html, bytecode_cache=_bytecode_cache(cache))
    layouts = read_memo(cache, LAYOUTS)
    files: dict[str, str | bytes] = dict(render_site(briefing, env, progress, layouts))
    assets = templates / ASSETS_FOLDER
    for asset in sorted(p for p in assets.rglob("*") if p.is_file()):
        files[f"assets/briefing/{asset.relative_to(assets).as_posix()}"] = minified(asset.suffix, asset.read_bytes())
    registries = {}
    for before, after in zip(read, briefing.articles):
        path = seeds / f"{after.slug}{REGISTRY_SUFFIX}"
        if after.registry != before.registry or not path.is_file():  # an unchanged registry is not dumped again
            registries[path] = dump_registry(after)
    return Generated(briefing, files, warnings, registries, layouts)


@contextmanager
def _no_cycle_collection():
    """Python's cycle collector off while the model is built: its hundreds of thousands of small,
    long-lived objects made each collection rescan them (a fifth of a build, measured by `make
    bench`'s what-if), and they hold no cycles worth collecting. It is switched back on after."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def minified(suffix: str, data: bytes) -> bytes:
    """Scripts and stylesheets without comments and layout whitespace: every reader downloads them.
    templates/assets/ keeps the readable source; names are not mangled, so errors still point somewhere."""
    if suffix == ".js":
        import rjsmin

        return rjsmin.jsmin(data)
    if suffix == ".css":
        import rcssmin

        return rcssmin.cssmin(data)
    return data


def _bytecode_cache(cache: Path) -> jinja2.BytecodeCache | None:
    """Jinja's compiled templates, keyed by each template's source: compiling costs more than rendering a small briefing."""
    import jinja2

    try:
        (cache / "jinja").mkdir(parents=True, exist_ok=True)
    except OSError:  # a read-only checkout builds, only more slowly
        return None
    return jinja2.FileSystemBytecodeCache(str(cache / "jinja"))


def build(
    seeds: Path, templates: Path, docs: Path, progress: Progress = quiet, cache: Path | None = None, digest: str | None = None
) -> tuple[Generated, WriteReport]:
    """Generate, and write to docs/ only when generation succeeded as a whole.

    digest: the inputs' fingerprint, when the caller has just taken it (the hook does, to see whether
    docs/ is up to date); it is taken again only if the build rewrites a registry in seeds/.
    """
    cache = cache_folder(seeds) if cache is None else cache
    with _no_cycle_collection():
        generated = generate(seeds, templates, progress, cache)
    report = write_tree(docs, generated.files)
    for path, text in generated.registries.items():
        write_if_changed(path, text)
    save_memo(cache, LAYOUTS, generated.layouts)
    if digest is None or generated.registries:
        digest = fingerprint(seeds, templates)
    stamp = {"fingerprint": digest, "nav": site_nav(generated.briefing)}
    write_if_changed(docs / STAMP, json.dumps(stamp, ensure_ascii=False, indent=1) + "\n")
    return generated, report


def site_nav(briefing: Briefing) -> list:
    """MkDocs' nav: the entries' pages stay out of it (thousands would weigh on every page).

    Titles are HTML, as MkDocs makes them from a page's heading: Material prints them unescaped.
    """
    articles = [{html_text(article.title): f"articles/{article.slug}.md"} for article in briefing.articles]
    return [{"Home": "index.md"}, {"Articles": articles}, {"Glossary": "glossary/index.md"}, {"Actor map": "actor-map.md"}]


def fingerprint(seeds: Path, templates: Path) -> str:
    """A digest of everything the output depends on: the seeds, the templates and this code."""
    digest = hashlib.sha256()
    for folder in (seeds, templates, Path(__file__).parent):
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def checked(briefing: Briefing, seeds: Path, recognise=None, cache: Path | None = None) -> list[Problem]:
    """The coverage check, remembering per paragraph the names it found (the heuristic's share of a large build)."""
    from .check import check  # only the commands that check need it

    if recognise is not None:  # spaCy's names are not remembered: its model is not part of the digest
        return check(briefing, recognise)
    cache = cache_folder(seeds) if cache is None else cache
    names = read_memo(cache, NAMES)
    findings = check(briefing, None, names)
    save_memo(cache, NAMES, names)
    return findings


def current_nav(docs: Path, digest: str) -> list | None:
    """The nav recorded with docs/ when docs/ was built from inputs of this fingerprint, else None."""
    try:
        stamp = json.loads((docs / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return stamp.get("nav") if stamp.get("fingerprint") == digest else None
