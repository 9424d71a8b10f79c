"""The briefing's data model: frozen values passed from stage to stage."""
from __future__ import annotations

from dataclasses import dataclass, field

from .errors import Location

ENTITY_TYPES = ("person", "country", "organization", "place", "event", "concept", "media")
# Page names the site itself uses inside glossary/ and articles/.
RESERVED_IDS = frozenset({"index", "assets", "search", "glossary", "articles"})


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
    location: Location = field(default=Location("glossary.yml"), compare=False)

    @property
    def terms(self) -> tuple[str, ...]:
        """Every string that marks this entity in the text: name first, then aliases."""
        return (self.name, *self.aliases)


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


@dataclass(frozen=True)
class Section:
    number: int
    title: str
    paragraphs: tuple[Paragraph, ...]

    @property
    def anchor(self) -> str:
        return f"s{self.number}"


@dataclass(frozen=True)
class Article:
    slug: str
    title: str
    source: Source
    sections: tuple[Section, ...]
    summary: str = ""
    path: str = ""

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


@dataclass(frozen=True)
class Briefing:
    entities: tuple[Entity, ...]
    articles: tuple[Article, ...]
    mentions: tuple[Mention, ...] = ()
