"""scripts/lighthouse.py's plain pages hold the same text as ours, and nothing of the briefing's (Lighthouse itself is not run)."""
from __future__ import annotations

import importlib.util

import markdown
from bs4 import BeautifulSoup

from .conftest import ROOT

_spec = importlib.util.spec_from_file_location("lighthouse_script", ROOT / "scripts" / "lighthouse.py")
lighthouse = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(lighthouse)


def _words(markdown_text: str) -> list[str]:
    return BeautifulSoup(markdown.markdown(markdown_text, extensions=["tables"]), "html.parser").get_text(" ").split()


def test_the_plain_article_holds_the_articles_title_headings_and_every_word_of_its_paragraphs_in_order(seed_output):
    article = seed_output.briefing.articles[0]
    plain = lighthouse.plain_markdown(seed_output.files[f"articles/{article.slug}.md"], article=True)
    words = _words(plain)
    expected = [
        *article.title.split(),
        *[word for section in article.sections for word in [f"§{section.number}", *section.title.split(), *" ".join(p.text for p in section.paragraphs).split()]],
    ]
    # Nothing of ours in between: in order, the title, then each heading and its paragraphs (after the source line and summary).
    assert words[: len(article.title.split())] == article.title.split()
    body = words[words.index(f"§{article.sections[0].number}") :]
    assert body == expected[len(article.title.split()) :]
    assert not any(marker in plain for marker in ("{", "==", "[^", "<", "](../", "data-"))


def test_the_plain_entry_page_keeps_its_text_without_links_to_the_site(seed_output):
    page = seed_output.files["glossary/sco.md"]
    plain = lighthouse.plain_markdown(page, article=False)
    assert plain.startswith("# Shanghai Cooperation Organisation (SCO)\n") and "Mentioned in" in plain
    assert "](https://en.wikipedia.org/" in plain  # other sites' links stay, the site's go
    assert not any(marker in plain for marker in ("](../", "](china.md)", "<span", "{ data-", "search:"))


def test_the_plain_site_has_our_theme_settings_and_nothing_of_the_briefings():
    config = lighthouse.plain_config(ROOT, "articles/a.md")
    assert config["theme"]["features"] and config["theme"]["font"] is False and "custom_dir" not in config["theme"]
    assert config["extra"] == {"generator": False} and config["plugins"] == ["search"] and config["site_description"]
    assert not {"hooks", "extra_css", "extra_javascript"} & set(config)
    assert "build_tools.briefing_markdown" not in str(config["markdown_extensions"])
