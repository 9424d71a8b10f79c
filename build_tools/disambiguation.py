"""Which names of the glossary a search confuses with other entries' titles, so that an entry's page can
tell them apart at its top (pure: the entries in, the findings out).

Search engines match each typed word as the beginning of a word, and weigh a page's title above its
text. Typing "Iran" then matches the titles "Iran", "Iranophobia" and "Iran's nuclear programme"
alike; typing "Iran nuclear deal", an alias of the JCPOA, matches more of the title "Iran's nuclear
programme" than of the JCPOA's own. What both engines weigh decides, not any page's script:

  names     a term that other entries' titles begin with (word by word) gets a note on the entry's
            page, before anything else: "Iran: not to be confused with Iranophobia or Iran's nuclear
            programme." The page then names the term first, where the others' pages name their type.
  aliases   an alias that no word of its entry's title begins like, but a word of another entry's
            title does, is shown in the page's heading ("also called Iran nuclear deal"), so that the
            heading matches it wholly where the other title matches it in part.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass

from .model import Entity

# A word as search engines split names: letters and digits, with an apostrophe inside ("Iran's") but no
# hyphen or full stop ("Alma-Ata" and "U.S." are two words each).
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


def words(text: str) -> tuple[str, ...]:
    """The words of a name, case-folded, as a search splits it: "Iran's nuclear programme" → ("iran's", "nuclear", "programme")."""
    return tuple(_WORD.findall(text.casefold()))


@dataclass(frozen=True)
class Disambiguation:
    """What an entry's page shows so that a search for each of its terms finds it first."""

    confused: tuple[tuple[str, tuple[Entity, ...]], ...] = ()  # (term, the entries whose titles begin like it)
    heading_aliases: tuple[str, ...] = ()  # aliases the page's heading shows


def disambiguate(entities: Sequence[Entity]) -> dict[str, Disambiguation]:
    """Each entry with a term to tell apart, by id (the others need nothing)."""
    titles = {e.id: words(e.title) for e in entities}
    by_id = {e.id: e for e in entities}
    # Sorted word sequences (and words), so that those beginning like a typed word are one slice.
    ordered = sorted((title, entity_id) for entity_id, title in titles.items() if title)
    ordered_titles = [title for title, _ in ordered]
    title_words = sorted({(word, entity_id) for entity_id, title in titles.items() for word in title})
    only_words = [word for word, _ in title_words]

    def titles_beginning_with(typed: tuple[str, ...]) -> list[str]:
        found = []
        for at in range(bisect_left(ordered_titles, typed[:1]), len(ordered)):
            title, entity_id = ordered[at]
            if not title[0].startswith(typed[0]):
                break
            if len(title) >= len(typed) and all(word.startswith(start) for word, start in zip(title, typed)):
                found.append(entity_id)
        return found

    def another_title_has_a_word_like(word: str, own_id: str) -> bool:
        for at in range(bisect_left(only_words, word), len(title_words)):
            title_word, entity_id = title_words[at]
            if not title_word.startswith(word):
                return False
            if entity_id != own_id:
                return True
        return False

    result = {}
    for entity in entities:
        confused = []
        for term in entity.terms:
            typed = words(term)
            others = [by_id[i] for i in titles_beginning_with(typed) if i != entity.id] if typed else []
            if others:
                confused.append((term, tuple(others)))
        heading_aliases = []
        for alias in entity.aliases:
            typed = words(alias)
            own = titles[entity.id]
            if any(title_word.startswith(word) for word in typed for title_word in own):
                continue
            if any(another_title_has_a_word_like(word, entity.id) for word in typed):
                heading_aliases.append(alias)
        if confused or heading_aliases:
            result[entity.id] = Disambiguation(tuple(confused), tuple(heading_aliases))
    return result
