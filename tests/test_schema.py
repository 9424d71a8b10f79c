"""The field types and the validator: each case is (kind, the YAML of a value, the checked value, the messages)."""
from __future__ import annotations

import re

import pytest

from build_tools.errors import Problems
from build_tools.schema import (
    FLAG,
    INVALID,
    LINE,
    MARKDOWN,
    TEXT,
    URL,
    Choice,
    Context,
    Date,
    Field,
    Fields,
    Id,
    ListOf,
    MappingOf,
    Pattern,
    Record,
    Whole,
    validate,
)
from build_tools.yamlpos import load_yaml

POINT = Record(
    "a point",
    {"x": Field(Whole(1), required=True), "label": Field(TEXT, default="", nullable=True, lenient=True), "shown": Field(FLAG, default=True)},
    owner="the point's ",
)
SHAPE = Record("a shape", {"name": Field(TEXT, required=True), "at": Field(POINT, required=True)})

CASES = [
    ("text stripped", TEXT, "'  Kazakhstan  '", "Kazakhstan", []),
    ("text from a number", TEXT, "2001", "2001", []),
    ("text from a date", TEXT, "2015-03-01", "2015-03-01", []),
    # YAML 1.1 reads these as numbers or times; text is what the editor wrote, not 750, 7, 448 or 31.
    ("text from a time of day", TEXT, "12:30", "12:30", []),
    ("text from a number with leading zeros", TEXT, "007", "007", []),
    ("text from an octal-looking number", TEXT, "0700", "0700", []),
    ("text from a hexadecimal-looking number", TEXT, "0x1F", "0x1F", []),
    ("text from a signed number", TEXT, "+7", "+7", []),
    ("text from a number with underscores", TEXT, "1_000", "1_000", []),
    ("text from a decimal with a trailing zero", TEXT, "1.50", "1.50", []),
    ("text from a date and time", TEXT, "2015-03-01 10:00:00", "2015-03-01 10:00:00", []),
    ("text as a list", TEXT, "[a]", INVALID, ["v.yml:1:4: 'v' must be text, but it is a list"]),
    ("text as nothing", TEXT, "null", INVALID, ["v.yml:1:4: 'v' must be text, but it is nothing"]),
    ("text empty", TEXT, "' '", INVALID, ["v.yml:1:4: 'v' is empty"]),
    ("a line collapses white space", LINE, "'one   two\tthree'", "one two three", []),
    ("an id", Id(), "united-states", "united-states", []),
    ("an id in capitals", Id(), "USA", INVALID, ["v.yml:1:4: id 'USA' must be lower-case letters, digits and single hyphens, like 'united-states'"]),
    ("an id the site uses", Id(), "search", INVALID, ["v.yml:1:4: id 'search' is reserved for a page of the site; choose another"]),
    ("a pattern", Pattern(pattern=re.compile("Q[0-9]+"), message="{what} is no item id: {value}"), "P31", INVALID, ["v.yml:1:4: 'v' is no item id: 'P31'"]),
    ("a URL", URL, "https://example.org", "https://example.org", []),
    ("a URL of another scheme", URL, "'ftp://x'", INVALID, ["v.yml:1:4: 'v' 'ftp://x' must start with http:, https: or mailto:"]),
    ("a date of a month", Date(), "2015-03", "2015-03", []),
    ("a date of no month", Date(), "2015-13", INVALID, ["v.yml:1:4: 'v' must be a date like 2015-03-01 (or 2015-03, or 2015), but it is '2015-13'"]),
    ("a choice", Choice(allowed=("red", "green"), noun="colour"), "green", "green", []),
    ("a near miss", Choice(allowed=("red", "green"), noun="colour"), "gren", INVALID, ["v.yml:1:4: unknown colour 'gren', did you mean 'green'?"]),
    ("a far miss", Choice(allowed=("red", "green"), noun="colour"), "blue", INVALID, ["v.yml:1:4: unknown colour 'blue'; use one of: red, green"]),
    ("a flag", FLAG, "false", False, []),
    ("a flag as a word", FLAG, "maybe", INVALID, ["v.yml:1:4: 'v' must be true or false, but it is 'maybe'"]),
    ("a whole number", Whole(1), "3", 3, []),
    ("a whole number too small", Whole(1), "0", INVALID, ["v.yml:1:4: 'v' must be a whole number from 1, but it is the number 0"]),
    ("a whole number as a flag", Whole(1), "true", INVALID, ["v.yml:1:4: 'v' must be a whole number from 1, but it is 'true'"]),
    ("Markdown", MARKDOWN, "'*very* [fine](https://x)'", "*very* [fine](https://x)", []),
    (
        "Markdown with a script link",
        MARKDOWN,
        "'[x](javascript:y)'",
        INVALID,
        ["v.yml:1:9: 'v' links to a 'javascript:' address; only http, https, mailto, relative and glossary: links are allowed"],
    ),
    ("a list keeps its valid items", ListOf(TEXT), "[a, '', b]", ["a", "b"], ["v.yml:1:8: an item of 'v' is empty"]),
    ("a list with its nodes", ListOf(TEXT, located=True), "[a]", [("a", (1, 5))], []),
    ("a list as text", ListOf(TEXT), "a", INVALID, ["v.yml:1:4: 'v' must be a list, but it is 'a'"]),
    ("an empty list where one is needed", ListOf(TEXT, empty="{what} needs an item"), "[]", INVALID, ["v.yml:1:4: 'v' needs an item"]),
    ("a mapping of", MappingOf(LINE, noun="a mapping of labels", label="fact"), "{a: x, b: [y]}", [("a", "x")], ["v.yml:1:14: fact 'b' must be text, but it is a list"]),
    ("a mapping's labels and values as written", MappingOf(LINE, label="fact"), "{007: 12:30, Code: +7}", [("007", "12:30"), ("Code", "+7")], []),
    ("a mapping of as a list", MappingOf(LINE, noun="a mapping of labels", label="fact"), "[a]", INVALID, ["v.yml:1:4: 'v' must be a mapping of labels, but it is a list"]),
    ("a record", POINT, "{x: 2}", {"x": 2, "label": "", "shown": True}, []),
    ("a record's null is its default", POINT, "{x: 2, label: null}", {"x": 2, "label": "", "shown": True}, []),
    ("a lenient field's mistake", POINT, "{x: 2, label: [a]}", {"x": 2, "label": "", "shown": True}, ["v.yml:1:18: the point's 'label' must be text, but it is a list"]),
    ("a record as a list", POINT, "[1]", INVALID, ["v.yml:1:4: a point must be a mapping, but it is a list"]),
    (
        "a record's misspelt and missing keys",
        POINT,
        "{lable: a}",
        {"x": INVALID, "label": "", "shown": True},
        ["v.yml:1:5: unknown key 'lable' in a point, did you mean 'label'?", "v.yml:1:4: a point is missing the required key 'x'"],
    ),
    ("an unknown key far from all", POINT, "{x: 1, colour: red}", {"x": 1, "label": "", "shown": True}, ["v.yml:1:11: unknown key 'colour' in a point; allowed keys: x, label, shown"]),
    (
        "a record in a record",
        SHAPE,
        "{name: A, at: {x: 0}}",
        {"name": "A", "at": INVALID},
        ["v.yml:1:22: the point's 'x' must be a whole number from 1, but it is the number 0"],
    ),
]


@pytest.mark.parametrize("kind, written, expected, messages", [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_a_value_is_checked_and_its_mistakes_reported_where_written(kind, written, expected, messages):
    problems = Problems()
    root = load_yaml("v.yml", f"v: {written}\n", problems)
    value = validate(root.value["v"], kind, Context("v.yml", problems, f"v: {written}\n"), "'v'")
    if isinstance(value, Fields):
        value = value.values
    if isinstance(kind, ListOf) and kind.located and value is not INVALID:
        value = [(item, (node.line, node.column)) for item, node in value]
    assert value == expected
    assert [str(p) for p in problems.items] == messages


@pytest.mark.parametrize(
    "written, complete",
    [("{x: 1}", True), ("{x: 1, label: [a]}", True), ("{x: 0}", False), ("{label: a}", False), ("{x: 1, shown: 2}", False)],
    ids=["valid", "a lenient mistake", "a strict mistake", "a required key missing", "a mistake in an optional key"],
)
def test_a_record_is_complete_unless_a_required_or_strict_field_failed(written, complete):
    problems = Problems()
    root = load_yaml("v.yml", f"v: {written}\n", problems)
    assert validate(root.value["v"], POINT, Context("v.yml", problems)).complete is complete
