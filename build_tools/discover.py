"""Find the names an article mentions from its text alone, group each entity's forms, guess its type.

Three pure steps, each over the whole briefing:

1. scan: every paragraph's candidate names (runs of capitalised words joined by "of", "the" and
   the like, acronyms, "the Biden administration"), without what is capitalised only by position
   (a sentence's first word when nothing else in the text capitalises it), lone titles of office,
   demonyms, months, weekdays, clock words and transcript speaker labels. Each candidate keeps the
   clues around it: a title before it, a preposition of place, an alias in brackets after it.
2. group: forms of one entity become one entry: "United States", "U.S." and "US"; an acronym and
   the name whose initials it spells ("Collective Security Treaty Organization" … "CSTO"); a name and
   what follows it in brackets; "U.N. General Assembly" and "United Nations General Assembly"; a
   name and its tail ("General Assembly"), or its head before "of" ("Universal Declaration"); a
   person's full name and surname or given name. Names inside longer ones ("Japan" in "U.S.-Japan
   summit") are forms of their own, though only the longer name is marked.
3. guess each entry's type from the gazetteer (countries, regions, subdivisions), its head noun
   ("... Agency", "... Summit", "... Sea"), titles before it and prepositions of place.

Every step is linear in the text: words are looked up in sets and dictionaries, never compared
pairwise. Optional: a recogniser (spaCy's English model, where `make nlp` installed it) adds its
named entities as candidates and votes on types.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from . import lexicon as lx
from .model import Article, Entity

# A word: letters or digits, with hyphens, apostrophes, plus signs ("C5+1", "Sherwood-Randall"), or a dotted
# acronym ("U.S.", "U.S.-led"); any other dot ends the word ("Kazakhstan.An" is two).
WORD = re.compile(r"(?:[A-Z]\.){2,}(?:-[\w’'+-]*[\w+])?|[^\W_](?:[\w’'+&-]*[\w+])?\.?|&")
# A possessive or a contraction after a capitalised word: "Kazakhstan’s", "States’", "I’d".
CLITIC = re.compile(r"(?:’|')(?:s|d|ll|m|re|ve)?$")
DOTTED = re.compile(r"(?:[A-Z]\.)+")  # "U.S.", "R."
ABBREVIATION = re.compile(r"(?:[A-Z]\.)+|(?:Dr|Mr|Mrs|Ms|Jr|Sr|St)\.")
SENTENCE_GAP = re.compile(r"[)\]”’\"']*[.!?…]")
JOINERS = lx.CONNECTORS | {"and", "&", "to"}
LOWER_COMPOUND = re.compile(r"-[a-z]")
VERB_FORM = re.compile(r"[A-Z][a-z]{3,}(?:ing|ed)")
ACRONYM = re.compile(r"(?=.*[A-Z].*[A-Z0-9])[A-Z][A-Z0-9.&+-]*[A-Z0-9+.]|[A-Z]\d+(?:\+\d+)?")
NUMBER = re.compile(r"\d+(?:-\d+)?")
HEADING_WORDS = 16  # a heading is short; a longer line in capitals is a list run together ("- Department of ... - ...")
YEAR = re.compile(r"(?:19|20)\d\d")
SPEAKER = re.compile(r"\s*(?:Q|[A-Z][A-Z .’'-]+):")
# "in", not "from" or "to": a statement comes from a person, a grant goes to an agency.
PLACE_PREPOSITIONS = frozenset({"in", "at", "near", "across", "visit", "visited", "visiting", "toward", "towards"})

# An optional named-entity recogniser: text → [(start, end, label)] (as check.Recogniser).
Recogniser = Callable[[str], list[tuple[int, int, str]]]
SPACY_TYPES = {"PERSON": "person", "ORG": "organization", "GPE": "country", "LOC": "place", "FAC": "place", "EVENT": "event", "LAW": "event", "WORK_OF_ART": "media"}


@dataclass(frozen=True)
class Occurrence:
    """One candidate name in a paragraph, with the clues around it."""

    form: str
    place: tuple[str, int, int]  # (article slug, section, paragraph)
    start: int
    end: int
    titled: bool = False  # a title of address stood before it ("President Biden")
    located: bool = False  # a preposition of place stood before it ("in Manhattan")
    inner: bool = False  # found inside a longer name ("Japan" in "U.S.-Japan summit"): counts as a form, not a mention
    alias_of: str = ""  # the name it stands in brackets after ("... Treasury (Treasury)")
    hint: str = ""  # a type the recogniser gave it
    quoted: bool = False  # a title in quotes: a work's (“Russian SVR Targets U.S. and Allied Networks”)


@dataclass(frozen=True)
class Discovered:
    """An entity found in the text: its forms (name first), type and where it is first named."""

    name: str
    type: str
    aliases: tuple[str, ...]
    first: Occurrence

    @property
    def forms(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


# --- 1. scan --------------------------------------------------------------------------------


class _Word:
    """A word of a paragraph (slots: a long text has hundreds of thousands)."""

    __slots__ = ("text", "start", "end", "initial", "before", "closes", "shouting")

    def __init__(self, text: str, start: int, end: int, initial: bool, before: str, closes: bool = False):
        self.text = text  # without a possessive
        self.start, self.end = start, end
        self.initial = initial  # starts a sentence (or a heading, or a transcript's turn)
        self.before = before  # what stands between the previous word and this one
        self.closes = closes  # a possessive or a lower-case compound ends the name here ("the West’s Iran-phobia")
        self.shouting = False  # written in capitals among words in capitals (a heading or label, not an acronym)


def _words(text: str) -> list[_Word]:
    speaker = SPEAKER.match(text)
    turn = speaker.end() + len(text[speaker.end():]) - len(text[speaker.end():].lstrip()) if speaker else -1
    words: list[_Word] = []
    add = words.append
    previous_end, previous_raw = 0, ""
    for match in WORD.finditer(text):
        raw, start = match.group(), match.start()
        gap = text[previous_end:start]
        if raw[0].islower():  # most words: no name, only a break between names (or a connector)
            if raw[-1] == "." and raw not in lx.ABBREVIATIONS:
                raw = raw[:-1]
            add(_Word(raw, start, start + len(raw), False, gap))
            previous_end, previous_raw = start + len(raw), raw
            continue
        if raw[-1] == "." and not _keeps_dot(raw):
            raw = raw[:-1]  # a full stop, not an abbreviation's dot
        compound = LOWER_COMPOUND.search(raw)
        if compound:
            raw = raw[:compound.start()]  # "U.S.-led", "Iran-phobia": the name is the part before the hyphen
        stripped = CLITIC.sub("", raw) or raw
        # A sentence starts at the paragraph's start, after a full stop (not an abbreviation's dot,
        # unless an ordinary word follows it: "in the U.S. The"), after a colon ("MODERATOR: Thank
        # you") and at a transcript's turn.
        ended = bool(SENTENCE_GAP.match(gap)) or (previous_raw.endswith(".") and raw.lower() in lx.STOP)
        initial = not words or ended or gap.rstrip().endswith(":") or start == turn
        # A plural's possessive stays inside a name ("Workers’ Rights", "People’s Republic of China").
        plural = raw.endswith(("s’", "s'")) or (stripped != raw and stripped in lx.IRREGULAR_PLURALS and raw.endswith(("’s", "'s")))
        add(_Word(stripped, start, start + len(stripped), initial, gap, (stripped != raw and not plural) or bool(compound)))
        previous_end, previous_raw = start + len(raw), raw
    # Three or more words in capitals in a row are a heading or a label ("TACKLING THE CLIMATE CRISIS"),
    # not acronyms; two may be a name ("CYBER FLAG 21-1").
    stretch: list[_Word] = []
    for word in [*words, None]:
        if word is not None and word.text.isupper() and any(ch.isalpha() for ch in word.text) and (not stretch or word.before == " "):
            stretch.append(word)
            continue
        if len(stretch) >= 3:
            for shouted in stretch:
                shouted.shouting = True
        stretch = [word] if word is not None and word.text.isupper() and any(ch.isalpha() for ch in word.text) else []
    return words


def _title_case(words: list[_Word], text: str) -> bool:
    """Whether the paragraph is a line in title case with no sentence's end: a heading, or a list item."""
    if not 2 <= len(words) <= HEADING_WORDS or text.rstrip()[-1:] in ".!?;…”\"’')":
        return False
    content = [w for w in words if w.text not in lx.HEADING_LOWER]
    return sum(w.text[:1].isupper() or w.text[:1].isdigit() for w in content) >= 0.8 * len(content)


def _keeps_dot(raw: str) -> bool:
    return bool(DOTTED.fullmatch(raw)) or raw in lx.ABBREVIATIONS


def _capitalised(word: str) -> bool:
    return word[:1].isupper() or (word[:1].isdigit() and bool(ACRONYM.fullmatch(word)))


def is_acronym(word: str) -> bool:
    return bool(ACRONYM.fullmatch(word))


def _mid_sentence_capitals(paragraphs: Iterable[list[_Word]]) -> frozenset[str]:
    """Words the text capitalises where no sentence starts: evidence that they are names."""
    return frozenset(w.text for words in paragraphs for w in words if not w.initial and w.text[:1].isupper())


def _is_name_word(word: _Word, evidence: frozenset[str]) -> bool:
    text = word.text
    if text[0].islower():
        return False  # most words: said first, as this runs for every word of the text
    # "US" is no "us"; a capitalised "The" where no sentence starts begins a name ("The Dukes", "The Hague").
    ordinary = text.lower() in lx.STOP and not (text.isupper() and len(text) > 1 and not word.shouting) and not (text == "The" and not word.initial)
    if word.shouting or not _capitalised(text) or ordinary or text in lx.CALENDAR or text in lx.CLOCK or text in lx.COMMON_ABBREVIATIONS:
        return False
    if word.initial and not is_acronym(text) and text not in evidence and text not in lx.countries():
        return False  # capitalised only because it starts a sentence
    return True


def _runs(words: list[_Word], evidence: frozenset[str]) -> list[list[int]]:
    """Indexes of words that make one capitalised run: only spaces between them, or a connector
    after a word that takes one ("Council on Foreign Relations", "Republic of Korea"), and from
    then on ("Partnership for Global Infrastructure and Investment"); never "Russia and China"."""
    runs: list[list[int]] = []
    run: list[int] = []
    linked = False
    for index, word in enumerate(words):
        # A plural's possessive apostrophe stands between the words: "Workers’ Rights".
        spaced = word.before == " " or (word.before in ("’ ", "' ") and words[run[-1]].text.endswith("s") if run else False)
        joins = bool(run) and spaced and not words[run[-1]].closes
        name = _is_name_word(word, evidence)
        if name and joins:
            run.append(index)
            continue
        if joins and _inner_capital(words, index):
            run.append(index)  # "Build Back Better": a capitalised small word inside a name
            continue
        if joins and word.text in JOINERS:
            last = next(words[i].text for i in reversed(run) if words[i].text not in JOINERS).rsplit("-", 1)[-1]
            # "and" only continues a name already joined by "of" or "for": "World Bank and the IMF" are two.
            if word.text == "&" or linked or (last in lx.TAKES_CONNECTOR and word.text != "and"):
                run.append(index)
                linked = linked or last not in lx.TITLES  # "Secretary of State and ..." lists offices
                continue
        if run:
            runs.append(run)
        run = [index] if name else []
        linked = False
    if run:
        runs.append(run)
    return runs


def _inner_capital(words: list[_Word], index: int) -> bool:
    """A capitalised function word between two capitalised words, where no sentence starts."""
    word = words[index]
    following = words[index + 1] if index + 1 < len(words) else None
    return (
        word.text[:1].isupper() and not word.initial and word.text.lower() in lx.STOP and len(word.text) > 1 and not word.text.isupper()
        and following is not None and following.before == " " and following.text[:1].isupper() and following.text.lower() not in lx.STOP
    )


def _headings(words: list[_Word]) -> list[tuple[int, int]]:
    """Spans of headings run into the text ("Imposing Additional Costs for ..."): from a sentence's start,
    capitalised words and small lower-case ones, holding a capitalised verb form ("Targeting", "Reported")."""
    spans = []
    index = 0
    while index < len(words):
        if not words[index].initial:
            index += 1
            continue
        end = index + 1
        while end < len(words) and words[end].before == " " and (words[end].text[:1].isupper() or words[end].text in lx.HEADING_LOWER):
            end += 1
        stretch = [w.text for w in words[index:end]]
        if len(stretch) >= 3 and any(VERB_FORM.fullmatch(t) and t not in lx.countries() and t not in lx.NOT_VERBS for t in stretch):
            spans.append((words[index].start, words[end - 1].end))
        index = end
    return spans


def _after_titles(part: list[int], words: list[_Word]) -> bool:
    """Whether the titles that start the part are followed by a person's name, by nothing, or by
    "of" and what they are of ("Yerlan Idrisov | Foreign Minister of Kazakhstan")."""
    rest = list(part)
    while rest and words[rest[0]].text in lx.TITLES:
        rest = rest[1:]
    return not rest or words[rest[0]].text in {"of", "for"} or _person_like(rest, words)


def _split(run: list[int], words: list[_Word]) -> list[list[int]]:
    """A run cut before a title that follows a name and precedes one: "U.N. | Secretary-General António Guterres"."""
    parts: list[list[int]] = [[]]
    for position, index in enumerate(run):
        text = words[index].text
        office = words[run[0]].text in lx.TITLES  # "Chief Science Officer" is one office
        if position and not office and text in lx.TITLES and _after_titles(run[position:], words) and words[run[position - 1]].text not in lx.TITLES | JOINERS:
            parts.append([])
        parts[-1].append(index)
    return [p for p in parts if p]


def _trim(part: list[int], words: list[_Word]) -> tuple[list[int], bool]:
    """The part without connectors at either end and without titles (with their "of State", "for
    Climate") and demonyms before a name; whether a personal title stood before it."""
    titled = False
    while part and words[part[-1]].text in JOINERS:
        part = part[:-1]
    while part:
        text = words[part[0]].text
        if text in JOINERS:
            part = part[1:]
        elif text in lx.TITLES and len(part) > 1 and not _is_institution(part, words) and _an_office(part, words):
            titled = titled or text in lx.PERSONAL_TITLES
            part = part[1:]
            office = len(part) == 2 and words[part[1]].text not in lx.countries() and not is_acronym(words[part[1]].text)
            if words[part[0]].text in {"of", "for"} and (office or (len(part) > 3 and _person_like(part[2:], words))):
                part = part[2:]  # "Secretary of State Antony Blinken", "Special Envoy for Climate"
        elif lx.is_demonym(text) and len(part) > 1 and _rest_is_titles(part[1:], words):
            part = part[1:]
        else:
            break
    return part, titled


def _an_office(part: list[int], words: list[_Word]) -> bool:
    """Whether the titles starting the part name an office: a modifier ("Special", "Senior") only
    before a title proper ("Special Envoy"), not before a noun ("the Special Relationship")."""
    for index in part:
        text = words[index].text
        if text not in lx.TITLES:
            return False
        if text not in lx.TITLE_MODIFIERS:
            return True
    return False


def _person_like(part: list[int], words: list[_Word]) -> bool:
    texts = [words[i].text for i in part]
    return 1 <= len(texts) <= 4 and all(t[:1].isupper() and t not in JOINERS for t in texts) and not _is_institution(part, words)


def _rest_is_titles(part: list[int], words: list[_Word]) -> bool:
    """After a demonym, only titles then a name: "Brazilian President Lula" (not "Russian Government")."""
    return bool(part) and words[part[0]].text in lx.TITLES and not _is_institution(part, words)


def _is_institution(part: list[int], words: list[_Word]) -> bool:
    """Titles that are also an institution's first words ("National Security Agency", "Foreign Intelligence
    Service", "Department of State"); the head of "X of Y" is X ("Secretary of State" is an office)."""
    texts = [words[i].text for i in part]
    connector = next((i for i, t in enumerate(texts) if t in {"of", "for", "on", "to"}), None)
    head = texts[connector - 1] if connector else texts[-1]
    return _is_head(head)


def _wanted(form: str, tokens: list[str]) -> bool:
    content = [t for t in tokens if t not in lx.CONNECTORS and t not in {"and", "&"}]
    if not content or not any(ch.isalpha() for ch in form):
        return False
    demonym = any(lx.is_demonym(t) for t in content)  # "North Korean" is an adjective, "Global South" a place
    if all(t in lx.TITLES or (demonym and t in lx.COMPASS) or t in lx.GENERATIONAL or t in lx.CALENDAR or t in lx.CLOCK or lx.is_demonym(t) or NUMBER.fullmatch(t) for t in content):
        return False
    if len(content) == 1 and (content[0] in lx.GENERIC or content[0] in lx.COMPASS or content[0] in lx.COMMON_ABBREVIATIONS):
        return False
    return not (len(content) == 1 and len(content[0]) == 1)


def scan(
    place: tuple[str, int, int],
    text: str,
    evidence: frozenset[str],
    recognise: Recogniser | None = None,
    words: list[_Word] | None = None,
    headings: list[tuple[int, int]] | None = None,
) -> list[Occurrence]:
    """Every candidate name of one paragraph, in text order (words, headings: the paragraph's, when already found)."""
    words = _words(text) if words is None else words
    speaker = SPEAKER.match(text)
    headings = _headings(words) if headings is None else headings
    found: list[Occurrence] = []
    titles = _quoted_titles(text)
    for start, end in titles:
        found.append(Occurrence(text[start:end], place, start, end, quoted=True))
    headings = [*headings, *titles]  # the words of a quoted title are no names of their own
    consumed = -1  # the last word a name's tail took ("DC" of "Washington, DC")
    title_case = _title_case(words, text)
    if title_case:
        words[0].initial = False  # a line's capitals are its style: the whole line may be one name
    runs = _runs(words, evidence)
    heading = title_case and not (len(runs) == 1 and len(runs[0]) == len(words))
    if heading:
        headings = [*headings, (0, len(text))]  # a heading; a list item that is one name stays
    for run in runs:
        if run[0] <= consumed:
            continue
        if speaker and words[run[0]].start < speaker.end() and words[run[0]].text.isupper():
            continue  # a transcript's speaker label ("MODERATOR:", "SENIOR ADMINISTRATION OFFICIAL:")
        if _inside(words[run[0]].start, headings) and not (heading and _named_in_heading(run, words, evidence)):
            continue  # a heading's capitals say nothing; its names are marked where the text names them too
        for part in _split(run, words):
            part, titled = _trim(part, words)
            if not part:
                continue
            part = _with_tail(part, words)
            consumed = max(consumed, part[-1])
            start, end = words[part[0]].start, words[part[-1]].end
            form = text[start:end]
            tokens = [words[i].text for i in part]
            if not _wanted(form, tokens) or _adjective(part, words) or _office(part, words):
                continue
            if part[0] > 0 and YEAR.fullmatch(words[part[0] - 1].text) and tokens[-1] in lx.LOWER_EVENT_HEADS:
                start, form = words[part[0] - 1].start, text[words[part[0] - 1].start:end]  # "2020 U.S. presidential election"
            previous = words[part[0] - 1].text.lower() if part[0] else ""
            before = words[part[0] - 1] if part[0] > 0 else None
            if before is not None and before.text in lx.PERSONAL_TITLES and words[part[0]].before == " " and not before.closes:
                titled = True
            occurrence = Occurrence(form, place, start, end, titled=titled, located=previous in PLACE_PREPOSITIONS)
            found.append(occurrence)
            found += _inner(occurrence, evidence)
            alias = _bracketed_alias(text, end)
            if alias is not None:
                s, e = alias
                found.append(Occurrence(text[s:e], place, s, e, alias_of=form))
    if recognise is not None:
        found += [o for o in _recognised(place, text, recognise, found) if not _inside(o.start, headings)]
    return _deduplicated(found)


QUOTED = re.compile(r"[“\"]([A-Z][^”\"]{4,118}?)[,.]?[”\"]")


def _quoted_titles(text: str) -> list[tuple[int, int]]:
    """Spans of titles in quotes, in title case: “Russian SVR Targets U.S. and Allied Networks,” names one work."""
    spans = []
    for match in QUOTED.finditer(text):
        tokens = match.group(1).split()
        if len(tokens) >= 3 and all(t[:1].isupper() or t[:1].isdigit() or t in lx.HEADING_LOWER for t in tokens):
            spans.append(match.span(1))
    return spans


def _office(part: list[int], words: list[_Word]) -> bool:
    """A name of an office, not of its holder: "Chief Science Officer", "Scientific Integrity Official"."""
    last = words[part[-1]].text
    return len(part) > 1 and last in lx.TITLES and last not in lx.NAME_TITLES and not _is_institution(part, words)


def _adjective(part: list[int], words: list[_Word]) -> bool:
    """A lone capitalised adjective before a lower-case noun: "the Transatlantic community"."""
    if len(part) != 1 or part[-1] + 1 >= len(words):
        return False
    word, following = words[part[0]].text, words[part[-1] + 1]
    return (
        word.endswith("ic") and following.before == " " and following.text[:1].islower()
        and word not in lx.countries() and word not in lx.REGIONS and word not in lx.subdivisions()
    )


def _with_tail(part: list[int], words: list[_Word]) -> list[int]:
    """The run with a number after it ("Executive Order 13873", "UNGA 78"), ", Jr.", a state after a
    city ("Washington, DC"), or a lower-case head noun ("the Biden administration", "the C5+1 presidential summit")."""
    last = part[-1]
    following = words[last + 1] if last + 1 < len(words) else None
    if following is None:
        return part
    if following.before == " " and NUMBER.fullmatch(following.text) and words[last].text not in lx.CALENDAR:
        return [*part, last + 1]
    if following.before == ", " and (following.text in lx.GENERATIONAL or (len(part) == 1 and following.text in lx.state_codes())):
        return [*part, last + 1]
    heads = lx.LOWER_ORGANIZATION_HEADS | lx.LOWER_EVENT_HEADS
    if following.before == " " and following.text in heads:
        return [*part, last + 1]
    after = words[last + 2] if last + 2 < len(words) else None
    if following.before == " " and following.text in lx.LOWER_MODIFIERS and after is not None and after.before == " " and after.text in lx.LOWER_EVENT_HEADS:
        return [*part, last + 1, last + 2]
    return part


PIECE = re.compile(r"[^\s-]+")


def _inner(occurrence: Occurrence, evidence: frozenset[str]) -> list[Occurrence]:
    """Names inside a longer one, as forms of their own but no mention (the longer name is marked):
    countries ("Japan" and "Republic of Korea" in "U.S.-Japan-Republic of Korea Trilateral Leader Summit"),
    an acronym it starts with ("NATO Summit"), its head before a further name ("United Nations" in
    "United Nations General Assembly"), and the parts of a hyphenated pair of names ("Biden-Harris")."""
    form, offset, place = occurrence.form, occurrence.start, occurrence.place
    pieces = [(m.group(), m.start()) for m in PIECE.finditer(form)]
    found = []

    taken: list[tuple[int, int]] = []

    def add(start: int, end: int) -> None:
        if _wanted(form[start:end], form[start:end].split()) and not any(s < end and start < e for s, e in taken):
            taken.append((start, end))
            found.append(Occurrence(form[start:end], place, offset + start, offset + end, inner=True))

    if len(pieces) < 2:
        return found
    for size in (3, 2, 1):
        for i in range(len(pieces) - size + 1):
            window = pieces[i:i + size]
            start, end = window[0][1], window[-1][1] + len(window[-1][0])
            written = form[start:end]
            country = written in lx.countries() or (size == 1 and DOTTED.fullmatch(written) and _undotted(written) in lx.countries())
            if country and (start, end) != (0, len(form)):
                add(start, end)
    tokens = form.split()
    if len(tokens) > 1 and is_acronym(tokens[0]) and not tokens[1].isupper() and not NUMBER.fullmatch(tokens[1]):
        add(0, len(tokens[0]))
    for i in range(2, len(tokens) - 1):
        # Only where a second name follows ("United Nations | General Assembly"), not a mere head ("Shanghai Cooperation | Organization").
        rest = tokens[i:]
        if tokens[i - 1] in lx.ORGANIZATION_HEADS and all(t[:1].isupper() for t in tokens[:i]) and not any(t in JOINERS for t in rest) and _is_head(rest[-1]):
            add(0, len(" ".join(tokens[:i])))
    for match in re.finditer(r"[A-Z][\w.]*(?:-[A-Z][\w.]*)+", form):
        parts = match.group().split("-")
        if len(parts) == 2 and any(p in evidence for p in parts):
            position = match.start()
            for piece in parts:
                if not lx.is_demonym(piece) and piece not in lx.TITLES:
                    add(position, position + len(piece))
                position += len(piece) + 1
    return found


BRACKETED = re.compile(r" \((?:the )?(?:so-called )?[“\"‘']?([^()“”\"‘’']{1,60}?)[”\"’']?\)")


def _bracketed_alias(text: str, end: int) -> tuple[int, int] | None:
    """The span of a name in brackets right after a name: "Collective Security Treaty Organization (CSTO)"."""
    match = BRACKETED.match(text, end)
    if match is None:
        return None
    alias = match.group(1)
    tokens = alias.split()
    if not tokens or not all(_capitalised(t) or t in lx.CONNECTORS for t in tokens) or len(tokens) > 6:
        return None
    if tokens[0].lower() in lx.STOP or alias in lx.CALENDAR:
        return None
    return match.start(1), match.end(1)


def _recognised(place, text: str, recognise: Recogniser, found: list[Occurrence]) -> list[Occurrence]:
    """The recogniser's names that pass the same filters, and its types for names the heuristic found too."""
    by_span = {(o.start, o.end): o for o in found}
    extra = []
    for start, end, label in recognise(text):
        kind = SPACY_TYPES.get(label)
        if kind is None:
            continue
        form = CLITIC.sub("", text[start:end].strip())
        if kind == "country" and form not in lx.countries():
            kind = "place"  # spaCy's GPE holds cities and states too
        for prefix in ("the ", "The "):
            if form.startswith(prefix):
                start, form = start + len(prefix), form[len(prefix):]
        end = start + len(form)
        tokens = form.split()
        if not tokens or not tokens[0][:1].isupper() or not _wanted(form, tokens) or tokens[0].lower() in lx.STOP:
            continue
        known = by_span.get((start, end))
        if known is not None:
            by_span[(start, end)] = Occurrence(**{**known.__dict__, "hint": kind})
        elif not any(o.start <= start and end <= o.end for o in found):
            extra.append(Occurrence(form, place, start, end, hint=kind))
    for index, occurrence in enumerate(found):
        found[index] = by_span.get((occurrence.start, occurrence.end), occurrence)
    return extra


def _deduplicated(found: list[Occurrence]) -> list[Occurrence]:
    seen, result = set(), []
    for occurrence in sorted(found, key=lambda o: (o.start, -o.end, o.inner)):
        key = (occurrence.start, occurrence.end)
        if key not in seen:
            seen.add(key)
            result.append(occurrence)
    return result


# --- 2. group -------------------------------------------------------------------------------


class _Groups:
    """Union-find over forms."""

    def __init__(self, forms: Iterable[str]):
        self.parent = {form: form for form in forms}

    def find(self, form: str) -> str:
        root = form
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[form] != root:
            self.parent[form], form = root, self.parent[form]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def members(self) -> dict[str, list[str]]:
        groups: dict[str, list[str]] = defaultdict(list)
        for form in self.parent:
            groups[self.find(form)].append(form)
        return groups


def _undotted(form: str) -> str:
    return form.replace(".", "")


def _initials(form: str) -> str:
    """The letters an acronym of the name would have: "United Nations General Assembly" → "UNGA", "U.N. Charter" → "UNC"."""
    letters = []
    for token in form.replace("-", " ").split():
        if token in lx.CONNECTORS or token in {"and", "&"}:
            continue
        if is_acronym(token):
            letters.append(_undotted(token))
        elif token[:1].isupper():
            letters.append(token[0])
        else:
            return ""
    return "".join(letters)


def _tokens(form: str) -> tuple[str, ...]:
    return tuple(form.split())


def group(occurrences: list[Occurrence]) -> _Groups:
    forms = list(dict.fromkeys(o.form for o in occurrences))
    groups = _Groups(forms)
    known = set(forms)
    # A name in brackets after another is another name of it.
    for o in occurrences:
        if o.alias_of and o.alias_of in known:
            groups.union(o.form, o.alias_of)
    # "U.S." and "US"; "U.N." and "UN".
    by_letters: dict[str, str] = {}
    for form in forms:
        if is_acronym(form):
            other = by_letters.setdefault(_undotted(form), form)
            groups.union(form, other)
    # An acronym and the one name whose initials spell it.
    spelled: dict[str, set[str]] = defaultdict(set)
    for form in forms:
        if len(form.split()) > 1 and not is_acronym(form):
            initials = _initials(form)
            if len(initials) >= 2:
                spelled[initials].add(form)
    expansion: dict[str, str] = {}
    for form in forms:
        if is_acronym(form) and " " not in form:
            names = {groups.find(n) for n in spelled.get(_undotted(form), ())}
            if len(names) == 1:
                name = min(spelled[_undotted(form)])  # one group; its first form by spelling, whatever the hash order
                groups.union(form, name)
                expansion[form] = name
    # "U.N. General Assembly" is "United Nations General Assembly" once "U.N." is known to be "United Nations".
    by_expanded: dict[str, str] = {}
    for form in forms:
        tokens = form.split()
        expanded = " ".join(expansion.get(t, t) for t in tokens)
        if expanded != form and expanded in known:
            groups.union(form, expanded)
        by_expanded.setdefault(expanded, form)
        groups.union(form, by_expanded[expanded])
    # A name's tail ("General Assembly", "Marshall Center") and its head before "of" ("Universal Declaration"),
    # when only one entry ends or starts so.
    tails: dict[tuple[str, ...], set[str]] = defaultdict(set)
    heads: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for form in forms:
        tokens = _tokens(form)
        for i in range(1, len(tokens)):
            if tokens[i - 1] not in lx.CONNECTORS and tokens[i - 1] not in {"and", "&"}:
                tails[tokens[i:]].add(groups.find(form))
            if tokens[i] in lx.CONNECTORS and i >= 2:
                heads[tokens[:i]].add(groups.find(form))
    for form in forms:
        tokens = _tokens(form)
        if form in lx.countries() or form in lx.subdivisions() or tokens[-1] in lx.REGIONS:
            continue
        if len(tokens) == 1 and not (tokens[0] in lx.ORGANIZATION_HEADS or tokens[0] in lx.EVENT_HEADS):
            continue  # a single word that ends a name is that name's only when it is its head noun ("Charter")
        for table in (tails, heads):
            owners = table.get(tokens, set())
            if len(owners) == 1:
                groups.union(form, next(iter(owners)))
    return groups


def _merge_surnames(groups: _Groups, types: dict[str, str]) -> None:
    """A person's surname alone ("Sherwood-Randall") is that person, when one person of the text has it;
    so is a given name alone ("David, go ahead" in a transcript), when it too reads as a person's."""
    surnames: dict[str, set[str]] = defaultdict(set)
    given: dict[str, set[str]] = defaultdict(set)
    members = groups.members()
    for root, forms in members.items():
        if types.get(root) != "person":
            continue
        for form in forms:
            tokens = [t for t in form.replace(",", "").split() if t not in lx.GENERATIONAL]
            if len(tokens) > 1:
                surnames[tokens[-1]].add(root)
                if not DOTTED.fullmatch(tokens[0]):
                    given[tokens[0]].add(root)
    for root, forms in members.items():
        for form in forms:
            if " " in form:
                continue
            # A surname alone may have read as an organization ("Biden" with no title); a given name must read as a person.
            for table, kinds in ((surnames, ("person", None, "organization")), (given, ("person",))):
                owners = table.get(form, set()) - {root}
                if len(owners) == 1 and types.get(root) in kinds:
                    groups.union(form, next(iter(owners)))
                    break


# --- 3. types -------------------------------------------------------------------------------


def _form_type(form: str, clues: list[Occurrence]) -> Counter[str]:
    """Votes for the types one form suggests."""
    votes: Counter[str] = Counter()
    tokens = [t for t in form.replace(",", "").split() if t not in lx.GENERATIONAL] or form.split()
    last = tokens[-1]
    joined = [i for i, t in enumerate(tokens) if t in {"of", "for", "on", "to"}]
    head = last
    if joined and joined[0] > 0 and not _is_head(last):
        head = tokens[joined[0] - 1]  # "Line of Contact", "Ministry of Finance"
    last_word = head if head[:1].isupper() else head.lower()
    if form in lx.countries() or _undotted(form) in lx.countries():
        votes["country"] += 5
    elif tokens[-1] in lx.REGIONS or (len(tokens) > 1 and " ".join(tokens[-2:]) in lx.REGIONS):
        votes["place"] += 4
    elif form in lx.subdivisions():
        votes["place"] += 3
    head_types = (
        (lx.ORGANIZATION_HEADS | {h.capitalize() for h in lx.LOWER_ORGANIZATION_HEADS}, "organization"),
        (lx.EVENT_HEADS | {h.capitalize() for h in lx.LOWER_EVENT_HEADS}, "event"),
        (lx.PLACE_HEADS, "place"),
        (lx.MEDIA_HEADS, "media"),
    )
    for heads, kind in head_types:
        if any(w in heads for w in (last_word, last_word.capitalize(), _singular(last_word))):
            votes[kind] += 3
    if len(tokens) > 2 and tokens[-2] in lx.ORGANIZATION_HEADS and NUMBER.fullmatch(last) is None:
        votes["organization"] += 1
    if all(t in lx.COMPASS for t in tokens):
        votes["place"] += 2  # "the Global South", "the Far East"
    if NUMBER.fullmatch(last) and len(tokens) > 1:
        votes["event"] += 2  # "Executive Order 13873", "UNGA 78", "CYBER FLAG 21-1"
    for clue in clues:
        if clue.titled:
            votes["person"] += 3
        if clue.located and not is_acronym(form):  # "at SAIS" is at a school
            votes["place"] += 1
        if clue.hint:
            votes[clue.hint] += 1
        if clue.quoted:
            votes["media"] += 4  # outweighs the head noun of the title's last word
    if not votes:
        if is_acronym(form):
            votes["organization"] += 1
        elif any(ch.isupper() for ch in form[1:]) and " " not in form and not is_acronym(form):
            votes["organization"] += 1  # a word capitalised inside ("SolarWinds") is a brand
        elif all(t[:1].isupper() or ABBREVIATION.fullmatch(t) for t in tokens) and len(tokens) <= 4 and not any(t in lx.CONNECTORS for t in tokens):
            votes["person"] += 1
    if any(t in lx.CONNECTORS for t in tokens) and not votes:
        votes["organization"] += 1
    return votes


def _is_head(word: str) -> bool:
    word = word.capitalize() if word.islower() else word
    return any(word in heads or _singular(word) in heads for heads in (lx.ORGANIZATION_HEADS, lx.EVENT_HEADS, lx.PLACE_HEADS, lx.MEDIA_HEADS))


def _singular(word: str) -> str:
    """A head noun's singular, for "Executive Orders", "Project Labor Agreements", "Energy Communities"."""
    if word.endswith("ies"):
        return word[:-3] + "y"
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def _types(groups: _Groups, occurrences: list[Occurrence]) -> dict[str, str]:
    clues: dict[str, list[Occurrence]] = defaultdict(list)
    for o in occurrences:
        clues[o.form].append(o)
    types = {}
    for root, forms in groups.members().items():
        votes: Counter[str] = Counter()
        for form in forms:
            votes.update(_form_type(form, clues[form]))
        if votes.get("country") and votes["country"] >= 5:
            types[root] = "country"  # the gazetteer outranks every other clue
        elif votes:
            types[root] = sorted(votes.items(), key=lambda item: (-item[1], _TYPE_ORDER.index(item[0])))[0][0]
        else:
            types[root] = "concept"
    return types


_TYPE_ORDER = ("country", "person", "organization", "place", "event", "media", "concept")


# --- the whole ------------------------------------------------------------------------------


def _occurrences(articles: Iterable[Article], recognise: Recogniser | None) -> list[Occurrence]:
    paragraphs = [((a.slug, s.number, n), p.text) for a in articles for s, n, p in a.paragraphs]
    split = [_words(text) for _, text in paragraphs]
    headings = [_headings(words) for words in split]
    # A heading's capitals, or a title-case line's, are no evidence that a word is a name.
    evidence = _mid_sentence_capitals(
        [w for w in words if not _inside(w.start, spans)] if not _title_case(words, text) else []
        for words, spans, (_, text) in zip(split, headings, paragraphs)
    )
    return [
        o
        for (place, text), words, spans in zip(paragraphs, split, headings)
        for o in scan(place, text, evidence, recognise, words, spans)
    ]


def _named_in_heading(run: list[int], words: list[_Word], evidence: frozenset[str]) -> bool:
    """A heading's run that is a name by more than its capitals: it starts with a word the text
    capitalises where no sentence starts, and ends with a noun saying what kind of thing it names
    ("Further Steps on the Harbour Dredging Plan", where the text writes "Harbour" mid-sentence)."""
    texts = [words[i].text for i in run]
    return len(texts) >= 2 and texts[0] in evidence and not is_acronym(texts[0]) and _is_head(texts[-1])


def _inside(position: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= position < end for start, end in spans)  # a paragraph has a heading or two at most


def discover(
    articles: Iterable[Article], recognise: Recogniser | None = None, ignore: Iterable[str] = (), marks: dict | None = None
) -> tuple[Discovered, ...]:
    """Every entity the articles name, in order of first mention.

    ignore: names never to suggest. marks: the glossary's marks per paragraph ((start, end, id) by place), whose names are left out.
    """
    occurrences = _occurrences(articles, recognise)
    rejected, held = _covered(occurrences, marks) if marks else (set(), set())
    rejected |= set(ignore)
    occurrences = [o for o in occurrences if o.form not in rejected and id(o) not in held]
    groups = group(occurrences)
    types = _types(groups, occurrences)
    _merge_surnames(groups, types)
    types = _types(groups, occurrences)
    counts = Counter(o.form for o in occurrences if not o.inner)
    first: dict[str, Occurrence] = {}
    for o in occurrences:
        root = groups.find(o.form)
        if root not in first or (first[root].inner and not o.inner):
            first[root] = o
    found = []
    for root, forms in groups.members().items():
        name = _canonical(forms, counts)
        aliases = tuple(sorted((f for f in forms if f != name), key=lambda f: (-counts[f], f)))
        found.append(Discovered(name, types[root], aliases, first[root]))
    order = {id(o): i for i, o in enumerate(occurrences)}
    return tuple(sorted(found, key=lambda d: order[id(d.first)]))


def _canonical(forms: list[str], counts: Counter[str]) -> str:
    """The entry's name: its longest form that is no acronym (the most written, if several), else its most written."""
    words = [f for f in forms if not is_acronym(f)]
    pool = words or forms
    return sorted(pool, key=lambda f: (-len(f.split()), -counts[f], f))[0]


def slug(name: str) -> str:
    """An entity id from a name: "U.S. Agency for International Development" → "us-agency-for-international-development"."""
    import unicodedata

    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    ascii_name = ascii_name.replace("+", " plus ").replace("&", " and ")
    words = re.findall(r"[a-z0-9]+", re.sub(r"(?<=\w)\.(?=\w)", "", ascii_name).lower())
    text = ""
    for word in words:
        if len(text) + len(word) + 1 > 64:
            break
        text = f"{text}-{word}" if text else word
    return text


def draft_summary(kind: str) -> str:
    article = "an" if kind[:1] in "aeiou" else "a"
    return f"Not yet reviewed: the editors have not described this entry yet (guessed to be {article} {kind})."


def as_drafts(found: Iterable[Discovered], taken_ids: Iterable[str], taken_terms: Iterable[str], paths: dict[str, str] | None = None) -> tuple[Entity, ...]:
    """Draft entries of the discovered entities no existing entry covers; ids that clash get their type appended."""
    from .model import RESERVED_IDS
    from .errors import Location

    ids = set(taken_ids) | RESERVED_IDS
    terms = set(taken_terms)
    drafts = []
    for entity in found:
        forms = tuple(f for f in entity.forms if f not in terms)
        if len(forms) < len(entity.forms) or not forms:
            continue  # an editor's entry already holds one of its forms: it is covered
        base = slug(entity.name)
        for candidate in (base, f"{base}-{entity.type}"[:64]):
            if candidate and candidate not in ids:
                break
        else:
            continue
        ids.add(candidate)
        terms.update(forms)
        drafts.append(
            Entity(
                id=candidate,
                name=entity.name,
                type=entity.type,
                summary=draft_summary(entity.type),
                aliases=entity.aliases,
                draft=True,
                discovered=True,
                location=Location((paths or {}).get(entity.first.place[0], entity.first.place[0])),
            )
        )
    return tuple(drafts)


def drafts_for(briefing, recognise: Recogniser | None = None) -> tuple[Entity, ...]:
    """The draft entries a build adds: what the articles name that no entry of the glossary covers
    (no editor's term is one of its forms, and no editor's mark covers or cuts across one of its occurrences)."""
    from .match import Matcher

    matcher = Matcher(briefing.entities, briefing.articles)  # an alias scoped to another article covers nothing here
    marks = {(a.slug, s.number, n): matcher.find(p.text, a.slug) for a in briefing.articles for s, n, p in a.paragraphs}
    found = discover(briefing.articles, recognise, ignore=briefing.ignore, marks=marks)
    paths = {a.slug: a.path for a in briefing.articles}
    return as_drafts(found, (e.id for e in briefing.entities), (t for e in briefing.entities for t in e.terms), paths)


def _covered(
    occurrences: list[Occurrence], marks: dict[tuple[str, int, int], list[tuple[int, int, str]]]
) -> tuple[set[str], set[int]]:
    """Forms an editor's mark is or cuts across somewhere (that entry's business), and the occurrences
    (by id) a longer mark holds whole: "United Nations" inside a marked "United Nations General Assembly"
    is part of that name there, and a name of its own where it stands alone. A name that holds a mark
    whole ("U.S. Department of the Treasury" around "U.S.") is a name of its own."""
    covered, held = set(), set()
    for o in occurrences:
        here = marks.get(o.place)
        if not here:
            continue
        ends = [end for _, end, _ in here]  # marks never overlap: sorted by start, they are sorted by end
        for start, end, _ in here[bisect_right(ends, o.start):]:
            if start >= o.end:
                break
            if start <= o.start and o.end <= end and (start, end) != (o.start, o.end):
                held.add(id(o))
                break
            if not (o.start <= start and end <= o.end) or (start, end) == (o.start, o.end):
                covered.add(o.form)
                break
    return covered, held
