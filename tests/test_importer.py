"""`python -m build_tools import`: the seeds it writes, what it reports, what it refuses, and import then build."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from build_tools.build import generate
from build_tools.importer import FIRST_SECTION, Section, compose, import_file, slug_of
from build_tools.readers import HTML, Document, Metadata, read_document

from .conftest import ROOT, run_cli
from .test_readers import FIXTURES, word_file

PAGE_WORDS = (
    "Five upstream and downstream states signed a plan on Monday to share the water of two rivers that feed the region's farms, "
    "ending a decade of quarrels over dams and canals. The plan sets seasonal quotas, a joint commission and a fund for repairing "
    "irrigation channels, which lose almost half of the water they carry before it reaches a field. What the quotas say Each state "
    "receives a share of the flow measured at the border gauges, adjusted every spring after the snow survey. In dry years the shares "
    "shrink together, so that no state bears the shortage alone. Upstream states may fill their reservoirs only between October and "
    "March. Downstream states report their withdrawals every month to the commission. Who pays for the repairs The fund starts with "
    "contributions from every signatory and a loan from a regional development bank. Its first projects line the oldest canals with "
    "concrete and replace open ditches with pipes. Farmers' associations welcomed the plan but asked for a seat on the commission, "
    "saying that decisions about water are decisions about their harvests."
).split()

# A page pasted out of a PDF: a running header, hard-wrapped lines with split words, a page number at each page's foot.
MESSY_PAGE = [
    "The commission met on {day} in the capital to settle the quotas for the",
    "coming season, and the delegates agreed that dry years would be shared by",
    "every state alike. The chair said the survey of the {what} would be pub-",
    "lished in {month}.",
]
PAGE_WORDS_BY_PAGE = [("Monday", "snow", "March"), ("Tuesday", "rivers", "April"), ("Friday", "canals", "June")]


def messy_text() -> tuple[str, list[str]]:
    """A messy extraction of three pages and the lines of text it holds."""
    lines, kept = [], []
    for page, (day, what, month) in enumerate(PAGE_WORDS_BY_PAGE, start=1):
        text = [line.format(day=day, what=what, month=month) for _ in range(4) for line in MESSY_PAGE]
        lines += ["BASIN COMMISSION BULLETIN", *text, f"Page {page} of 3"]
        kept += text
    return "\n".join(lines) + "\n", kept


def built_words(seeds: Path, slug: str) -> list[str]:
    """The words of the built article: section titles that came from headings, then each paragraph (after reflow)."""
    article = next(a for a in generate(seeds, ROOT / "templates").briefing.articles if a.slug == slug)
    words: list[str] = []
    for section in article.sections:
        if section.title not in (FIRST_SECTION, "Full text"):
            words += section.title.split()
        for paragraph in section.paragraphs:
            words += paragraph.text.split()
    return words


# --- what each kind of document becomes -----------------------------------------------------------


def test_a_web_page_becomes_a_seed_with_its_sections_metadata_and_the_article_alone(tmp_path):
    seed, written = import_file(FIXTURES / "page.html", tmp_path)
    assert seed.slug == "rivers-agree-on-a-shared-water-plan"
    assert [p.name for p in written] == ["glossary.yml", f"{seed.slug}.txt", f"{seed.slug}.yml"]
    meta = yaml.safe_load((tmp_path / f"{seed.slug}.yml").read_text(encoding="utf-8"))
    assert meta == {
        "title": "Rivers Agree on a Shared Water Plan",
        "source": {
            "name": "The Basin Gazette", "url": "https://gazette.example.org/2024/05/06/water-plan/",
            "published": "2024-05-06", "author": "Amina Sultanova",
        },
        "sections": [
            {"title": "Introduction"},
            {"title": "What the quotas say", "starts": "Each state receives"},
            {"title": "Who pays for the repairs", "starts": "The fund starts"},
        ],
    }
    text = (tmp_path / f"{seed.slug}.txt").read_text(encoding="utf-8")
    assert text.split("\n\n")[3] == "Upstream states may fill their reservoirs only between October and March."
    assert built_words(tmp_path, seed.slug) == PAGE_WORDS


def test_the_yml_begins_with_a_comment_of_where_each_value_came_from_and_what_was_removed(tmp_path):
    seed, _ = import_file(FIXTURES / "page.html", tmp_path)
    comment = [line for line in seed.meta.split("\n") if line.startswith("#")]
    assert comment == [
        "# Imported by `python -m build_tools import` from page.html (web page).",
        "# title: from the og:title meta tag",
        "# url: from <link rel=canonical>",
        "# published: from the article:published_time meta tag",
        "# author: from the author meta tag",
        "# source name: from the og:site_name meta tag",
        "# Removed 1 line(s) of the document (import --keep-furniture keeps them):",
        "# 1 title, such as 'Rivers Agree on a Shared Water Plan'",
    ]


def test_messy_text_loses_its_furniture_and_keeps_every_other_line_as_it_is(tmp_path):
    text, kept = messy_text()
    (tmp_path / "bulletin.txt").write_text(text, encoding="utf-8")
    seed, _ = import_file(tmp_path / "bulletin.txt", tmp_path / "seeds", slug="bulletin")
    assert seed.text == "\n".join(kept) + "\n"
    assert seed.meta.startswith(
        "# Imported by `python -m build_tools import` from bulletin.txt (text).\n"
        "# title: the document gives none; its running header was written: check it\n"
        "# source name: the document gives none; the file's name was written: check it\n"
        "# Removed 6 line(s) of the document (import --keep-furniture keeps them):\n"
        "# 3 page numbers, such as line 18: 'Page 1 of 3'\n"
        "# 3 running headers, such as line 1: 'BASIN COMMISSION BULLETIN'\n"
        "title: BASIN COMMISSION BULLETIN\n"
    )
    expected = " ".join(kept).replace("pub- lished", "published").split()  # reflow rejoins the split word
    assert built_words(tmp_path / "seeds", "bulletin") == expected


def test_keep_furniture_keeps_every_line(tmp_path):
    text, _ = messy_text()
    (tmp_path / "bulletin.txt").write_text(text, encoding="utf-8")
    seed, _ = import_file(tmp_path / "bulletin.txt", tmp_path / "seeds", slug="bulletin", keep_furniture=True)
    assert seed.text == text and seed.removed == ()


def test_a_pdf_loses_its_browser_margins_and_title_and_keeps_its_words(tmp_path):
    seed, _ = import_file(FIXTURES / "report.pdf", tmp_path)
    assert [(t.kind, t.line) for t in seed.removed][:3] == [("title", 1), ("browser margin", 28), ("browser margin", 29)]
    assert len(seed.removed) == 7  # the title, and a date-and-title header and an address-and-page footer on each of 3 pages
    source = BeautifulSoup((FIXTURES / "report.html").read_text(encoding="utf-8"), "html.parser")
    assert built_words(tmp_path, seed.slug) == " ".join(p.get_text() for p in source.select("p")).split()
    assert "12/1/26" not in seed.text and "file://" not in seed.text


def test_a_word_file_becomes_a_seed_with_its_headings_as_sections(tmp_path):
    seed, _ = import_file(word_file(tmp_path / "plan.docx"), tmp_path / "seeds")
    meta = yaml.safe_load(seed.meta)
    assert meta["title"] == "The Harbour Plan"
    assert meta["source"] == {"name": "Lena Ortiz", "published": "2023-11-02", "author": "Lena Ortiz"}
    assert meta["sections"] == [
        {"title": "Introduction"},
        {"title": "The ferries", "starts": "Two new ferries"},
        {"title": "The market", "starts": "The fish market"},
    ]
    assert "# source name: from the file's Author property (the author; the document names no publisher)" in seed.meta
    assert built_words(tmp_path / "seeds", seed.slug) == (
        "The council approved the plan on Thursday after a long debate. The ferries Two new ferries will serve the islands "
        "from the spring. A ferry every hour in summer Cost 12 million The market The fish market moves to the old customs house."
    ).split()


@pytest.mark.parametrize(
    ("blocks", "sections", "paragraphs"),
    [
        # a heading first starts the first section; one followed by a heading or by nothing stays in the text
        ([("A", True), ("One two three four.", False), ("B", True), ("C", True), ("Five six seven.", False), ("D", True)],
         [Section("A"), Section("C", "Five six seven.")], ["One two three four.", "B", "Five six seven.", "D"]),
        # a paragraph whose every opening another paragraph holds keeps its heading as a paragraph
        ([("Same words here.", False), ("H", True), ("Same words", False)],
         [], ["Same words here.", "H", "Same words"]),
    ],
)
def test_headings_become_sections_where_a_quote_names_their_paragraph(blocks, sections, paragraphs):
    from build_tools.readers import Block

    document = Document("a.html", HTML, Metadata(title="T"), blocks=tuple(Block(text, heading) for text, heading in blocks))
    seed = compose(document)
    assert list(seed.sections) == sections
    assert seed.text == "\n\n".join(paragraphs) + "\n"


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Rivers Agree on a Shared Water Plan", "rivers-agree-on-a-shared-water-plan"),
        ("Readout of President Biden’s Meeting with the C5+1 Leaders", "readout-of-president-bidens-meeting-with-the-c5-1-leaders"),
        ("Qazaqstan: Ақорда and Élysée", "qazaqstan-and-elysee"),
        ("A " * 40, "a-" * 31 + "a"),
        ("Ақорда", ""),
    ],
)
def test_a_slug_is_made_from_the_title(title, slug):
    assert slug_of(title) == slug


# --- untrusted values ------------------------------------------------------------------------------


HOSTILE_TITLE = "x: y\n- z # not a comment\x1b[2J 'quoted' \"double\" &anchor *alias !!python/object:os.system"


def test_values_from_the_document_are_data_in_the_yml_and_the_build_accepts_them(tmp_path):
    metadata = Metadata(title=HOSTILE_TITLE, site="null", author="yes", published="2024-05-06", url="https://a.example/?q=1#x: y")
    document = Document("page.html", HTML, metadata, blocks=(read_document(FIXTURES / "page.html").blocks[1],))
    seed = compose(document, slug="hostile")
    meta = yaml.safe_load(seed.meta)
    assert meta["title"] == "x: y - z # not a comment[2J 'quoted' \"double\" &anchor *alias !!python/object:os.system"
    assert meta["source"] == {"name": "null", "url": "https://a.example/?q=1#x: y", "published": "2024-05-06", "author": "yes"}
    from build_tools.importer import write_seed

    write_seed(seed, tmp_path)
    article = generate(tmp_path, ROOT / "templates").briefing.articles[0]
    assert (article.title, article.source.name, article.source.author) == (meta["title"], "null", "yes")


# --- refusals, with their messages ---------------------------------------------------------------


def refusal(*args: str) -> str:
    result = run_cli("import", *args)
    assert result.returncode == 1, result.stdout
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    return result.stderr


def test_an_existing_seed_is_not_replaced_without_force(tmp_path):
    seeds = tmp_path / "seeds"
    first = run_cli("import", str(FIXTURES / "page.html"), "--seeds", str(seeds))
    assert first.returncode == 0, first.stderr
    before = (seeds / "rivers-agree-on-a-shared-water-plan.txt").read_text(encoding="utf-8")
    (seeds / "rivers-agree-on-a-shared-water-plan.txt").write_text("edited\n", encoding="utf-8")
    assert refusal(str(FIXTURES / "page.html"), "--seeds", str(seeds)) == (
        f"{seeds}/rivers-agree-on-a-shared-water-plan.txt: a seed of this name exists already; pass --force to replace it, "
        "or --slug to choose another name\n1 error found; nothing was imported.\n"
    )
    assert (seeds / "rivers-agree-on-a-shared-water-plan.txt").read_text(encoding="utf-8") == "edited\n"
    again = run_cli("import", str(FIXTURES / "page.html"), "--seeds", str(seeds), "--force")
    assert again.returncode == 0, again.stderr
    assert (seeds / "rivers-agree-on-a-shared-water-plan.txt").read_text(encoding="utf-8") == before


def test_an_unsupported_type_is_refused(tmp_path):
    (tmp_path / "notes.odt").write_bytes(b"PK\x03\x04")
    assert refusal(str(tmp_path / "notes.odt"), "--seeds", str(tmp_path / "seeds")) == (
        f"{tmp_path}/notes.odt: unsupported file type '.odt': import reads .html, .htm, .pdf, .docx and .txt\n1 error found; nothing was imported.\n"
    )
    assert not (tmp_path / "seeds").exists()


def test_a_pdf_without_a_text_layer_is_refused(tmp_path):
    import pypdf

    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.write(str(tmp_path / "scan.pdf"))
    assert refusal(str(tmp_path / "scan.pdf"), "--seeds", str(tmp_path / "seeds")) == (
        f"{tmp_path}/scan.pdf: no text layer: it needs OCR first (for example ocrmypdf IN OUT), then import the result\n"
        "1 error found; nothing was imported.\n"
    )


def test_an_encrypted_pdf_is_refused(tmp_path):
    import pypdf

    writer = pypdf.PdfWriter(clone_from=str(FIXTURES / "report.pdf"))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    writer.write(str(tmp_path / "locked.pdf"))
    assert refusal(str(tmp_path / "locked.pdf"), "--seeds", str(tmp_path / "seeds")) == (
        f"{tmp_path}/locked.pdf: the PDF is encrypted: import it once its password is removed (qpdf --decrypt IN OUT)\n"
        "1 error found; nothing was imported.\n"
    )


def _damaged_word_file(path: Path, document_xml: bytes | None = None) -> Path:
    """A Word file whose document part is the given XML, or, without it, whose compressed document part is garbled."""
    import zipfile

    import docx

    docx.Document().save(str(path))
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    if document_xml is not None:
        parts["word/document.xml"] = document_xml
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data if name != "word/document.xml" or document_xml is not None else data * 50)
    if document_xml is None:
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo("word/document.xml")
        data = bytearray(path.read_bytes())
        start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
        data[start + 10:start + 40] = b"\xff" * 30  # inside the deflate stream: zlib fails before the CRC is checked
        path.write_bytes(bytes(data))
    return path


_WORD = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_LAUGHS = b'<!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">' + b"".join(
    b'<!ENTITY %c "%s">' % (98 + level, b"&%c;" % (97 + level) * 10) for level in range(8)
) + b"]>"


@pytest.mark.parametrize(
    ("document_xml", "message"),
    [
        (b'<?xml version="1.0"?><w:document ' + _WORD + b"><w:body><w:p>", "the Word file cannot be read: its XML is damaged (Premature end of data in tag p line 1, line 1, column 118)"),
        (
            b'<?xml version="1.0"?>' + _LAUGHS + b"<w:document " + _WORD + b"><w:body><w:p><w:r><w:t>&i;</w:t></w:r></w:p></w:body></w:document>",
            "the Word file cannot be read: its XML is damaged (Maximum entity amplification factor exceeded, see xmlCtxtSetMaxAmplification., line 1, column 4)",
        ),
        (None, "the Word file cannot be read: its compressed data is damaged"),
    ],
    ids=["truncated XML", "entities that expand a billion times", "a garbled deflate stream"],
)
def test_a_damaged_word_file_is_refused_not_a_crash(tmp_path, document_xml, message):
    path = _damaged_word_file(tmp_path / "damaged.docx", document_xml)
    assert refusal(str(path), "--seeds", str(tmp_path / "seeds")) == f"{path}: {message}\n1 error found; nothing was imported.\n"
    assert not (tmp_path / "seeds").exists()


def test_a_pdf_whose_stream_inflates_past_pypdfs_limit_is_refused_not_a_crash(tmp_path):
    import zlib

    text = b"BT /F1 12 Tf 72 712 Td (Hello) Tj ET\n"
    bomb = zlib.compress(b"0 0 m " * 15_000_000, 9)  # 90 MB of drawing from about 90 kB
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents [4 0 R 5 0 R] /Resources << /Font << /F1 6 0 R >> >> >>",
        b"<< /Length %d >>stream\n%s\nendstream" % (len(text), text),
        b"<< /Length %d /Filter /FlateDecode >>stream\n%s\nendstream" % (len(bomb), bomb),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    pdf, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1) + b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    (tmp_path / "bomb.pdf").write_bytes(bytes(pdf))
    message = refusal(str(tmp_path / "bomb.pdf"), "--seeds", str(tmp_path / "seeds"))
    assert message.startswith(f"{tmp_path}/bomb.pdf: the PDF cannot be read: Limit reached while decompressing")
    assert message.endswith("\n1 error found; nothing was imported.\n")


@pytest.mark.parametrize("character", ["\x01", "\x13", "\x1f"])
def test_a_web_page_with_a_control_character_in_its_article_keeps_its_article(tmp_path, character):
    page = (FIXTURES / "report.html").read_bytes()
    at = page.index(b"<p>In the third reading") + len(b"<p>In the")
    (tmp_path / "report.html").write_bytes(page[:at] + character.encode() + page[at:])
    result = run_cli("import", str(tmp_path / "report.html"), "--seeds", str(tmp_path / "seeds"), "--slug", "report")
    assert result.returncode == 0, result.stderr
    text = (tmp_path / "seeds" / "report.txt").read_text(encoding="utf-8")
    assert "In the third reading, farmers' associations" in text and character not in text


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.html", b"<html><head><title>Nothing</title></head><body><nav><a href='/'>Home</a></nav></body></html>",
         "nothing to import: the web page holds no text"),
        ("blank.txt", b"\n  \n\n", "nothing to import: the text file holds no text"),
        ("numbers.txt", "\n".join(["Page 1 of 2", *[""] * 12, "Page 2 of 2"]).encode(), "nothing to import: the text file holds no text once its furniture is removed"),
    ],
)
def test_a_document_with_nothing_to_import_is_refused(tmp_path, name, content, message):
    (tmp_path / name).write_bytes(content)
    assert refusal(str(tmp_path / name), "--seeds", str(tmp_path / "seeds"), "--slug", "x") == f"{tmp_path}/{name}: {message}\n1 error found; nothing was imported.\n"


def test_a_text_that_is_not_utf8_is_refused_at_its_line_and_column(tmp_path):
    (tmp_path / "latin.txt").write_bytes(b"First line\nna\xefve text\n")
    assert refusal(str(tmp_path / "latin.txt"), "--seeds", str(tmp_path / "seeds")) == (
        f"{tmp_path}/latin.txt:2:3: invalid UTF-8 at byte offset 13 (byte 0xef); save the file as UTF-8\n1 error found; nothing was imported.\n"
    )


def test_a_bad_slug_is_refused(tmp_path):
    assert refusal(str(FIXTURES / "page.html"), "--seeds", str(tmp_path), "--slug", "Not A Slug") == (
        f"{FIXTURES}/page.html: --slug 'Not A Slug' must be lower-case letters, digits and single hyphens, at most 64 characters\n"
        "1 error found; nothing was imported.\n"
    )


# --- the command and the two-command path --------------------------------------------------------------


def test_the_command_prints_what_it_removed_and_wrote(tmp_path):
    text, _ = messy_text()
    (tmp_path / "bulletin.txt").write_text(text, encoding="utf-8")
    result = run_cli("import", str(tmp_path / "bulletin.txt"), "--seeds", str(tmp_path / "seeds"), "--slug", "bulletin")
    assert result.returncode == 0, result.stderr
    seeds = tmp_path / "seeds"
    assert result.stdout == (
        "removed 6 lines (--keep-furniture keeps them):\n"
        "  3 page numbers, such as line 18: 'Page 1 of 3'\n"
        "  3 running headers, such as line 1: 'BASIN COMMISSION BULLETIN'\n"
        "title: the document gives none; its running header was written: check it\n"
        "source name: the document gives none; the file's name was written: check it\n"
        f"wrote {seeds}/glossary.yml, {seeds}/bulletin.txt, {seeds}/bulletin.yml\n"
    )


def _project_without_seeds(project: Path) -> Path:
    """A project sharing this one's code and templates, whose seeds/ the import will make."""
    project.mkdir()
    for shared in ("build_tools", "templates"):
        (project / shared).symlink_to(ROOT / shared)
    for name in ("mkdocs.yml", "Makefile", "requirements.txt"):
        shutil.copy(ROOT / name, project / name)
    (project / "docs").mkdir()
    return project


def test_import_then_the_site_builds_and_the_page_holds_the_documents_words(tmp_path):
    project = _project_without_seeds(tmp_path / "project")
    imported = run_cli("import", str(FIXTURES / "page.html"), "--seeds", str(project / "seeds"))
    assert imported.returncode == 0, imported.stderr
    built = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=project, capture_output=True, text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, check=False, timeout=300,
    )
    assert built.returncode == 0, built.stderr
    assert "WARNING" not in built.stderr, built.stderr
    page = BeautifulSoup((project / "site/articles/rivers-agree-on-a-shared-water-plan/index.html").read_text(encoding="utf-8"), "html.parser")
    article = page.select_one("article")
    assert article.select_one("h1").get_text().rstrip("¶").strip() == "Rivers Agree on a Shared Water Plan"
    words = []
    for element in article.select("h2, p.briefing-paragraph"):
        if element.name == "h2":
            title = re.sub(r"^§\d+ ", "", element.get_text().rstrip("¶"))
            if title.startswith(("Introduction", "Who is connected", "Named in this article")) and title != "Who pays for the repairs":
                continue
            words += title.split()
        else:
            words += element.get_text().split()
    assert words == PAGE_WORDS


def test_import_then_make_site_gives_a_draft_briefing_of_the_document(tmp_path):
    """The editor's two commands on a document and no glossary: every name the text gives is
    marked and has a draft page, and the glossary lists them as not yet reviewed."""
    project = _project_without_seeds(tmp_path / "project")
    source = ROOT / "tests" / "fixtures" / "corpus" / "wh-2023-09-c5plus1-readout.txt"
    imported = run_cli("import", str(source), "--seeds", str(project / "seeds"), "--slug", "readout")
    assert imported.returncode == 0, imported.stderr
    built = subprocess.run(
        ["make", "-o", f"{sys.prefix}/.site-deps", "site", f"VENV={sys.prefix}"], cwd=project, capture_output=True, text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, check=False, timeout=300,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    added = re.search(r"briefing: (\d+) draft entries added", built.stdout + built.stderr)
    assert added and int(added.group(1)) >= 10, built.stdout + built.stderr
    article = BeautifulSoup((project / "site/articles/readout/index.html").read_text(encoding="utf-8"), "html.parser")
    marked = {span["data-entity"] for span in article.select("p.briefing-paragraph span.entity")}
    assert len(marked) >= 10
    index = BeautifulSoup((project / "site/glossary/index.html").read_text(encoding="utf-8"), "html.parser")
    assert "Not yet reviewed" in [h.get_text().rstrip("¶").strip() for h in index.select("h2")]
    for entity in marked:
        page = (project / "site" / "glossary" / entity / "index.html").read_text(encoding="utf-8")
        assert "The editors have not described" in page, entity
    glossary = json.loads((project / "site" / "glossary.json").read_text(encoding="utf-8"))
    assert {e["id"] for e in glossary["entities"] if e.get("draft")} >= marked


@pytest.mark.parametrize(
    "lines, expected",
    [
        (["a government-", "directed fund"], ["a government-directed fund"]),
        (["first-of-", "its-kind plan"], ["first-of-its-kind plan"]),
        (["a dash -", "then"], ["a dash -", "then"]),  # a dash, not a hyphen
        (["in 1990-", "1991"], ["in 1990-", "1991"]),  # reflow keeps it already
        (["ends-", ""], ["ends-", ""]),
    ],
)
def test_a_pdf_laid_out_as_html_keeps_the_hyphens_its_lines_end_in(lines, expected):
    from build_tools.importer import joined_at_real_hyphens

    assert list(joined_at_real_hyphens(lines)) == expected


def test_a_browsers_pdf_is_known_for_breaking_lines_only_at_real_hyphens():
    from build_tools.readers import read_document

    assert read_document(FIXTURES / "report.pdf").real_hyphens
