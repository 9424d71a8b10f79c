"""Measure discovery against gold entity lists: a folder of <slug>.txt with <slug>.entities.json.

Each document is built as the briefing would be, with an empty glossary, so that every figure
counts what a reader of the built page would see:

- entity recall: gold entities found, where found means one discovered entry's name or aliases
  include one of the entity's surface forms;
- precision: discovered entries that are a gold entity (one of their forms is a gold surface form);
- type accuracy: found entities whose entry has the gold type;
- mention recall: gold occurrences marked in the page (a mark whose text is the surface form),
  counting each form's `count_standalone` (occurrences inside a longer listed form are left out).
"""
from __future__ import annotations

import json
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from .discover import Recogniser
from .errors import BriefingError, Location, Problem
from .model import Briefing

EMPTY_GLOSSARY = "entities: []\n"


@dataclass(frozen=True)
class Gold:
    name: str
    type: str
    forms: tuple[tuple[str, int], ...]  # (surface form, count_standalone)


@dataclass(frozen=True)
class Score:
    slug: str
    gold: int
    found: int
    suggested: int
    correct: int  # suggested entries that are a gold entity
    typed: int  # found entities of the right type
    occurrences: int
    marked: int
    missed: tuple[str, ...] = ()
    wrong: tuple[str, ...] = ()  # suggested entries that are no gold entity
    mistyped: tuple[str, ...] = ()

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 1.0

    @property
    def precision(self) -> float:
        return self.correct / self.suggested if self.suggested else 1.0

    @property
    def type_accuracy(self) -> float:
        return self.typed / self.found if self.found else 1.0

    @property
    def mention_recall(self) -> float:
        return self.marked / self.occurrences if self.occurrences else 1.0


def read_gold(path: Path) -> tuple[Gold, ...]:
    """The gold list of a document; a malformed one is a BriefingError at its path."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return tuple(
            Gold(item["name"], item["type"], tuple((form["text"], int(form["count_standalone"])) for form in item["surface_forms"]))
            for item in data
        )
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise BriefingError([Problem(Location(str(path)), f"not a gold entity list ({type(error).__name__}: {error})")]) from None


def built(text: str, slug: str, recognise: Recogniser | None = None) -> Briefing:
    """The briefing a seeds folder of this one text and an empty glossary builds, draft entries included."""
    from .build import generate  # the whole build, as `make site` runs it

    root = Path(__file__).resolve().parent.parent
    with tempfile.TemporaryDirectory(prefix="briefing-evaluate-") as scratch:
        seeds = Path(scratch) / "seeds"
        seeds.mkdir()
        (seeds / "glossary.yml").write_text(EMPTY_GLOSSARY, encoding="utf-8")
        (seeds / f"{slug}.txt").write_text(text, encoding="utf-8")
        (seeds / f"{slug}.yml").write_text(f"title: {json.dumps(slug)}\nsource: {{name: Evaluation}}\n", encoding="utf-8")
        return generate(seeds, root / "templates", cache=Path(scratch) / "cache", recognise=recognise).briefing


def score(slug: str, briefing: Briefing, gold: tuple[Gold, ...]) -> Score:
    drafts = [e for e in briefing.entities if e.draft]
    gold_forms = {form for g in gold for form, _ in g.forms}
    found = typed = 0
    missed, mistyped = [], []
    for entity in gold:
        forms = {form for form, _ in entity.forms}
        match = next((d for d in drafts if forms & set(d.terms)), None)
        if match is None:
            missed.append(entity.name)
            continue
        found += 1
        if match.type == entity.type:
            typed += 1
        else:
            mistyped.append(f"{entity.name}: {match.type}, not {entity.type}")
    wrong = [d.name for d in drafts if not gold_forms & set(d.terms)]
    article = briefing.articles[0]
    texts = {(s.number, n): p.text for s, n, p in article.paragraphs}
    marks = Counter(texts[(m.section, m.paragraph)][m.start:m.end] for m in briefing.mentions)
    occurrences = marked = 0
    for entity in gold:
        for form, standalone in entity.forms:
            occurrences += standalone
            marked += min(standalone, marks[form])
    return Score(slug, len(gold), found, len(drafts), len(drafts) - len(wrong), typed, occurrences, marked, tuple(missed), tuple(wrong), tuple(mistyped))


def evaluate(folder: Path, recognise: Recogniser | None = None) -> list[Score]:
    """Every document of the folder scored, in slug order."""
    golds = sorted(folder.glob("*.entities.json"))
    if not golds:
        raise BriefingError([Problem(Location(str(folder)), "holds no <slug>.entities.json beside a <slug>.txt")])
    scores = []
    for gold_path in golds:
        slug = gold_path.name.removesuffix(".entities.json")
        text_path = folder / f"{slug}.txt"
        if not text_path.is_file():
            raise BriefingError([Problem(Location(str(gold_path)), f"has no {slug}.txt beside it")])
        text = text_path.read_text(encoding="utf-8")
        scores.append(score(slug, built(text, slug, recognise), read_gold(gold_path)))
    return scores


def total(scores: list[Score]) -> Score:
    """The figures over every document together (micro-averaged)."""
    fields = ("gold", "found", "suggested", "correct", "typed", "occurrences", "marked")
    return Score("overall", *(sum(getattr(s, f) for s in scores) for f in fields))


def report(scores: list[Score], details: bool = False) -> list[str]:
    lines = [f"{'document':<40} {'recall':>7} {'precision':>9} {'types':>6} {'mentions':>8}   (found/gold, right/suggested, typed/found, marked/occurrences)"]
    for s in [*scores, total(scores)]:
        lines.append(
            f"{s.slug:<40} {s.recall:>7.2f} {s.precision:>9.2f} {s.type_accuracy:>6.2f} {s.mention_recall:>8.2f}   "
            f"({s.found}/{s.gold}, {s.correct}/{s.suggested}, {s.typed}/{s.found}, {s.marked}/{s.occurrences})"
        )
        if details and s.slug != "overall":
            lines += [f"  missed: {name}" for name in s.missed]
            lines += [f"  not gold: {name}" for name in s.wrong]
            lines += [f"  type: {line}" for line in s.mistyped]
    return lines
