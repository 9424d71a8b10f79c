"""The whole generator, top to bottom: seeds → model → mentions → Markdown → docs/."""
from __future__ import annotations

import gc
import json
import os
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from .anchors import assign
from .errors import BriefingError, Location, Problem
from .escape import html_text
from .discover import drafts_for
from .exports import to_json
from .ingest import read_seeds
from .match import Matcher, find_mentions
from .memo import Memo
from .model import Briefing
from .printed import Edition, article_pdfs, edition_from_environment, pdf_path
from .progress import Progress, quiet
from .registry import REGISTRY_SUFFIX, dump_registry
from .render import make_environment, render_site
from .stamp import NEW_ADDRESSES_VARIABLE, READ_LIMIT, STAMP, fingerprint, listing, read_regular
from .write import PathClash, WriteReport, one_per_path, write_if_changed, write_tree

if TYPE_CHECKING:
    import jinja2

ROOT = Path(__file__).resolve().parent.parent
ASSETS_FOLDER = "assets"  # inside templates/, copied to docs/assets/briefing/
ADDRESSES = "assets/briefing/addresses.json"  # inside docs/ and the site: every permanent id published, per article
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
    discovered: int = 0  # draft entries discovery added


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


def generate(
    seeds: Path,
    templates: Path,
    progress: Progress = quiet,
    cache: Path | None = None,
    site_url: str = "",
    recognise=None,
    edition: Edition | None = None,
) -> Generated:
    """Read, match and render everything in memory; raise BriefingError on bad input.

    cache: where compiled templates and map layouts of earlier builds are kept (default:
    .cache/briefing beside seeds/); only the compiled templates are written to it here.
    recognise: a named-entity recogniser that discovery adds to its heuristic (discover.Recogniser).
    site_url: where the site is published (exports.site_address), "" where it is not known.
    edition: print each article as a PDF beside its page, which links to it (default: as BRIEFING_PDF says, at site_url).
    """
    cache = cache_folder(seeds) if cache is None else cache
    briefing, warnings = read_seeds(shown(seeds))
    read = briefing.articles
    articles = tuple(assign(article)[0] for article in read)
    briefing = replace(briefing, articles=articles)
    drafts = drafts_for(briefing, recognise) if briefing.discover else ()
    briefing = replace(briefing, entities=briefing.entities + drafts)
    briefing = replace(briefing, mentions=find_mentions(briefing.articles, Matcher(briefing.entities, briefing.articles), progress))
    import jinja2  # here, not at start-up: `import build_tools.build` stays light

    env = make_environment(jinja2.FileSystemLoader(str(templates)), raw_html=briefing.raw_html, bytecode_cache=_bytecode_cache(cache))
    layouts = read_memo(cache, LAYOUTS)
    edition = printed_edition(seeds, site_url) if edition is None else edition
    pdfs = article_pdfs(briefing, env.loader, edition, progress) if edition is not None else {}
    env.globals["pdfs"] = {slug: len(data) for slug, data in pdfs.items()}  # each article's page links its PDF
    pages = render_site(briefing, env, progress, layouts.remember, site_url)
    assets = templates / ASSETS_FOLDER
    sources = {f"assets/briefing/{asset.relative_to(assets).as_posix()}": asset for asset in sorted(p for p in assets.rglob("*") if p.is_file())}
    copied = {path: minified(asset.suffix, asset.read_bytes()) for path, asset in sources.items()}
    try:
        files: dict[str, str | bytes] = one_per_path(pages, {pdf_path(slug): data for slug, data in pdfs.items()}, copied)
    except PathClash as clash:
        if clash.path not in sources:
            raise  # two stages of the generator itself
        raise BriefingError([Problem(Location(str(shown(sources[clash.path]))), f"this asset would overwrite the generated {clash.path}; rename it")]) from None
    registries = {}
    for before, after in zip(read, briefing.articles):
        path = seeds / f"{after.slug}{REGISTRY_SUFFIX}"
        if after.registry != before.registry or not path.is_file():  # an unchanged registry is not dumped again
            registries[path] = dump_registry(after)
    return Generated(briefing, files, warnings, registries, layouts, len(drafts))


def printed_edition(seeds: Path, site_url: str) -> Edition | None:
    """The printed edition the environment asks for (BRIEFING_PDF=1), with the site's name from mkdocs.yml beside seeds/."""
    return edition_from_environment(seeds.parent / "mkdocs.yml", site_url)


@contextmanager
def _no_cycle_collection():
    """Python's cycle collector off while the model is built: its hundreds of thousands of small,
    long-lived objects made each collection rescan them (a fifth of a large build when it was
    measured), and they hold no cycles worth collecting. It is switched back on after."""
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
    seeds: Path,
    templates: Path,
    docs: Path,
    progress: Progress = quiet,
    cache: Path | None = None,
    digest: str | None = None,
    published: Iterable[Path] = (),
    new_addresses: Iterable[str] = (),
    site_url: str = "",
) -> tuple[Generated, WriteReport]:
    """Generate, and write to docs/ only when generation succeeded as a whole.

    digest: the inputs' fingerprint, when the caller has just taken it (the hook does, to see whether
    docs/ is up to date); it is taken again only if the build rewrites a registry in seeds/.
    published: built sites besides docs/ whose addresses.json shows which articles have published ids.
    new_addresses: slugs whose missing registry may be created afresh although ids were published.
    """
    cache = cache_folder(seeds) if cache is None else cache
    with _no_cycle_collection():
        generated = generate(seeds, templates, progress, cache, site_url)
    _refuse_lost_registries(generated, (docs, *published), set(new_addresses))
    # From here docs/ changes: without its stamp it is never taken for up to date, even if this process dies.
    (docs / STAMP).unlink(missing_ok=True)
    report = write_tree(docs, generated.files)
    for path, text in generated.registries.items():
        write_if_changed(path, text)
    save_memo(cache, LAYOUTS, generated.layouts)
    if digest is None or generated.registries:
        digest = fingerprint(seeds, templates, site_url)
    stamp = {
        "fingerprint": digest,
        "articles": article_entries(generated.briefing),
        "warnings": [str(warning) for warning in generated.warnings],
        "files": listing(docs),
    }
    write_if_changed(docs / STAMP, json.dumps(stamp, ensure_ascii=False, indent=1) + "\n")
    return generated, report


def _refuse_lost_registries(generated: Generated, built: Iterable[Path], new_addresses: set[str]) -> None:
    """Stop when a registry is missing for an article whose permanent ids were already published."""
    missing = {path: path.name.removesuffix(REGISTRY_SUFFIX) for path in generated.registries if not path.is_file()}
    if not missing:
        return
    evidence: dict[str, Path] = {}
    for folder in built:
        for slug in published_slugs(folder / ADDRESSES):
            evidence.setdefault(slug, folder / ADDRESSES)
    problems = []
    for path, slug in sorted(missing.items()):
        if slug in evidence and slug not in new_addresses:
            where, registry = shown(evidence[slug]), shown(path)
            problems.append(Problem(Location(str(registry)), (
                f"the registry of permanent addresses is missing, but {where} already publishes ids for '{slug}': "
                f"a new registry would give its passages other ids, so old links would name other passages; "
                f"restore it with `git checkout -- {registry}`, or start afresh on purpose with "
                f"`python -m build_tools build --new-addresses {slug}` ({NEW_ADDRESSES_VARIABLE}={slug} for `make site`)"
            )))
    if problems:
        raise BriefingError(problems)


def published_slugs(addresses: Path) -> set[str]:
    """The articles an addresses.json lists; none when it is not a regular, readable, small JSON object."""
    data = read_regular(addresses, READ_LIMIT)
    try:
        known = json.loads(data) if data is not None else {}
    except ValueError:  # a damaged file is no evidence either way
        return set()
    return {slug for slug in known if isinstance(slug, str)} if isinstance(known, dict) else set()


def article_entries(briefing: Briefing) -> list[list[str]]:
    """[title, page] of each article, the title as HTML, as MkDocs makes titles from headings (Material prints them unescaped)."""
    return [[html_text(article.title), f"articles/{article.slug}.md"] for article in briefing.articles]


def checked(briefing: Briefing, seeds: Path, recognise=None, cache: Path | None = None) -> list[Problem]:
    """The coverage check, remembering per paragraph the names it found (the heuristic's share of a large build)."""
    from .check import check  # only the commands that check need it

    if recognise is not None:  # spaCy's names are not remembered: its model is not part of the digest
        return check(briefing, recognise)
    cache = cache_folder(seeds) if cache is None else cache
    names = read_memo(cache, NAMES)
    findings = check(briefing, None, names.remember)
    save_memo(cache, NAMES, names)
    return findings


def drafts_line(generated: Generated) -> str:
    """What discovery added to the build, for its log."""
    if not generated.briefing.discover:
        return "discovery is off (discover: false in glossary.yml): no draft entries added"
    count = generated.discovered
    if not count:
        return "no draft entries added: every name the text gives has an entry or is ignored"
    return f"{count} draft entr{'y' if count == 1 else 'ies'} added for names the text gives and no entry covers (`.venv/bin/python -m build_tools suggest` lists them)"

