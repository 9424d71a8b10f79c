"""The reader's experience in Debian's Chromium, driven by Playwright: search, hover cards, deep links.

These tests never skip: `make test` installs Chromium, and a missing browser fails the run.
Screenshots go to test-artifacts/screenshots/.
"""
from __future__ import annotations

import functools
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import threading
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Page

from .conftest import ROOT, QuietHandler, without_site_url

SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
ARTICLE = "articles/kazakhstan-balance-of-powers/"


class Visit:
    """A browser context that records every request and every console error."""

    def __init__(self, browser, server: str, **options):
        self.context = browser.new_context(**options)
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.context.on("request", lambda request: self.requests.append(request.url))
        self.page: Page = self.context.new_page()
        self.page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.server = server

    def go(self, path: str) -> Page:
        self.page.goto(self.server + path)
        self.page.wait_for_load_state("networkidle")
        return self.page

    def close(self) -> None:
        self.context.close()
        foreign = [url for url in self.requests if not url.startswith(self.server) and not url.startswith("data:")]
        assert not foreign, f"requests left 127.0.0.1: {foreign}"
        assert not self.errors, f"console errors: {self.errors}"


@pytest.fixture
def desktop(browser, server):
    visit = Visit(browser, server, viewport=DESKTOP)
    yield visit
    visit.close()


@pytest.fixture
def phone(browser, server):
    visit = Visit(browser, server, viewport=PHONE, has_touch=True, is_mobile=True, device_scale_factor=2)
    yield visit
    visit.close()


def shoot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def open_cite_panel(page: Page, paragraph: str):
    """The cite panel of a paragraph, opened from the keyboard: its address, Tab to Copy link, Tab to Cite, Enter."""
    page.locator(f"#{paragraph} .briefing-anchor").focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    panel = page.locator(".briefing-cite")
    panel.wait_for(state="visible")
    return panel


def search(page: Page, query: str) -> list[str]:
    """Type the query into Material's search and return the result pages' paths once they are for it."""
    box = page.locator("input.md-search__input")
    if not box.is_visible():
        page.locator("label.md-search__icon, label[for=__search]").first.click()
    box.fill("")
    box.press_sequentially(query)
    # Results arrive from a worker, in batches: wait until the list stops changing.
    links = page.locator(".md-search-result__item > a")
    previous, stable = None, 0
    for _ in range(100):
        page.wait_for_timeout(100)
        current = [urlparse(href).path.lstrip("/") for href in links.evaluate_all("all => all.map(a => a.href)")]
        stable = stable + 1 if current and current == previous else 0
        if stable >= 4:
            return current
        previous = current
    raise AssertionError(f"no stable search results for {query!r}: {previous}")


def test_the_search_index_is_fetched_when_the_reader_turns_to_search_not_before(desktop):
    page = desktop.go(ARTICLE)
    page.mouse.move(400, 600)  # reading, nowhere near the search box
    page.wait_for_timeout(500)
    index = [url for url in desktop.requests if url.endswith("/search/search_index.json")]
    assert index == [], "the article's page fetched the whole search index before any search"
    assert search(page, "SCO")[0] == "glossary/sco/"
    assert [url for url in desktop.requests if url.endswith("/search/search_index.json")] == [desktop.server + "search/search_index.json"]


def _briefing_requests(visit: Visit) -> list[str]:
    return [url.removeprefix(visit.server) for url in visit.requests if "/assets/briefing/" in url]


def test_a_page_fetches_what_the_reader_has_not_asked_for_only_once_they_do(desktop):
    """Card data on the first card, the cite panel on the first Cite (the actor map: the next test); the
    briefing's scripts once the page is parsed, by the page's loader, not as tags that could hold it up."""
    page = desktop.go(ARTICLE)
    page.mouse.move(5, 5)
    assert sorted(_briefing_requests(desktop)) == [
        "assets/briefing/actor-map.js", "assets/briefing/briefing.css", "assets/briefing/briefing.js", "assets/briefing/cite.js",
    ]
    # Requested by the page's own loader, after Material's bundle has run and the document was parsed.
    started = page.evaluate("""() => {
        const parsed = performance.getEntriesByType("navigation")[0].domContentLoadedEventEnd;
        return performance.getEntriesByType("resource").filter(r => r.name.endsWith(".js") && r.name.includes("/assets/briefing/"))
            .map(r => r.startTime >= parsed);
    }""")
    assert started == [True, True, True]
    assert page.locator("#s3-p2 .briefing-tools").count() == 1  # cite.js ran
    page.locator("#s1-p1 span.entity").first.hover()
    page.locator("#entity-card").wait_for(state="visible")
    assert _briefing_requests(desktop).count("assets/briefing/entities.json") == 1
    open_cite_panel(page, "s3-p2")
    page.keyboard.press("Escape")
    open_cite_panel(page, "s2-p1")
    assert [_briefing_requests(desktop).count(f"assets/briefing/cite-panel.{kind}") for kind in ("css", "js")] == [1, 1]


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_the_actor_map_and_its_table_come_as_the_reader_nears_them_and_move_nothing(request, device, seed_output):
    visit = request.getfixturevalue(device)
    page = visit.go(ARTICLE)
    page.evaluate("""() => {
        window.__shifts = 0;
        new PerformanceObserver(list => { for (const shift of list.getEntries()) window.__shifts += shift.value; })
            .observe({ type: "layout-shift", buffered: true });
    }""")
    frame = page.locator(".actor-map-frame")
    stand_in = frame.bounding_box()
    assert not [url for url in visit.requests if "/assets/briefing/maps/" in url] and frame.locator("svg a").count() == 0
    page.locator("#connected").scroll_into_view_if_needed()
    nodes = frame.locator("svg.actor-map-svg a.actor-map-node")
    nodes.first.wait_for()
    slug = ARTICLE.split("/")[1]
    assert [url for url in visit.requests if "/assets/briefing/maps/" in url] == [f"{visit.server}assets/briefing/maps/{slug}.html"]
    drawn = frame.bounding_box()
    assert (drawn["width"], drawn["height"]) == (stand_in["width"], stand_in["height"])
    assert page.evaluate("window.__shifts") == 0
    assert nodes.count() == len(actor_map_nodes(seed_output, slug))
    table = frame.locator("details.actor-map__table")
    table.locator("summary").click()
    assert table.locator("tbody tr").count() > 0 and table.locator("tbody tr a").first.is_visible()
    shoot(page, f"{device}-article-actor-map")


def actor_map_nodes(seed_output, slug: str) -> tuple[str, ...]:
    from build_tools.actor_map import actor_map

    briefing = seed_output.briefing
    return actor_map(briefing, "../glossary/", article=slug, compact=True, href_prefix="../../glossary/").nodes


def test_search_puts_the_glossary_page_first_for_every_name_and_alias(desktop, seed_output):
    page = desktop.go("")
    queries = [("SCO", "sco"), ("Zarif", "mohammad-javad-zarif"), ("Nazarbayev", "nursultan-nazarbayev"), ("EU", "european-union")]
    queries += [(term, e.id) for e in seed_output.briefing.entities for term in e.terms]
    wrong = []
    for query, entity_id in queries:
        results = search(page, query)
        if not results or results[0] != f"glossary/{entity_id}/":
            wrong.append((query, results[:3]))
    assert not wrong


def test_search_finds_a_phrase_of_the_article_in_its_section(desktop):
    page = desktop.go("")
    for phrase in ["strategic partner", "buts and ifs", "road construction"]:
        assert search(page, phrase)[0] == ARTICLE
    shoot(page, "desktop-search")


def test_hover_card_shows_after_a_delay_and_dismisses(desktop):
    page = desktop.go(ARTICLE)
    card = page.locator("#entity-card")
    mention = page.locator('[data-entity="sco"]').first
    mention.scroll_into_view_if_needed()
    # When the pointer arrived and when the card showed, as the page saw them (a loaded machine
    # may take longer than the delay between two of the test's own steps).
    page.evaluate("""() => {
        window.__times = {};
        document.addEventListener("mouseover", () => { window.__times.over ??= performance.now(); }, true);
        new MutationObserver(() => {
            const shown = document.querySelector("#entity-card:not([hidden])");
            if (shown) window.__times.shown ??= performance.now();
        }).observe(document.body, {subtree: true, childList: true, attributes: true, attributeFilter: ["hidden"]});
    }""")
    mention.hover()
    card.wait_for(state="visible", timeout=5000)
    times = page.evaluate("window.__times")
    assert times["shown"] - times["over"] >= 250  # not on a mere pass of the pointer (briefing.js waits 300 ms)
    text = card.inner_text()
    assert "Shanghai Cooperation Organisation (SCO)" in text
    assert "Organization" in text
    assert "founded in 2001" in text
    assert card.locator("a").get_attribute("href").endswith("/glossary/sco/")
    shoot(page, "desktop-hover-card")
    page.mouse.move(5, 5)
    card.wait_for(state="hidden", timeout=2000)


@pytest.mark.parametrize("reach", ["hover", "focus"])
def test_a_name_reached_before_the_scripts_came_gets_its_card_once_they_do(desktop, reach):
    """The briefing's scripts come after the first paint: a reader already resting on a name, or
    holding the focus on it, by then has had the one mouseover or focusin there will be."""
    page = desktop.page
    held = []  # briefing.js, held back until the reader is on the name
    page.route("**/assets/briefing/briefing.js", lambda route: held.append(route))
    page.goto(desktop.server + ARTICLE, wait_until="domcontentloaded")
    for _ in range(100):
        if held:
            break
        page.wait_for_timeout(50)
    assert held, "the page never asked for briefing.js"
    mention = page.locator('#s3-p1 [data-entity="sco"]').first
    mention.scroll_into_view_if_needed()
    mention.hover() if reach == "hover" else mention.locator("a").focus()
    assert page.evaluate("typeof window.briefingSiteBase") == "undefined"  # the script has not run yet
    held[0].continue_()
    card = page.locator("#entity-card")
    card.wait_for(state="visible", timeout=5000)
    assert "Shanghai Cooperation Organisation (SCO)" in card.inner_text()
    assert mention.get_attribute("aria-describedby") == "entity-card"


def test_hover_card_opens_on_keyboard_focus_and_closes_with_escape(desktop):
    page = desktop.go(ARTICLE)
    card = page.locator("#entity-card")
    page.locator('.entity[data-entity="kazakhstan"][tabindex="0"]').first.focus()
    card.wait_for(state="visible", timeout=2000)
    assert card.inner_text().startswith("Kazakhstan")
    focused = page.evaluate("document.activeElement.getAttribute('aria-describedby')")
    assert focused == "entity-card"
    page.keyboard.press("Escape")
    card.wait_for(state="hidden", timeout=2000)
    for _ in range(20):  # past notes and the next paragraph's address and buttons, to the next mention
        page.keyboard.press("Tab")
        if page.evaluate("!!document.activeElement.closest('.entity')"):
            break
    card.wait_for(state="visible", timeout=2000)


def test_tab_reaches_mentions_in_reading_order(desktop):
    page = desktop.go(ARTICLE)
    page.locator("#s1-p1 .briefing-anchor").focus()
    reached = []
    for _ in range(4):  # the paragraph's address, its Copy link and Cite buttons, then its first mention
        page.keyboard.press("Tab")
        reached.append(page.evaluate("(e => e.closest('.entity') ? e.closest('.entity').dataset.entity : e.textContent)(document.activeElement)"))
    assert reached[:3] == ["Copy link", "Cite", "alwaght"]


def test_tap_shows_the_card_on_a_phone(phone):
    page = phone.go(ARTICLE)
    card = page.locator("#entity-card")
    mention = page.locator('[data-entity="central-asia"]').first
    mention.scroll_into_view_if_needed()
    mention.tap()
    card.wait_for(state="visible", timeout=2000)
    assert page.url.endswith(ARTICLE)  # the first tap shows the card and does not navigate
    box = card.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    shoot(page, "phone-hover-card")
    page.locator("h1").tap()
    card.wait_for(state="hidden", timeout=2000)


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_a_card_for_a_name_at_the_bottom_of_the_screen_opens_above_it_in_view(request, device):
    visit = request.getfixturevalue(device)
    page = visit.go(ARTICLE)
    mention = page.locator('#s3-p1 [data-entity="sco"]').first
    # The name on the screen's last line but one, with no room below it for a card.
    page.evaluate("e => window.scrollBy(0, e.getBoundingClientRect().bottom - innerHeight + 30)", mention.element_handle())
    mention.hover() if device == "desktop" else mention.tap()
    card = page.locator("#entity-card")
    card.wait_for(state="visible", timeout=5000)
    box, name = card.bounding_box(), mention.bounding_box()
    height = page.viewport_size["height"]
    assert 0 <= box["y"] and box["y"] + box["height"] <= height, "the card is not in view"
    assert box["y"] + box["height"] <= name["y"], "the card covers the name it explains"


def test_on_a_phone_each_node_of_the_actor_map_the_keyboard_reaches_is_shown_whole(phone):
    """The map scrolls sideways on a narrow screen (or a desktop zoomed to 400 %); a node that has the
    focus must be in sight, not cut off by the edge of the scrolling area."""
    page = phone.go("actor-map/")
    canvas = page.locator(".actor-map__canvas").first
    assert canvas.evaluate("e => e.scrollWidth > e.clientWidth")  # it does scroll sideways here
    nodes = canvas.locator("a.actor-map-node")
    nodes.first.focus()
    hidden = []
    for _ in range(nodes.count()):
        node = page.evaluate("""() => {
            const a = document.activeElement, area = a.closest(".actor-map__canvas");
            if (!area) return null;
            const box = a.getBoundingClientRect(), frame = area.getBoundingClientRect();
            return {entity: a.dataset.entity, left: box.left - frame.left, right: frame.right - box.right};
        }""")
        if node is None:
            break
        if node["left"] < -1 or node["right"] < -1:
            hidden.append(node)
        page.keyboard.press("Tab")
    assert not hidden, f"focused nodes cut off by the edge of the map: {hidden}"


def _target_is_shown(page: Page, anchor: str) -> None:
    page.wait_for_function("id => document.querySelector(':target') && document.querySelector(':target').id === id", arg=anchor)
    element = page.locator(f"#{anchor}")
    page.wait_for_timeout(1800)  # the arrival animation ends on the resting highlight
    box = element.bounding_box()
    assert 0 <= box["y"] < page.viewport_size["height"], f"#{anchor} is not in view"
    header = page.locator(".md-header").bounding_box()
    assert box["y"] >= header["height"] - 1, f"#{anchor} is hidden under the header"
    colour = element.evaluate("e => getComputedStyle(e).backgroundColor")
    assert colour not in ("rgba(0, 0, 0, 0)", "transparent"), "the target is not highlighted"


def test_mentioned_in_links_open_the_paragraph_highlighted(desktop, seed_output):
    page = desktop.go("glossary/sco/")
    shoot(page, "desktop-glossary-page")
    page.locator("#mentioned-in ~ ul a").first.click()
    page.wait_for_load_state("networkidle")
    assert urlparse(page.url).path.endswith(ARTICLE)
    _target_is_shown(page, "s3-p1")


@pytest.mark.parametrize("anchor", ["s4-p2", "s5", "s2-p3"])
def test_deep_link_on_a_cold_load_scrolls_and_highlights(desktop, anchor):
    desktop.go(f"{ARTICLE}#{anchor}")
    _target_is_shown(desktop.page, anchor)


def _fits_its_width(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_pages_show_their_text_on_desktop_and_phone_without_scrolling_sideways(desktop, phone):
    """What the screenshots in test-artifacts/screenshots/ show, asserted."""
    for visit, name in ((desktop, "desktop-article"), (phone, "phone-article")):
        page = visit.go(ARTICLE)
        shoot(page, name)
        assert _fits_its_width(page), name
        assert page.locator("h1").is_visible() and page.locator("h1").bounding_box()["y"] < PHONE["height"]
        first = page.locator("#s1-p1")
        assert first.is_visible() and first.locator("span.entity").count() >= 2
    page = phone.go("glossary/sco/")
    shoot(page, "phone-glossary-page")
    assert _fits_its_width(page) and "Shanghai Cooperation Organisation" in page.locator("h1").inner_text()
    page = phone.go("")
    results = search(page, "SCO")
    shoot(page, "phone-search")
    assert results[0] == "glossary/sco/" and page.locator(".md-search-result__item").first.is_visible()


def test_every_page_loads_without_errors_or_foreign_requests(desktop, built_site, seed_output):
    pages = sorted(p.parent.relative_to(built_site).as_posix() for p in built_site.rglob("index.html"))
    for path in pages:
        desktop.go("" if path == "." else path + "/")
    assert len(pages) == 5 + len(seed_output.briefing.entities)  # home, the list of articles, article, glossary index, actor map, entries


# --- cite this ------------------------------------------------------------------------------


def test_cite_panel_offers_five_formats_from_the_keyboard(desktop):
    page = desktop.go(ARTICLE)
    page.locator("#s3-p2 .briefing-anchor").focus()
    page.keyboard.press("Tab")  # Copy link
    page.keyboard.press("Tab")  # Cite
    assert page.evaluate("document.activeElement.textContent") == "Cite"
    assert page.locator("#s3-p2 .briefing-tools").evaluate("e => getComputedStyle(e).opacity") == "1"
    page.keyboard.press("Enter")
    panel = page.locator(".briefing-cite")
    panel.wait_for(state="visible")
    labels = panel.locator("label").all_inner_texts()
    assert labels == ["Plain text", "APA", "Chicago", "BibTeX", "CSL-JSON"]
    texts = [field.input_value() for field in panel.locator("textarea").all()]
    permanent = page.locator("#s3-p2 .briefing-anchor").get_attribute("id")
    for text in texts:
        assert f"#{permanent}" in text and "§3 ¶2" in text and "Alwaght" in text and "https://alwaght.net/en/" in text
    assert texts[3].startswith("@online{") and json.loads(texts[4])[0]["locator"] == "§3 ¶2"
    assert "without a site_url" in panel.locator(".briefing-cite__note").inner_text()
    shoot(page, "desktop-cite-panel")
    page.keyboard.press("Escape")
    panel.wait_for(state="detached")
    assert page.evaluate("document.activeElement.textContent") == "Cite"  # focus returns to the button


def test_an_article_without_a_date_is_cited_n_d_with_one_full_stop(browser, drafts_server):
    """`published:` is optional: the citations say "n.d." then, and their punctuation stays right."""
    visit = Visit(browser, drafts_server, viewport=DESKTOP)
    try:
        page = visit.go("articles/readout/")
        assert page.locator('meta[name="DC.date"]').count() == 0
        paragraph = page.locator("p.briefing-paragraph").first.get_attribute("id")
        citations = [field.input_value() for field in open_cite_panel(page, paragraph).locator("textarea").all()]
        plain, apa, chicago = citations[:3]
        assert ", n.d. http" in plain.replace("”", "") or ", n.d. " in plain, plain
        assert "(n.d.)." in apa, apa
        assert all(".." not in citation for citation in citations), citations
    finally:
        visit.close()


def test_copy_link_puts_the_permanent_address_on_the_clipboard(browser, server):
    visit = Visit(browser, server, viewport=DESKTOP)
    visit.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.rstrip("/"))
    page = visit.go(ARTICLE)
    page.hover("#s2")  # the buttons show on hover (and on keyboard focus)
    page.locator("#s2 .briefing-tool", has_text="Copy link").click()
    page.locator("#s2 .briefing-tools__status").wait_for(state="visible")
    assert page.evaluate("navigator.clipboard.readText()") == f"{server}{ARTICLE}#sec-2"
    page.hover("#s4-p3")
    page.locator("#s4-p3 .briefing-tool", has_text="Cite").click()
    page.locator(".briefing-cite__copy").nth(3).click()  # BibTeX
    assert page.evaluate("navigator.clipboard.readText()").startswith("@online{briefing-kazakhstan-balance-of-powers-para-11,")
    visit.close()


def test_without_a_clipboard_the_text_is_selected_for_copying(browser, server):
    visit = Visit(browser, server, viewport=DESKTOP)
    visit.context.add_init_script("Object.defineProperty(navigator, 'clipboard', {value: undefined})")
    page = visit.go(ARTICLE)
    page.hover("#s1-p2")
    page.locator("#s1-p2 .briefing-tool", has_text="Cite").click()
    page.locator(".briefing-cite__copy").first.click()
    field = page.locator(".briefing-cite textarea").first
    selected = page.evaluate("document.activeElement.value.substring(document.activeElement.selectionStart, document.activeElement.selectionEnd)")
    assert selected == field.input_value() and "§1 ¶2" in selected
    assert "Ctrl+C" in page.locator(".briefing-cite__status").first.inner_text()
    page.hover("#s1-p2")
    page.locator("#s1-p2 .briefing-tool", has_text="Copy link").click()
    link = page.locator("#s1-p2 .briefing-tools__field")
    assert link.is_visible() and link.input_value().endswith("#para-2")
    visit.close()


# --- old addresses after an edit -----------------------------------------------------------


@pytest.fixture(scope="module")
def edited_site(tmp_path_factory):
    """The seed article edited as in tests/test_anchors.py, rebuilt over the committed registry, and
    served at the address it was built for (SITE_URL: Material's instant navigation needs it)."""
    from .test_anchors import edit

    project = tmp_path_factory.mktemp("edited")
    for shared in ("build_tools", "templates"):
        (project / shared).symlink_to(ROOT / shared)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "seeds", project / "seeds")
    slug = "kazakhstan-balance-of-powers"
    text, meta = edit((project / "seeds" / f"{slug}.txt").read_text(encoding="utf-8"), (project / "seeds" / f"{slug}.yml").read_text(encoding="utf-8"))
    (project / "seeds" / f"{slug}.txt").write_text(text, encoding="utf-8")
    (project / "seeds" / f"{slug}.yml").write_text(meta, encoding="utf-8")
    (project / "docs").mkdir()
    (project / "site").mkdir()
    handler = functools.partial(QuietHandler, directory=str(project / "site"))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    address = f"http://127.0.0.1:{httpd.server_address[1]}/"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=project, capture_output=True, text=True,
        env={**without_site_url(), "NO_MKDOCS_2_WARNING": "1", "SITE_URL": address}, check=False,
    )
    assert result.returncode == 0, result.stderr
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield address
    httpd.shutdown()
    httpd.server_close()


@pytest.mark.parametrize(
    "address, lands_on, notice",
    [
        ("para-9", "It is noteworthy that, Nazarbayev", None),  # moved to §5: the permanent address follows it
        ("para-1", "Alwaght- presidential election of Kazakhstan will be held", None),  # edited a little
        ("s4-p2", "Both countries have stressed", "§4 ¶2 has moved since this link was made: it is now §5 ¶2."),
        ("para-5", "§2 Economic ambitions", "The passage this address named (para-5) was removed from the article."),
        ("s2-p3", "§2 Economic ambitions", "The passage at §2 ¶3 was removed from the article; this is its section."),
        ("s4-p1", "Regarding the persistence", "§4 ¶1 is this passage now; in an earlier version of the article the address named another passage, now at §5 ¶1."),
    ],
)
def test_old_addresses_land_somewhere_sensible_after_an_edit(browser, edited_site, address, lands_on, notice):
    visit = Visit(browser, edited_site, viewport=DESKTOP)
    page = visit.go(f"{ARTICLE}#{address}")
    if notice is None:
        page.wait_for_timeout(500)
        assert page.locator(".briefing-notice").count() == 0
        target = page.locator(f"#{address}").locator("xpath=..")
        assert target.inner_text().lstrip().startswith(lands_on) or lands_on in target.inner_text()
    else:
        shown = page.locator(".briefing-notice")
        shown.wait_for(state="visible")
        assert shown.inner_text().startswith(notice)
        arrived = page.locator(".briefing-arrived")
        assert lands_on in arrived.inner_text()
        box = arrived.bounding_box()
        assert 0 <= box["y"] < DESKTOP["height"]
    visit.close()


# --- published under a sub-path, with SITE_URL --------------------------------------------------


def test_a_site_published_under_a_sub_path_gives_absolute_addresses_everywhere(browser, published):
    address, folder = published
    pages = sorted(p.parent.relative_to(folder).as_posix() for p in folder.rglob("index.html"))
    pages = ["" if page == "." else page + "/" for page in pages]
    sitemap = (folder / "sitemap.xml").read_text(encoding="utf-8")
    assert sorted(re.findall(r"<loc>([^<]*)</loc>", sitemap)) == sorted(address + page for page in pages)
    visit = Visit(browser, address)
    try:
        page = visit.go(ARTICLE)
        assert page.locator('link[rel="canonical"]').get_attribute("href") == address + ARTICLE
        assert page.locator('meta[property="og:url"]').get_attribute("content") == address + ARTICLE
        assert page.locator('meta[name="citation_public_url"]').get_attribute("content") == address + ARTICLE
        data = json.loads(page.locator('script[type="application/ld+json"]').text_content())
        assert data["url"] == address + ARTICLE
        assert data["mentions"] and all(m["url"].startswith(address + "glossary/") for m in data["mentions"])
        mention = page.locator("#s1-p1 span.entity[data-entity=kazakhstan]").first
        mention.hover()
        card = page.locator("#entity-card")
        card.wait_for(state="visible", timeout=2000)
        assert "Kazakhstan" in card.inner_text() and card.locator("a").get_attribute("href") == address + "glossary/kazakhstan/"
        panel = open_cite_panel(page, "s3-p2")
        permanent = page.locator("#s3-p2 .briefing-anchor").get_attribute("id")
        assert all(f"{address}{ARTICLE}#{permanent}" in field.input_value() for field in panel.locator("textarea").all())
        assert "without a site_url" not in panel.inner_text()
        page.keyboard.press("Escape")
        page.locator("#s1-p1 span.entity a").first.click()
        page.wait_for_load_state("networkidle")
        assert page.url.startswith(address + "glossary/")
        glossary = json.loads((folder / "glossary.json").read_text(encoding="utf-8"))
        assert all(e["url"].startswith(address) for e in glossary["entities"]) and all(a["url"].startswith(address) for a in glossary["articles"])
        annotations = json.loads((folder / "annotations.jsonld").read_text(encoding="utf-8"))
        assert annotations["id"] == address + "annotations.jsonld"
        assert all(item["target"]["source"] == address + ARTICLE for item in annotations["first"]["items"])
        # The page a host shows for a missing address finds its styles and scripts under the sub-path.
        page = visit.go("404.html")
        assert page.evaluate("[...document.querySelectorAll('link[rel=stylesheet]')].every(l => l.sheet && l.sheet.cssRules.length > 0)")
        assert page.locator("script[src]").evaluate_all("all => all.map(s => s.src)") and all(
            src.startswith(address) for src in page.locator("script[src]").evaluate_all("all => all.map(s => s.src)")
        )
    finally:
        visit.close()


# --- instant navigation -----------------------------------------------------------------------


def _same_document(page: Page) -> bool:
    return page.evaluate("window.__stillHere === true")


def _fetched(page: Page, path: str) -> bool:
    return page.evaluate("path => performance.getEntriesByType('resource').some(e => new URL(e.name).pathname.endsWith(path))", path)


def test_instant_navigation_keeps_cards_cite_notes_notices_and_map_links_working(browser, edited_site):
    visit = Visit(browser, edited_site, viewport=DESKTOP)
    try:
        page = visit.go("")
        page.evaluate("window.__stillHere = true")  # gone if a page is loaded anew
        page.mouse.move(5, 300)
        page.wait_for_timeout(300)
        assert not _fetched(page, "/sitemap.xml"), "the sitemap was fetched before any link had the pointer"
        first = page.locator("article a[href*='articles/kazakhstan']").first
        first.hover()  # as a reader's pointer comes to a link before the click: instant navigation reads the sitemap now
        page.wait_for_function("() => performance.getEntriesByType('resource').some(e => e.name.endsWith('/sitemap.xml') && e.responseEnd > 0)")
        page.evaluate("() => new Promise(requestAnimationFrame)")
        for step in ("home → article", "entry → article"):
            if step == "home → article":
                first.click()
            else:
                page.locator("article a[href*='articles/kazakhstan-balance-of-powers/#']").first.click()
            page.locator("#s1-p1").wait_for()
            assert _same_document(page), step
            mention = page.locator("#s1-p1 span.entity").first
            mention.hover()
            card = page.locator("#entity-card")
            card.wait_for(state="visible", timeout=2000)
            entity = mention.get_attribute("data-entity")
            assert card.locator("a").get_attribute("href") == f"{edited_site}glossary/{entity}/", step
            assert page.locator("#s3-p2 .briefing-tools").count() == 1, step  # tools added once, on each page
            panel = open_cite_panel(page, "s3-p2")
            assert "§3 ¶2" in panel.locator("textarea").first.input_value(), step
            page.keyboard.press("Escape")
            page.locator("a.briefing-note-ref").first.click()
            assert page.locator("aside.briefing-note").first.is_visible() and page.url.endswith("#note-1"), step
            page.evaluate("location.hash = 's4-p2'")  # an address from before the edit
            notice = page.locator(".briefing-notice")
            notice.wait_for(state="visible")
            assert notice.inner_text().startswith("§4 ¶2 has moved since this link was made"), step
            page.mouse.move(5, 5)
            if step == "home → article":
                page.locator("#s1-p1 span.entity a").first.click()  # article → entry
                page.locator("article h1").wait_for()
                assert "/glossary/" in page.url and _same_document(page)
        page.locator("#connected").scroll_into_view_if_needed()  # the map comes as the reader nears it
        node = page.locator("svg.actor-map-svg a").first
        target = node.get_attribute("data-entity")
        node.click()
        page.wait_for_url(f"{edited_site}glossary/{target}/")
        assert target in page.url
    finally:
        visit.close()


def test_on_a_phone_with_instant_navigation_the_first_tap_on_a_linked_name_shows_its_card(browser, edited_site):
    """Material's instant navigation follows a link from its own click listener, which does not ask
    whether the click was already handled, and a click that comes before the sitemap it waits for."""
    visit = Visit(browser, edited_site, viewport=PHONE, has_touch=True, is_mobile=True, device_scale_factor=2)
    try:
        page = visit.go(ARTICLE)
        page.evaluate("window.__stillHere = true")
        mention = page.locator("#s2-p1 span.entity[data-entity=kazakhstan]:has(a)").first
        mention.scroll_into_view_if_needed()
        mention.tap()  # its touch releases the sitemap, which instant navigation needs
        card = page.locator("#entity-card")
        card.wait_for(state="visible", timeout=2000)
        page.wait_for_function("() => performance.getEntriesByType('resource').some(e => e.name.endsWith('/sitemap.xml') && e.responseEnd > 0)")
        page.evaluate("() => new Promise(resolve => requestAnimationFrame(() => setTimeout(resolve, 0)))")
        assert page.url == edited_site + ARTICLE, "the first tap left the article"
        assert card.is_visible() and card.inner_text().startswith("Kazakhstan")
        mention.tap()  # the second tap follows the link, by instant navigation
        page.wait_for_url(edited_site + "glossary/kazakhstan/")
        assert _same_document(page)
    finally:
        visit.close()


def test_on_a_phone_every_paragraph_starts_with_its_text_and_a_tap_on_its_address_shows_the_tools(phone):
    page = phone.go(ARTICLE)
    # The first line of each paragraph: its address and the first word of its text, side by side.
    lines = page.evaluate(
        """() => [...document.querySelectorAll("p.briefing-paragraph")].map(p => {
            const anchor = p.querySelector(":scope > .briefing-anchor").getBoundingClientRect();
            const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT, {acceptNode: n =>
                n.textContent.trim() && !n.parentElement.closest(".briefing-tools") ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP});
            const first = walker.nextNode();
            const range = document.createRange();
            range.setStart(first, 0); range.setEnd(first, 1);
            const word = range.getClientRects()[0];
            return {id: p.id, anchorTop: anchor.top, anchorBottom: anchor.bottom, wordTop: word.top, paragraphTop: p.getBoundingClientRect().top};
        })"""
    )
    assert lines
    for line in lines:
        assert line["wordTop"] < line["anchorBottom"] and line["wordTop"] - line["paragraphTop"] < 30, line
    tools = page.locator("#s3-p2 .briefing-tools")
    assert tools.evaluate("e => getComputedStyle(e).clipPath") != "none"  # out of sight until asked for
    address = page.locator("#s3-p2 .briefing-anchor")
    box = address.bounding_box()
    assert box["width"] >= 24 and box["height"] >= 24  # axe's target-size
    address.tap()
    page.wait_for_function("location.hash.length > 1")
    assert tools.evaluate("e => getComputedStyle(e).clipPath") == "none"
    for button in tools.locator("button").all():
        size = button.bounding_box()
        assert size["width"] >= 24 and size["height"] >= 24
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    tools.locator("button", has_text="Cite").tap()
    page.locator(".briefing-cite").wait_for(state="visible")
