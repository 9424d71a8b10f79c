"""Seeds written as a hostile contributor would: the built site runs none of their script and gains no
element, attribute or id from them.

tests/hostile/ holds seeds that are accepted but carry markup in every field; the browser visits
every page built from them with a trap on dialogs and on a marker global, hovers and focuses every
mention and link, opens a card, a cite panel and search. The property test puts generated markup,
URL schemes, control characters and YAML specials into every text field of the glossary and the
article metadata and compares the built pages with those built from plain words.
"""
from __future__ import annotations

import json
import logging
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup, CData, Comment, Declaration, ProcessingInstruction
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from build_tools.build import generate
from build_tools.errors import BriefingError
from build_tools.escape import allowed_url
from build_tools.render import MAPS_FOLDER

from .conftest import ROOT, serving
from .test_browser import Visit, search

HOSTILE = ROOT / "tests" / "hostile"
SLUG = "hostile-article"
TRAP = """
window.__dialogs = [];
for (const name of ["alert", "confirm", "prompt", "print"]) {
  window[name] = function () { window.__dialogs.push(name); };
}
"""
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href", "data", "poster")


def make_project(folder: Path, seeds: dict[str, str] | Path) -> Path:
    """A project folder sharing this checkout's code and templates, with its own seeds/."""
    folder.mkdir(parents=True, exist_ok=True)
    for shared in ("build_tools", "templates"):
        (folder / shared).symlink_to(ROOT / shared)
    shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    (folder / "docs").mkdir()
    set_seeds(folder, seeds)
    return folder


def set_seeds(project: Path, seeds: dict[str, str] | Path) -> None:
    """Replace the project's seeds, keeping the registries of addresses its builds have written (as an editor commits them)."""
    target = project / "seeds"
    if isinstance(seeds, Path):
        shutil.copytree(seeds, target)
        return
    target.mkdir(exist_ok=True)
    for old in target.iterdir():
        if not old.name.endswith(".anchors.yml"):
            old.unlink()
    for name, text in seeds.items():
        (target / name).write_text(text, encoding="utf-8")


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def mkdocs_build(project: Path) -> list[str]:
    """Build the project's site in this process, as `mkdocs build --strict` does; the warnings and errors logged."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    collect = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collect)
    try:
        build(load_config(str(project / "mkdocs.yml"), strict=True))
    except Abort:
        assert collect.messages, "the build aborted without saying why"
    finally:
        logger.removeHandler(collect)
    return collect.messages


def pages(site: Path) -> dict[str, BeautifulSoup]:
    return {p.relative_to(site).as_posix(): BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser") for p in sorted(site.rglob("*.html"))}


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    project = make_project(tmp_path_factory.mktemp("hostile"), HOSTILE)
    assert mkdocs_build(project) == []
    return project / "site"


# --- the built HTML ---------------------------------------------------------------------------


def injected(soup: BeautifulSoup) -> list[str]:
    """What no page of ours holds unless seeds put it there: event handlers, foreign schemes, stray scripts and ids."""
    found = []
    for element in soup.find_all(True):
        for name, value in element.attrs.items():
            if name.startswith("on"):
                found.append(f"<{element.name} {name}>")
            if name in URL_ATTRIBUTES and not allowed_url(value if isinstance(value, str) else " ".join(value)):
                found.append(f"<{element.name} {name}={value!r}>")
        if element.name in ("img", "iframe", "object", "embed", "base", "frame", "style"):
            found.append(f"<{element.name}>")
    for script in soup.find_all("script"):
        if script.get("type") == "application/ld+json":
            json.loads(script.string)  # still one well-formed JSON value
        elif "pwned" in (script.string or "") or (script.get("src") and "pwned" in script["src"]):
            found.append(f"<script>{script.string or script['src']}")
    # A browser ends "<!-->" and "<![CDATA[>" at their first ">", where an HTML parser in Python may read on
    # past the element that follows: no page of ours holds a comment or declaration, so none may appear.
    found += [f"<!{type(markup).__name__}>" for markup in soup.find_all(string=lambda s: isinstance(s, (Comment, Declaration, CData, ProcessingInstruction)))]
    ids = Counter(element["id"] for element in soup.find_all(id=True))
    found += [f"id {i!r} on {n} elements" for i, n in ids.items() if n > 1]
    return found


def test_no_page_holds_a_handler_script_scheme_or_duplicate_id_from_the_seeds(hostile_site):
    built = pages(hostile_site)
    assert len(built) >= 5
    assert {path: injected(soup) for path, soup in built.items() if injected(soup)} == {}


def test_permanent_ids_stay_on_their_passages(hostile_site):
    soup = pages(hostile_site)[f"articles/{SLUG}/index.html"]
    for address, classes in (("para-1", ["briefing-anchor"]), ("para-2", ["briefing-anchor"]), ("note-1", ["briefing-note", "briefing-note--context"])):
        (element,) = soup.select(f"#{address}")
        assert element.get("class") == classes


def test_every_field_reaches_the_page_as_the_text_written(hostile_site):
    meta = yaml.safe_load((HOSTILE / f"{SLUG}.yml").read_text(encoding="utf-8"))
    glossary = yaml.safe_load((HOSTILE / "glossary.yml").read_text(encoding="utf-8"))
    beta = next(e for e in glossary["entities"] if e["id"] == "beta")
    built = pages(hostile_site)
    article = built[f"articles/{SLUG}/index.html"]
    assert article.h1.get_text().rstrip("¶") == meta["title"]
    assert article.title.get_text() == f"{meta['title']} - Annotated briefing"
    assert meta["title"] in [a.get_text(" ", strip=True) for a in article.select(".md-nav__link")]
    assert [m["content"] for m in article.select("meta[name=citation_author]")] == [meta["source"]["author"]]
    entry = built["glossary/beta/index.html"]
    assert entry.title.get_text() == f"{beta['name']} - Annotated briefing"
    assert entry.h1.get_text().rstrip("¶") == beta["name"]
    alpha = built["glossary/alpha/index.html"]
    body = alpha.select_one(".md-content").get_text(" ")
    for words in ('Body { onfocus="window.__pwned=\'attr\'" autofocus tabindex=0 }', "# para 2", "{ #code }"):
        assert words in body
    # The image is a link to it: the site loads nothing from elsewhere.
    assert [a["href"] for a in alpha.select(".md-content a[href^=http]")] == [
        "https://tracker.example/pixel.png",
        "https://example.org/",
        "https://example.org/ref",
        "https://example.org/%22onmouseover=%22window.__pwned='link-url'%22'%3E%3Cscript%3Ewindow.__pwned='link-url2'%3C/script%3E",
        "https://example.org",  # the link of a note on its mention, listed under Editors' notes
    ]


# --- in the browser ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_server(hostile_site):
    with serving(hostile_site) as address:
        yield address


def assert_nothing_ran(page, where: str) -> None:
    ran = page.evaluate("({pwned: window.__pwned, dialogs: window.__dialogs})")
    assert ran == {"pwned": None, "dialogs": []}, f"{where}: {ran}"


def test_no_script_runs_when_reading_hovering_focusing_citing_and_searching(browser, hostile_server, hostile_site):
    visit = Visit(browser, hostile_server, viewport={"width": 1280, "height": 900})
    visit.context.add_init_script(TRAP)
    dialogs: list[str] = []
    visit.page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    # Every page, and an article's map as it comes into its page (the document it is fetched from is no page to visit).
    for path in (path for path in pages(hostile_site) if not path.startswith(MAPS_FOLDER + "/")):
        address = path.removesuffix("index.html")
        page = visit.go(address)
        assert_nothing_ran(page, f"{address} on load")
        for element in page.locator(".md-content .entity, .md-content a[href], .md-content [tabindex], .md-sidebar a[href]").all():
            if element.is_visible():
                element.hover(force=True)  # the pointer goes there even where another element lies on top
                element.dispatch_event("mouseover")
                element.focus()
        assert_nothing_ran(page, f"{address} after hover and focus")
    page = visit.go(f"articles/{SLUG}/")
    page.locator("#connected").scroll_into_view_if_needed()
    page.locator(".actor-map-frame svg a").first.wait_for()
    for node in page.locator(".actor-map-frame a").all():
        node.hover(force=True)
        node.focus()
    assert_nothing_ran(page, "after the actor map came")
    page.locator(".entity").first.hover()
    page.locator("#entity-card").wait_for(state="visible")
    assert page.locator("#entity-card .entity-card__summary").inner_text().startswith("Summary <img src=x")
    page.locator("#s1-p1 .briefing-anchor").focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.locator(".briefing-cite").wait_for(state="visible")
    citation = page.locator(".briefing-cite textarea").first.input_value()
    assert "para 1 <img src=x" in citation  # the title, as text
    assert_nothing_ran(page, "after opening a card and the cite panel")
    for query in ("Alpha", "Summary", "Source", "ALF"):  # each is in a page: search() fails without results
        page = visit.go(f"articles/{SLUG}/")
        assert search(page, query)
        for result in page.locator(".md-search-result__item").all()[:5]:
            result.hover()
    assert_nothing_ran(page, "after searching")
    assert dialogs == []
    visit.close()


# --- any markup in any field ------------------------------------------------------------------

# Markup, URL schemes, control characters and YAML specials: what is accepted must render as text or as
# an editor's link or emphasis; what is refused must be refused with a location.
ACCEPTED = [
    "<script>window.__pwned=1</script>", "<img src=x onerror=window.__pwned=1>", "</title>", "<!--", "--!>", "]]>",
    '"', "'", "<", ">", "&", "&lt;", "&#106;", "&#x3C;", "{", "}", "{ #para-1 }", '{: onclick="x" }', "{: .md-nav }",
    "#", "## ", "\n", "\n\n", "\n---\n", "\n===\n", "- ", "1. ", "> ", "    ", "|", "*", "_", "`", "\\",
    "[a](", "](https://example.org)", ")", "![i](https://e.example/p.png)", "<https://e.example>", "javascript:",
    "data:", "\t", "\u2028", "\ufeff", ": ", "? ", "&x ", "*x ", "!!python/object ", "%TAG", "{{ x }}", "${x}",
    "\n\n[TOC]\n\n",
]
REFUSED = ["](javascript:x)", "](\x01javascript:x)", "](java\nscript:x)", "](ms-msdt:x)", "](intent:x)", "](x-y:z)", "\x01", "\x1b[31m", "\x85", "[r]\n\n> [r]: javascript:x\n\n", "\\`<!--><img src=x onerror=window.__pwned=1>--> `"]
PLAIN = st.text(alphabet="abcxyzABC 019.,", min_size=1, max_size=6)


def field(pieces: list[str]):
    """A field's text: words of its own (an entity named by markup alone would be a name the text never says), then pieces."""
    text = st.lists(st.one_of(st.sampled_from(pieces), PLAIN), min_size=1, max_size=6).map("".join)
    return st.tuples(PLAIN, text).map(lambda pair: "w" + pair[0].strip() + " " + pair[1])


FIELDS = (
    "alias", "summary", "description", "fact_label", "fact", "link_title", "link_url", "beta_name", "beta_summary",
    "title", "source_name", "source_url", "author", "lead", "section_1", "section_2", "note",
)


def seeds_with(values: dict[str, str]) -> dict[str, str]:
    """A two-entry glossary and a two-section article with `values` in every text field."""
    def q(name: str) -> str:
        return json.dumps(values[name])  # a YAML double-quoted scalar holds any string as written

    glossary = f"""entities:
  - id: alpha
    name: Alpha
    type: organization
    aliases: [{q('alias')}]
    summary: {q('summary')}
    description: {q('description')}
    facts: {{{q('fact_label')}: {q('fact')}}}
    links: [{{title: {q('link_title')}, url: {json.dumps("https://example.org/" + values['link_url'])}}}]
  - id: beta
    name: {q('beta_name')}
    type: person
    summary: {q('beta_summary')}
"""
    meta = f"""title: {q('title')}
source: {{name: {q('source_name')}, author: {q('author')}, url: {json.dumps("https://example.org/" + values['source_url'])}, published: 2015-03-01}}
published: 2026-11-28
summary: {q('lead')}
sections:
  - title: {q('section_1')}
  - title: {q('section_2')}
    starts: Second paragraph
notes:
  - quote: "in the hall"
    kind: context
    note: {q('note')}
"""
    return {"glossary.yml": glossary, f"{SLUG}.txt": "Alpha met someone in the hall.\n\nSecond paragraph names Alpha.\n", f"{SLUG}.yml": meta}


def shape(site: dict[str, BeautifulSoup]) -> dict[str, tuple]:
    """Per page: how many of each element editors' Markdown cannot make, every attribute name in use, and the ids that are not a heading's."""
    markdown_made = {"p", "em", "strong", "a", "code", "pre", "ul", "ol", "li", "blockquote", "br", "hr", "table", "thead", "tbody", "tr", "th", "td"}
    found = {}
    for path, soup in site.items():
        # The heading's other names come and go with the names themselves (build_tools/disambiguation.py).
        made = [e for e in soup.find_all(True) if not (e.name == "small" and e.get("class") == ["glossary-aka"] and e.parent.name == "h1")]
        elements = Counter(e.name for e in made if e.name not in markdown_made)
        attributes = {(e.name, name) for e in made for name in e.attrs}
        ids = sorted(e["id"] for e in soup.find_all(id=True) if not re.fullmatch(r"h[1-6]", e.name))
        found[path] = (elements, attributes, ids)
    return found


LOCATED = re.compile(r"^\S+?:\d+(?::\d+)?: ")
MKDOCS_LINK_WARNING = re.compile(r"^Doc file '[^']+' contains (?:an absolute link|a link|an unrecognized relative link)")


@pytest.fixture(scope="module")
def field_project(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("fields"), seeds_with({name: f"wplain {name}" for name in FIELDS}))
    assert mkdocs_build(project) == []
    return project, shape(pages(project / "site"))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.one_of(*(st.fixed_dictionaries({name: field(pieces) for name in FIELDS}) for pieces in (ACCEPTED, ACCEPTED + REFUSED))))
def test_markup_in_any_field_adds_no_element_attribute_or_id(field_project, values):
    project, plain = field_project
    set_seeds(project, seeds_with(values))
    try:
        generate(project / "seeds", project / "templates")
    except BriefingError as error:  # refused: every line says where
        assert all(LOCATED.match(str(problem)) for problem in error.problems), error.report()
        event("refused: " + re.sub(r"^\S+: |'.*", "", str(error.problems[0]))[:70])
        return
    warnings = mkdocs_build(project)
    event("refused by MkDocs (pages written)" if warnings else "built")
    # MkDocs itself may refuse a link an editor wrote to a page that does not exist; it still wrote the pages.
    assert all(MKDOCS_LINK_WARNING.match(w) for w in warnings), warnings
    site = pages(project / "site")
    built = shape(site)
    assert built.keys() == plain.keys()
    for path, (elements, attributes, ids) in built.items():
        plain_elements, plain_attributes, plain_ids = plain[path]
        assert elements == plain_elements, path
        markdown_attributes = {("a", "href"), ("a", "title"), ("ol", "start"), ("th", "style"), ("td", "style")}
        assert attributes <= plain_attributes | markdown_attributes, path
        assert ids == plain_ids, path
        assert injected(site[path]) == [], path


# --- ids a heading would take from its words ---------------------------------------------------


def test_no_name_or_title_gives_a_heading_an_id_of_the_theme(tmp_path):
    """A heading without an id takes one from its words (the toc extension): an entry named "__config", or an
    article so titled, would give its heading the id of Material's configuration, which its bundle then fails
    to read as JSON, on the home page, the entry's page and every page listing the article."""
    glossary = "entities:\n  - {id: alpha, name: Alpha, type: organization, summary: First.}\n  - {id: beta, name: __config, type: person, summary: Second.}\n"
    meta = "title: __config\nsource: {name: __search}\n"
    project = make_project(tmp_path / "ids", {"glossary.yml": glossary, f"{SLUG}.txt": "Alpha met __config in the hall.\n", f"{SLUG}.yml": meta})
    assert mkdocs_build(project) == []
    for path, soup in pages(project / "site").items():
        assert injected(soup) == [], path
        if not path.startswith(MAPS_FOLDER + "/"):
            assert soup.select_one("#__config").name == "script", path
