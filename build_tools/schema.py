"""The shapes of the seed files, declared once, and the one validator that checks YAML against them.

A shape is built from small field types: text, id, URL, date, choice, flag, Markdown, list of,
mapping of, record. validate() reports every mistake where it was written, naming what was
expected and what was found ("'title' must be text, but it is a list"), and returns the values:
a value that failed its check is INVALID, a list keeps only its valid items, and a record is a
Fields, complete when every required key is given and every strict field is valid.

Checks across fields and files (quotes found in the text, ids used twice, sections in reading
order, a registry's counters) are no shape: the stages that build the model make them afterwards.
"""
from __future__ import annotations

import datetime
import difflib
import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from .errors import Location, Problems, printable, quoted
from .escape import SCHEMES, markup_problems, url_scheme
from .model import ENTITY_TYPES, NOTE_KINDS, RESERVED_IDS
from .yamlpos import Node

ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# Slugs and entity ids name files of the site, whose file systems stop at 255 bytes a name.
MAX_NAME = 64
DATE = re.compile(r"[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?")
WIKIDATA_ID = re.compile(r"Q[1-9][0-9]*")
# Numbers of at most nine digits: a registry's ids and anchors stay short, and their numbers cheap to read.
_NUMBER = "[1-9][0-9]{0,8}"


class _Invalid:
    """The value of whatever failed its check; the mistake is reported already."""

    def __repr__(self) -> str:
        return "INVALID"


INVALID: Any = _Invalid()


class Context:
    """The file being validated: where mistakes are reported, and whether its Markdown may hold raw HTML."""

    def __init__(self, path: str, problems: Problems, text: str = "", raw_html: bool = False):
        self.path = path
        self.problems = problems
        self.text = text
        self.raw_html = raw_html

    @cached_property
    def lines(self) -> list[str]:  # split only when a mistake inside a value must be placed
        return self.text.split("\n")

    def at(self, node: Node, key: str | None = None) -> Location:
        """Where a value was written, or where its key was when a key is named."""
        if key is not None and key in node.key_positions:
            return Location(self.path, *node.key_positions[key])
        return Location(self.path, node.line, node.column)

    def error(self, node: Node, message: str, key: str | None = None) -> None:
        self.problems.error(self.at(node, key), message)

    def character(self, line: int, column: int) -> str:
        """The character at a 1-based line and column of the file, or ""."""
        text = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        return text[column - 1:column]

    def indent(self, line: int) -> int:
        """How many spaces a 1-based line of the file starts with."""
        text = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        return len(text) - len(text.lstrip(" "))


def describe(value: Any) -> str:
    """A value as messages name what was received: 'a list', 'the number 1', 'nothing'."""
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


def validate(node: Node, kind: Kind, context: Context, what: str = "the file") -> Any:
    """The checked value of a YAML tree of this shape; every mistake is reported to the context's problems."""
    return kind.read(node, what, context)


def valid(value: Any) -> bool:
    """Whether a checked value may be used: not INVALID, and not a record missing something it needs."""
    return value is not INVALID and not (isinstance(value, Fields) and not value.complete)


# --- field types ----------------------------------------------------------------------


class Kind:
    """A field type: read() returns the checked value, or INVALID once the mistake is reported."""

    def read(self, node: Node, what: str, context: Context) -> Any:
        raise NotImplementedError


@dataclass(frozen=True)
class Text(Kind):
    """A non-empty string, stripped; numbers, dates and times are read as they are written (12:30, not 750).

    collapse: runs of white space become single spaces (values shown on one line).
    """

    collapse: bool = False

    def read(self, node: Node, what: str, context: Context) -> Any:
        value = node.value
        if isinstance(value, (datetime.date, datetime.datetime, int, float)) and not isinstance(value, bool):
            value = node.written if node.written is not None else value.isoformat() if isinstance(value, datetime.date) else str(value)
        if not isinstance(value, str):
            context.error(node, f"{what} must be text, but it is {describe(value)}")
            return INVALID
        value = value.strip()
        if not value:
            context.error(node, f"{what} is empty")
            return INVALID
        return " ".join(value.split()) if self.collapse else value


@dataclass(frozen=True)
class Id(Text):
    """An entity's id, which names its page: lower-case words joined by hyphens, short, not the site's own."""

    def read(self, node: Node, what: str, context: Context) -> Any:
        value = super().read(node, what, context)
        if value is INVALID:
            return INVALID
        if not ID_PATTERN.fullmatch(value):
            message = f"id {quoted(value)} must be lower-case letters, digits and single hyphens, like 'united-states'"
        elif len(value) > MAX_NAME:
            message = f"id {quoted(value)} is longer than {MAX_NAME} characters; shorten it (it becomes the page's address)"
        elif value in RESERVED_IDS:
            message = f"id {quoted(value)} is reserved for a page of the site; choose another"
        else:
            return value
        context.error(node, message)
        return INVALID


@dataclass(frozen=True, kw_only=True)
class Pattern(Text):
    """Text of one form; message names the mistake, with {what} and {value} filled in."""

    pattern: re.Pattern
    message: str

    def read(self, node: Node, what: str, context: Context) -> Any:
        value = super().read(node, what, context)
        if value is INVALID or self.pattern.fullmatch(value):
            return value
        context.error(node, self.message.format(what=what, value=quoted(value)))
        return INVALID


@dataclass(frozen=True)
class Url(Text):
    """An address a reader's browser may open: http:, https: or mailto:."""

    def read(self, node: Node, what: str, context: Context) -> Any:
        value = super().read(node, what, context)
        if value is INVALID or url_scheme(value) in SCHEMES:
            return value
        context.error(node, f"{what} {quoted(value)} must start with http:, https: or mailto:")
        return INVALID


@dataclass(frozen=True)
class Date(Text):
    """A date as citations write it: 2015-03-01, or 2015-03 or 2015 where the day is not known."""

    def read(self, node: Node, what: str, context: Context) -> Any:
        value = super().read(node, what, context)
        if value is INVALID:
            return INVALID
        parts = value.split("-")
        try:
            if not DATE.fullmatch(value):
                raise ValueError
            datetime.date(int(parts[0]), int(parts[1]) if len(parts) > 1 else 1, int(parts[2]) if len(parts) > 2 else 1)
        except ValueError:
            context.error(node, f"{what} must be a date like 2015-03-01 (or 2015-03, or 2015), but it is {describe(value)}")
            return INVALID
        return value


@dataclass(frozen=True, kw_only=True)
class Choice(Text):
    """One of the allowed words; a near miss gets a suggestion. noun names the choice in messages."""

    allowed: tuple[str, ...]
    noun: str

    def read(self, node: Node, what: str, context: Context) -> Any:
        value = super().read(node, what, context)
        if value is INVALID or value in self.allowed:
            return value
        close = difflib.get_close_matches(value, self.allowed, n=1)
        hint = f", did you mean '{close[0]}'?" if close else f"; use one of: {', '.join(self.allowed)}"
        context.error(node, f"unknown {self.noun} {quoted(value)}{hint}")
        return INVALID


@dataclass(frozen=True)
class Markdown(Text):
    """An editor's Markdown: links and emphasis welcome; other links and markup refused, each where it was written."""

    def read(self, node: Node, what: str, context: Context) -> Any:
        value = super().read(node, what, context)
        if value is INVALID:
            return INVALID
        problems = markup_problems(str(node.value), context.raw_html)
        for offset, message in problems:
            context.problems.error(_offset_location(context, node, offset), f"{what} {message}")
        return INVALID if problems else value


def _offset_location(context: Context, node: Node, offset: int) -> Location:
    """Where a character of a scalar's value was written: exact in plain and block scalars, and in
    quoted ones without escapes or folded lines."""
    value = str(node.value)
    line = value.count("\n", 0, offset)
    column = offset - (value.rfind("\n", 0, offset) + 1)
    if node.block:  # its text starts on the line after the key, indented
        return Location(context.path, node.line + 1 + line, context.indent(node.line + 1 + line) + column + 1)
    if line:
        return Location(context.path, node.line + line, context.indent(node.line + line) + column + 1)
    is_quoted = context.character(node.line, node.column) in ("'", '"')
    return Location(context.path, node.line, node.column + is_quoted + column)


@dataclass(frozen=True)
class Flag(Kind):
    """True or false."""

    def read(self, node: Node, what: str, context: Context) -> Any:
        if isinstance(node.value, bool):
            return node.value
        context.error(node, f"{what} must be true or false, but it is {describe(node.value)}")
        return INVALID


@dataclass(frozen=True)
class Whole(Kind):
    """A whole number from minimum up."""

    minimum: int = 1

    def read(self, node: Node, what: str, context: Context) -> Any:
        value = node.value
        if isinstance(value, int) and not isinstance(value, bool) and value >= self.minimum:
            return value
        context.error(node, f"{what} must be a whole number from {self.minimum}, but it is {describe(value)}")
        return INVALID


@dataclass(frozen=True)
class ListOf(Kind):
    """A list of items of one kind, keeping the valid ones (with their nodes, when located).

    noun names the list in messages; empty, when given, is the message for an empty list, with {what}.
    """

    item: Kind
    noun: str = "a list"
    empty: str | None = None
    located: bool = False

    def read(self, node: Node, what: str, context: Context) -> Any:
        items = node.value
        if not isinstance(items, list):
            context.error(node, f"{what} must be {self.noun}, but it is {describe(items)}")
            return INVALID
        if not items and self.empty:
            context.error(node, self.empty.format(what=what))
            return INVALID
        item_what = f"an item of {what}"
        found = []
        for item in items:
            value = self.item.read(item, item_what, context)
            if valid(value):
                found.append((value, item) if self.located else value)
        return found


@dataclass(frozen=True)
class MappingOf(Kind):
    """A mapping of labels to values of one kind, as (label, value) pairs, keeping the valid ones.

    noun names the mapping in messages; label names one of its values ("fact 'Founded'").
    """

    value: Kind
    noun: str = "a mapping"
    label: str = "value"

    def read(self, node: Node, what: str, context: Context) -> Any:
        if not isinstance(node.value, dict):
            context.error(node, f"{what} must be {self.noun}, but it is {describe(node.value)}")
            return INVALID
        found = []
        for key, value_node in node.value.items():
            value = self.value.read(value_node, f"{self.label} {quoted(key)}", context)
            if valid(value):
                found.append((key, value))
        return found


@dataclass(frozen=True)
class Field:
    """One key of a record.

    default: the value when the key is not given (or is null, where nullable).
    lenient: a mistake is reported and the default stands in; the record is still used.
    """

    kind: Kind
    required: bool = False
    default: Any = None
    nullable: bool = False
    lenient: bool = False


@dataclass(frozen=True)
class Fields:
    """A record's checked values by key, and the mapping they were read from."""

    node: Node
    values: dict[str, Any]
    complete: bool  # every required key given, every strict field valid

    def __getitem__(self, key: str) -> Any:
        return self.values[key]

    def given(self, key: str) -> bool:
        return key in self.node.value

    def where(self, key: str) -> Node:
        """The node of a given key's value, for messages about it."""
        return self.node.value[key]


@dataclass(frozen=True)
class Record(Kind):
    """A mapping with known keys. name names it in messages ("an entity"); owner prefixes its keys ("the note's ")."""

    name: str
    fields: dict[str, Field]
    owner: str = ""
    _allowed: tuple[str, ...] = field(init=False, repr=False, compare=False)
    _whats: dict[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_allowed", tuple(self.fields))
        object.__setattr__(self, "_whats", {key: f"{self.owner}'{key}'" for key in self.fields})

    def read(self, node: Node, what: str, context: Context) -> Any:
        given = node.value
        if not isinstance(given, dict):
            context.error(node, f"{self.name} must be a mapping, but it is {describe(given)}")
            return INVALID
        for key in given:
            if key not in self.fields:
                close = difflib.get_close_matches(key, self._allowed, n=1)
                hint = f", did you mean '{close[0]}'?" if close else f"; allowed keys: {', '.join(self._allowed)}"
                context.error(node, f"unknown key {quoted(key)} in {self.name}{hint}", key)
        complete = True
        values = {}
        for key, spec in self.fields.items():
            value_node = given.get(key)
            if value_node is None:
                if spec.required:
                    context.error(node, f"{self.name} is missing the required key '{key}'")
                    complete = False
                values[key] = INVALID if spec.required else spec.default
                continue
            if spec.nullable and value_node.value is None:
                values[key] = spec.default
                continue
            value = spec.kind.read(value_node, self._whats[key], context)
            if not valid(value):
                if spec.lenient:
                    value = spec.default
                else:
                    complete, value = False, INVALID
            values[key] = value
        return Fields(node, values, complete)


# --- the shapes of seeds/ ------------------------------------------------------------------

TEXT = Text()
LINE = Text(collapse=True)
URL = Url()
DATE_TEXT = Date()
MARKDOWN = Markdown()
FLAG = Flag()


def _optional(kind: Kind, default: Any = "") -> Field:
    """A key that may be left out or null; a mistake in it is reported, and the record still used."""
    return Field(kind, default=default, nullable=True, lenient=True)


LINK = Record("a link", {"title": Field(LINE, required=True), "url": Field(URL, required=True)}, owner="the link's ")

ENTITY = Record(
    "an entity",
    {
        "id": Field(Id(), required=True),
        "name": Field(TEXT, required=True),
        "type": Field(Choice(allowed=ENTITY_TYPES, noun="type"), required=True),
        "aliases": Field(ListOf(TEXT, located=True), default=(), lenient=True),
        # Required unless the entry is a draft: a check in ingest, as no shape can say it.
        "summary": Field(LINE),
        "description": _optional(MARKDOWN),
        "facts": Field(MappingOf(LINE, noun="a mapping of labels to values", label="fact"), default=(), lenient=True),
        "links": Field(ListOf(LINK), default=(), lenient=True),
        "wikidata": _optional(Pattern(pattern=WIKIDATA_ID, message="{what} must be an item id like 'Q232', but it is {value}")),
        "draft": Field(FLAG, default=False),
        "never": Field(ListOf(TEXT, located=True), default=(), lenient=True),
    },
)

GLOSSARY = Record(
    "the glossary",
    {
        "entities": Field(ListOf(ENTITY), required=True),
        "raw_html": Field(FLAG, default=False, lenient=True),
        # Discovery adds a draft entry for each name the text gives that no entry covers, unless told not to.
        "discover": Field(FLAG, default=True),
        "ignore": Field(ListOf(TEXT, located=True), default=(), nullable=True),
    },
)

SOURCE = Record(
    "'source'",
    {
        "name": Field(TEXT, required=True),
        "url": Field(URL, default=""),
        "published": _optional(DATE_TEXT),
        "author": _optional(TEXT),
    },
    owner="the source's ",
)

# 'starts' is required of every section but the first, which starts with the article: a check after validation.
SECTION = Record("a section", {"title": Field(LINE, required=True), "starts": Field(LINE)}, owner="the section's ")

NOTE = Record(
    "a note",
    {
        "quote": Field(LINE, required=True),
        "prefix": Field(LINE, default="", nullable=True),
        "suffix": Field(LINE, default="", nullable=True),
        "kind": Field(Choice(allowed=NOTE_KINDS, noun="note kind"), required=True),
        "note": Field(MARKDOWN, required=True),
    },
    owner="the note's ",
)

ARTICLE = Record(
    "the article's metadata",
    {
        "title": Field(LINE, required=True),
        "source": Field(SOURCE, required=True),
        "published": _optional(DATE_TEXT),
        "summary": _optional(MARKDOWN),
        "sections": Field(
            ListOf(SECTION, noun="a non-empty list", empty="{what} must be a non-empty list, but it is an empty list"),
            nullable=True,
        ),
        "notes": _optional(ListOf(NOTE), default=()),
        # Phrases that name an entry in this article only: {phrase: entry id}.
        "aliases": Field(MappingOf(TEXT, noun="a mapping of phrases to entry ids", label="the alias"), default=(), lenient=True),
    },
)


def _address_id(passage: str, form: str, example: str) -> Field:
    return Field(Pattern(pattern=re.compile(form), message=f"{{value}} is not an id of a {passage}, like '{example}'"), required=True)


def _anchors(passage: str, form: str, example: str) -> Field:
    """A passage's readable anchors, oldest first: at least one, each of its passage's form."""
    anchor = Pattern(pattern=re.compile(form), message=f"{{value}} is not an anchor of a {passage}, like '{example}'")
    return Field(ListOf(anchor, empty=f"{{what}} must name at least one anchor, like '{example}'"), required=True)


# The records of a registry of permanent addresses, as dump_registry writes them.
SECTION_ADDRESS = Record(
    "a section's address",
    {
        "id": _address_id("section", f"sec-{_NUMBER}", "sec-2"),
        "anchors": _anchors("section", f"s{_NUMBER}", "s2"),
        "title": Field(LINE, required=True),
        "removed": Field(FLAG, default=False),
    },
)
PARAGRAPH_ADDRESS = Record(
    "a paragraph's address",
    {
        "id": _address_id("paragraph", f"para-{_NUMBER}", "para-7"),
        "section": Field(TEXT, required=True),
        "anchors": _anchors("paragraph", f"s{_NUMBER}-p{_NUMBER}", "s2-p3"),
        "text": Field(LINE, required=True),
        "removed": Field(FLAG, default=False),
    },
)

REGISTRY = Record(
    "the registry",
    {
        "next_section": Field(Whole(1), required=True),
        "next_paragraph": Field(Whole(1), required=True),
        "sections": Field(ListOf(SECTION_ADDRESS), required=True),
        "paragraphs": Field(ListOf(PARAGRAPH_ADDRESS), required=True),
    },
)
