"""Matching: whole words, case as written, longest first, no overlaps, one pass for any glossary size."""
from __future__ import annotations

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

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


def naive_find(entities: list[Entity], text: str) -> list[tuple[int, int, str]]:
    """The rules read literally: at each position, left to right, the longest term that is a whole word there."""
    def word(character: str) -> bool:
        return character.isalnum() or character == "_"

    terms = [(term, entity.id) for entity in entities for term in entity.terms]
    chosen, reached = [], 0
    for start in range(len(text)):
        if start < reached or (start > 0 and word(text[start - 1])):
            continue
        hits = [(len(term), entity_id) for term, entity_id in terms
                if text.startswith(term, start) and not word(text[start + len(term):start + len(term) + 1])]
        if hits:
            length, entity_id = max(hits)
            chosen.append((start, start + length, entity_id))
            reached = start + length
    return chosen


# Few words, often glued together or sharing letters, so that terms overlap, nest and touch.
WORDS = st.sampled_from(["Iran", "Iranian", "a", "ab", "b", "U.S.", "C5+1", "x_1", "é", "Å"])
GAPS = st.sampled_from(["", " ", " ", " ", "-", ".", "’s ", "_", "(", ")", "\u00a0"])
TERMS = st.tuples(st.lists(WORDS, min_size=1, max_size=3), st.sampled_from([" ", " ", "-", ""])).map(lambda t: t[1].join(t[0]))


@st.composite
def glossary_and_text(draw) -> tuple[list[str], int, str]:
    """Unique terms, how many each entity has, and a text of words, terms and pieces of terms between gaps."""
    terms = draw(st.lists(TERMS, min_size=1, max_size=10))
    assume(len(set(terms)) == len(terms))  # one term, one entity: ingest refuses a name or alias of two entities
    pieces = WORDS | st.sampled_from(terms) | st.sampled_from(terms).map(lambda term: term[: len(term) // 2])
    parts = draw(st.lists(st.tuples(pieces, GAPS), max_size=20))
    return terms, draw(st.integers(1, 3)), "".join(piece + gap for piece, gap in parts)


@given(glossary_and_text())
@example((["x a", "a a"], 1, "x a a a"))  # a term's second, overlapping occurrence is a mention once the first is taken
@example((["Iran", "Iranian"], 1, "Iranian Iran"))
def test_the_automaton_finds_what_the_naive_matcher_finds(case):
    terms, per_entity, text = case
    glossary = [entity(f"e{i}", *terms[i:i + per_entity]) for i in range(0, len(terms), per_entity)]
    assert Matcher(glossary).find(text) == naive_find(glossary, text)


# --- scoped aliases and never: -------------------------------------------------------------


def _article(slug: str, **aliases: str):
    from build_tools.model import Article, LocalAlias

    return Article(slug=slug, title=slug, source=None, sections=(), aliases=tuple(LocalAlias(p.replace("_", " "), e) for p, e in aliases.items()))


SCOPED = Matcher(
    [
        entity("kz-election", "2015 Kazakh presidential election"),
        entity("west", "The West"),
        Entity(id="the-west", name="The Western bloc", type="concept", summary="s", never=("West Asia", "West Bank")),
        entity("asia", "Asia"),
        entity("bank", "West Bank"),  # an entry's own name outranks another's never:
    ],
    [_article("kazakh", presidential_election="kz-election", West="the-west")],
)


@pytest.mark.parametrize(
    "article, text, expected",
    [
        ("kazakh", "the early presidential election of April", [("presidential election", "kz-election")]),
        ("iran", "Iran's presidential election of June", []),  # the alias holds in its own article only
        (None, "the presidential election", []),
        ("kazakh", "the West and West Asia", [("West", "the-west")]),  # West Asia hides the West, and marks nothing
        ("kazakh", "Asia, West Asia and the West Bank", [("Asia", "asia"), ("West Bank", "bank")]),
        ("iran", "the West and West Asia", []),
    ],
)
def test_an_articles_own_aliases_hold_there_only_and_never_phrases_mark_nothing(article, text, expected):
    assert [(text[s:e], i) for s, e, i in SCOPED.find(text, article)] == expected


def test_a_phrase_that_means_nothing_in_an_article_hides_nothing_shorter_there():
    matcher = Matcher([entity("talks", "Almaty nuclear talks"), entity("nuclear", "Nuclear")], [_article("a", Nuclear_talks="talks")])
    assert matcher.find("Nuclear talks resumed", "a") == [(0, 13, "talks")]
    assert matcher.find("Nuclear talks resumed", "b") == [(0, 7, "nuclear")]
    assert matcher.occurrences("West Asia", "a") == []


def test_a_matcher_made_from_a_generator_of_entries_holds_all_their_terms():
    assert Matcher(e for e in GLOSSARY).find("Iran and the SCO") == MATCHER.find("Iran and the SCO") == [(0, 4, "iran"), (13, 16, "sco")]
