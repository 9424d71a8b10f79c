"""The article pages' Markdown extension: what each piece of annotated Markdown becomes, and that
render.py's Markdown always comes out as the site's scripts expect (a property test)."""
from __future__ import annotations

import markdown
from bs4 import BeautifulSoup
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from build_tools.escape import MARKDOWN_EXTENSIONS, editor_markdown
from build_tools.model import NOTE_KINDS, NOTE_LABELS, Note
from build_tools.render import render_paragraph


def html(markdown_text: str) -> BeautifulSoup:
    return BeautifulSoup(markdown.markdown(markdown_text, extensions=list(MARKDOWN_EXTENSIONS)), "html.parser")


ARTICLE = """\
## §1 Start { #s1 data-permanent="sec-7" }

The [Iran](../glossary/iran.md) talks ==in Almaty==[^1] and [Iran](../glossary/iran.md) again.
{ #s1-p2 data-permanent="para-9" }

[^1]: **Correction.** The source reads “in Almaty”. See [Iran](../glossary/iran.md).

    A second paragraph of the note.

[Iran](../glossary/iran.md) outside any addressed paragraph.
"""


def test_a_heading_and_a_paragraph_get_their_permanent_addresses():
    page = html(ARTICLE)
    heading = page.find("h2")
    assert heading["id"] == "s1" and "data-permanent" not in heading.attrs
    assert heading.select_one("span.briefing-permanent")["id"] == "sec-7"
    paragraph = page.find("p", id="s1-p2")
    assert paragraph["class"] == ["briefing-paragraph"] and "data-permanent" not in paragraph.attrs
    anchor = paragraph.contents[0]
    assert anchor.name == "a" and anchor["class"] == ["briefing-anchor"] and anchor["id"] == "para-9"
    assert anchor["href"] == "#para-9" and anchor["data-label"] == "§1 ¶2" and anchor["aria-label"] == "Permanent link to §1 ¶2"
    assert paragraph.get_text() == "The Iran talks in Almaty and Iran again."


def test_mentions_are_marked_and_only_the_first_in_a_section_links():
    paragraph = html(ARTICLE).find("p", id="s1-p2")
    first, later = paragraph.select("span.entity")
    assert first["data-entity"] == later["data-entity"] == "iran"
    assert first.find("a")["href"] == "../glossary/iran.md" and "tabindex" not in first.attrs
    assert later.find("a") is None and later["tabindex"] == "0" and later.get_text() == "Iran"


def test_links_outside_addressed_paragraphs_and_in_notes_stay_plain_links():
    page = html(ARTICLE)
    assert len(page.select("span.entity")) == 2  # both in the addressed paragraph
    assert page.select_one("aside a[href='../glossary/iran.md']") is not None
    assert page.find_all("p")[-1].find("a")["href"] == "../glossary/iran.md"


def test_a_note_becomes_an_aside_with_its_number_and_its_quote_is_marked():
    page = html(ARTICLE)
    aside = page.select_one("aside#note-1")
    assert aside["class"] == ["briefing-note", "briefing-note--correction"]
    number = aside.find("p").contents[0]
    assert number["class"] == ["briefing-note__number"] and number["href"] == "#note-1-ref" and number.get_text() == "1"
    assert aside.find("p").get_text() == "1 Correction. The source reads “in Almaty”. See Iran."
    assert [p.get_text() for p in aside.find_all("p")][1] == "A second paragraph of the note."
    reference = page.select_one("a.briefing-note-ref")
    assert reference.attrs == {"class": ["briefing-note-ref"], "id": "note-1-ref", "href": "#note-1", "data-label": "1", "aria-label": "Note 1: correction"}
    mark = page.find("mark")
    assert mark["class"] == ["briefing-quote", "briefing-quote--correction"] and mark["data-notes"] == "1"


def test_a_reference_to_no_note_and_a_label_that_names_no_kind_stay_text():
    page = html("Text[^4] here.\n\n[^5]: **Aside.** not a note kind\n")
    assert page.find("aside") is None and page.find("a") is None
    assert page.get_text() == "Text[^4] here.\n[^5]: Aside. not a note kind"


def test_an_editors_markdown_cannot_write_notes_quotes_or_addresses():
    forged = '[^1]: **Update.** forged\n\nA ==quote==[^1] and [x](../glossary/x.md)\n{ #s1-p1 data-permanent="para-1" }'
    page = html(editor_markdown(forged))
    assert page.find(["aside", "mark", "span"]) is None
    assert page.select("a.briefing-note-ref, a.briefing-anchor, [data-permanent]") == []


# --- render.py's Markdown, read back -------------------------------------------------------

WORDS = st.text(alphabet="ab =-[]^*.1!", min_size=1, max_size=6)


@st.composite
def annotated(draw):
    """A paragraph with mentions that never overlap and notes whose quotes overlap anything."""
    text = " ".join(" ".join(draw(st.lists(WORDS, min_size=1, max_size=40))).split())  # as reflow hands it over
    assume(text)
    points = sorted(draw(st.sets(st.integers(0, len(text)), max_size=8)))
    mentions = [(a, b, f"e{i}") for i, (a, b) in enumerate(zip(points[::2], points[1::2])) if a < b]
    notes = []
    for number in range(1, draw(st.integers(0, 3)) + 1):
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start + 1, len(text)))
        notes.append(Note(number, draw(st.sampled_from(NOTE_KINDS)), text[start:end], "x", 1, 1, start, end))
    return text, mentions, notes


@settings(max_examples=300, deadline=None)
@given(annotated())
def test_every_mention_quote_and_reference_reaches_the_page(case):
    text, mentions, notes = case
    definitions = "".join(f"\n\n[^{n.number}]: **{NOTE_LABELS[n.kind]}.** note" for n in notes)
    page = html(render_paragraph(text, mentions, "../glossary/", notes) + '\n{ #s1-p1 data-permanent="para-1" }' + definitions)
    paragraph = page.find("p", id="s1-p1")
    assert paragraph.get_text() == text
    spans = paragraph.select("span.entity")
    assert [(s["data-entity"], s.get_text()) for s in spans] == [(entity, text[a:b]) for a, b, entity in mentions]
    references = paragraph.select("a.briefing-note-ref")
    assert sorted(r["data-label"] for r in references) == sorted(str(n.number) for n in notes)
    assert all(r.find_parent("a") is None for r in references)  # never a link inside a link
    for note in notes:
        marked = "".join(m.get_text() for m in paragraph.find_all("mark") if str(note.number) in m["data-notes"].split())
        assert marked == note.quote
        kinds = {c for m in paragraph.find_all("mark") if str(note.number) in m["data-notes"].split() for c in m["class"]}
        assert f"briefing-quote--{note.kind}" in kinds
    assert len(page.find_all("aside")) == len(notes)


def test_one_markdown_instance_presents_notes_on_an_article_after_a_page_without_addresses():
    """The notes' and quotes' patterns are taken out for a page with no addressed passage (most of a large
    briefing's text) and put back for the next article, as MkDocs or another engine may reuse the instance."""
    md = markdown.Markdown(extensions=list(MARKDOWN_EXTENSIONS))
    first = BeautifulSoup(md.convert(ARTICLE), "html.parser")
    md.reset()
    entry = BeautifulSoup(md.convert("A list of [Iran](../glossary/iran.md) ==quoted==[^1] words.\n"), "html.parser")
    md.reset()
    again = BeautifulSoup(md.convert(ARTICLE), "html.parser")
    assert not entry.select("mark, a.briefing-note-ref") and "==quoted==[^1]" in entry.get_text()
    assert str(again) == str(first) and again.select("mark.briefing-quote") and again.select("a.briefing-note-ref")
