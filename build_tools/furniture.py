"""Find the page furniture of extracted text: running headers and footers, page numbers, browser margins.

Pure: lines in, kept lines and removed lines out. Furniture is told from text by where it stands
and by repetition, never by what one document's header says. Pages come from the reader (a PDF's
pages, form feeds) or are inferred: from a run of page numbers (1, 2, 3 or "Page 2 of 7") at a
regular interval of lines, else from one line repeated at such an interval. Only the lines at
the edge of a page (the first and last few, uninterrupted by text) may be furniture:

- a page number: ``3``, ``- 3 -``, ``Page 3 of 7``, ``3/7``, ``p. 3``;
- a browser's margin: the date and time a browser prints at the top (``12/1/26, 1:45 PM Title``),
  or the address and page count at the bottom (``https://example.org/a 2/5``);
- a running header or footer: a line found, with small variations (digits, case, a cut-off end,
  a letter or two in a short line), at the same edge of at least two pages and of half of them;
- the title: the document's known title printed as the first page's first lines;
- on a one-page document with a page number, its first or last line when it reads as a title.

Every other line is kept as it is, hyphens and all (reflow rejoins split words later).
"""
from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

PAGE_NUMBER = "page number"
RUNNING_HEADER = "running header"
RUNNING_FOOTER = "running footer"
BROWSER_MARGIN = "browser margin"
TITLE = "title"
KINDS = (PAGE_NUMBER, RUNNING_HEADER, RUNNING_FOOTER, BROWSER_MARGIN, TITLE)

TITLE_LINES = 8  # lines a title printed at the edge of a page may wrap over
EDGE = 4  # furniture lines at most at each edge of a page (a browser prints two at the top and two at the bottom)
MIN_PAGE = 10  # fewer lines than this between two page numbers is no page
SIMILAR = 0.85  # how alike two short lines must be to be one running header (difflib's ratio)
SHORT = 60  # characters: longer lines must be the same but for digits and case (or cut short)
_PAGE_NUMBER = re.compile(
    r"(?P<bare>\d{1,4})"
    r"|[-–—]\s*(?P<dashed>\d{1,4})\s*[-–—]"
    r"|(?:page|p\.|pg\.?)\s*(?P<page>\d{1,4})(?:\s*(?:of|/)\s*(?P<page_of>\d{1,4}))?"
    r"|(?P<part>\d{1,4})\s*(?:/|of)\s*(?P<of>\d{1,4})",
    re.IGNORECASE,
)
_DATE_TIME = re.compile(
    r"^(?:\d{1,2}[/.]\d{1,2}[/.]\d{2,4}|\d{4}-\d{2}-\d{2}),?\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp]\.?[Mm]\.?)?(?:\s|$)"
)
_ADDRESS = re.compile(r"^(?:https?|file)://\S+(?:\s+\d{1,4}\s*/\s*\d{1,4})?$|^\S*(?:https?|file)://\S+\s+\d{1,4}\s*/\s*\d{1,4}$")
_SENTENCE_END = re.compile(r"[.!?:;,\-–—]$")


@dataclass(frozen=True)
class Removed:
    line: int  # 1-based, in the lines given
    kind: str
    text: str


@dataclass(frozen=True)
class Cleaned:
    lines: tuple[str, ...]  # the lines kept, in order
    removed: tuple[Removed, ...]


@dataclass(frozen=True)
class Tally:
    kind: str
    count: int
    sample: Removed  # the first line of this kind


def clean(lines: Sequence[str], pages: Sequence[int] | None = None, title: str = "") -> Cleaned:
    """The lines without their page furniture; pages, when known, are the indexes where each page starts."""
    starts = tuple(pages) if pages else infer_pages(lines)
    if starts is None:  # nothing shows pages: a plain text, kept whole
        return Cleaned(tuple(lines), ())
    bounds = [*starts, len(lines)]
    spans = [(start, end) for start, end in zip(bounds, bounds[1:]) if start < end]
    tops = [_edge(lines, range(start, end)) for start, end in spans]
    bottoms = [_edge(lines, range(end - 1, start - 1, -1)) for start, end in spans]
    found: dict[int, str] = {}
    if title:
        for start, end in spans:
            found.update(_title_lines(lines, _edge(lines, range(start, end), TITLE_LINES), title))
            found.update(_title_lines(lines, _edge(lines, range(end - 1, start - 1, -1), TITLE_LINES), title))
    for edges, running in ((tops, RUNNING_HEADER), (bottoms, RUNNING_FOOTER)):
        forms = [[normal(lines[i]) for i in edge] for edge in edges]
        for page, edge in enumerate(edges):
            for index in edge:
                if index in found:
                    continue
                kind = _kind(lines[index], page, forms, running)
                if kind is None:
                    break  # furniture stands at the edge: the first line of text ends it
                found[index] = kind
    if len(spans) == 1 and not title and PAGE_NUMBER in found.values():
        for edge, running in ((tops[0], RUNNING_HEADER), (bottoms[0], RUNNING_FOOTER)):
            first = next((i for i in edge if i not in found), None)
            if first is not None and _reads_as_title(lines, first, running == RUNNING_HEADER):
                found[first] = running  # a one-page document: its running line cannot repeat
    removed = tuple(Removed(i + 1, found[i], lines[i].strip()) for i in sorted(found))
    return Cleaned(tuple(line for i, line in enumerate(lines) if i not in found), removed)


def tally(removed: Sequence[Removed]) -> tuple[Tally, ...]:
    """How many lines of each kind were removed, with the first of each, in the order of KINDS."""
    counts = Counter(item.kind for item in removed)
    first = {}
    for item in removed:
        first.setdefault(item.kind, item)
    return tuple(Tally(kind, counts[kind], first[kind]) for kind in KINDS if counts[kind])


def infer_pages(lines: Sequence[str]) -> tuple[int, ...] | None:
    """Where each page starts (line indexes), from page numbers or a line repeated at a regular interval; None when nothing shows pages."""
    texts = [i for i, line in enumerate(lines) if line.strip()]
    for marks in (_page_number_run(lines), _repeated_run(lines)):
        if not marks:
            continue
        if marks[0] in texts[:EDGE]:  # the marks head their pages
            return tuple(dict.fromkeys([0, *marks]))
        if marks[-1] in texts[-EDGE:]:  # they end them
            return tuple(dict.fromkeys(s for s in [0, *(mark + 1 for mark in marks)] if s < len(lines)))
    return None


def page_number(line: str) -> int | None:
    """The number of a line that is only a page number ("3", "- 3 -", "Page 3 of 7", "3/7"), else None."""
    match = _PAGE_NUMBER.fullmatch(line.strip())
    if not match:
        return None
    return int(next(value for value in match.group("bare", "dashed", "page", "part") if value is not None))


def normal(line: str) -> str:
    """A line as running headers are compared: digits as #, case folded, spaces single, no cut-off mark."""
    text = re.sub(r"\d+", "#", " ".join(line.split()).casefold())
    return re.sub(r"(?:…|\.\.\.)$", "", text).strip()


def _page_number_run(lines: Sequence[str]) -> list[int]:
    """The longest run of page numbers counting up by one at a regular interval; a lone "1" or "1 of 1" at an edge counts."""
    candidates = [(i, n) for i, line in enumerate(lines) if (n := page_number(line)) is not None][:5000]
    best: list[int] = []
    for start, (index, number) in enumerate(candidates):
        run, last, expected = [index], index, number + 1
        for other, value in candidates[start + 1:]:
            if value == expected and other - last >= MIN_PAGE:
                run.append(other)
                last, expected = other, expected + 1
        if len(run) > len(best) and _regular(run):
            best = run
    if len(best) >= 2:
        return best
    texts = [i for i, line in enumerate(lines) if line.strip()]
    if len(texts) >= MIN_PAGE:
        for edge in (texts[:2], texts[-2:]):  # a one-page document: its number at its top or its foot
            for index in edge:
                match = _PAGE_NUMBER.fullmatch(lines[index].strip())
                if match and (page_number(lines[index]) == 1 or match.group("page_of") or match.group("of")):
                    return [index]
    return []


def _repeated_run(lines: Sequence[str]) -> list[int]:
    """The occurrences of the most repeated line that recurs at a regular interval of lines."""
    places: dict[str, list[int]] = {}
    for i, line in enumerate(lines):
        if line.strip():
            places.setdefault(normal(line), []).append(i)
    runs = [found for found in places.values() if len(found) >= 2 and min(b - a for a, b in zip(found, found[1:])) >= MIN_PAGE]
    runs = [found for found in runs if _regular(found)]
    return max(runs, key=len, default=[])


def _regular(marks: Sequence[int]) -> bool:
    """Whether the gaps between marks are alike (the last page may be short)."""
    gaps = [b - a for a, b in zip(marks, marks[1:])]
    if len(gaps) <= 1:
        return True
    body = sorted(gaps[:-1])
    middle = body[len(body) // 2]
    slack = max(3, middle // 10)
    return all(abs(gap - middle) <= slack for gap in gaps[:-1]) and gaps[-1] <= middle + slack


def _edge(lines: Sequence[str], order: range, size: int = EDGE) -> list[int]:
    """The first lines holding text (size of them), in the order given (from the top, or from the bottom)."""
    found = []
    for i in order:
        if lines[i].strip():
            found.append(i)
            if len(found) == size:
                break
    return found


def _kind(line: str, page: int, forms: list[list[str]], running: str) -> str | None:
    """What an edge line is, or None for text. forms: every page's edge lines (at this edge), compared."""
    text = line.strip()
    if page_number(text) is not None:
        return PAGE_NUMBER
    if _DATE_TIME.match(text) or _ADDRESS.match(text):
        return BROWSER_MARGIN
    if len(forms) < 2:
        return None
    form = normal(text)
    alike = 1 + sum(
        1 for other, edge in enumerate(forms) if other != page and any(_similar(form, candidate) for candidate in edge)
    )
    return running if alike >= max(2, math.ceil(len(forms) / 2)) else None


def _similar(one: str, other: str) -> bool:
    """Alike as running headers are: the same but for digits and case, one cut short, or short and nearly the same.

    Long lines that differ in a word are prose written in parallel, not a header.
    """
    if one == other:
        return True
    shorter, longer = sorted((one, other), key=len)
    if len(shorter) >= max(8, 0.6 * len(longer)) and longer.startswith(shorter):
        return True
    return len(longer) <= SHORT and SequenceMatcher(None, one, other, autojunk=False).ratio() >= SIMILAR


def _title_lines(lines: Sequence[str], edge: list[int], title: str) -> dict[int, str]:
    """The lines at a page's edge that, joined in reading order, are the document's title (an h1, a running title)."""
    wanted = normal(title)
    for start in range(len(edge)):
        for end in range(start + 1, len(edge) + 1):
            run = sorted(edge[start:end])
            joined = normal(" ".join(lines[i] for i in run))
            if joined == wanted:
                return {i: TITLE for i in run}
            if len(joined) > len(wanted):
                break
    return {}


def _reads_as_title(lines: Sequence[str], index: int, heading: bool = True) -> bool:
    """A short line in title case, with no comma and no closing punctuation; heading text, it is followed by a line starting with a capital."""
    text = lines[index].strip()
    following = next((line.strip() for line in lines[index + 1:] if line.strip()), "") if heading else "A"
    long_words = [word for word in text.split() if len(word) >= 4]
    capitalised = sum(1 for word in long_words if word[:1].isupper())
    return (
        0 < len(text.split()) <= 15
        and bool(long_words)
        and "," not in text
        and not _SENTENCE_END.search(text)
        and capitalised >= 0.6 * len(long_words)
        and bool(re.match(r"[\"'“‘(\[]*[A-Z0-9\u00C0-\u024F]", following))
    )
