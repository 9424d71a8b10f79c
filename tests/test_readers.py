"""The format readers: what each takes from a web page, PDF, Word file or text, and the document's own metadata."""
from __future__ import annotations

import datetime
import io
from pathlib import Path

import pytest

from build_tools.errors import BriefingError
from build_tools.readers import HTML, PDF, TEXT, WORD, Block, read_document, read_html, read_pdf, read_text

FIXTURES = Path(__file__).parent / "fixtures" / "import"
BOILERPLATE = ("cookies", "Home", "World", "Related", "Drought", "Subscribe", "Privacy", "Contact")


def test_a_web_page_gives_its_article_alone_with_headings_and_list_items_as_blocks():
    document = read_document(FIXTURES / "page.html")
    assert document.kind == HTML
    assert document.blocks[:3] == (
        Block("Rivers Agree on a Shared Water Plan", heading=True),
        Block("Five upstream and downstream states signed a plan on Monday to share the water of two rivers that feed the region's farms, ending a decade of quarrels over dams and canals."),
        Block("The plan sets seasonal quotas, a joint commission and a fund for repairing irrigation channels, which lose almost half of the water they carry before it reaches a field."),
    )
    assert [b.text for b in document.blocks if b.heading] == ["Rivers Agree on a Shared Water Plan", "What the quotas say", "Who pays for the repairs"]
    assert Block("Upstream states may fill their reservoirs only between October and March.") in document.blocks
    assert Block("Downstream states report their withdrawals every month to the commission.") in document.blocks
    text = " ".join(b.text for b in document.blocks)
    assert [word for word in BOILERPLATE if word in text] == []


def test_a_web_page_gives_its_metadata_from_its_meta_tags():
    metadata = read_document(FIXTURES / "page.html").metadata
    assert (metadata.title, metadata.site, metadata.url, metadata.published, metadata.author) == (
        "Rivers Agree on a Shared Water Plan", "The Basin Gazette", "https://gazette.example.org/2024/05/06/water-plan/", "2024-05-06", "Amina Sultanova",
    )
    assert dict(metadata.origin)["published"] == "the article:published_time meta tag"


ARTICLE = "".join(f"<p>Paragraph {n} of the story tells what the council decided about the harbour, the ferries and the fish market.</p>" for n in range(1, 8))


def test_a_web_page_without_meta_tags_gives_its_json_ld():
    page = (
        "<html><head><title>Harbour plan | Coast News</title>"
        '<script type="application/ld+json">{"@context": "https://schema.org", "@graph": [{"@type": "NewsArticle", '
        '"headline": "The council approves the harbour plan", "datePublished": "2023-11-02T08:00:00Z", '
        '"author": [{"@type": "Person", "name": "Lena Ortiz"}, {"@type": "Person", "name": "Ali Karimov"}], '
        '"publisher": {"@type": "Organization", "name": "Coast News"}}]}</script>'
        f"</head><body><article>{ARTICLE}</article></body></html>"
    )
    metadata = read_html("story.html", page.encode()).metadata
    assert (metadata.title, metadata.site, metadata.published, metadata.author) == (
        "The council approves the harbour plan", "Coast News", "2023-11-02", "Lena Ortiz, Ali Karimov",
    )


def test_a_word_file_that_unpacks_past_the_limit_is_refused_before_it_is_read(tmp_path):
    import io
    import zipfile

    from build_tools.errors import BriefingError
    from build_tools.seeds import MAX_SEED_BYTES

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b" " * (MAX_SEED_BYTES + 1))  # a few hundred kB packed
    bomb = tmp_path / "bomb.docx"
    bomb.write_bytes(buffer.getvalue())
    with pytest.raises(BriefingError) as raised:
        read_document(bomb)
    assert str(raised.value.problems[0]).endswith("the Word file unpacks to 100 MB, more than the 100 MB import reads")


def test_json_ld_nested_past_reason_is_ignored_not_a_crash():
    deep = "[" * 100_000 + "]" * 100_000  # deeper than Python's JSON decoder goes
    graph = '{"@graph": ' * 50 + '{"headline": "Too deep"}' + "}" * 50  # deeper than JSON-LD nests
    page = (
        f'<html><head><title>Harbour plan</title><script type="application/ld+json">{deep}</script>'
        f'<script type="application/ld+json">{graph}</script></head><body><article>{ARTICLE}</article></body></html>'
    )
    document = read_html("story.html", page.encode())
    assert document.metadata.title == "Harbour plan" and "Paragraph 7" in " ".join(b.text for b in document.blocks)


def test_a_pdf_gives_its_lines_page_by_page_and_a_browsers_pdf_no_publication_date():
    document = read_document(FIXTURES / "report.pdf")
    assert document.kind == PDF
    assert len(document.pages) == 3 and document.pages[0] == 0
    assert document.lines[0] == "The Shared Water Plan in Six Readings"
    assert any(line.startswith("In the first reading, five upstream") for line in document.lines)
    assert document.metadata.title == "The Shared Water Plan in Six Readings"
    assert document.metadata.published == ""  # its creation date is when Chromium printed it


def with_info(**info: str) -> bytes:
    import pypdf

    writer = pypdf.PdfWriter(clone_from=str(FIXTURES / "report.pdf"))
    writer.add_metadata({f"/{key}": value for key, value in info.items()} | {"/Producer": "pypdf", "/Creator": "Writer"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_pdf_gives_its_document_info():
    metadata = read_pdf("report.pdf", with_info(Title="Water in Six Readings", Author="Basin Institute", CreationDate="D:20240506093000+05'00'")).metadata
    assert (metadata.title, metadata.author, metadata.published) == ("Water in Six Readings", "Basin Institute", "2024-05-06")
    assert dict(metadata.origin) == {"title": "the PDF's /Title", "author": "the PDF's /Author", "published": "the PDF's /CreationDate"}


XMP = b"""<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/">
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">Water in Six Readings</rdf:li></rdf:Alt></dc:title>
<dc:creator><rdf:Seq><rdf:li>Lena Ortiz</rdf:li><rdf:li>Ali Karimov</rdf:li></rdf:Seq></dc:creator>
<dc:publisher><rdf:Bag><rdf:li>Basin Institute</rdf:li></rdf:Bag></dc:publisher>
<xmp:CreateDate>2024-05-06T09:30:00+05:00</xmp:CreateDate>
</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>"""


def test_a_pdf_gives_its_xmp_before_its_document_info():
    import pypdf
    from pypdf.generic import NameObject, StreamObject

    writer = pypdf.PdfWriter(clone_from=str(FIXTURES / "report.pdf"))
    writer.add_metadata({"/Title": "The info's title", "/Author": "The info's author", "/Producer": "pypdf", "/Creator": "Writer"})
    packet = StreamObject()
    packet.set_data(XMP)
    packet.update({NameObject("/Type"): NameObject("/Metadata"), NameObject("/Subtype"): NameObject("/XML")})
    writer._root_object[NameObject("/Metadata")] = writer._add_object(packet)
    out = io.BytesIO()
    writer.write(out)
    metadata = read_pdf("report.pdf", out.getvalue()).metadata
    assert (metadata.title, metadata.author, metadata.site, metadata.published) == (
        "Water in Six Readings", "Lena Ortiz, Ali Karimov", "Basin Institute", "2024-05-06",
    )
    assert dict(metadata.origin)["title"] == "XMP dc:title"


def word_file(path: Path, title: str = "The Harbour Plan", author: str = "Lena Ortiz") -> Path:
    import docx

    document = docx.Document()
    document.core_properties.title, document.core_properties.author = title, author
    document.core_properties.created = datetime.datetime(2023, 11, 2, 8, 0)
    document.add_paragraph("The Harbour Plan", style="Title")
    document.add_paragraph("The council approved the plan on Thursday after a long debate.")
    document.add_heading("The ferries", level=1)
    document.add_paragraph("Two new ferries will serve the islands from the spring.")
    document.add_paragraph("A ferry every hour in summer", style="List Bullet")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Cost", "12 million"
    document.add_heading("The market", level=2)
    document.add_paragraph("The fish market moves to the old customs house.")
    document.save(str(path))
    return path


def test_a_word_file_gives_its_paragraphs_headings_tables_and_properties(tmp_path):
    document = read_document(word_file(tmp_path / "plan.docx"))
    assert document.kind == WORD
    assert document.blocks == (
        Block("The Harbour Plan", heading=True),
        Block("The council approved the plan on Thursday after a long debate."),
        Block("The ferries", heading=True),
        Block("Two new ferries will serve the islands from the spring."),
        Block("A ferry every hour in summer"),
        Block("Cost 12 million"),
        Block("The market", heading=True),
        Block("The fish market moves to the old customs house."),
    )
    metadata = document.metadata
    assert (metadata.title, metadata.author, metadata.published) == ("The Harbour Plan", "Lena Ortiz", "2023-11-02")


def test_a_text_file_is_read_as_lines_with_pages_at_form_feeds():
    document = read_text("a.txt", "One line\nand another\n\fThe next page\n".encode())
    assert document.kind == TEXT
    assert document.lines == ("One line", "and another", "", "The next page")
    assert document.pages == (0, 3)


def test_a_text_file_that_is_not_utf8_is_refused_where_the_byte_is():
    with pytest.raises(BriefingError) as caught:
        read_text("a.txt", b"caf\xc3\xa9\nna\xefve\n")
    assert str(caught.value.problems[0]) == "a.txt:2:3: invalid UTF-8 at byte offset 8 (byte 0xef); save the file as UTF-8"
