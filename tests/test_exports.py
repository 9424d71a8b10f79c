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
    local = {a["slug"]: a["aliases"] for a in glossary["articles"]}  # phrases that hold in one article only
    for entity in glossary["entities"]:
        assert (built_site / entity["url"] / "index.html").exists()
        for mention in entity["mentions"]:
            text = (built_site / "text" / f"{mention['article']}.txt").read_text(encoding="utf-8")
            assert text[mention["text_start"]:mention["text_end"]] == mention["exact"]
            here = [phrase for phrase, entity_id in local[mention["article"]].items() if entity_id == entity["id"]]
            assert mention["exact"] in [entity["name"], *entity["aliases"], *here]
            assert mention["url"] == f"articles/{mention['article']}/#{mention['permanent']}"


@pytest.mark.parametrize(
    "value, expected",
    [(None, ""), ("", ""), ("https://example.org/briefing", "https://example.org/briefing/"), ("http://127.0.0.1:8000/", "http://127.0.0.1:8000/")],
)
def test_the_site_address_is_a_folder_or_unknown(value, expected):
    from build_tools.exports import site_address

    assert site_address(value) == expected


@pytest.mark.parametrize("value", ["ftp://example.org/", "javascript:alert(1)//", "/briefing/", 'https://x.org/"><script>', "https://x.org/a b/"])
def test_a_site_address_that_is_no_http_folder_is_refused_with_where_it_came_from(value):
    from build_tools.errors import BriefingError
    from build_tools.exports import site_address

    with pytest.raises(BriefingError) as raised:
        site_address(value, "SITE_URL")
    assert str(raised.value.problems[0]).startswith("SITE_URL: ") and "is not an http or https address" in str(raised.value.problems[0])


def _strings(data):
    if isinstance(data, dict):
        for value in data.values():
            yield from _strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from _strings(value)
    elif isinstance(data, str):
        yield data


def test_with_a_site_address_every_address_in_the_open_data_and_structured_data_is_absolute(seed_output):
    from build_tools.exports import export_files
    from build_tools.structured import page_data

    site = "https://example.org/briefing/"
    relative = export_files(seed_output.briefing)
    absolute = export_files(seed_output.briefing, site)
    for name in ("glossary.json", "annotations.jsonld"):
        before, after = json.loads(relative[name]), json.loads(absolute[name])
        addresses = [s for s in _strings(after) if s.startswith(site)]
        site_paths = [s for s in _strings(before) if s.startswith(("articles/", "glossary/", "text/", "annotations.jsonld")) and s != "text/markdown"]
        assert addresses == [site + path for path in site_paths]
    pages = page_data(seed_output.briefing, site)
    urls = [s for s in _strings(pages) if s.startswith(("../", "./")) or s.endswith("/") and not s.startswith("http")]
    assert urls == [] and any(s.startswith(site + "glossary/") for s in _strings(pages))


def test_the_site_address_is_part_of_the_inputs_fingerprint(tmp_path):
    from build_tools.build import fingerprint

    from .conftest import ROOT, write_seeds

    seeds = write_seeds(tmp_path / "seeds", {})
    assert fingerprint(seeds, ROOT / "templates") != fingerprint(seeds, ROOT / "templates", "https://example.org/")
