"""Find every mention of every glossary entity in the articles' paragraphs.

One Aho-Corasick automaton holds every name and alias, so the text is read once
however large the glossary. A hit counts only as a whole word: the characters on
either side must not be letters, digits or underscores (so "Iran" is not found in
"Iranian", while "Kazakhstan’s" and "U.S.-led" still mention Kazakhstan and the
U.S.). Matching is case-sensitive, as written ("US" never matches "us"). Where hits
overlap, the leftmost wins, then the longest; marks never nest.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence

import ahocorasick

from .model import Article, Entity, Mention
from .progress import Progress, quiet


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


class Matcher:
    """Entity terms compiled once, then matched against any number of texts."""

    def __init__(self, entities: Iterable[Entity]):
        self._automaton = ahocorasick.Automaton()
        for entity in entities:
            for term in entity.terms:
                self._automaton.add_word(term, (len(term), entity.id))
        self._empty = len(self._automaton) == 0
        if not self._empty:
            self._automaton.make_automaton()

    def occurrences(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, entity id) of every whole-word occurrence of any term, overlapping ones included."""
        if self._empty:
            return []
        hits = []
        for last, (length, entity_id) in self._automaton.iter(text):
            start, end = last + 1 - length, last + 1
            if start > 0 and _is_word_char(text[start - 1]):
                continue
            if end < len(text) and _is_word_char(text[end]):
                continue
            hits.append((start, end, entity_id))
        return hits

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """Return (start, end, entity id) for every whole-word mention, in text order."""
        hits = self.occurrences(text)
        hits.sort(key=lambda hit: (hit[0], hit[0] - hit[1]))
        chosen: list[tuple[int, int, str]] = []
        reached = 0
        for hit in hits:
            if hit[0] >= reached:
                chosen.append(hit)
                reached = hit[1]
        return chosen


def find_mentions(articles: Sequence[Article], matcher: Matcher, progress: Progress = quiet) -> tuple[Mention, ...]:
    """Every mention in every paragraph of the given articles, in reading order."""
    mentions = []
    for done, article in enumerate(articles, start=1):
        mentions.extend(
            Mention(entity_id, article.slug, section.number, number, start, end)
            for section, number, paragraph in article.paragraphs
            for start, end, entity_id in matcher.find(paragraph.text)
        )
        progress("matching", done, len(articles))
    return tuple(mentions)
