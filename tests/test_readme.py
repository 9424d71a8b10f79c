"""The README's promises about the tree: its Layout names every module and script, and every dependency is pinned."""
from __future__ import annotations

import ast
import re
import sys
from importlib.metadata import packages_distributions

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
REQUIREMENTS = sorted(ROOT.glob("requirements*.txt"))


def layout() -> str:
    section = README[README.index("## Layout") :]
    return section[section.index("```") + 3 : section.index("```", section.index("```") + 3)]


def normalised(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pinned() -> dict[str, str]:
    pins = {}
    for path in REQUIREMENTS:
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.split("#", 1)[0].strip()
            if line and not line.startswith(("-r ", "-e ")):
                name, _, version = line.partition("==")
                pins[normalised(name)] = version
    return pins


def test_every_requirement_is_pinned_exactly():
    for path in REQUIREMENTS:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            line = line.split("#", 1)[0].strip()
            if line and not line.startswith("-r ") and line != "-e .":
                assert re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*==[0-9][A-Za-z0-9.+-]*", line), f"{path.name}:{number}: {line!r} is not pinned with =="


def test_what_the_generator_imports_and_make_deploy_runs_is_pinned():
    distributions = packages_distributions()
    pins = pinned()
    for module in sorted((ROOT / "build_tools").glob("*.py")):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else [node.module] if isinstance(node, ast.ImportFrom) and node.level == 0 else []
            for name in names:
                top = name.split(".")[0]
                if top in sys.stdlib_module_names or top == "build_tools" or top not in distributions:
                    continue  # the standard library, the generator, or an optional model not installed here
                assert any(normalised(dist) in pins for dist in distributions[top]), f"{module.name} imports {top}, which no requirements*.txt pins"
    assert "ghp-import" in pins  # `make deploy` runs .venv/bin/ghp-import
    assert "$(VENV)/bin/ghp-import" in (ROOT / "Makefile").read_text(encoding="utf-8")


def test_the_layout_names_every_module_and_script_and_nothing_that_is_missing():
    text = layout()
    named = set(re.findall(r"\b([A-Za-z_]+\.(?:py|mjs))\b", text))
    modules = {path.name for path in (ROOT / "build_tools").glob("*.py")} - {"__init__.py"}
    scripts = {path.name for path in (ROOT / "scripts").iterdir() if path.is_file()}
    assert modules - named == set(), "build_tools/ modules the README's Layout does not name"
    assert scripts - named == set(), "scripts/ files the README's Layout does not name"
    assert named - modules - scripts == set(), "files the Layout names that do not exist"
    for line in text.splitlines():
        path = line.split()[0] if line.strip() and not line.startswith(" ") else ""
        if path and "*" not in path:
            assert (ROOT / path).exists(), f"the Layout names {path}, which does not exist"
