"""Open data published with the site: the glossary with every mention, and every mention and
note as a W3C Web Annotation (https://www.w3.org/TR/annotation-model/).

Positions count characters in an article's normalised text: its paragraphs, as reflowed,
joined by one newline (published as text/<slug>.txt), so any tool can check a selector.
"""
from __future__ import annotations

import json
import re

from .errors import BriefingError, Location, Problem, quoted
from .model import Article, Briefing, Note, paragraph_anchor

CONTEXT = 32  # characters of prefix and suffix in a TextQuoteSelector

# Where the site is published (mkdocs.yml's site_url, from SITE_URL): an http or https address
# of a folder, without characters a URL would have to escape.
_SITE_URL = re.compile(r"https?://[^\s\"'<>\\^`{|}]+/")


def site_address(value: str | None, where: str = "SITE_URL") -> str:
    """The published site's address with its final slash, or "" where it is not known."""
    if not value:
        return ""
    address = value if value.endswith("/") else value + "/"
    if not _SITE_URL.fullmatch(address):
        raise BriefingError([Problem(Location(where), f"{quoted(value)} is not an http or https address; set it like https://example.org/briefing/")])
    return address


def published(site_url: str, path: str) -> str:
    """A site path ("glossary/iran/") as the address readers are given: absolute where the site's is known."""
    return site_url + path


def normalised_text(article: Article) -> str:
    return "\n".join(paragraph.text for _, _, paragraph in article.paragraphs) + "\n"


def _offsets(article: Article) -> dict[tuple[int, int], int]:
    """Where each paragraph starts in the normalised text."""
    offsets, position = {}, 0
    for section, number, paragraph in article.paragraphs:
        offsets[(section.number, number)] = position
        position += len(paragraph.text) + 1
    return offsets


def _selectors(article: Article, text: str, start: int, end: int, section: int, paragraph: int) -> list[dict]:
    permanent = article.sections[section - 1].paragraphs[paragraph - 1].permanent
    return [
        {"type": "TextQuoteSelector", "exact": text[start:end], "prefix": text[max(0, start - CONTEXT):start], "suffix": text[end:end + CONTEXT]},
        {"type": "TextPositionSelector", "start": start, "end": end},
        {"type": "FragmentSelector", "conformsTo": "http://tools.ietf.org/rfc/rfc3986", "value": permanent or paragraph_anchor(section, paragraph)},
    ]


def glossary_json(briefing: Briefing, site_url: str = "") -> str:
    articles = {a.slug: a for a in briefing.articles}
    offsets = {a.slug: _offsets(a) for a in briefing.articles}
    entities = []
    for entity in briefing.entities:
        mentions = []
        for m in briefing.mentions.of_entity(entity.id):
            article = articles[m.article]
            base = offsets[m.article][(m.section, m.paragraph)]
            paragraph = article.sections[m.section - 1].paragraphs[m.paragraph - 1]
            mentions.append(
                {
                    "article": m.article,
                    "section": m.section,
                    "paragraph": m.paragraph,
                    "anchor": m.anchor,
                    "permanent": paragraph.permanent,
                    "url": published(site_url, f"articles/{m.article}/#{paragraph.permanent or m.anchor}"),
                    "exact": paragraph.text[m.start:m.end],
                    "paragraph_start": m.start,
                    "paragraph_end": m.end,
                    "text_start": base + m.start,
                    "text_end": base + m.end,
                }
            )
        record = {
            "id": entity.id,
            "name": entity.name,
            "type": entity.type,
            "aliases": list(entity.aliases),
            "summary": entity.summary,
            "url": published(site_url, f"glossary/{entity.id}/"),
            "mentions": mentions,
        }
        if entity.wikidata:
            record["wikidata"] = entity.wikidata
        if entity.draft:
            record["draft"] = True  # found in the text or marked unreviewed: no editor has described it
        entities.append(record)
    data = {
        "articles": [
            {"slug": a.slug, "title": a.title, "url": published(site_url, f"articles/{a.slug}/"), "text": published(site_url, f"text/{a.slug}.txt"), "source": a.source.name,
             "aliases": {alias.phrase: alias.entity_id for alias in a.aliases}}
            for a in briefing.articles
        ],
        "entities": entities,
    }
    return to_json(data)


def annotations_jsonld(briefing: Briefing, site_url: str = "") -> str:
    items = []
    for article in briefing.articles:
        text = normalised_text(article)
        offsets = _offsets(article)
        target_page = published(site_url, f"articles/{article.slug}/")
        for number, m in enumerate(briefing.mentions.in_article(article.slug), start=1):
            base = offsets[(m.section, m.paragraph)]
            items.append(
                {
                    "id": published(site_url, f"annotations.jsonld#{article.slug}-mention-{number}"),
                    "type": "Annotation",
                    "motivation": "identifying",
                    "body": published(site_url, f"glossary/{m.entity_id}/"),
                    "target": {"source": target_page, "selector": _selectors(article, text, base + m.start, base + m.end, m.section, m.paragraph)},
                }
            )
        for note in article.notes:
            items.append(_note_annotation(article, note, text, offsets, site_url))
    collection = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": published(site_url, "annotations.jsonld"),
        "type": "AnnotationCollection",
        "label": "Mentions of glossary entries and editors' notes",
        "total": len(items),
        "first": {"id": published(site_url, "annotations.jsonld#page-1"), "type": "AnnotationPage", "startIndex": 0, "items": items},
    }
    return to_json(collection)


def _note_annotation(article: Article, note: Note, text: str, offsets: dict, site_url: str) -> dict:
    base = offsets[(note.section, note.paragraph)]
    purpose = "editing" if note.kind == "correction" else "commenting"
    bodies: list = [{"type": "TextualBody", "value": note.text.strip(), "format": "text/markdown", "purpose": purpose}]
    bodies += [published(site_url, f"glossary/{entity_id}/") for entity_id in note.references]
    return {
        "id": published(site_url, f"annotations.jsonld#{article.slug}-note-{note.number}"),
        "type": "Annotation",
        "motivation": purpose,
        "body": bodies if len(bodies) > 1 else bodies[0],
        "target": {
            "source": published(site_url, f"articles/{article.slug}/"),
            "selector": _selectors(article, text, base + note.start, base + note.end, note.section, note.paragraph),
        },
    }


def to_json(data, sort_keys: bool = False) -> str:
    """Compact JSON, one line: Python's C encoder writes it, while any indent falls back to the
    pure-Python one (3× slower on a thousand articles' annotations)."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=sort_keys) + "\n"


def export_files(briefing: Briefing, site_url: str = "") -> dict[str, str]:
    """The open data; its addresses are absolute where the site's (site_address) is known, else relative to the site's root."""
    files = {"glossary.json": glossary_json(briefing, site_url), "annotations.jsonld": annotations_jsonld(briefing, site_url)}
    files.update({f"text/{a.slug}.txt": normalised_text(a) for a in briefing.articles})
    return files
