"""The printed edition (build_tools/printed.py): the seed article's PDF read back with pdftotext and pypdf,
the pure stages table-driven, hostile seeds, and `make pdf`'s site (the PDF beside the page, and the link).

pdftotext is Debian's poppler-utils, which `make test` installs; WeasyPrint needs Pango (`make pango`).
"""
from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import jinja2
import pypdf
import pytest
from bs4 import BeautifulSoup

from build_tools.build import generate
from build_tools.model import NOTE_LABELS, Note
from build_tools.printed import (
    Edition,
    EditorMarkdown,
    article_html,
    article_pdfs,
    citation,
    edition_from_environment,
    html_environment,
    long_date,
    note_lead,
    paragraph_html,
    pdf_path,
    to_pdf,
    type_label,
    with_links,
)

from .conftest import ROOT
from .test_hostile import make_project, mkdocs_build

SITE_URL = "https://example.org/briefing/"
EDITION = Edition(site_name="Annotated briefing", site_url=SITE_URL)
SLUG = "kazakhstan-balance-of-powers"
LOADER = jinja2.FileSystemLoader(str(ROOT / "templates"))


# The text column of an A4 page in points (templates/pdf/article.css): no running header or footer, no margin address.
TEXT_COLUMN = ("-x", "90", "-y", "60", "-W", "520", "-H", "722")


def text_of(pdf: bytes, folder: Path, *options: str) -> str:
    """The PDF's text as pdftotext reads it (reading order, no layout)."""
    assert shutil.which("pdftotext"), "pdftotext is missing: run `make test`, which installs poppler-utils"
    path = folder / "printed.pdf"
    path.write_bytes(pdf)
    command = ["pdftotext", "-enc", "UTF-8", *options, str(path), "-"]
    return subprocess.run(command, capture_output=True, text=True, check=True, timeout=60).stdout


@pytest.fixture(scope="module")
def briefing(seed_output):
    return seed_output.briefing


@pytest.fixture(scope="module")
def article(briefing):
    return next(a for a in briefing.articles if a.slug == SLUG)


@pytest.fixture(scope="module")
def printed(briefing):
    """The seed article's PDF with a known web address, and pypdf's reader of it."""
    pdf = article_pdfs(briefing, LOADER, EDITION)[SLUG]
    return pdf, pypdf.PdfReader(io.BytesIO(pdf))


@pytest.fixture(scope="module")
def printed_text(printed, tmp_path_factory) -> str:
    return text_of(printed[0], tmp_path_factory.mktemp("pdf"))


@pytest.fixture(scope="module")
def unaddressed_text(briefing, tmp_path_factory) -> str:
    """The same article printed where no SITE_URL is known."""
    pdf = article_pdfs(briefing, LOADER, Edition(site_name="Annotated briefing"))[SLUG]
    return text_of(pdf, tmp_path_factory.mktemp("pdf"))


NOTE_REFERENCE = re.compile(r"\s*\[\d+\]")  # a note's reference, which pdftotext reads after a space


def missing_in_order(expected: list[str], found: list[str]) -> list[tuple[int, str]]:
    """Where `expected` stops being a subsequence of `found`: the first word not found after the previous one (or [])."""
    position = 0
    for index, word in enumerate(expected):
        try:
            position = found.index(word, position) + 1
        except ValueError:
            return [(index, word)]
    return []


@pytest.mark.parametrize(
    "expected, found, missing",
    [
        (["a", "b", "c"], ["x", "a", "§1", "b", "c"], []),
        (["a", "b", "c"], ["a", "c", "b"], [(2, "c")]),
        (["a", "b"], ["a"], [(1, "b")]),
    ],
)
def test_the_order_check_itself(expected, found, missing):
    assert missing_in_order(expected, found) == missing


# --- the seed article's PDF -----------------------------------------------------------------


def article_words(article) -> list[str]:
    return NOTE_REFERENCE.sub("", " ".join(paragraph.text for _, _, paragraph in article.paragraphs)).split()


def test_every_word_of_the_article_is_in_the_pdf_in_order(article, printed_text):
    expected = article_words(article)
    assert len(expected) > 600
    assert missing_in_order(expected, NOTE_REFERENCE.sub("", printed_text).split()) == []


def without(words: list[str], part: list[str]) -> list[str]:
    """The words with the first run equal to `part` taken out (the part must be there)."""
    for start in range(len(words) - len(part) + 1):
        if words[start:start + len(part)] == part:
            return words[:start] + words[start + len(part):]
    raise AssertionError(f"not in the text: {' '.join(part)}")


def test_the_text_column_is_the_article_word_for_word_with_its_headings_and_notes(article, printed, tmp_path):
    """Stricter than in order: between the first heading and the appendix, the text column holds the
    article's words and nothing else but the section headings and the notes."""
    column = NOTE_REFERENCE.sub("", text_of(printed[0], tmp_path, *TEXT_COLUMN)).split()
    appendix = next(i for i in range(len(column)) if column[i:i + 4] == ["Named", "in", "this", "article"])
    found = column[column.index("§1"):appendix]
    for section in article.sections:
        found = without(found, [f"§{section.number}", *section.title.split()])
    render = EditorMarkdown(raw_html=False)
    for note in article.notes:
        found = without(found, BeautifulSoup(render(note.text, note_lead(note)), "html.parser").get_text().split())
    assert found == article_words(article)


def test_every_paragraph_has_its_address_in_order_and_each_note_follows_its_paragraph(article, printed_text):
    labels = [f"§{section.number} ¶{number}" for section, number, _ in article.paragraphs]
    body = printed_text.split("Named in this article")[0]
    assert re.findall(r"§\d+ ¶\d+", body.split("cite it by that address")[1]) == labels
    for note in article.notes:
        here = body.index(f"§{note.section} ¶{note.paragraph}\n")
        following = [body.index(f"§{s.number} ¶{n}\n") for s, n, _ in article.paragraphs if body.index(f"§{s.number} ¶{n}\n") > here]
        written = body.index(f"[{note.number}] {NOTE_LABELS[note.kind]}.")
        assert here < written < (following[0] if following else len(body)), note.number


def test_the_appendix_gives_each_entry_named_with_its_type_and_summary(briefing, article, printed_text):
    # From its heading (running headers repeat it) to the citation; page furniture falls between entries only.
    appendix = " ".join(printed_text.split("Named in this article", 1)[1].split("Cite this edition as")[0].split())
    named = {m.entity_id for m in briefing.mentions.in_article(SLUG)} | {i for n in article.notes for i in n.references}
    entities = sorted((e for e in briefing.entities if e.id in named), key=lambda e: e.name.casefold())
    assert len(entities) >= 20
    positions = []
    for entity in entities:
        entry = f"{entity.title} {type_label(entity).upper()} {' '.join(entity.summary.split())}"
        assert entry in appendix, entity.id
        positions.append(appendix.index(entry))
    assert positions == sorted(positions)  # by name


def test_the_source_and_citation_name_the_web_address_when_it_is_known(printed_text, unaddressed_text):
    address = f"{SITE_URL}articles/{SLUG}/"
    cited = " ".join(printed_text.split("Cite this edition as:")[1].split())
    assert cited.startswith(f"Alwaght, “Kazakhstan's early election and its balance of powers between Russia, China and the West”, "
                            f"Annotated briefing, 28 November 2026. {address}. Annotated edition of: Alwaght, https://alwaght.net/en/.")
    assert f"On the web: {address}" in printed_text
    assert "example.org" not in unaddressed_text
    assert "No web address is known for this edition: it was printed without SITE_URL." in unaddressed_text
    assert " ".join(unaddressed_text.split("Cite this edition as:")[1].split()).startswith(
        "Alwaght, “Kazakhstan's early election and its balance of powers between Russia, China and the West”, "
        "Annotated briefing, 28 November 2026. Annotated edition of: Alwaght, https://alwaght.net/en/."
    )


def test_the_document_metadata_are_the_articles(printed, article):
    metadata = printed[1].metadata
    assert metadata.title == article.title
    assert metadata.author == "Alwaght"
    assert metadata.subject.startswith("An analysis published by the Iran-based news site Alwaght in spring 2015")
    assert metadata.creator == "Annotated briefing"
    assert metadata["/CreationDate"] == "D:20261128"  # the edition's date, not the time of printing


def test_each_section_is_a_bookmark_on_the_page_it_starts(printed, article):
    reader = printed[1]
    outline = [(item.title, reader.get_destination_page_number(item)) for item in reader.outline]
    titles = [f"§{s.number} {s.title}" for s in article.sections] + ["Named in this article", "Source and citation"]
    assert [title for title, _ in outline] == titles
    for title, page in outline:
        assert title in " ".join(reader.pages[page].extract_text().split()), title


def test_links_are_live(printed, briefing, article):
    reader = printed[1]
    uris, internal = set(), set()
    for page in reader.pages:
        for annotation in page.get("/Annots") or ():
            annotation = annotation.get_object()
            action = annotation.get("/A")
            if action is not None and action.get("/S") == "/URI":
                uris.add(str(action["/URI"]))
            elif annotation.get("/Dest") is not None:
                internal.add(str(annotation["/Dest"]))
    address = f"{SITE_URL}articles/{SLUG}/"
    assert {"https://alwaght.net/en/", address, f"{address}#para-1", f"{address}#sec-1", f"{SITE_URL}glossary/sco/"} <= uris
    assert {f"{address}#{p.permanent}" for _, _, p in article.paragraphs} <= uris  # each margin address
    mentioned = {m.entity_id for m in briefing.mentions.in_article(SLUG)}
    assert {f"entity-{i}" for i in mentioned} <= internal  # each mention, to its entry
    assert {f"note-{n.number}" for n in article.notes} <= internal  # each reference, to its note
    assert {f"s{s}-p{p}" for s, p in [(1, 1), (3, 1)]} <= internal  # the appendix, back to the passages
    assert internal <= set(reader.named_destinations)  # no internal link goes nowhere


def test_two_prints_are_byte_identical(briefing, article, printed):
    assert to_pdf(article_html(briefing, article, EDITION, html_environment(LOADER))) == printed[0]


# --- the pure stages ------------------------------------------------------------------------


def note(number: int, start: int, end: int, kind: str = "context") -> Note:
    return Note(number=number, kind=kind, quote="", text="", section=1, paragraph=1, start=start, end=end)


@pytest.mark.parametrize(
    "text, mentions, notes, expected",
    [
        ("a <b> & c", [], [], "a &lt;b&gt; &amp; c"),
        ("The SCO met.", [(4, 7, "sco")], [], 'The <a class="mention" href="#entity-sco">SCO</a> met.'),
        ("will be hold now", [], [note(2, 0, 12, "correction")],
         '<mark class="quote correction">will be hold</mark><a class="note-ref" href="#note-2">[2]</a> now'),
        # A quote ending inside a mention puts its reference after the mention: no word is cut.
        ("see Nazarbayev go", [(4, 14, "n")], [note(1, 0, 9)],
         '<mark class="quote">see </mark><mark class="quote"><a class="mention" href="#entity-n">Nazar</a></mark>'
         '<a class="mention" href="#entity-n">bayev</a><a class="note-ref" href="#note-1">[1]</a> go'),
        ("Alpha", [(0, 5, "a")], [note(1, 0, 5), note(2, 0, 5)],
         '<mark class="quote"><a class="mention" href="#entity-a">Alpha</a></mark>'
         '<a class="note-ref" href="#note-1">[1]</a><a class="note-ref" href="#note-2">[2]</a>'),
    ],
)
def test_paragraph_html(text, mentions, notes, expected):
    assert paragraph_html(text, mentions, notes) == expected


@pytest.mark.parametrize(
    "markdown_text, expected",
    [
        ("See [Iran](glossary:iran).", '<p>See <a href="#entity-iran">Iran</a>.</p>'),
        ("Text { onclick=x }", "<p>Text { onclick=x }</p>"),
        ("<script>x</script> ![t](https://t.example/p.png)", '<p>&lt;script&gt;x&lt;/script&gt; !<a href="https://t.example/p.png">t</a></p>'),
        ("# Not a heading", "<p># Not a heading</p>"),
    ],
)
def test_editors_markdown_keeps_links_and_sets_no_attribute(markdown_text, expected):
    assert EditorMarkdown(raw_html=False)(markdown_text) == expected


@pytest.mark.parametrize(
    "edition, expected",
    [
        (Edition("Site", "https://e.org/b/"), "Author, “T”, Site, 2 March 2026. https://e.org/b/articles/s/. Annotated edition of: Src, 1 May 2015, https://s.org/."),
        (Edition(), "Author, “T”, 2 March 2026. Annotated edition of: Src, 1 May 2015, https://s.org/."),
    ],
)
def test_citation(edition, expected):
    from build_tools.model import Article, Source

    article = Article(slug="s", title="T", source=Source("Src", "https://s.org/", "2015-05-01", "Author"), sections=(), published="2026-03-02")
    assert citation(article, edition) == expected


@pytest.mark.parametrize("iso, expected", [("2026-11-28", "28 November 2026"), ("2015-01-01", "1 January 2015"), ("spring 2015", "spring 2015")])
def test_long_date(iso, expected):
    assert long_date(iso) == expected


def test_the_edition_comes_from_the_environment_and_mkdocs_yml(tmp_path):
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: !ENV [NAME, 'A briefing']\nsite_url: !ENV [SITE_URL, '']\n", encoding="utf-8")
    assert edition_from_environment(config, SITE_URL, {}) is None
    assert edition_from_environment(config, "", {"BRIEFING_PDF": "1"}) == Edition("A briefing", "")
    assert edition_from_environment(config, SITE_URL, {"BRIEFING_PDF": "1"}) == Edition("A briefing", SITE_URL)
    assert edition_from_environment(tmp_path / "none.yml", "", {"BRIEFING_PDF": "1"}) == Edition("", "")


# --- hostile seeds ----------------------------------------------------------------------------

ALLOWED_IDS = re.compile(r"s\d+|s\d+-p\d+|note-\d+|entity-[a-z0-9-]+|named|citation")


def test_hostile_seeds_print_as_text():
    hostile = generate(ROOT / "tests" / "hostile", ROOT / "templates", edition=Edition())
    for article in hostile.briefing.articles:
        soup = BeautifulSoup(article_html(hostile.briefing, article, Edition(), html_environment(LOADER)), "html.parser")
        assert not soup.find_all(["script", "img", "svg", "iframe", "object", "link", "h3", "h4"])
        attributes = [(tag.name, name) for tag in soup.find_all(True) for name in tag.attrs]
        assert [pair for pair in attributes if pair[1] not in ("id", "class", "href", "lang", "charset", "name", "content")] == []
        assert all(ALLOWED_IDS.fullmatch(tag["id"]) for tag in soup.find_all(id=True))
        assert [a["href"] for a in soup.find_all(href=True) if not a["href"].startswith(("#", "https://"))] == []
        assert soup.title.string == article.title  # the title, as text
        assert hostile.files[pdf_path(article.slug)].startswith(b"%PDF-")


def test_the_pdf_reads_neither_a_file_nor_the_network(tmp_path):
    """Where glossary.yml allows raw HTML, an editor could name a file or an address: WeasyPrint reads none."""
    (tmp_path / "loaded.css").write_text('body::before { content: "STYLESHEET LOADED" }', encoding="utf-8")
    (tmp_path / "page.html").write_text("<p>IMAGE LOADED</p>", encoding="utf-8")
    html = (
        f'<html><head><link rel="stylesheet" href="{(tmp_path / "loaded.css").as_uri()}"></head><body><p>Text</p>'
        f'<img src="{(tmp_path / "page.html").as_uri()}" alt=""><object data="{(tmp_path / "page.html").as_uri()}"></object>'
        '<img src="http://127.0.0.1:9/pixel.png" alt=""></body></html>'
    )
    text = text_of(to_pdf(html), tmp_path)
    assert text.split() == ["Text"]


# --- make pdf: the site with the PDFs ----------------------------------------------------------


@pytest.fixture(scope="module")
def printed_site(tmp_path_factory) -> Path:
    """The site as `make pdf` builds it (BRIEFING_PDF=1, SITE_URL set), in a project of its own."""
    project = make_project(tmp_path_factory.mktemp("printed"), ROOT / "seeds")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BRIEFING_PDF", "1")
        patch.setenv("SITE_URL", SITE_URL)
        assert mkdocs_build(project) == []
    return project / "site"


def test_make_pdf_puts_each_pdf_beside_its_page_and_the_page_links_it(printed_site, printed):
    pdf = printed_site / pdf_path(SLUG)
    assert pdf.read_bytes() == printed[0]
    soup = BeautifulSoup((printed_site / "articles" / SLUG / "index.html").read_text(encoding="utf-8"), "html.parser")
    link = soup.select_one("p.briefing-pdf > a")
    assert link["href"] == f"../{SLUG}.pdf"
    assert link.get_text() == f"Printed edition (PDF, {round(len(printed[0]) / 1024)} KB)"
    assert (printed_site / "articles" / SLUG / link["href"]).resolve() == pdf.resolve()


def test_a_site_built_without_make_pdf_neither_has_nor_links_a_pdf(built_site):
    assert not list(built_site.rglob("*.pdf"))
    soup = BeautifulSoup((built_site / "articles" / SLUG / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.select(".briefing-pdf") == []
    assert not [a["href"] for a in soup.find_all("a", href=True) if a["href"].endswith(".pdf")]


# --- the web page in print (Chromium) ----------------------------------------------------------

# What only works on a screen: Material's header, tabs, sidebars (the nav and the table of contents),
# search, footer and back-to-top button; the briefing's Copy link / Cite tools, card, heading permalinks
# and the link to the PDF.
SCREEN_ONLY = [
    ".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-search", ".md-footer", ".md-top",
    ".md-skip", ".briefing-tools", "a.headerlink", ".briefing-pdf", ".actor-map__table",
]


@pytest.fixture(scope="module")
def printed_server(printed_site):
    from .conftest import serving

    with serving(printed_site) as address:
        yield address


def shown(page, selector: str) -> int:
    """How many elements the selector finds that take room on the page (display and visibility, as printed)."""
    return page.evaluate(
        """selector => [...document.querySelectorAll(selector)].filter(e => {
            const style = getComputedStyle(e);
            return style.display !== "none" && style.visibility !== "hidden" && e.getClientRects().length > 0;
        }).length""",
        selector,
    )


def test_the_printed_web_page_shows_the_text_and_notes_and_no_screen_chrome(browser, printed_server, article, tmp_path):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{printed_server}articles/{SLUG}/")
    page.wait_for_load_state("networkidle")
    page.locator(".briefing-paragraph").first.hover()  # the tools of the first passage show on screen
    on_screen = {selector: shown(page, selector) for selector in SCREEN_ONLY}
    assert [selector for selector, count in on_screen.items() if count == 0] == []  # each is there to hide
    page.emulate_media(media="print")
    assert {selector: shown(page, selector) for selector in SCREEN_ONLY} == dict.fromkeys(SCREEN_ONLY, 0)
    assert shown(page, ".briefing-note") == len(article.notes)
    assert shown(page, ".briefing-anchor") == len(article.paragraphs)  # the addresses stay
    after = page.evaluate("""[...document.querySelectorAll("article a[href]")].map(a => getComputedStyle(a, "::after").content)""")
    assert set(after) <= {"none", "normal", '""'}  # no link target printed after its link
    (tmp_path / "page.pdf").write_bytes(page.pdf())
    context.close()
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(tmp_path / "page.pdf"), "-"], capture_output=True, text=True, check=True).stdout
    flat = " ".join(text.split())
    assert "presidential election of Kazakhstan will be hold prematurely" in flat
    assert "Correction. The source reads “will be hold prematurely”." in flat
    for chrome in ("Copy link", "Cite", "Search", "Skip to content", "Printed edition", "Back to top", "Glossary Actor map"):
        assert chrome not in flat, chrome


def test_the_inputs_digest_counts_the_edition(monkeypatch):
    """A build with BRIEFING_PDF never takes docs/ of a build without it for up to date, nor the reverse."""
    from build_tools.build import fingerprint

    monkeypatch.delenv("BRIEFING_PDF", raising=False)
    plain = fingerprint(ROOT / "seeds", ROOT / "templates", SITE_URL)
    monkeypatch.setenv("BRIEFING_PDF", "1")
    assert fingerprint(ROOT / "seeds", ROOT / "templates", SITE_URL) != plain


@pytest.mark.parametrize(
    "text, expected",
    [
        ("See https://e.org/a. Then", 'See <a class="url" href="https://e.org/a">https://e.org/a</a>. Then'),
        ("(https://e.org/?a=1&b=<2>)", '(<a class="url" href="https://e.org/?a=1&amp;b=&lt;2&gt;">https://e.org/?a=1&amp;b=&lt;2&gt;</a>)'),
        ("no <link>", "no &lt;link&gt;"),
    ],
)
def test_with_links(text, expected):
    assert with_links(text) == expected
