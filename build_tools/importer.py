"""Import a document as a seed: a read Document → the <slug>.txt and <slug>.yml of seeds/, and what was removed.

compose() is pure: the furniture of lines is removed (furniture.py), headings become sections
that start at the paragraph after them, the metadata becomes the .yml, written by YAML's own
emitter, with what was removed recorded as a comment at its top. write_seed() is the only writer
and refuses to replace an existing seed unless told to.
"""
from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from .errors import printable
from .furniture import TITLE, Cleaned, Removed, Tally, clean, tally
from .model import RESERVED_IDS
from .readers import HTML, PDF, TEXT, WORD, Block, Document, Metadata, one_line, read_document, refuse
from .schema import ID_PATTERN, MAX_NAME

FIRST_SECTION = "Introduction"  # the title of the text before a document's first heading
MIN_QUOTE_WORDS = 3
_WHERE = {HTML: "web page", PDF: "PDF", WORD: "Word file", TEXT: "text file"}


@dataclass(frozen=True)
class Section:
    title: str
    starts: str = ""  # a quote of the paragraph it starts at; "" for the first


@dataclass(frozen=True)
class Seed:
    """One article's seed files, and what the import took out of the document."""

    slug: str
    text: str  # <slug>.txt
    meta: str  # <slug>.yml
    title: str
    sections: tuple[Section, ...]
    removed: tuple[Removed, ...]
    guessed: tuple[tuple[str, str], ...]  # (field, what was written instead) for each field the document does not give


def import_file(path: Path, seeds: Path, slug: str = "", force: bool = False, keep_furniture: bool = False) -> tuple[Seed, list[Path]]:
    """Read the document, compose its seed and write it to seeds/; returns the seed and the files written."""
    seed = compose(read_document(path), slug, keep_furniture)
    return seed, write_seed(seed, seeds, force)


_ENDS_IN_HYPHEN = re.compile(r"[^\W\d_]-$")


def joined_at_real_hyphens(lines: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """Lines whose final hyphen is the text's own ("government-" / "directed") joined to the next
    line, hyphen kept: the build's reflow would take such a hyphen for a split word's."""
    joined: list[str] = []
    for line in lines:
        if joined and _ENDS_IN_HYPHEN.search(joined[-1]) and line[:1].isalpha():
            joined[-1] += line
        else:
            joined.append(line)
    return tuple(joined)


def compose(document: Document, slug: str = "", keep_furniture: bool = False) -> Seed:
    """The seed of a read document (pure)."""
    metadata = _site_from_title(document.metadata)
    guessed: list[tuple[str, str]] = []
    if document.kind in (HTML, WORD):
        paragraphs, sections, removed = _structured(document.blocks, metadata.title)
        title = metadata.title or (sections[0].title if sections else "")
    else:
        cleaned = Cleaned(document.lines, ()) if keep_furniture else clean(document.lines, document.pages, metadata.title)
        lines = joined_at_real_hyphens(cleaned.lines) if document.real_hyphens else cleaned.lines
        paragraphs, sections, removed = list(lines), (), cleaned.removed  # as they are: reflow joins them
        title = metadata.title
        if not title:
            header = next((item.text for item in removed if item.kind.startswith("running")), "")
            title = re.sub(r"(?:…|\.\.\.)$", "", header).strip()
            if title:
                guessed.append(("title", "its running header"))
    if not any(re.search(r"\w", paragraph) for paragraph in paragraphs):
        raise refuse(document.path, f"nothing to import: the {_WHERE[document.kind]} holds no text once its furniture is removed" if removed else f"nothing to import: the {_WHERE[document.kind]} holds no text")
    if not title:
        title = Path(document.path).stem.replace("-", " ").replace("_", " ").strip() or "Untitled"
        guessed.append(("title", "the file's name"))
    site = metadata.site or metadata.author
    if not site:
        site = Path(document.path).name
        guessed.append(("source name", "the file's name"))
    slug = slug or slug_of(title)
    _check_slug(document.path, slug)
    title, site = one_line(title), one_line(site)
    text = ("\n\n" if document.kind in (HTML, WORD) else "\n").join(paragraphs).strip("\n") + "\n"
    meta = _yaml(document.path, document.kind, metadata, title, site, sections, removed, guessed)
    return Seed(slug, text, meta, title, sections, removed, tuple(guessed))


def slug_of(title: str) -> str:
    """A page address from a title: ASCII lower-case words joined by hyphens, at most MAX_NAME characters."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_title.lower().replace("’", "").replace("'", ""))
    slug = ""
    for word in words:
        longer = f"{slug}-{word}" if slug else word
        if len(longer) > MAX_NAME:
            break
        slug = longer
    return slug


def write_seed(seed: Seed, seeds: Path, force: bool = False) -> list[Path]:
    """Write <slug>.txt and <slug>.yml into seeds/ (each whole or not at all); an existing one is kept unless force."""
    if seeds.exists() and not seeds.is_dir():
        raise refuse(str(seeds), "the seeds folder is not a folder")
    paths = [seeds / f"{seed.slug}.txt", seeds / f"{seed.slug}.yml"]
    existing = [path for path in paths if os.path.lexists(path)]
    if existing and not force:
        raise refuse(str(existing[0]), "a seed of this name exists already; pass --force to replace it, or --slug to choose another name")
    seeds.mkdir(parents=True, exist_ok=True)
    written = []
    glossary = seeds / "glossary.yml"
    if not os.path.lexists(glossary):  # a new seeds folder: the build needs a glossary, empty to start a draft
        _write(glossary, "# The glossary of this briefing: add entries (see the README).\nentities: []\n")
        written.append(glossary)
    for path, content in zip(paths, (seed.text, seed.meta)):
        _write(path, content)
        written.append(path)
    return written


def _write(path: Path, content: str) -> None:
    """Write the file whole: a temporary file beside it, renamed over it (no link followed)."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as file:
            file.write(content)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def report_lines(seed: Seed, kept_furniture: bool = False) -> list[str]:
    """What the import removed and guessed, as the command prints it and the .yml's comment records it."""
    lines = []
    tallies = tally(seed.removed)
    if tallies:
        total = sum(t.count for t in tallies)
        lines.append(f"removed {total} line{'s' if total != 1 else ''} (--keep-furniture keeps them):")
        lines.extend(_tally_line(t) for t in tallies)
    elif kept_furniture:
        lines.append("removed nothing (--keep-furniture)")
    else:
        lines.append("removed nothing")
    if seed.sections:
        lines.append(f"{len(seed.sections)} section(s) from the document's headings")
    lines += [_guess(name, instead) for name, instead in seed.guessed]
    return lines


def _guess(name: str, instead: str) -> str:
    return f"{name}: the document gives none; {instead} was written: check it"


def _tally_line(item: Tally) -> str:
    kind = item.kind if item.count == 1 else {"page number": "page numbers", "browser margin": "browser margin lines"}.get(item.kind, item.kind + "s")
    where = f"line {item.sample.line}: " if item.sample.line else ""
    return f"  {item.count} {kind}, such as {where}'{printable(item.sample.text, 80)}'"


def _check_slug(path: str, slug: str) -> None:
    if not slug:
        raise refuse(path, "the title gives no address for the page: choose one with --slug (lower-case letters, digits, hyphens)")
    if not ID_PATTERN.fullmatch(slug) or len(slug) > MAX_NAME:
        raise refuse(path, f"--slug '{printable(slug)}' must be lower-case letters, digits and single hyphens, at most {MAX_NAME} characters")
    if slug in RESERVED_IDS:
        raise refuse(path, f"the address '{slug}' is reserved for a page of the site; choose another with --slug")


def _structured(blocks: tuple[Block, ...], title: str) -> tuple[list[str], tuple[Section, ...], tuple[Removed, ...]]:
    """Paragraphs and sections of a structured document.

    A heading equal to the title is the title; any other heading followed by a paragraph starts a
    section there; a heading followed by another heading or by nothing stays in the text.
    """
    removed = []
    items = list(blocks)
    if items and items[0].heading and title and _same(items[0].text, title):
        removed.append(Removed(0, TITLE, items[0].text))  # a block, not a line
        items = items[1:]
    demoted: set[int] = set()
    while True:
        paragraphs: list[str] = []
        starts: list[tuple[int, str, int]] = []  # (paragraph index, heading, block index)
        for index, block in enumerate(items):
            following = items[index + 1] if index + 1 < len(items) else None
            if block.heading and index not in demoted and following is not None and not following.heading:
                starts.append((len(paragraphs), block.text, index))
            else:
                paragraphs.append(block.text)
        sections: list[Section] = []
        failed = None
        for paragraph_index, heading, block_index in starts:
            if paragraph_index == 0:
                sections.append(Section(heading))
                continue
            quote = _unique_quote(paragraphs, paragraph_index)
            if quote is None:
                failed = block_index
                break
            sections.append(Section(heading, quote))
        if failed is None:
            break
        demoted.add(failed)  # no quote names its paragraph: the heading stays a paragraph of the text
    if sections and sections[0].starts:
        sections.insert(0, Section(FIRST_SECTION))
    return paragraphs, tuple(sections), tuple(removed)


def _unique_quote(paragraphs: list[str], index: int) -> str | None:
    """The shortest opening of the paragraph (at least MIN_QUOTE_WORDS words) that no other paragraph holds."""
    words = paragraphs[index].split()
    for count in range(min(MIN_QUOTE_WORDS, len(words)), len(words) + 1):
        quote = " ".join(words[:count])
        if sum(quote in paragraph for paragraph in paragraphs) == 1:
            return quote
    return None


def _site_from_title(metadata: Metadata) -> Metadata:
    """A title read from a <title> or a PDF's info often ends with the site's name ("Story | Site"): split it off."""
    head, bar, tail = metadata.title.rpartition(" | ")
    origin = dict(metadata.origin).get("title", "")
    if not bar or not head.strip() or len(tail.split()) > 4 or "og:" in origin or "JSON-LD" in origin:
        return metadata
    origin_items = dict(metadata.origin)
    if not metadata.site:
        origin_items["site"] = f"the end of {origin}"
    return replace(metadata, title=head.strip(), site=metadata.site or tail.strip(), origin=tuple(origin_items.items()))


def _same(one: str, other: str) -> bool:
    return " ".join(one.split()).casefold() == " ".join(other.split()).casefold()


def _yaml(
    path: str, kind: str, metadata: Metadata, title: str, site: str, sections: tuple[Section, ...], removed: tuple[Removed, ...], guessed: list[tuple[str, str]]
) -> str:
    """The .yml: a comment on where it came from and what was removed, then the values through YAML's emitter."""
    source: dict[str, str] = {"name": site}
    if metadata.url:
        source["url"] = metadata.url
    if metadata.published:
        source["published"] = metadata.published
    if metadata.author:
        source["author"] = metadata.author
    data: dict = {"title": title, "source": source}
    if len(sections) > 1 or (sections and sections[0].title != FIRST_SECTION):
        data["sections"] = [{"title": s.title, **({"starts": s.starts} if s.starts else {})} for s in sections]
    origin = dict(metadata.origin)
    if metadata.site:
        origin["source name"] = origin.pop("site", "")
    elif metadata.author:
        origin["source name"] = origin.get("author", "") + " (the author; the document names no publisher)"
    comment = [f"Imported by `python -m build_tools import` from {Path(path).name} ({kind})."]
    comment += [f"{key}: from {where}" for key, where in origin.items() if where and (key in ("title", "source name") or getattr(metadata, key, ""))]
    comment += [_guess(name, instead) for name, instead in guessed]
    tallies = tally(removed)
    if tallies:
        comment.append(f"Removed {sum(t.count for t in tallies)} line(s) of the document (import --keep-furniture keeps them):")
        comment += [_tally_line(t).strip() for t in tallies]
    header = "".join(f"# {printable(line, 200)}\n" for line in comment)
    body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=10_000, default_flow_style=False)
    return header + body
