"""Which names a prefix search confuses with other entries' titles, and what the entry's page shows for them."""
from __future__ import annotations

import pytest

from build_tools.build import generate
from build_tools.disambiguation import Disambiguation, disambiguate, words
from build_tools.model import Entity

from .conftest import ROOT, write_seeds


def entry(entity_id: str, name: str, *aliases: str) -> Entity:
    return Entity(id=entity_id, name=name, type="concept", summary="A thing.", aliases=aliases)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Iran's nuclear programme", ("iran's", "nuclear", "programme")),
        ("Alma-Ata", ("alma", "ata")),
        ("U.S.", ("u", "s")),
        ("European Union (EU)", ("european", "union", "eu")),
        ("snake_case", ("snake", "case")),
    ],
)
def test_words_are_split_as_a_search_splits_them(text, expected):
    assert words(text) == expected


IRAN = entry("iran", "Iran", "Islamic Republic of Iran")
IRANOPHOBIA = entry("iranophobia", "Iranophobia", "Iran-phobia")
PROGRAMME = entry("iran-nuclear-programme", "Iran's nuclear programme")
DEAL = entry("jcpoa", "Joint Comprehensive Plan of Action", "JCPOA", "Iran nuclear deal")
TIES = entry("ties", "Ties with Iran")
EU = entry("european-union", "European Union", "EU")
EAEU = entry("eaeu", "Eurasian Economic Union", "EAEU")
KAZAKHSTAN = entry("kazakhstan", "Kazakhstan", "Republic of Kazakhstan")


@pytest.mark.parametrize(
    ("entities", "entity_id", "confused"),
    [
        # Titles that begin with the name's words are confused with it; a title that holds it later is not.
        ((IRAN, IRANOPHOBIA, PROGRAMME, TIES), "iran", [("Iran", ["iran-nuclear-programme", "iranophobia"])]),
        # An alias counts as the name does: "EU" begins "Eurasian".
        ((EU, EAEU), "european-union", [("EU", ["eaeu"])]),
        # Every word must begin its title's word in turn.
        ((EU, entry("eu-council", "European Council")), "european-union", [("EU", ["eu-council"])]),
        ((entry("eu", "European Union"), entry("eu-council", "European Council")), "eu", []),
        # A longer name is not confused with a shorter one it begins with.
        ((IRAN, IRANOPHOBIA), "iranophobia", []),
    ],
)
def test_a_term_is_confused_with_the_titles_that_begin_like_it(entities, entity_id, confused):
    names = disambiguate(entities).get(entity_id, Disambiguation())
    assert [(term, [e.id for e in others]) for term, others in names.confused] == confused


@pytest.mark.parametrize(
    ("entities", "entity_id", "shown"),
    [
        # No word of its own title begins like "Iran nuclear deal", words of another's do: the heading shows it.
        ((DEAL, PROGRAMME), "jcpoa", ("Iran nuclear deal",)),
        # Its own title already begins like the alias (the acronym is part of it, or a word is).
        ((entry("sco", "Shanghai Cooperation Organisation", "SCO"), entry("scotland", "Scotland")), "sco", ()),
        ((KAZAKHSTAN, entry("korea", "Republic of Korea")), "kazakhstan", ()),
        # No other title resembles it: nothing to tell apart.
        ((entry("almaty", "Almaty", "Alma-Ata"), entry("russia", "Russia", "Russian Federation")), "almaty", ()),
    ],
)
def test_an_alias_only_another_title_resembles_is_shown_in_the_heading(entities, entity_id, shown):
    assert disambiguate(entities).get(entity_id, Disambiguation()).heading_aliases == shown


def test_entries_with_nothing_to_tell_apart_are_left_out():
    assert disambiguate((KAZAKHSTAN, entry("russia", "Russia", "Russian Federation"))) == {}


def test_the_page_opens_with_the_note_and_its_heading_shows_the_alias(tmp_path):
    """As entity.md.j2 writes them: a note naming a few entries and counting the rest; the heading's alias, out of "Also called"."""
    glossary = "entities:\n" + "".join(
        f"  - {{id: iran-{n}, name: Iran {word}, type: concept, summary: A thing.}}\n"
        for n, word in enumerate(["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta"])
    ) + (
        "  - {id: iran, name: Iran, type: country, summary: A country.}\n"
        "  - {id: deal, name: Joint Plan, type: event, summary: A deal., aliases: [JP, Iran agreement]}\n"
    )
    seeds = write_seeds(tmp_path / "seeds", {"glossary.yml": glossary, "note.txt": "Iran and the Joint Plan.\n", "note.yml": "title: T\nsource: {name: S}\n"})
    files = generate(seeds, ROOT / "templates", cache=tmp_path / "cache").files
    iran = files["glossary/iran.md"]
    heading, note = iran.split("---\n", 2)[2].split("\n\n")[:2]
    assert heading == "# Iran { #title }"
    assert note == (
        "Iran: not to be confused with [Iran alpha](iran-0.md), [Iran beta](iran-1.md), [Iran delta](iran-3.md), "
        "[Iran epsilon](iran-4.md), [Iran eta](iran-6.md) or 2 more entries.\n{ .glossary-hatnote }"
    )
    deal = files["glossary/deal.md"]
    assert "title: Joint Plan (JP)\n" in deal
    assert '# Joint Plan (JP) <small class="glossary-aka">also called Iran agreement</small> { #title }\n' in deal
    assert "· Also called: JP\n" in deal


def test_a_note_opening_with_a_list_marker_stays_a_paragraph(tmp_path):
    glossary = (
        "entities:\n"
        "  - {id: first, name: '1. Division', type: organization, summary: A unit.}\n"
        "  - {id: firsts, name: '1. Divisional staff', type: organization, summary: Its staff.}\n"
    )
    seeds = write_seeds(tmp_path / "seeds", {"glossary.yml": glossary, "note.txt": "The 1. Division met.\n", "note.yml": "title: T\nsource: {name: S}\n"})
    page = generate(seeds, ROOT / "templates", cache=tmp_path / "cache").files["glossary/first.md"]
    assert "\n1\\. Division: not to be confused with [1. Divisional staff](firsts.md).\n{ .glossary-hatnote }\n" in page
