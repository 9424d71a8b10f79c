"""The evaluation command: discovery scored against gold lists, on a copy of one real document."""
from __future__ import annotations

import json

import pytest

from build_tools.errors import BriefingError
from build_tools.evaluate import Gold, built, evaluate, read_gold, report, score, total

from .conftest import ROOT, run_cli

CORPUS = ROOT / "tests" / "fixtures" / "corpus"
TEXT = "Leaders of Russia met the CSTO. Later Dr. Jane Roe said Russia and China agree.\n"


def test_each_figure_counts_what_its_definition_says():
    briefing = built(TEXT, "t")
    assert {e.name for e in briefing.entities} == {"Russia", "CSTO", "Jane Roe", "China"}
    gold = (
        Gold("Russia", "country", (("Russia", 2), ("Russian Federation", 0))),
        Gold("Collective Security Treaty Organization", "organization", (("CSTO", 1),)),
        Gold("Jane Roe", "organization", (("Jane Roe", 1), ("Roe", 1))),  # the guess (person) is counted wrong
        Gold("Kazakhstan", "country", (("Kazakhstan", 1),)),  # never named: missed, its occurrence unmarked
    )
    s = score("t", briefing, gold)
    assert (s.found, s.gold, s.correct, s.suggested, s.typed, s.marked, s.occurrences) == (3, 4, 3, 4, 2, 4, 6)
    assert s.missed == ("Kazakhstan",) and s.wrong == ("China",) and s.mistyped == ("Jane Roe: person, not organization",)
    assert (s.recall, s.precision, round(s.type_accuracy, 3), round(s.mention_recall, 3)) == (0.75, 0.75, 0.667, 0.667)


def test_the_copied_document_meets_the_targets_and_is_reported_per_document_and_overall():
    scores = evaluate(CORPUS)
    assert [s.slug for s in scores] == ["wh-2023-09-c5plus1-readout"]
    overall = total(scores)
    assert overall.gold == len(json.loads((CORPUS / "wh-2023-09-c5plus1-readout.entities.json").read_text(encoding="utf-8")))
    assert overall.recall >= 0.9 and overall.precision >= 0.85 and overall.type_accuracy >= 0.85 and overall.mention_recall >= 0.9
    lines = report(scores)
    assert lines[1].startswith("wh-2023-09-c5plus1-readout") and lines[2].startswith("overall")


def test_the_command_prints_the_figures(tmp_path):
    result = run_cli("evaluate", str(CORPUS), "--no-nlp", "--details")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0].split()[:5] == ["document", "recall", "precision", "types", "mentions"]
    assert "overall" in result.stdout and "names found by the heuristic" in result.stdout


@pytest.mark.parametrize(
    "files, message",
    [
        ({}, "holds no <slug>.entities.json beside a <slug>.txt"),
        ({"x.entities.json": "[]"}, "has no x.txt beside it"),
        ({"x.entities.json": '[{"name": "A"}]', "x.txt": "A."}, "not a gold entity list (KeyError: 'type')"),
    ],
)
def test_a_folder_that_is_no_corpus_is_reported(tmp_path, files, message):
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    with pytest.raises(BriefingError) as raised:
        evaluate(tmp_path)
    assert raised.value.problems[0].message == message


def test_gold_lists_are_read_with_their_standalone_counts():
    gold = read_gold(CORPUS / "wh-2023-09-c5plus1-readout.entities.json")
    assert gold[0] == Gold("Joe Biden", "person", (("Joseph R. Biden, Jr.", 1), ("Biden", 4)))
