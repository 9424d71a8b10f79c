"""MkDocs hook of the offline copy (mkdocs-offline.yml only): a thin adapter over build_tools/offline.py.

It adds to the site the data script and Material's Web Worker shim (with its licence, from
node_modules/, which `npm ci` fills from package-lock.json), writes each article's actor map
into its page, rewrites the generator's folder links to page files, keeps each page's
canonical address the published one, and switches off what does not work from disk (instant
navigation, 404.html).
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # MkDocs loads hooks by path, not as part of a package
    sys.path.insert(0, str(ROOT))

from build_tools.offline import DATA_SCRIPT, SHIM_FILES, SHIM_FOLDER, data_script, file_links, inline_maps, published_address  # noqa: E402
from build_tools.render import MAPS_FOLDER  # noqa: E402

SHIM_PACKAGE = ROOT / "node_modules" / "iframe-worker"
CARDS = "assets/briefing/entities.json"
ADDRESSES = "assets/briefing/addresses.json"


class _State:
    pages: dict[str, str] = {}  # each page's directory-style URL (the web's) → its file URL in the copy
    directory_urls: dict[str, str] = {}  # each page's src_uri → its directory-style URL
    maps: dict[str, str] = {}  # each article's actor-map document (its path → its HTML), written into its page


def on_config(config):
    if config.use_directory_urls:
        raise PluginError("the offline copy needs use_directory_urls: false (Material's offline plugin, listed in mkdocs-offline.yml, sets it)")
    if DATA_SCRIPT not in map(str, config.extra_javascript):
        config.extra_javascript.insert(0, DATA_SCRIPT)  # before briefing.js and cite.js, which read it
    # Material's instant navigation does nothing from file:// but, switched on, completes its document$
    # before the first page is announced, so scripts waiting for it (cite.js) would never start.
    config.theme["features"] = [feature for feature in config.theme.get("features", []) if feature != "navigation.instant"]
    # A server's page for missing addresses, linking from the host's root: from disk nothing shows it, and its links break.
    config.theme.static_templates.discard("404.html")
    return config


def on_files(files: Files, config) -> Files:
    _State.directory_urls = {}
    _State.pages = {}
    for page in files.documentation_pages():
        directory_url = File(page.src_uri, config.docs_dir, config.site_dir, use_directory_urls=True).url
        directory_url = "" if directory_url == "./" else directory_url
        _State.directory_urls[page.src_uri] = directory_url
        _State.pages[directory_url] = page.url
    entities, addresses = (_json(files, path) for path in (CARDS, ADDRESSES))
    try:
        script = data_script(entities, addresses, _State.pages)
    except ValueError as error:
        raise PluginError(f"offline copy: {error}") from None
    files.append(File.generated(config, DATA_SCRIPT, content=script))
    # A browser fetches nothing from file://: the articles' actor maps go into their pages, not into the copy.
    maps = [file for file in files if file.src_uri.startswith(MAPS_FOLDER + "/")]
    _State.maps = {file.src_uri: file.content_string for file in maps}
    for file in maps:
        files.remove(file)
    for name, source in SHIM_FILES.items():
        path = SHIM_PACKAGE / source
        if not path.is_file():
            raise PluginError(f"offline copy: expected Material's Web Worker shim at {path} but found none; run `npm ci` (make offline does)")
        files.append(File.generated(config, f"{SHIM_FOLDER}/{name}", abs_src_path=str(path)))
    return files


def _json(files: Files, path: str):
    file = files.get_file_from_path(path)
    if file is None:
        raise PluginError(f"offline copy: expected the generated {path} but found none")
    return json.loads(file.content_string)


def on_pre_page(page, config, files):
    """The published address as canonical (`<site_url>glossary/sco/`), not the copy's file (`glossary/sco.html`)."""
    page.canonical_url = published_address(config.site_url, _State.directory_urls[page.file.src_uri])
    return page


def on_page_content(html: str, page, config, files) -> str:
    try:
        html = inline_maps(html, _State.maps)
    except ValueError as error:
        raise PluginError(f"offline copy: {page.file.src_uri}: {error}") from None
    return file_links(html, page.url, _State.directory_urls[page.file.src_uri], _State.pages)
