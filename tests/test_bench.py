"""The benchmark: deterministic corpora, the table read from hyperfine's JSON, the plain twin's config, page weight.

Nothing here asserts a time.
"""
from __future__ import annotations

import gzip
import json
import random
import shutil

import pytest
import yaml

from bench import corpus, reader, run
from build_tools.build import generate

from .conftest import ROOT, mkdocs_yml

FIXTURE = ROOT / "tests" / "fixtures" / "hyperfine.json"


def test_corpora_are_deterministic_and_valid(tmp_path):
    first = corpus.write_corpus(tmp_path / "a", 3, 30)
    second = corpus.write_corpus(tmp_path / "b", 3, 30)
    for path in sorted((tmp_path / "a" / "seeds").iterdir()):
        assert path.read_bytes() == (tmp_path / "b" / "seeds" / path.name).read_bytes()
    assert first == second
    text = (tmp_path / "a" / "seeds" / "article-0001.txt").read_text(encoding="utf-8")
    assert "\n\n" not in text and 3000 < len(text.encode()) < 6000
    generated = generate(tmp_path / "a" / "seeds", ROOT / "templates")
    assert not generated.warnings
    briefing = generated.briefing
    assert len(briefing.articles) == 3 and len(briefing.entities) == 30
    assert len(briefing.mentions) > 3 * 30  # about the seed's density of names
    assert all(len(article.sections) > 1 for article in briefing.articles)


def test_synthetic_names_are_unique_whole_words():
    entities = corpus.make_entities(2000, random.Random(7))
    terms = [term for entity in entities for term in entity.terms]
    assert len(terms) == len(set(terms))
    assert all(term.strip() == term and term[0].isupper() for term in terms)


def test_the_table_is_read_from_hyperfines_json():
    results = run.load_results(FIXTURE)
    rows = run.build_rows(1, results) + [run.generator_row(results["generator"], 250_000, 1)]
    assert [row[:4] for row in rows] == [
        ["Full build, cold, N = 1", "1.50 s", "1.40–1.60 s", "1.50×"],
        ["Full build, warm, N = 1", "1.10 s", "1.00–1.30 s", "1.10×"],
        ["Plain build, N = 1", "1.00 s", "0.90–1.20 s", "1.00×"],
        ["Generator, per MB of article text", "2.00 s/MB", "1.60–2.40 s/MB", ""],
    ]
    matching = run.matching_row({"median": 0.05, "min": 0.04, "max": 0.1, "bytes": 2_000_000})
    assert matching[:3] == ["Matching throughput", "40.0 MB/s", "20.0–50.0 MB/s"]  # the fastest run gives the highest rate
    weight = run.reader_row({"HTML": (60_000, 12_000), "CSS": (150_000, 30_000), "JS": (40_000, 9_000)}, {"sitemap.xml": (2_000, 400)})
    assert weight[1:3] == ["250 kB (51 kB gzipped)", "—"] and weight[4].endswith("HTML 60, CSS 150, JS 40; on demand: sitemap.xml 2")
    loads = run.first_load_rows({300: (260_000, 55_000), 1: (250_000, 50_000)})
    assert [row[:2] for row in loads] == [
        ["Reader's first load, article page, N = 1", "250 kB (50 kB gzipped)"], ["Reader's first load, article page, N = 300", "260 kB (55 kB gzipped)"],
    ]
    assert loads[1][4].endswith("1.04× (gzipped 1.10×) the page at N = 1")
    table = run.table(rows).splitlines()
    assert table[0] == "| Measure | Median | Min–max | × plain | What it measures |"
    assert len(table) == 2 + len(rows) and all(line.count(" | ") == 4 for line in table)  # every row says what it measures


def test_the_plain_config_is_the_projects_without_hooks_or_extension_and_with_the_hooks_nav(tmp_path):
    (tmp_path / "docs").mkdir()
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    (tmp_path / "docs" / ".briefing.json").write_text(json.dumps({"articles": [["A &amp; B", "articles/a.md"]]}), encoding="utf-8")
    project = mkdocs_yml()
    plain = mkdocs_yml(run.plain_config(tmp_path))
    assert "hooks" not in plain
    assert plain.pop("nav") == [{"Home": "index.md"}, {"Articles": [{"A &amp; B": "articles/a.md"}]}, {"Glossary": "glossary/index.md"}, {"Actor map": "actor-map.md"}]
    project.pop("hooks", None)
    project.pop("nav", None)
    project["markdown_extensions"].remove("build_tools.briefing_markdown")
    assert plain == project


def test_page_weight_counts_the_pages_own_downloads_and_on_demand_what_its_scripts_fetch_later(tmp_path):
    site = tmp_path / "site"
    files = {
        "articles/a/index.html": '<link rel="stylesheet" href="../../assets/main.css"><link rel="icon" href="../../icon.png">'
        '<script src="../../assets/app.js"></script><script src="https://elsewhere.invalid/x.js"></script>'
        '<script id="__config" type="application/json">{"search": "../../assets/worker.js"}</script>'
        '<script id="briefing-scripts">(function (sources) { /* ... */ })(["../../assets/late.js"]);</script>',
        "assets/main.css": "b { color: red }",
        "icon.png": "PNG",
        "assets/app.js": "let a = 1;",
        "assets/late.js": "let b = 2;",
        "assets/worker.js": "onmessage = null;",
        "search/search_index.json": '{"docs": []}',
        "sitemap.xml": "<urlset/>",
        "assets/briefing/entities.json": "{}",
        "unused.css": "never loaded",
    }
    for name, text in files.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(text, encoding="utf-8")

    def size(*names: str) -> tuple[int, int]:
        return sum(len(files[n]) for n in names), sum(len(gzip.compress(files[n].encode(), 6, mtime=0)) for n in names)

    assert reader.page_weight(site, "articles/a") == {
        "HTML": size("articles/a/index.html"),
        "CSS": size("assets/main.css"),
        "icon": size("icon.png"),
        "JS": size("assets/app.js", "assets/late.js", "assets/worker.js"),
    }
    assert reader.on_demand(site) == {name: size(name) for name in ("search/search_index.json", "sitemap.xml", "assets/briefing/entities.json")}


def test_the_whole_benchmark_runs_on_one_article(tmp_path, monkeypatch):
    assert shutil.which("hyperfine"), "hyperfine is missing: `make test` installs it (apt-get, as root)"
    monkeypatch.setattr(run, "MATCH_ENTITIES", 50)
    monkeypatch.setattr(run, "MATCH_BYTES", 20_000)
    out = tmp_path / "RESULTS.md"
    assert run.main(["--articles", "1", "--runs", "1", "--out", str(out), "--work", str(tmp_path / "work")]) == 0
    rows = [line.split(" | ")[0].lstrip("| ") for line in out.read_text(encoding="utf-8").splitlines()[4:]]
    assert rows[0] == "Measure" and rows[2:] == [
        "Full build, cold, N = 1", "Full build, warm, N = 1", "Plain build, N = 1",
        "Generator, per MB of article text", "Matching throughput", "Reader's first load, article page, N = 1", "Reader's bytes, article page",
    ]
