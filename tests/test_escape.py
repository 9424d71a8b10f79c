"""Escaping for each context: editors' Markdown keeps links and emphasis and sets nothing; link schemes
are read as a browser reads them; the safety net refuses what the neutraliser would let through."""
from __future__ import annotations

import markdown
import pytest
import yaml
from bs4 import BeautifulSoup

from build_tools import escape
from build_tools.escape import MARKDOWN_EXTENSIONS, editor_markdown, html_text, markup_problems, url_scheme

from .conftest import ROOT, mkdocs_yml


def rendered(text: str, raw_html: bool = False) -> BeautifulSoup:
    html = markdown.markdown(editor_markdown(text, raw_html), extensions=list(MARKDOWN_EXTENSIONS))
    return BeautifulSoup(html, "html.parser")


def test_the_extensions_are_those_of_mkdocs_yml():
    config = mkdocs_yml()
    names = [next(iter(item)) if isinstance(item, dict) else item for item in config["markdown_extensions"]]
    assert tuple(names) == MARKDOWN_EXTENSIONS


@pytest.mark.parametrize(
    "text, html",
    [
        ("A [link](https://example.org/#part) and *emphasis*.", '<p>A <a href="https://example.org/#part">link</a> and <em>emphasis</em>.</p>'),
        ("Lead { #para-1 }", "<p>Lead { #para-1 }</p>"),
        ('Text\n{: onclick="x" autofocus }', '<p>Text\n{: onclick="x" autofocus }</p>'),
        ("- item\n- {: #id }", "<ul>\n<li>item</li>\n<li>{: #id }</li>\n</ul>"),
        ("# para 1", "<p># para 1</p>"),
        ("- # s1-p1", "<ul>\n<li># s1-p1</li>\n</ul>"),
        ("Title\n===", "<p>Title\n===</p>"),
        ("Title\n  ---", "<p>Title\n  ---</p>"),
        ("![pixel](https://tracker.example/p.png)", '<p>!<a href="https://tracker.example/p.png">pixel</a></p>'),
        ("<b>bold</b> <https://example.org>", '<p>&lt;b&gt;bold&lt;/b&gt; <a href="https://example.org">https://example.org</a></p>'),
        ("`{ #kept }` and ``a ` b``", "<p><code>{ #kept }</code> and <code>a ` b</code></p>"),
        ("[x](x <img src=x onerror=alert(1)>)", '<p><a href="x &lt;img src=x onerror=alert(1)&gt;">x</a></p>'),
        ("[C# and {braces}][r]\n\n[r]: https://example.org/#f", '<p><a href="https://example.org/#f">C# and {braces}</a></p>'),
        ("[TOC]\n\n- [TOC]", "<p>[TOC]</p>\n<ul>\n<li>[TOC]</li>\n</ul>"),
    ],
    ids=[
        "links and emphasis", "attribute list", "attribute list on its own line", "in a list", "heading", "heading in a list",
        "setext =", "setext -", "image", "raw html and an autolink", "code spans", "markup in a link address", "reference link",
        "table of contents marker",
    ],
)
def test_editor_markdown_keeps_links_and_emphasis_and_sets_nothing(text, html):
    assert str(rendered(text)) == html


def test_raw_html_passes_when_the_glossary_opts_in():
    assert str(rendered("<b>bold</b> { #x }", raw_html=True)) == "<p><b>bold</b> { #x }</p>"
    assert str(rendered('<abbr title="x=y">A</abbr> a = b', raw_html=True)) == '<p><abbr title="x=y">A</abbr> a = b</p>'  # attributes keep their "="


@pytest.mark.parametrize(
    "url, scheme",
    [
        ("https://example.org", "https"),
        ("HTTP://example.org", "http"),
        ("mailto:desk@example.org", "mailto"),
        ("../china.md", ""),
        ("#s2-p3", ""),
        ("\x01javascript:alert(1)", "javascript"),
        (" \t javascript:alert(1)", "javascript"),
        ("java\nscript:alert(1)", "javascript"),
        ("jav\tascript:alert(1)", "javascript"),
        ("JaVaScRiPt:alert(1)", "javascript"),
        ("ms-msdt:/id", "ms-msdt"),
        ("x-anything:foo", "x-anything"),
        ("intent://scan", "intent"),
        ("%6Aavascript:alert(1)", ""),  # a browser does not decode the scheme: this is a relative path
    ],
)
def test_url_scheme_is_read_as_a_browser_reads_it(url, scheme):
    assert url_scheme(url) == scheme


LINK = "links to a '{}:' address; only http, https, mailto, relative and glossary: links are allowed"


@pytest.mark.parametrize(
    "text, problems",
    [
        ("[a](https://example.org) [b](mailto:x@example.org) [c](../x.md) [d](glossary:china) [e](#s1)", []),
        ("see [x](javascript:alert(1))", [(8, LINK.format("javascript"))]),
        ("[x](\x01javascript:alert(1))", [(4, LINK.format("javascript"))]),
        ("[x](java\nscript:alert(1))", [(4, LINK.format("javascript"))]),
        ("[x](&#106;avascript:alert(1))", [(4, LINK.format("javascript"))]),
        ("[x]( <javascript:alert(1)>)", [(6, LINK.format("javascript"))]),
        ("[x](ms-msdt:id) [y](intent:z)", [(4, LINK.format("ms-msdt")), (20, LINK.format("intent"))]),
        ("[x][r]\n\n[r]: vbscript:msgbox", [(13, LINK.format("vbscript"))]),
        ("[x](data:text/html,hi)", [(4, LINK.format("data"))]),
        ("[x](glossary:../etc)", [(4, "has a glossary: link that names no id; write glossary:<id>, like glossary:china")]),
        ("[x][r]\n\n> [r]: javascript:alert(1)", [(15, LINK.format("javascript"))]),
        ("[x][r]\n\n- [r]: javascript:alert(1)", [(15, LINK.format("javascript"))]),
        ("[x][r]\n\n>- > 1. [r]: data:text/html,hi", [(21, LINK.format("data"))]),
        ("[x][r]\n\n- a\n\n    [r]: vbscript:msgbox", [(22, LINK.format("vbscript"))]),
        ("[x][r]\n\n> [r]:\n> javascript:alert(1)", [(17, LINK.format("javascript"))]),
    ],
    ids=[
        "allowed", "javascript", "after a control character", "across a line break", "character reference",
        "angle brackets", "other schemes", "reference definition", "data", "glossary without an id",
        "reference definition in a quote", "reference definition in a list", "reference definition nested",
        "reference definition in a list item's paragraph", "reference definition in a quote, its address on the next line",
    ],
)
def test_markup_problems_name_each_link_where_it_is_written(text, problems):
    assert markup_problems(text) == problems


def test_the_safety_net_refuses_what_a_gap_in_the_neutraliser_would_let_through(monkeypatch):
    monkeypatch.setattr(escape, "editor_markdown", lambda text, raw_html=False: text)
    assert markup_problems("# Title\n\nText\n{ #para-1 }\n\n<img src=x onerror=alert(1)>") == [
        (0, "would make a <h1> element; editors' Markdown may hold links, emphasis, lists and code only"),
        (0, "would set the attribute 'id' on <p>; editors' Markdown cannot set attributes"),
        (0, "would make a <img> element; editors' Markdown may hold links, emphasis, lists and code only"),
    ]
    # The toc extension's marker, a paragraph of its own, would become <div class="toc">.
    assert markup_problems("[TOC]") == [(0, "would make a <div> element; editors' Markdown may hold links, emphasis, lists and code only")]
    # With raw HTML allowed, markup is the editors' to write; their links are still checked.
    assert markup_problems("<img src=x>", raw_html=True) == []
    assert markup_problems('<a href=" javascript:x">x</a>', raw_html=True) == [(0, LINK.format("javascript"))]
    assert markup_problems('<iframe src="javascript:x"></iframe>', raw_html=True) == [(0, LINK.format("javascript"))]


@pytest.mark.parametrize(
    "text",
    [
        "\\`a <!--><img src=x onerror=alert(1)>--> `",  # an escaped backtick opens no code span
        "`a\n\n<!--><img src=x onerror=alert(1)>-->\n\n`",  # nor does a code span cross paragraphs
        "`a\n> <!---><svg onload=alert(1)>-->\n`",
        "\\`a <![CDATA[><img src=x onerror=alert(1)>]]> `",
        "\\`a <!DOCTYPE x><img src=x onerror=alert(1)> `",
    ],
    ids=["<!-->", "across paragraphs", "<!--->", "CDATA", "declaration"],
)
def test_the_safety_net_sees_what_a_browser_sees_after_a_comment_or_declaration(text):
    """Python's HTMLParser reads "<!--><img ...>-->" as one comment, and "<![CDATA[>...]]>" as one section; a
    browser ends each at its first ">" and makes the element after it. Editors' Markdown makes neither."""
    problems = markup_problems(text)
    assert problems and all(offset == 0 and message.startswith("would make ") for offset, message in problems), problems


def test_html_text_is_what_mkdocs_makes_of_a_heading():
    assert html_text('A <b> & "q"') == 'A &lt;b&gt; &amp; "q"'
