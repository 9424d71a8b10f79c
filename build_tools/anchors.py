"""Permanent addresses: give every section and paragraph an id that survives edits.

Readable anchors (#s2-p3) follow the text's current order, so an inserted paragraph
shifts them. Each paragraph and section therefore also carries a permanent id
(#para-7, #sec-2) recorded in the article's registry, seeds/<slug>.anchors.yml,
which the build keeps up to date and editors commit:

- a paragraph keeps its id when its text is unchanged, or changed a little (matched
  by content, as quote anchoring re-finds an annotated passage after edits), wherever
  it moves;
- a new paragraph gets a new id; a removed one keeps its record, marked removed, so
  its address can still send readers to its section; ids are never reused;
- a section keeps its id when most of its paragraphs stay together, or when its title
  is unchanged;
- every readable anchor an id has had is remembered, so an old link can be resolved
  by the reader's browser (see addresses_map).
"""
from __future__ import annotations

import difflib
from collections import Counter
from dataclasses import replace

from .model import AddressRecord, Article, Registry, Section, paragraph_anchor

SIMILAR_ENOUGH = 0.6  # share of words kept for an edited paragraph to keep its id


def _similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a.split(), b.split(), autojunk=False).ratio()


def _match_paragraphs(texts: list[str], old: tuple[AddressRecord, ...]) -> list[AddressRecord | None]:
    """For each new paragraph text, the old record it continues, or None."""
    matched: list[AddressRecord | None] = [None] * len(texts)
    # Unchanged text first: live records before removed ones, in order.
    by_text: dict[str, list[AddressRecord]] = {}
    for record in sorted(old, key=lambda r: r.removed):
        by_text.setdefault(record.text, []).append(record)
    for index, text in enumerate(texts):
        if by_text.get(text):
            matched[index] = by_text[text].pop(0)
    used = {id(record) for record in matched if record is not None}
    free = [record for record in old if id(record) not in used]
    # Then edited text: the most similar pairs first.
    pairs = sorted(
        (
            (-score, index, position)
            for index, text in enumerate(texts)
            if matched[index] is None
            for position, record in enumerate(free)
            if difflib.SequenceMatcher(None, text, record.text).quick_ratio() >= SIMILAR_ENOUGH
            and (score := _similarity(text, record.text)) >= SIMILAR_ENOUGH
        )
    )
    taken: set[int] = set()
    for _, index, position in pairs:
        if matched[index] is None and position not in taken:
            matched[index] = free[position]
            taken.add(position)
    return matched


def _grow(anchors: tuple[str, ...], anchor: str) -> tuple[str, ...]:
    return anchors if anchors and anchors[-1] == anchor else (*anchors, anchor)


def assign(article: Article) -> tuple[Article, Registry]:
    """The article with permanent ids on every section and paragraph, and its updated registry."""
    old = article.registry
    located = article.paragraphs
    previous = _match_paragraphs([p.text for _, _, p in located], old.paragraphs)
    next_paragraph = old.next_paragraph

    paragraph_ids: list[str] = []
    for record in previous:
        if record is None:
            paragraph_ids.append(f"para-{next_paragraph}")
            next_paragraph += 1
        else:
            paragraph_ids.append(record.id)

    section_ids, next_section = _match_sections(article.sections, previous, old)
    sections_by_number = dict(zip((s.number for s in article.sections), section_ids))

    records = []
    for (section, number, paragraph), pid, record in zip(located, paragraph_ids, previous):
        anchors = _grow(record.anchors if record else (), paragraph_anchor(section.number, number))
        records.append(AddressRecord(pid, anchors, paragraph.text, sections_by_number[section.number]))
    live = {r.id for r in records}
    removed = [replace(r, removed=True) for r in old.paragraphs if r.id not in live]

    section_records = []
    old_sections = {r.id: r for r in old.sections}
    for section, sid in zip(article.sections, section_ids):
        before = old_sections.get(sid)
        section_records.append(AddressRecord(sid, _grow(before.anchors if before else (), section.anchor), section.title))
    live_sections = {r.id for r in section_records}
    removed_sections = [replace(r, removed=True) for r in old.sections if r.id not in live_sections]

    registry = Registry(
        sections=tuple(section_records + removed_sections),
        paragraphs=tuple(sorted(records + removed, key=lambda r: int(r.id.split("-")[1]))),
        next_section=next_section,
        next_paragraph=next_paragraph,
    )
    ids = iter(paragraph_ids)
    sections = tuple(
        replace(section, permanent=sid, paragraphs=tuple(replace(p, permanent=next(ids)) for p in section.paragraphs))
        for section, sid in zip(article.sections, section_ids)
    )
    return replace(article, sections=sections, registry=registry), registry


def _match_sections(sections: tuple[Section, ...], previous: list[AddressRecord | None], old: Registry) -> tuple[list[str], int]:
    """A permanent id per section: the old section most of its paragraphs came from, else one with its title."""
    next_section = old.next_section
    claimed: set[str] = set()
    ids = []
    position = 0
    by_title = {r.text: r.id for r in old.sections if not r.removed}
    for section in sections:
        origins = Counter(r.section for r in previous[position:position + len(section.paragraphs)] if r is not None and r.section)
        position += len(section.paragraphs)
        choice = next((sid for sid, _ in origins.most_common() if sid not in claimed), None)
        if choice is None and by_title.get(section.title) not in claimed:
            choice = by_title.get(section.title)
        if choice is None:
            choice = f"sec-{next_section}"
            next_section += 1
        claimed.add(choice)
        ids.append(choice)
    return ids, next_section


def addresses_map(article: Article) -> dict:
    """What the reader's browser needs to resolve any address this article ever published.

    current: readable anchor → permanent id, for the text as it is now;
    permanent: permanent id → where it is now (a readable anchor) or, if removed, its section's;
    history: readable anchor → the permanent ids it has named, oldest first.
    """
    registry = article.registry
    current = {}
    for section in article.sections:
        current[section.anchor] = section.permanent
        for number, paragraph in enumerate(section.paragraphs, start=1):
            current[paragraph_anchor(section.number, number)] = paragraph.permanent
    where = {pid: anchor for anchor, pid in current.items()}
    permanent = {}
    for record in (*registry.sections, *registry.paragraphs):
        if record.id in where:
            permanent[record.id] = {"now": where[record.id]}
        else:
            fallback = where.get(record.section, "")
            permanent[record.id] = {"removed": True, "section": fallback}
    history: dict[str, list[str]] = {}
    for record in (*registry.sections, *registry.paragraphs):
        for anchor in record.anchors:
            history.setdefault(anchor, []).append(record.id)
    return {"current": current, "permanent": permanent, "history": {a: ids for a, ids in sorted(history.items())}}
