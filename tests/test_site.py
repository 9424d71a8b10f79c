"""The built site, parsed: every mention marked, every link and anchor resolves, no word lost, nothing external."""
from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import pytest
from bs4 import BeautifulSoup

from build_tools.render import MAPS_FOLDER

from .conftest import ROOT

BASE = "http://site.invalid/"


def page(site: Path, url_path: str) -> BeautifulSoup:
    return BeautifulSoup((site / url_path / "index.html").read_text(encoding="utf-8"), "html.parser")


def html_pages(site: Path) -> list[Path]:
    """The site's pages: not 404.html, nor the actor-map documents that article pages fetch."""
    return sorted(p for p in site.rglob("*.html") if p.name != "404.html" and site / MAPS_FOLDER not in p.parents)


def fetched_maps(site: Path, soup: BeautifulSoup) -> list[BeautifulSoup]:
    """The bodies of the actor-map documents a page fetches (actor-map.js), which become part of it."""
    return [
        BeautifulSoup((site / frame["data-actor-map"]).read_text(encoding="utf-8"), "html.parser").body
        for frame in soup.select(".actor-map-frame[data-actor-map]")
    ]


def url_of(site: Path, file: Path) -> str:
    return urljoin(BASE, file.relative_to(site).as_posix().removesuffix("index.html"))


def file_for(site: Path, url: str) -> Path:
    path = site / unquote(urlparse(url).path).lstrip("/")
    return path / "index.html" if path.is_dir() or not path.suffix else path


@pytest.fixture(scope="module")
def briefing(seed_output):
    return seed_output.briefing


@pytest.fixture(scope="module")
def article_pages(built_site, briefing):
    return {a.slug: page(built_site, f"articles/{a.slug}") for a in briefing.articles}


def test_every_mention_is_marked_with_its_exact_words(briefing, article_pages):
    for article in briefing.articles:
        soup = article_pages[article.slug]
        for section, number, paragraph in article.paragraphs:
            element = soup.find(id=f"s{section.number}-p{number}")
            spans = element.select("span.entity[data-entity]")
            expected = [
                (paragraph.text[m.start:m.end], m.entity_id)
                for m in briefing.mentions
                if (m.article, m.section, m.paragraph) == (article.slug, section.number, number)
            ]
            assert [(s.get_text(), s["data-entity"]) for s in spans] == expected


def test_seed_figures(briefing):
    assert len(briefing.entities) == 21
    assert len(briefing.mentions) == 66
    assert sum(len(a.paragraphs) for a in briefing.articles) == 12


def test_no_word_of_the_source_is_lost(briefing, article_pages):
    for article in briefing.articles:
        source = (ROOT / article.path).read_text(encoding="utf-8")
        shown = article_pages[article.slug].select("p.briefing-paragraph")
        assert [p.get_text() for p in shown] == [p.text for _, _, p in article.paragraphs]
        assert " ".join(p.get_text() for p in shown).split() == source.split()


def test_sections_and_paragraphs_carry_short_anchors_and_permalinks(briefing, article_pages):
    for article in briefing.articles:
        soup = article_pages[article.slug]
        for section in article.sections:
            heading = soup.find("h2", id=f"s{section.number}")
            assert heading.get_text().startswith(f"§{section.number} {section.title}")
            assert heading.find("a", class_="headerlink")["href"] == f"#s{section.number}"
        for section, number, _ in article.paragraphs:
            anchor = soup.find(id=f"s{section.number}-p{number}").find("a", class_="briefing-anchor")
            assert anchor["href"] == f"#{anchor['id']}" and anchor["id"].startswith("para-")
            assert anchor["data-label"] == f"§{section.number} ¶{number}"


def test_first_mention_per_section_is_a_link_and_headings_are_never_marked(article_pages):
    for soup in article_pages.values():
        assert not soup.select("h1 .entity, h2 .entity, h3 .entity")
        for heading in soup.select("article h2[id^=s]"):
            seen = set()
            for element in heading.find_next_siblings():
                if element.name == "h2":
                    break
                for span in element.select("span.entity"):
                    link = span.find("a")
                    assert (link is not None) == (span["data-entity"] not in seen)
                    seen.add(span["data-entity"])


def broken_links(site: Path) -> list[str]:
    """Every internal link or fragment of the site that leads nowhere."""
    ids: dict[Path, set[str]] = {}
    broken = []
    for file in html_pages(site):
        soup = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")
        # The actor maps' SVG links are xlink:href (actor_map._svg); html.parser keeps the name as written.
        # A fetched actor map's links are written relative to the page that shows it.
        parts = [soup, *fetched_maps(site, soup)]
        for link in [a for part in parts for a in part.select("a[href]") + part.find_all("a", attrs={"xlink:href": True})]:
            link["href"] = link.get("href") or link["xlink:href"]
            target = urljoin(url_of(site, file), link["href"])
            if not target.startswith(BASE):
                continue
            target_file = file_for(site, target)
            if not target_file.exists():
                broken.append(f"{file}: broken link {link['href']}")
                continue
            fragment = urlparse(target).fragment
            if fragment and target_file.suffix == ".html":
                if target_file not in ids:
                    target_soup = BeautifulSoup(target_file.read_text(encoding="utf-8"), "html.parser")
                    ids[target_file] = {tag["id"] for tag in target_soup.select("[id]")}
                if unquote(fragment) not in ids[target_file]:
                    broken.append(f"{file}: missing anchor {link['href']}")
    return broken


def test_every_internal_link_and_fragment_resolves(built_site):
    assert broken_links(built_site) == []


def test_mentioned_in_lists_every_mention_with_its_paragraph(built_site, briefing):
    for entity in briefing.entities:
        soup = page(built_site, f"glossary/{entity.id}")
        heading = soup.find("h2", id="mentioned-in")
        links = []
        for element in heading.find_next_siblings():
            if element.name == "h2":
                break
            links += [a["href"] for a in element.select("li > a:first-child")]
        expected = [f"../../articles/{m.article}/#{m.anchor}" for m in briefing.mentions if m.entity_id == entity.id]
        assert links == expected
        if not expected:
            assert f"No article mentions {entity.name} yet." in soup.get_text()


def test_glossary_index_groups_by_type_with_counts(built_site, briefing):
    soup = page(built_site, "glossary")
    headings = [h.get_text(strip=True).rstrip("¶") for h in soup.select("article h2")]
    assert headings == ["People", "Countries", "Organizations", "Places", "Events", "Concepts", "Media"]
    kazakhstan = soup.find("a", href="kazakhstan/").parent
    assert "(18)" in kazakhstan.get_text()


def test_search_index_holds_every_name_and_alias_on_its_page(built_site, briefing):
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    by_location: dict[str, str] = {}
    for doc in index["docs"]:
        page_location = doc["location"].split("#")[0]
        by_location[page_location] = by_location.get(page_location, "") + " " + doc["title"] + " " + doc["text"]
    for entity in briefing.entities:
        text = by_location[f"glossary/{entity.id}/"]
        for term in entity.terms:
            assert term.replace("'", "&#x27;") in text or term in text, (entity.id, term)


def test_nothing_is_loaded_from_another_host(built_site):
    for file in html_pages(built_site):
        soup = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")
        for tag, attribute in (("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src"), ("source", "src")):
            for element in [found for part in [soup, *fetched_maps(built_site, soup)] for found in part.find_all(tag)]:
                value = element.get(attribute)
                if value and not (tag == "link" and "canonical" in element.get("rel", [])):
                    assert not urlparse(value).netloc and not value.startswith("//"), f"{file}: {tag} {value}"
        assert "fonts.googleapis" not in file.read_text(encoding="utf-8")


def test_search_dialog_has_an_accessible_name(built_site):
    dialog = page(built_site, "").select_one(".md-search[role=dialog]")
    assert dialog["aria-label"] == "Search"


def _metas(soup: BeautifulSoup) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for tag in soup.select("meta[name], meta[property]"):
        found.setdefault(tag.get("name") or tag.get("property"), []).append(tag["content"])
    return found


def _linked_data(soup: BeautifulSoup) -> dict:
    scripts = soup.select('script[type="application/ld+json"]')
    assert len(scripts) == 1
    return json.loads(scripts[0].string)


def test_article_pages_carry_citation_tags_for_reference_managers(article_pages, briefing):
    for article in briefing.articles:
        metas = _metas(article_pages[article.slug])
        assert metas["citation_title"] == [article.title]
        assert metas["citation_author"] == [article.source.author or article.source.name]
        assert metas["citation_publisher"] == ["Annotated briefing"]
        assert metas["citation_publication_date"] == [article.published.replace("-", "/")]
        assert metas["citation_public_url"] and metas["DC.type"] == ["webpage"]
        assert metas["og:title"] == [article.title] and metas["og:type"] == ["article"]
        assert metas["og:site_name"] == ["Annotated briefing"] and metas["og:description"][0]


def test_article_json_ld_is_based_on_the_source_and_mentions_its_entities(built_site, article_pages, briefing):
    for article in briefing.articles:
        data = _linked_data(article_pages[article.slug])
        assert data["@context"] == "https://schema.org" and data["@type"] == "Article"
        assert data["headline"] == article.title
        assert data["isBasedOn"]["publisher"]["name"] == article.source.name
        assert data["isBasedOn"]["url"] == article.source.url
        mentioned = {m.entity_id for m in briefing.mentions if m.article == article.slug}
        assert len(data["mentions"]) == len(mentioned)
        for entry in data["mentions"]:
            target = file_for(built_site, urljoin(f"{BASE}articles/{article.slug}/", entry["url"]))
            assert target.exists(), entry
            entity_id = target.parent.name
            assert entity_id in mentioned
            expected = {"person": "Person", "country": "Country", "organization": "Organization", "place": "Place"}
            entity_type = next(e.type for e in briefing.entities if e.id == entity_id)
            assert entry["@type"] == expected.get(entity_type, entry["@type"])


def test_glossary_json_ld_is_a_defined_term_set_of_defined_terms(built_site, briefing):
    data = _linked_data(page(built_site, "glossary"))
    assert data["@type"] == "DefinedTermSet"
    assert sorted(t["termCode"] for t in data["hasDefinedTerm"]) == sorted(e.id for e in briefing.entities)
    for entity in briefing.entities:
        term = _linked_data(page(built_site, f"glossary/{entity.id}"))
        assert term["@type"] == "DefinedTerm" and term["name"] == entity.name
        about = term["about"]
        assert about["name"] == entity.name and about.get("alternateName", []) == list(entity.aliases)
        if entity.type in ("person", "country", "organization", "place"):
            assert about["@type"] == {"person": "Person", "country": "Country", "organization": "Organization", "place": "Place"}[entity.type]
        if entity.wikidata:
            assert f"https://www.wikidata.org/wiki/{entity.wikidata}" in about["sameAs"]


def test_every_paragraph_and_section_has_a_permanent_address(article_pages, briefing):
    for article in briefing.articles:
        soup = article_pages[article.slug]
        for section in article.sections:
            assert soup.find("h2", id=section.anchor).find(id=section.permanent) is not None
            for number, paragraph in enumerate(section.paragraphs, start=1):
                anchor = soup.find(id=f"s{section.number}-p{number}").find("a", class_="briefing-anchor")
                assert anchor["id"] == paragraph.permanent and anchor["href"] == f"#{paragraph.permanent}"


# --- a site of draft entries: a real document with an empty glossary --------------------------

def test_a_site_of_drafts_marks_every_mention_and_every_link_resolves(drafts_site):
    site, briefing = drafts_site
    assert broken_links(site) == []
    assert briefing.drafts and all(e.draft for e in briefing.entities)
    spans = page(site, "articles/readout").select("span.entity")
    texts = {(s.number, n): p.text for s, n, p in briefing.articles[0].paragraphs}
    assert [s.get_text() for s in spans] == [texts[(m.section, m.paragraph)][m.start:m.end] for m in briefing.mentions]
    # Names found only inside longer ones ("United Nations" in "United Nations General Assembly") mark nothing.
    assert {s["data-entity"] for s in spans} == {e.id for e in briefing.entities if briefing.mentions.of_entity(e.id)}
    unmarked = next(e for e in briefing.drafts if not briefing.mentions.of_entity(e.id))
    assert f"{unmarked.name} is named only inside longer names" in page(site, f"glossary/{unmarked.id}").get_text()


def test_a_draft_page_says_that_no_editor_has_described_it(drafts_site):
    site, briefing = drafts_site
    entity = next(e for e in briefing.drafts if e.name == "Central Asia")
    soup = page(site, f"glossary/{entity.id}")
    text = soup.select_one("article").get_text(" ", strip=True)
    assert "Place (guessed)" in text and "Not yet reviewed. The editors have not described Central Asia yet." in text
    assert len(soup.find("h2", id="mentioned-in").find_next("ul").select("li")) == len(briefing.mentions.of_entity(entity.id))
    assert soup.find("h2", id="often-mentioned-with") is not None
    index = page(site, "glossary")
    assert [h.get_text(strip=True).rstrip("¶") for h in index.select("article h2")] == ["Not yet reviewed"]
    search = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert any(doc["location"] == f"glossary/{entity.id}/" and doc["title"] == "Central Asia" for doc in search["docs"])


# --- what a page loads, and when --------------------------------------------------------------


def test_an_article_page_holds_a_stand_in_of_its_actor_map_and_names_the_document_it_fetches(built_site, briefing, article_pages):
    for article in briefing.articles:
        frame = article_pages[article.slug].select_one(".actor-map-frame")
        assert frame["data-actor-map"] == f"{MAPS_FOLDER}/{article.slug}.html" and frame.has_attr("data-search-exclude")
        stand_in = frame.select_one("svg.actor-map-svg")
        assert stand_in["aria-hidden"] == "true" and not stand_in.find_all(True)  # no drawing, no link
        assert not frame.select("table") and frame.select_one("details.actor-map__table summary")
        document = BeautifulSoup((built_site / frame["data-actor-map"]).read_text(encoding="utf-8"), "html.parser")
        assert document.select_one('meta[name="robots"]')["content"] == "noindex"
        drawing = document.body.select_one("figure.actor-map svg.actor-map-svg")
        # The same box: nothing moves when the drawing replaces the stand-in.
        assert drawing["viewbox"] == stand_in["viewbox"] and drawing["width"] == stand_in["width"]
        assert document.body.select_one("figcaption").get_text() == frame.select_one("figcaption").get_text()
        nodes = {a["data-entity"] for a in drawing.find_all("a", attrs={"xlink:href": True})}
        listed = {a["href"].split("/")[-2] for row in document.body.select("details.actor-map__table tbody tr") for a in row.select("td:first-child a")}
        mentioned = {m.entity_id for m in briefing.mentions.in_article(article.slug)}
        assert nodes and nodes <= listed <= mentioned


def test_no_script_holds_up_a_pages_first_paint(built_site):
    for file in html_pages(built_site):
        soup = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")
        external = soup.select("script[src]")
        assert external and all(script.has_attr("defer") for script in external), file
        assert not soup.head.select("script[src]"), file
        # The briefing's own scripts are no tags: the page loads them once it is painted.
        loader = soup.select_one("script#briefing-scripts").string
        sources = json.loads(loader[loader.rindex("(") + 1 : loader.rindex(")")])
        assert [Path(source).name for source in sources] == ["briefing.js", "cite.js", "actor-map.js"]
        assert all(file_for(built_site, urljoin(url_of(built_site, file), source)).is_file() for source in sources)
        assert not [s for s in external if "assets/briefing/" in s["src"]]
        stylesheets = [link["href"] for link in soup.select('link[rel="stylesheet"]') if "assets/briefing/" in link["href"]]
        assert [Path(href).name for href in stylesheets] == ["briefing.css"], file  # one request of ours before the paint
