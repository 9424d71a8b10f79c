"""The words discovery judges by: pycountry's countries as running text writes them, and demonyms."""
from __future__ import annotations

import pytest

from build_tools import lexicon


@pytest.mark.parametrize("name", ["Kazakhstan", "Russia", "Russian Federation", "Iran", "Republic of Korea", "South Korea", "Kyrgyz Republic", "Viet Nam", "Vietnam", "UK"])
def test_countries_are_known_as_text_writes_them(name):
    assert name in lexicon.countries()


@pytest.mark.parametrize("name", ["Asia", "Western", "Washington", "Korea, Democratic People"])
def test_regions_adjectives_cities_and_broken_names_are_no_countries(name):
    assert name not in lexicon.countries()


def test_subdivisions_and_state_codes_come_from_iso_3166_2():
    assert {"New York", "California", "Washington"} <= lexicon.subdivisions()
    assert {"DC", "D.C.", "NY"} <= lexicon.state_codes() and "Central" not in lexicon.subdivisions()


@pytest.mark.parametrize(
    "word, demonym",
    [
        ("Afghan", True), ("Iranian", True), ("Kazakh", True), ("Israeli", True), ("Kyrgyz", True), ("American", True),
        ("European", True), ("Chinese", True), ("Iran", False), ("Manhattan", False), ("Taliban", False), ("Biden", False),
        ("Sullivan", False), ("Japan", False),
    ],
)
def test_demonyms_are_told_from_names(word, demonym):
    assert lexicon.is_demonym(word) is demonym
