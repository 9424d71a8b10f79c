"""The reader's side: bytes a browser downloads for an article's page, raw and gzipped.

First load: the page's HTML, the stylesheets, icon and scripts it links, the scripts its loader
fetches once the page is painted (templates/theme/main.html), and Material's search worker.
On demand: what the page's scripts fetch only when the reader needs it (the search index on first
search, the sitemap when a link gets the pointer, the card data on the first card; left out:
addresses.json, fetched only for a paragraph address in the URL, the cite panel's script and
stylesheet, fetched on the first Cite, and the actor map's document, fetched as the reader nears
the map). templates/theme/partials/on-demand.html and briefing.js hold those requests back.
"""
from __future__ import annotations

import gzip
import json
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlparse

ON_DEMAND = ("search/search_index.json", "sitemap.xml", "assets/briefing/entities.json")


class _Assets(HTMLParser):
    """The URLs a page loads on its own, by kind, and Material's configuration (which names the search worker)."""

    def __init__(self):
        super().__init__()
        self.urls: list[tuple[str, str]] = []
        self._in_config = False
        self.config = ""
        self._in_loader = False
        self.loader = ""  # the script that loads the briefing's scripts, by a list of their URLs

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "link" and attributes.get("rel") in ("stylesheet", "icon") and attributes.get("href"):
            self.urls.append(("CSS" if attributes["rel"] == "stylesheet" else "icon", attributes["href"]))
        elif tag == "script" and attributes.get("src"):
            self.urls.append(("JS", attributes["src"]))
        elif tag == "script" and attributes.get("id") == "__config":
            self._in_config = True
        elif tag == "script" and attributes.get("id") == "briefing-scripts":
            self._in_loader = True

    def handle_data(self, data):
        if self._in_config:
            self.config += data
        if self._in_loader:
            self.loader += data

    def handle_endtag(self, tag):
        self._in_config = self._in_loader = False

    def loaded(self) -> list[str]:
        """The URLs the loader names: the JSON list it is called with."""
        if not self.loader:
            return []
        return json.loads(self.loader[self.loader.rindex("(") + 1 : self.loader.rindex(")")])


def sizes(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    return len(data), len(gzip.compress(data, compresslevel=6, mtime=0))


def page_weight(site: Path, page: str) -> dict[str, tuple[int, int]]:
    """(raw, gzip) bytes by kind of what loading site/<page>/index.html downloads from the site at first."""
    html = site / page / "index.html"
    parser = _Assets()
    parser.feed(html.read_text(encoding="utf-8"))
    worker = json.loads(parser.config or "{}").get("search")
    urls = parser.urls + [("JS", url) for url in parser.loaded()] + ([("JS", worker)] if worker else [])
    files = [(kind, urlparse(urljoin(f"http://site.invalid/{page}/", url))) for kind, url in urls]
    found = [("HTML", html)] + [(kind, site / url.path.lstrip("/")) for kind, url in files if url.netloc == "site.invalid"]
    weight: dict[str, tuple[int, int]] = {}
    for kind, path in found:
        raw, packed = sizes(path)
        before = weight.get(kind, (0, 0))
        weight[kind] = (before[0] + raw, before[1] + packed)
    return weight


def on_demand(site: Path) -> dict[str, tuple[int, int]]:
    """(raw, gzip) bytes of each file the page fetches only when the reader needs it, by name."""
    return {name: sizes(site / name) for name in ON_DEMAND if (site / name).is_file()}
