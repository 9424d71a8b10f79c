"""scripts/evaluate_import.py runs over a corpus folder of the shared corpus's layout and prints its figures."""
from __future__ import annotations

import json
import subprocess
import sys
import textwrap

from .conftest import ROOT
from .test_importer import PAGE_WORDS
from .test_readers import FIXTURES


def test_the_evaluation_prints_the_figures_of_each_input(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    slug = "water-plan"
    (corpus / f"{slug}.txt").write_text(" ".join(PAGE_WORDS) + "\n", encoding="utf-8")
    (corpus / f"{slug}.html").write_text((FIXTURES / "page.html").read_text(encoding="utf-8"), encoding="utf-8")
    wrapped = textwrap.wrap(" ".join(PAGE_WORDS), 40)
    messy, furniture = [], []
    for page, start in enumerate(range(0, len(wrapped), 15), start=1):
        messy.append("THE BASIN GAZETTE")
        furniture.append(len(messy))
        messy += wrapped[start:start + 15]
        messy.append(f"- {page} -")
        furniture.append(len(messy))
    (corpus / f"{slug}.messy.txt").write_text("\n".join(messy) + "\n", encoding="utf-8")
    (corpus / f"{slug}.messy.furniture.json").write_text(json.dumps({"furniture_lines": furniture}), encoding="utf-8")
    (corpus / f"{slug}.source.json").write_text(json.dumps({
        "title": "Rivers Agree on a Shared Water Plan", "publisher": "The Basin Gazette", "issuer": "Amina Sultanova", "date_day": "2024-05-06",
    }), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "scripts/evaluate_import.py", str(corpus), "--json"], cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
    )
    assert result.returncode == 0, result.stderr
    rows = {row["input"]: row for row in json.loads(result.stdout)}
    assert {"html", "messy-txt", "docx"} <= rows.keys()
    for kind in ("html", "docx"):
        assert (rows[kind]["kept"], rows[kind]["extra"], rows[kind]["title"], rows[kind]["published"], rows[kind]["author"]) == (1.0, 0.0, "yes", "yes", "yes")
    assert rows["messy-txt"]["furniture"] == f"{len(furniture)}/{len(furniture)} removed, 0 other line(s) removed"
    assert rows["messy-txt"]["kept"] == 1.0
    if "pdf-chromium-reader" in rows:
        assert rows["pdf-chromium-reader"]["furniture"] == "0 browser margin line(s) left"
        assert rows["pdf-chromium-reader"]["kept"] == 1.0


def test_paragraph_breaks_are_counted_where_the_words_align():
    sys.path.insert(0, str(ROOT / "scripts"))
    from evaluate_import import compare_breaks

    text = "One two three.\n\nFour five\nsix seven.\n\nEight nine."
    article = text.split()
    # The import kept the break before "Four", lost the one before "Eight", and started a paragraph
    # before "six" (a line break of the article: no fault) and before "seven" (a fault).
    starts = {0, 3, 5, 6}
    breaks, kept, added, spans = compare_breaks(article, article, text, starts)
    assert (breaks, kept, added) == (2, 1, 1)
    assert [span.split()[0] for span in spans] == ["missed", "added"]
