"""Page furniture: what is removed from extracted lines, and that every other line is kept as it is."""
from __future__ import annotations

import random
import textwrap

import pytest

from build_tools.furniture import (
    BROWSER_MARGIN, PAGE_NUMBER, RUNNING_FOOTER, RUNNING_HEADER, TITLE, Removed, clean, infer_pages, page_number, tally,
)

WORDS = (
    "the commission agreed that water quotas shrink together in dry years while reservoirs fill between October "
    "and March and farmers ask for a seat because decisions about rivers are decisions about harvests Kazakhstan "
    "Uzbekistan signed treaty canals pipes repairs fund loan bank survey snow border gauges"
).split()


def body(lines: int, seed: int, width: int = 72) -> list[str]:
    """Prose hard-wrapped at a width, some lines ending in a split word's hyphen, as a bad extraction gives it."""
    rng = random.Random(seed)
    text = " ".join(rng.choice(WORDS) for _ in range(lines * 14)) + "."
    wrapped = textwrap.wrap(text, width)[:lines]
    return [line[:-3] + "-" if rng.random() < 0.2 and len(line) > 10 else line for line in wrapped]


def paged(pages: int, per_page: int, header, footer, seed: int = 1) -> tuple[list[str], dict[int, str], list[str]]:
    """A document of pages: header(n) and footer(n) (None for none) around each page's lines.

    Returns the lines, the expected furniture (1-based line → kind) and the text lines alone.
    """
    text = body(pages * per_page, seed)
    lines, furniture, kept = [], {}, []
    for page in range(1, pages + 1):
        chunk = text[(page - 1) * per_page: page * per_page]
        if not chunk:
            break
        if header:
            lines.append(header(page, pages))
            furniture[len(lines)] = header.kind
        lines.extend(chunk)
        kept.extend(chunk)
        if footer:
            lines.append(footer(page, pages))
            furniture[len(lines)] = footer.kind
    return lines, furniture, kept


def style(kind: str, make):
    make.kind = kind
    return make


BARE = style(PAGE_NUMBER, lambda n, total: str(n))
DASHED = style(PAGE_NUMBER, lambda n, total: f"- {n} -")
PAGE_OF = style(PAGE_NUMBER, lambda n, total: f"Page {n} of {total}")
SLASHED = style(PAGE_NUMBER, lambda n, total: f"{n}/{total}")
TITLE_HEADER = style(RUNNING_HEADER, lambda n, total: "Annual Report on the Water of the Basin")
PUBLISHER = style(RUNNING_HEADER, lambda n, total: "MINISTRY OF WATER RESOURCES")
CUT_TITLE = style(RUNNING_HEADER, lambda n, total: "A Very Long Report Title That the Printer Cuts Off at the…")
DATED = style(RUNNING_HEADER, lambda n, total: f"Basin Review, issue {n + 40}")
TITLE_FOOTER = style(RUNNING_FOOTER, lambda n, total: "Confidential draft: not for circulation")


@pytest.mark.parametrize(
    ("pages", "per_page", "header", "footer"),
    [
        (3, 45, TITLE_HEADER, BARE),
        (10, 45, PUBLISHER, PAGE_OF),
        (4, 38, None, DASHED),
        (5, 52, CUT_TITLE, SLASHED),
        (6, 40, DATED, BARE),
        (4, 50, PAGE_OF, TITLE_FOOTER),  # page numbers at the top, a running line at the bottom
        (5, 44, PUBLISHER, None),  # no page numbers: pages from the repeated header
        (3, 30, None, TITLE_FOOTER),
    ],
)
def test_furniture_of_every_kind_is_removed_and_every_other_line_kept(pages, per_page, header, footer):
    lines, furniture, kept = paged(pages, per_page, header, footer)
    cleaned = clean(lines)
    assert {item.line: item.kind for item in cleaned.removed} == furniture
    assert list(cleaned.lines) == kept


def test_a_short_last_page_keeps_its_footer_found():
    lines, furniture, kept = paged(3, 45, TITLE_HEADER, BARE)
    lines = lines[:-20] + [lines[-1]]  # the last page holds 26 lines, its number still last
    kept = kept[:-19]
    cleaned = clean(lines)
    assert list(cleaned.lines) == kept
    assert [item.kind for item in cleaned.removed] == [RUNNING_HEADER, PAGE_NUMBER] * 3


def test_a_one_page_document_loses_its_page_number_and_its_title_header():
    lines = ["Readout of the Meeting of the Basin Commission", "The commission met on Monday.", *body(30, 2), "1"]
    cleaned = clean(lines)
    assert cleaned.removed == (
        Removed(1, RUNNING_HEADER, "Readout of the Meeting of the Basin Commission"),
        Removed(33, PAGE_NUMBER, "1"),
    )
    assert list(cleaned.lines) == lines[1:-1]


def test_a_one_page_document_numbered_at_its_top_loses_its_title_footer():
    lines = ["Page 1 of 1", "The commission met on Monday.", *body(30, 2), "Readout of the Meeting of the Basin…"]
    cleaned = clean(lines)
    assert [(item.line, item.kind) for item in cleaned.removed] == [(1, PAGE_NUMBER), (33, RUNNING_FOOTER)]


def test_a_one_page_document_keeps_a_first_line_that_is_prose():
    lines = ["President Aliyev met the Presidents of Kazakhstan, Uzbekistan and the", "Kyrgyz Republic on Monday.", *body(30, 3), "###", "1"]
    assert list(clean(lines).lines) == lines[:-1]  # and its closing "###" too


@pytest.mark.parametrize(
    "lines",
    [
        body(60, 4),  # plain prose
        [*body(20, 5), "3", *body(7, 6), "12", *body(30, 7)],  # numbers in the text, at no regular interval
        ["1", *body(5, 8)],  # too short to be a page
        [*body(30, 9), "Thank you.", *body(30, 10), "Thank you.", *body(5, 11)],  # a repeated line at no page's edge
    ],
)
def test_text_without_furniture_is_kept_whole(lines):
    cleaned = clean(lines)
    assert cleaned.removed == ()
    assert list(cleaned.lines) == lines


def test_parallel_prose_at_the_top_of_pages_is_not_a_running_header():
    pages = [[f"In the {word} reading, the plan sets seasonal quotas and a joint commission for the rivers", *body(30, i)] for i, word in enumerate(("first", "third", "fifth", "sixth"))]
    lines = [line for page in pages for line in page]
    starts = [sum(len(p) for p in pages[:i]) for i in range(len(pages))]
    assert clean(lines, starts).removed == ()


def test_a_browsers_margins_are_removed_on_the_pages_a_pdf_gives():
    title = "The Shared Water Plan | The Basin Gazette"
    pages = [
        [*body(40, 20 + n), f"12/1/26, 1:54 PM {title}", f"https://gazette.example.org/2024/05/06/water-plan/ {n}/3"]
        for n in (1, 2, 3)
    ]
    lines = [line for page in pages for line in page]
    cleaned = clean(lines, [0, 42, 84])
    assert [(item.line, item.kind) for item in cleaned.removed] == [(41, BROWSER_MARGIN), (42, BROWSER_MARGIN), (83, BROWSER_MARGIN), (84, BROWSER_MARGIN), (125, BROWSER_MARGIN), (126, BROWSER_MARGIN)]
    assert list(cleaned.lines) == [line for page in pages for line in page[:-2]]


def test_the_known_title_printed_at_the_top_over_several_lines_is_removed():
    lines = ["Background Press Call by Senior", "Administration Officials to Preview", "the Engagements at the Assembly", *body(30, 30)]
    cleaned = clean(lines, [0], title="Background Press Call by Senior Administration Officials to Preview the Engagements at the Assembly")
    assert [item.kind for item in cleaned.removed] == [TITLE] * 3
    assert list(cleaned.lines) == lines[3:]


@pytest.mark.parametrize(
    ("line", "number"),
    [("3", 3), ("- 3 -", 3), ("— 12 —", 12), ("Page 3 of 7", 3), ("page 3", 3), ("p. 4", 4), ("3/7", 3), ("3 of 7", 3), ("  9  ", 9),
     ("3.", None), ("Page three", None), ("12345", None), ("3 apples", None), ("", None)],
)
def test_page_numbers_are_told_by_their_form(line, number):
    assert page_number(line) == number


def test_pages_are_inferred_from_page_numbers_heading_or_ending_them():
    lines, _, _ = paged(3, 20, None, BARE)
    assert infer_pages(lines) == (0, 21, 42)
    lines, _, _ = paged(3, 20, PAGE_OF, None)
    assert infer_pages(lines) == (0, 21, 42)
    assert infer_pages(body(60, 40)) is None


def test_the_tally_counts_each_kind_with_its_first_line():
    lines, _, _ = paged(3, 45, TITLE_HEADER, BARE)
    tallies = tally(clean(lines).removed)
    assert [(t.kind, t.count, t.sample.line, t.sample.text) for t in tallies] == [
        (PAGE_NUMBER, 3, 47, "1"),
        (RUNNING_HEADER, 3, 1, "Annual Report on the Water of the Basin"),
    ]
