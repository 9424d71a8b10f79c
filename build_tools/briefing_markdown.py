"""The Python-Markdown extension that presents the annotated Markdown of an article page.

The generator (render.py) writes an article as ordinary Markdown that reads like the article:

    ## §1 An early election { #s1 data-permanent="sec-1" }

    The [presidential election](../glossary/election.md) ==will be hold prematurely==[^2] ...
    { #s1-p1 data-permanent="para-1" }

    [^2]: **Correction.** The source reads “will be hold prematurely”. Read “will be held early”.
        A second paragraph of the note is indented.

This extension turns it into the HTML the site's scripts and styles expect, and nothing in it is
specific to one briefing:

  a heading with data-permanent   gains the permanent id's target (span.briefing-permanent)
  a paragraph with data-permanent gains its address in the margin (a.briefing-anchor, labelled §1 ¶1)
                                  and the class briefing-paragraph
  a link to a glossary page       inside such a paragraph is a mention: span.entity[data-entity]
                                  around it; a later mention of the same entry in the section
                                  keeps no link and is focusable instead (the card opens on focus)
  ==quoted words==[^2]            the quote of note 2: <mark class="briefing-quote
                                  briefing-quote--correction" data-notes="2">; a quote belongs to
                                  the note whose reference follows it, unless it says otherwise
                                  with an attribute list (==words=={ data-notes="1 2" })
  [^2]                            the numbered reference to note 2 (its number comes from CSS)
  [^2]: **Correction.** text      the note itself, an <aside> beside its paragraph; its kind is
                                  read from its label (model.NOTE_LABELS)

Only elements the generator marks with data-permanent are changed, and an editor's Markdown
can write neither attribute lists nor `[^` (escape.editor_markdown), so no seed can forge a
mention, an address or a note.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Extension
from markdown.blockprocessors import BlockProcessor
from markdown.inlinepatterns import InlineProcessor, SimpleTagInlineProcessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from .model import NOTE_LABELS, parse_paragraph_anchor, pinpoint

NOTE_KINDS_BY_LABEL = {label: kind for kind, label in NOTE_LABELS.items()}
PERMANENT = "data-permanent"
_GLOSSARY_PAGE = re.compile(r"(?:\.\./)*glossary/([a-z0-9][a-z0-9-]*)\.md")
_NOTE_DEFINITION = re.compile(r"\[\^(\d+)\]: (?=\*\*(.+?)\.\*\* )")  # the note's text starts at its bold label
_INDENT = " " * 4


class _Notes:
    """The kinds of the notes defined on the page being converted, by number."""

    def __init__(self) -> None:
        self.kinds: dict[str, str] = {}

    def reset(self) -> None:
        self.kinds.clear()


class NoteBlockProcessor(BlockProcessor):
    """`[^N]: **Label.** text`, and the indented blocks after it, as the aside of note N."""

    def __init__(self, parser, notes: _Notes) -> None:
        super().__init__(parser)
        self.notes = notes

    def test(self, parent, block) -> bool:
        found = _NOTE_DEFINITION.match(block)
        return bool(found) and found.group(2) in NOTE_KINDS_BY_LABEL

    def run(self, parent, blocks) -> None:
        first = blocks.pop(0)
        found = _NOTE_DEFINITION.match(first)
        number, kind = found.group(1), NOTE_KINDS_BY_LABEL[found.group(2)]
        self.notes.kinds[number] = kind
        body = [_dedent(first[found.end():])]
        while blocks and (blocks[0].startswith(_INDENT) or not blocks[0].strip()):
            body.append(_dedent(blocks.pop(0)))
        aside = etree.SubElement(parent, "aside", {"class": f"briefing-note briefing-note--{kind}", "id": f"note-{number}"})
        self.parser.parseBlocks(aside, body)
        first_block = aside[0] if len(aside) and aside[0].tag == "p" else None
        if first_block is None:
            first_block = etree.Element("p")
            aside.insert(0, first_block)
        back = etree.Element("a", {"class": "briefing-note__number", "href": f"#note-{number}-ref", "aria-label": f"Back to the text of note {number}"})
        back.text = AtomicString(number)
        back.tail = " " + (first_block.text or "")
        first_block.text = None
        first_block.insert(0, back)


def _dedent(block: str) -> str:
    return "\n".join(line[len(_INDENT):] if line.startswith(_INDENT) else line for line in block.split("\n"))


class NoteReferenceProcessor(InlineProcessor):
    """`[^N]`: a reference to a note defined on the page; anything else stays text."""

    def __init__(self, notes: _Notes) -> None:
        super().__init__(r"\[\^(\d+)\]")
        self.notes = notes

    def handleMatch(self, m, data):
        number = m.group(1)
        kind = self.notes.kinds.get(number)
        if kind is None:
            return None, None, None
        reference = etree.Element(
            "a",
            {
                "class": "briefing-note-ref",
                "id": f"note-{number}-ref",
                "href": f"#note-{number}",
                "data-label": number,
                "aria-label": f"Note {number}: {NOTE_LABELS[kind].lower()}",
            },
        )
        return reference, m.start(0), m.end(0)


class AnnotationTreeprocessor(Treeprocessor):
    """Addresses, mentions and quotes of the paragraphs and headings the generator marked."""

    def __init__(self, md, notes: _Notes) -> None:
        super().__init__(md)
        self.notes = notes

    def run(self, root) -> None:
        linked: set[str] = set()  # the entries already linked in this section
        for element in list(root):
            if element.tag == "h2":
                linked = set()
                permanent = element.attrib.pop(PERMANENT, None)
                if permanent:
                    etree.SubElement(element, "span", {"class": "briefing-permanent", "id": permanent})
            elif element.tag == "p" and PERMANENT in element.attrib:
                self._paragraph(element, element.attrib.pop(PERMANENT), linked)

    def _paragraph(self, paragraph, permanent: str, linked: set[str]) -> None:
        # The Markdown is wrapped at spaces for its reader; the page's text is the article's, space
        # for space, as the annotations' quote and position selectors count it (exports.py).
        for element in paragraph.iter():
            if element.text:
                element.text = element.text.replace("\n", " ")
            if element.tail and element is not paragraph:
                element.tail = element.tail.replace("\n", " ")
        self._quotes(paragraph)
        self._mentions(paragraph, linked)
        where = parse_paragraph_anchor(paragraph.get("id", ""))
        label = pinpoint(*where) if where else permanent
        anchor = etree.Element(
            "a",
            {"class": "briefing-anchor", "id": permanent, "href": f"#{permanent}", "title": f"Permanent link to {label}", "aria-label": f"Permanent link to {label}", "data-label": label},
        )
        anchor.tail, paragraph.text = paragraph.text, None
        paragraph.insert(0, anchor)
        paragraph.set("class", " ".join(filter(None, (paragraph.get("class"), "briefing-paragraph"))))

    def _quotes(self, paragraph) -> None:
        # In document order, each quote takes the notes it names or else the next reference's.
        waiting: list = []
        for element in paragraph.iter():
            if element.tag == "mark":
                waiting.append(element)
            elif element.tag == "a" and "briefing-note-ref" in element.get("class", ""):
                for mark in waiting:
                    mark.attrib.setdefault("data-notes", element.get("data-label"))
                waiting = []
        for mark in paragraph.iter("mark"):
            numbers = mark.get("data-notes", "").split()
            kinds = sorted({f"briefing-quote--{self.notes.kinds[n]}" for n in numbers if n in self.notes.kinds})
            mark.set("class", " ".join(["briefing-quote", *kinds]))

    def _mentions(self, paragraph, linked: set[str]) -> None:
        for parent in list(paragraph.iter()):
            for position, child in enumerate(list(parent)):
                found = _GLOSSARY_PAGE.fullmatch(child.get("href", "")) if child.tag == "a" else None
                if not found:
                    continue
                entity = found.group(1)
                span = etree.Element("span", {"class": "entity", "data-entity": entity})
                span.tail, child.tail = child.tail, None
                if entity in linked:
                    # A later mention: the words without the link, focusable so its card opens on focus.
                    span.set("tabindex", "0")
                    span.text = child.text
                    span.extend(list(child))
                else:
                    linked.add(entity)
                    span.append(child)
                parent.remove(child)
                parent.insert(position, span)


class InlineOnlyWhereAddressed(Preprocessor):
    """Registers the notes' and quotes' inline patterns for a text that has addressed passages, and
    takes them out for one that has none (an entry's page, the lists).

    Python-Markdown tries every inline pattern on every run of text, so two patterns that can match
    only in an article made every page's inline pass a tenth slower; entry pages and the lists of
    mentions hold most of a large briefing's text. Run on each conversion, so a Markdown instance
    reused for the next page gets them back.
    """

    def __init__(self, md, patterns) -> None:
        super().__init__(md)
        self.patterns = patterns

    def run(self, lines: list[str]) -> list[str]:
        addressed = any(PERMANENT in line for line in lines)
        for processor, name, priority in self.patterns:
            if addressed and name not in self.md.inlinePatterns:
                self.md.inlinePatterns.register(processor, name, priority)
            elif not addressed and name in self.md.inlinePatterns:
                self.md.inlinePatterns.deregister(name)
        return lines


class BriefingExtension(Extension):
    def extendMarkdown(self, md) -> None:
        notes = _Notes()
        md.registerExtension(self)
        self._notes = notes
        md.parser.blockprocessors.register(NoteBlockProcessor(md.parser, notes), "briefing_note", 17)  # before paragraphs
        inline = (
            (NoteReferenceProcessor(notes), "briefing_note_reference", 175),  # before links
            # ==quote==, after links so that a quote may hold one. Not pymdownx.mark: its emphasis-like
            # rules refuse a quote that ends in punctuation before a letter ("Alwaght-==x"), and
            # generated text escapes every "=" (escape.escape_text), so no such rule is needed.
            (SimpleTagInlineProcessor(r"(==)(.+?)==", "mark"), "briefing_quote", 65),
        )
        md.preprocessors.register(InlineOnlyWhereAddressed(md, inline), "briefing_scope", 40)
        if "=" not in md.ESCAPED_CHARS:
            md.ESCAPED_CHARS.append("=")
        # After attr_list (8), which sets data-permanent, and before toc (5) and MkDocs' link rewriting (0).
        md.treeprocessors.register(AnnotationTreeprocessor(md, notes), "briefing_annotations", 6)

    def reset(self) -> None:
        self._notes.reset()


def makeExtension(**kwargs) -> BriefingExtension:  # noqa: N802 (the name Python-Markdown looks for)
    return BriefingExtension(**kwargs)
