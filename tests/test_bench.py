"""Smoke test of the benchmark: the whole of `make bench` on two articles, so the script cannot rot.

Nothing here asserts a time: only that every measurement ran and reached the report.
"""
from __future__ import annotations

import random

import pytest

from bench import corpus, measure, run
from build_tools.build import generate

from .conftest import ROOT


@pytest.fixture(scope="module")
def results(tmp_path_factory) -> str:
    folder = tmp_path_factory.mktemp("bench")
    out = folder / "RESULTS.md"
    before = (ROOT / "bench" / "RESULTS.md").read_bytes() if (ROOT / "bench" / "RESULTS.md").exists() else None
    assert run.main(["--articles", "2", "--entities", "20", "--runs", "1", "--long", "20", "40", "80", "--out", str(out), "--work", str(folder / "work")]) == 0
    after = (ROOT / "bench" / "RESULTS.md").read_bytes() if (ROOT / "bench" / "RESULTS.md").exists() else None
    assert after == before  # the committed results are left alone
    return out.read_text(encoding="utf-8")


def rows(markdown: str, heading: str) -> list[list[str]]:
    """The body rows of the first table under a `## heading`, as lists of cells."""
    section = markdown.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]
    lines = [line for line in section.splitlines() if line.startswith("|")]
    return [[cell.strip() for cell in line.strip("|").split("|")] for line in lines[2:]]


def test_the_budget_table_has_every_line(results):
    lines = [row[0] for row in rows(results, "Budget")]
    assert len(lines) == 9
    for words in ("N = 1", "N = 1000", "linear in total text", "linear in K", "K = 5000", "Importing", "editing one article", "Article page", "Search index"):
        assert any(words in line for line in lines), words
    verdicts = {row[2] for row in rows(results, "Budget")}
    assert verdicts <= {"**met**", "**not met**", "not measured"}


def test_each_measurement_reaches_its_table(results):
    assert "- CPU: " in results and "mkdocs-material " in results
    site = rows(results, "Full build against the plain MkDocs floor")
    assert [row[:2] for row in site] == [["2", "20"]]
    assert int(site[0][2]) >= 2 + 20 + 2  # articles, entries, home and glossary index at least
    assert all(cell != "—" for cell in site[0])
    header = [cell.strip() for cell in results.split("## Full build against the plain MkDocs floor\n", 1)[1].split("\n|", 1)[1].split("\n", 1)[0].strip("|").split("|")]
    added = site[0][header.index("added by the briefing")]
    assert added not in {"0.0 ms", "—"}  # the hook's time was taken inside MkDocs (bench/mkdocs_timed.py)
    generator = rows(results, "Generator alone, by stage")
    assert [row[:2] for row in generator] == [["2", "20"]]
    matching = rows(results, "Matching throughput")
    assert matching[0][0] == "20" and matching[0][-1] == "yes"  # the naive matcher finds the same mentions
    files = [row[0] for row in rows(results, "Reader side: the seed article page")]
    assert {"HTML", "CSS", "JS", "search worker", "search index", "**total without the editors' additions**"} <= set(files)
    edit = next(row for row in rows(results, "Budget") if "editing one article" in row[0])
    assert edit[1].startswith("N = 2, K = 20: ") and " of " in edit[1] and edit[2] in {"**met**", "**not met**"}
    # Pairs ran side by side where the machine has two CPUs (as here and in CI), and the report says how they ran.
    assert ("each pair side by side" if measure.two_cpus() else "pairs one build after the other") in edit[1]
    assert rows(results, "Search index growth")[0][:2] == ["2", "20"]
    linear = next(row for row in rows(results, "Budget") if "linear in total text" in row[0])
    assert "one article of one paragraph" in linear[1]  # at these sizes noise can leave the verdict open
    assert "- One article that is a single paragraph" in results.split("## Scaling", 1)[1]


def test_corpora_are_deterministic_and_valid(tmp_path):
    first = corpus.write_corpus(tmp_path / "a", 3, 30)
    second = corpus.write_corpus(tmp_path / "b", 3, 30)
    for path in sorted((tmp_path / "a" / "seeds").iterdir()):
        assert path.read_bytes() == (tmp_path / "b" / "seeds" / path.name).read_bytes()
    assert first.titles == second.titles
    text = (tmp_path / "a" / "seeds" / "article-0001.txt").read_text(encoding="utf-8")
    assert "\n\n" not in text and 3000 < len(text.encode()) < 6000
    generated = generate(tmp_path / "a" / "seeds", ROOT / "templates")
    assert not generated.warnings
    briefing = generated.briefing
    assert len(briefing.articles) == 3 and len(briefing.entities) == 30
    assert len(briefing.mentions) > 3 * 30  # about the seed's density of names
    assert all(len(article.sections) > 1 for article in briefing.articles)


def test_the_long_article_is_one_paragraph_naming_entities(tmp_path):
    written = corpus.write_long_paragraph(tmp_path / "long", 30_000)
    assert written.text_bytes >= 30_000
    corpus.write_long_paragraph(tmp_path / "again", 30_000)
    assert (tmp_path / "long" / "seeds" / "report.txt").read_bytes() == (tmp_path / "again" / "seeds" / "report.txt").read_bytes()
    generated = generate(tmp_path / "long" / "seeds", ROOT / "templates")
    (article,) = generated.briefing.articles
    assert sum(len(section.paragraphs) for section in article.sections) == 1
    assert len(generated.briefing.mentions) > 50 and not generated.warnings


def test_synthetic_names_are_unique_whole_words():
    entities = corpus.make_entities(2000, random.Random(7))
    terms = [term for entity in entities for term in entity.terms]
    assert len(terms) == len(set(terms))
    assert all(term.strip() == term and term[0].isupper() for term in terms)
