"""Read a document as it comes (web page, PDF, Word file, text) into blocks or lines and its own metadata.

The edge of the importer: each reader turns a file's bytes into a Document, using a well-kept
library for the format (trafilatura for web pages, pypdf for PDFs, python-docx for Word files).
Nothing here decides what is furniture or writes anything: importer.py does that.
"""
from __future__ import annotations

import datetime
import io
import json
import logging
import re
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path

from .errors import BriefingError, Location, Problem, Problems
from .escape import NOT_XML
from .reflow import CONTROL, normalise_newlines
from .seeds import MAX_SEED_BYTES, NotRead, decode, read_regular

HTML, PDF, WORD, TEXT = "web page", "PDF", "Word file", "text"
SUFFIXES = {".html": HTML, ".htm": HTML, ".pdf": PDF, ".docx": WORD, ".txt": TEXT}
_LIGATURES = re.compile("[\ufb00-\ufb06]")  # ﬁ, ﬂ...: how PDFs print letters, not letters of the text


@dataclass(frozen=True)
class Block:
    """A paragraph, list item or heading of a structured document, on one line."""

    text: str
    heading: bool = False


@dataclass(frozen=True)
class Metadata:
    """What the document says about itself; origin names where each value was found ("og:title")."""

    title: str = ""
    site: str = ""
    url: str = ""
    published: str = ""  # YYYY-MM-DD
    author: str = ""
    origin: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Document:
    """A read document: blocks (web pages, Word files) or lines with the indexes where pages start (PDF, text)."""

    path: str
    kind: str
    metadata: Metadata
    blocks: tuple[Block, ...] = ()
    lines: tuple[str, ...] = ()
    pages: tuple[int, ...] = ()
    # Laid out by an HTML engine (a browser's or WeasyPrint's PDF), which breaks lines only at spaces
    # and at hyphens the text has: a hyphen ending a line is the text's own, never a split word's.
    real_hyphens: bool = False


def refuse(path: str, message: str) -> BriefingError:
    """The error that stops an import, about the whole file."""
    return BriefingError([Problem(Location(path), message)])


def read_document(path: Path) -> Document:
    """The document at path, read by the reader of its kind; a refusal is a BriefingError."""
    name = str(path)
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        suffix = f"'{path.suffix}'" if path.suffix else "without a suffix"
        raise refuse(name, f"unsupported file type {suffix}: import reads .html, .htm, .pdf, .docx and .txt")
    try:
        data = read_regular(path.resolve(), MAX_SEED_BYTES)  # the editor named this file: a link to it is followed
    except NotRead as refused:
        if refused.size is not None:
            raise refuse(name, f"the file holds more than {MAX_SEED_BYTES // 1_000_000} MB, the most import reads") from None
        why = refused.reason or "it is not a regular file (a folder, a pipe or a device)"
        raise refuse(name, f"the file cannot be read: {why}") from None
    readers = {HTML: read_html, PDF: read_pdf, WORD: read_docx, TEXT: read_text}
    return readers[kind](name, data)


def spelt_out(text: str) -> str:
    """Ligatures (ﬁ, ﬂ) as the letters they print."""
    return _LIGATURES.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)


def one_line(text: str) -> str:
    """Text as one line: control characters dropped, white space single, ligatures spelt out."""
    return " ".join(CONTROL.sub("", spelt_out(text)).split())


def day(value: object) -> str:
    """A date as YYYY-MM-DD from a datetime, a date, or text starting with one; "" when it is none."""
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.strftime("%Y-%m-%d")
    match = re.match(r"\s*(\d{4})-(\d{2})-(\d{2})", str(value or ""))
    if not match:
        return ""
    try:
        return datetime.date(*map(int, match.groups())).isoformat()
    except ValueError:
        return ""


def _metadata(found: list[tuple[str, str, str]]) -> Metadata:
    """The first non-empty value of each field, from (field, value, origin) triples in order of preference."""
    values: dict[str, str] = {}
    origin: dict[str, str] = {}
    for key, value, where in found:
        value = day(value) if key == "published" else one_line(str(value or ""))
        if value and key not in values:
            values[key], origin[key] = value, where
    return Metadata(**values, origin=tuple(origin.items()))


# --- web pages -------------------------------------------------------------------------------


def read_html(path: str, data: bytes) -> Document:
    """The article of a web page (trafilatura), headings and list items as their own blocks, and its metadata."""
    import lxml.html
    import trafilatura
    from lxml import etree

    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)  # its notes on discarded parts are not the editor's business
    logging.getLogger("htmldate").setLevel(logging.CRITICAL)
    try:
        tree = lxml.html.document_fromstring(data)
    except (etree.ParserError, ValueError):
        raise refuse(path, "the web page holds no HTML to read") from None
    _drop_control_characters(tree)
    extracted = trafilatura.extract(
        tree, output_format="xml", favor_recall=True, include_comments=False, include_tables=True,
        include_images=False, include_links=False, include_formatting=False, deduplicate=False, with_metadata=False,
    )
    blocks: list[Block] = []
    if extracted:
        main = etree.fromstring(extracted.encode("utf-8")).find("main")
        if main is not None:
            blocks = list(_blocks(main))
    return Document(path, HTML, _html_metadata(tree), blocks=tuple(blocks))


def _drop_control_characters(tree) -> None:
    """Remove the characters XML forbids from the page's text and attributes, which no reader sees anyway:
    lxml's HTML parser keeps them, and trafilatura, which copies elements as XML, then drops the whole
    article or fails inside lxml."""
    for element in tree.iter():
        for part in ("text", "tail"):
            value = getattr(element, part)
            if value and NOT_XML.search(value):
                setattr(element, part, NOT_XML.sub("", value))
        for name, value in element.attrib.items():
            if NOT_XML.search(value):
                element.set(name, NOT_XML.sub("", value))


_BLOCKS = {"p", "head", "item", "quote", "code", "row"}
_CONTAINERS = {"list", "table", "quote", "div", "main"}


def _blocks(element):
    """Trafilatura's XML as blocks: each p, head, list item and table row its own, nested lists after their item."""
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag in _BLOCKS and not (tag == "quote" and child.find("p") is not None):
            text = one_line(_inline_text(child))
            if text:
                yield Block(text, heading=tag == "head")
            yield from _blocks(child)  # lists nested in an item, paragraphs in a cell
        elif tag in _CONTAINERS or tag == "cell":
            yield from _blocks(child)


def _inline_text(element) -> str:
    """An element's own text: line breaks as spaces, nested blocks and lists left out (they are blocks too)."""
    parts = [element.text or ""]
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag == "lb":
            parts.append(" ")
        elif tag == "cell":
            parts.append(" " + _inline_text(child) + " ")
        elif tag not in _BLOCKS | _CONTAINERS:
            parts.append(_inline_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _html_metadata(tree) -> Metadata:
    """From meta tags (og:, article:published_time, author), JSON-LD, <title> and <link rel=canonical>; then trafilatura."""
    import trafilatura

    def meta(*names: str) -> list[tuple[str, str]]:
        found = []
        for name in names:
            for element in tree.xpath("//meta[@property=$n or @name=$n]", n=name):
                found.append((element.get("content") or "", f"the {name} meta tag"))
        return found

    found: list[tuple[str, str, str]] = []
    linked = _json_ld(tree)
    found += [("title", value, where) for value, where in meta("og:title", "twitter:title")]
    found += [("title", value, "JSON-LD headline") for value in linked.get("headline", [])]
    found += [("title", value, "<title>") for value in tree.xpath("//title/text()")[:1]]
    found += [("site", value, where) for value, where in meta("og:site_name", "application-name")]
    found += [("site", value, "JSON-LD publisher") for value in linked.get("publisher", [])]
    found += [("url", value, "<link rel=canonical>") for value in tree.xpath("//link[@rel='canonical']/@href")]
    found += [("url", value, where) for value, where in meta("og:url")]
    found += [("published", value, where) for value, where in meta("article:published_time", "datePublished", "date", "dc.date")]
    found += [("published", value, "JSON-LD datePublished") for value in linked.get("datePublished", [])]
    found += [("author", value, where) for value, where in meta("author", "article:author", "dc.creator")]
    found += [("author", value, "JSON-LD author") for value in linked.get("author", [])]
    extracted = trafilatura.extract_metadata(tree)
    if extracted is not None:
        for key, attribute in (("title", "title"), ("site", "sitename"), ("url", "url"), ("published", "date"), ("author", "author")):
            found.append((key, getattr(extracted, attribute) or "", "trafilatura"))
    metadata = _metadata(found)
    if metadata.url and not re.match(r"https?://", metadata.url, re.IGNORECASE):
        metadata = replace(metadata, url="")
    return metadata


JSON_LD_DEPTH = 20


def _json_ld(tree) -> dict[str, list[str]]:
    """The headline, datePublished, author and publisher names of the page's JSON-LD, wherever they nest."""
    found: dict[str, list[str]] = {}

    # JSON-LD nests a few levels; deeper values are not read (a hostile page could nest thousands).
    def name_of(value, depth: int = 0) -> list[str]:
        if isinstance(value, str):
            return [value]
        if depth > JSON_LD_DEPTH:
            return []
        if isinstance(value, dict):
            return name_of(value.get("name"), depth + 1)
        if isinstance(value, list):
            return [name for item in value for name in name_of(item, depth + 1)]
        return []

    def visit(value, depth: int = 0) -> None:
        if depth > JSON_LD_DEPTH:
            return
        if isinstance(value, list):
            for item in value:
                visit(item, depth + 1)
        elif isinstance(value, dict):
            for key in ("headline", "datePublished"):
                if isinstance(value.get(key), str):
                    found.setdefault(key, []).append(value[key])
            for key in ("author", "publisher"):
                names = [", ".join(name_of(value[key]))] if key in value else []
                found.setdefault(key, []).extend(n for n in names if n)
            for key in ("@graph", "mainEntity", "mainEntityOfPage"):
                visit(value.get(key), depth + 1)

    for script in tree.xpath("//script[@type='application/ld+json']/text()"):
        try:
            visit(json.loads(script))
        except (ValueError, RecursionError):
            continue  # a page's broken (or absurdly nested) JSON-LD is no reason to refuse its article
    return found


# --- PDF ---------------------------------------------------------------------------------------


def read_pdf(path: str, data: bytes) -> Document:
    """A PDF's text, page by page (pypdf), and the metadata of its document info and XMP."""
    import pypdf
    from pypdf.errors import DependencyError, FileNotDecryptedError, PyPdfError

    logging.getLogger("pypdf").setLevel(logging.CRITICAL)  # it logs each repair of a damaged file
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise FileNotDecryptedError
        pages = [page.extract_text() or "" for page in reader.pages]
    except (FileNotDecryptedError, DependencyError):
        raise refuse(path, "the PDF is encrypted: import it once its password is removed (qpdf --decrypt IN OUT)") from None
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as error:  # PyPdfError: also its limits (a stream that inflates past them)
        raise refuse(path, f"the PDF cannot be read: {error}") from None
    if not any(text.strip() for text in pages):
        raise refuse(path, "no text layer: it needs OCR first (for example ocrmypdf IN OUT), then import the result")
    lines: list[str] = []
    starts: list[int] = []
    for text in pages:
        starts.append(len(lines))
        lines.extend(spelt_out(normalise_newlines(text)).split("\n"))
    return Document(path, PDF, _pdf_metadata(reader), lines=tuple(lines), pages=tuple(starts), real_hyphens=_laid_out_as_html(reader))


def _laid_out_as_html(reader) -> bool:
    info = reader.metadata or {}
    creator, producer = str(info.get("/Creator", "")), str(info.get("/Producer", ""))
    return creator.startswith(("Mozilla/", "HeadlessChrome", "Chromium")) or producer.startswith(("Skia/PDF", "WeasyPrint"))


def _pdf_metadata(reader) -> Metadata:
    """XMP first (it is the newer record), then the document info dictionary."""
    found: list[tuple[str, str, str]] = []
    try:
        xmp = reader.xmp_metadata
    except Exception:  # noqa: BLE001 - a damaged XMP packet is only metadata lost; the text still imports
        xmp = None
    if xmp is not None:
        def first(value):
            if isinstance(value, dict):
                return value.get("x-default") or next(iter(value.values()), "")
            if isinstance(value, list):
                return ", ".join(str(v) for v in value)
            return value or ""
        for key, attribute, where in (
            ("title", "dc_title", "XMP dc:title"), ("author", "dc_creator", "XMP dc:creator"),
            ("site", "dc_publisher", "XMP dc:publisher"), ("published", "xmp_create_date", "XMP xmp:CreateDate"),
        ):
            try:
                found.append((key, first(getattr(xmp, attribute)), where))
            except Exception:  # noqa: BLE001 - one unreadable XMP field
                continue
    info = reader.metadata or {}
    found.append(("title", info.get("/Title", ""), "the PDF's /Title"))
    found.append(("author", info.get("/Author", ""), "the PDF's /Author"))
    try:
        created = info.creation_date if hasattr(info, "creation_date") else None
    except Exception:  # noqa: BLE001 - a malformed date string
        created = None
    printed = str(info.get("/Creator", "")).startswith("Mozilla/") or str(info.get("/Producer", "")).startswith("Skia/PDF")
    if not printed:  # a browser's PDF was created when the page was printed, not when it was published
        found.append(("published", created or "", "the PDF's /CreationDate"))
    found = [item for item in found if not (printed and item[2] == "XMP xmp:CreateDate")]
    return _metadata(found)


# --- Word --------------------------------------------------------------------------------------


def read_docx(path: str, data: bytes) -> Document:
    """A Word file's paragraphs and table rows in order (python-docx), Heading styles as headings, and its core properties."""
    import zipfile
    import zlib

    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table
    from lxml import etree

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:  # a Word file is a zip: a small one can unpack to gigabytes
            unpacked = sum(item.file_size for item in archive.infolist())
        if unpacked > MAX_SEED_BYTES:
            raise refuse(path, f"the Word file unpacks to {unpacked // 1_000_000} MB, more than the {MAX_SEED_BYTES // 1_000_000} MB import reads")
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as error:
        raise refuse(path, f"the Word file cannot be read: {error or 'it is no .docx'}") from None
    except zlib.error:
        raise refuse(path, "the Word file cannot be read: its compressed data is damaged") from None
    except etree.XMLSyntaxError as error:  # damaged XML, or entities that expand past libxml2's limit
        raise refuse(path, f"the Word file cannot be read: its XML is damaged ({error.msg})") from None
    blocks: list[Block] = []
    title_style = ""
    for item in document.iter_inner_content():
        if isinstance(item, Table):
            for row in item.rows:
                text = one_line(" ".join(dict.fromkeys(cell.text for cell in row.cells)))  # merged cells repeat
                if text:
                    blocks.append(Block(text))
            continue
        text = one_line(item.text)
        style = (item.style.name if item.style is not None else "") or ""
        if not text:
            continue
        if style == "Title" and not title_style:
            title_style = text
            blocks.append(Block(text, heading=True))
        else:
            blocks.append(Block(text, heading=style.startswith("Heading")))
    core = document.core_properties
    metadata = _metadata([
        ("title", core.title, "the file's Title property"),
        ("title", title_style, "its Title paragraph"),
        ("author", core.author, "the file's Author property"),
        ("published", core.created or "", "the file's Created date"),
    ])
    return Document(path, WORD, metadata, blocks=tuple(blocks))


# --- text --------------------------------------------------------------------------------------


def read_text(path: str, data: bytes) -> Document:
    """A text file's lines (UTF-8), pages where it has form feeds. It carries no metadata."""
    problems = Problems()
    text = decode(path, data, problems)
    problems.raise_if_any()
    lines: list[str] = []
    starts: list[int] = [0]
    for number, page in enumerate(normalise_newlines(text).split("\f")):
        if number:
            starts.append(len(lines))
        lines.extend(page.split("\n"))
    if lines and lines[-1] == "":
        lines.pop()
    return Document(path, TEXT, Metadata(), lines=tuple(lines), pages=tuple(starts) if len(starts) > 1 else ())
