"""Reflow: paragraphs rebuilt from broken lines, every word kept in order."""
from __future__ import annotations

import re
import textwrap

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from build_tools.reflow import CONTROL, reflow

from .conftest import ROOT

SEED = (ROOT / "seeds" / "kazakhstan-balance-of-powers.txt").read_text(encoding="utf-8")


def texts(source: str) -> list[str]:
    return [p.text for p in reflow(source)]


@pytest.mark.parametrize(
    "source, expected",
    [
        ("a recon-\nciliation", "a reconciliation"),
        ("Liz Sherwood-\nRandall", "Liz Sherwood-Randall"),
        ("the U.S.-\nled talks", "the U.S.-led talks"),
        ("Iran and the West's Iran-\nphobia", "Iran and the West's Iran-phobia"),  # "Iran" is a word of the text
        ("the West's Iran-\nphobia", "the West's Iranphobia"),  # and here it is not
        ("Russian troops; the Rus-\nsian economy", "Russian troops; the Russian economy"),  # the text writes it whole
        ("an Iran-based site and an Iran-\nbased one", "an Iran-based site and an Iran-based one"),  # and with the hyphen
        ("in Ger-\nmany", "in Germany"),
        ("(inau-\ndible)", "(inaudible)"),
        ("“Rus-\nsian” and Russian", "“Russian” and Russian"),
        ("for self-\nrule and self-rule", "for self-rule and self-rule"),  # spelled with a hyphen elsewhere
        ("from 1990-\n1991", "from 1990-1991"),
        ("a dash -\nthen more", "a dash - then more"),
        ("soft\u00ad\nhyphen", "softhyphen"),
        ("Mohamad Javad\nZarif", "Mohamad Javad Zarif"),
        ("tabs\tand   spaces\u00a0here", "tabs and spaces here"),
    ],
)
def test_lines_are_joined(source, expected):
    assert texts(source) == [expected]


@pytest.mark.parametrize("source", ["Alwaght-\npresidential election", "TEHRAN -\nthe talks", "Tehran-\nThe talks"])
def test_dateline_opening_the_text_keeps_its_hyphen_and_space(source):
    first, rest = source.split("\n")
    assert texts(source) == [f"{first} {rest}"]


def test_blank_lines_keep_their_paragraphs():
    assert texts("One line\nsame para.\n\n\nNext para.\nStill next.\n") == ["One line same para.", "Next para. Still next."]


def test_text_without_blank_lines_breaks_at_sentence_ends():
    assert texts("First sentence\nends here.\nSecond starts\nhere.\nand goes on.") == [
        "First sentence ends here.",
        "Second starts here. and goes on.",
    ]


def test_hard_wrapped_text_breaks_only_after_short_lines():
    wrapped = "\n".join(
        [
            "This line is wrapped at a fixed width, as a PDF.",
            "It ends at a full stop by chance, like this one.",
            "Then the sentence keeps going on the next line of",
            "the same paragraph, which is long enough to fill.",
            "A short last line.",
            "New paragraph starts here and runs to the width.",
            "More words keep this line about as long as others.",
            "And this one is also near the common line width.",
            "End.",
        ]
    )
    result = texts(wrapped)
    assert len(result) == 2
    assert result[1].startswith("New paragraph")


def test_paragraphs_remember_their_first_line():
    assert [p.line for p in reflow("\n\nOne.\n\nTwo\nlines.\n")] == [3, 5]


def test_seed_reflows_into_twelve_paragraphs():
    paragraphs = reflow(SEED)
    assert len(paragraphs) == 12
    assert paragraphs[0].text.startswith("Alwaght- presidential election of Kazakhstan will be hold prematurely on 26 April,")
    assert "Mohamad Javad Zarif stated" in paragraphs[10].text
    assert paragraphs[-1].text.endswith("multidimensional foreign policy of Kazakhstan.")


def _non_space(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_seed_keeps_every_word_in_order():
    assert " ".join(texts(SEED)).split() == " ".join(SEED.split()).split()


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400))
@example("a recon-\nciliation U.S.-\nled")
def test_nothing_but_whitespace_and_split_hyphens_is_removed(source):
    source = CONTROL.sub("", source)  # control characters are dropped first (and reported)
    kept = _non_space("".join(texts(source)))
    skipped = _skipped(kept, _non_space(source))
    assert skipped is not None, "the output holds characters the source does not, or reorders them"
    assert set(skipped) <= set("-\u2010\u00ad")


def _skipped(short: str, long: str) -> str | None:
    """The characters of `long` left out to get `short`, if `short` is a subsequence of it."""
    left_out, position = [], 0
    for ch in short:
        found = long.find(ch, position)
        if found < 0:
            return None
        left_out.append(long[position:found])
        position = found + 1
    left_out.append(long[position:])
    return "".join(left_out)


def _listed_spellings(text: str) -> tuple[set[str], set[str]]:
    """The definition the lookup must agree with: every "a-b" within a compound, and every word."""
    pairs = set()
    for compound in re.findall(r"\w+(?:-\w+)+", text):
        parts = compound.split("-")
        pairs.update(f"{a}-{b}" for a, b in zip(parts, parts[1:]))
    return pairs, set(re.findall(r"\w+", text))


WORDISH = st.text(alphabet="ab-_ (é1", max_size=30)


@given(WORDISH, WORDISH, WORDISH)
@example("x-self-rule selfrule", "self", "rule")
@example("a-b-c", "b", "c")
@example("(recon-ciliation", "(recon", "ciliation")
def test_a_hyphen_is_preferred_exactly_when_the_text_writes_the_pair_and_never_the_word(text, head, tail):
    from build_tools.reflow import _Spellings

    pairs, words = _listed_spellings(text)
    expected = f"{head}-{tail}" in pairs and head + tail not in words
    assert _Spellings(text).prefers_hyphen(head, tail) == expected  # by searching the text
    assert _Spellings(text, searches_left=0).prefers_hyphen(head, tail) == expected  # from the listed spellings


def _join_by_folding(block, spellings, first: bool) -> str:
    """The join as first written: each line joined to the whole text so far (quadratic, but plain)."""
    from build_tools.reflow import _HYPHENS, _LAST_WORD, _FIRST_WORD, _is_dateline, is_split_word

    text = block[0].text
    for index, line in enumerate(block[1:], start=1):
        left, right = text, line.text
        if len(left) < 2 or left[-1] not in _HYPHENS or left[-2].isspace() or (first and index == 1 and _is_dateline(block[0].text)):
            text = f"{left} {right}"
        elif left[-1] == "\u00ad":
            text = left[:-1] + right
        else:
            head, tail = _LAST_WORD.search(left[:-1]).group(), _FIRST_WORD.match(right).group()
            text = left[:-1] + right if is_split_word(head, tail, spellings) else left + right
    return text


LINEISH = st.text(alphabet="ab A-\u00ad\u2010 .x", min_size=1, max_size=12).map(lambda t: " ".join(t.split())).filter(bool)


@given(st.lists(LINEISH, min_size=1, max_size=12), st.booleans())
@example(["ab-", "\u00ad", "cd"], False)
@example(["x", "-", "y"], True)
@example(["Alwaght-", "presidential"], True)
def test_joining_looks_only_at_the_last_word_yet_joins_as_the_whole_text_would(lines, first):
    from build_tools.reflow import _join, _Line, _Spellings

    block = [_Line(text, number) for number, text in enumerate(lines, start=1)]
    spellings = _Spellings(" ".join(lines) + " ab-cd")
    assert _join(block, spellings, first) == _join_by_folding(block, spellings, first)


def test_hard_wrapped_text_breaks_after_a_long_last_line_that_had_room_for_the_next_word():
    # Wrapped at 40 characters: "more water than rain can give." is too long to look short, but it
    # left room for "Wells", so its paragraph ended there; "A farmer came to" had none for "town".
    first = (
        "Our lane has ten old gardens, each one kept by a family who has lived there for years. They grow beans"
        " and peppers and a few rows of onions, and they share what they grow with the neighbours on either"
        " side. In a dry summer the gardens need more water than rain can give."
    )
    second = (
        "Wells were dug each spring by the village, and we drew the water by hand until the end of the summer,"
        " when the stream that runs down from the hills began to flow again. A farmer came to town with a pump."
        " Later it rained and rained on every lane and every garden."
    )
    wrapped = textwrap.fill(first, 40) + "\n" + textwrap.fill(second, 40)
    assert "\nmore water than rain can give.\n" in wrapped
    assert texts(wrapped) == [first, second]


def test_proportional_lines_of_a_pdf_break_only_after_a_short_line():
    # Lines of one printed width whose lengths in characters differ by a tenth or more: a sentence-final
    # line a little shorter than most is no paragraph's end, though the next word would fit by count.
    lines = [
        "We walked down to the river on the first morning of the fair and",
        "found the boats already out, their sails drawn tight against the",
        "wind off the hills, and the water grey and quick under the keels,",
        "while the gulls wheeled over the harbour wall in the early light.",
        "We ate standing up and watched the boats round the point.",
        "Then the band began, and the children ran along the wall to see",
        "the drummers pass, and the old men in the doorways tapped",
        "their feet, and the women at the stalls sang along with every tune the",
        "band could play, which was not many, but they played them all with",
        "great heart, over and over, until the sun went down behind the hill",
        "and the lamps were lit along the quay, one by one, by the keeper.",
        "It was the best fair in years, everyone said, and we all agreed.",
    ]
    assert len(texts("\n".join(lines))) == 1


def test_hard_wrapped_text_breaks_after_any_line_that_had_room_for_the_next_word():
    # A heading, a line introducing a list and a time each end their line with room to spare.
    body = (
        "The council met on the first day of the month and heard from every district that had asked to"
        " speak, which took most of the morning and part of the afternoon as well. Each district told of"
        " roads washed out in the spring, of bridges that had stood for a century and now shook under every"
        " cart, and of ferries that no longer ran since the river changed its course. It then took the"
        " following steps:"
    )
    step = "First, it agreed to repair the old bridge over the river before the rains of the autumn come."
    wrapped = "\n".join(["Repairs to the Bridges", textwrap.fill(body, 44), textwrap.fill(step, 44), "10:15 A.M.", textwrap.fill(step, 44)])
    assert texts(wrapped) == ["Repairs to the Bridges", body, step, "10:15 A.M.", step]


@pytest.mark.parametrize("mark", ["###", "* * *", "—"])
def test_a_line_of_marks_after_a_sentence_stands_alone(mark):
    # Ragged and wrapped text alike: "###" ends a release, "* * *" divides it.
    assert texts(f"The well was dug in May.\n{mark}\nThe pump came later.") == ["The well was dug in May.", mark, "The pump came later."]
    long = textwrap.fill("The well was dug in May by the whole village, and it gave good water all summer long. " * 4, 40)
    assert texts(f"{long}\n{mark}")[-1] == mark
