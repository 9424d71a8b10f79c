"""The briefing's data model: frozen values passed from stage to stage."""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from .errors import Location

ENTITY_TYPES = ("person", "country", "organization", "place", "event", "concept", "media")
TYPE_LABELS = {kind: kind.capitalize() for kind in ENTITY_TYPES}
TYPE_HEADINGS = {
    "person": "People",
    "country": "Countries",
    "organization": "Organizations",
    "place": "Places",
    "event": "Events",
    "concept": "Concepts",
    "media": "Media",
}
# Page names the site itself uses inside glossary/ and articles/.
RESERVED_IDS = frozenset({"index", "assets", "search", "glossary", "articles"})
_ACRONYM = re.compile(r"[A-Z][A-Z0-9.+&-]{1,9}")


@dataclass(frozen=True)
class Link:
    title: str
    url: str


@dataclass(frozen=True)
class Entity:
    id: str
    name: str
    type: str
    summary: str
    aliases: tuple[str, ...] = ()
    description: str = ""
    facts: tuple[tuple[str, str], ...] = ()
    links: tuple[Link, ...] = ()
    wikidata: str = ""  # a Wikidata item id (Q232), given only where certain
    never: tuple[str, ...] = ()  # longer phrases holding a term that are no mention of it ("West Asia")
    draft: bool = False  # found in the text or marked unreviewed: no editor has described it yet
    discovered: bool = False  # added by the build from the text; glossary.yml does not hold it
    location: Location = field(default=Location("glossary.yml"), compare=False)

    @property
    def terms(self) -> tuple[str, ...]:
        """Every string that marks this entity in the text: name first, then aliases."""
        return (self.name, *self.aliases)

    @property
    def acronyms(self) -> tuple[str, ...]:
        """The aliases written in capitals (SCO, EU, U.S.)."""
        return tuple(a for a in self.aliases if _ACRONYM.fullmatch(a) and a not in self.name)

    @property
    def acronym(self) -> str:
        return self.acronyms[0] if self.acronyms else ""

    @property
    def title(self) -> str:
        """The name as a page title, with its acronym: "European Union (EU)".

        The acronym in the title also lets a search for it rank this page above
        pages whose words merely begin with the same letters.
        """
        return f"{self.name} ({self.acronym})" if self.acronym else self.name


@dataclass(frozen=True)
class Source:
    name: str
    url: str = ""
    published: str = ""
    author: str = ""


@dataclass(frozen=True)
class Paragraph:
    text: str
    line: int  # line of the source file where the paragraph starts
    permanent: str = ""  # the address that never changes once published ("para-7")


@dataclass(frozen=True)
class Section:
    number: int
    title: str
    paragraphs: tuple[Paragraph, ...]
    permanent: str = ""  # "sec-2"

    @property
    def anchor(self) -> str:
        return f"s{self.number}"


@dataclass(frozen=True)
class AddressRecord:
    """One permanent address in an article's registry, with every readable anchor it has had."""

    id: str
    anchors: tuple[str, ...]  # readable anchors, oldest first ("s2-p3", then "s2-p4" ...)
    text: str = ""  # a paragraph's text (for re-anchoring after edits) or a section's title
    section: str = ""  # a paragraph's section, by permanent id
    removed: bool = False


@dataclass(frozen=True)
class Registry:
    """Every permanent address an article has published: ids are never reused."""

    sections: tuple[AddressRecord, ...] = ()
    paragraphs: tuple[AddressRecord, ...] = ()
    next_section: int = 1
    next_paragraph: int = 1


NOTE_KINDS = ("context", "correction", "update", "source")
# A note's label opens its text on the page, and tells the Markdown extension its kind.
NOTE_LABELS = {"context": "Context", "correction": "Correction", "update": "Update", "source": "About the source"}
GLOSSARY_LINK = re.compile(r"\]\(\s*glossary:([a-z0-9-]+)\s*\)")  # [words](glossary:<id>) in editors' Markdown


@dataclass(frozen=True)
class Note:
    """An editor's note anchored to quoted text, as a W3C TextQuoteSelector would find it."""

    number: int
    kind: str  # one of NOTE_KINDS
    quote: str
    text: str  # Markdown; [words](glossary:<id>) links an entity
    section: int
    paragraph: int
    start: int  # the quote's offsets in the paragraph's text
    end: int
    prefix: str = ""
    suffix: str = ""
    location: Location = field(default=Location(""), compare=False)

    @property
    def references(self) -> tuple[str, ...]:
        """The glossary ids the note's text links to, in order, once each."""
        return tuple(dict.fromkeys(GLOSSARY_LINK.findall(self.text)))


@dataclass(frozen=True)
class LocalAlias:
    """A phrase that names an entry in one article only ("here, 'the election' means ..."): its .yml's `aliases:`."""

    phrase: str
    entity_id: str
    location: Location = field(default=Location(""), compare=False)


@dataclass(frozen=True)
class Article:
    slug: str
    title: str
    source: Source
    sections: tuple[Section, ...]
    summary: str = ""
    path: str = ""
    title_location: Location = field(default=Location(""), compare=False)
    published: str = ""  # this edition's date (the briefing's own, not the source's)
    notes: tuple[Note, ...] = ()
    registry: Registry = field(default_factory=lambda: Registry())
    aliases: tuple[LocalAlias, ...] = ()

    @property
    def paragraphs(self) -> tuple[tuple[Section, int, Paragraph], ...]:
        """Every paragraph with its section and 1-based number within the section."""
        return tuple(
            (section, number, paragraph)
            for section in self.sections
            for number, paragraph in enumerate(section.paragraphs, start=1)
        )


def paragraph_anchor(section: int, paragraph: int) -> str:
    return f"s{section}-p{paragraph}"


_PARAGRAPH_ANCHOR = re.compile(r"s([1-9][0-9]*)-p([1-9][0-9]*)")


def parse_paragraph_anchor(anchor: str) -> tuple[int, int] | None:
    """(section, paragraph) of an anchor paragraph_anchor made; None for any other id."""
    found = _PARAGRAPH_ANCHOR.fullmatch(anchor)
    return (int(found.group(1)), int(found.group(2))) if found else None


def pinpoint(section: int, paragraph: int | None = None) -> str:
    """The citation label readers see: §2 ¶3."""
    return f"§{section}" if paragraph is None else f"§{section} ¶{paragraph}"


@dataclass(frozen=True)
class Mention:
    entity_id: str
    article: str  # slug
    section: int
    paragraph: int
    start: int  # character offsets in the paragraph's text
    end: int

    @property
    def anchor(self) -> str:
        return paragraph_anchor(self.section, self.paragraph)


Place = tuple[str, int, int]  # a paragraph: (article slug, section number, paragraph number)


@dataclass(frozen=True)
class Mentions:
    """Every mention in reading order, grouped once for every stage that reads them (render, exports,
    the actor map, the check). Iterating it gives the mentions, as a tuple would."""

    all: tuple[Mention, ...] = ()
    by_paragraph: dict[Place, tuple[Mention, ...]] = field(default_factory=dict)
    by_entity: dict[str, tuple[Mention, ...]] = field(default_factory=dict)
    by_article: dict[str, tuple[Mention, ...]] = field(default_factory=dict)

    @classmethod
    def of(cls, mentions: Iterable[Mention]) -> Mentions:
        ordered = tuple(mentions)
        by_paragraph: dict[Place, list[Mention]] = {}
        by_entity: dict[str, list[Mention]] = {}
        by_article: dict[str, list[Mention]] = {}
        for mention in ordered:
            by_paragraph.setdefault((mention.article, mention.section, mention.paragraph), []).append(mention)
            by_entity.setdefault(mention.entity_id, []).append(mention)
            by_article.setdefault(mention.article, []).append(mention)
        return cls(
            ordered,
            {place: tuple(group) for place, group in by_paragraph.items()},
            {entity: tuple(group) for entity, group in by_entity.items()},
            {slug: tuple(group) for slug, group in by_article.items()},
        )

    def __iter__(self) -> Iterator[Mention]:
        return iter(self.all)

    def __len__(self) -> int:
        return len(self.all)

    def __getitem__(self, index):
        return self.all[index]

    def in_paragraph(self, place: Place) -> tuple[Mention, ...]:
        return self.by_paragraph.get(place, ())

    def of_entity(self, entity_id: str) -> tuple[Mention, ...]:
        return self.by_entity.get(entity_id, ())

    def in_article(self, slug: str) -> tuple[Mention, ...]:
        return self.by_article.get(slug, ())


@dataclass(frozen=True)
class Briefing:
    entities: tuple[Entity, ...]
    articles: tuple[Article, ...]
    mentions: Mentions = field(default_factory=Mentions)  # a plain sequence of mentions is indexed on creation
    raw_html: bool = False  # editors' Markdown may hold raw HTML
    discover: bool = True  # glossary.yml's `discover`: draft entries for the names no entry covers
    ignore: tuple[str, ...] = ()  # glossary.yml's `ignore`: names the editor rejected

    @property
    def drafts(self) -> tuple[Entity, ...]:
        return tuple(e for e in self.entities if e.draft)

    def __post_init__(self) -> None:
        if not isinstance(self.mentions, Mentions):
            object.__setattr__(self, "mentions", Mentions.of(self.mentions))
