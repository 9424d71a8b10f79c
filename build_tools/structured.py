"""Each page's structured data, built once from the model: what reference managers (Zotero, Google
Scholar) and search engines read as citation tags and schema.org JSON-LD.

render.py writes each page's entry into its front matter as `briefing`, which both engines hand the
theme as `page.meta.briefing` and templates/theme/main.html prints: Material's build, whose hook
could hand it over, and Zensical's, which runs no hooks, print the same tags from the same data.
"""
from __future__ import annotations

import re

from .exports import published
from .model import Article, Briefing, Entity

SCHEMA_TYPES = {
    "person": "Person",
    "country": "Country",
    "organization": "Organization",
    "place": "Place",
    "event": "Event",
    "concept": "Thing",
    "media": "NewsMediaOrganization",
}


def plain_text(markdown_text: str) -> str:
    """Markdown reduced to one line of plain text, for descriptions."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", markdown_text)
    return " ".join(re.sub(r"[*_`#>]", "", text).split())


def article_description(article: Article) -> str:
    """The editor's summary as plain text, or else the article's first paragraph."""
    return plain_text(article.summary) or article.sections[0].paragraphs[0].text


def _entity_reference(entity: Entity, url: str) -> dict:
    return {"@type": SCHEMA_TYPES[entity.type], "name": entity.name, "url": url}


def article_data(article: Article, mentioned: list[Entity], site_url: str = "") -> dict:
    source = article.source
    based_on = {"@type": "CreativeWork", "publisher": {"@type": "Organization", "name": source.name}}
    if source.author:
        based_on["author"] = {"@type": "Person", "name": source.author}
    if source.url:
        based_on["url"] = source.url
    if source.published:
        based_on["datePublished"] = source.published
    return {
        "kind": "article",
        "description": article_description(article),
        "date": article.published,
        "authors": [source.author or source.name],
        "source": {"name": source.name, "url": source.url, "published": source.published},
        "based_on": based_on,
        "mentions": [_entity_reference(e, _address(site_url, f"glossary/{e.id}/", "../../")) for e in mentioned],
    }


def _address(site_url: str, path: str, to_root: str) -> str:
    """A site path as the page at `to_root` from the site's root links it: absolute where the site's address is known."""
    return published(site_url, path) if site_url else to_root + path


def entity_data(entity: Entity, site_url: str = "") -> dict:
    about = {"@type": SCHEMA_TYPES[entity.type], "name": entity.name}
    if entity.aliases:
        about["alternateName"] = list(entity.aliases)
    same_as = [f"https://www.wikidata.org/wiki/{entity.wikidata}"] if entity.wikidata else []
    same_as += [link.url for link in entity.links if "wikipedia.org/wiki/" in link.url]
    if same_as:
        about["sameAs"] = same_as
    term = {"@type": "DefinedTerm", "name": entity.name, "termCode": entity.id, "description": entity.summary, "inDefinedTermSet": _address(site_url, "glossary/", "../../"), "about": about}
    return {"kind": "entity", "term": term}


def glossary_description(briefing: Briefing) -> str:
    return f"The glossary of {len(briefing.entities)} people, places, organizations and ideas the articles name."


def glossary_data(briefing: Briefing, site_url: str = "") -> dict:
    terms = [
        {"@type": "DefinedTerm", "name": e.name, "termCode": e.id, "url": _address(site_url, f"glossary/{e.id}/", "../")}
        for e in sorted(briefing.entities, key=lambda e: e.name.casefold())
    ]
    return {"kind": "glossary", "description": glossary_description(briefing), "terms": terms}


def page_data(briefing: Briefing, site_url: str = "") -> dict[str, dict]:
    """Every page's structured data, by its path in docs/ (site_url: exports.site_address)."""
    entities = {e.id: e for e in briefing.entities}
    pages = {}
    for article in briefing.articles:
        mentioned = [entities[i] for i in sorted({m.entity_id for m in briefing.mentions.in_article(article.slug)}, key=lambda i: entities[i].name)]
        pages[f"articles/{article.slug}.md"] = article_data(article, mentioned, site_url)
    for entity in briefing.entities:
        pages[f"glossary/{entity.id}.md"] = entity_data(entity, site_url)
    pages["glossary/index.md"] = glossary_data(briefing, site_url)
    return pages
