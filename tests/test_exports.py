"""Open data: glossary.json and annotations.jsonld have the promised shape, and every selector finds its text."""
from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup

MOTIVATIONS = {"identifying", "commenting", "editing"}


@pytest.fixture(scope="module")
def annotations(built_site):
    return json.loads((built_site / "annotations.jsonld").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def glossary(built_site):
    return json.loads((built_site / "glossary.json").read_text(encoding="utf-8"))


def article_text(site, source: str) -> str:
    slug = source.strip("/").split("/")[-1]
    return (site / "text" / f"{slug}.txt").read_text(encoding="utf-8")


def paragraph_texts(site, source: str) -> dict[str, str]:
    """Paragraph text by permanent id, from the built article page."""
    soup = BeautifulSoup((site / source / "index.html").read_text(encoding="utf-8"), "html.parser")
    return {p.find("a", class_="briefing-anchor")["id"]: p.get_text() for p in soup.select("p.briefing-paragraph")}


def test_annotation_collection_shape(annotations, seed_output):
    assert annotations["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert annotations["type"] == "AnnotationCollection"
    page = annotations["first"]
    assert page["type"] == "AnnotationPage" and page["startIndex"] == 0
    items = page["items"]
    briefing = seed_output.briefing
    assert annotations["total"] == len(items) == len(briefing.mentions) + sum(len(a.notes) for a in briefing.articles)
    assert len({item["id"] for item in items}) == len(items)
    for item in items:
        assert item["type"] == "Annotation" and item["motivation"] in MOTIVATIONS
        selectors = {s["type"]: s for s in item["target"]["selector"]}
        assert set(selectors) == {"TextQuoteSelector", "TextPositionSelector", "FragmentSelector"}
        if item["motivation"] == "identifying":
            assert item["body"].startswith("glossary/")
        else:
            body = item["body"][0] if isinstance(item["body"], list) else item["body"]
            assert body["type"] == "TextualBody" and body["format"] == "text/markdown" and body["value"]
            assert body["purpose"] == item["motivation"]


def test_every_selector_finds_its_text(annotations, built_site):
    for item in annotations["first"]["items"]:
        source = item["target"]["source"]
        text = article_text(built_site, source)
        selectors = {s["type"]: s for s in item["target"]["selector"]}
        quote, position = selectors["TextQuoteSelector"], selectors["TextPositionSelector"]
        assert text[position["start"]:position["end"]] == quote["exact"]
        assert text[:position["start"]].endswith(quote["prefix"]) and len(quote["prefix"]) == min(32, position["start"])
        assert text[position["end"]:].startswith(quote["suffix"])
        assert text.count(quote["prefix"] + quote["exact"] + quote["suffix"]) == 1  # the quote selector alone is unambiguous
        paragraph = paragraph_texts(built_site, source)[selectors["FragmentSelector"]["value"]]
        assert quote["exact"] in paragraph


def test_identifying_bodies_are_entity_pages(annotations, built_site):
    for item in annotations["first"]["items"]:
        bodies = item["body"] if isinstance(item["body"], list) else [item["body"]]
        for body in bodies:
            if isinstance(body, str):
                assert (built_site / body / "index.html").exists()


def test_glossary_json_lists_every_mention_with_offsets(glossary, built_site, seed_output):
    briefing = seed_output.briefing
    assert [e["id"] for e in glossary["entities"]] == [e.id for e in briefing.entities]
    assert sum(len(e["mentions"]) for e in glossary["entities"]) == len(briefing.mentions)
    for entity in glossary["entities"]:
        assert (built_site / entity["url"] / "index.html").exists()
        for mention in entity["mentions"]:
            text = (built_site / "text" / f"{mention['article']}.txt").read_text(encoding="utf-8")
            assert text[mention["text_start"]:mention["text_end"]] == mention["exact"]
            assert mention["exact"] in [entity["name"], *entity["aliases"]]
            assert mention["url"] == f"articles/{mention['article']}/#{mention['permanent']}"
