"""Read seeds/ into the model: the folder's files (seeds.py), validated against their shapes
(schema.py), then checked across fields and files, which no shape can say.

Every mistake is reported as ``path:line:column: message``; all problems of one run are
collected and raised together.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass, replace
from pathlib import Path

from .discover import draft_summary
from .errors import Location, Problem, Problems, printable, quoted
from .model import GLOSSARY_LINK, RESERVED_IDS, Article, Briefing, Entity, Link, LocalAlias, Note, Paragraph, Section, Source
from .reflow import CONTROL, reflow
from .registry import REGISTRY_SUFFIX, parse_registry
from .schema import ARTICLE, GLOSSARY, ID_PATTERN, INVALID, MAX_NAME, Context, Fields, validate
from .seeds import list_seed_files, read_seed
from .yamlpos import Node, load_yaml

GLOSSARY_FILE = "glossary.yml"
DEFAULT_SECTION_TITLE = "Full text"
# Words so common that an alias spelled like one would mark ordinary prose.
COMMON_WORDS = frozenset(
    """a about after all also an and any are as at be because been but by can could day did do
    even first for from get go good has have he her him his how i if in into is it its just know
    like make man may me more most my new no not now of on one only or other our out over people
    say see she so some take than that the their them then there these they thing think this
    time to two up us use very want was way we well were what when which who will with would
    year you your""".split()
)


def read_seeds(seeds: Path) -> tuple[Briefing, tuple[Problem, ...]]:
    """Read every seed file; return the briefing and the warnings, or raise every error together."""
    problems = Problems()
    files = list_seed_files(seeds, problems)
    problems.raise_if_any()  # the folder itself is unusable: nothing else can be said
    glossary = _read_glossary(seeds, files, problems)
    texts = {name.removesuffix(".txt"): path for name, path in files.items() if name.endswith(".txt")}
    metas = {
        name.removesuffix(".yml"): path
        for name, path in files.items()
        if name.endswith(".yml") and name != GLOSSARY_FILE and not name.endswith(REGISTRY_SUFFIX)
    }
    if not texts and not metas:
        problems.error(Location(str(seeds)), "the seeds folder holds no article (<slug>.txt with <slug>.yml)")
    articles = []
    for slug in sorted(texts.keys() | metas.keys()):
        if slug not in metas:
            problems.error(Location(str(seeds / f"{slug}.txt")), f"the article has no metadata file {printable(slug)}.yml beside it")
        elif slug not in texts:
            problems.error(Location(str(seeds / f"{slug}.yml")), f"the metadata has no article {printable(slug)}.txt beside it")
        elif texts[slug] is not None and metas[slug] is not None:  # else refused when listed, and reported then
            article = _read_article(slug, texts[slug], metas[slug], files.get(f"{slug}{REGISTRY_SUFFIX}"), glossary, problems)
            if article is not None:
                articles.append(article)
    for name in files:
        if name.endswith(REGISTRY_SUFFIX) and name.removesuffix(REGISTRY_SUFFIX) not in texts:
            problems.warn(Location(str(seeds / name)), "this registry of addresses belongs to no article; its addresses no longer resolve")
    _check_titles(articles, problems)
    _check_glossary_links(articles, glossary, problems)
    _check_local_aliases(articles, glossary, problems)
    problems.raise_if_any()
    briefing = Briefing(
        entities=glossary.entities, articles=tuple(articles), raw_html=glossary.raw_html, discover=glossary.discover, ignore=glossary.ignore
    )
    return briefing, tuple(problems.warnings)


def _read_glossary(seeds: Path, files: dict[str, Path | None], problems: Problems) -> Glossary:
    if GLOSSARY_FILE not in files:
        problems.error(Location(str(seeds / GLOSSARY_FILE)), "the glossary file is missing")
    elif files[GLOSSARY_FILE] is not None:  # else refused when listed
        text = read_seed(files[GLOSSARY_FILE], problems)
        if text is not None:
            return parse_glossary(str(files[GLOSSARY_FILE]), text, problems)
    return Glossary()


def _read_article(slug: str, text_path: Path, meta_path: Path, registry_path: Path | None, glossary: Glossary, problems: Problems) -> Article | None:
    """The article of one slug, with its registry of addresses where it has one."""
    if not _check_slug(slug, text_path, problems):
        return None
    text = read_seed(text_path, problems)
    meta = read_seed(meta_path, problems)
    if text is None or meta is None:
        return None
    article = parse_article(slug, str(text_path), text, str(meta_path), meta, problems, glossary.raw_html)
    if article is None or registry_path is None:
        return article
    registry_text = read_seed(registry_path, problems)
    registry = parse_registry(str(registry_path), registry_text, problems) if registry_text is not None else None
    return replace(article, registry=registry) if registry is not None else None


# --- glossary ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Glossary:
    entities: tuple[Entity, ...] = ()
    raw_html: bool = False  # let editors' Markdown hold raw HTML (off: it is shown as text)
    discover: bool = True  # add draft entries for the names no entry covers
    ignore: tuple[str, ...] = ()  # names the editor has rejected: never a draft entry
    # The ids of entries refused for a mistake reported already; None when the glossary could not be read
    # at all. A link or alias naming one of them is no second mistake, so it is not reported as naming no entry.
    refused: frozenset[str] | None = None


def parse_glossary(path: str, text: str, problems: Problems) -> Glossary:
    """The glossary's entities, each valid one kept; every mistake is reported."""
    root = load_yaml(path, text, problems)
    if root is None:
        return Glossary()
    context = Context(path, problems, text, raw_html=_raw_html(root))
    top = validate(root, GLOSSARY, context)
    if top is INVALID or top["entities"] is INVALID:
        return Glossary()
    parsed = [_entity(fields, context) for fields in top["entities"] if _described(fields, context)]
    _check_unique(parsed, problems)
    refused = frozenset(_written_ids(root) - {entity.id for entity, _ in parsed})
    if top["discover"] is INVALID or top["ignore"] is INVALID:
        return Glossary(refused=refused)
    ignore = _ignored(top["ignore"] or (), context)
    return Glossary(tuple(entity for entity, _ in parsed), raw_html=top["raw_html"], discover=top["discover"], ignore=ignore, refused=refused)


def _written_ids(root: Node) -> set[str]:
    """The ids written in the glossary's entries, whether or not the entries were valid."""
    ids = set()
    for entry in root.value["entities"].value:
        written = entry.value.get("id") if isinstance(entry.value, dict) else None
        if written is not None and isinstance(written.value, str):
            ids.add(written.value.strip())
    return ids


def _described(fields: Fields, context: Context) -> bool:
    """Whether the entry has the summary it needs: only a draft (`draft: true`) may go without one."""
    if fields["summary"] is not None or fields["draft"] is True:
        return True
    context.error(fields.node, "an entity is missing the required key 'summary'")
    return False


def _ignored(listed: list[tuple[str, Node]], context: Context) -> tuple[str, ...]:
    """The rejected names, each once; a repeated one is warned of."""
    seen: dict[str, Node] = {}
    for name, node in listed:
        if name in seen:
            context.problems.warn(context.at(node), f"{quoted(name)} is listed twice in 'ignore'")
        seen.setdefault(name, node)
    return tuple(seen)


def _raw_html(root: Node) -> bool:
    """The glossary's own raw_html flag, which every description of it is checked with."""
    flag = root.value.get("raw_html") if isinstance(root.value, dict) else None
    return flag is not None and flag.value is True


def _entity(fields: Fields, context: Context) -> tuple[Entity, dict[str, Location]]:
    """The entity, with where each of its terms (name and aliases) was written; a common word or a repeated alias is warned of."""
    entity_id, name, aliases = fields["id"], fields["name"], fields["aliases"]
    term_locations = {name: context.at(fields.where("name"))}
    for term, term_node in [(name, fields.where("name")), *aliases]:
        if term in COMMON_WORDS or term.lower() in COMMON_WORDS and term == term.capitalize():
            context.problems.warn(context.at(term_node), f"{quoted(term)} is also a common word: it will mark ordinary prose wherever the word appears")
    for alias, alias_node in aliases:
        if alias in term_locations:
            context.problems.warn(context.at(alias_node), f"alias {quoted(alias)} is listed twice for '{entity_id}'")
        else:
            term_locations[alias] = context.at(alias_node)
    entity = Entity(
        id=entity_id,
        name=name,
        type=fields["type"],
        summary=fields["summary"] or draft_summary(fields["type"]),
        aliases=tuple(term_locations)[1:],
        description=fields["description"],
        facts=tuple(fields["facts"]),
        links=tuple(Link(**link.values) for link in fields["links"]),
        wikidata=fields["wikidata"],
        draft=fields["draft"] is True,
        never=tuple(phrase for phrase, _ in fields["never"]),
        location=context.at(fields.node),
    )
    return entity, term_locations


def _check_unique(parsed: list[tuple[Entity, dict[str, Location]]], problems: Problems) -> None:
    """Each id names one entity, and each term (name or alias) one entity."""
    ids: dict[str, Entity] = {}
    owners: dict[str, tuple[Entity, Location]] = {}
    for entity, term_locations in parsed:
        if entity.id in ids:
            first = ids[entity.id].location.line
            problems.error(entity.location, f"duplicate id '{entity.id}' (first defined at line {first})")
            continue
        ids[entity.id] = entity
        for term, where in term_locations.items():
            owner, first = owners.setdefault(term, (entity, where))
            if owner is not entity:
                problems.error(where, f"{quoted(term)} of '{entity.id}' is already a name or alias of '{owner.id}' (line {first.line})")


# --- articles ---------------------------------------------------------------------------


def parse_article(
    slug: str, text_path: str, text: str, meta_path: str, meta_text: str, problems: Problems, raw_html: bool = False
) -> Article | None:
    """The article from its text and metadata, or None once what is wrong with it is reported."""
    paragraphs = reflow(text)
    control = CONTROL.search(text)
    if control:
        line = text.count("\n", 0, control.start()) + 1
        problems.warn(Location(text_path, line), f"control character U+{ord(control.group()):04X} removed (and any others)")
    if not paragraphs:
        what = "holds only whitespace" if text else "is empty"
        problems.error(Location(text_path, 1), f"the article {what}")
    root = load_yaml(meta_path, meta_text, problems)
    if root is None:
        return None
    context = Context(meta_path, problems, meta_text, raw_html)
    fields = validate(root, ARTICLE, context)
    if fields is INVALID:
        return None
    sections = _sections(fields, paragraphs, context) if paragraphs else None
    if not fields.complete or sections is None:
        return None
    return Article(
        slug=slug,
        title=fields["title"],
        source=Source(**fields["source"].values),
        sections=sections,
        summary=fields["summary"],
        path=text_path,
        title_location=context.at(fields.where("title")),
        published=fields["published"],
        notes=_notes(fields["notes"], sections, context),
        aliases=tuple(LocalAlias(phrase, entity_id, context.at(fields.where("aliases").value[phrase])) for phrase, entity_id in fields["aliases"]),
    )


def _sections(fields: Fields, paragraphs: tuple[Paragraph, ...], context: Context) -> tuple[Section, ...] | None:
    """The article's sections, each starting at the one paragraph its quote is found in, in reading order."""
    listed = fields["sections"]
    if listed is None:
        return (Section(1, DEFAULT_SECTION_TITLE, paragraphs),)
    if listed is INVALID:
        return None
    items = fields.where("sections").value
    failed = len(listed) < len(items)
    for item in items[1:]:  # every section but the first, which starts with the article, says where it starts
        if isinstance(item.value, dict) and "starts" not in item.value:
            context.error(item, "a section is missing the required key 'starts'")
            failed = True
    starts: list[tuple[int, str, Node]] = []
    for section in listed:
        if not section.given("starts"):
            index = 0 if section.node is items[0] else None
        else:
            index = _find_start(section["starts"], section.where("starts"), paragraphs, context)
        if index is None:
            failed = True
        else:
            starts.append((index, section["title"], section.node))
    if failed:
        return None
    if starts[0][0] != 0:
        context.error(
            starts[0][2],
            f"the first section starts at paragraph {starts[0][0] + 1}, leaving the paragraphs before it outside "
            "every section; drop its 'starts' or add a section before it",
        )
        return None
    for (before, _, _), (index, title, item) in zip(starts, starts[1:]):
        if index <= before:
            context.error(item, f"section {quoted(title)} starts at paragraph {index + 1}, not after the previous section (paragraph {before + 1}); keep sections in reading order")
            return None
    bounds = [index for index, _, _ in starts] + [len(paragraphs)]
    return tuple(
        Section(number, title, paragraphs[bounds[number - 1]:bounds[number]])
        for number, (_, title, _) in enumerate(starts, start=1)
    )


def _find_start(quote: str, node: Node, paragraphs: tuple[Paragraph, ...], context: Context) -> int | None:
    """The index of the one paragraph a section's quote is found in."""
    found = [index for index, paragraph in enumerate(paragraphs) if quote in paragraph.text]
    if not found:
        context.error(node, f"section quote {quoted(quote)} is found in no paragraph of the article")
        return None
    if len(found) > 1:
        where = ", ".join(str(index + 1) for index in found)
        context.error(node, f"section quote {quoted(quote)} is found in {len(found)} paragraphs ({where}); quote more words so it names one")
        return None
    return found[0]


def _notes(listed: list[Fields], sections: tuple[Section, ...], context: Context) -> tuple[Note, ...]:
    """The notes whose quote stands once in the article, with the given prefix and suffix around it."""
    notes = []
    for note in listed:
        quote, prefix, suffix = note["quote"], note["prefix"], note["suffix"]
        found = _find_quote(quote, prefix, suffix, sections)
        if len(found) != 1:
            context_words = "".join(f" with {name} {quoted(value)}" for name, value in (("prefix", prefix), ("suffix", suffix)) if value)
            if found:
                where = ", ".join(f"§{s} ¶{p}" for s, p, _ in found[:5])
                context.error(note.where("quote"), f"note quote {quoted(quote)}{context_words} is found {len(found)} times ({where}); add a 'prefix' or 'suffix' to pick one")
            else:
                context.error(note.where("quote"), f"note quote {quoted(quote)}{context_words} is found nowhere in the article")
            continue
        section, paragraph, start = found[0]
        notes.append(
            Note(len(notes) + 1, note["kind"], quote, note["note"], section, paragraph, start, start + len(quote), prefix, suffix, context.at(note.node))
        )
    return tuple(notes)


def _find_quote(quote: str, prefix: str, suffix: str, sections: tuple[Section, ...]) -> list[tuple[int, int, int]]:
    """Every (section, paragraph, offset) where the quote stands with the given prefix and suffix around it."""
    found = []
    for section in sections:
        for number, paragraph in enumerate(section.paragraphs, start=1):
            text = paragraph.text
            start = text.find(quote)
            while start >= 0:
                before, after = text[:start].rstrip(), text[start + len(quote):].lstrip()
                if before.endswith(prefix) and after.startswith(suffix):
                    found.append((section.number, number, start))
                start = text.find(quote, start + 1)
    return found


# --- across files ---------------------------------------------------------------------------


def _check_slug(slug: str, path: Path, problems: Problems) -> bool:
    """Whether the article's file name can be its page's address."""
    if not ID_PATTERN.fullmatch(slug):
        problems.error(Location(str(path)), f"the file name {quoted(slug)} must be lower-case letters, digits and single hyphens (it becomes the page's address)")
    elif len(slug) > MAX_NAME:
        problems.error(Location(str(path)), f"the file name {quoted(slug)} is longer than {MAX_NAME} characters; shorten it (it becomes the page's address)")
    elif slug in RESERVED_IDS:
        problems.error(Location(str(path)), f"the file name {quoted(slug)} is reserved for a page of the site; rename the article")
    else:
        return True
    return False


def _check_local_aliases(articles: list[Article], glossary: Glossary, problems: Problems) -> None:
    """An article's own alias names an entry, and is not already a term of that entry."""
    known = {e.id: e for e in glossary.entities}
    for article in articles:
        for alias in article.aliases:
            entity = known.get(alias.entity_id)
            if entity is None and _refused(alias.entity_id, glossary):
                continue
            if entity is None:
                close = difflib.get_close_matches(alias.entity_id, sorted(known), n=1)
                hint = f", did you mean '{close[0]}'?" if close else ""
                problems.error(alias.location, f"the alias {quoted(alias.phrase)} names no entry {quoted(alias.entity_id)}{hint}")
            elif alias.phrase in entity.terms:
                problems.warn(alias.location, f"{quoted(alias.phrase)} is already a name or alias of '{entity.id}' in every article; drop it here or there")


def _refused(entity_id: str, glossary: Glossary) -> bool:
    """Whether the id may name an entry whose mistakes are reported already (or the glossary could not be read)."""
    return glossary.refused is None or entity_id in glossary.refused


def _check_glossary_links(articles: list[Article], glossary: Glossary, problems: Problems) -> None:
    """Every glossary:<id> link of editors' Markdown (notes, summaries, descriptions) names an entry."""
    entities = glossary.entities
    ids = {e.id for e in entities}
    linking = [(note.location, f"note {note.number}", note.text) for article in articles for note in article.notes]
    linking += [(Location(article.title_location.path), "the summary", article.summary) for article in articles]
    linking += [(entity.location, f"the description of '{entity.id}'", entity.description) for entity in entities]
    for location, what, text in linking:
        for reference in dict.fromkeys(GLOSSARY_LINK.findall(text)):
            if reference not in ids and not _refused(reference, glossary):
                close = difflib.get_close_matches(reference, sorted(ids), n=1)
                hint = f", did you mean '{close[0]}'?" if close else ""
                problems.error(location, f"{what} links to 'glossary:{reference}', which is no glossary id{hint}")


def _check_titles(articles: list[Article], problems: Problems) -> None:
    seen: dict[str, Article] = {}
    for article in articles:
        first = seen.setdefault(article.title, article)
        if first is not article:
            problems.error(article.title_location, f"the title {quoted(article.title)} is already used by {printable(first.title_location.path, None)}")
