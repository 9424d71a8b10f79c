"""Shared fixtures: the seed briefing generated in memory, the real site built once, small seed folders."""
from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from build_tools.build import generate  # noqa: E402

MINIMAL_GLOSSARY = """\
entities:
  - id: sco
    name: Shanghai Cooperation Organisation
    type: organization
    aliases: [SCO]
    summary: A regional organisation.
  - id: kazakhstan
    name: Kazakhstan
    type: country
    summary: A country.
"""
MINIMAL_TEXT = "Kazakhstan joined the SCO.\nIt was founded in 2001.\n\nSecond paragraph here.\n"
MINIMAL_META = """\
title: A note
source: {name: Test}
sections:
  - title: One
  - title: Two
    starts: Second paragraph
"""

# A "billion laughs" glossary: nine levels of nine aliases each, 9**9 values from under 700 bytes.
LAUGHS = "entities: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + level)}: &{chr(98 + level)} [{', '.join([f'*{chr(97 + level)}'] * 9)}]\n" for level in range(8)
)


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden/ from the current output")


@pytest.fixture
def update_golden(request) -> bool:
    return request.config.getoption("--update-golden")


def write_seeds(folder: Path, files: dict[str, str | bytes | None]) -> Path:
    """A seeds folder holding the minimal valid briefing, with `files` replacing (or, when None, removing) files."""
    folder.mkdir(parents=True, exist_ok=True)
    contents: dict[str, str | bytes | None] = {
        "glossary.yml": MINIMAL_GLOSSARY,
        "note.txt": MINIMAL_TEXT,
        "note.yml": MINIMAL_META,
    }
    contents.update(files)
    for name, content in contents.items():
        if content is None:
            continue
        path = folder / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content) if content.startswith("\n") else content, encoding="utf-8")
    return folder


def make_project(project: Path, seeds: dict | None) -> Path:
    """A project sharing this one's code and templates, with the minimal seeds (or, when None, a copy of the real ones)."""
    project.mkdir()
    for shared in ("build_tools", "templates"):
        (project / shared).symlink_to(ROOT / shared)
    for name in ("mkdocs.yml", "Makefile", "requirements.txt"):
        (project / name).write_text((ROOT / name).read_text(encoding="utf-8"), encoding="utf-8")
    (project / "docs").mkdir()
    if seeds is None:
        shutil.copytree(ROOT / "seeds", project / "seeds")
    else:
        write_seeds(project / "seeds", seeds)
    return project


def mkdocs_yml(text: str | None = None) -> dict:
    """mkdocs.yml (or a text of its kind) read as MkDocs reads it, its !ENV tags included."""
    from mkdocs.utils.yaml import yaml_load

    return yaml_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8") if text is None else text)


def without_site_url() -> dict[str, str]:
    """The environment without a SITE_URL the person running the tests may have set."""
    return {name: value for name, value in os.environ.items() if name != "SITE_URL"}


def mkdocs_in(project: Path, *args: str, **environment: str) -> subprocess.CompletedProcess:
    """`mkdocs build --strict`, as `make site` runs it."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", *args],
        cwd=project, capture_output=True, text=True, env={**without_site_url(), "NO_MKDOCS_2_WARNING": "1", **environment}, check=False,
    )


def run_cli(*args: str) -> subprocess.CompletedProcess:
    """The command line run as an editor runs it; a build that hangs fails the test instead of stopping the run."""
    return subprocess.run(
        [sys.executable, "-m", "build_tools", *args], cwd=ROOT, capture_output=True, text=True, check=False, timeout=120
    )


@pytest.fixture(scope="session")
def seed_output():
    """The seed briefing, generated in memory."""
    return generate(ROOT / "seeds", ROOT / "templates")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real site, built as `make site` does: `mkdocs build --strict`, whose hook generates docs/."""
    out = tmp_path_factory.mktemp("site")
    (ROOT / "docs").mkdir(exist_ok=True)  # MkDocs wants it before any hook runs
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**without_site_url(), "NO_MKDOCS_2_WARNING": "1"},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return out


DRAFT_DOCUMENT = ROOT / "tests" / "fixtures" / "corpus" / "wh-2023-09-c5plus1-readout.txt"


@pytest.fixture(scope="session")
def drafts_site(tmp_path_factory) -> tuple[Path, object]:
    """A site of draft entries only (a real document, an empty glossary), built as `make site` does, and its briefing."""
    from .test_hostile import make_project, mkdocs_build

    seeds = {
        "glossary.yml": "entities: []\n",
        "readout.txt": DRAFT_DOCUMENT.read_text(encoding="utf-8"),
        "readout.yml": "title: A readout\nsource: {name: The White House}\n",
    }
    project = make_project(tmp_path_factory.mktemp("drafts"), seeds)
    assert mkdocs_build(project) == []
    return project / "site", generate(project / "seeds", ROOT / "templates", cache=project / ".cache").briefing


@pytest.fixture(scope="session")
def drafts_server(drafts_site):
    with serving(drafts_site[0]) as address:
        yield address
SUB_PATH = "briefing/"


@pytest.fixture(scope="session")
def published(tmp_path_factory):
    """The seed briefing published under a sub-path, as SITE_URL says: (its address, its folder).
    The server starts first, so that the build knows the address it is served at."""
    root = tmp_path_factory.mktemp("host")
    handler = functools.partial(QuietHandler, directory=str(root))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    address = f"http://127.0.0.1:{httpd.server_address[1]}/{SUB_PATH}"
    project = make_project(tmp_path_factory.mktemp("published") / "project", None)
    result = mkdocs_in(project, "--site-dir", str(root / SUB_PATH), SITE_URL=address)
    assert result.returncode == 0 and "WARNING" not in result.stderr, result.stderr
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield address, root / SUB_PATH
    httpd.shutdown()
    httpd.server_close()


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serving(folder: Path):
    """A local web server of folder, on a free port, for as long as the block runs: its address."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(folder)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(scope="session")
def server(built_site: Path):
    with serving(built_site) as address:
        yield address


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), f"Chromium is missing at {CHROMIUM}: run `make test`, which installs it"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
