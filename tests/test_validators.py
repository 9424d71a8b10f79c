"""The web's own validators on the built site: axe-core in Chromium, and the Nu HTML Checker.

Both come from node_modules (package-lock.json pins them); `make test` installs them.
A missing validator fails the run, it never skips.
"""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import ROOT

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
# Material puts autocomplete="off" on its drawer and search toggles, which are checkboxes; HTML
# allows the attribute only on text-like inputs. It is Material's markup and harmless there
# (it stops Firefox restoring the toggles' state), so this one message is filtered.
VNU_ALLOWED = r"Attribute “autocomplete” is only allowed when the input type is .*"


def site_pages(site: Path) -> list[str]:
    return sorted(
        ("" if p.parent == site else p.parent.relative_to(site).as_posix() + "/") for p in site.rglob("index.html")
    )


def nu_problems(site: Path) -> list[str]:
    assert VNU.exists(), "vnu.jar is missing: run `make test`, which runs npm ci"
    assert shutil.which("java"), "Java is missing (the Nu HTML Checker needs it)"
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--skip-non-html", "--errors-only", "--format", "json", "--filterpattern", VNU_ALLOWED, str(site)],
        capture_output=True,
        text=True,
        check=False,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    return [f"{m.get('url', '')}:{m.get('lastLine', '')}: {m['message']}" for m in messages]


def test_nu_html_checker_finds_no_errors(built_site):
    problems = nu_problems(built_site)
    assert not problems, "\n".join(problems)
    assert len(list(built_site.rglob("*.html"))) >= 25  # the checker saw the whole site


def test_nu_html_checker_finds_no_errors_in_a_site_of_drafts(drafts_site):
    site, briefing = drafts_site
    problems = nu_problems(site)
    assert not problems, "\n".join(problems)
    assert len(list(site.rglob("*.html"))) > len(briefing.entities)


@pytest.fixture(scope="module")
def axe_page(browser, server):
    assert AXE.exists(), "axe-core is missing: run `make test`, which runs npm ci"
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


def test_axe_finds_no_violations_on_any_page(axe_page, server, built_site):
    found = {}
    pages = site_pages(built_site) + ["404.html"]  # the page a host shows for a missing address, made from a template
    for path in pages:
        axe_page.goto(server + path)
        axe_page.add_script_tag(path=str(AXE))
        result = axe_page.evaluate("axe.run(document, {resultTypes: ['violations']})")
        violations = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]
        if violations:
            found[path or "home"] = violations
    assert not found, json.dumps(found, indent=1)
    assert {"", "articles/kazakhstan-balance-of-powers/", "glossary/", "glossary/sco/"} <= set(pages)


def test_axe_finds_no_violations_on_an_article_once_its_actor_map_has_come(axe_page, server):
    axe_page.goto(server + "articles/kazakhstan-balance-of-powers/")
    axe_page.locator("#connected").scroll_into_view_if_needed()
    axe_page.locator(".actor-map-frame svg a.actor-map-node").first.wait_for()
    axe_page.add_script_tag(path=str(AXE))
    result = axe_page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    assert [v["id"] for v in result["violations"]] == []


def test_axe_finds_no_violations_with_a_hover_card_open(axe_page, server):
    axe_page.goto(server + "articles/kazakhstan-balance-of-powers/")
    axe_page.locator('.entity[data-entity="russia"][tabindex="0"]').first.focus()
    axe_page.locator("#entity-card").wait_for(state="visible")
    axe_page.add_script_tag(path=str(AXE))
    result = axe_page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    assert [v["id"] for v in result["violations"]] == []


def test_axe_finds_no_violations_on_draft_pages_with_a_draft_card_open(axe_page, drafts_server, drafts_site):
    _, briefing = drafts_site
    entity = next(e for e in briefing.drafts if len(briefing.mentions.of_entity(e.id)) > 1)  # a later mention is focusable
    for path in ("glossary/", f"glossary/{entity.id}/"):
        axe_page.goto(drafts_server + path)
        axe_page.add_script_tag(path=str(AXE))
        assert [v["id"] for v in axe_page.evaluate("axe.run(document, {resultTypes: ['violations']})")["violations"]] == [], path
    axe_page.goto(drafts_server + "articles/readout/")
    axe_page.locator(f'.entity[data-entity="{entity.id}"][tabindex="0"]').first.focus()
    card = axe_page.locator("#entity-card")
    card.wait_for(state="visible", timeout=2000)
    assert "(guessed)" in card.inner_text() and "Not yet reviewed" in card.inner_text()
    axe_page.add_script_tag(path=str(AXE))
    assert [v["id"] for v in axe_page.evaluate("axe.run(document, {resultTypes: ['violations']})")["violations"]] == []
