"""Read seeds/ into the model: the only stage that reads input files.

Every value keeps the line it came from, so each mistake is reported as
``path:line:column: message``. All problems of one run are collected and raised
together.
"""
from __future__ import annotations

import codecs
import datetime
import difflib
import errno
import os
import re
import stat
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from .errors import BriefingError, Location, Problem, Problems, printable, quoted
from .escape import SCHEMES, markup_problems, url_scheme
from .model import (
    ENTITY_TYPES,
    NOTE_KINDS,
    RESERVED_IDS,
    AddressRecord,
    Article,
    Briefing,
    Entity,
    Link,
    Note,
    Paragraph,
    Registry,
    Section,
    Source,
)
from .reflow import CONTROL, reflow

ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
DATE = re.compile(r"[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?")
GLOSSARY_FILE = "glossary.yml"
SEED_SUFFIXES = (".txt", ".yml")  # the only files of seeds/ the build opens
# The benchmark's articles reach 20 MB; a seed file five times that is a mistake, and reading it would only fill memory.
MAX_SEED_BYTES = 100_000_000
# Slugs and entity ids name files of the site, whose file systems stop at 255 bytes a name.
MAX_NAME = 64
ENTITY_KEYS = ("id", "name", "type", "aliases", "summary", "description", "facts", "links", "wikidata")
WIKIDATA_ID = re.compile(r"Q[1-9][0-9]*")
ARTICLE_KEYS = ("title", "source", "published", "summary", "sections", "notes")
NOTE_KEYS = ("quote", "prefix", "suffix", "kind", "note")
REGISTRY_SUFFIX = ".anchors.yml"
REGISTRY_KEYS = ("next_section", "next_paragraph", "sections", "paragraphs")
SOURCE_KEYS = ("name", "url", "published", "author")
SECTION_KEYS = ("title", "starts")
LINK_KEYS = ("title", "url")
DEFAULT_SECTION_TITLE = "Full text"
# Words so common that an alias spelled like one would mark ordinary prose.
COMMON_WORDS = frozenset(
    """a about after all also an and any are as at be because been but by can could day did do
    even first for from get go good has have he her him his how i if in into is it its just know
    like make man may me more most my new no not now of on one only or other our out over people
    say see she so some take than that the their them then there these they thing think this
    time to two up us use very want was way we well were what when which who will with would
    year you your""".split()
)


# --- YAML that remembers where each value was written -------------------------------


@dataclass(frozen=True)
class Node:
    """A YAML value with its position; mappings keep their keys' positions too."""

    value: Any  # dict[str, Node] | list[Node] | scalar
    line: int
    column: int
    key_positions: dict[str, tuple[int, int]] = field(default_factory=dict)
    block: bool = False  # a literal or folded block scalar, whose text starts on the next line


# libyaml's parser when PyYAML was built with it (several times faster), the same marks either way.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
# Aliases may repeat this many values beyond those a document writes out: enough to reuse a mapping,
# too few for a "billion laughs" document, whose few hundred bytes expand to billions of values.
ALIAS_ALLOWANCE = 1000
# Seeds nest a few levels; the converter recurses once per level, so depth is bounded well below Python's limit.
MAX_NESTING = 100
# Not text anywhere: C0 and C1 controls (but tab and newline), lone surrogates and the two non-characters.
_STR_TAG = "tag:yaml.org,2002:str"
CONTROL_IN_TEXT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


class _Refused(Exception):
    """Raised to abandon a document that cannot be converted at all (it would never end, or not soon)."""

    def __init__(self, node: yaml.Node, message: str):
        super().__init__(message)
        self.node = node
        self.message = message


def load_yaml(path: str, text: str, problems: Problems) -> Node | None:
    """The document as Nodes, or None after reporting why it cannot be read."""
    loader = None
    try:
        loader = _LOADER(text)  # PyYAML's own reader checks every character here, libyaml's while parsing
        root = loader.get_single_node()
        if root is None:
            return Node(None, 1, 1)
        converter = _Converter(loader, path, problems, _count_values(root) + ALIAS_ALLOWANCE)
        converted = converter.convert(root)
        # Each unreadable value is reported where it is written; the fields that hold one would only add confusion.
        return None if converter.unreadable else converted
    except _Refused as exc:
        problems.error(_mark(path, exc.node.start_mark), exc.message)
        return None
    except yaml.reader.ReaderError:
        problems.error(*_unreadable_character(path, text))
        return None
    except RecursionError:  # only PyYAML's own parser recurses while composing (libyaml stops at 1000 levels)
        problems.error(Location(path, 1, 1), f"values nested more than {MAX_NESTING} levels deep are not read")
        return None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problems.error(_mark(path, mark), f"YAML syntax error: {exc.problem or exc.context}")
        return None
    finally:
        if loader is not None:
            loader.dispose()


def _mark(path: str, mark) -> Location:
    """Where a YAML mark (counted from 0) points, as editors count (from 1)."""
    return Location(path, mark.line + 1, mark.column + 1)


def _unreadable_character(path: str, text: str) -> tuple[Location, str]:
    """Where the first character YAML refuses to read is, found in the text (libyaml reports a byte offset)."""
    found = yaml.reader.Reader.NON_PRINTABLE.search(text)
    if found is None:
        return Location(path, 1, 1), "the file holds a character YAML cannot read"
    line, column = _line_and_column(text, found.start())
    return Location(path, line, column), f"the character U+{ord(found.group()):04X} is not allowed in a YAML file; remove it"


def _line_and_column(text: str, offset: int) -> tuple[int, int]:
    """The line and column, from 1, of a character's offset in the text."""
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _count_values(root: yaml.Node) -> int:
    """How many values a document writes out in its lists and mappings, an alias counting as one."""
    seen: set[int] = set()
    waiting = [root]
    count = 0
    while waiting:  # a loop, not recursion: the document may nest deeply or hold an alias of itself
        node = waiting.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        values = _values(node)
        count += len(values)
        waiting.extend(value for value in values if not isinstance(value, yaml.ScalarNode))
    return count


def _values(node: yaml.Node) -> list[yaml.Node]:
    """A sequence's items or a mapping's values (keys are read as scalars)."""
    return node.value if isinstance(node, yaml.SequenceNode) else [value for _, value in node.value]


class _Converter:
    """Turns composed YAML nodes into Nodes, refusing what would recurse forever or without bound."""

    def __init__(self, loader: yaml.SafeLoader, path: str, problems: Problems, budget: int):
        self.loader = loader
        self.path = path
        self.problems = problems
        self.budget = budget  # values left to convert in lists and mappings, aliases' repetitions included
        self.open: set[int] = set()  # the values being converted: a value met inside itself is a recursive alias
        self.unreadable: set[int] = set()  # scalars reported, each once however often an alias repeats it

    def convert(self, node: yaml.Node) -> Node:
        line, column = node.start_mark.line + 1, node.start_mark.column + 1
        if isinstance(node, yaml.ScalarNode):
            return Node(self.scalar(node), line, column, block=node.style in ("|", ">"))
        if id(node) in self.open:
            raise _Refused(node, "this value holds an alias of itself (a recursive alias), so it never ends")
        if len(self.open) >= MAX_NESTING:
            raise _Refused(node, f"values nested more than {MAX_NESTING} levels deep are not read")
        self.budget -= len(node.value)  # paid by the container, so that scalars, most values, cost nothing more
        if self.budget < 0:
            raise _Refused(node, f"aliases expand the document beyond the limit of {ALIAS_ALLOWANCE} repeated values; write the values out instead")
        self.open.add(id(node))
        try:
            if isinstance(node, yaml.MappingNode):
                return self.mapping(node, line, column)
            return Node([self.convert(item) for item in node.value], line, column)
        finally:
            self.open.discard(id(node))

    def mapping(self, node: yaml.MappingNode, line: int, column: int) -> Node:
        values: dict[str, Node] = {}
        positions: dict[str, tuple[int, int]] = {}
        for key_node, value_node in node.value:
            key = self.scalar(key_node) if isinstance(key_node, yaml.ScalarNode) else None
            where = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if not isinstance(key, (str, int)):
                if id(key_node) not in self.unreadable:
                    self.problems.error(Location(self.path, *where), "a mapping key must be a plain word")
                continue
            key = str(key)
            if key in values:
                self.problems.error(Location(self.path, *where), f"duplicate key {quoted(key)} (first at line {positions[key][0]})")
                continue
            values[key] = self.convert(value_node)
            positions[key] = where
        return Node(values, line, column, positions)

    def scalar(self, node: yaml.ScalarNode) -> Any:
        """The scalar's value; one Python cannot hold (a date that does not exist, a number too long) is reported."""
        if self.unreadable and id(node) in self.unreadable:  # an alias of one reported already
            return None
        if node.tag != _STR_TAG and node.tag != self.loader.resolve(yaml.ScalarNode, node.value, (True, False)):
            # A tag the text does not fit (!!bool maybe, !!timestamp soon) would fail inside PyYAML in its own ways.
            return self.refuse(node, f"{quoted(node.value)} cannot be read as {_tag_name(node)}; remove the tag")
        try:
            value = self.loader.construct_object(node)
        except ValueError:
            return self.refuse(node, _unreadable_scalar(node))
        # isprintable() first: it is quicker than the search, and true of almost every value.
        if isinstance(value, str) and not value.isprintable():
            control = CONTROL_IN_TEXT.search(value)
            if control:
                return self.refuse(node, f"the text holds the invisible character U+{ord(control.group()):04X}, which has no place in text; remove it")
        return value

    def refuse(self, node: yaml.ScalarNode, message: str) -> None:
        """Report a scalar where it is written; the document will not be used."""
        self.unreadable.add(id(node))
        self.problems.error(_mark(self.path, node.start_mark), message)


def _unreadable_scalar(node: yaml.ScalarNode) -> str:
    """Why a scalar written as a number or a date cannot be turned into one."""
    digits = sum(character.isdigit() for character in node.value)
    if node.tag.endswith(":int") and digits > sys.get_int_max_str_digits():
        return f"the number {printable(node.value, 40)} has too many digits ({digits}; at most {sys.get_int_max_str_digits()} are read)"
    if node.tag.endswith(":timestamp"):
        return f"{quoted(node.value)} is not a valid date"
    return f"{quoted(node.value)} cannot be read as {_tag_name(node)}"


def _tag_name(node: yaml.Node) -> str:
    return node.tag.rsplit(":", 1)[-1]


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"'{str(value).lower()}'"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list" if value else "an empty list"
    if isinstance(value, (int, float)):
        return f"the number {printable(str(value))}"
    if isinstance(value, (datetime.date, datetime.datetime)):
        return f"the date {value}"
    return quoted(value)


class _Reader:
    """Type checks for one file; each failed check adds a problem and returns None."""

    def __init__(self, path: str, problems: Problems, text: str = "", raw_html: bool = False):
        self.path = path
        self.problems = problems
        self.lines = text.split("\n")
        self.raw_html = raw_html  # the glossary lets editors' Markdown hold raw HTML

    def character(self, line: int, column: int) -> str:
        """The character at a 1-based line and column of the file, or ""."""
        text = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        return text[column - 1:column]

    def indent(self, line: int) -> int:
        """How many spaces a 1-based line of the file starts with."""
        text = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        return len(text) - len(text.lstrip(" "))

    def at(self, node: Node, key: str | None = None) -> Location:
        if key is not None and key in node.key_positions:
            return Location(self.path, *node.key_positions[key])
        return Location(self.path, node.line, node.column)

    def error(self, node: Node, message: str, key: str | None = None) -> None:
        self.problems.error(self.at(node, key), message)

    def mapping(self, node: Node, what: str, allowed: tuple[str, ...], required: tuple[str, ...]) -> dict[str, Node] | None:
        if not isinstance(node.value, dict):
            self.error(node, f"{what} must be a mapping, but it is {_describe(node.value)}")
            return None
        for key in node.value:
            if key not in allowed:
                close = difflib.get_close_matches(key, allowed, n=1)
                hint = f", did you mean '{close[0]}'?" if close else f"; allowed keys: {', '.join(allowed)}"
                self.error(node, f"unknown key {quoted(key)} in {what}{hint}", key)
        for key in required:
            if key not in node.value:
                self.error(node, f"{what} is missing the required key '{key}'")
        return node.value

    def text(self, node: Node | None, what: str) -> str | None:
        """A non-empty single string; numbers and dates are read as their written form."""
        if node is None:
            return None
        value = node.value
        if isinstance(value, (datetime.date, datetime.datetime)):
            return value.isoformat()
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(value)
        if not isinstance(value, str):
            self.error(node, f"{what} must be text, but it is {_describe(value)}")
            return None
        if not value.strip():
            self.error(node, f"{what} is empty")
            return None
        return value.strip()

    def flag(self, node: Node | None, what: str) -> bool:
        """True or false, false when not given; anything else is reported (and read as false)."""
        if node is None or isinstance(node.value, bool):
            return node is not None and node.value
        self.error(node, f"{what} must be true or false, but it is {_describe(node.value)}")
        return False

    def choice(self, node: Node | None, what: str, allowed: tuple[str, ...], noun: str) -> str | None:
        """One of the allowed words; a near miss gets a suggestion."""
        value = self.text(node, what)
        if value is None or value in allowed:
            return value
        close = difflib.get_close_matches(value, allowed, n=1)
        hint = f", did you mean '{close[0]}'?" if close else f"; use one of: {', '.join(allowed)}"
        self.error(node, f"unknown {noun} {quoted(value)}{hint}")
        return None

    def text_list(self, node: Node | None, what: str) -> list[tuple[str, Node]]:
        if node is None:
            return []
        if not isinstance(node.value, list):
            self.error(node, f"{what} must be a list, but it is {_describe(node.value)}")
            return []
        found = []
        for item in node.value:
            value = self.text(item, f"an item of {what}")
            if value is not None:
                found.append((value, item))
        return found

    def url(self, node: Node | None, what: str) -> str | None:
        value = self.text(node, what)
        if value is None:
            return None
        if url_scheme(value) not in SCHEMES:
            self.error(node, f"{what} {quoted(value)} must start with http:, https: or mailto:")
            return None
        return value


# --- text files -----------------------------------------------------------------------


def decode(path: str, data: bytes, problems: Problems) -> str | None:
    """UTF-8 text (a byte-order mark is accepted and dropped); anything else is an error."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or (len(data) > 1 and b"\x00" in data[:2]):
        problems.error(Location(path, 1), "the file is UTF-16; save it as UTF-8")
        return None
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        problems.error(
            Location(path, line, column),
            f"invalid UTF-8 at byte offset {exc.start} (byte 0x{data[exc.start]:02x}); save the file as UTF-8",
        )
        return None


# --- glossary ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Glossary:
    entities: tuple[Entity, ...] = ()
    raw_html: bool = False  # let editors' Markdown hold raw HTML (off: it is shown as text)


def parse_glossary(path: str, text: str, problems: Problems) -> Glossary:
    root = load_yaml(path, text, problems)
    if root is None:
        return Glossary()
    read = _Reader(path, problems, text)
    top = read.mapping(root, "the glossary", ("entities", "raw_html"), ("entities",))
    if not top or "entities" not in top:
        return Glossary()
    raw_html = read.flag(top.get("raw_html"), "'raw_html'")
    read.raw_html = raw_html is True
    listed = top["entities"]
    if not isinstance(listed.value, list):
        read.error(listed, f"'entities' must be a list, but it is {_describe(listed.value)}")
        return Glossary()
    parsed = [found for found in (_parse_entity(node, read) for node in listed.value) if found is not None]
    _check_unique(parsed, read)
    return Glossary(tuple(entity for entity, _ in parsed), raw_html=raw_html)


def _parse_entity(node: Node, read: _Reader) -> tuple[Entity, dict[str, Location]] | None:
    """The entity, with where each of its terms (name and aliases) was written."""
    fields = read.mapping(node, "an entity", ENTITY_KEYS, ("id", "name", "type", "summary"))
    if fields is None:
        return None
    entity_id = read.text(fields.get("id"), "'id'")
    if entity_id is not None and not ID_PATTERN.fullmatch(entity_id):
        read.error(fields["id"], f"id {quoted(entity_id)} must be lower-case letters, digits and single hyphens, like 'united-states'")
        entity_id = None
    elif len(entity_id) > MAX_NAME:
        read.error(fields["id"], f"id {quoted(entity_id)} is longer than {MAX_NAME} characters; shorten it (it becomes the page's address)")
        entity_id = None
    elif entity_id in RESERVED_IDS:
        read.error(fields["id"], f"id {quoted(entity_id)} is reserved for a page of the site; choose another")
        entity_id = None
    name = read.text(fields.get("name"), "'name'")
    kind = read.choice(fields.get("type"), "'type'", ENTITY_TYPES, "type")
    summary = read.text(fields.get("summary"), "'summary'")
    aliases = read.text_list(fields.get("aliases"), "'aliases'")
    description = _markdown(read, fields.get("description"), "'description'")
    facts = _parse_facts(read, fields.get("facts"))
    links = _parse_links(read, fields.get("links"))
    wikidata = _optional_text(read, fields.get("wikidata"), "'wikidata'")
    if wikidata and not WIKIDATA_ID.fullmatch(wikidata):
        read.error(fields["wikidata"], f"'wikidata' must be an item id like 'Q232', but it is {quoted(wikidata)}")
        wikidata = ""
    if None in (entity_id, name, kind, summary):
        return None
    term_locations = {name: read.at(fields["name"])}
    for term, term_node in [(name, fields["name"]), *aliases]:
        if term in COMMON_WORDS or term.lower() in COMMON_WORDS and term == term.capitalize():
            read.problems.warn(read.at(term_node), f"{quoted(term)} is also a common word: it will mark ordinary prose wherever the word appears")
    for alias, alias_node in aliases:
        if alias in term_locations:
            read.problems.warn(read.at(alias_node), f"alias {quoted(alias)} is listed twice for '{entity_id}'")
        else:
            term_locations[alias] = read.at(alias_node)
    entity = Entity(
        id=entity_id,
        name=name,
        type=kind,
        summary=" ".join(summary.split()),
        aliases=tuple(term_locations)[1:],
        description=description,
        facts=facts,
        links=links,
        wikidata=wikidata,
        location=read.at(node),
    )
    return entity, term_locations


def _optional_text(read: _Reader, node: Node | None, what: str) -> str:
    if node is None or node.value is None:
        return ""
    return read.text(node, what) or ""


def _markdown(read: _Reader, node: Node | None, what: str, required: bool = False) -> str:
    """Editor-written Markdown: links and emphasis welcome; other links and markup refused, each where it was written."""
    text = (read.text(node, what) or "") if required else _optional_text(read, node, what)
    problems = markup_problems(str(node.value), read.raw_html) if text else []
    for offset, message in problems:
        read.problems.error(_offset_location(read, node, offset), f"{what} {message}")
    return "" if problems else text


def _offset_location(read: _Reader, node: Node, offset: int) -> Location:
    """Where a character of a scalar's value was written: exact in plain and block scalars, and in
    quoted ones without escapes or folded lines."""
    value = str(node.value)
    line = value.count("\n", 0, offset)
    column = offset - (value.rfind("\n", 0, offset) + 1)
    if node.block:  # its text starts on the line after the key, indented
        return Location(read.path, node.line + 1 + line, read.indent(node.line + 1 + line) + column + 1)
    if line:
        return Location(read.path, node.line + line, read.indent(node.line + line) + column + 1)
    quoted = read.character(node.line, node.column) in ("'", '"')
    return Location(read.path, node.line, node.column + quoted + column)


def _date(read: _Reader, node: Node | None, what: str) -> str:
    """An optional date as citations write it: 2015-03-01, or 2015-03 or 2015 where the day is not known."""
    text = _optional_text(read, node, what)
    if not text:
        return ""
    parts = text.split("-")
    try:
        if not DATE.fullmatch(text):
            raise ValueError
        datetime.date(int(parts[0]), int(parts[1]) if len(parts) > 1 else 1, int(parts[2]) if len(parts) > 2 else 1)
    except ValueError:
        read.error(node, f"{what} must be a date like 2015-03-01 (or 2015-03, or 2015), but it is {_describe(text)}")
        return ""
    return text


def _parse_facts(read: _Reader, node: Node | None) -> tuple[tuple[str, str], ...]:
    if node is None:
        return ()
    if not isinstance(node.value, dict):
        read.error(node, f"'facts' must be a mapping of labels to values, but it is {_describe(node.value)}")
        return ()
    facts = []
    for label, value_node in node.value.items():
        value = read.text(value_node, f"fact {quoted(label)}")
        if value is not None:
            facts.append((label, " ".join(value.split())))
    return tuple(facts)


def _parse_links(read: _Reader, node: Node | None) -> tuple[Link, ...]:
    if node is None:
        return ()
    if not isinstance(node.value, list):
        read.error(node, f"'links' must be a list, but it is {_describe(node.value)}")
        return ()
    links = []
    for item in node.value:
        fields = read.mapping(item, "a link", LINK_KEYS, LINK_KEYS)
        if fields is None:
            continue
        title = read.text(fields.get("title"), "the link's 'title'")
        url = read.url(fields.get("url"), "the link's 'url'")
        if title and url:
            links.append(Link(" ".join(title.split()), url))
    return tuple(links)


def _check_unique(parsed: list[tuple[Entity, dict[str, Location]]], read: _Reader) -> None:
    ids: dict[str, Entity] = {}
    owners: dict[str, tuple[Entity, Location]] = {}
    for entity, term_locations in parsed:
        if entity.id in ids:
            first = ids[entity.id].location.line
            read.problems.error(entity.location, f"duplicate id '{entity.id}' (first defined at line {first})")
            continue
        ids[entity.id] = entity
        for term, where in term_locations.items():
            owner, first = owners.setdefault(term, (entity, where))
            if owner is not entity:
                read.problems.error(
                    where, f"{quoted(term)} of '{entity.id}' is already a name or alias of '{owner.id}' (line {first.line})"
                )


# --- articles ---------------------------------------------------------------------------


def parse_article(
    slug: str, text_path: str, text: str, meta_path: str, meta_text: str, problems: Problems, raw_html: bool = False
) -> Article | None:
    paragraphs = reflow(text)
    control = CONTROL.search(text)
    if control:
        line = text.count("\n", 0, control.start()) + 1
        problems.warn(Location(text_path, line), f"control character U+{ord(control.group()):04X} removed (and any others)")
    if not paragraphs:
        what = "holds only whitespace" if text else "is empty"
        problems.error(Location(text_path, 1), f"the article {what}")
    root = load_yaml(meta_path, meta_text, problems)
    if root is None:
        return None
    read = _Reader(meta_path, problems, meta_text, raw_html)
    fields = read.mapping(root, "the article's metadata", ARTICLE_KEYS, ("title", "source"))
    if fields is None:
        return None
    title = read.text(fields.get("title"), "'title'")
    source = _parse_source(read, fields.get("source"))
    summary = _markdown(read, fields.get("summary"), "'summary'")
    published = _date(read, fields.get("published"), "'published'")
    sections = _parse_sections(read, fields.get("sections"), paragraphs) if paragraphs else None
    if title is None or source is None or sections is None:
        return None
    notes = _parse_notes(read, fields.get("notes"), sections)
    return Article(
        slug=slug,
        title=" ".join(title.split()),
        source=source,
        sections=sections,
        summary=summary,
        path=text_path,
        title_location=read.at(fields["title"]),
        published=published,
        notes=notes,
    )


def _parse_notes(read: _Reader, node: Node | None, sections: tuple[Section, ...]) -> tuple[Note, ...]:
    if node is None or node.value is None:
        return ()
    if not isinstance(node.value, list):
        read.error(node, f"'notes' must be a list, but it is {_describe(node.value)}")
        return ()
    notes = []
    for item in node.value:
        before = len(read.problems.errors)
        fields = read.mapping(item, "a note", NOTE_KEYS, ("quote", "kind", "note"))
        if fields is None:
            continue
        quote = read.text(fields.get("quote"), "the note's 'quote'")
        kind = read.choice(fields.get("kind"), "the note's 'kind'", NOTE_KINDS, "note kind")
        text = _markdown(read, fields.get("note"), "the note's 'note'", required=True)
        prefix = " ".join(_optional_text(read, fields.get("prefix"), "the note's 'prefix'").split())
        suffix = " ".join(_optional_text(read, fields.get("suffix"), "the note's 'suffix'").split())
        if len(read.problems.errors) > before:  # a quote looked for with a wrong prefix would only add confusion
            continue
        quote = " ".join(quote.split())
        found = _find_quote(quote, prefix, suffix, sections)
        if len(found) != 1:
            context = "".join(f" with {name} {quoted(value)}" for name, value in (("prefix", prefix), ("suffix", suffix)) if value)
            if found:
                where = ", ".join(f"§{s} ¶{p}" for s, p, _ in found[:5])
                read.error(fields["quote"], f"note quote {quoted(quote)}{context} is found {len(found)} times ({where}); add a 'prefix' or 'suffix' to pick one")
            else:
                read.error(fields["quote"], f"note quote {quoted(quote)}{context} is found nowhere in the article")
            continue
        section, paragraph, start = found[0]
        notes.append(
            Note(len(notes) + 1, kind, quote, text, section, paragraph, start, start + len(quote), prefix, suffix, read.at(item))
        )
    return tuple(notes)


def _find_quote(quote: str, prefix: str, suffix: str, sections: tuple[Section, ...]) -> list[tuple[int, int, int]]:
    """Every (section, paragraph, offset) where the quote stands with the given prefix and suffix around it."""
    found = []
    for section in sections:
        for number, paragraph in enumerate(section.paragraphs, start=1):
            text = paragraph.text
            start = text.find(quote)
            while start >= 0:
                before, after = text[:start].rstrip(), text[start + len(quote):].lstrip()
                if before.endswith(prefix) and after.startswith(suffix):
                    found.append((section.number, number, start))
                start = text.find(quote, start + 1)
    return found


def _parse_source(read: _Reader, node: Node | None) -> Source | None:
    if node is None:
        return None
    fields = read.mapping(node, "'source'", SOURCE_KEYS, ("name",))
    if fields is None:
        return None
    name = read.text(fields.get("name"), "the source's 'name'")
    url = read.url(fields["url"], "the source's 'url'") if "url" in fields else ""
    published = _date(read, fields.get("published"), "the source's 'published'")
    author = _optional_text(read, fields.get("author"), "the source's 'author'")
    if name is None or url is None:
        return None
    return Source(name=name, url=url, published=published, author=author)


def _parse_sections(read: _Reader, node: Node | None, paragraphs: tuple[Paragraph, ...]) -> tuple[Section, ...] | None:
    if node is None or node.value is None:
        return (Section(1, DEFAULT_SECTION_TITLE, paragraphs),)
    if not isinstance(node.value, list) or not node.value:
        read.error(node, f"'sections' must be a non-empty list, but it is {_describe(node.value)}")
        return None
    starts: list[tuple[int, str, Node]] = []
    failed = False
    for position, item in enumerate(node.value):
        fields = read.mapping(item, "a section", SECTION_KEYS, ("title",) if position == 0 else SECTION_KEYS)
        if fields is None:
            failed = True
            continue
        title = read.text(fields.get("title"), "the section's 'title'")
        index = 0 if position == 0 and "starts" not in fields else _find_start(read, fields.get("starts"), paragraphs)
        if title is None or index is None:
            failed = True
            continue
        starts.append((index, " ".join(title.split()), item))
    if failed:
        return None
    if starts[0][0] != 0:
        read.error(
            starts[0][2],
            f"the first section starts at paragraph {starts[0][0] + 1}, leaving the paragraphs before it outside "
            "every section; drop its 'starts' or add a section before it",
        )
        return None
    for (before, _, _), (index, title, item) in zip(starts, starts[1:]):
        if index <= before:
            read.error(item, f"section {quoted(title)} starts at paragraph {index + 1}, not after the previous section (paragraph {before + 1}); keep sections in reading order")
            return None
    bounds = [index for index, _, _ in starts] + [len(paragraphs)]
    return tuple(
        Section(number, title, paragraphs[bounds[number - 1]:bounds[number]])
        for number, (_, title, _) in enumerate(starts, start=1)
    )


def _find_start(read: _Reader, node: Node | None, paragraphs: tuple[Paragraph, ...]) -> int | None:
    quote = read.text(node, "the section's 'starts'")
    if quote is None:
        return None
    quote = " ".join(quote.split())
    found = [index for index, paragraph in enumerate(paragraphs) if quote in paragraph.text]
    if not found:
        read.error(node, f"section quote {quoted(quote)} is found in no paragraph of the article")
        return None
    if len(found) > 1:
        where = ", ".join(str(index + 1) for index in found)
        read.error(node, f"section quote {quoted(quote)} is found in {len(found)} paragraphs ({where}); quote more words so it names one")
        return None
    return found[0]


# --- registries of permanent addresses ------------------------------------------------


def parse_registry(path: str, text: str, problems: Problems) -> Registry | None:
    """An article's registry of permanent addresses (written by the build; checked in case of hand edits)."""
    root = load_yaml(path, text, problems)
    if root is None:
        return None
    read = _Reader(path, problems)
    fields = read.mapping(root, "the registry", REGISTRY_KEYS, REGISTRY_KEYS)
    if fields is None or any(key not in fields for key in REGISTRY_KEYS):
        return None
    before = len(problems.errors)
    counters = {}
    for key in ("next_section", "next_paragraph"):
        value = fields[key].value
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            read.error(fields[key], f"'{key}' must be a whole number from 1, but it is {_describe(value)}")
        counters[key] = value
    kinds = {}
    for kind, shape in RECORD_KINDS.items():
        listed = fields[kind]
        if not isinstance(listed.value, list):
            read.error(listed, f"'{kind}' must be a list, but it is {_describe(listed.value)}")
            continue
        kinds[kind] = [record for record in (_parse_record(read, node, shape) for node in listed.value) if record]
        seen: dict[str, int] = {}
        for record, node in kinds[kind]:
            if record.id in seen:
                read.error(node, f"id '{record.id}' appears twice (first at line {seen[record.id]}); an id names one passage only")
            seen.setdefault(record.id, node.line)
            counter = counters[shape.counter]
            if isinstance(counter, int) and int(record.id.split("-")[1]) >= counter:
                read.error(node, f"id '{record.id}' is not below '{shape.counter}' ({counter}): it could be given out again")
    if "sections" in kinds and len(kinds["sections"]) == len(fields["sections"].value):  # else a section's trouble is told already
        _check_paragraph_sections(read, kinds.get("paragraphs", []), {record.id for record, _ in kinds["sections"]})
    if len(problems.errors) > before:
        return None
    return Registry(
        sections=tuple(record for record, _ in kinds["sections"]),
        paragraphs=tuple(record for record, _ in kinds["paragraphs"]),
        next_section=counters["next_section"],
        next_paragraph=counters["next_paragraph"],
    )


@dataclass(frozen=True)
class _RecordShape:
    """What a registry record of one kind holds, as dump_registry writes it."""

    passage: str  # "section", "paragraph"
    keys: tuple[str, ...]
    required: tuple[str, ...]
    text_key: str  # the key holding the section's title or the paragraph's text
    counter: str  # the registry's key giving the next id of this kind
    id: re.Pattern
    id_example: str
    anchor: re.Pattern
    anchor_example: str


# Numbers of at most nine digits: ids and anchors stay short, and their numbers stay cheap to read.
_NUMBER = "[1-9][0-9]{0,8}"
RECORD_KINDS = {
    "sections": _RecordShape(
        "section", ("id", "anchors", "title", "removed"), ("id", "anchors", "title"), "title", "next_section",
        re.compile(f"sec-{_NUMBER}"), "sec-2", re.compile(f"s{_NUMBER}"), "s2",
    ),
    "paragraphs": _RecordShape(
        "paragraph", ("id", "section", "anchors", "text", "removed"), ("id", "section", "anchors", "text"), "text", "next_paragraph",
        re.compile(f"para-{_NUMBER}"), "para-7", re.compile(f"s{_NUMBER}-p{_NUMBER}"), "s2-p3",
    ),
}


def _parse_record(read: _Reader, node: Node, shape: _RecordShape) -> tuple[AddressRecord, Node] | None:
    """One record of the registry with its node; None once whatever is wrong with it is reported."""
    before = len(read.problems.errors)
    fields = read.mapping(node, f"a {shape.passage}'s address", shape.keys, shape.required)
    if fields is None:
        return None
    record_id = read.text(fields.get("id"), "'id'")
    if record_id is not None and not shape.id.fullmatch(record_id):
        read.error(fields["id"], f"{quoted(record_id)} is not an id of a {shape.passage}, like '{shape.id_example}'")
    anchors = _record_anchors(read, fields.get("anchors"), shape)
    text = read.text(fields.get(shape.text_key), f"'{shape.text_key}'")
    section = read.text(fields.get("section"), "'section'") if "section" in shape.keys else ""
    removed = read.flag(fields.get("removed"), "'removed'")
    if len(read.problems.errors) > before:
        return None
    return AddressRecord(record_id, anchors, " ".join(text.split()), section, removed), node


def _record_anchors(read: _Reader, node: Node | None, shape: _RecordShape) -> tuple[str, ...]:
    """A record's readable anchors, oldest first: at least one, each of its passage's form."""
    if node is not None and node.value == []:
        read.error(node, f"'anchors' must name at least one anchor, like '{shape.anchor_example}'")
    anchors = read.text_list(node, "'anchors'")
    for anchor, item in anchors:
        if not shape.anchor.fullmatch(anchor):
            read.error(item, f"{quoted(anchor)} is not an anchor of a {shape.passage}, like '{shape.anchor_example}'")
    return tuple(anchor for anchor, _ in anchors)


def _check_paragraph_sections(read: _Reader, paragraphs: list[tuple[AddressRecord, Node]], sections: set[str]) -> None:
    """Every paragraph record is in a section the registry records (removed or not)."""
    for record, node in paragraphs:
        if record.section not in sections:
            read.error(
                node.value["section"], f"paragraph '{record.id}' is in section {quoted(record.section)}, which this registry does not record"
            )


def dump_registry(article: Article) -> str:
    """The registry as YAML, with a header telling editors what it is."""
    registry = article.registry
    data = {
        "next_section": registry.next_section,
        "next_paragraph": registry.next_paragraph,
        "sections": [_record_data(r, "title") for r in registry.sections],
        "paragraphs": [_record_data(r, "text") for r in registry.paragraphs],
    }
    header = (
        f"# Permanent addresses of {Path(article.path).name}, kept up to date by the build.\n"
        "# Commit this file with the article: published links depend on it. Never edit or reuse an id.\n"
    )
    return header + yaml.dump(data, Dumper=_DUMPER, sort_keys=False, allow_unicode=True, width=100, default_flow_style=None)


def _record_data(record: AddressRecord, text_key: str) -> dict:
    data: dict = {"id": record.id}
    if record.section:
        data["section"] = record.section
    data["anchors"] = list(record.anchors)
    if record.removed:
        data["removed"] = True
    data[text_key] = record.text
    return data


# --- the seeds folder ---------------------------------------------------------------


def list_seed_files(seeds: Path, problems: Problems) -> dict[str, Path | None]:
    """The .txt and .yml entries of seeds/, by name: a regular file's path, or None where the entry was refused.

    Nothing is followed or opened here: a symbolic link could publish a file of the build machine,
    and opening a named pipe waits for a writer forever. Other names are not looked at.
    """
    try:
        mode = os.lstat(seeds).st_mode
    except FileNotFoundError:
        problems.error(Location(str(seeds)), "the seeds folder does not exist")
        return {}
    except OSError as exc:
        problems.error(Location(str(seeds)), f"the seeds folder cannot be read: {exc.strerror}")
        return {}
    if stat.S_ISLNK(mode) or not stat.S_ISDIR(mode):
        problems.error(Location(str(seeds)), f"the seeds folder is {_kind(mode)}; give the folder itself")
        return {}
    found: dict[str, Path | None] = {}
    with os.scandir(seeds) as entries:
        for entry in entries:
            if entry.name.endswith(SEED_SUFFIXES):
                path = seeds / entry.name
                found[entry.name] = path if _is_regular(path, entry.stat(follow_symlinks=False).st_mode, problems) else None
    return dict(sorted(found.items()))


def read_seed(path: Path, problems: Problems) -> str | None:
    """A listed seed file's text; it is checked again once open, in case it was replaced after listing."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            _is_regular(path, stat.S_IFLNK, problems)
        else:
            problems.error(Location(str(path)), f"the file cannot be read: {exc.strerror}")
        return None
    try:
        info = os.fstat(descriptor)
        if not _is_regular(path, info.st_mode, problems) or not _fits(path, info.st_size, problems):
            return None
        with open(descriptor, "rb", closefd=False) as file:
            data = file.read(MAX_SEED_BYTES + 1)
    finally:
        os.close(descriptor)
    if not _fits(path, len(data), problems):  # it grew while being read
        return None
    return decode(str(path), data, problems)


def _is_regular(path: Path, mode: int, problems: Problems) -> bool:
    """Whether the entry is a regular file; a link or any other kind of entry is reported."""
    if stat.S_ISREG(mode):
        return True
    if stat.S_ISLNK(mode):
        try:
            target = quoted(os.readlink(path))
        except OSError:
            target = "another file"
        problems.error(Location(str(path)), f"this is a symbolic link; seeds/ must hold the file itself, not a link to {target}")
    else:
        problems.error(Location(str(path)), f"this is {_kind(mode)}, not a regular file; only regular files are read from seeds/")
    return False


def _fits(path: Path, size: int, problems: Problems) -> bool:
    """Whether a file of this size may be read; a larger one is reported."""
    if size <= MAX_SEED_BYTES:
        return True
    problems.error(Location(str(path)), f"the file holds more than {MAX_SEED_BYTES // 1_000_000} MB, the most a seed file may hold")
    return False


def _kind(mode: int) -> str:
    """What a file-system entry is, in words."""
    kinds = (
        (stat.S_ISLNK, "a symbolic link"),
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a named pipe (FIFO)"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a device"),
        (stat.S_ISBLK, "a device"),
        (stat.S_ISREG, "a file"),
    )
    return next((words for test, words in kinds if test(mode)), "a special file")


def read_seeds(seeds: Path) -> tuple[Briefing, tuple[Problem, ...]]:
    """Read every seed file; return the briefing and the warnings, or raise every error together."""
    problems = Problems()
    files = list_seed_files(seeds, problems)
    problems.raise_if_any()  # the folder itself is unusable: nothing else can be said
    glossary = Glossary()
    if files.get(GLOSSARY_FILE):
        text = read_seed(files[GLOSSARY_FILE], problems)
        if text is not None:
            glossary = parse_glossary(str(files[GLOSSARY_FILE]), text, problems)
    elif GLOSSARY_FILE not in files:
        problems.error(Location(str(seeds / GLOSSARY_FILE)), "the glossary file is missing")
    texts = {name.removesuffix(".txt"): path for name, path in files.items() if name.endswith(".txt")}
    metas = {
        name.removesuffix(".yml"): path
        for name, path in files.items()
        if name.endswith(".yml") and name != GLOSSARY_FILE and not name.endswith(REGISTRY_SUFFIX)
    }
    articles = []
    for slug in sorted(texts.keys() | metas.keys()):
        text_path, meta_path = texts.get(slug), metas.get(slug)
        if slug not in metas:
            problems.error(Location(str(seeds / f"{slug}.txt")), f"the article has no metadata file {printable(slug)}.yml beside it")
            continue
        if slug not in texts:
            problems.error(Location(str(seeds / f"{slug}.yml")), f"the metadata has no article {printable(slug)}.txt beside it")
            continue
        if text_path is None or meta_path is None:  # refused when listed, and reported then
            continue
        if not _check_slug(slug, text_path, problems):
            continue
        text = read_seed(text_path, problems)
        meta = read_seed(meta_path, problems)
        if text is None or meta is None:
            continue
        article = parse_article(slug, str(text_path), text, str(meta_path), meta, problems, glossary.raw_html)
        registry_path = files.get(f"{slug}{REGISTRY_SUFFIX}")
        if article is not None and registry_path is not None:
            registry_text = read_seed(registry_path, problems)
            registry = parse_registry(str(registry_path), registry_text, problems) if registry_text is not None else None
            article = replace(article, registry=registry) if registry is not None else None
        if article is not None:
            articles.append(article)
    for name in files:
        if name.endswith(REGISTRY_SUFFIX) and name.removesuffix(REGISTRY_SUFFIX) not in texts:
            problems.warn(Location(str(seeds / name)), "this registry of addresses belongs to no article; its addresses no longer resolve")
    if not texts and not metas:
        problems.error(Location(str(seeds)), "the seeds folder holds no article (<slug>.txt with <slug>.yml)")
    _check_titles(articles, problems)
    _check_note_references(articles, {e.id for e in glossary.entities}, problems)
    problems.raise_if_any()
    briefing = Briefing(entities=glossary.entities, articles=tuple(articles), raw_html=glossary.raw_html)
    return briefing, tuple(problems.warnings)


def _check_slug(slug: str, path: Path, problems: Problems) -> bool:
    """Whether the article's file name can be its page's address."""
    if not ID_PATTERN.fullmatch(slug):
        problems.error(Location(str(path)), f"the file name {quoted(slug)} must be lower-case letters, digits and single hyphens (it becomes the page's address)")
    elif len(slug) > MAX_NAME:
        problems.error(Location(str(path)), f"the file name {quoted(slug)} is longer than {MAX_NAME} characters; shorten it (it becomes the page's address)")
    elif slug in RESERVED_IDS:
        problems.error(Location(str(path)), f"the file name {quoted(slug)} is reserved for a page of the site; rename the article")
    else:
        return True
    return False


def _check_note_references(articles: list[Article], ids: set[str], problems: Problems) -> None:
    for article in articles:
        for note in article.notes:
            for reference in note.references:
                if reference not in ids:
                    close = difflib.get_close_matches(reference, sorted(ids), n=1)
                    hint = f", did you mean '{close[0]}'?" if close else ""
                    problems.error(note.location, f"note {note.number} links to 'glossary:{reference}', which is no glossary id{hint}")


def _check_titles(articles: list[Article], problems: Problems) -> None:
    seen: dict[str, Article] = {}
    for article in articles:
        first = seen.setdefault(article.title, article)
        if first is not article:
            problems.error(article.title_location, f"the title {quoted(article.title)} is already used by {printable(first.title_location.path, None)}")
