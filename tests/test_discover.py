"""Discovery: names found in the text alone, their forms grouped into one entry, their types guessed."""
from __future__ import annotations

import time

import pytest

from build_tools.discover import as_drafts, discover, slug
from build_tools.model import Article, Section, Source
from build_tools.reflow import reflow


def article(text: str, slug_: str = "a") -> Article:
    return Article(slug=slug_, title="A", source=Source("S"), sections=(Section(1, "Full text", reflow(text)),), path=f"{slug_}.txt")


def entries(text: str, **options) -> dict[str, tuple[str, tuple[str, ...]]]:
    """name → (type, aliases) of every entity discovered in the text."""
    return {d.name: (d.type, d.aliases) for d in discover([article(text)], **options)}


# --- grouping ---------------------------------------------------------------------------------


def test_a_full_name_and_the_surname_used_later_are_one_person():
    found = entries("We met Dr. Elizabeth Sherwood-Randall in the morning. In the evening Dr. Sherwood-Randall left.")
    assert found == {"Elizabeth Sherwood-Randall": ("person", ("Sherwood-Randall",))}


def test_a_given_name_alone_is_the_person_a_transcript_addresses():
    found = entries("We go first to David Sanger of the press. Thanks. David, please go ahead.")
    assert found == {"David Sanger": ("person", ("David",))}


def test_a_brand_is_not_the_given_name_of_its_product():
    found = entries("Hackers exploited the SolarWinds Orion platform. Later SolarWinds said so.")
    assert found["SolarWinds"] == ("organization", ())


def test_an_acronym_in_brackets_after_its_expansion_is_one_entry():
    found = entries("Kazakhstan is a member of the Collective Security Treaty Organization (CSTO). Later the CSTO met.")
    assert found["Collective Security Treaty Organization"] == ("organization", ("CSTO",))


def test_an_acronym_and_the_name_whose_initials_it_spells_are_one_entry():
    found = entries("Leaders came to the United Nations General Assembly in September. Every year the UNGA opens then.")
    # "United Nations" is a name of its own, found inside the longer one.
    assert found == {"United Nations General Assembly": ("organization", ("UNGA",)), "United Nations": ("organization", ())}


@pytest.mark.parametrize(
    "text",
    [
        "The United States said so. Later U.S. officials agreed, and the US said it again.",
        "Officials of the US spoke. The United States agreed with U.S. allies.",
    ],
)
def test_us_with_and_without_dots_is_the_united_states(text):
    found = entries(text)
    assert list(found) == ["United States"]
    assert found["United States"][0] == "country"
    assert set(found["United States"][1]) == {"U.S.", "US"}


def test_a_possessive_is_the_name_itself():
    found = entries("Observers praised Kazakhstan’s policy. Many doubt Kazakhstan's plans, and Kazakhstan knows it.")
    assert found == {"Kazakhstan": ("country", ())}


def test_an_acronym_before_a_name_joins_the_expanded_name():
    found = entries("The annual U.N. General Assembly opens. Leaders at the United Nations General Assembly spoke. The General Assembly closed.")
    name, (kind, aliases) = next(iter(found.items()))
    assert (name, kind) == ("United Nations General Assembly", "organization")
    assert set(aliases) == {"U.N. General Assembly", "General Assembly"}


def test_the_head_of_a_name_before_of_is_that_name():
    found = entries("Leaders signed the Universal Declaration of Human Rights long ago. The Universal Declaration stands.")
    assert found == {"Universal Declaration of Human Rights": ("event", ("Universal Declaration",))}


@pytest.mark.parametrize(
    "text, names",
    [
        ("Leaders from Russia and China met.", {"Russia", "China"}),
        ("Funds from the World Bank and the IMF arrived.", {"World Bank", "IMF"}),
        ("He spoke at the Council on Foreign Relations yesterday.", {"Council on Foreign Relations"}),
        ("The Ministry of Finance of the Russian Federation issued bonds.", {"Ministry of Finance of the Russian Federation", "Russian Federation"}),
        ("He thanked Netanyahu of Israel for coming.", {"Netanyahu", "Israel"}),
    ],
)
def test_connectors_join_a_name_only_after_a_word_that_takes_them(text, names):
    assert set(entries(text)) == names


def test_a_title_between_names_separates_them():
    found = entries("We heard from U.N. Secretary-General António Guterres this week.")
    assert found["António Guterres"][0] == "person"
    assert "U.N." in found and not any("Secretary" in name for name in found)


@pytest.mark.parametrize(
    "text, name, kind",
    [
        ("Both share a Special Relationship still.", "Special Relationship", "person"),  # "Special" alone is no title
        ("He told the President’s Cabinet so.", "Cabinet", "organization"),  # a possessive title says nothing of the next word
    ],
)
def test_words_of_titles_that_are_no_title_stay_in_the_name(text, name, kind):
    assert entries(text)[name][0] == kind


def test_names_inside_a_longer_name_are_entries_of_their_own():
    found = entries("They met at the U.S.-Japan-Republic of Korea Trilateral Leader Summit last month.")
    assert found["U.S.-Japan-Republic of Korea Trilateral Leader Summit"][0] == "event"
    assert {"Japan", "Republic of Korea", "U.S."} <= set(found)


# --- what is left out -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "However, nothing happened here.",  # a sentence-initial capital
        "Yesterday the talks ended. Tomorrow they start again.",
        "The Foreign Minister spoke, and the Prime Minister listened.",  # titles of office on their own
        "The Secretary-General and the President arrived.",
        "Afghan and Iranian traders met Western buyers.",  # demonyms and adjectives
        "The North Korean delegation and Central Asian states sat apart.",
        "They met on Monday, 3 March, and again in September.",  # weekdays and months
        "The call began at 4:06 P.M. EDT and ended at 5:00 a.m. Eastern.",
        "MODERATOR: Thank you all for joining.",  # speaker labels
        "Q Thanks. What about the talks?",
        "SENIOR ADMINISTRATION OFFICIAL: Sure. Good afternoon.",
        "I’d say I’m glad, and I’ll say it again.",
        "The Transatlantic community stands united.",  # a lone adjective before its noun
        "Creating Jobs and Building Sustainable Infrastructure\n\nThe talks began.",  # a heading line in title case
        "TACKLING THE CLIMATE CRISIS AT HOME\n\nThe talks began.",  # a heading in capitals
        "He met the Secretary of State and the Secretary of Defense.",  # offices, not institutions
        "She named a Chief Science Officer.",  # the name of an office
        "Imposing Additional Costs for Harmful Foreign Activities\nToday the talks began.",  # a heading run into the text
    ],
)
def test_what_is_not_a_name_is_left_out(text):
    assert entries(text) == {}


def test_a_title_case_line_that_is_one_name_is_a_list_item_and_kept():
    assert entries("Members:\n\nDepartment of Agriculture\n\nSmall Business Administration\n") == {
        "Department of Agriculture": ("organization", ()),
        "Small Business Administration": ("organization", ()),
    }


def test_a_heading_keeps_a_name_the_text_names_and_its_kind_noun_ends():
    # "Harbour" is a name where no sentence starts, and "Plan" says what the heading's run names; the
    # heading's other capitals ("Further Steps") say nothing.
    text = "Further Steps on the Harbour Dredging Plan\n\nThe port asked the Harbour Trust to dredge it again."
    assert entries(text) == {"Harbour Dredging Plan": ("event", ()), "Harbour Trust": ("organization", ())}
    # Without the text's own capital, a heading's run is still its style alone.
    assert entries("Further Steps on the Harbour Dredging Plan\n\nThe port asked for dredging.") == {}


@pytest.mark.parametrize(
    "text, name",
    [("They launched the Partnership for Workers’ Rights today.", "Partnership for Workers’ Rights"), ("Diplomats of the People’s Republic of China came.", "People’s Republic of China")],
)
def test_a_plurals_possessive_stays_inside_a_name(text, name):
    assert name in entries(text)


def test_a_sentence_initial_name_the_text_capitalises_elsewhere_is_kept():
    found = entries("The Treasury acted today. Treasury officials spoke after that.")
    assert found == {"Treasury": ("organization", ())}


def test_a_sentence_initial_capital_after_an_abbreviation_is_no_sentence_start():
    found = entries("The U.S. Department of the Treasury (Treasury) acted.")
    assert found == {"U.S. Department of the Treasury": ("organization", ("Treasury",)), "U.S.": ("country", ())}


def test_a_name_inside_an_editors_longer_name_is_still_found_where_it_stands_alone():
    # Accepting "United Nations General Assembly" must not take away the draft for "United Nations",
    # which the text also names on its own; "Nations" alone, only ever inside the mark, stays unsuggested.
    text = "Leaders came to the United Nations General Assembly in September. Norms were negotiated in the United Nations."
    unga = text.index("United Nations General Assembly")
    marks = {("a", 1, 1): [(unga, unga + len("United Nations General Assembly"), "unga")]}
    found = {d.name: d for d in discover([article(text)], marks=marks)}
    assert list(found) == ["United Nations"]
    assert found["United Nations"].first.start == text.rindex("United Nations")


def test_ignored_names_are_no_entries():
    assert entries("Leaders of Russia and China met the CSTO.", ignore={"CSTO", "China"}) == {"Russia": ("country", ())}


# --- types ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, name, kind",
    [
        ("Then President Biden spoke to them.", "Biden", "person"),
        ("A statement came from Jake Sullivan later.", "Jake Sullivan", "person"),
        ("Troops left Kazakhstan that year.", "Kazakhstan", "country"),
        ("Talks were held in the Kyrgyz Republic that year.", "Kyrgyz Republic", "country"),
        ("Funds reach Central Asia slowly.", "Central Asia", "place"),
        ("Ships crossed the South China Sea slowly.", "South China Sea", "place"),
        ("They met in New York for a week.", "New York", "place"),
        ("He spoke to the National Security Agency about it.", "National Security Agency", "organization"),
        ("A grant from USAID arrived.", "USAID", "organization"),
        ("Officials of the Biden administration spoke.", "Biden administration", "organization"),
        ("Leaders prepared the NATO Summit then.", "NATO Summit", "event"),
        ("Congress passed the Inflation Reduction Act last year.", "Inflation Reduction Act", "event"),
        ("They acted under Executive Order 13873 then.", "Executive Order 13873", "event"),
        ("Reporters of The Washington Post asked.", "The Washington Post", "media"),  # "The" inside a sentence starts a name
        ("The agencies issued “Russian SVR Targets U.S. and Allied Networks,” an advisory.", "Russian SVR Targets U.S. and Allied Networks", "media"),
        ("Some doubt the 2020 U.S. presidential election still.", "2020 U.S. presidential election", "event"),
        ("They defend the Second Amendment loudly.", "Second Amendment", "event"),
        ("Agencies follow the Project Labor Agreements closely.", "Project Labor Agreements", "event"),  # a plural head
        ("It fits the Build Back Better agenda well.", "Build Back Better", "person"),  # a capitalised small word inside
    ],
)
def test_types_are_guessed_from_the_gazetteer_heads_and_titles(text, name, kind):
    found = entries(text)
    assert found[name][0] == kind


# --- draft entries ----------------------------------------------------------------------------


def test_draft_entries_skip_what_an_entry_covers_and_get_free_ids():
    found = discover([article("Leaders of Russia met the CSTO and the Collective Security Treaty Organization (CSTO) in Kazakhstan.")])
    drafts = as_drafts(found, taken_ids={"russia-x", "kazakhstan"}, taken_terms={"Russia"}, paths={"a": "seeds/a.txt"})
    assert [(d.id, d.name, d.aliases) for d in drafts] == [
        ("collective-security-treaty-organization", "Collective Security Treaty Organization", ("CSTO",)),
        ("kazakhstan-country", "Kazakhstan", ()),
    ]
    assert all(d.draft and d.discovered and d.location.path == "seeds/a.txt" for d in drafts)


@pytest.mark.parametrize(
    "name, expected",
    [("U.S. Agency for International Development", "us-agency-for-international-development"), ("C5+1", "c5-plus-1"), ("António Guterres", "antonio-guterres")],
)
def test_ids_are_made_from_names(name, expected):
    assert slug(name) == expected


def test_discovery_is_linear_in_the_text():
    paragraph = (
        "President Biden met Dr. Elizabeth Sherwood-Randall and officials of the Collective Security Treaty "
        "Organization (CSTO) in Astana. The CSTO and the U.S. Department of the Treasury spoke of Kazakhstan’s plans.\n\n"
    )
    def seconds(copies: int) -> float:
        text = paragraph * copies
        started = time.perf_counter()
        discover([article(text)])
        return time.perf_counter() - started

    seconds(10)  # the gazetteer is loaded once
    small, large = min(seconds(100) for _ in range(3)), min(seconds(400) for _ in range(3))
    assert large < 4 * small * 2, (small, large)  # four times the text: within twice the linear time
