"""YAML that remembers where each value was written: the loader every seed file is read with.

Each value becomes a Node with its line and column, so a mistake can be reported as
``path:line:column: message``. Documents that would never end, or not soon (recursive aliases,
"billion laughs", deep nesting), and values Python cannot hold are refused, each where it is written.
"""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from typing import Any

import yaml

from .errors import Location, Problems, printable, quoted


@dataclass(frozen=True)
class Node:
    """A YAML value with its position; mappings keep their keys' positions too."""

    value: Any  # dict[str, Node] | list[Node] | scalar
    line: int
    column: int
    key_positions: dict[str, tuple[int, int]] = field(default_factory=dict)
    block: bool = False  # a literal or folded block scalar, whose text starts on the next line
    written: str | None = None  # a scalar read as no string (12:30 as 750, 007 as 7): its text as written


# libyaml's parser when PyYAML was built with it (several times faster), the same marks either way.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# Aliases may repeat this many values beyond those a document writes out: enough to reuse a mapping,
# too few for a "billion laughs" document, whose few hundred bytes expand to billions of values.
ALIAS_ALLOWANCE = 1000
# Seeds nest a few levels; the converter recurses once per level, so depth is bounded well below Python's limit.
MAX_NESTING = 100
_STR_TAG = "tag:yaml.org,2002:str"
# Not text anywhere: C0 and C1 controls (but tab and newline), lone surrogates and the two non-characters.
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
            value = self.scalar(node)
            return Node(value, line, column, block=node.style in ("|", ">"), written=None if isinstance(value, str) else node.value)
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
            key = key if isinstance(key, str) else key_node.value  # a label as written: '007', not 7
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
