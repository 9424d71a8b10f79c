"""Turn the matched briefing into Markdown pages (pure: no file is read or written here).

Every string from seeds/ is untrusted and reaches the Markdown through escape.py: text
renders literally; editors' Markdown (summaries, descriptions, notes) keeps links, emphasis,
lists and code, and can set no attribute or id.

Generated page addresses:
  index.md                      home
  articles/<slug>.md            one page per article
  glossary/index.md             glossary grouped by type
  glossary/<id>.md              one page per entity
  assets/briefing/entities.json the hover cards' data
  assets/briefing/maps/<slug>.html  an article's compact actor map and its table, which its page fetches
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .actor_map import actor_map
from .disambiguation import Disambiguation, disambiguate
from .discover import draft_summary
from .anchors import addresses_map
from .escape import attribute_text, editor_markdown, escape_block_start, escape_text, front_matter, html_text, link_target, with_glossary_links
from .exports import export_files, to_json
from .structured import article_description, glossary_description, page_data
from .model import (
    ENTITY_TYPES,
    TYPE_HEADINGS,
    TYPE_LABELS,
    Article,
    Briefing,
    Entity,
    Mention,
    Mentions,
    NOTE_LABELS,
    Note,
    Place,
    paragraph_anchor,
    pinpoint,
)
from .memo import Remember, compute
from .progress import Progress, quiet
from .reflow import SENTENCE_BREAK
from .write import one_per_path

if TYPE_CHECKING:  # Jinja2 is imported where an environment is made: start-up stays light
    import jinja2

# Search weights (Material's per-page boost; Zensical has none). Articles first, so a phrase from the
# text finds its section before glossary pages that quote it; entity names win through their titles,
# acronym tags, the notes and headings of disambiguation.py (both engines) and the exact-match
# promotion in briefing.js (Material).
ARTICLE_SEARCH_BOOST = 3
ENTITY_SEARCH_BOOST = 1
INDEX_SEARCH_BOOST = 0.5
SNIPPET_CONTEXT = 90  # characters kept on each side of a mention in a long sentence
COMPANIONS_SHOWN = 12  # "Often mentioned with" lists the strongest links, not every one
# The home page describes this many articles; the list of articles names every one (a home page
# of 1,000 articles weighed 1 MB).
HOME_ARTICLES = 10
# An entry's page lists its mentions in this many articles; past them, every mention is on a page of
# its own, mentions/<id>.md (an entry named in 1,000 articles had a page of 1.5 MB).
ENTRY_ARTICLES = 10
MENTIONS_FOLDER = "mentions"
CONFUSED_SHOWN = 5  # a short term may begin many titles: the note names a few, then counts the rest
DRAFTS_HEADING = "Not yet reviewed"  # the glossary index's group of draft entries


def render_paragraph(text: str, spans: list[tuple[int, int, str]], glossary_prefix: str, notes: Sequence[Note] = ()) -> str:
    """The paragraph's annotated Markdown: each mention a link to its entry, each note's quote
    `==marked==` and followed by its reference `[^N]` (briefing_markdown.py presents them).

    A quote that cuts through a mention is split at the mention's edges, so that the two nest, and
    its reference follows the mention it ends in. A quote belongs to the note whose reference
    comes next; where notes overlap, a piece for which that is not so names its notes.
    """
    mentions = sorted(spans)  # they never overlap
    references: list[tuple[int, int]] = []  # (offset, note number), in the order they are written
    for note in sorted(notes, key=lambda n: (n.end, n.number)):
        inside = next((m for m in mentions if m[0] < note.end < m[1]), None)
        references.append((inside[1] if inside else note.end, note.number))
    references.sort(key=lambda r: r[0])
    # Each element opens and closes at an offset; at one offset, closings come first (innermost
    # first), then references, then openings (outermost first). A mention holds a quote as long as it.
    opening: dict[int, list[tuple[tuple, str]]] = defaultdict(list)
    closing: dict[int, list[tuple[tuple, str]]] = defaultdict(list)
    for start, end, entity in mentions:
        opening[start].append(((-end, 0), "["))
        closing[end].append(((-start, 1), f"]({glossary_prefix}{entity}.md)"))
    for start, end, numbers in _quote_pieces(mentions, notes):
        following = next((number for offset, number in references if offset > start), None)
        named = "" if numbers == (following,) else '{ data-notes="' + " ".join(map(str, numbers)) + '" }'
        opening[start].append(((-end, 1), "=="))
        closing[end].append(((-start, 0), "==" + named))
    written_at: dict[int, list[str]] = defaultdict(list)
    for offset, number in references:
        written_at[offset].append(f"[^{number}]")
    out: list[str] = []
    cuts = sorted({0, len(text), *opening, *closing, *written_at})
    for here, following_cut in zip(cuts, [*cuts[1:], None]):
        out += [markup for _, markup in sorted(closing.get(here, ()))]
        out += written_at.get(here, ())
        out += [markup for _, markup in sorted(opening.get(here, ()))]
        if following_cut is not None:
            out.append(escape_text(text[here:following_cut]))
    return wrap_markdown(escape_block_start("".join(out)))


# A paragraph's Markdown is wrapped to be read in an editor. It breaks only at a single space
# outside links and attribute lists, and each new line is escaped as a block's start would be
# ("- " or "1. " would otherwise end the paragraph; #, >, = and * always are).
WRAP_WIDTH = 100
_UNBROKEN = re.compile(r'(?:\[(?:\\.|[^\]\\])*\]\([^)\s]*\)|\{ data-notes="[^"]*" \}|\\.?|[^ \\])+| +')


def wrap_markdown(markdown_text: str, width: int = WRAP_WIDTH) -> str:
    """The Markdown on lines of about `width` characters (a link or a long word may exceed it)."""
    lines, line, space = [], "", False
    for piece in _UNBROKEN.findall(markdown_text):
        if piece == " ":
            space = True
        elif space and line and not piece.startswith(" ") and len(line) + 1 + len(piece) > width:
            lines.append(line)
            line, space = piece, False
        else:
            line, space = line + (" " if space else "") + piece, False
    lines.append(line + (" " if space else ""))
    return "\n".join([lines[0], *map(escape_block_start, lines[1:])])


def _quote_pieces(mentions: list[tuple[int, int, str]], notes: Sequence[Note]) -> list[tuple[int, int, tuple[int, ...]]]:
    """(start, end, note numbers) of each marked piece: the runs of text under the same notes,
    split where a mention starts or ends inside a run without lying wholly in it or around it."""
    edges = sorted({p for n in notes for p in (n.start, n.end)})
    runs: list[tuple[int, int, tuple[int, ...]]] = []
    for start, end in zip(edges, edges[1:]):
        numbers = tuple(sorted(n.number for n in notes if n.start <= start and end <= n.end))
        if runs and runs[-1][1] == start and runs[-1][2] == numbers:
            runs[-1] = (runs[-1][0], end, numbers)
        elif numbers:
            runs.append((start, end, numbers))
    pieces = []
    for start, end, numbers in runs:
        crossing = (m for m in mentions if m[0] < end and start < m[1] and not (start <= m[0] and m[1] <= end) and not (m[0] <= start and end <= m[1]))
        cuts = sorted({start, end, *(p for m in crossing for p in m[:2] if start < p < end)})
        pieces += [(a, b, numbers) for a, b in zip(cuts, cuts[1:])]
    return pieces


def sentence_breaks(text: str) -> tuple[list[int], list[int]]:
    """Where the text's sentence breaks start, and where they end."""
    found = [(match.start(), match.end()) for match in SENTENCE_BREAK.finditer(text)]
    return [a for a, _ in found], [b for _, b in found]


def snippet(text: str, start: int, end: int, breaks: tuple[list[int], list[int]] | None = None) -> str:
    """Markdown of the sentence around text[start:end], the mention in bold, trimmed to a readable length.

    breaks: the text's sentence_breaks, when the caller keeps them for the paragraph's other mentions
    (a paragraph naming many entities would otherwise be scanned once for each).
    """
    starts, ends = breaks if breaks is not None else sentence_breaks(text)
    before = bisect_right(ends, start)  # breaks wholly before the mention
    sentence_start = ends[before - 1] if before else 0
    after = bisect_left(starts, end)  # the first break after it
    sentence_end = starts[after] + 1 if after < len(starts) else len(text)
    left, right = text[sentence_start:start], text[end:sentence_end]
    if len(left) > SNIPPET_CONTEXT:
        left = "…" + left[-SNIPPET_CONTEXT:].split(" ", 1)[-1]
    if len(right) > SNIPPET_CONTEXT:
        right = right[:SNIPPET_CONTEXT].rsplit(" ", 1)[0] + "…"
    return f"{escape_text(left)}**{escape_text(text[start:end])}**{escape_text(right)}"


@dataclass(frozen=True)
class _Index:
    """Lookups every page needs, computed once."""

    entities: dict[str, Entity]
    articles: dict[str, Article]
    mentions: Mentions
    entities_in: dict[Place, frozenset[str]]
    notes_by_entity: dict[str, list[tuple[Article, Note]]]
    briefing: Briefing
    disambiguation: dict[str, Disambiguation]
    local_names: dict[str, tuple[int, list[str]]]  # (articles, phrases): _local_names
    breaks: dict[Place, tuple[list[int], list[int]]] = field(default_factory=dict)  # filled by snippet()

    @classmethod
    def of(cls, briefing: Briefing) -> _Index:
        mentions = briefing.mentions
        return cls(
            entities={e.id: e for e in briefing.entities},
            articles={a.slug: a for a in briefing.articles},
            mentions=mentions,
            entities_in={place: frozenset(m.entity_id for m in ms) for place, ms in mentions.by_paragraph.items()},
            notes_by_entity=_notes_by_entity(briefing),
            briefing=briefing,
            disambiguation=disambiguate(briefing.entities),
            local_names=_local_names(briefing),
        )

    def paragraph_text(self, mention: Mention) -> str:
        section = self.articles[mention.article].sections[mention.section - 1]
        return section.paragraphs[mention.paragraph - 1].text

    def snippet(self, mention: Mention) -> str:
        """The mention's snippet; its paragraph's sentence breaks are found once, for all its mentions."""
        text = self.paragraph_text(mention)
        where = (mention.article, mention.section, mention.paragraph)
        breaks = self.breaks.get(where)
        if breaks is None:
            breaks = self.breaks[where] = sentence_breaks(text)
        return snippet(text, mention.start, mention.end, breaks)

    def notes_about(self, entity_id: str) -> list[tuple[Article, Note]]:
        """Notes that link to the entity or whose quote overlaps one of its mentions."""
        return self.notes_by_entity.get(entity_id, [])

    def companions(self, entity_id: str) -> list[tuple[Entity, int]]:
        """The entities sharing most paragraphs with this one, with how many they share."""
        places = {(m.article, m.section, m.paragraph) for m in self.mentions.of_entity(entity_id)}
        shared: Counter[str] = Counter()
        for place in places:
            shared.update(self.entities_in[place])
        del shared[entity_id]
        ranked = sorted(((self.entities[i], n) for i, n in shared.items()), key=lambda pair: (-pair[1], pair[0].name))
        return ranked[:COMPANIONS_SHOWN]


def _local_names(briefing: Briefing) -> dict[str, tuple[int, list[str]]]:
    """For each entity, how many articles name it with aliases of their own, and those phrases (each once).

    Its page lists them, so that a search for an article's word for it finds its page.
    """
    articles: dict[str, set[str]] = defaultdict(set)
    phrases: dict[str, dict[str, str]] = defaultdict(dict)
    for article in briefing.articles:
        for alias in article.aliases:
            articles[alias.entity_id].add(article.slug)
            phrases[alias.entity_id].setdefault(alias.phrase.casefold(), alias.phrase)
    return {entity_id: (len(articles[entity_id]), list(found.values())) for entity_id, found in phrases.items()}


def _notes_by_entity(briefing: Briefing) -> dict[str, list[tuple[Article, Note]]]:
    """For each entity, the notes that link to it or whose quote overlaps one of its mentions, in article order:
    gathered once, not by scanning every note for each of thousands of entries."""
    found: dict[str, list[tuple[Article, Note]]] = defaultdict(list)
    for article in briefing.articles:
        for note in article.notes:
            here = briefing.mentions.in_paragraph((article.slug, note.section, note.paragraph))
            overlapping = {m.entity_id for m in here if m.start < note.end and note.start < m.end}
            for entity_id in dict.fromkeys([*sorted(overlapping), *note.references]):
                found[entity_id].append((article, note))
    return found


def make_environment(loader: jinja2.BaseLoader, raw_html: bool = False, bytecode_cache: jinja2.BytecodeCache | None = None) -> jinja2.Environment:
    import jinja2

    env = jinja2.Environment(
        loader=loader,
        bytecode_cache=bytecode_cache,
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # the output is Markdown; escaping is explicit, through the filters below
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["text"] = escape_text
    env.filters["block_start"] = escape_block_start  # for a paragraph that opens with seed text ("1. ", "- ")
    # An editor's Markdown, its glossary:<id> links made relative to the page (`prefix` from it to glossary/).
    env.filters["markdown"] = lambda text, prefix: with_glossary_links(editor_markdown(text, raw_html), prefix)
    env.filters["url"] = link_target
    env.filters["front_matter"] = front_matter
    # pdfs: each printed article's size in bytes by its slug, when the build prints them (BRIEFING_PDF=1).
    env.globals.update(type_labels=TYPE_LABELS, type_headings=TYPE_HEADINGS, pinpoint=pinpoint, pdfs={})
    return env


def render_site(
    briefing: Briefing, env: jinja2.Environment, progress: Progress = quiet, remember: Remember = compute, site_url: str = ""
) -> dict[str, str]:
    """Every generated file of the docs folder, by path relative to it.

    remember: where the actor maps' drawings and placements of earlier builds are asked for (memo.py).
    site_url: the published site's address (exports.site_address), "" where it is not known.
    """
    index = _Index.of(briefing)
    structured = page_data(briefing, site_url)
    pages = {
        "index.md": _home(briefing, index, env),
        "articles/index.md": env.get_template("articles_index.md.j2").render(
            front={"search": {"boost": INDEX_SEARCH_BOOST}, "description": attribute_text(f"The {len(briefing.articles)} annotated article{'s' if len(briefing.articles) != 1 else ''} of the briefing.")},
            articles=_article_items(briefing, index),
        ),
        "glossary/index.md": _glossary_index(briefing, index, env, structured["glossary/index.md"]),
    }
    total = len(briefing.articles) + len(briefing.entities)
    maps = {}
    for done, article in enumerate(briefing.articles, start=1):
        pages[f"articles/{article.slug}.md"], maps[map_fragment(article.slug)] = _article(article, index, env, remember, structured[f"articles/{article.slug}.md"])
        progress("rendering", done, total)
    for done, entity in enumerate(briefing.entities, start=len(briefing.articles) + 1):
        pages[f"glossary/{entity.id}.md"], every_mention = _entity(entity, index, env, structured[f"glossary/{entity.id}.md"])
        if every_mention is not None:
            pages[f"{MENTIONS_FOLDER}/{entity.id}.md"] = every_mention
        progress("rendering", done, total)
    pages["actor-map.md"] = env.get_template("actor_map.md.j2").render(
        front={"search": {"boost": INDEX_SEARCH_BOOST}, "description": attribute_text("Who the articles name together, as a network.")},
        map=actor_map(briefing, "glossary/", href_prefix="../glossary/", remember=remember),
    )
    data = {
        **{path: fragment for path, fragment in maps.items() if fragment},
        "assets/briefing/entities.json": _cards(briefing),
        "assets/briefing/addresses.json": to_json({a.slug: addresses_map(a) for a in briefing.articles}, sort_keys=True),
    }
    return one_per_path(pages, export_files(briefing, site_url), data)


MAPS_FOLDER = "assets/briefing/maps"


def map_fragment(slug: str) -> str:
    """Where an article's compact actor map is published, from the site's root."""
    return f"{MAPS_FOLDER}/{slug}.html"


def _article(article: Article, index: _Index, env: jinja2.Environment, remember: Remember, data: dict) -> tuple[str, str]:
    """The article page's Markdown, and its actor map's fragment ("" when it draws no map)."""
    sections = []
    for section in article.sections:
        paragraphs = []
        for number, paragraph in enumerate(section.paragraphs, start=1):
            spans = [(m.start, m.end, m.entity_id) for m in index.mentions.in_paragraph((article.slug, section.number, number))]
            notes = [n for n in article.notes if (n.section, n.paragraph) == (section.number, number)]
            paragraphs.append(
                {
                    "permanent": paragraph.permanent,
                    "anchor": paragraph_anchor(section.number, number),
                    "label": pinpoint(section.number, number),
                    "markdown": render_paragraph(paragraph.text, spans, "../glossary/", notes),
                    "notes": [
                        {
                            "note": note,
                            "label": NOTE_LABELS[note.kind],
                            "markdown": env.filters["markdown"](note.text, "../glossary/"),
                        }
                        for note in notes
                    ],
                }
            )
        sections.append({"section": section, "label": pinpoint(section.number), "paragraphs": paragraphs})
    mentioned = [index.entities[i] for i in sorted({m.entity_id for m in index.mentions.in_article(article.slug)}, key=lambda i: index.entities[i].name)]
    compact = actor_map(
        index.briefing,
        "../glossary/",
        article=article.slug,
        compact=True,
        href_prefix="../../glossary/",
        mentions=index.mentions.in_article(article.slug),
        remember=remember,
        entities=index.entities,
    )
    page = env.get_template("article.md.j2").render(
        front=_article_front(article, data), article=article, sections=sections, entities=mentioned, map=compact,
        map_stand_in=compact.stand_in(map_fragment(article.slug)),
    )
    return page, _map_document(article, compact.fragment) if compact.nodes else ""


def _map_document(article: Article, body: str) -> str:
    """The file an article page fetches its actor map from: a document of its own, so that validators
    read it as one, kept out of search engines; actor-map.js takes what its body holds."""
    title = html_text(f"Actor map of {article.title}")
    return (
        '<!doctype html>\n<html>\n<head>\n<meta charset="utf-8">\n<meta name="robots" content="noindex">\n'
        f"<title>{title}</title>\n</head>\n<body>\n{body}</body>\n</html>\n"
    )


# Front matter: what Material and Zensical read (`title`, `search`, `tags`, `description`, which they print
# into an attribute unescaped), and last, on one line, what the theme (templates/theme/main.html) prints as
# citation tags and JSON-LD: `briefing`, structured.py's data. It is the one way into an engine's template
# that needs no hook (Zensical runs none).


def _article_front(article: Article, data: dict) -> dict:
    return {"search": {"boost": ARTICLE_SEARCH_BOOST}, "description": attribute_text(article_description(article)), "briefing": data}


def _entity_front(entity: Entity, names: Disambiguation, data: dict) -> dict:
    front: dict = {}
    if names.heading_aliases:
        # The heading holds more than the title; engines take the title from the heading otherwise. Escaped as
        # MkDocs escapes a title it takes from a heading (Material prints it unescaped).
        front["title"] = html_text(entity.title)
    front["search"] = {"boost": ENTITY_SEARCH_BOOST}
    if entity.acronyms:
        # Material's search weighs tags far above titles, so a typed acronym ranks this page
        # above pages whose words merely begin with the same letters ("EU" and "Eurasian").
        front["tags"] = list(entity.acronyms)
    front["description"] = attribute_text(entity.summary)
    front["briefing"] = data
    return front


def _entity(entity: Entity, index: _Index, env: jinja2.Environment, data: dict) -> tuple[str, str | None]:
    """The entry's page, and the page of its every mention when there are too many articles to list them all on it."""
    mentions_by_article: dict[str, list[dict]] = defaultdict(list)
    for mention in index.mentions.of_entity(entity.id):
        mentions_by_article[mention.article].append(
            {
                "label": pinpoint(mention.section, mention.paragraph),
                "href": f"../articles/{mention.article}.md#{mention.anchor}",
                "snippet": index.snippet(mention),
            }
        )
    notes = [
        {
            "article": article,
            "note": note,
            "label": NOTE_LABELS[note.kind],
            "href": f"../articles/{article.slug}.md#note-{note.number}",
            "pinpoint": pinpoint(note.section, note.paragraph),
            "markdown": env.filters["markdown"](note.text, ""),
        }
        for article, note in index.notes_about(entity.id)
    ]
    mentions = [(index.articles[slug], items) for slug, items in mentions_by_article.items()]
    mention_count = len(index.mentions.of_entity(entity.id))
    names = index.disambiguation.get(entity.id, Disambiguation())
    local_articles, local_names = index.local_names.get(entity.id, (0, []))
    page = env.get_template("entity.md.j2").render(
        front=_entity_front(entity, names, data),
        names=names,
        confused=[{"term": term, "shown": others[:CONFUSED_SHOWN], "more": len(others[CONFUSED_SHOWN:])} for term, others in names.confused],
        local_names=local_names,
        local_articles=local_articles,
        notes=notes,
        entity=entity,
        draft_summary=draft_summary(entity.type),
        mentions=mentions[:ENTRY_ARTICLES],
        article_count=len(mentions),
        every_mention=f"../{MENTIONS_FOLDER}/{entity.id}.md" if len(mentions) > ENTRY_ARTICLES else None,
        mention_count=mention_count,
        companions=index.companions(entity.id),
    )
    if len(mentions) <= ENTRY_ARTICLES:
        return page, None
    front = {"search": {"exclude": True}, "description": attribute_text(f"Every mention of {entity.name} in the briefing's articles.")}
    return page, env.get_template("mentions.md.j2").render(front=front, entity=entity, mentions=mentions, mention_count=mention_count)


def _glossary_index(briefing: Briefing, index: _Index, env: jinja2.Environment, data: dict) -> str:
    """The entries grouped by type, then the drafts no editor has reviewed, in a group of their own."""
    groups = []
    for kind in ENTITY_TYPES:
        members = sorted((e for e in briefing.entities if e.type == kind and not e.draft), key=lambda e: e.name.casefold())
        if members:
            groups.append((TYPE_HEADINGS[kind], [(e, len(index.mentions.of_entity(e.id))) for e in members]))
    drafts = sorted(briefing.drafts, key=lambda e: (-len(index.mentions.of_entity(e.id)), e.name.casefold()))
    if drafts:
        groups.append((DRAFTS_HEADING, [(e, len(index.mentions.of_entity(e.id))) for e in drafts]))
    front = {"search": {"boost": INDEX_SEARCH_BOOST}, "description": attribute_text(glossary_description(briefing)), "briefing": data}
    return env.get_template("glossary_index.md.j2").render(
        front=front, groups=groups, total=len(briefing.entities), drafts=len(drafts), drafts_heading=DRAFTS_HEADING
    )


def _article_items(briefing: Briefing, index: _Index) -> list[dict]:
    """Each article with the figures its listing shows."""
    items = []
    for article in briefing.articles:
        mentions = index.mentions.in_article(article.slug)
        items.append({"article": article, "paragraphs": len(article.paragraphs), "mentions": len(mentions), "entities": len({m.entity_id for m in mentions})})
    return items


def _home(briefing: Briefing, index: _Index, env: jinja2.Environment) -> str:
    counts = Counter(e.type for e in briefing.entities)
    return env.get_template("home.md.j2").render(
        articles=_article_items(briefing, index),
        home_articles=HOME_ARTICLES,
        entity_count=len(briefing.entities),
        type_counts=[(kind, counts[kind]) for kind in ENTITY_TYPES if counts[kind]],
    )


def _cards(briefing: Briefing) -> str:
    cards = {e.id: _card(e) for e in briefing.entities}
    return to_json(cards, sort_keys=True)


def _card(entity: Entity) -> dict:
    """A hover card; a draft's says that its type is a guess and that no editor has described it."""
    card = {
        "name": entity.title,
        "type": f"{TYPE_LABELS[entity.type]} (guessed)" if entity.draft else TYPE_LABELS[entity.type],
        "summary": entity.summary,
        "url": f"glossary/{entity.id}/",
        "terms": list(entity.terms),
    }
    if entity.draft:
        card["draft"] = True
    return card
