"""Rebuild paragraphs from badly extracted text, keeping every word in order.

Two layouts are recognised. Text with blank lines keeps its blank-line paragraphs.
Text without any (the usual result of copying from a web page or PDF) gets a new
paragraph where a line ends a sentence and the next line starts one; when the lines
are hard-wrapped to a fixed width, only a visibly short sentence-final line counts,
because a wrapped line ends at a full stop by chance, and, where the width is counted in
characters (not a PDF's proportional lines), any line that had room for the next line's
first word. A line of marks alone ("###") is a paragraph of its own.

Within a paragraph lines are joined with one space, except at a line-final hyphen:
a word split by the extractor (``recon-`` / ``ciliation``, or ``Rus-`` / ``sian`` where the text
writes "Russian" elsewhere) is rejoined, while real hyphens (``Sherwood-`` / ``Randall``,
``U.S.-`` / ``led``, ``Iran-`` / ``based``) and a dateline opening the text (``Alwaght-``) are kept. Nothing but whitespace and such split-word hyphens is
ever removed.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cached_property

from .model import Paragraph

_SPACE = re.compile(r"\s+")
# Control characters are not text: HTML forbids them and Markdown uses two of them internally.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1b\x7f-\x84\x86-\x9f]")
# A sentence ends with its mark and any closing quotes or brackets; the next starts, after any opening
# ones, with a capital or a digit. The check and the snippets cut sentences with the same patterns.
_END = r"[.!?…][\"'”’)\]]*"
_START = r"[\"'“‘(\[]*[A-Z0-9\u00C0-\u024F\u0400-\u04FF]"
SENTENCE_END = re.compile(_END + "$")
SENTENCE_START = re.compile("^" + _START)
# Where the snippets (glossary pages, the check, suggest) cut sentences: a full stop after an initial or a
# short title is no break there ("Joseph R. Biden, Jr. met").
_NOT_AFTER = r"(?<!\s[A-Z])(?<!^[A-Z])(?<!\bJr)(?<!\bSr)(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bDr)(?<!\bSt)"
SENTENCE_BREAK = re.compile(_NOT_AFTER + _END + r"\s+(?=" + _START + ")")
_HYPHENS = "-\u2010\u00ad"  # hyphen-minus, hyphen, soft hyphen
_LAST_WORD = re.compile(r"[^\s\-\u2010\u00ad]*$")
_FIRST_WORD = re.compile(r"\w*")
_WORD = re.compile(r"\w+")
_OPENED_WORD = re.compile(r"[(\[\"“‘']+(\w+)")


@dataclass(frozen=True)
class _Line:
    text: str
    number: int


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def reflow(text: str) -> tuple[Paragraph, ...]:
    """Split extracted text into paragraphs of single-spaced text."""
    lines = [
        _Line(_SPACE.sub(" ", CONTROL.sub("", raw)).strip(), number)
        for number, raw in enumerate(normalise_newlines(text).split("\n"), start=1)
    ]
    blocks = _blocks(lines)
    if len(blocks) == 1:
        blocks = _split_at_sentences(blocks[0])
    spellings = _Spellings(" ".join(line.text for line in lines if line.text))
    return tuple(Paragraph(_join(block, spellings, first=(i == 0)), block[0].number) for i, block in enumerate(blocks))


@dataclass
class _Spellings:
    """The document's own spellings, to tell a split word from a hyphenated compound.

    Asked only at a line-final hyphen. The first few questions search the text; a document that
    asks more gets every spelling listed once instead. Most documents ask once or twice, and
    listing every word of every document up front was a tenth of a large build; searching for
    each of thousands of hyphens would cost their number times the text.
    """

    text: str  # the document's lines, joined by spaces
    searches_left: int = 8

    def prefers_hyphen(self, head: str, tail: str) -> bool:
        """True when the text writes head-tail with a hyphen within a line, and never as one word."""
        hyphenated, joined = self.spellings(head, tail)
        return hyphenated and not joined

    def spellings(self, head: str, tail: str) -> tuple[bool, bool]:
        """Whether the text writes head-tail (within a line) and head+tail (as a whole word)."""
        if not (_WORD.fullmatch(head) and _WORD.fullmatch(tail)):
            return False, False  # only words are compared: "(recon" or "" is never one written either way
        if self._search():
            return self._writes(f"{head}-{tail}"), self._writes(head + tail)
        hyphenated, plain = self._listed
        return f"{head}-{tail}" in hyphenated, head + tail in plain

    def occurrences(self, word: str) -> int:
        """How often the text writes the word as a whole (also before a hyphen, as at a line's end)."""
        if self._search():
            return len(re.findall(rf"(?<!\w){re.escape(word)}(?!\w)", self.text))
        return self._counted[word]

    def _search(self) -> bool:
        self.searches_left -= 1
        return self.searches_left >= 0

    def _writes(self, spelling: str) -> bool:
        """The spelling occurs as a whole: not inside a longer word (a hyphen on either side is fine)."""
        return re.search(rf"(?<!\w){re.escape(spelling)}(?!\w)", self.text) is not None

    @cached_property
    def _listed(self) -> tuple[frozenset[str], frozenset[str]]:
        """Every "a-b" written within a line (from "a-b-c": "a-b" and "b-c"), and every word."""
        pairs = set()
        for compound in re.findall(r"\w+(?:-\w+)+", self.text):
            parts = compound.split("-")
            pairs.update(f"{a}-{b}" for a, b in zip(parts, parts[1:]))
        return frozenset(pairs), frozenset(self._counted)

    @cached_property
    def _counted(self) -> Counter[str]:
        return Counter(re.findall(r"\w+", self.text))


def _blocks(lines: list[_Line]) -> list[list[_Line]]:
    blocks: list[list[_Line]] = [[]]
    for line in lines:
        if line.text:
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    return [b for b in blocks if b]


def _split_at_sentences(block: list[_Line]) -> list[list[_Line]]:
    short = _short_line_limit(block)
    full = _full_line(block) if short != float("inf") else 0
    paragraphs: list[list[_Line]] = [[]]
    for line, following in zip(block, [*block[1:], None]):
        paragraphs[-1].append(line)
        if following is None:
            continue
        if (SENTENCE_START.match(following.text) and (
            (SENTENCE_END.search(line.text) and len(line.text) < short)
            # A line that had room for the next word was ended by the text, wherever it stops: a
            # sentence, a heading, a line introducing a list ("the following steps:"), a time.
            or _reach(line, following) < full
            or _mark(line.text)
        )) or (_mark(following.text) and SENTENCE_END.search(line.text)):
            # A line of marks alone ("###", "* * *") after a sentence ends the text or a part of it.
            paragraphs.append([])
    return [p for p in paragraphs if p]


def _mark(text: str) -> bool:
    """A line of no letter or digit: an end mark ("###") or a divider ("* * *")."""
    return not any(ch.isalnum() for ch in text)


def _reach(line: _Line, following: _Line) -> int:
    """How long the line would be with the next line's first word on it."""
    return len(line.text) + 1 + len(following.text.split(" ", 1)[0])


def _full_line(block: list[_Line]) -> int:
    """For text wrapped at a width counted in characters, one more than that width (0 for any other
    text): a line that would still be shorter with the next line's first word on it was ended by the
    text (a paragraph's or heading's end), not by the width.

    The lines are wrapped so where a sentence runs on (the next line starts in lower case) nearly every
    such line would be longer than the common longest line with the next word on it. In a PDF, wide
    and narrow letters make lines of one width differ in length, so many would not: there only a
    visibly short line counts (as `_short_line_limit`)."""
    lengths = sorted(len(line.text) for line in block)
    reaches = sorted(
        _reach(line, following)
        for line, following in zip(block, block[1:])
        if following.text[:1].islower() and line.text[-1:] not in _HYPHENS
    )
    if len(reaches) < 8:
        return 0
    width = lengths[int(len(lengths) * 0.9) - 1]
    return width + 1 if reaches[len(reaches) // 20] > width else 0


def _short_line_limit(block: list[_Line]) -> float:
    """How short a sentence-final line must be to end a paragraph.

    Unbounded for ragged text; for text wrapped at a fixed width, three quarters
    of that width.
    """
    lengths = sorted(len(line.text) for line in block)
    if len(lengths) < 8:
        return float("inf")
    width = lengths[int(len(lengths) * 0.9) - 1]
    near_width = sum(1 for n in lengths if 0.8 * width <= n <= width)
    return 0.75 * width if near_width >= 0.6 * len(lengths) else float("inf")


def _join(block: list[_Line], spellings: _Spellings, first: bool) -> str:
    """The block's lines as one text. Each join looks only at the text since its last space (a word
    never holds one), so a long paragraph of many lines costs its length, not length times lines."""
    parts = [block[0].text]
    tail = _after_last_space(block[0].text)
    for index, line in enumerate(block[1:], start=1):
        right = line.text
        how = _join_kind(tail, right, spellings, dateline=first and index == 1 and _is_dateline(block[0].text))
        if how == "drop hyphen":
            parts[-1] = parts[-1][:-1]
            if not parts[-1]:  # a line that was nothing but the hyphen
                parts.pop()
            tail = tail[:-1]
        parts.append(" " + right if how == "space" else right)
        last = _after_last_space(right)
        tail = last if how == "space" or len(last) < len(right) else tail + right
    return "".join(parts)


def _after_last_space(text: str) -> str:
    return text.rsplit(" ", 1)[-1]  # a line's only whitespace is single spaces (reflow made it so)


def _join_kind(tail: str, right: str, spellings: _Spellings, dateline: bool) -> str:
    """How the next line joins the text so far, given the text since its last space: with a space,
    by dropping a split word's hyphen, or directly (a real hyphen kept)."""
    if len(tail) < 2 or tail[-1] not in _HYPHENS or dateline:
        return "space"  # no hyphen, or one standing alone ("a dash -"), or the dateline's
    if tail[-1] == "\u00ad":
        return "drop hyphen"
    head = _LAST_WORD.search(tail[:-1]).group()
    word = _FIRST_WORD.match(right).group()
    return "drop hyphen" if is_split_word(head, word, spellings) else "direct"


def is_split_word(head: str, tail: str, spellings: _Spellings) -> bool:
    """Whether head + "-" at a line's end + tail is one word the extractor split."""
    if not tail[:1].islower():
        return False  # "Sherwood-" / "Randall", "1990-" / "1991"
    opened = _OPENED_WORD.fullmatch(head)  # "(inau-" / "dible)": the word after a bracket or quote
    head = opened.group(1) if opened else head
    if head[:1].islower():
        return not spellings.prefers_hyphen(head, tail)
    # A capitalised head: "Rus-" / "sian" or "Iran-" / "based". The text's own spelling decides
    # where it has one; else a head the text uses as a word of its own starts a compound.
    hyphenated, joined = spellings.spellings(head, tail)
    if hyphenated != joined:
        return joined
    return _WORD.fullmatch(head) is not None and spellings.occurrences(head) < 2


def _is_dateline(line: str) -> bool:
    """A text's first line that is one capitalised word and a dash: "Alwaght-", "TEHRAN -"."""
    return bool(re.fullmatch(r"[A-Z][\w.]*\s?[-\u2010\u2013\u2014]", line))


