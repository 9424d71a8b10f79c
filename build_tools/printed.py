"""The printed edition: each article as a PDF, from the model through templates/pdf/article.html.j2 (WeasyPrint).

`make pdf` builds the site with BRIEFING_PDF=1: the generator then adds docs/articles/<slug>.pdf beside each
article's page, and the page links to it (MkDocs' strict build checks that link like any other). A site built
without it has neither the files nor the links.

What a printed article holds, for a reader of paper:
  the text, word for word, each section and paragraph with its address (§1 ¶2) in the margin;
  each mention linked to its entry in the appendix, each editor's note numbered after its paragraph;
  an appendix of the entries it names or its notes link (name, type, summary, where they occur);
  the source and a plain-text citation, with the article's web address when SITE_URL is set;
  a bookmark per section, and the document's title, author and subject.

Every seed string is untrusted: the template escapes (Jinja autoescape), editors' Markdown goes through
escape.editor_markdown as on the site, and WeasyPrint may fetch nothing (an editor's raw HTML, where
glossary.yml allows it, can name no file or address that would be read).
"""
from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from markupsafe import Markup, escape

from .errors import BriefingError, Location, Problem
from .escape import MARKDOWN_EXTENSIONS, editor_markdown, escape_text
from .exports import published
from .model import GLOSSARY_LINK, NOTE_LABELS, TYPE_LABELS, Article, Briefing, Entity, Note, paragraph_anchor, pinpoint
from .progress import Progress, quiet
from .structured import article_description

if TYPE_CHECKING:
    import jinja2

PDF_VARIABLE = "BRIEFING_PDF"  # BRIEFING_PDF=1: the build adds each article's PDF (what `make pdf` sets)
ENABLED = ("1", "yes", "true")
TEMPLATE = "pdf/article.html.j2"


@dataclass(frozen=True)
class Edition:
    """What the printed articles need beyond the model: the site's name and its published address
    (exports.site_address: with its final slash; "" if none is known)."""

    site_name: str = ""
    site_url: str = ""

    def article_url(self, slug: str) -> str:
        return published(self.site_url, f"articles/{slug}/") if self.site_url else ""

    def entity_url(self, entity_id: str) -> str:
        return published(self.site_url, f"glossary/{entity_id}/") if self.site_url else ""


def edition_inputs(config_file: Path, environ: Mapping[str, str] = os.environ) -> tuple[str, ...]:
    """What the edition is made from besides the site's address (the build's digest counts them): BRIEFING_PDF and mkdocs.yml's site_name."""
    if environ.get(PDF_VARIABLE, "") not in ENABLED:
        return ()
    return (environ[PDF_VARIABLE], _site_name(config_file))


def edition_from_environment(config_file: Path, site_url: str = "", environ: Mapping[str, str] = os.environ) -> Edition | None:
    """The edition BRIEFING_PDF=1 asks for, at the site's address (exports.site_address), with mkdocs.yml's site_name; else None."""
    inputs = edition_inputs(config_file, environ)
    return Edition(site_name=inputs[1], site_url=site_url) if inputs else None


def _site_name(config_file: Path) -> str:
    """mkdocs.yml's site_name, read with MkDocs' own loader (it knows !ENV); "" when there is none to read."""
    try:
        from mkdocs.utils.yaml import yaml_load

        with open(config_file, encoding="utf-8") as stream:
            config = yaml_load(stream)
    except Exception:  # missing, unreadable or bad YAML: MkDocs itself reports it when it reads the same file
        return ""
    name = config.get("site_name") if isinstance(config, dict) else None
    return name if isinstance(name, str) else ""


def pdf_path(slug: str) -> str:
    """The PDF's path in docs/ and in the site: beside the article's page, so the page links to it as `<slug>.pdf`."""
    return f"articles/{slug}.pdf"


# --- model → HTML (pure) ------------------------------------------------------------------


def paragraph_html(text: str, mentions: Sequence[tuple[int, int, str]], notes: Sequence[Note]) -> Markup:
    """The paragraph's text as HTML: each mention a link to its appendix entry, each note's quote marked and
    followed by its reference [N] (after the mention it ends in, so that no word is cut)."""
    references: dict[int, list[int]] = {}
    for note in sorted(notes, key=lambda n: (n.end, n.number)):
        inside = next((end for start, end, _ in mentions if start < note.end < end), None)
        references.setdefault(inside if inside is not None else note.end, []).append(note.number)
    cuts = sorted({0, len(text), *references, *(p for m in mentions for p in m[:2]), *(p for n in notes for p in (n.start, n.end))})
    out: list[str] = []
    for start, end in zip(cuts, cuts[1:]):
        out += [_reference(number) for number in references.get(start, ())] if start else []
        piece = str(escape(text[start:end]))
        entity = next((e for s, t, e in mentions if s <= start and end <= t), None)
        if entity is not None:
            piece = f'<a class="mention" href="#entity-{escape(entity)}">{piece}</a>'
        covering = [n for n in notes if n.start <= start and end <= n.end]
        if covering:
            kinds = " correction" if any(n.kind == "correction" for n in covering) else ""
            piece = f'<mark class="quote{kinds}">{piece}</mark>'
        out.append(piece)
    out += [_reference(number) for number in references.get(len(text), ())]
    return Markup("".join(out))


def _reference(number: int) -> str:
    return f'<a class="note-ref" href="#note-{number}">[{number}]</a>'


class EditorMarkdown:
    """Editors' Markdown as HTML with the site's safety (escape.editor_markdown, the site's extensions);
    glossary:<id> links point at the entry in the appendix."""

    def __init__(self, raw_html: bool) -> None:
        import markdown

        self.raw_html = raw_html
        self._markdown = markdown.Markdown(extensions=list(MARKDOWN_EXTENSIONS))

    def __call__(self, text: str, lead: str = "") -> Markup:
        """HTML of `text`; `lead`, already Markdown (escaped), opens its first paragraph."""
        source = lead + GLOSSARY_LINK.sub(lambda m: f"](#entity-{m.group(1)})", editor_markdown(text, self.raw_html))
        return Markup(self._markdown.reset().convert(source))


def note_lead(note: Note) -> str:
    """The Markdown that opens a note: its label, and for a correction the source's words it corrects."""
    lead = f"**{NOTE_LABELS[note.kind]}.** "
    if note.kind == "correction":
        lead += f"The source reads “{escape_text(note.quote)}”. "
    return lead


def named_entities(briefing: Briefing, article: Article) -> list[Entity]:
    """The entries the article mentions or its notes link, by name."""
    entities = {e.id: e for e in briefing.entities}
    ids = {m.entity_id for m in briefing.mentions.in_article(article.slug)}
    ids |= {i for note in article.notes for i in note.references if i in entities}
    return sorted((entities[i] for i in ids), key=lambda e: (e.name.casefold(), e.id))


def type_label(entity: Entity) -> str:
    """The entry's type as the appendix gives it; a draft's is a guess, as its card says."""
    return f"{TYPE_LABELS[entity.type]} (guessed)" if entity.draft else TYPE_LABELS[entity.type]


def citation(article: Article, edition: Edition) -> str:
    """The article's citation as plain text (the cite panel's plain format, for the whole article)."""
    source = article.source
    author = source.author or source.name
    parts = [f"{author}, “{article.title}”"]
    if edition.site_name:
        parts.append(edition.site_name)
    if article.published:
        parts.append(long_date(article.published))
    cited = ", ".join(parts) + "."
    if edition.site_url:
        cited += f" {edition.article_url(article.slug)}."
    origin = ", ".join(filter(None, (source.name, long_date(source.published) if source.published else "", source.url)))
    return f"{cited} Annotated edition of: {origin}."


_URL = re.compile(r"https?://\S+?(?=[.,;)]?(?:\s|$))")


def with_links(text: str) -> Markup:
    """Plain text as HTML, each http(s) address in it a live link kept on one line."""
    out, position = [], 0
    for found in _URL.finditer(text):
        out += [escape(text[position:found.start()]), Markup('<a class="url" href="{0}">{0}</a>').format(found.group())]
        position = found.end()
    return Markup("").join([*out, escape(text[position:])])


MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")


def long_date(iso: str) -> str:
    """28 November 2026 for 2026-11-28; a date written otherwise is kept as written."""
    try:
        year, month, day = (int(part) for part in iso.split("-"))
        return f"{day} {MONTHS[month - 1]} {year}"
    except (ValueError, IndexError):
        return iso


def article_html(briefing: Briefing, article: Article, edition: Edition, env: jinja2.Environment) -> str:
    """The HTML of one printed article (the template escapes every string it is given)."""
    render_markdown = EditorMarkdown(briefing.raw_html)
    web = edition.article_url(article.slug)
    notes_at: dict[tuple[int, int], list[Note]] = {}
    for note in article.notes:
        notes_at.setdefault((note.section, note.paragraph), []).append(note)
    sections = []
    for section in article.sections:
        paragraphs = []
        for number, paragraph in enumerate(section.paragraphs, start=1):
            mentions = [(m.start, m.end, m.entity_id) for m in briefing.mentions.in_paragraph((article.slug, section.number, number))]
            notes = notes_at.get((section.number, number), [])
            paragraphs.append({
                "anchor": paragraph_anchor(section.number, number),
                "label": pinpoint(section.number, number),
                "web": f"{web}#{paragraph.permanent}" if web and paragraph.permanent else "",
                "html": paragraph_html(paragraph.text, mentions, notes),
                "notes": [{"number": n.number, "kind": n.kind, "html": render_markdown(n.text, note_lead(n))} for n in notes],
            })
        sections.append({
            "anchor": section.anchor,
            "label": pinpoint(section.number),
            "title": section.title,
            "web": f"{web}#{section.permanent}" if web and section.permanent else "",
            "paragraphs": paragraphs,
        })
    named = named_entities(briefing, article)
    entries = []
    for entity in named:
        places = dict.fromkeys((m.section, m.paragraph) for m in briefing.mentions.of_entity(entity.id) if m.article == article.slug)
        entries.append({
            "entity": entity,
            "type": type_label(entity),
            "web": edition.entity_url(entity.id),
            "places": [{"label": pinpoint(*place), "anchor": paragraph_anchor(*place)} for place in places],
            "notes": [n.number for n in article.notes if entity.id in n.references],
        })
    source = article.source
    return env.get_template(TEMPLATE).render(
        article=article,
        source=source,
        author=source.author or source.name,
        subject=article_description(article),
        keywords=", ".join(e.name for e in named),
        edition=edition,
        web=web,
        published=long_date(article.published) if article.published else "",
        source_published=long_date(source.published) if source.published else "",
        summary=render_markdown(article.summary) if article.summary else "",
        sections=sections,
        entries=entries,
        citation=with_links(citation(article, edition)),
    )


def html_environment(loader: jinja2.BaseLoader) -> jinja2.Environment:
    import jinja2

    return jinja2.Environment(loader=loader, autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)


# --- HTML → PDF (WeasyPrint) -----------------------------------------------------------------


def to_pdf(html: str) -> bytes:
    """The PDF of a printed article's HTML: its bookmarks from its headings, its metadata from its <head>."""
    try:
        import weasyprint
    except (ImportError, OSError) as error:  # OSError: WeasyPrint found no Pango
        message = f"the printed edition needs WeasyPrint and Debian's Pango; `make pdf` installs them ({error})"
        raise BriefingError([Problem(Location(PDF_VARIABLE), message)]) from None
    # No protocol is allowed: the page reads neither a file nor the network (an editor's raw HTML could name either).
    nothing = weasyprint.urls.URLFetcher(allowed_protocols=())
    return weasyprint.HTML(string=html, url_fetcher=nothing).write_pdf()


def article_pdfs(briefing: Briefing, loader: jinja2.BaseLoader, edition: Edition, progress: Progress = quiet) -> dict[str, bytes]:
    """Every article's PDF by its slug, the template found through `loader` (templates/)."""
    env = html_environment(loader)
    pdfs = {}
    for done, article in enumerate(briefing.articles, start=1):
        pdfs[article.slug] = to_pdf(article_html(briefing, article, edition, env))
        progress("printing", done, len(briefing.articles))
    return pdfs
