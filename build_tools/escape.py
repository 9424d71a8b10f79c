"""Every string from seeds/ is untrusted: this module is the one place that makes it safe for each
context it is printed in.

  escape_text       Markdown that renders exactly the text (article text, names, titles)
  editor_markdown   an editor's Markdown keeping links, emphasis, lists and code, and nothing
                    that sets an attribute or id: attribute lists, headings, images, raw HTML
  markup_problems   what an editor's Markdown would still produce that it must not: links to
                    other schemes than http, https, mailto, relative and glossary: links, and any
                    element or attribute beyond those (a safety net under editor_markdown)
  html_text         HTML character data (MkDocs' nav titles, which Material prints unescaped)
  attribute_text    plain text for a double-quoted attribute (Material prints page descriptions unescaped)
  xml_text          SVG character data and attribute values
  link_target       a URL inside a Markdown link's parentheses
  front_matter      a page's front matter

The Jinja templates of the theme (templates/theme/main.html) escape with `| e` and `| tojson`;
templates/*.md.j2 use the filters render.make_environment binds to the functions here.
"""
from __future__ import annotations

import html
import re
import urllib.parse
from html.parser import HTMLParser

from .model import GLOSSARY_LINK

# Backslash escapes for the characters Markdown gives a meaning; <, > and & become
# character references so no HTML can be formed; | is a reference too, as Markdown
# only honours \| where the tables extension is on. = would make ==a quote== (briefing_markdown).
_MARKDOWN_ESCAPES = {ch: "\\" + ch for ch in "\\`*_[]{}#!="}
_MARKDOWN_ESCAPES.update({"<": "&lt;", ">": "&gt;", "&": "&amp;", "|": "&#124;"})
_ESCAPE_PATTERN = re.compile("|".join(re.escape(ch) for ch in _MARKDOWN_ESCAPES))


# Every use is inline (a heading, list item, table cell or paragraph), where a line break would end the block.
_LINE_BREAKS = re.compile("[\r\n\x85\u2028\u2029]+")


def escape_text(text: str) -> str:
    """Markdown that renders exactly `text` on one line, whatever characters it holds (also inside a table cell)."""
    escaped = _ESCAPE_PATTERN.sub(lambda m: _MARKDOWN_ESCAPES[m.group()], _LINE_BREAKS.sub(" ", text))
    # Python-Markdown takes a line that starts "[...]:" for a reference definition, escaped bracket
    # or not ("[\*\]: x" at a link's start): a colon after a bracket is a character reference.
    return escaped.replace("\\]:", "\\]&#58;")


# What opens a list or a rule where a block starts ("1. ", "2) ", "- ", "+ ", "---"; *, _, # and = are
# always escaped).
_BLOCK_MARKER = re.compile(r" {0,3}(?:[0-9]{1,9}(?=[.)](?:[ \t]|$))|(?=[-+]))")


def escape_block_start(markdown_text: str) -> str:
    """Escaped Markdown that starts a block of its own (a paragraph), with the marker it may begin with escaped too."""
    found = _BLOCK_MARKER.match(markdown_text)
    if not found or found.end() == len(markdown_text):
        return markdown_text
    return markdown_text[: found.end()] + "\\" + markdown_text[found.end() :]


def html_text(text: str) -> str:
    """HTML character data for `text`: how MkDocs itself hands a page title taken from its heading to the theme."""
    return html.escape(text, quote=False)


def attribute_text(text: str, limit: int = 300) -> str:
    """Plain text, shortened, HTML-escaped for a double-quoted attribute."""
    if len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0] + "…"
    return html.escape(text, quote=True)


_XML_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"})
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # characters XML 1.0 forbids


def xml_text(text: str) -> str:
    """Text safe as XML character data or inside a double-quoted attribute (characters XML forbids dropped)."""
    return NOT_XML.sub("", text).translate(_XML_ESCAPES)


def link_target(url: str) -> str:
    """A URL safe inside a Markdown link's parentheses: spaces, brackets and quotes percent-encoded."""
    return urllib.parse.quote(url, safe=":/?#[]@!$&'*+,;=%~")


ONE_LINE = "briefing"  # the theme's structured data (structured.py): long, and read by no person


def front_matter(data) -> str:
    """Front matter as YAML, each string quoted as YAML needs (PyYAML escapes what it must).

    The value of `briefing` comes last, on one line, every string in double quotes with anything beyond
    ASCII escaped: what YAML 1.1 (PyYAML, MkDocs) and YAML 1.2 (Zensical) read alike, whatever a name holds.
    """
    import yaml

    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    rest = {key: value for key, value in data.items() if key != ONE_LINE}
    text = yaml.dump(rest, Dumper=dumper, allow_unicode=True, sort_keys=False, width=10**9) if rest else ""
    if ONE_LINE in data:
        text += f"{ONE_LINE}: " + yaml.dump(data[ONE_LINE], Dumper=dumper, default_flow_style=True, default_style='"', sort_keys=False, width=10**9)
    return text


# --- links ----------------------------------------------------------------------------

SCHEMES = ("http", "https", "mailto")
GLOSSARY_SCHEME = "glossary"
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")
# What a browser's URL parser drops before it reads a scheme: C0 controls and spaces at either
# end, and tabs and line breaks anywhere (WHATWG URL, "basic URL parser").
_URL_EDGES = "".join(map(chr, range(0x21)))
_URL_INSIDE = re.compile("[\t\n\r]")


def url_scheme(url: str) -> str:
    """The scheme a browser reads in `url` (character references already decoded), lower-case; "" for a relative URL."""
    found = _SCHEME.match(_URL_INSIDE.sub("", url.strip(_URL_EDGES)))
    return found.group(1).lower() if found else ""


def allowed_url(url: str) -> bool:
    """http, https, mailto and relative addresses: what an editor's link may point to."""
    return url_scheme(url) in ("", *SCHEMES)


# --- editors' Markdown ------------------------------------------------------------------

# Pieces an editor's Markdown is cut into before neutralising: code spans (whose text Markdown
# shows as written), link destinations and reference definitions (whose text is an address),
# autolinks; everything else is prose.
_PIECES = re.compile(
    r"(?P<code>(?P<ticks>`+).*?(?<!`)(?P=ticks)(?!`))"
    r"|(?P<destination>\]\((?:[^()\n]|\([^()\n]*\))*\))"
    r"|(?P<definition>^ {0,3}\[(?!\^)[^\]\n]+\]:[^\n]*)"
    r"|(?P<autolink><(?:https?|mailto):[^<>\s]+>)",
    re.DOTALL | re.MULTILINE,
)
# In prose: { and } would open an attribute list, # a heading, ![ an image (a request to
# another host), < raw HTML, [^ a note or its reference, = a quote (briefing_markdown) and
# [TOC] the toc extension's table of contents (a <div class="toc">).
_PROSE = re.compile(r"[{}#=]|!(?=\[)|\[(?=\^|TOC\])|<")
# A line of = or - under a line of text turns that text into a heading.
_UNDERLINE = re.compile(r"(?<=[^\n]\n)( {0,3})([=-])(?=[=-]* *(?:\n|$))")


def _neutral_prose(text: str, raw_html: bool) -> str:
    def replace(match: re.Match) -> str:
        found = match.group()
        if found == "<":
            return "<" if raw_html else "&lt;"
        if found == "=" and raw_html:
            return "="  # raw HTML's attributes need it; an editor allowed raw HTML may mark text anyway
        return "\\" + found

    return _PROSE.sub(replace, text)


def editor_markdown(text: str, raw_html: bool = False) -> str:
    """An editor's Markdown that keeps links, emphasis, lists and code spans, and can set no attribute or id.

    With raw_html (glossary.yml opts in for every editor) raw HTML passes unchanged.
    """
    text = text.strip()
    out, position = [], 0
    for piece in _PIECES.finditer(text):
        out.append(_neutral_prose(text[position:piece.start()], raw_html))
        kept = piece.group()
        # An address holds no markup; a < in it could start raw HTML where the link does not parse.
        out.append(kept if raw_html or piece.lastgroup in ("code", "autolink") else kept.replace("<", "&lt;"))
        position = piece.end()
    out.append(_neutral_prose(text[position:], raw_html))
    return _UNDERLINE.sub(lambda m: m.group(1) + ("&#61;" if m.group(2) == "=" else "\\-"), "".join(out))


def with_glossary_links(markdown_text: str, prefix: str) -> str:
    """[words](glossary:<id>) pointing at the entry's page, from a page `prefix` away from glossary/."""
    return GLOSSARY_LINK.sub(lambda m: f"]({prefix}{m.group(1)}.md)", markdown_text)


# The extensions of mkdocs.yml, which an editor's Markdown is rendered with (tests keep them in step).
MARKDOWN_EXTENSIONS = ("attr_list", "md_in_html", "tables", "toc", "build_tools.briefing_markdown")
# What links, emphasis, lists, quotes, code and tables become; the tables extension aligns cells.
_ELEMENTS = {
    "a": {"href", "title"},
    "ol": {"start"},
    "th": {"style"},
    "td": {"style"},
    **{tag: set() for tag in "p em strong code pre ul li blockquote br hr table thead tbody tr".split()},
}
_CELL_STYLE = re.compile(r"text-align: (?:left|right|center);")
# Link destinations as written, to say where a problem is: inline links and reference definitions,
# also those inside a quote or a list item ("> [r]: x", "- [r]: x", or indented under an item), which
# Markdown reads as well (an autolink is kept only for http, https and mailto).
_DESTINATIONS = re.compile(r"\]\(\s*<?([^)]*)|^(?:[ \t]*(?:>|[-+*]|[0-9]{1,9}[.)]))*[ \t]*\[[^\]\n]+\]:[ \t]*(?:\n(?:[ \t]*>)*[ \t]*)?<?(\S*)", re.MULTILINE)


# What editor_markdown acts on: without any of it, Markdown makes nothing but paragraphs, emphasis,
# lists, quotes, code, tables and links.
_NEUTRALISED = re.compile(r"[{}#!<=]|^ {0,3}-+ *$|\[TOC\]", re.MULTILINE)


# What _Elements records for a comment, declaration, CDATA section or processing instruction. Python's
# parser reads "<!--><img ...>-->" as one comment and "<![CDATA[><img ...>]]>" as one section, where a
# browser ends each at its first ">" and makes the element after it: what such markup hides is not seen
# here, so the markup itself is refused (Markdown makes none of it from an editor's text).
NOT_AN_ELEMENT = "!"


class _Elements(HTMLParser):
    """Every element and attribute of a piece of HTML, attribute values decoded as a browser decodes them;
    each comment, declaration and processing instruction as NOT_AN_ELEMENT."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, list[tuple[str, str]]]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, [(name, value or "") for name, value in attrs]))

    handle_startendtag = handle_starttag

    def handle_comment(self, data):
        self.found.append((NOT_AN_ELEMENT, []))

    handle_decl = handle_pi = unknown_decl = handle_comment


_markdown_instance = None  # made on first use: most builds never need the net, and importing Markdown costs


def _to_html(markdown_text: str) -> str:
    """HTML of Markdown, rendered with mkdocs.yml's extensions."""
    global _markdown_instance
    if _markdown_instance is None:
        import markdown

        _markdown_instance = markdown.Markdown(extensions=list(MARKDOWN_EXTENSIONS))
    return _markdown_instance.reset().convert(markdown_text)


def _link_message(url: str) -> str:
    return f"links to a '{url_scheme(url)}:' address; only http, https, mailto, relative and glossary: links are allowed"


def markup_problems(text: str, raw_html: bool = False) -> list[tuple[int, str]]:
    """(offset in `text`, message) for each link or markup the text may not hold, in order."""
    problems: list[tuple[int, str]] = []
    for found in _DESTINATIONS.finditer(text):
        group = 1 if found.group(1) is not None else 2
        url = found.group(group)
        scheme = url_scheme(html.unescape(url))
        if scheme == GLOSSARY_SCHEME and group == 1:
            if not GLOSSARY_LINK.match(text, found.start()):
                problems.append((found.start(group), "has a glossary: link that names no id; write glossary:<id>, like glossary:china"))
        elif scheme not in ("", *SCHEMES):
            problems.append((found.start(group), _link_message(html.unescape(url))))
    if problems or not _NEUTRALISED.search(text):
        return problems
    # The safety net under editor_markdown, where it had something to neutralise: what Markdown makes
    # of the neutralised text, read as a browser reads it. (Links alone need no net: the destinations
    # above are every form of link Markdown knows without a < for an autolink.)
    parser = _Elements()
    parser.feed(_to_html(with_glossary_links(editor_markdown(text, raw_html), "")))
    parser.close()
    for tag, attributes in parser.found:
        allowed = _ELEMENTS.get(tag)
        if allowed is None and not raw_html:
            made = "an HTML comment or declaration" if tag == NOT_AN_ELEMENT else f"a <{tag}> element"
            problems.append((0, f"would make {made}; editors' Markdown may hold links, emphasis, lists and code only"))
            continue
        for name, value in attributes:
            if name in ("href", "src") and not allowed_url(value):
                problems.append((0, _link_message(value)))
            elif allowed is not None and not raw_html and (name not in allowed or (name == "style" and not _CELL_STYLE.fullmatch(value))):
                problems.append((0, f"would set the attribute '{name}' on <{tag}>; editors' Markdown cannot set attributes"))
    return problems
