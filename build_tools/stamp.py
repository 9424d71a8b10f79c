"""What docs/ was generated from, read without loading the generator.

A rebuild with nothing changed only fingerprints the inputs, finds the stamp the last build
left in docs/ and sets the nav. The MkDocs hook does that with this module alone, so an
up-to-date build pays for none of the stages' imports (build.py imports them).
"""
from __future__ import annotations

import hashlib
import json
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .printed import edition_inputs
from .seeds import NotRead
from .seeds import read_regular as read_strictly

# Written last into docs/ (MkDocs skips dotfiles): what the output was built from, the articles' nav entries, the
# generator's warnings and what docs/ holds. Removed before the first file in docs/ changes.
STAMP = ".briefing.json"
NEW_ADDRESSES_VARIABLE = "BRIEFING_NEW_ADDRESSES"  # slugs whose lost registry may start afresh, for `make site`
READ_LIMIT = 64 * 1024 * 1024  # the stamp and addresses.json are read only up to this size (the seed's are ~1 KB)


def new_addresses_from_environment() -> set[str]:
    """The slugs named in BRIEFING_NEW_ADDRESSES (comma- or space-separated)."""
    return set(os.environ.get(NEW_ADDRESSES_VARIABLE, "").replace(",", " ").split())


ARTICLES_PAGE = "articles/index.md"  # the list of articles, which mkdocs.yml's nav names: any engine shows it
# mkdocs.yml's nav, for a configuration without one. The entries' pages stay out of it (thousands
# would weigh on every page).
DEFAULT_NAV = [{"Home": "index.md"}, {"Articles": ARTICLES_PAGE}, {"Glossary": "glossary/index.md"}, {"Actor map": "actor-map.md"}]


# Every page carries the whole nav, so a nav of every article would make each page of a large
# briefing heavier (about 200 bytes an article). Beyond this many, the nav names the list of articles.
NAV_ARTICLES = 50


def site_nav(skeleton: list | None, articles: list[list[str]]) -> list:
    """The nav of mkdocs.yml (`skeleton`), its entry for the list of articles replaced by the articles
    themselves, while there are at most NAV_ARTICLES of them."""
    if len(articles) > NAV_ARTICLES:
        return list(DEFAULT_NAV if skeleton is None else skeleton)
    listed = [{title: page} for title, page in articles]
    nav = []
    for entry in DEFAULT_NAV if skeleton is None else skeleton:
        title, value = next(iter(entry.items())) if isinstance(entry, dict) and len(entry) == 1 else (None, entry)
        nav.append({title: listed} if value == ARTICLES_PAGE else entry)
    return nav


def fingerprint(seeds: Path, templates: Path, site_url: str = "") -> str:
    """A digest of everything the output depends on: the seeds, the templates, this code and the
    site's address.

    Every entry counts by name and kind, so one that appears, disappears or changes kind changes
    the digest; symbolic links count by their target's name (never followed), regular files by
    their bytes; nothing else is opened (a FIFO would block, a device never end).
    """
    digest = hashlib.sha256(b"site_url\0%s\0" % site_url.encode())
    # The seeds folder counts by its own kind too: the build refuses one that is a link (or missing), so
    # a link to the same files must not pass for the folder that was built. Its entries are not walked through it.
    seeds_kind = _own_kind(seeds)
    digest.update(b"seeds\0%o\0%s\0" % (seeds_kind, _link_target(seeds) if stat.S_ISLNK(seeds_kind) else b""))
    for folder, skip in ((seeds, frozenset()), (templates, frozenset()), (Path(__file__).parent, frozenset({"__pycache__"}))):
        digest.update(b"folder\0")
        if folder is seeds and not stat.S_ISDIR(seeds_kind):
            continue
        for relative, info in walk(folder, skip):
            kind = stat.S_IFMT(info.st_mode)
            if stat.S_ISLNK(kind):
                content = _link_target(folder / relative)
            elif stat.S_ISREG(kind):
                data = read_regular(folder / relative)
                content = hashlib.sha256(data).digest() if data is not None else b"unreadable"
            else:
                content = b""
            digest.update(b"%s\0%o\0%d\0%s\0" % (os.fsencode(relative), kind, len(content), content))
    digest.update(b"edition\0" + repr(edition_inputs(seeds.parent / "mkdocs.yml")).encode())  # the PDFs and the name they print
    return digest.hexdigest()


def _own_kind(path: Path) -> int:
    """The file type of the entry itself (a link is not followed); 0 when there is none."""
    try:
        return stat.S_IFMT(os.lstat(path).st_mode)
    except OSError:
        return 0


def _link_target(path: Path) -> bytes:
    try:
        return b"->" + os.fsencode(os.readlink(path))
    except OSError:  # gone since it was listed: the next build sees what replaced it
        return b"unreadable"


def walk(folder: Path, skip: frozenset[str] = frozenset()) -> Iterator[tuple[str, os.stat_result]]:
    """Every entry under folder, sorted, with its own status: symbolic links are listed, not followed."""
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError:  # missing, unreadable or not a folder: its entries are simply absent
        return
    for entry in entries:
        if entry.name in skip:
            continue
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        yield entry.name, info
        if stat.S_ISDIR(info.st_mode):
            for relative, inner in walk(Path(entry.path), skip):
                yield f"{entry.name}/{relative}", inner


def read_regular(path: Path, limit: int | None = None) -> bytes | None:
    """A regular file's bytes (seeds.read_regular), or None for anything else or past limit: the
    stamp, addresses.json and the fingerprinted files are evidence, not input to report on."""
    try:
        return read_strictly(path, limit)
    except NotRead:
        return None


def listing(docs: Path) -> dict[str, list[int]] | None:
    """What docs/ holds apart from its stamp: each file's size and mtime_ns; None if anything is not a regular file or folder."""
    files = {}
    for relative, info in walk(docs):
        if stat.S_ISREG(info.st_mode):
            if relative != STAMP:
                files[relative] = [info.st_size, info.st_mtime_ns]
        elif not stat.S_ISDIR(info.st_mode):
            return None
    return files


@dataclass(frozen=True)
class Stamp:
    articles: list  # article_entries() of the build
    warnings: tuple[str, ...]


def current_stamp(docs: Path, digest: str | None) -> Stamp | None:
    """What the stamp of docs/ records, if docs/ still holds exactly what that build wrote, else None.

    digest: the inputs' fingerprint the stamp must name; None accepts the last good build of any inputs.
    Files are compared by size and mtime_ns (one stat each), so a missing, extra or rewritten file,
    or a temporary one a killed build left, makes docs/ out of date.
    """
    data = read_regular(docs / STAMP, READ_LIMIT)
    try:
        stamp = json.loads(data) if data is not None else None
    except ValueError:
        return None
    if not isinstance(stamp, dict) or (digest is not None and stamp.get("fingerprint") != digest):
        return None
    articles, warnings, files = stamp.get("articles"), stamp.get("warnings"), stamp.get("files")
    if not _entries(articles) or not isinstance(warnings, list) or not all(isinstance(w, str) for w in warnings):
        return None
    if files is None or files != listing(docs):
        return None
    return Stamp(articles, tuple(warnings))


def _entries(articles) -> bool:
    """Whether the stamp's articles are [title, page] pairs of text (the file is not trusted)."""
    return isinstance(articles, list) and all(
        isinstance(entry, list) and len(entry) == 2 and all(isinstance(part, str) for part in entry) for entry in articles
    )
