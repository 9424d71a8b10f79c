"""Find every mention of every glossary entity in the articles' paragraphs.

One Aho-Corasick automaton holds every name and alias, so the text is read once
however large the glossary. A hit counts only as a whole word: the characters on
either side must not be letters, digits or underscores (so "Iran" is not found in
"Iranian", while "Kazakhstan’s" and "U.S.-led" still mention Kazakhstan and the
U.S.). Matching is case-sensitive, as written ("US" never matches "us"). Where hits
overlap, the leftmost wins, then the longest; marks never nest. An article's own aliases
count in that article only, and an entry's `never:` phrases mark nothing but hide what
they hold ("West" in "West Asia").
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence

import ahocorasick

from .model import Article, Entity, Mention, Mentions
from .progress import Progress, quiet


# What a `never:` phrase means: it takes its words, as a mention would, and marks nothing.
BLOCKED = ""


class Matcher:
    """Entity terms compiled once, then matched against any number of texts.

    Each phrase has a meaning everywhere (an entry's name or alias, or a `never:` phrase) and may
    have another in particular articles (an article's own `aliases:`); a phrase that means nothing
    in the article at hand is not there at all, so it hides nothing shorter.
    """

    def __init__(self, entities: Iterable[Entity], articles: Iterable[Article] = ()):
        self._automaton = ahocorasick.Automaton()
        entities = tuple(entities)  # read twice below: never: phrases first, so that terms outrank them
        meanings: dict[str, dict[str | None, str]] = {}  # phrase -> {None: everywhere, slug: in that article}
        for entity in entities:
            for phrase in entity.never:
                meanings.setdefault(phrase, {}).setdefault(None, BLOCKED)
        for entity in entities:
            for term in entity.terms:
                meanings.setdefault(term, {})[None] = entity.id  # an entry's term outranks another's never:
        for article in articles:
            for alias in article.aliases:
                meanings.setdefault(alias.phrase, {})[article.slug] = alias.entity_id
        for phrase, meaning in meanings.items():
            self._automaton.add_word(phrase, (len(phrase), meaning))
        self._empty = len(self._automaton) == 0
        if not self._empty:
            self._automaton.make_automaton()

    def _whole_words(self, text: str, article: str | None) -> list[tuple[int, int, str]]:
        """(start, -end, entity id or BLOCKED) of every whole-word occurrence of a phrase that means
        something in the article: the automaton finds substrings, so a hit counts only where no
        letter, digit or underscore touches either end."""
        padded = f" {text} "  # a space on each side: every hit has a neighbour to look at
        hits = []
        add = hits.append
        for last, (length, meaning) in self._automaton.iter(padded):
            before, after = padded[last - length], padded[last + 1]
            if before.isalnum() or before == "_" or after.isalnum() or after == "_":
                continue
            entity_id = meaning.get(article, meaning.get(None)) if article is not None else meaning.get(None)
            if entity_id is not None:
                add((last - length, -last, entity_id))  # positions in `text`: one less than in `padded`
        return hits

    def occurrences(self, text: str, article: str | None = None) -> list[tuple[int, int, str]]:
        """(start, end, entity id) of every whole-word occurrence of any term, overlapping ones included."""
        if self._empty:
            return []
        return [(start, -negative_end, entity_id) for start, negative_end, entity_id in self._whole_words(text, article) if entity_id]

    def find(self, text: str, article: str | None = None) -> list[tuple[int, int, str]]:
        """Return (start, end, entity id) for every whole-word mention in a paragraph of the article
        (None: of no article in particular), in text order."""
        if self._empty:
            return []
        hits = self._whole_words(text, article)
        hits.sort()  # leftmost first, then longest: (start, -end) in tuple order, no key function
        chosen: list[tuple[int, int, str]] = []
        reached = 0
        for start, negative_end, entity_id in hits:
            if start >= reached:
                if entity_id:
                    chosen.append((start, -negative_end, entity_id))
                reached = -negative_end
        return chosen


def find_mentions(articles: Sequence[Article], matcher: Matcher, progress: Progress = quiet) -> Mentions:
    """Every mention in every paragraph of the given articles, in reading order, indexed."""
    mentions = []
    for done, article in enumerate(articles, start=1):
        mentions.extend(
            Mention(entity_id, article.slug, section.number, number, start, end)
            for section, number, paragraph in article.paragraphs
            for start, end, entity_id in matcher.find(paragraph.text, article.slug)
        )
        progress("matching", done, len(articles))
    return Mentions.of(mentions)
