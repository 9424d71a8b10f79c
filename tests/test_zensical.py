"""The briefing built by Zensical (make zensical), Material's successor, which runs no hooks:
the nav, every mention, the notes, the map's links, a card, the cite panel and the article's map in Chromium."""
from __future__ import annotations

import functools
import http.server
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest
from bs4 import BeautifulSoup

from .conftest import ROOT, QuietHandler, make_project, without_site_url
from .test_browser import open_cite_panel

ZENSICAL = ROOT / ".venv-zensical" / "bin" / "zensical"
SLUG = "kazakhstan-balance-of-powers"


@pytest.fixture(scope="module")
def zensical_site(tmp_path_factory) -> Path:
    assert ZENSICAL.exists(), "Zensical is missing: `make test` installs it (.venv-zensical, requirements-zensical.txt)"
    project = make_project(tmp_path_factory.mktemp("zensical") / "project", None)
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


def test_a_card_and_the_cite_panel_work_in_chromium(zensical_site, browser):
    handler = functools.partial(QuietHandler, directory=str(zensical_site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    errors: list[str] = []
    page = browser.new_page()
    try:
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(f"http://127.0.0.1:{httpd.server_address[1]}/articles/{SLUG}/")
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
        httpd.shutdown()
        httpd.server_close()
    assert errors == []
