"""The editor's coverage check: clean on the seed, useful on an article whose glossary is incomplete."""
from __future__ import annotations

from build_tools.build import generate
from build_tools.check import check, heuristic_names

from .conftest import ROOT, run_cli, write_seeds

INCOMPLETE_TEXT = """\
TEHRAN -
Vladimir Putin met Xi Jinping and Kassym-Jomart Tokayev in Astana on Monday, while the
Foreign Minister of Kazakhstan spoke of the CSTO and of NATO. The European Union
was not invited. Iranian and Chinese firms bid. However, Kazakhstan’s Eurasian Economic Union
partners hesitated; Putin said the Eurasian Economic Union works.
"""
INCOMPLETE_GLOSSARY = """\
entities:
  - {id: kazakhstan, name: Kazakhstan, type: country, summary: A country.}
  - {id: european-union, name: European Union, aliases: [EU], type: organization, summary: A union.}
  - {id: eurasian, name: Eurasian Economic Space, aliases: [Eurasian Economic], type: concept, summary: A plan.}
  - {id: never, name: Neverland, type: place, summary: Not in the text.}
  - {id: eaeu, name: Eurasian Economic Union, type: organization, summary: A union.}
"""


def findings_for(tmp_path, recognise=None) -> list[str]:
    seeds = write_seeds(tmp_path / "seeds", {"glossary.yml": INCOMPLETE_GLOSSARY, "note.txt": INCOMPLETE_TEXT, "note.yml": "title: T\nsource: {name: S}\n"})
    briefing = generate(seeds, ROOT / "templates").briefing
    return [str(f).replace(f"{seeds}/", "") for f in check(briefing, recognise)]


def test_the_seed_reports_cleanly():
    assert check(generate(ROOT / "seeds", ROOT / "templates").briefing) == []


def test_an_incomplete_glossary_is_reported_usefully(tmp_path):
    findings = findings_for(tmp_path)
    names = [f.split("'")[1] for f in findings if "no glossary entry covers it" in f]
    assert names == ["Astana", "CSTO", "Kassym-Jomart Tokayev", "NATO", "Putin", "TEHRAN", "Vladimir Putin", "Xi Jinping"]
    assert "note.txt:1: warning: 'Putin' (1×) is named but no glossary entry covers it, e.g. \"However, Kazakhstan’s Eurasian Economic Union partners hesitated; Putin said the Eurasian Economic Union works.\"" in findings
    assert "glossary.yml:5:5: warning: 'never' (Neverland) is mentioned in no article, and no note or other entry links to it" in findings
    assert (
        "glossary.yml:4:5: warning: 'Eurasian Economic' of 'eurasian' appears 2 time(s), always inside a longer name of 'eaeu', so it marks nothing"
        in findings
    )
    # Sentence starters, titles of office and demonyms are not reported.
    assert not [f for f in findings if any(word in f.split("'")[1] for word in ("However", "Foreign", "Iranian", "Monday"))]


def test_names_the_editor_rejected_are_no_finding(tmp_path):
    # README: a name under `ignore:` "is never suggested or marked again"; the check must not ask for its entry.
    seeds = write_seeds(
        tmp_path / "seeds",
        {"glossary.yml": INCOMPLETE_GLOSSARY + "ignore: [TEHRAN, NATO]\n", "note.txt": INCOMPLETE_TEXT, "note.yml": "title: T\nsource: {name: S}\n"},
    )
    findings = [str(f) for f in check(generate(seeds, ROOT / "templates").briefing)]
    names = [f.split("'")[1] for f in findings if "no glossary entry covers it" in f]
    assert names == ["Astana", "CSTO", "Kassym-Jomart Tokayev", "Putin", "Vladimir Putin", "Xi Jinping"]


def test_an_installed_recogniser_adds_its_names(tmp_path):
    def recognise(text):
        start = text.find("firms")
        return [(start, start + 5, "ORG")] if start >= 0 else []

    assert "firms" in [f.split("'")[1] for f in findings_for(tmp_path, recognise)]


def test_heuristic_skips_capitals_that_only_start_sentences():
    text = "Therefore, the West met. As Yerlan Idrisov said, The Hague rules."
    assert [text[s:e] for s, e in heuristic_names(text)] == ["West", "Yerlan Idrisov", "The Hague"]


def test_check_command_prints_findings_and_succeeds(tmp_path):
    seeds = write_seeds(tmp_path / "seeds", {"glossary.yml": INCOMPLETE_GLOSSARY, "note.txt": INCOMPLETE_TEXT, "note.yml": "title: T\nsource: {name: S}\n"})
    result = run_cli("check", "--seeds", str(seeds), "--no-nlp")
    assert result.returncode == 0
    assert result.stdout.splitlines()[-1] == "check: 11 finding(s), names found by the heuristic (spaCy's model is not installed)."


def test_remembered_names_give_the_same_findings_without_looking_again(tmp_path, monkeypatch):
    from build_tools import build as pipeline
    from build_tools import check as checking

    seeds = write_seeds(tmp_path / "seeds", {"glossary.yml": INCOMPLETE_GLOSSARY, "note.txt": INCOMPLETE_TEXT, "note.yml": "title: T\nsource: {name: S}\n"})
    briefing = generate(seeds, ROOT / "templates").briefing
    expected = check(briefing)
    assert pipeline.checked(briefing, seeds) == expected
    assert (tmp_path / ".cache" / "briefing" / pipeline.NAMES).is_file()

    def no_heuristic(text):
        raise AssertionError("a remembered paragraph was searched again")

    monkeypatch.setattr(checking, "heuristic_names", no_heuristic)
    assert pipeline.checked(briefing, seeds) == expected
    # A damaged entry is not trusted: the paragraph is searched again.
    monkeypatch.undo()
    memo = tmp_path / ".cache" / "briefing" / pipeline.NAMES
    memo.write_text(memo.read_text(encoding="utf-8").replace("[[", "[[-5,"), encoding="utf-8")
    assert pipeline.checked(briefing, seeds) == expected


def test_an_unscoped_alias_that_is_a_common_phrase_is_reported_with_its_entry():
    from build_tools.check import is_common_phrase, unscoped_common_aliases
    from build_tools.model import Briefing, Entity
    from build_tools.errors import Location

    entries = (
        Entity(id="talks", name="Almaty nuclear talks", type="event", summary="s", aliases=("nuclear talks", "Almaty talks"), location=Location("glossary.yml", 12, 5)),
        Entity(id="us", name="United States", type="country", summary="s", aliases=("US", "U.S."), location=Location("glossary.yml", 20, 5)),
        Entity(id="west", name="The West", type="concept", summary="s", aliases=("West",), location=Location("glossary.yml", 30, 5)),
    )
    found = [str(p) for p in unscoped_common_aliases(Briefing(entities=entries, articles=()))]
    assert found == [
        "glossary.yml:12:5: warning: alias 'nuclear talks' of 'talks' is a common phrase and marks it in every article; list it under `aliases:` in the .yml of the articles where it holds",
        "glossary.yml:30:5: warning: alias 'West' of 'west' is a common phrase and marks it in every article; list it under `aliases:` in the .yml of the articles where it holds",
    ]
    assert [is_common_phrase(t) for t in ("balance of powers", "Almaty talks", "US", "May", "West", "C5+1")] == [True, False, False, True, True, False]


def test_the_seeds_generic_phrases_mean_nothing_in_another_article(tmp_path):
    """An article about Iran's election and the Vienna talks, beside the seed: none of the seed's
    scoped phrases marks its entry there, and "West Asia" is no mention of the West."""
    import shutil

    seeds = tmp_path / "seeds"
    shutil.copytree(ROOT / "seeds", seeds)
    (seeds / "iran-2021.txt").write_text(
        "Iran held its presidential election in June 2021, while the nuclear talks in Vienna stalled. "
        "Analysts in West Asia said the nuclear issue and the West would shape the balance of powers.\n",
        encoding="utf-8",
    )
    (seeds / "iran-2021.yml").write_text("title: Iran votes\nsource: {name: Test}\n", encoding="utf-8")
    briefing = generate(seeds, ROOT / "templates", cache=tmp_path / "cache").briefing
    marked = {m.entity_id for m in briefing.mentions.in_article("iran-2021")}
    assert marked & {"kazakhstan-presidential-election-2015", "almaty-nuclear-talks", "iran-nuclear-programme", "the-west", "balance-of-powers"} == set()
    assert "iran" in marked
    seed = {m.entity_id for m in briefing.mentions.in_article("kazakhstan-balance-of-powers")}
    assert {"kazakhstan-presidential-election-2015", "almaty-nuclear-talks", "iran-nuclear-programme", "the-west", "balance-of-powers"} <= seed
