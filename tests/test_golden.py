"""Golden files: the seed briefing's generated Markdown, compared byte for byte.

After an intended change, run `make golden` (pytest --update-golden) and review the diff.
"""
from __future__ import annotations

import difflib
import json

from .conftest import ROOT

GOLDEN = ROOT / "tests" / "golden"


def _generated_text(seed_output) -> dict[str, str]:
    return {path: content for path, content in seed_output.files.items() if path.endswith((".md", ".json")) and isinstance(content, str)}


def _reviewable(path: str, content: str) -> str:
    """JSON is generated on one line (Python's fast encoder); golden files keep it indented, so that a diff names the field that changed."""
    return json.dumps(json.loads(content), ensure_ascii=False, indent=1) + "\n" if path.endswith(".json") else content


def test_generated_markdown_matches_golden_files(seed_output, update_golden):
    generated = {path: _reviewable(path, content) for path, content in _generated_text(seed_output).items()}
    if update_golden:
        for old in GOLDEN.rglob("*"):
            if old.is_file():
                old.unlink()
        for path, content in generated.items():
            target = GOLDEN / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(content, encoding="utf-8")
    expected = {p.relative_to(GOLDEN).as_posix(): p.read_text(encoding="utf-8") for p in GOLDEN.rglob("*") if p.is_file()}
    assert sorted(generated) == sorted(expected), "generated files differ from tests/golden/: run `make golden`"
    diffs = [
        "".join(difflib.unified_diff(expected[path].splitlines(True), generated[path].splitlines(True), f"golden/{path}", f"generated/{path}"))
        for path in sorted(generated)
        if generated[path] != expected[path]
    ]
    assert not diffs, "\n".join(diffs)


def test_generation_is_deterministic(seed_output):
    from build_tools.build import generate

    again = generate(ROOT / "seeds", ROOT / "templates")
    assert again.files == seed_output.files


def test_generated_markdown_is_plain_and_ends_with_one_newline(seed_output):
    for path, content in _generated_text(seed_output).items():
        assert content.endswith("\n") and not content.endswith("\n\n\n"), path
        assert "\r" not in content and "\t" not in content, path
    json.loads(seed_output.files["assets/briefing/entities.json"])
