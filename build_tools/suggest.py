"""Draft entries as glossary.yml would hold them, for an editor to review and paste (pure)."""
from __future__ import annotations

import json
from collections import Counter

import yaml

from .errors import printable
from .match import Matcher
from .model import Briefing, Entity
from .reflow import SENTENCE_BREAK

SENTENCE_SHOWN = 200  # characters of the first sentence quoted in an entry's comment


def scalar(value: str, flow: bool = False) -> str:
    """A string as a YAML scalar: plain where YAML reads it back unchanged, else double-quoted.
    flow: inside [ ], where commas and brackets end a plain scalar."""
    try:
        plain_ok = value == value.strip() and "\n" not in value and "#" not in value and yaml.safe_load(value) == value
    except yaml.YAMLError:
        plain_ok = False
    if flow and any(ch in value for ch in ",[]{}"):
        plain_ok = False
    return value if plain_ok else json.dumps(value)  # JSON's escapes are YAML's double-quoted ones


def _sentence(text: str, start: int) -> str:
    """The sentence of text that holds offset start, on one line, shortened."""
    begin = 0
    for match in SENTENCE_BREAK.finditer(text):
        if match.end() > start:
            end = match.start() + 1
            break
        begin = match.end()
    else:
        end = len(text)
    sentence = " ".join(text[begin:end].split())
    return sentence if len(sentence) <= SENTENCE_SHOWN else sentence[: SENTENCE_SHOWN - 1].rsplit(" ", 1)[0] + "…"


def suggestions(briefing: Briefing, drafts: tuple[Entity, ...]) -> str:
    """glossary.yml text with one entry per draft: id, name, type, aliases, draft: true, and as a
    comment how often the built page marks it and the first sentence that names it."""
    entities = (*(e for e in briefing.entities if not e.draft), *drafts)
    matcher = Matcher(entities, briefing.articles)
    counts: Counter[str] = Counter()
    first: dict[str, str] = {}
    for article in briefing.articles:
        for _, _, paragraph in article.paragraphs:
            for start, _, entity_id in matcher.find(paragraph.text, article.slug):
                counts[entity_id] += 1
                if entity_id not in first:
                    first[entity_id] = f"{article.path}:{paragraph.line}: {_sentence(paragraph.text, start)}"
    lines = [
        f"# {len(drafts)} name(s) the articles give that no entry of the glossary covers, as draft entries.",
        "# Paste those that are right under `entities:` in glossary.yml and give each a summary; once reviewed,",
        "# drop `draft: true`. Put a name that is no entity under `ignore:` instead. Types are guesses.",
        "entities:",
    ]
    for entity in drafts:
        mentions = counts[entity.id]
        lines.append(f"  # {mentions} mention{'s' if mentions != 1 else ''}; first in {printable(first.get(entity.id, entity.location.path), None)}")
        lines.append(f"  - id: {entity.id}")
        lines.append(f"    name: {scalar(entity.name)}")
        lines.append(f"    type: {entity.type}")
        if entity.aliases:
            lines.append(f"    aliases: [{', '.join(scalar(alias, flow=True) for alias in entity.aliases)}]")
        lines.append("    draft: true")
    return "\n".join(lines) + "\n"
