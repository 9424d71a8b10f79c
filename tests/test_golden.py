"""Golden files: the seed briefing's generated Markdown, compared byte for byte.

After an intended change, run `make golden` (pytest --update-golden) and review the diff.
"""
from __future__ import annotations

import difflib
import json

from .conftest import ROOT

GOLDEN = ROOT / "tests" / "golden"


def _generated_text(seed_output) -> dict[str, str]:
    return {path: content for path, content in seed_output.files.items() if path.endswith((".md", ".json", ".html")) and isinstance(content, str)}


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


def _article_text_markdown(page: str) -> str:
    """An article page's Markdown from its title to the end of the article's text (the map and the list of entries follow)."""
    body = page.split("\n---\n", 1)[1]
    return body.split("\n## Who is connected", 1)[0].split("\n## Named in this article", 1)[0]


def test_the_articles_markdown_holds_no_html_and_only_front_matter_the_engines_and_the_theme_read(seed_output):
    import re

    for article in seed_output.briefing.articles:
        page = seed_output.files[f"articles/{article.slug}.md"]
        front = page.split("\n---\n", 1)[0].removeprefix("---\n")
        assert {line.split(":")[0] for line in front.splitlines() if not line.startswith(" ")} <= {"search", "description", "tags", "title", "hide", "briefing"}
        assert front.splitlines()[-1].startswith("briefing: {")  # the theme's data, on one line, last
        assert re.search(r"<[a-zA-Z/!?]", _article_text_markdown(page)) is None


def test_plain_python_markdown_shows_every_word_and_a_link_for_every_mention(seed_output):
    """Without this project's extension (attr_list and footnotes only), the article still reads."""
    import markdown
    from bs4 import BeautifulSoup

    for article in seed_output.briefing.articles:
        html = markdown.markdown(_article_text_markdown(seed_output.files[f"articles/{article.slug}.md"]), extensions=["attr_list", "footnotes"])
        soup = BeautifulSoup(html, "html.parser")
        for notes in soup.select("div.footnote, sup"):
            notes.decompose()  # the notes and their numbers: the article's words are checked alone

        def words(text: str) -> list[str]:  # == around a quote, and \= for a "=", are shown as written
            return text.replace("=", "").replace("\\", "").split()

        assert words(" ".join(p.get_text() for p in soup.select("p[id]"))) == words(" ".join(p.text for _, _, p in article.paragraphs))
        links = [a["href"] for p in soup.select("p[id]") for a in p.find_all("a") if "glossary/" in a["href"]]
        mentions = seed_output.briefing.mentions.in_article(article.slug)
        assert links == [f"../glossary/{m.entity_id}.md" for m in mentions]
