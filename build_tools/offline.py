"""The offline copy (`make offline`): the site made to work from disk (file://), and its .zip.

Built by `mkdocs build -f mkdocs-offline.yml`, whose hook (offline_hook.py) calls the pure
stages here; `python -m build_tools.offline FOLDER ZIP` then packs the folder.

Opened from disk, a browser fetches no file (origin `null`) and opens folders as listings, so:
- the cards' and old addresses' data reach each page in a script that assigns them
  (assets/briefing/offline-data.js, read by briefing.js and cite.js before any fetch);
- every link names a file: MkDocs writes its own links so (use_directory_urls: false), and
  the links the generator writes as raw HTML for the web (`../glossary/sco/` in the actor
  maps' SVG, the cards' `glossary/sco/`) are rewritten to the page file they name;
- an article page holds its actor map, which the web site's page fetches when the reader nears it
  (actor-map.js): the document it would fetch is written into the page, and left out of the copy;
- no instant navigation: Material's does nothing from file://, and would keep our scripts from starting;
- no 404.html: only a server shows it, and its links start at the host's root;
- a page's canonical address stays the published one (`<site_url>articles/<slug>/`), so the
  cite panel cites the web's address, not the copy's `.html` file.
"""
from __future__ import annotations

import json
import os
import posixpath
import re
import sys
import zipfile
from collections.abc import Mapping
from html import unescape
from pathlib import Path
from urllib.parse import urljoin

from .actor_map import FRAME, STAND_IN

DATA_SCRIPT = "assets/briefing/offline-data.js"
DATA_GLOBAL = "briefingOfflineData"  # the name briefing.js and cite.js look for
SHIM_FOLDER = "assets/vendor/iframe-worker"  # Material's Web Worker shim for file:// (npm iframe-worker)
SHIM_FILES = {"shim.js": "shim/index.js", "LICENSE": "LICENSE"}  # in the copy ← in node_modules/iframe-worker/
ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest a zip can record: two builds of one input give the same bytes
HREF = re.compile(r'(\s(?:xlink:)?href=")([^"]*)(")')  # the actor maps' SVG links are xlink:href
FOREIGN = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|/|#)", re.IGNORECASE)  # a scheme, the host's root, or the same page


def file_address(directory_url: str, pages: Mapping[str, str]) -> str | None:
    """The page file a site-relative, directory-style address names (`glossary/sco/#x` → `glossary/sco.html#x`).

    pages: each page's directory-style URL (as the web site has it) → its file URL in the copy.
    None when the address names no page.
    """
    path, hash_, fragment = directory_url.partition("#")
    target = pages.get(path)
    return None if target is None else target + hash_ + fragment


def file_links(html: str, page_url: str, page_directory_url: str, pages: Mapping[str, str]) -> str:
    """The page's HTML with every relative link to a folder address rewritten to the page file it names.

    Links ending in `/` were written for the web site, relative to the page's directory-style
    address (page_directory_url); MkDocs' own links already name files and are left alone.
    """
    base = posixpath.dirname(page_url)

    def rewrite(match: re.Match) -> str:
        href = match.group(2)
        path, hash_, fragment = href.partition("#")
        if FOREIGN.match(href) or not path.endswith("/"):
            return match.group()
        named = posixpath.normpath(posixpath.join(page_directory_url, path))
        target = pages.get("" if named == "." else named + "/")
        if target is None:
            return match.group()
        return match.group(1) + posixpath.relpath(target, base or ".") + hash_ + fragment + match.group(3)

    return HREF.sub(rewrite, html)


BODY = re.compile(r"<body>\n(.*)</body>", re.S)


def inline_maps(html: str, documents: Mapping[str, str]) -> str:
    """The page with each actor map's stand-in replaced by the body of the document it names (by its path
    from the site's root), as actor-map.js does on the web site."""

    def replace(match: re.Match) -> str:
        path = unescape(match.group(1))
        document = documents.get(path)
        body = BODY.search(document) if document is not None else None
        if body is None:
            raise ValueError(f"an actor map's stand-in names {path!r}, which the site has no document for")
        return f"{FRAME}>\n{body.group(1)}</div>"

    return STAND_IN.sub(replace, html)


def published_address(site_url: str | None, directory_url: str) -> str | None:
    """The page's address on the published site, as MkDocs makes its canonical URL; None without a site_url."""
    if not site_url:
        return None
    return urljoin(site_url if site_url.endswith("/") else site_url + "/", directory_url)


def data_script(entities: Mapping[str, dict], addresses: Mapping, pages: Mapping[str, str]) -> str:
    """The script that hands pages the cards' and the old addresses' data, the cards linking page files."""
    cards = {}
    for entity_id, card in entities.items():
        target = file_address(card["url"], pages)
        if target is None:
            raise ValueError(f"the card of {entity_id!r} links {card['url']!r}, which is no page of the site")
        cards[entity_id] = {**card, "url": target}
    data = json.dumps({"entities": cards, "addresses": addresses}, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return f"window.{DATA_GLOBAL} = {data};\n"


def listing(folder: Path) -> list[str]:
    """Every file under folder, as sorted paths with forward slashes."""
    return sorted(path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file())


def write_zip(folder: Path, target: Path) -> list[str]:
    """Pack folder into target, its files under one folder of the same name; return what it holds.

    Entries are sorted and dated alike, so the zip of an unchanged copy is byte-identical.
    Written beside target first, then renamed: a failed run leaves no half zip.
    """
    names = listing(folder)
    staging = target.with_name(target.name + ".tmp")
    try:
        with zipfile.ZipFile(staging, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
            for name in names:
                entry = zipfile.ZipInfo(f"{folder.name}/{name}", date_time=ZIP_TIME)
                entry.compress_type = zipfile.ZIP_DEFLATED
                entry.external_attr = 0o644 << 16
                archive.writestr(entry, (folder / name).read_bytes())
        os.replace(staging, target)
    finally:
        staging.unlink(missing_ok=True)
    return names


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python -m build_tools.offline FOLDER ZIP   (pack the offline copy in FOLDER into ZIP)", file=sys.stderr)
        return 2
    folder, target = Path(argv[0]), Path(argv[1])
    if not (folder / "index.html").is_file():
        print(f"{folder}: expected an offline copy (with index.html) but found none; run `make offline`", file=sys.stderr)
        return 1
    names = write_zip(folder, target)
    print(f"{target}: {len(names)} files, {target.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
