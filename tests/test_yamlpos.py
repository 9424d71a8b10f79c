"""The YAML loader: positions kept; documents that never end, or cannot be held, refused where they are written."""
from __future__ import annotations

import time

import pytest
import yaml

from build_tools import yamlpos
from build_tools.errors import Problems
from build_tools.yamlpos import load_yaml

from .conftest import LAUGHS


def test_billion_laughs_is_refused_at_once():
    problems = Problems()
    started = time.perf_counter()
    assert load_yaml("g.yml", LAUGHS, problems) is None
    assert time.perf_counter() - started < 1
    assert len(problems.items) == 1


@pytest.mark.parametrize("loader", [yaml.SafeLoader, getattr(yaml, "CSafeLoader", yaml.SafeLoader)], ids=["PyYAML", "libyaml"])
@pytest.mark.parametrize(
    "text, expected",
    [
        ("a: b\x00", "g.yml:1:5: the character U+0000 is not allowed in a YAML file; remove it"),
        ("éé: [x\x07]", "g.yml:1:7: the character U+0007 is not allowed in a YAML file; remove it"),
        ("a: &x [a, *x]", "g.yml:1:4: this value holds an alias of itself (a recursive alias), so it never ends"),
        (LAUGHS, "g.yml:1:11: aliases expand the document beyond the limit of 1000 repeated values; write the values out instead"),
        ("a: " + "[" * 150 + "]" * 150, "g.yml:1:103: values nested more than 100 levels deep are not read"),
        ("a: " + "1" * 5000, f"g.yml:1:4: the number {'1' * 40}… has too many digits (5000; at most 4300 are read)"),
        ("a: 2015-02-30", "g.yml:1:4: '2015-02-30' is not a valid date"),
        ("a: !!bool maybe", "g.yml:1:4: 'maybe' cannot be read as bool; remove the tag"),
        ("a: !!timestamp soon", "g.yml:1:4: 'soon' cannot be read as timestamp; remove the tag"),
        ("a: !!int twelve", "g.yml:1:4: 'twelve' cannot be read as int; remove the tag"),
        ("a: !!set x", "g.yml:1:4: 'x' cannot be read as set; remove the tag"),
    ],
    ids=["NUL", "BEL", "recursive alias", "billion laughs", "deep", "long number", "impossible date", "bool tag", "timestamp tag", "int tag", "set tag"],
)
def test_hostile_yaml_is_reported_by_either_parser(monkeypatch, loader, text, expected):
    monkeypatch.setattr(yamlpos, "_LOADER", loader)
    problems = Problems()
    assert load_yaml("g.yml", text, problems) is None
    assert [str(p) for p in problems.items] == [expected]


def test_aliases_that_repeat_a_few_values_are_read():
    problems = Problems()
    root = load_yaml("g.yml", "a: &s {name: T, url: 'https://x'}\nb: [*s, *s, *s]\n", problems)
    assert problems.items == []
    assert [item.value["name"].value for item in root.value["b"].value] == ["T", "T", "T"]


def test_duplicate_yaml_key_is_an_error():
    problems = Problems()
    load_yaml("g.yml", "a: 1\na: 2\n", problems)
    assert [str(p) for p in problems.items] == ["g.yml:2:1: duplicate key 'a' (first at line 1)"]
