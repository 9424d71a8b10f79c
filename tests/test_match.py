"""Matching: whole words, case as written, longest first, no overlaps, one pass for any glossary size."""
from __future__ import annotations

import pytest

from build_tools.match import Matcher
from build_tools.model import Entity
from build_tools.reflow import reflow


def entity(entity_id: str, name: str, *aliases: str) -> Entity:
    return Entity(id=entity_id, name=name, type="concept", summary="s", aliases=aliases)


GLOSSARY = [
    entity("us", "United States", "US", "U.S."),
    entity("iran", "Iran"),
    entity("iranophobia", "Iranophobia", "Iran-phobia"),
    entity("russia", "Russia"),
    entity("sco", "Shanghai Cooperation Organisation", "Shanghai Cooperation Organization", "SCO"),
    entity("shanghai", "Shanghai"),
    entity("c5", "C5+1"),
    entity("g7", "G7"),
    entity("kazakhstan", "Kazakhstan"),
    entity("zarif", "Mohammad Javad Zarif", "Mohamad Javad Zarif", "Zarif"),
]
MATCHER = Matcher(GLOSSARY)


def found(text: str) -> list[tuple[str, str]]:
    return [(text[start:end], entity_id) for start, end, entity_id in MATCHER.find(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("the US and us", [("US", "us")]),
        ("Iranian companies in Iran", [("Iran", "iran")]),
        ("Russian borders", []),
        ("Kazakhstan’s policy and Russia's interests", [("Kazakhstan", "kazakhstan"), ("Russia", "russia")]),
        ("the U.S.-led talks; the U.S. and USA", [("U.S.", "us"), ("U.S.", "us")]),
        ("U.S.A", []),
        ("the West’s Iran-phobia projects", [("Iran-phobia", "iranophobia")]),
        ("Shanghai Cooperation Organization members", [("Shanghai Cooperation Organization", "sco")]),
        ("in Shanghai, the SCO met", [("Shanghai", "shanghai"), ("SCO", "sco")]),
        ("the C5+1 format and the G7.", [("C5+1", "c5"), ("G7", "g7")]),
        ("G7s and xC5+1", []),
        ("with Mohamad Javad Zarif stated", [("Mohamad Javad Zarif", "zarif")]),
        ("(SCO)", [("SCO", "sco")]),
        ("", []),
    ],
)
def test_matches(text, expected):
    assert found(text) == expected


def test_name_split_across_lines_matches_after_reflow():
    text = reflow("in his visit with Mohamad Javad\nZarif stated")[0].text
    assert found(text) == [("Mohamad Javad Zarif", "zarif")]


def test_marks_never_overlap_or_nest():
    spans = MATCHER.find("the Shanghai Cooperation Organisation SCO Shanghai U.S. US")
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))


def test_empty_glossary_matches_nothing():
    assert Matcher([]).find("Kazakhstan") == []


def test_large_glossary_is_matched_in_one_automaton():
    many = [entity(f"e{i}", f"Term{i}", f"T{i}x") for i in range(5000)]
    matcher = Matcher(many)
    assert [(s, e, i) for s, e, i in matcher.find("Term4999 and T17x but not Term50000")] == [(0, 8, "e4999"), (13, 17, "e17")]
