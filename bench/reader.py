"""The reader's side: bytes a browser downloads for the seed article page, against a plain Material page of the same text.

Both sites are built by MkDocs; the files counted are those the page's HTML asks
for (stylesheets, scripts, icon), Material's search worker and the search index it
fetches. Sizes are given raw and gzip-compressed (level 6, a common server default).
"""
from __future__ import annotations

import gzip
import json
import re
import shutil
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlparse

import yaml

from bench import measure

SEARCH_INDEX = "search/search_index.json"


@dataclass(frozen=True)
class Weight:
    """Bytes of one page's downloads, by kind: (raw, gzip)."""

    parts: dict[str, tuple[int, int]]

    def total(self, with_index: bool = True) -> tuple[int, int]:
        kept = [size for kind, size in self.parts.items() if with_index or kind != "search index"]
        return sum(raw for raw, _ in kept), sum(packed for _, packed in kept)


class _Assets(HTMLParser):
    """The URLs a page loads on its own: stylesheets, icons, scripts, and Material's search worker."""

    def __init__(self):
        super().__init__()
        self.urls: list[tuple[str, str]] = []
        self._in_config = False
        self.config = ""

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "link" and attributes.get("rel") in ("stylesheet", "icon") and attributes.get("href"):
            self.urls.append((_kind("CSS" if attributes["rel"] == "stylesheet" else "icon", attributes["href"]), attributes["href"]))
        elif tag == "script" and attributes.get("src"):
            self.urls.append((_kind("JS", attributes["src"]), attributes["src"]))
        elif tag == "script" and attributes.get("id") == "__config":
            self._in_config = True

    def handle_data(self, data):
        if self._in_config:
            self.config += data

    def handle_endtag(self, tag):
        self._in_config = False


class _Markup(HTMLParser):
    """Bytes of a page's HTML by what they are: start tags by element and first class, end tags, text, inline code."""

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.bytes: dict[str, int] = {}
        self._open = ""

    def _add(self, key: str, amount: int) -> None:
        self.bytes[key] = self.bytes.get(key, 0) + amount

    def handle_starttag(self, tag, attrs):
        first_class = (dict(attrs).get("class") or "").split()[:1]
        self._add(f"<{tag}{'.' + first_class[0] if first_class else ''}>", len((self.get_starttag_text() or "").encode()))
        self._open = tag

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        self._add("end tags", len(tag) + 3)

    def handle_data(self, data):
        self._add("inline script and style" if self._open in ("script", "style") else "text", len(data.encode()))

    def handle_entityref(self, name):
        self._add("text", len(name) + 2)

    def handle_charref(self, name):
        self._add("text", len(name) + 3)


def markup(site: Path, page: str) -> dict[str, int]:
    parser = _Markup()
    parser.feed((site / page / "index.html").read_text(encoding="utf-8"))
    return parser.bytes


def _kind(kind: str, url: str) -> str:
    """Material's own files, or the briefing's additions (templates/assets/, served from assets/briefing/)."""
    return f"{kind} (briefing)" if "assets/briefing/" in url else kind


def _sizes(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    return len(data), len(gzip.compress(data, compresslevel=6, mtime=0))


# What the editors add to an article page besides the article's own text, as the generator writes it
# (none of these elements nests in another of its kind): notes, the compact actor map and its table,
# and the JSON-LD metadata.
EDITORIAL = re.compile(
    r'<aside class="briefing-note\b.*?</aside>|<figure class="actor-map\b.*?</figure>'
    r'|<details class="actor-map__table\b.*?</details>|<script type="application/ld\+json">.*?</script>',
    re.DOTALL,
)


def editorial_share(site: Path, page: str) -> tuple[int, int]:
    """Bytes of the page's HTML (raw, gzip) that the editors' additions account for: the HTML against the HTML without them."""
    html = (site / page / "index.html").read_text(encoding="utf-8")
    without = EDITORIAL.sub("", html).encode("utf-8")
    whole = html.encode("utf-8")
    return len(whole) - len(without), len(gzip.compress(whole, 6, mtime=0)) - len(gzip.compress(without, 6, mtime=0))


def page_weight(site: Path, page: str) -> Weight:
    """What loading site/<page>/index.html downloads, with Material's search worker and index."""
    html_file = site / page / "index.html"
    parser = _Assets()
    parser.feed(html_file.read_text(encoding="utf-8"))
    base = f"http://site.invalid/{page}/" if page else "http://site.invalid/"
    urls = list(parser.urls)
    worker = json.loads(parser.config or "{}").get("search")
    if worker:
        urls.append(("search worker", worker))
    parts: dict[str, tuple[int, int]] = {"HTML": _sizes(html_file)}
    for kind, url in urls:
        local = urlparse(urljoin(base, url))
        if local.netloc != "site.invalid":
            continue  # nothing is loaded from elsewhere (the built-site tests check that)
        raw, packed = _sizes(site / local.path.lstrip("/"))
        before = parts.get(kind, (0, 0))
        parts[kind] = (before[0] + raw, before[1] + packed)
    parts["search index"] = _sizes(site / SEARCH_INDEX)
    return Weight(parts)


def build_seed_site(work: Path) -> tuple[Path, str]:
    """The seed briefing built as `make site` builds it, in a scratch copy; the site and the article's page path."""
    project = work / "seed-site"
    shutil.rmtree(project, ignore_errors=True)
    shutil.copytree(measure.CODE / "seeds", project / "seeds")
    slugs = sorted(p.stem for p in (project / "seeds").glob("*.txt"))
    measure.make_project(project)
    measure.clear_docs(project)  # MkDocs refuses a missing docs/ before its hook could make it
    measure.mkdocs(project, measure.HOOKED_CONFIG)
    return project / "site", f"articles/{slugs[0]}"


_LITERAL = {"<": "&lt;", "&": "&amp;", **{ch: "\\" + ch for ch in "\\`*_[]#"}}


def _plain_markdown(text: str) -> str:
    """Markdown that renders the text literally."""
    return "".join(_LITERAL.get(ch, ch) for ch in text)


def _look() -> dict:
    """The project's theme and extra settings (palette, features, no fonts): the look, without the briefing's additions."""
    try:
        project = yaml.safe_load((measure.CODE / measure.HOOKED_CONFIG).read_text(encoding="utf-8"))
    except yaml.YAMLError:  # a config using Python tags: fall back to the bare minimum
        project = {}
    look = {key: project[key] for key in ("theme", "extra") if key in project}
    look.setdefault("theme", {"name": "material", "font": False, "language": "en"})
    look["theme"] = {key: value for key, value in look["theme"].items() if key != "custom_dir"}  # the briefing's overrides
    return look


def build_plain_site(work: Path, article) -> Path:
    """A Material site with the project's theme settings (no web fonts), built-in search, and one page of plain text."""
    project = work / "plain-page"
    shutil.rmtree(project, ignore_errors=True)
    (project / "docs").mkdir(parents=True)
    lines = [f"# {_plain_markdown(article.title)}", ""]
    for section in article.sections:
        lines += [f"## {_plain_markdown(section.title)}", ""]
        for paragraph in section.paragraphs:
            lines += [_plain_markdown(paragraph.text), ""]
    (project / "docs" / "index.md").write_text("\n".join(lines), encoding="utf-8")
    config = {"site_name": "Plain page", **_look(), "plugins": ["search"]}
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    measure.mkdocs(project, "mkdocs.yml")
    return project / "site"


def reader_side(work: Path) -> dict:
    """Page weights of the seed article and of its plain twin, and the lazily fetched card data."""
    from build_tools.ingest import read_seeds

    site, page = build_seed_site(work)
    briefing, _ = read_seeds(work / "seed-site" / "seeds")
    plain_site = build_plain_site(work, briefing.articles[0])
    cards = site / "assets" / "briefing" / "entities.json"
    return {
        "annotated": page_weight(site, page),
        "plain": page_weight(plain_site, ""),
        "cards": _sizes(cards) if cards.is_file() else (0, 0),
        "markup": (markup(site, page), markup(plain_site, "")),
        "editorial": editorial_share(site, page),
    }
