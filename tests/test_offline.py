"""The offline copy (`make offline`, build_tools/offline.py): its pure stages, the copy and its zip, and
Chromium reading it from disk (file://): cards, search, cite, old addresses, links, nothing from elsewhere."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from bs4 import BeautifulSoup

from build_tools.actor_map import TABLE_SUMMARY
from build_tools.offline import SHIM_FILES, SHIM_FOLDER, data_script, file_address, file_links, inline_maps, listing, published_address, write_zip

from .conftest import ROOT, make_project, mkdocs_yml, without_site_url
from .test_browser import DESKTOP, Visit, search

SITE_URL = "https://briefing.example.org/briefing/"
ARTICLE = "articles/kazakhstan-balance-of-powers.html"
PAGES = {"": "index.html", "glossary/": "glossary/index.html", "glossary/sco/": "glossary/sco.html", "actor-map/": "actor-map.html"}


# --- pure stages ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "address, expected",
    [
        ("glossary/sco/", "glossary/sco.html"),
        ("glossary/sco/#mentioned-in", "glossary/sco.html#mentioned-in"),
        ("", "index.html"),
        ("glossary/", "glossary/index.html"),
        ("glossary/iran/", None),
        ("glossary/sco", None),
    ],
)
def test_file_address_names_the_page_file(address, expected):
    assert file_address(address, PAGES) == expected


@pytest.mark.parametrize(
    "page, directory, html, expected",
    [
        # the actor map's SVG links, written relative to the web's actor-map/ and articles/<slug>/
        ("actor-map.html", "actor-map/", '<a href="../glossary/sco/" class="n">', '<a href="glossary/sco.html" class="n">'),
        ("articles/a.html", "articles/a/", '<a href="../../glossary/sco/">', '<a href="../glossary/sco.html">'),
        ("articles/a.html", "articles/a/", '<a href="../../glossary/sco/#x">', '<a href="../glossary/sco.html#x">'),
        ("articles/a.html", "articles/a/", '<a xlink:href="../../glossary/sco/">', '<a xlink:href="../glossary/sco.html">'),
        ("index.html", "", '<a href="glossary/">', '<a href="glossary/index.html">'),
        # left alone: MkDocs' own links (files already), other sites, this page, the host's root, no page
        ("articles/a.html", "articles/a/", '<a href="../glossary/sco.html">', '<a href="../glossary/sco.html">'),
        ("articles/a.html", "articles/a/", '<a href="https://alwaght.net/en/">', '<a href="https://alwaght.net/en/">'),
        ("articles/a.html", "articles/a/", '<a href="#para-1">', '<a href="#para-1">'),
        ("articles/a.html", "articles/a/", '<a href="/glossary/sco/">', '<a href="/glossary/sco/">'),
        ("articles/a.html", "articles/a/", '<a href="../../glossary/iran/">', '<a href="../../glossary/iran/">'),
        ("articles/a.html", "articles/a/", '<a data-href="../../glossary/sco/">', '<a data-href="../../glossary/sco/">'),
    ],
)
def test_file_links_rewrite_folder_links_to_page_files(page, directory, html, expected):
    assert file_links(html, page, directory, PAGES) == expected


@pytest.mark.parametrize(
    "site_url, expected",
    [
        (SITE_URL, "https://briefing.example.org/briefing/glossary/sco/"),
        ("https://briefing.example.org/briefing", "https://briefing.example.org/briefing/glossary/sco/"),
        ("", None),
        (None, None),
    ],
)
def test_the_published_address_is_the_webs(site_url, expected):
    assert published_address(site_url, "glossary/sco/") == expected


STAND_IN = (
    '<h2 id="connected">Who is connected</h2>\n'
    '<div class="actor-map-frame" data-search-exclude data-actor-map="assets/briefing/maps/a.html">\n<figure class="actor-map">\n'
    '<div class="actor-map__canvas">\n<svg class="actor-map-svg" viewBox="0 0 1 1" width="100%" aria-hidden="true"></svg>\n</div>\n'
    f'<figcaption>C</figcaption>\n</figure>\n<details class="actor-map__table">\n<summary>{TABLE_SUMMARY}</summary>\n</details>\n</div>\n<p>after</p>'
)
MAP_DOCUMENT = '<!doctype html>\n<html>\n<head>\n<title>T</title>\n</head>\n<body>\n<figure class="actor-map"><svg><a xlink:href="../../glossary/sco/"></a></svg></figure>\n</body>\n</html>\n'


def test_an_articles_actor_map_is_written_into_its_page():
    html = inline_maps(STAND_IN, {"assets/briefing/maps/a.html": MAP_DOCUMENT})
    assert html == (
        '<h2 id="connected">Who is connected</h2>\n<div class="actor-map-frame" data-search-exclude>\n'
        '<figure class="actor-map"><svg><a xlink:href="../../glossary/sco/"></a></svg></figure>\n</div>\n<p>after</p>'
    )
    assert inline_maps("<p>no map</p>", {}) == "<p>no map</p>"
    with pytest.raises(ValueError, match="names 'assets/briefing/maps/a.html', which the site has no document for"):
        inline_maps(STAND_IN, {})


def test_the_data_script_assigns_cards_that_link_page_files():
    cards = {"sco": {"name": "SCO", "url": "glossary/sco/", "terms": ["SCO"]}}
    script = data_script(cards, {"a": {"current": {}}}, PAGES)
    prefix = "window.briefingOfflineData = "
    assert script.startswith(prefix) and script.endswith(";\n")
    assert json.loads(script[len(prefix):-2]) == {"entities": {"sco": {"name": "SCO", "url": "glossary/sco.html", "terms": ["SCO"]}}, "addresses": {"a": {"current": {}}}}
    with pytest.raises(ValueError, match=r"^the card of 'iran' links 'glossary/iran/', which is no page of the site$"):
        data_script({"iran": {"url": "glossary/iran/"}}, {}, PAGES)


def test_the_zip_is_the_same_bytes_for_the_same_folder(tmp_path):
    folder = tmp_path / "briefing"
    (folder / "a").mkdir(parents=True)
    (folder / "index.html").write_text("<p>home</p>", encoding="utf-8")
    (folder / "a" / "b.js").write_text("x = 1;", encoding="utf-8")
    assert write_zip(folder, tmp_path / "one.zip") == ["a/b.js", "index.html"]
    os.utime(folder / "index.html", (0, 0))  # file times do not reach the zip
    write_zip(folder, tmp_path / "two.zip")
    assert (tmp_path / "one.zip").read_bytes() == (tmp_path / "two.zip").read_bytes()
    assert zipfile.ZipFile(tmp_path / "one.zip").namelist() == ["briefing/a/b.js", "briefing/index.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["briefing", "one.zip", "two.zip"]  # no staging file left


def test_the_command_refuses_a_folder_that_is_no_copy(tmp_path):
    result = subprocess.run([sys.executable, "-m", "build_tools.offline", str(tmp_path), str(tmp_path / "x.zip")], capture_output=True, text=True, check=False, cwd=ROOT)
    assert result.returncode == 1
    assert result.stderr == f"{tmp_path}: expected an offline copy (with index.html) but found none; run `make offline`\n"
    assert not (tmp_path / "x.zip").exists()


def test_the_offline_configuration_repeats_the_lists_of_mkdocs_yml():
    """MkDocs' INHERIT replaces lists: a plugin or hook added to mkdocs.yml must be added to mkdocs-offline.yml too."""

    site, offline = (mkdocs_yml((ROOT / name).read_text(encoding="utf-8")) for name in ("mkdocs.yml", "mkdocs-offline.yml"))
    assert offline["INHERIT"] == "mkdocs.yml"
    assert offline["plugins"] == site.get("plugins", ["search"]) + ["offline"]
    assert offline["hooks"] == site["hooks"] + ["build_tools/offline_hook.py"]


# --- the copy as built ------------------------------------------------------------------------


def build_offline(project: Path, site_url: str | None) -> Path:
    """The offline copy of project and its zip, built as `make offline` builds them."""
    out = project / "offline"
    env = {**without_site_url(), "NO_MKDOCS_2_WARNING": "1", **({"SITE_URL": site_url} if site_url else {})}
    for command in (
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", "mkdocs-offline.yml", "--site-dir", str(out / "briefing")],
        [sys.executable, "-m", "build_tools.offline", str(out / "briefing"), str(out / "briefing.zip")],
    ):
        result = subprocess.run(command, cwd=project, capture_output=True, text=True, env=env, check=False, timeout=300)
        assert result.returncode == 0, result.stderr
        assert "WARNING" not in result.stderr, result.stderr
    return out


def project_like_this_one(project: Path) -> Path:
    """A project sharing this one's code and templates, with a copy of its seeds and both configurations."""
    make_project(project, None)
    shutil.copy(ROOT / "mkdocs-offline.yml", project / "mkdocs-offline.yml")
    return project


@pytest.fixture(scope="module")
def copy(tmp_path_factory) -> Path:
    """The seed briefing's offline copy, built with SITE_URL set."""
    return build_offline(project_like_this_one(tmp_path_factory.mktemp("offline") / "project"), SITE_URL) / "briefing"


def test_the_zip_holds_the_copys_files(copy):
    with zipfile.ZipFile(copy.parent / "briefing.zip") as archive:
        assert archive.namelist() == [f"briefing/{name}" for name in listing(copy)]
        for name in listing(copy):
            assert archive.read(f"briefing/{name}") == (copy / name).read_bytes(), name


def test_the_shim_and_its_licence_come_from_the_pinned_package(copy):
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    assert lock["packages"]["node_modules/iframe-worker"]["version"] == json.loads((ROOT / "package.json").read_text())["devDependencies"]["iframe-worker"]
    for name, source in SHIM_FILES.items():
        assert (copy / SHIM_FOLDER / name).read_bytes() == (ROOT / "node_modules" / "iframe-worker" / source).read_bytes()
    assert "MIT" in (ROOT / "node_modules" / "iframe-worker" / "package.json").read_text() and "Permission is hereby granted" in (copy / SHIM_FOLDER / "LICENSE").read_text()
    assert "unpkg.com" not in (copy / "index.html").read_text(encoding="utf-8")


def test_every_link_and_script_of_every_page_names_a_file_of_the_copy(copy):
    pages = [path for path in copy.rglob("*.html")]
    broken, foreign = [], []
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for tag, attribute in (("a", "href"), ("a", "xlink:href"), ("link", "href"), ("script", "src"), ("img", "src")):
            for element in soup.find_all(tag, attrs={attribute: True}):
                value = element[attribute]
                address = urlparse(value)
                if address.scheme or value.startswith("//"):
                    if tag != "a" and element.get("rel") != ["canonical"]:
                        foreign.append((page.name, value))  # loaded from elsewhere
                    continue
                if not address.path:
                    continue  # this page's own fragment
                target = (page.parent / unquote(address.path)).resolve()
                if not target.is_file() or copy.resolve() not in target.parents:
                    broken.append((page.relative_to(copy).as_posix(), value))
    assert len(pages) > 20
    assert not broken
    assert not foreign
    # The articles' actor maps are in their pages (a page fetches nothing from file://), not files of their own.
    assert not (copy / "assets" / "briefing" / "maps").exists() and "data-actor-map" not in (copy / ARTICLE).read_text(encoding="utf-8")


def test_pages_cite_the_published_address(copy):
    soup = BeautifulSoup((copy / ARTICLE).read_text(encoding="utf-8"), "html.parser")
    assert soup.find("link", rel="canonical")["href"] == f"{SITE_URL}articles/kazakhstan-balance-of-powers/"
    assert soup.find("meta", attrs={"name": "citation_public_url"})["content"] == f"{SITE_URL}articles/kazakhstan-balance-of-powers/"


# --- Chromium, from disk --------------------------------------------------------------------


@pytest.fixture
def reader(browser, copy):
    visit = Visit(browser, copy.as_uri() + "/", viewport=DESKTOP)  # fails on a console error
    yield visit
    outside = [url for url in visit.requests if not url.startswith(visit.server)]  # data: URLs included
    assert not outside, f"requests left the copy: {outside}"
    visit.close()


def test_a_card_opens_on_hover_and_on_focus(reader):
    page = reader.go(ARTICLE)
    card = page.locator("#entity-card")
    mention = page.locator('.entity[data-entity="sco"]').first
    mention.scroll_into_view_if_needed()
    mention.hover()
    card.wait_for(state="visible", timeout=2000)
    assert card.inner_text().startswith("Shanghai Cooperation Organisation")
    assert card.locator("a").evaluate("a => a.href") == reader.server + "glossary/sco.html"
    page.keyboard.press("Escape")
    card.wait_for(state="hidden", timeout=2000)
    page.mouse.move(0, 0)  # else scrolling to the next mention moves the pointer off this one, which closes any card
    page.wait_for_timeout(500)
    page.locator('.entity[data-entity="kazakhstan"][tabindex="0"]').first.focus()
    card.wait_for(state="visible", timeout=2000)
    assert card.inner_text().startswith("Kazakhstan")


def test_search_for_sco_finds_its_glossary_page_first(reader):
    page = reader.go("index.html")
    results = search(page, "SCO")
    assert results[0] == urlparse(reader.server).path.lstrip("/") + "glossary/sco.html"
    assert reader.server + "search/search_index.js" in reader.requests
    assert reader.server + f"{SHIM_FOLDER}/shim.js" in reader.requests


def test_the_cite_panel_cites_the_published_address(reader):
    page = reader.go(ARTICLE)
    page.hover("#s3-p2")
    page.locator("#s3-p2 .briefing-tool", has_text="Cite").click()
    panel = page.locator(".briefing-cite")
    panel.wait_for(state="visible")
    permanent = page.locator("#s3-p2 .briefing-anchor").get_attribute("id")
    texts = [field.input_value() for field in panel.locator("textarea").all()]
    assert len(texts) == 5
    for text in texts:
        assert f"{SITE_URL}articles/kazakhstan-balance-of-powers/#{permanent}" in text and "§3 ¶2" in text
        assert "file:" not in text
    assert texts[3].startswith(f"@online{{briefing-kazakhstan-balance-of-powers-{permanent},")
    assert panel.locator(".briefing-cite__note").inner_text().startswith("Permanent address")


@pytest.mark.parametrize(
    "start, link",
    [
        (ARTICLE, '.md-typeset .entity[data-entity="sco"] a'),  # a mention
        ("actor-map.html", 'svg a[data-entity="sco"]'),  # the actor map's SVG, written as HTML for the web
        (ARTICLE, '.actor-map-frame svg a[data-entity="sco"]'),  # an article's map, in its page: the copy fetches nothing
        ("glossary/index.html", '.md-typeset a[href$="sco.html"]'),  # the glossary's list
    ],
)
def test_a_glossary_link_opens_the_entry_page(reader, start, link):
    page = reader.go(start)
    page.locator(link).first.click()
    page.wait_for_load_state("load")
    assert page.url == reader.server + "glossary/sco.html"
    assert "Shanghai Cooperation Organisation" in page.locator("h1").inner_text()


def test_the_nav_opens_pages_not_folders(reader):
    page = reader.go("index.html")
    hrefs = page.locator(".md-nav a.md-nav__link[href]").evaluate_all("all => all.map(a => a.href)")
    assert hrefs and all(href.startswith(reader.server) and href.split("#")[0].endswith(".html") for href in hrefs), hrefs


# --- old addresses, in a copy of the edited article -------------------------------------------


@pytest.fixture(scope="module")
def edited_copy(tmp_path_factory) -> Path:
    """The seed article edited as in tests/test_anchors.py, its offline copy built over the committed registry."""
    from .test_anchors import edit

    project = project_like_this_one(tmp_path_factory.mktemp("edited-offline") / "project")
    slug = "kazakhstan-balance-of-powers"
    text, meta = edit((project / "seeds" / f"{slug}.txt").read_text(encoding="utf-8"), (project / "seeds" / f"{slug}.yml").read_text(encoding="utf-8"))
    (project / "seeds" / f"{slug}.txt").write_text(text, encoding="utf-8")
    (project / "seeds" / f"{slug}.yml").write_text(meta, encoding="utf-8")
    return build_offline(project, None) / "briefing"


@pytest.mark.parametrize(
    "address, notice",
    [
        ("s4-p2", "§4 ¶2 has moved since this link was made: it is now §5 ¶2."),
        ("para-5", "The passage this address named (para-5) was removed from the article."),
    ],
)
def test_an_old_address_shows_its_notice(browser, edited_copy, address, notice):
    visit = Visit(browser, edited_copy.as_uri() + "/", viewport=DESKTOP)
    page = visit.go(f"{ARTICLE}#{address}")
    shown = page.locator(".briefing-notice")
    shown.wait_for(state="visible", timeout=3000)
    assert shown.inner_text().startswith(notice)
    visit.close()


def test_without_a_site_url_the_cite_panel_says_its_address_is_the_copys(browser, edited_copy):
    visit = Visit(browser, edited_copy.as_uri() + "/", viewport=DESKTOP)
    page = visit.go(ARTICLE)
    assert page.locator('link[rel="canonical"]').count() == 0
    page.hover("#s1-p2")
    page.locator("#s1-p2 .briefing-tool", has_text="Cite").click()
    panel = page.locator(".briefing-cite")
    panel.wait_for(state="visible")
    assert f"{visit.server}{ARTICLE}#" in panel.locator("textarea").first.input_value()
    assert "without a site_url" in panel.locator(".briefing-cite__note").inner_text()
    visit.close()
