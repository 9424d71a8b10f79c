"""`python -m build_tools suggest`: draft entries in glossary.yml's own format, for the editor to paste."""
from __future__ import annotations

import re
from dataclasses import replace

import pytest
import yaml

from build_tools.discover import drafts_for
from build_tools.errors import Problems
from build_tools.ingest import parse_glossary, read_seeds
from build_tools.suggest import scalar, suggestions

from .conftest import run_cli, write_seeds

TEXT = """\
Kazakhstan joined the Collective Security Treaty Organization (CSTO) long ago.
President Kassym-Jomart Tokayev met Dr. Elizabeth Sherwood-Randall in Astana.

Later the CSTO met again, and Dr. Sherwood-Randall left Kazakhstan’s capital.
"""
GLOSSARY = "entities:\n  - {id: kazakhstan, name: Kazakhstan, type: country, summary: A country.}\n"


def seeds_with(tmp_path, glossary: str = GLOSSARY):
    return write_seeds(tmp_path / "seeds", {"glossary.yml": glossary, "note.txt": TEXT, "note.yml": "title: T\nsource: {name: S}\n"})


def suggested(tmp_path, glossary: str = GLOSSARY) -> str:
    briefing, _ = read_seeds(seeds_with(tmp_path, glossary))
    return suggestions(briefing, drafts_for(briefing))


def test_every_uncovered_name_is_an_entry_with_its_count_and_first_sentence(tmp_path):
    text = suggested(tmp_path)
    entries = yaml.safe_load(text)["entities"]
    assert [(e["id"], e["name"], e["type"], e.get("aliases"), e["draft"]) for e in entries] == [
        ("collective-security-treaty-organization", "Collective Security Treaty Organization", "organization", ["CSTO"], True),
        ("kassym-jomart-tokayev", "Kassym-Jomart Tokayev", "person", None, True),
        ("elizabeth-sherwood-randall", "Elizabeth Sherwood-Randall", "person", ["Sherwood-Randall"], True),
        ("astana", "Astana", "place", None, True),  # "in Astana"
    ]
    comments = re.findall(r"^  # (.*)$", text, flags=re.M)
    assert comments[0].startswith("3 mentions; first in ") and comments[0].endswith(
        "note.txt:1: Kazakhstan joined the Collective Security Treaty Organization (CSTO) long ago."
    )
    assert comments[2].startswith("2 mentions; first in ")
    assert "Kazakhstan" not in [e["name"] for e in entries]  # the glossary covers it


def test_the_output_is_a_glossary_that_ingest_accepts_and_still_accepts_with_summaries(tmp_path):
    text = suggested(tmp_path)
    problems = Problems()
    glossary = parse_glossary("suggested.yml", text, problems)
    assert problems.errors == [] and problems.warnings == []
    assert all(e.draft for e in glossary.entities) and len(glossary.entities) == 4
    reviewed = re.sub(r"^    draft: true$", "    summary: Written by an editor.", text, flags=re.M)
    glossary = parse_glossary("reviewed.yml", reviewed, problems)
    assert problems.errors == [] and not any(e.draft for e in glossary.entities)
    assert {e.summary for e in glossary.entities} == {"Written by an editor."}


def test_ignored_names_and_pasted_entries_are_suggested_no_more(tmp_path):
    first = yaml.safe_load(suggested(tmp_path))["entities"]
    pasted = GLOSSARY + "".join(
        f"  - {{id: {e['id']}, name: {scalar(e['name'], flow=True)}, type: {e['type']}, aliases: {e.get('aliases') or []}, draft: true}}\n"
        for e in first[:2]
    )
    again = yaml.safe_load(suggested(tmp_path / "again", pasted + "ignore: [Astana]\n"))["entities"]
    assert [e["name"] for e in again] == ["Elizabeth Sherwood-Randall"]


@pytest.mark.parametrize(
    "value, flow, written",
    [
        ("U.S. Department of the Treasury", False, "U.S. Department of the Treasury"),
        ("C5+1", True, "C5+1"),
        ("Yes", False, '"Yes"'),  # YAML 1.1 reads it as true
        ("2015", False, '"2015"'),
        ("Alpha: Beta", False, '"Alpha: Beta"'),
        ("Bosnia, Herzegovina", True, '"Bosnia, Herzegovina"'),
        ("António #1", False, '"Ant\\u00f3nio #1"'),
    ],
)
def test_names_are_written_as_yaml_reads_them_back(value, flow, written):
    assert scalar(value, flow) == written
    assert yaml.safe_load(f"[{written}]" if flow else written) in (value, [value])


def test_the_command_prints_the_entries(tmp_path):
    result = run_cli("suggest", "--seeds", str(seeds_with(tmp_path)), "--no-nlp")
    assert result.returncode == 0, result.stderr
    assert yaml.safe_load(result.stdout)["entities"][0]["name"] == "Collective Security Treaty Organization"
    assert "names found by the heuristic" in result.stderr


def test_the_command_names_files_as_the_check_does_relative_to_where_it_runs(tmp_path):
    import subprocess
    import sys

    seeds = seeds_with(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "build_tools", "suggest", "--seeds", str(seeds), "--no-nlp"], cwd=seeds.parent, capture_output=True, text=True, check=True
    )
    firsts = [line for line in result.stdout.splitlines() if "; first in " in line]
    assert firsts and all(line.split("; first in ", 1)[1].startswith(f"{seeds.name}/") for line in firsts), result.stdout


def test_the_output_is_the_same_under_any_hash_seed(tmp_path):
    import os
    import subprocess
    import sys

    from .conftest import ROOT

    seeds = seeds_with(tmp_path)
    outputs = {
        subprocess.run(
            [sys.executable, "-m", "build_tools", "suggest", "--seeds", str(seeds), "--no-nlp"],
            cwd=ROOT, capture_output=True, text=True, check=True, env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(outputs) == 1
