"""Matching throughput: the generator's Aho-Corasick Matcher against a naive matcher, on about 1 MB of prose per K.

The text is synthetic article text (bench/corpus.py) after the generator's own
reflow, so the matcher sees what it sees in a build; the glossary is built
directly as model entities, so a 5,000-entry glossary costs no YAML parsing here.
"""
from __future__ import annotations

import random
import re
import statistics
import time

from bench import corpus

TEXT_BYTES = 1_000_000
NAIVE_SECONDS = 2.0


class NaiveMatcher:
    """One regular expression per term, each run over the whole text; the same whole-word, leftmost-longest rules."""

    def __init__(self, entities):
        self.patterns = [
            (re.compile(r"(?<!\w)" + re.escape(term) + r"(?!\w)"), entity.id) for entity in entities for term in entity.terms
        ]

    def find(self, text: str) -> list[tuple[int, int, str]]:
        hits = [(m.start(), m.end(), entity_id) for pattern, entity_id in self.patterns for m in pattern.finditer(text)]
        hits.sort(key=lambda hit: (hit[0], hit[0] - hit[1]))
        chosen, reached = [], 0
        for hit in hits:
            if hit[0] >= reached:
                chosen.append(hit)
                reached = hit[1]
        return chosen


def paragraphs(entities: list[corpus.Entity], rng: random.Random, size: int) -> list[str]:
    """Reflowed paragraphs of synthetic articles naming these entities, about `size` bytes in all."""
    from build_tools.reflow import reflow

    cast = corpus._Cast(entities)
    found, total = [], 0
    while total < size:
        text, _ = corpus.article_text(rng, cast.pick(rng, rng.randint(12, 20)))
        for paragraph in reflow(text):
            found.append(paragraph.text)
            total += len(paragraph.text.encode())
    return found


def model_entities(entities: list[corpus.Entity]) -> list:
    from build_tools.model import Entity

    return [Entity(id=e.id, name=e.name, type=e.type, summary="A synthetic entry.", aliases=tuple(e.aliases)) for e in entities]


def throughput(count: int, size: int = TEXT_BYTES, naive_seconds: float = NAIVE_SECONDS, runs: int = 3) -> dict:
    """The automaton's build time and MB/s over `size` bytes, and the naive matcher's MB/s on a sample."""
    from build_tools.match import Matcher

    rng = random.Random(f"matching:{count}")
    synthetic = corpus.make_entities(count, rng)
    entities = model_entities(synthetic)
    texts = paragraphs(synthetic, rng, size)
    text_bytes = sum(len(t.encode()) for t in texts)
    begun = time.perf_counter()
    matcher = Matcher(entities)
    built = time.perf_counter() - begun
    passes = []
    for _ in range(runs):
        begun = time.perf_counter()
        mentions = sum(len(matcher.find(text)) for text in texts)
        passes.append(time.perf_counter() - begun)
    naive = NaiveMatcher(entities)
    naive_bytes, naive_time, agree = 0, 0.0, True
    for text in texts:
        begun = time.perf_counter()
        hits = naive.find(text)
        naive_time += time.perf_counter() - begun
        naive_bytes += len(text.encode())
        agree = agree and hits == matcher.find(text)
        if naive_time >= naive_seconds:
            break
    return {
        "entities": count,
        "terms": len(naive.patterns),
        "bytes": text_bytes,
        "mentions": mentions,
        "build": built,
        "find": statistics.median(passes),
        "naive_bytes": naive_bytes,
        "naive": naive_time,
        "agree": agree,
    }
