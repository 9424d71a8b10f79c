"""Rendering: untrusted text renders literally; mentions become marked spans; snippets; link targets."""
from __future__ import annotations

import markdown
import pytest
from bs4 import BeautifulSoup
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from build_tools.escape import MARKDOWN_EXTENSIONS
from build_tools.model import NOTE_LABELS
from build_tools.reflow import reflow
from build_tools.render import editor_markdown, escape_text, link_target, render_paragraph, snippet
SPECIAL = list("*_#<>&[]|`\\{}()!-+=.:~^\"'") + ["1. ", "<script>", "{#id}", "{: .x}", "<!-- -->", "](javascript:x)", "    "]
TEXT = st.lists(st.one_of(st.sampled_from(SPECIAL), st.text(min_size=1, max_size=8)), max_size=30).map("".join)


def to_html(markdown_text: str) -> BeautifulSoup:
    """The HTML of Markdown rendered as the site renders it (mkdocs.yml's extensions)."""
    return BeautifulSoup(markdown.markdown(markdown_text, extensions=list(MARKDOWN_EXTENSIONS)), "html.parser")


def paragraph_markdown(text: str, spans=(), notes=(), number: int = 1) -> str:
    """A paragraph as article.md.j2 writes it: its Markdown, its address, its notes."""
    body = render_paragraph(text, list(spans), "../glossary/", notes)
    definitions = "".join(f"\n\n[^{n.number}]: **{NOTE_LABELS[n.kind]}.** {n.text}" for n in notes)
    return f'{body}\n{{ #s1-p{number} data-permanent="para-{number}" }}{definitions}\n\n'


def paragraph_html(text: str, spans=(), notes=()) -> BeautifulSoup:
    return to_html(paragraph_markdown(text, spans, notes))


def normalised(text: str) -> str:
    """The text as reflow hands it to rendering: one paragraph, single-spaced, no control characters."""
    return " ".join(p.text for p in reflow(text))


@settings(max_examples=300, deadline=None)
@given(TEXT)
@example("1. not a list")
@example("# not a heading")
@example("> not a quote")
@example("- not a list | not | a table")
@example("<script>alert(1)</script> [x](javascript:alert(1)) {#id} {: .class} <!-- c --> `code` **b** _i_")
@example("&amp; &copy; \\*")
def test_any_text_renders_literally_and_adds_no_markup(raw):
    text = normalised(raw)
    soup = paragraph_html(text)
    paragraphs = soup.find_all("p")
    assert len(paragraphs) == 1 if text else len(paragraphs) <= 1
    assume(text)
    paragraph = paragraphs[0]
    assert paragraph.get("id") == "s1-p1"
    assert paragraph.get_text() == text
    # The only element is the anchor the template put there.
    assert [tag.name for tag in paragraph.find_all(True)] == ["a"]
    assert [tag.name for tag in soup.find_all(True)] == ["p", "a"]


@settings(max_examples=200, deadline=None)
@given(TEXT, TEXT, TEXT)
def test_mentions_are_wrapped_and_text_is_kept(before, mention, after):
    before, mention, after = normalised(before), normalised(mention), normalised(after)
    assume(mention)
    text = f"{before} {mention} {after}".strip()
    start = text.index(mention, len(before))
    soup = paragraph_html(text, [(start, start + len(mention), "x")])
    paragraph = soup.find("p")
    assert paragraph.get_text() == text
    marked = paragraph.select("span.entity[data-entity=x]")
    assert [span.get_text() for span in marked] == [mention]
    assert marked[0].find("a")["href"] == "../glossary/x.md"


def test_first_mention_per_section_links_and_later_ones_are_focusable():
    text = "Iran and Iran"
    page = to_html(
        '## §1 One { #s1 data-permanent="sec-1" }\n\n'
        + paragraph_markdown(text, [(0, 4, "iran"), (9, 13, "iran")], number=1)
        + paragraph_markdown(text, [(0, 4, "iran")], number=2)  # same section, next paragraph
        + '## §2 Two { #s2 data-permanent="sec-2" }\n\n'
        + paragraph_markdown(text, [(0, 4, "iran")], number=3)
    )
    first, later, next_section = page.find_all("p")
    spans = first.select("span.entity")
    assert spans[0].find("a") is not None and spans[0].get("tabindex") is None
    assert spans[1].find("a") is None and spans[1]["tabindex"] == "0"
    assert later.select_one("span.entity").find("a") is None
    assert next_section.select_one("span.entity a")["href"] == "../glossary/iran.md"


def test_escape_text_keeps_plain_words_readable():
    assert escape_text("Kazakhstan’s policy, 26 April 2015") == "Kazakhstan’s policy, 26 April 2015"


def test_editor_markdown_neutralises_raw_html_but_keeps_autolinks():
    assert editor_markdown("<b>x</b> <https://example.org>") == "&lt;b>x&lt;/b> <https://example.org>"


def test_link_target_encodes_what_would_end_a_markdown_link():
    assert link_target("https://en.wikipedia.org/wiki/Foo_(bar) x") == "https://en.wikipedia.org/wiki/Foo_%28bar%29%20x"


def test_snippet_is_the_sentence_with_the_mention_in_bold():
    text = "First one. In the policy of balance, Kazakhstan leans West. Last one."
    start = text.index("Kazakhstan")
    assert snippet(text, start, start + 10) == "In the policy of balance, **Kazakhstan** leans West."


def test_a_name_s_initials_end_no_sentence():
    # "Joseph R. Biden, Jr. met ..." is one sentence: its glossary pages quote it whole, not "Biden, Jr. met ...".
    text = "Talks ended. President Joseph R. Biden, Jr. met the Presidents of Kazakhstan today. Then they left."
    start = text.index("Kazakhstan")
    assert snippet(text, start, start + 10) == "President Joseph R. Biden, Jr. met the Presidents of **Kazakhstan** today."


def test_snippet_trims_long_sentences_at_word_boundaries():
    text = "word " * 40 + "Iran" + " more" * 40 + "."
    start = text.index("Iran")
    result = snippet(text, start, start + 4)
    assert result.startswith("…word") and result.endswith("more…") and "**Iran**" in result
    assert len(result) < 2 * 90 + 20


def test_a_note_overlapping_mentions_keeps_both_visible():
    from build_tools.model import Note

    text = "the Shanghai Cooperation Organization that works"
    start = text.index("Cooperation")
    note = Note(1, "update", "Cooperation Organization that", "x", 1, 1, start, start + len("Cooperation Organization that"))
    soup = paragraph_html(text, [(4, 37, "sco")], notes=[note])
    paragraph = soup.find("p")
    assert paragraph.get_text() == text
    span = paragraph.select_one("span.entity[data-entity=sco]")
    assert span.get_text() == "Shanghai Cooperation Organization" and span.find("a") is not None
    assert "".join(m.get_text() for m in paragraph.select("mark.briefing-quote")) == "Cooperation Organization that"
    reference = paragraph.select_one("a.briefing-note-ref")
    assert reference["href"] == "#note-1" and reference.find_parent("span") is None  # never a link inside a link


@pytest.mark.parametrize(
    "value", ["plain", 'quote " and \\ backslash', "line\nbreak\ttab", "NEL\x85 LS\u2028 PS\u2029 end", "Ünïcødé — “quoted”", "#: - [not] {yaml}", "a\n---\nb", "---", "yes", "1.5", ""]
)
def test_front_matter_is_yaml_that_mkdocs_reads_back_unchanged(value):
    from mkdocs.utils.meta import get_data

    from build_tools.render import front_matter

    data = {"description": value, "briefing": {"@type": "Thing", "list": [value, 1, 2.5, True, None]}}
    body, meta = get_data("---\n" + front_matter(data) + "---\nbody\n")
    assert (meta, body) == (data, "body\n")


@settings(max_examples=300, deadline=None)
@given(TEXT, st.integers(1, 12))
@example("a - b 1. c + d --- e", 1)
@example("*]:*", 1)  # a mention's label holding "]:" at a line's start read as a reference definition
def test_wrapping_a_paragraph_changes_no_word_and_ends_no_block(raw, width):
    from build_tools.render import wrap_markdown

    text = normalised(raw)
    assume(text)
    spans = [(0, min(3, len(text)), "x")] if len(text) > 3 and text[2] != " " else []
    one_line = render_paragraph(text, spans, "../glossary/")
    wrapped = wrap_markdown(one_line.replace("\n", " "), width)
    page = to_html(f'{wrapped}\n{{ #s1-p1 data-permanent="para-1" }}\n')
    paragraphs = page.find_all("p")
    assert len(paragraphs) == 1 and [t.name for t in page.find_all(True)] == ["p", "a", *(["span", "a"] if spans else [])]
    assert paragraphs[0].get_text() == text  # the extension gives each line break back as the space it was
