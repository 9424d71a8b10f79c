"""Deterministic synthetic briefings: a glossary of K entities and N articles of extracted-looking prose.

Everything comes from one seeded random generator, so the same (N, K, seed) always
writes byte-identical files. Entity names are built from invented words that never
occur in the filler prose, so every mention in the text is one the corpus planted.
Articles imitate the seed's extraction: no blank lines, lines broken at irregular
places (often mid-sentence, sometimes after one word), the odd word split by a
line-final hyphen.
"""
from __future__ import annotations

import bisect
import itertools
import random
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ARTICLE_BYTES = 4000  # about the seed article's size
MENTION_CHANCE = 0.7  # per slot of a sentence; gives about the seed's density (66 mentions in 4 KB)
SYLLABLES = (
    "ka", "ra", "to", "vi", "len", "mar", "sol", "dan", "bre", "zu", "nor", "tal", "es", "an", "or",
    "il", "qua", "ber", "gan", "dor", "mi", "sha", "lo", "ven", "tis", "rok", "pel", "sar", "um", "yas",
)
TYPES = ("country", "person", "organization", "place", "event", "concept", "media")
TYPE_WEIGHTS = (12, 30, 22, 12, 8, 8, 8)

SUBJECTS = (
    "the government", "officials", "the ministry of foreign affairs", "analysts", "the ruling elite",
    "observers in the region", "the new cabinet", "business leaders", "the opposition", "diplomats",
    "the central bank", "regional governors", "the parliament", "energy companies", "many voters",
)
VERBS = (  # past tenses agree with any subject
    "sought", "continued to pursue", "remained committed to", "planned to expand",
    "repeatedly questioned", "promised to revisit", "appeared ready to deepen", "could not ignore",
    "quietly welcomed", "refused to abandon", "kept a close eye on", "began to reconsider",
)
OBJECTS = (
    "closer economic ties", "a balanced foreign policy", "its oil and gas exports", "the reforms announced last year",
    "long term investment plans", "the security arrangements of the past decade", "new transport corridors",
    "a more independent course", "the customs agreements", "cooperation on water and energy",
    "the modernisation of the army", "trade in grain and metals", "the privatisation programme",
)
MODIFIERS = (
    "in the years to come", "since the early nineteen nineties", "despite strong pressure at home",
    "without breaking with its neighbours", "at a time of falling commodity prices", "as the vote draws near",
    "after months of difficult negotiations", "in line with its long term strategy", "for reasons of security",
    "at least for the time being", "in spite of the sanctions", "within the limits of its budget",
)
SEAT_WORDS, SEAT_PLACES = ("North", "South", "Old", "New", "Upper", "Lower"), ("Harbour", "Market", "Gate", "Bridge")
LINKERS = ("while", "although", "because", "even though", "and yet", "so that", "whereas")
# Words a line-final hyphen may split, as extractors do ("recon-" / "ciliation").
SPLITTABLE = ("reconciliation", "investment", "negotiations", "modernisation", "cooperation", "privatisation")


@dataclass
class Entity:
    id: str
    name: str
    type: str
    aliases: list[str] = field(default_factory=list)

    @property
    def terms(self) -> list[str]:
        return [self.name, *self.aliases]


@dataclass
class Corpus:
    """What was written: (slug, title) of each article in file order, and the bytes of article text."""

    titles: list[tuple[str, str]]
    text_bytes: int


class _Words:
    """Invented capitalised words, each handed out once, so no two names collide."""

    def __init__(self, rng: random.Random):
        words = ["".join(parts) for n in (2, 3) for parts in itertools.product(SYLLABLES, repeat=n)]
        rng.shuffle(words)
        self._words = iter(words)

    def take(self) -> str:
        return next(self._words).capitalize()


def make_entities(count: int, rng: random.Random) -> list[Entity]:
    """`count` entities of mixed types with whole-word names and aliases, unique across the glossary."""
    words = _Words(rng)
    used: set[str] = set()
    ids: set[str] = set()
    entities: list[Entity] = []
    countries: list[Entity] = []
    for _ in range(count):
        kind = rng.choices(TYPES, TYPE_WEIGHTS)[0]
        entity = _entity(kind, words, used, countries, rng)
        while used.intersection(entity.terms) or entity.id in ids:  # "Tissha"+"ania" = "Tisshaan"+"ia": draw again
            entity = _entity(kind, words, used, countries, rng)
        used.update(entity.terms)
        ids.add(entity.id)
        entities.append(entity)
        if kind == "country":
            countries.append(entity)
    return entities


def _entity(kind: str, words: _Words, used: set[str], countries: list[Entity], rng: random.Random) -> Entity:
    base = words.take()
    if kind == "country":
        name = base + rng.choice(("ia", "stan", "land", "ania"))
        aliases = [f"Republic of {name}"] if rng.random() < 0.5 else []
    elif kind == "person":
        name = f"{words.take()} {base}"
        aliases = [base]  # people are mostly named by surname after the first mention
    elif kind == "organization":
        if countries and rng.random() < 0.2:
            # "Bank of Karavia" contains a country's name: the matcher must prefer the longer term.
            name = f"{rng.choice(('Bank', 'Parliament', 'Academy', 'Chamber'))} of {rng.choice(countries).name}"
            if name in used:
                name = f"{base} {name}"
        else:
            name = f"{base} {words.take()} {rng.choice(('Organisation', 'Council', 'Union', 'Forum', 'Bank', 'Alliance'))}"
        acronym = "".join(word[0] for word in name.split() if word[0].isupper())
        aliases = [acronym] if len(acronym) >= 2 and acronym not in used else []
    elif kind == "place":
        name = f"{base} {rng.choice(('Valley', 'River', 'Sea', 'Mountains', 'Basin', 'Steppe'))}"
        aliases = []
    elif kind == "event":
        name = f"{base} {rng.choice(('Summit', 'Accord', 'Conference', 'Declaration', 'Protests'))}"
        aliases = [f"{name} of {rng.randint(1991, 2015)}"] if rng.random() < 0.3 else []
    elif kind == "concept":
        name = f"{base} {rng.choice(('Doctrine', 'Initiative', 'Model', 'Plan'))}"
        aliases = []
    else:
        name = f"{base} {rng.choice(('Times', 'Herald', 'Review', 'Wire', 'Post'))}"
        aliases = []
    aliases = [alias for alias in aliases if alias not in used and alias != name]
    return Entity(id=_slug(name), name=name, type=kind, aliases=aliases)


def _slug(name: str) -> str:
    return "-".join(word.lower() for word in name.replace("’", "").split())


def _dump(data) -> str:
    """YAML in block style, through libyaml when present (the pure-Python emitter is slow at K = 5000)."""
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False, width=100)


def glossary_yaml(entities: list[Entity], rng: random.Random) -> str:
    """The glossary in the seed's format: summary, a Markdown description linking other entries, facts, a link."""
    records = []
    for entity in entities:
        others = rng.sample(entities, min(2, len(entities)))
        description = " ".join(
            [
                f"{entity.name} is often discussed together with [{others[0].name}]({others[0].id}.md).",
                _sentence(rng, [], 0.0),
                _sentence(rng, [], 0.0),
                f"Its relations with [{others[-1].name}]({others[-1].id}.md) are described below.",
            ]
        )
        record = {
            "id": entity.id,
            "name": entity.name,
            "type": entity.type,
            **({"aliases": entity.aliases} if entity.aliases else {}),
            "summary": f"{'An' if entity.type[0] in 'aeiou' else 'A'} {entity.type} named in the synthetic articles, which {rng.choice(VERBS)} {rng.choice(OBJECTS)}.",
            "description": description,
            "facts": {"Founded": str(rng.randint(1900, 2014)), "Seat": f"{rng.choice(SEAT_WORDS)} {rng.choice(SEAT_PLACES)}"},
            "links": [{"title": f"{entity.name} (reference)", "url": f"https://example.org/{entity.id}"}],
        }
        records.append(record)
    return _dump({"entities": records})


class _Cast:
    """Zipf-weighted choice of entities: a few are named everywhere, most rarely, as in real news."""

    def __init__(self, entities: list[Entity]):
        self.entities = entities
        self._cumulative = list(itertools.accumulate(1.0 / rank for rank in range(1, len(entities) + 1)))

    def pick(self, rng: random.Random, count: int) -> list[Entity]:
        total = self._cumulative[-1]
        # A dict keeps the first-drawn order while dropping repeats.
        drawn = dict.fromkeys(bisect.bisect_left(self._cumulative, rng.random() * total) for _ in range(count * 3))
        return [self.entities[i] for i in list(drawn)[:count]]


def _mention(entity: Entity, rng: random.Random) -> str:
    term = rng.choice(entity.terms)
    roll = rng.random()
    if roll < 0.12:
        return term + "’s"
    if roll < 0.16:
        return term + "'s"
    return term


def _phrase(pool: tuple[str, ...], cast: list[Entity], rng: random.Random, chance: float, joiner: str) -> str:
    phrase = rng.choice(pool)
    if cast and rng.random() < chance:
        phrase = f"{phrase} {joiner} {_mention(rng.choice(cast), rng)}"
    return phrase


def _sentence(rng: random.Random, cast: list[Entity], chance: float) -> str:
    """One sentence of analysis prose; `chance` is how often each slot names an entity."""
    subject = _mention(rng.choice(cast), rng) if cast and rng.random() < chance else rng.choice(SUBJECTS)
    parts = [subject, rng.choice(VERBS), _phrase(OBJECTS, cast, rng, chance, "with")]
    for _ in range(rng.randint(0, 2)):
        parts.append(_phrase(MODIFIERS, cast, rng, chance / 2, "and"))
    if rng.random() < 0.3:
        parts.append(f", {rng.choice(LINKERS)} {_phrase(SUBJECTS, cast, rng, chance, 'in')} {rng.choice(VERBS)} {rng.choice(OBJECTS)}")
    text = " ".join(parts).replace(" ,", ",")
    return text[0].upper() + text[1:] + "."


def article_text(rng: random.Random, cast: list[Entity], size: int = ARTICLE_BYTES) -> tuple[str, list[str]]:
    """Extracted-looking text of about `size` bytes, and the first words of each paragraph it was written as."""
    paragraphs: list[list[str]] = []
    written = 0
    while written < size:
        sentences = [_sentence(rng, cast, MENTION_CHANCE) for _ in range(rng.randint(2, 5))]
        if rng.random() < 0.3:
            word = rng.choice(SPLITTABLE)
            sentences[-1] = sentences[-1][:-1] + f" for the sake of {word}."
        paragraphs.append(sentences)
        written += sum(len(s.encode()) + 1 for s in sentences)
    lines: list[str] = []
    openings = []
    for sentences in paragraphs:
        openings.append(sentences[0])
        lines.extend(_break_lines(" ".join(sentences), rng))
    return "\n".join(lines) + "\n", openings


def _break_lines(paragraph: str, rng: random.Random) -> list[str]:
    """Break a paragraph's words into lines of irregular length, as a careless extractor does."""
    words = paragraph.split(" ")
    lines: list[str] = []
    current: list[str] = []
    target = _line_target(rng)
    for index, word in enumerate(words):
        current.append(word)
        last = index == len(words) - 1
        if last or len(current) < target:
            continue
        following = words[index + 1]
        if word.endswith(".") and following[:1].isupper():
            continue  # a break here would start a new paragraph; keep the paragraph whole
        if word in SPLITTABLE and rng.random() < 0.5:
            cut = len(word) // 2
            current[-1] = word[:cut] + "-"
            words[index + 1] = word[cut:] + " " + following
        lines.append(" ".join(current))
        current, target = [], _line_target(rng)
    if current:
        lines.append(" ".join(current))
    return lines


def _line_target(rng: random.Random) -> int:
    """Words on the next line: mostly long lines, with one- and two-word lines mixed in, like the seed."""
    roll = rng.random()
    if roll < 0.15:
        return 1
    if roll < 0.3:
        return rng.randint(2, 5)
    return rng.randint(8, 30)


def _section_quote(opening: str, text: str) -> str | None:
    """The shortest start of a paragraph's first sentence found once in the article, or None."""
    words = opening.split(" ")
    flat = " ".join(re.sub(r"-\n(?=[a-z])", "", text).split())  # as reflow reads it: split words rejoined
    for count in range(5, len(words) + 1):
        quote = " ".join(words[:count])
        if flat.count(quote) == 1:
            return quote
    return None


def article_meta(index: int, title: str, rng: random.Random, openings: list[str], text: str) -> str:
    """Metadata with a title, a source, a summary and up to three sections found by quotes."""
    sections = [{"title": "Background"}]
    for title_part, position in (("The balance of interests", len(openings) // 3), ("Outlook", 2 * len(openings) // 3)):
        quote = _section_quote(openings[position], text) if position > 0 else None
        if quote and all(quote != s.get("starts") for s in sections):
            sections.append({"title": title_part, "starts": quote})
    meta = {
        "title": title,
        "source": {"name": "Synthetic Wire", "url": f"https://example.org/articles/{index}", "published": f"2015-{1 + index % 12:02d}-{1 + index % 28:02d}"},
        "summary": _sentence(rng, [], 0.0),
        "sections": sections,
    }
    return _dump(meta)


def write_corpus(root: Path, articles: int, entities: int, seed: int = 2015) -> Corpus:
    """Write seeds/ for N articles and K entities under `root`; the same arguments give the same bytes."""
    rng = random.Random(f"{seed}:{articles}:{entities}")
    seeds = root / "seeds"
    seeds.mkdir(parents=True, exist_ok=True)
    glossary = make_entities(entities, rng)
    cast = _Cast(glossary)
    glossary_text = glossary_yaml(glossary, rng)
    (seeds / "glossary.yml").write_text(glossary_text, encoding="utf-8")
    titles, text_bytes = [], 0
    for index in range(1, articles + 1):
        slug = f"article-{index:04d}"
        people = cast.pick(rng, rng.randint(12, 20))
        text, openings = article_text(rng, people)
        title = f"Briefing {index}: {people[0].name} and the balance of powers"
        (seeds / f"{slug}.txt").write_text(text, encoding="utf-8")
        (seeds / f"{slug}.yml").write_text(article_meta(index, title, rng, openings, text), encoding="utf-8")
        titles.append((slug, title))
        text_bytes += len(text.encode())
    return Corpus(titles, text_bytes)
