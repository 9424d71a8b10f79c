"""The briefing built by Zensical (make zensical), Material's successor, which runs no hooks:
the nav, every mention, the notes, the map's links, a card, the cite panel, the article's map in
Chromium and the search's ranking."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest
import yaml
from bs4 import BeautifulSoup

from .conftest import ROOT, make_project, serving, without_site_url
from .test_browser import open_cite_panel
from .test_hostile import HOSTILE, injected, pages
from .test_hostile import make_project as make_hostile_project
from .test_site import _linked_data, _metas

ZENSICAL = ROOT / ".venv-zensical" / "bin" / "zensical"
SLUG = "kazakhstan-balance-of-powers"


def zensical_build(project: Path) -> Path:
    """Build the project as `make zensical` does: the generator writes docs/, then Zensical builds it (strict)."""
    assert ZENSICAL.exists(), "Zensical is missing: `make test` installs it (.venv-zensical, requirements-zensical.txt)"
    generated = subprocess.run(
        [sys.executable, "-m", "build_tools", "build", "--seeds", str(project / "seeds"), "--docs", str(project / "docs"), "--site", str(project / "site")],
        cwd=ROOT, capture_output=True, text=True, env=without_site_url(), check=False, timeout=300,
    )
    assert generated.returncode == 0, generated.stderr
    config = (project / "mkdocs.yml").read_text(encoding="utf-8").replace("\nsite_dir: site\n", "\nsite_dir: site-zensical\n")
    (project / ".zensical.yml").write_text(config, encoding="utf-8")
    built = subprocess.run([str(ZENSICAL), "build", "--clean", "--strict", "-f", ".zensical.yml"], cwd=project, capture_output=True, text=True, env=without_site_url(), check=False, timeout=300)
    assert built.returncode == 0, built.stdout + built.stderr
    return project / "site-zensical"


@pytest.fixture(scope="module")
def zensical_site(tmp_path_factory) -> Path:
    return zensical_build(make_project(tmp_path_factory.mktemp("zensical") / "project", None))


@pytest.fixture(scope="module")
def zensical_server(zensical_site):
    with serving(zensical_site) as address:
        yield address


def _page(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "html.parser")


def test_the_nav_is_mkdocs_yml_s_in_its_order(zensical_site):
    nav = _page(zensical_site, "").select_one("nav.md-nav--primary > ul")
    titles = [" ".join(item.find(["a", "label"]).get_text().split()) for item in nav.find_all("li", recursive=False)]
    assert titles == ["Home", "Articles", "Glossary", "Actor map"]


def test_every_mention_and_note_is_presented_by_the_markdown_extension(zensical_site, seed_output):
    page = _page(zensical_site, f"articles/{SLUG}")
    article = next(a for a in seed_output.briefing.articles if a.slug == SLUG)
    spans = page.select("p.briefing-paragraph span.entity[data-entity]")
    assert [s["data-entity"] for s in spans] == [m.entity_id for m in seed_output.briefing.mentions.in_article(SLUG)]
    assert len(page.select("aside.briefing-note")) == len(article.notes) and len(page.select("a.briefing-note-ref")) == len(article.notes)
    assert len(page.select("a.briefing-anchor")) == len(article.paragraphs)


def test_the_actor_maps_links_open_glossary_pages(zensical_site):
    for path in (f"articles/{SLUG}", "actor-map"):
        page = _page(zensical_site, path)
        # An article page fetches its map (actor-map.js): its links are the fetched document's.
        frame = page.select_one(".actor-map-frame[data-actor-map]")
        if frame is not None:
            page = BeautifulSoup((zensical_site / frame["data-actor-map"]).read_text(encoding="utf-8"), "html.parser")
        links = page.find_all("a", attrs={"xlink:href": True})
        assert links, path
        for link in links:
            target = urlparse(urljoin(f"http://site/{path}/", link["xlink:href"])).path.strip("/")
            assert target.startswith("glossary/") and (zensical_site / target / "index.html").is_file(), (path, link["xlink:href"])


def test_a_card_and_the_cite_panel_work_in_chromium(zensical_server, browser):
    errors: list[str] = []
    page = browser.new_page()
    try:
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(f"{zensical_server}articles/{SLUG}/")
        page.wait_for_load_state("networkidle")
        page.locator('#s1-p1 [data-entity="kazakhstan"]').first.hover()
        card = page.locator("#entity-card")
        card.wait_for(state="visible", timeout=2000)
        assert "Kazakhstan" in card.inner_text()
        assert "§3 ¶2" in open_cite_panel(page, "s3-p2").locator("textarea").first.input_value()
        page.locator("#connected").scroll_into_view_if_needed()
        page.locator(".actor-map-frame svg a.actor-map-node").first.wait_for()  # the map comes as the reader nears it
    finally:
        page.close()
    assert errors == []


def _first_result(page, query: str) -> str:
    """Type the query into Zensical's search (its own elements, in a shadow root Playwright looks into) and
    return the first result's page.

    The box is emptied first, and the list with it: the last query's results, which stay shown (with the
    new query in their links' ?h=) until the worker answers, cannot pass for this one's.
    """
    box = page.locator("input[role=combobox]")
    links = page.locator('ol[aria-label="Search results"] a[role=option]')
    box.fill("")
    links.first.wait_for(state="detached", timeout=2000)
    box.fill(query)
    previous = None
    for _ in range(100):
        page.wait_for_timeout(20)
        hrefs = links.evaluate_all("all => all.map(a => a.href)")
        if hrefs and hrefs == previous:
            return urlparse(hrefs[0]).path.lstrip("/")
        previous = hrefs
    return f"no results for {query!r}"


def test_search_puts_the_entry_first_for_every_name_and_alias(zensical_site, zensical_server, browser):
    glossary = json.loads((zensical_site / "glossary.json").read_text(encoding="utf-8"))
    queries = [(term, entity["url"]) for entity in glossary["entities"] for term in [entity["name"], *entity["aliases"]]]
    assert len(queries) > len(glossary["entities"])
    page = browser.new_page()
    try:
        page.goto(zensical_server)
        page.locator("button.md-search__button").click()
        wrong = [(query, found) for query, url in queries if (found := _first_result(page, query)) != url]
    finally:
        page.close()
    assert wrong == []


def _addressed(data, page: str):
    """The structured data with each relative address made absolute from the page's (engines write the
    page's own relative address differently: Material "./", Zensical "././")."""
    if isinstance(data, dict):
        return {key: _addressed(value, page) for key, value in data.items()}
    if isinstance(data, list):
        return [_addressed(value, page) for value in data]
    return urljoin(page, data) if isinstance(data, str) and data.startswith(".") else data


def test_pages_carry_the_citation_tags_and_json_ld_material_gives_them(zensical_site, built_site, seed_output):
    briefing = seed_output.briefing
    paths = [f"articles/{a.slug}" for a in briefing.articles] + ["glossary"] + [f"glossary/{e.id}" for e in briefing.entities]
    for path in paths:
        address = f"http://site.invalid/{path}/"
        zensical, material = _page(zensical_site, path), _page(built_site, path)
        assert _addressed(_linked_data(zensical), address) == _addressed(_linked_data(material), address), path
        tags = {name: values for name, values in _metas(zensical).items() if name.startswith(("citation_", "DC.", "og:"))}
        expected = {name: values for name, values in _metas(material).items() if name.startswith(("citation_", "DC.", "og:"))}
        assert _addressed(tags, address) == _addressed(expected, address), path
    article = briefing.articles[0]
    tags = _metas(_page(zensical_site, f"articles/{article.slug}"))
    assert tags["citation_title"] == [article.title] and tags["citation_publication_date"] == [article.published.replace("-", "/")]
    assert urljoin(f"http://site.invalid/articles/{article.slug}/", tags["citation_public_url"][0]) == f"http://site.invalid/articles/{article.slug}/"


def test_hostile_seeds_reach_the_tags_and_json_ld_as_text(tmp_path):
    """Zensical's template engine is not Jinja2: its escaping of the seeds' markup is checked on its own."""
    site = zensical_build(make_hostile_project(tmp_path / "project", HOSTILE))
    built = pages(site)
    assert {path: injected(soup) for path, soup in built.items() if injected(soup)} == {}
    meta = yaml.safe_load((HOSTILE / "hostile-article.yml").read_text(encoding="utf-8"))
    article = built["articles/hostile-article/index.html"]
    assert _metas(article)["citation_title"] == [meta["title"]] and _linked_data(article)["headline"] == meta["title"]
