"""The pipeline as a whole: atomic output, determinism, the MkDocs hook's error report, and
property tests from arbitrary article text to the page MkDocs would render."""
from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import jinja2
import markdown
import pytest
import yaml
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from mkdocs.utils.meta import get_data

from build_tools import build as pipeline
from build_tools import stamp
from build_tools.anchors import assign
from build_tools.errors import BriefingError, Problems
from build_tools.ingest import parse_article, parse_glossary
from build_tools.match import Matcher, find_mentions
from build_tools.model import Briefing
from build_tools.render import ENTRY_ARTICLES, HOME_ARTICLES, make_environment, render_site

from .conftest import MINIMAL_GLOSSARY, MINIMAL_META, MINIMAL_TEXT, ROOT, make_project, mkdocs_in, mkdocs_yml, run_cli, write_seeds

MKDOCS_EXTENSIONS = mkdocs_yml()["markdown_extensions"]


def snapshot(folder: Path) -> dict[Path, bytes]:
    return {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_an_error_late_in_the_pipeline_leaves_the_previous_output_intact(tmp_path, monkeypatch):
    seeds, docs = write_seeds(tmp_path / "seeds", {}), tmp_path / "docs"
    pipeline.build(seeds, ROOT / "templates", docs)
    before = snapshot(docs)
    (seeds / "note.txt").write_text("Kazakhstan changed.\n", encoding="utf-8")

    def broken_render(*args, **kwargs):
        raise BriefingError([])  # as if the last stage before writing found a problem

    monkeypatch.setattr(pipeline, "render_site", broken_render)
    with pytest.raises(BriefingError):
        pipeline.build(seeds, ROOT / "templates", docs)
    assert snapshot(docs) == before


def test_two_first_builds_with_other_hash_seeds_are_byte_identical(tmp_path):
    """From an empty docs/ and no cache, so neither build takes the up-to-date shortcut or reuses a layout."""
    sites = []
    for hash_seed in ("1", "2"):
        project = make_project(tmp_path / f"project-{hash_seed}", None)
        result = mkdocs_in(project, PYTHONHASHSEED=hash_seed)
        assert result.returncode == 0, result.stderr
        assert "docs/ is up to date" not in result.stderr
        sites.append(snapshot(project / "site"))
    first, second = sites
    for sitemap in (Path("sitemap.xml"), Path("sitemap.xml.gz")):  # they carry the build date
        first.pop(sitemap, None), second.pop(sitemap, None)
    assert first.keys() == second.keys() and len(first) > 20
    assert [path for path in first if first[path] != second[path]] == []


def mkdocs_build_of(project: Path, seeds: dict) -> subprocess.CompletedProcess:
    """`mkdocs build --strict`, as `make site` runs it, in a project sharing this one's code and templates."""
    return mkdocs_in(make_project(project, seeds))


def test_mkdocs_build_reports_bad_input_without_a_traceback(tmp_path):
    result = mkdocs_build_of(tmp_path / "project", {"glossary.yml": MINIMAL_GLOSSARY + "  - id: sco\n    name: Again\n    type: place\n    summary: s\n  - id: y\n    name: Y\n    type: thing\n    summary: s\n"})
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "seeds/glossary.yml:11:5: duplicate id 'sco' (first defined at line 2)" in result.stderr
    assert "seeds/glossary.yml:17:11: unknown type 'thing'; use one of:" in result.stderr
    assert "2 errors found; nothing was written." in result.stderr


# --- from arbitrary text to the rendered page ---------------------------------------------

GLOSSARY = parse_glossary(
    "glossary.yml",
    "entities:\n"
    "  - {id: kazakhstan, name: Kazakhstan, type: country, summary: s}\n"
    "  - {id: sco, name: Shanghai Cooperation Organisation, aliases: [SCO], type: organization, summary: s}\n"
    "  - {id: us, name: United States, aliases: [US, U.S.], type: country, summary: s}\n",
    Problems(),
)
PIECES = [
    "Kazakhstan", "SCO", "U.S.", "US", "United\nStates", " ", "\n", "\n\n", ".", "-\n", "*", "_", "#", "<", ">", "&", "[", "]",
    "|", "`", "\\", "{#id}", "{: .x}", "<script>alert(1)</script>", "[x](javascript:alert(1))", "<!-- c -->", "\n1. ",
    "\n# ", "\n> ", "\n- ", "\n+ ", "\n    code", "&amp;", "**", "~~", "==", "^^", ":smile:", "\n---\n", "\n===\n",
]
ARTICLE_TEXT = st.lists(st.one_of(st.sampled_from(PIECES), st.text(min_size=1, max_size=12)), min_size=1, max_size=40).map("".join)
ALLOWED = {
    "p": {"id", "class"},
    "a": {"class", "id", "href", "title", "aria-label", "data-label"},
    "span": {"class", "data-entity", "tabindex"},
}


def rendered_article(text: str) -> tuple[BeautifulSoup, Briefing]:
    problems = Problems()
    article = assign(parse_article("note", "note.txt", text, "note.yml", "title: T\nsource: {name: S}\n", problems))[0]
    briefing = Briefing(entities=GLOSSARY.entities, articles=(article,))
    briefing = Briefing(briefing.entities, briefing.articles, find_mentions(briefing.articles, Matcher(briefing.entities)))
    page = render_site(briefing, make_environment(jinja2.FileSystemLoader(str(ROOT / "templates"))))["articles/note.md"]
    body, _ = get_data(page)
    return BeautifulSoup(markdown.markdown(body, extensions=MKDOCS_EXTENSIONS_NAMES, extension_configs=MKDOCS_EXTENSION_CONFIGS), "html.parser"), briefing


MKDOCS_EXTENSIONS_NAMES = [next(iter(e)) if isinstance(e, dict) else e for e in MKDOCS_EXTENSIONS]
MKDOCS_EXTENSION_CONFIGS = {next(iter(e)): next(iter(e.values())) for e in MKDOCS_EXTENSIONS if isinstance(e, dict)}


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ARTICLE_TEXT)
def test_any_article_reaches_the_page_word_for_word_and_injects_nothing(text):
    assume(text.strip() and any(ch.isprintable() and not ch.isspace() for ch in text))
    soup, briefing = rendered_article(text)
    article = briefing.articles[0]
    shown = soup.select("p.briefing-paragraph")
    assert [p.get_text() for p in shown] == [paragraph.text for _, _, paragraph in article.paragraphs]
    assert " ".join(p.get_text() for p in shown).split() == " ".join(p.text for _, _, p in article.paragraphs).split()
    for paragraph in shown:
        for element in [paragraph, *paragraph.find_all(True)]:
            assert element.name in ALLOWED, element.name
            assert set(element.attrs) <= ALLOWED[element.name], element.attrs
            if "href" in element.attrs:
                assert element["href"].startswith(("#para-", "../glossary/")), element["href"]
    marked = [(s.get_text(), s["data-entity"]) for s in soup.select("span.entity")]
    expected = [(article.sections[m.section - 1].paragraphs[m.paragraph - 1].text[m.start:m.end], m.entity_id) for m in briefing.mentions]
    assert marked == expected


# --- the cache of earlier builds (.cache/briefing) ---------------------------------------------


def test_a_rebuild_reuses_the_cached_maps_and_gives_the_same_files(tmp_path, monkeypatch):
    from build_tools import actor_map

    seeds, docs, cache = ROOT / "seeds", tmp_path / "docs", tmp_path / "cache"
    first, _ = pipeline.build(seeds, ROOT / "templates", docs, cache=cache)
    assert (cache / pipeline.LAYOUTS).is_file() and any((cache / "jinja").iterdir())

    def no_layout(*args, **kwargs):
        raise AssertionError("an unchanged map was laid out or drawn again")

    monkeypatch.setattr(actor_map, "_spring_positions", no_layout)
    monkeypatch.setattr(actor_map, "_svg", no_layout)
    monkeypatch.setattr(actor_map, "_table", no_layout)
    monkeypatch.setattr(actor_map, "_table_html", no_layout)
    second, report = pipeline.build(seeds, ROOT / "templates", docs, cache=cache)
    assert second.files == first.files and report.written == ()


def test_a_damaged_or_stale_cache_is_ignored_and_replaced(tmp_path):
    seeds, cache = ROOT / "seeds", tmp_path / "cache"
    expected, _ = pipeline.build(seeds, ROOT / "templates", tmp_path / "clean", cache=tmp_path / "fresh")
    cache.mkdir()
    # Not JSON at all, then JSON whose placements have the wrong shape under every real key.
    (cache / pipeline.LAYOUTS).write_text("{not json", encoding="utf-8")
    assert pipeline.build(seeds, ROOT / "templates", tmp_path / "a", cache=cache)[0].files == expected.files
    keys = json.loads((cache / pipeline.LAYOUTS).read_text(encoding="utf-8"))
    damaged = {key: [["x", None, "sideways"]] for key in keys} | {"left-over": [[0, 0, "right"]]}
    (cache / pipeline.LAYOUTS).write_text(json.dumps(damaged), encoding="utf-8")
    assert pipeline.build(seeds, ROOT / "templates", tmp_path / "b", cache=cache)[0].files == expected.files
    assert set(json.loads((cache / pipeline.LAYOUTS).read_text(encoding="utf-8"))) == set(keys)  # only what the seeds need


def test_scripts_and_stylesheets_are_minified_but_keep_their_names(seed_output):
    for name in ("briefing.js", "cite.js", "actor-map.js", "briefing.css"):
        source = (ROOT / "templates" / "assets" / name).read_text(encoding="utf-8")
        shipped = seed_output.files[f"assets/briefing/{name}"].decode("utf-8")
        assert len(shipped) < 0.9 * len(source), name
        assert "/*" not in shipped and "\n\n" not in shipped, name
    assert "briefingSiteBase" in seed_output.files["assets/briefing/briefing.js"].decode("utf-8")


def test_mkdocs_build_generates_and_logs_the_coverage_check(tmp_path):
    """`make site` is MkDocs alone: its hook generates docs/ and reports the check's findings as INFO."""
    project = tmp_path / "project"
    result = mkdocs_build_of(project, {"note.txt": MINIMAL_TEXT.replace("in 2001", "in 2001 with NATO watching")})
    assert result.returncode == 0, result.stderr
    assert (project / "site" / "articles" / "note" / "index.html").is_file()
    # The line is where the name's paragraph starts (paragraphs do not keep a map of their source lines).
    assert "INFO    -  briefing check: seeds/note.txt:1: 'NATO' (1×) is named but no glossary entry covers it" in result.stderr
    assert (project / ".cache" / "briefing" / pipeline.LAYOUTS).is_file()


def test_editing_one_article_rewrites_only_the_files_whose_bytes_change(tmp_path):
    import shutil

    seeds, docs = tmp_path / "seeds", tmp_path / "docs"
    shutil.copytree(ROOT / "seeds", seeds)
    pipeline.build(seeds, ROOT / "templates", docs)
    before = {path: (path.stat().st_mtime_ns, path.read_bytes()) for path in docs.rglob("*") if path.is_file()}
    text = next(seeds.glob("*.txt"))
    text.write_text(text.read_text(encoding="utf-8") + "An editor adds one sentence about Iran.\n", encoding="utf-8")
    _, report = pipeline.build(seeds, ROOT / "templates", docs)
    after = {path: (path.stat().st_mtime_ns, path.read_bytes()) for path in docs.rglob("*") if path.is_file()}
    rewritten = {p.relative_to(docs).as_posix() for p in after if after[p][0] != before[p][0]}
    changed = {p.relative_to(docs).as_posix() for p in after if after[p][1] != before[p][1]}
    assert rewritten == changed == set(report.written) | {pipeline.STAMP}
    assert {f"articles/{text.stem}.md", "glossary/iran.md", f"text/{text.stem}.txt", "annotations.jsonld"} <= changed
    # Entries the new sentence does not touch, and the assets, keep their files (and their times: MkDocs' watcher stays quiet).
    assert not {"glossary/almaty.md", "glossary/jcpoa.md", "assets/briefing/briefing.js", "assets/briefing/entities.json"} & rewritten


def test_a_first_build_stamps_docs_with_the_inputs_as_it_leaves_them(tmp_path):
    """The hook fingerprints the inputs before building; a first build then writes the registry into
    seeds/, and the stamp must describe seeds/ as they are after it, or every build would regenerate."""
    seeds, docs, templates = write_seeds(tmp_path / "seeds", {}), tmp_path / "docs", ROOT / "templates"
    before = pipeline.fingerprint(seeds, templates)
    pipeline.build(seeds, templates, docs, digest=before)
    assert (seeds / f"note{pipeline.REGISTRY_SUFFIX}").is_file()
    after = pipeline.fingerprint(seeds, templates)
    assert after != before and stamp.current_stamp(docs, after) is not None
    assert stamp.current_stamp(docs, before) is None


def test_mkdocs_rebuilds_docs_only_when_an_input_changed(tmp_path):
    project = tmp_path / "project"
    assert mkdocs_build_of(project, {}).returncode == 0

    def again() -> str:
        result = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict"],
            cwd=project, capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, check=False,
        )
        assert result.returncode == 0, result.stderr
        return result.stderr

    assert "briefing: docs/ is up to date" in again()
    (project / "seeds" / "note.txt").write_text(MINIMAL_TEXT + "Something new happened.\n", encoding="utf-8")
    log = again()
    assert "briefing: docs/ is up to date" not in log and "file(s) written" in log
    assert "Something new happened." in (project / "docs" / "articles" / "note.md").read_text(encoding="utf-8")
    assert "briefing: docs/ is up to date" in again()


# --- the stamp of docs/: when "docs/ is up to date" may be believed ------------------------


WARNED_TEXT = MINIMAL_TEXT.replace("Kazakhstan joined", "Kazakhstan\x07 joined")  # a control character: a warning


def built_docs(tmp_path: Path) -> tuple[Path, Path, str]:
    """The minimal seeds built into docs/: (seeds, docs, the inputs' fingerprint)."""
    seeds, docs = write_seeds(tmp_path / "seeds", {}), tmp_path / "docs"
    pipeline.build(seeds, ROOT / "templates", docs)
    return seeds, docs, pipeline.fingerprint(seeds, ROOT / "templates")


def _touch_later(path: Path) -> None:
    info = path.stat()
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000))


DOCS_DAMAGE = {
    "a file is missing": lambda docs: (docs / "index.md").unlink(),
    "an extra file": lambda docs: (docs / "extra.md").write_text("# Extra\n", encoding="utf-8"),
    "a file changed size": lambda docs: (docs / "index.md").write_text("# Changed\n", encoding="utf-8"),
    "a file rewritten, same size": lambda docs: _touch_later(docs / "index.md"),
    "a temporary file a killed build left": lambda docs: (docs / "index.md.briefing-tmp").write_text("half", encoding="utf-8"),
    "a symbolic link": lambda docs: (docs / "link.md").symlink_to(docs / "index.md"),
    "a FIFO": lambda docs: os.mkfifo(docs / "pipe.md"),
    "the stamp is not JSON": lambda docs: (docs / pipeline.STAMP).write_text("{", encoding="utf-8"),
    "the stamp is a FIFO": lambda docs: ((docs / pipeline.STAMP).unlink(), os.mkfifo(docs / pipeline.STAMP)),
    "the stamp is a link": lambda docs: ((docs / pipeline.STAMP).rename(docs / "s"), (docs / pipeline.STAMP).symlink_to(docs / "s")),
}


def test_an_untouched_docs_folder_is_up_to_date_with_its_warnings(tmp_path):
    seeds, docs = write_seeds(tmp_path / "seeds", {"note.txt": WARNED_TEXT}), tmp_path / "docs"
    pipeline.build(seeds, ROOT / "templates", docs)
    found = stamp.current_stamp(docs, pipeline.fingerprint(seeds, ROOT / "templates"))
    assert found is not None and found.articles[0][1] == "articles/note.md"
    assert found.warnings == (f"{pipeline.shown(seeds / 'note.txt')}:1: warning: control character U+0007 removed (and any others)",)


@pytest.mark.parametrize("damage", DOCS_DAMAGE.values(), ids=DOCS_DAMAGE.keys())
def test_docs_that_differ_from_what_the_stamp_lists_are_not_up_to_date(tmp_path, damage):
    seeds, docs, digest = built_docs(tmp_path)
    damage(docs)
    assert stamp.current_stamp(docs, digest) is None
    assert stamp.current_stamp(docs, None) is None  # nor a last good build to serve


def test_a_build_killed_while_renaming_leaves_no_stamp_to_trust(tmp_path, monkeypatch):
    seeds, docs, digest = built_docs(tmp_path)
    (seeds / "note.txt").write_text(MINIMAL_TEXT + "A new paragraph.\n", encoding="utf-8")
    real_replace, renamed = Path.replace, []

    def killed_after_one(self, target):
        if renamed:
            raise KeyboardInterrupt  # as SIGKILL would: no clean-up runs
        renamed.append(target)
        return real_replace(self, target)

    monkeypatch.setattr(Path, "replace", killed_after_one)
    with pytest.raises(KeyboardInterrupt):
        pipeline.build(seeds, ROOT / "templates", docs)
    monkeypatch.setattr(Path, "replace", real_replace)
    assert renamed and list(docs.rglob("*.briefing-tmp"))  # half new, with temporary files
    (seeds / "note.txt").write_text(MINIMAL_TEXT, encoding="utf-8")  # the editor reverts seeds/
    assert pipeline.fingerprint(seeds, ROOT / "templates") == digest
    assert stamp.current_stamp(docs, digest) is None
    pipeline.build(seeds, ROOT / "templates", docs)
    clean = snapshot(built_docs(tmp_path / "clean")[1])
    assert snapshot(docs).keys() == clean.keys()
    assert {path: data for path, data in snapshot(docs).items() if path.name != pipeline.STAMP} == {
        path: data for path, data in clean.items() if path.name != pipeline.STAMP  # the stamp holds the files' times
    }


def test_mkdocs_logs_the_generators_warnings_again_when_docs_is_up_to_date(tmp_path):
    """--strict fails on a warning of the build that rewrote docs/, and again on the identical next build."""
    project = tmp_path / "project"
    first = mkdocs_build_of(project, {"note.txt": WARNED_TEXT})
    second = mkdocs_in(project)
    warning = "WARNING -  seeds/note.txt:1: warning: control character U+0007 removed (and any others)"
    for result in (first, second):
        assert result.returncode == 1 and warning in result.stderr and "Aborted with 1 warnings in strict mode!" in result.stdout
    assert "docs/ is up to date" not in first.stderr and "docs/ is up to date" in second.stderr


def ending(function, *args, **kwargs):
    """function(*args, **kwargs), failing rather than hanging the test run if it has not returned in two minutes."""
    outcome: list = []

    def run():
        try:
            outcome.append((True, function(*args, **kwargs)))
        except BaseException as error:  # handed to the test's thread
            outcome.append((False, error))

    thread = threading.Thread(target=run, daemon=True)  # a daemon: a call that never ends does not keep pytest alive
    thread.start()
    thread.join(120)
    assert outcome, f"{function.__name__} never returned"
    returned, value = outcome[0]
    if not returned:
        raise value
    return value


def _fifo(path: Path) -> None:
    os.mkfifo(path)


SEED_CHANGES = {
    "a new regular file": lambda seeds, away: (seeds / "extra.yml").write_text("x: 1\n", encoding="utf-8"),
    "a new empty folder": lambda seeds, away: (seeds / "folder").mkdir(),
    "a new symbolic link": lambda seeds, away: (seeds / "extra.txt").symlink_to(away),
    "a dangling symbolic link": lambda seeds, away: (seeds / "extra.txt").symlink_to(away.parent / "nothing"),
    "a link to /dev/zero": lambda seeds, away: (seeds / "zero.txt").symlink_to("/dev/zero"),
    "a FIFO": lambda seeds, away: _fifo(seeds / "pipe.txt"),
    "a file replaced by a link to its copy": lambda seeds, away: (
        away.write_bytes((seeds / "note.txt").read_bytes()), (seeds / "note.txt").unlink(), (seeds / "note.txt").symlink_to(away)),
    "a file replaced by a folder": lambda seeds, away: ((seeds / "note.txt").unlink(), (seeds / "note.txt").mkdir()),
    "a file removed": lambda seeds, away: (seeds / "note.txt").unlink(),
    # The build refuses a linked seeds folder: a fingerprint that followed the link let MkDocs take docs/ as up to date.
    "the folder replaced by a link to it, moved": lambda seeds, away: (seeds.rename(away.parent / "moved"), seeds.symlink_to(away.parent / "moved")),
    "a file's bytes": lambda seeds, away: (seeds / "note.txt").write_text(MINIMAL_TEXT + "More.\n", encoding="utf-8"),
}


@pytest.mark.parametrize("change", SEED_CHANGES.values(), ids=SEED_CHANGES.keys())
def test_the_fingerprint_sees_every_entry_of_seeds_and_opens_only_regular_files(tmp_path, change):
    seeds, away = write_seeds(tmp_path / "seeds", {}), tmp_path / "elsewhere.txt"
    away.write_text("outside\n", encoding="utf-8")
    before = pipeline.fingerprint(seeds, ROOT / "templates")
    change(seeds, away)
    assert ending(pipeline.fingerprint, seeds, ROOT / "templates") != before  # reading a FIFO or /dev/zero would not end


def test_the_fingerprint_follows_no_link(tmp_path):
    seeds, away = write_seeds(tmp_path / "seeds", {}), tmp_path / "elsewhere"
    away.mkdir()
    (seeds / "linked").symlink_to(away)
    before = pipeline.fingerprint(seeds, ROOT / "templates")
    (away / "inside.txt").write_text("never read\n", encoding="utf-8")
    assert pipeline.fingerprint(seeds, ROOT / "templates") == before


# --- two builds at once ---------------------------------------------------------------------


BUILD_COMMANDS = {
    "make site": ["make", "-o", f"{sys.prefix}/.site-deps", "site", f"VENV={sys.prefix}"],
    "mkdocs build": [sys.executable, "-m", "mkdocs", "build", "--strict"],
}


@pytest.mark.parametrize("command", BUILD_COMMANDS.values(), ids=BUILD_COMMANDS.keys())
def test_two_builds_at_once_both_succeed_and_leave_a_complete_site(tmp_path, command):
    project = make_project(tmp_path / "project", None)
    slug = next((project / "seeds").glob("*.txt")).stem
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    builds = [subprocess.Popen(command, cwd=project, env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True) for _ in range(2)]
    logs = [build.communicate()[0] for build in builds]
    assert [build.returncode for build in builds] == [0, 0], logs
    pages = {page.relative_to(project / "docs").with_suffix("") for page in (project / "docs").rglob("*.md")}
    assert Path("articles", slug) in pages and len(pages) > 10
    for page in pages:  # every generated page has its HTML (index.md is the site's index.html)
        assert (project / "site" / (page.parent if page.name == "index" else page) / "index.html").is_file(), page
    assert (project / "site" / "assets" / "briefing" / "addresses.json").is_file()
    assert not (project / ".site.old").exists() and not (project / ".site.tmp").exists()
    assert list((project / "docs").rglob("*.briefing-tmp")) == []
    assert stamp.current_stamp(project / "docs", pipeline.fingerprint(project / "seeds", project / "templates")) is not None


# --- a lost registry of permanent addresses ---------------------------------------------------


def lost_registry_message(registry: Path, evidence: Path, slug: str = "note") -> str:
    return (
        f"{registry}: the registry of permanent addresses is missing, but {evidence} already publishes ids for '{slug}': "
        "a new registry would give its passages other ids, so old links would name other passages; "
        f"restore it with `git checkout -- {registry}`, or start afresh on purpose with "
        f"`python -m build_tools build --new-addresses {slug}` (BRIEFING_NEW_ADDRESSES={slug} for `make site`)"
    )


def _publish(site: Path, data: bytes) -> None:
    (site / pipeline.ADDRESSES).parent.mkdir(parents=True)
    (site / pipeline.ADDRESSES).write_bytes(data)


def _link_published(site: Path, data: bytes) -> None:
    (site / "real.json").parent.mkdir(parents=True)
    (site / "real.json").write_bytes(data)
    (site / pipeline.ADDRESSES).parent.mkdir(parents=True)
    (site / pipeline.ADDRESSES).symlink_to(site / "real.json")


def _fifo_published(site: Path, data: bytes) -> None:
    (site / pipeline.ADDRESSES).parent.mkdir(parents=True)
    os.mkfifo(site / pipeline.ADDRESSES)


PUBLISHED = {  # what the published site holds (docs/ is new): is it evidence that note's ids were published?
    "its addresses.json lists the article": (_publish, True),
    "nothing published": (lambda site, data: None, False),
    "damaged JSON": (lambda site, data: _publish(site, data[:-3]), False),
    "a list, not an object": (lambda site, data: _publish(site, b'["note"]'), False),
    "another article only": (lambda site, data: _publish(site, b'{"other": {}}'), False),
    "a symbolic link to it": (_link_published, False),
    "a FIFO": (_fifo_published, False),
    "over the size limit": (lambda site, data: _publish(site, data + b" " * 100), False),
}


@pytest.mark.parametrize("publish, refused", PUBLISHED.values(), ids=PUBLISHED.keys())
def test_a_lost_registry_is_refused_only_where_its_ids_were_published(tmp_path, monkeypatch, publish, refused):
    seeds, first_docs, _ = built_docs(tmp_path)
    published = (first_docs / pipeline.ADDRESSES).read_bytes()
    monkeypatch.setattr(pipeline, "READ_LIMIT", len(published) + 50)
    registry, site, docs = seeds / f"note{pipeline.REGISTRY_SUFFIX}", tmp_path / "site", tmp_path / "new-docs"
    registry.unlink()
    publish(site, published)
    if refused:
        with pytest.raises(BriefingError) as caught:
            pipeline.build(seeds, ROOT / "templates", docs, published=(site,))
        assert [str(p) for p in caught.value.problems] == [lost_registry_message(registry, site / pipeline.ADDRESSES)]
        assert not registry.exists() and not docs.exists()
    else:
        ending(pipeline.build, seeds, ROOT / "templates", docs, published=(site,))  # a FIFO read would not end
        assert registry.is_file()


def test_a_lost_registry_is_refused_when_docs_shows_its_ids_and_restarted_only_on_purpose(tmp_path):
    seeds, docs, _ = built_docs(tmp_path)
    registry = seeds / f"note{pipeline.REGISTRY_SUFFIX}"
    kept, before = registry.read_text(encoding="utf-8"), snapshot(docs)
    registry.unlink()
    with pytest.raises(BriefingError) as caught:
        pipeline.build(seeds, ROOT / "templates", docs)
    assert caught.value.report() == lost_registry_message(registry, docs / pipeline.ADDRESSES) + "\n1 error found; nothing was written."
    assert snapshot(docs) == before and not registry.exists()
    pipeline.build(seeds, ROOT / "templates", docs, new_addresses={"note"})
    assert registry.read_text(encoding="utf-8") == kept  # the same text gets the same ids afresh; edits would not


def test_the_command_line_refuses_a_lost_registry_unless_told_to_start_afresh(tmp_path):
    seeds, docs, _ = built_docs(tmp_path)
    registry = seeds / f"note{pipeline.REGISTRY_SUFFIX}"
    registry.unlink()
    folders = ("--seeds", str(seeds), "--docs", str(docs), "--site", str(tmp_path / "site"))
    refused = run_cli("build", *folders)
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert refused.stderr == lost_registry_message(registry, docs / pipeline.ADDRESSES) + "\n1 error found; nothing was written.\n"
    assert run_cli("build", *folders, "--new-addresses", "note").returncode == 0 and registry.is_file()


def test_mkdocs_refuses_a_lost_registry_unless_the_environment_names_the_article(tmp_path):
    project = tmp_path / "project"
    assert mkdocs_build_of(project, {}).returncode == 0
    shutil.rmtree(project / "docs")  # only the published site/ remembers the ids now
    (project / "docs").mkdir()
    (project / "seeds" / "note.anchors.yml").unlink()
    refused = mkdocs_in(project)
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert lost_registry_message(Path("seeds/note.anchors.yml"), Path("site/assets/briefing/addresses.json")) in refused.stderr
    assert mkdocs_in(project, BRIEFING_NEW_ADDRESSES="note").returncode == 0
    assert (project / "seeds" / "note.anchors.yml").is_file()


# --- mkdocs serve with a bad edit ----------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_log(log: Path, text: str, after: int = 0, attempts: int = 600) -> int:
    """Where text first appears in the server's log past offset after (polled every 0.1 s, a minute at most)."""
    for _ in range(attempts):
        found = log.read_text(encoding="utf-8", errors="replace").find(text, after)
        if found >= 0:
            return found
        time.sleep(0.1)
    raise AssertionError(f"{text!r} never appeared in the log:\n{log.read_text(encoding='utf-8', errors='replace')}")


BAD_META = MINIMAL_META.replace("starts: Second paragraph", 'starts: "<b>Nowhere</b> & co"')


def test_mkdocs_serve_keeps_serving_the_last_good_pages_with_a_banner_after_a_bad_edit(tmp_path):
    project, port = make_project(tmp_path / "project", {}), free_port()
    log = tmp_path / "serve.log"
    with log.open("wb") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=project, stdout=output, stderr=subprocess.STDOUT, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
    try:
        served = wait_for_log(log, "Serving on")
        page = f"http://127.0.0.1:{port}/articles/note/"
        assert "Second paragraph here." in urllib.request.urlopen(page, timeout=10).read().decode("utf-8")
        (project / "seeds" / "note.yml").write_text(BAD_META, encoding="utf-8")
        error = "ERROR   -  seeds/note.yml:6:13: section quote '<b>Nowhere</b> & co' is found in no paragraph of the article"
        wait_for_log(log, "Reloading browsers", wait_for_log(log, error, served))
        with urllib.request.urlopen(page, timeout=10) as response:  # before, this waited until the edit was fixed
            body = response.read().decode("utf-8")
        assert "Second paragraph here." in body  # the last good page
        banner = BeautifulSoup(body, "html.parser").select_one("body > div.briefing-problems")
        assert banner is not None and banner["role"] == "alert"
        assert banner.get_text().splitlines()[1:] == [error.removeprefix("ERROR   -  ")]
        assert "&lt;b&gt;Nowhere&lt;/b&gt; &amp; co" in body and "<b>Nowhere" not in body
        (project / "seeds" / "note.yml").write_text(MINIMAL_META, encoding="utf-8")  # the editor undoes it: docs/ still fits
        wait_for_log(log, "Reloading browsers", wait_for_log(log, "docs/ is up to date", wait_for_log(log, error)))
        assert "briefing-problems" not in urllib.request.urlopen(page, timeout=10).read().decode("utf-8")
        assert "Traceback" not in log.read_text(encoding="utf-8")
    finally:
        server.terminate()
        server.wait(timeout=30)


BANNER_LINES = {  # a problem's line → how the banner shows it
    "seeds/a.yml:1:2: quote '<script>alert(1)</script>'": "seeds/a.yml:1:2: quote &#x27;&lt;script&gt;alert(1)&lt;/script&gt;&#x27;",
    'seeds/a.yml:3: "a" & <b>': "seeds/a.yml:3: &quot;a&quot; &amp; &lt;b&gt;",
    "seeds/a.txt:1: bell \x07 nul \x00 cr \r": "seeds/a.txt:1: bell \\u0007 nul \\u0000 cr \\u000d",
    "seeds/a.txt:1: </div></body>": "seeds/a.txt:1: &lt;/div&gt;&lt;/body&gt;",
}


@pytest.mark.parametrize("line, shown", BANNER_LINES.items(), ids=range(len(BANNER_LINES)))
def test_the_serve_banner_escapes_every_character_of_a_problem(line, shown):
    from build_tools.mkdocs_hook import problems_banner

    banner = problems_banner("Problems <here>:", [line])
    assert banner.endswith(f"<strong>Problems &lt;here&gt;:</strong>\n{shown}</div>")
    assert BeautifulSoup(banner, "html.parser").select_one("div.briefing-problems").find_all(True)[0].name == "strong"
    assert len(BeautifulSoup(banner, "html.parser").find_all(True)) == 2  # the div and its heading: nothing from the line


def test_make_site_puts_back_a_site_that_a_killed_swap_left_aside_even_when_the_build_fails(tmp_path):
    project = make_project(tmp_path / "project", {"note.yml": BAD_META})
    (project / ".site.old").mkdir()
    (project / ".site.old" / "index.html").write_text("the last published site\n", encoding="utf-8")
    result = subprocess.run(BUILD_COMMANDS["make site"], cwd=project, capture_output=True, text=True, check=False)
    assert result.returncode != 0 and "seeds/note.yml:6:13: section quote" in result.stderr
    assert (project / "site" / "index.html").read_text(encoding="utf-8") == "the last published site\n"
    assert not (project / ".site.old").exists()


def test_an_asset_with_the_path_of_a_generated_file_is_refused(tmp_path):
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    (templates / "assets" / "entities.json").write_text("{}", encoding="utf-8")
    with pytest.raises(BriefingError) as raised:
        pipeline.generate(write_seeds(tmp_path / "seeds", {}), templates)
    assert [problem.message for problem in raised.value.problems] == ["this asset would overwrite the generated assets/briefing/entities.json; rename it"]


def test_mkdocs_build_works_in_a_fresh_clone(tmp_path):
    """Only the files git tracks: docs/ exists (docs/.gitignore) before the hook has ever run."""
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout.decode().split("\0")
    clone = tmp_path / "clone"
    for name in filter(None, tracked):
        if (ROOT / name).is_file():
            (clone / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, clone / name)
    assert (clone / "docs").is_dir() and not (clone / "site").exists()
    result = mkdocs_in(clone)
    assert result.returncode == 0, result.stderr
    assert (clone / "site" / "articles" / "kazakhstan-balance-of-powers" / "index.html").is_file()
    assert (clone / "docs" / ".gitignore").is_file()


def test_the_nav_of_mkdocs_yml_is_the_hooks_skeleton():
    """Engines that skip the hook read mkdocs.yml's nav: Home, Articles (their list), Glossary, Actor map."""
    config = mkdocs_yml()
    assert config["nav"] == stamp.DEFAULT_NAV
    assert stamp.site_nav(config["nav"], [["A &amp; B", "articles/a.md"]]) == [
        {"Home": "index.md"}, {"Articles": [{"A &amp; B": "articles/a.md"}]}, {"Glossary": "glossary/index.md"}, {"Actor map": "actor-map.md"},
    ]


def test_a_briefing_of_many_articles_lists_them_on_their_page_not_in_every_pages_nav():
    articles = [[f"Article {n}", f"articles/a{n}.md"] for n in range(stamp.NAV_ARTICLES + 1)]
    assert len(stamp.site_nav(None, articles[:-1])[1]["Articles"]) == stamp.NAV_ARTICLES
    assert stamp.site_nav(None, articles) == stamp.DEFAULT_NAV
    assert stamp.site_nav(mkdocs_yml()["nav"], articles) == stamp.DEFAULT_NAV


def test_a_large_briefing_keeps_its_home_and_entry_pages_short_and_lists_everything_elsewhere(tmp_path):
    """Past HOME_ARTICLES articles the home page links the list of articles; past ENTRY_ARTICLES, an entry's
    page links a page of its every mention. The site builds, every link found (mkdocs build --strict)."""
    count = max(HOME_ARTICLES, ENTRY_ARTICLES) + 2
    markup = "<img src=x onerror=alert(1)>"  # the new pages print names and titles: as text, like every page
    seeds = {f"a{n:02d}.txt": MINIMAL_TEXT for n in range(count)} | {f"a{n:02d}.yml": f"title: 'Article {n} {markup}'\nsource: {{name: Test}}\n" for n in range(count)}
    seeds["glossary.yml"] = MINIMAL_GLOSSARY.replace("name: Shanghai Cooperation Organisation", f"name: 'Shanghai {markup} Organisation'")
    project = make_project(tmp_path / "project", seeds)
    result = mkdocs_in(project)
    assert result.returncode == 0, result.stderr
    docs = project / "docs"
    home, listed = (docs / "index.md").read_text(encoding="utf-8"), (docs / "articles" / "index.md").read_text(encoding="utf-8")
    assert home.count("\n### [") == HOME_ARTICLES and "[the list of articles](articles/index.md) names them all" in home
    assert home.count("](text/") == HOME_ARTICLES
    articles = count + 1  # and the seeds' own note
    assert listed.count("\n- [") == articles and listed.count("](../text/") == articles
    entry = BeautifulSoup((project / "site" / "glossary" / "sco" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert len(entry.select("h3 a[href*='articles/']")) == ENTRY_ARTICLES
    every = entry.select_one("a[href$='mentions/sco/']")
    assert every is not None and every.get_text() == "every mention"
    page = BeautifulSoup((project / "site" / "mentions" / "sco" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert len(page.select("h2 a[href*='articles/']")) == articles
    assert len(page.select("li a[href*='#s']")) == articles  # one mention of the SCO in each
    assert "mentions/sco/" not in (project / "site" / "search" / "search_index.json").read_text(encoding="utf-8")
    for shown in (entry, page, BeautifulSoup((project / "site" / "index.html").read_text(encoding="utf-8"), "html.parser")):
        assert not shown.select("img") and not shown.select("[onerror]")
    assert page.select_one("h1").get_text().removesuffix("¶") == f"Every mention of Shanghai {markup} Organisation"
    for path in (project / "site").rglob("*.html"):  # a screen reader's list of headings skips no level
        levels = [int(h.name[1]) for h in BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").select("article :is(h1, h2, h3, h4, h5, h6)")]
        assert all(later <= earlier + 1 for earlier, later in zip([1, *levels], levels)), (path, levels)


def test_without_the_hook_the_site_keeps_its_nav(tmp_path):
    """docs/ as the generator left it, built by MkDocs with the hooks taken out of mkdocs.yml."""
    project = make_project(tmp_path / "project", {})
    assert mkdocs_in(project).returncode == 0
    config = (project / "mkdocs.yml").read_text(encoding="utf-8").replace("hooks:\n  - build_tools/mkdocs_hook.py\n", "")
    (project / "mkdocs-plain.yml").write_text(config, encoding="utf-8")
    result = mkdocs_in(project, "-f", "mkdocs-plain.yml", "--site-dir", "plain")
    assert result.returncode == 0, result.stderr
    home = BeautifulSoup((project / "plain" / "index.html").read_text(encoding="utf-8"), "html.parser")
    titles = [a.get_text(strip=True) for a in home.select(".md-nav--primary > .md-nav__list > .md-nav__item > .md-nav__link")]
    assert list(dict.fromkeys(titles)) == ["Home", "Articles", "Glossary", "Actor map"]  # the current page has two links
    listing = BeautifulSoup((project / "plain" / "articles" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert [a["href"] for a in listing.select(".md-content li a")] == ["note/", "../text/note.txt"]


# --- draft entries found in the text ----------------------------------------------------------

DRAFT_TEXT = "Kazakhstan joined the SCO and the Collective Security Treaty Organization (CSTO).\n\nLater the CSTO met President Kassym-Jomart Tokayev.\n"


def draft_seeds(tmp_path, glossary_extra: str = "") -> Path:
    return write_seeds(tmp_path / "seeds", {"glossary.yml": MINIMAL_GLOSSARY + glossary_extra, "note.txt": DRAFT_TEXT, "note.yml": "title: T\nsource: {name: S}\n"})


def test_the_seed_briefing_gains_no_draft_entry(seed_output):
    assert seed_output.discovered == 0 and not any(e.draft for e in seed_output.briefing.entities)


def test_names_no_entry_covers_become_draft_entries_with_pages_cards_and_exports(tmp_path):
    generated = pipeline.generate(draft_seeds(tmp_path), ROOT / "templates")
    drafts = {e.id: e for e in generated.briefing.entities if e.draft}
    assert sorted(drafts) == ["collective-security-treaty-organization", "kassym-jomart-tokayev"] and generated.discovered == 2
    page = generated.files["glossary/collective-security-treaty-organization.md"]
    assert "# Collective Security Treaty Organization (CSTO)" in page
    assert "Organization (guessed)" in page and "**Not yet reviewed.** The editors have not described Collective Security Treaty Organization yet." in page
    assert page.count("- [§1 ¶1]") == 2 and page.count("- [§1 ¶2]") == 1  # every mention, with its sentence
    assert "## Often mentioned with" in page and "[Kazakhstan](kazakhstan.md)" in page
    index = generated.files["glossary/index.md"]
    assert index.index("## Countries") < index.index("## Not yet reviewed")
    assert "- [Kassym-Jomart Tokayev](kassym-jomart-tokayev.md) (1): Person (guessed), not yet described." in index
    card = json.loads(generated.files["assets/briefing/entities.json"])["collective-security-treaty-organization"]
    assert card["draft"] is True and card["type"] == "Organization (guessed)" and card["summary"].startswith("Not yet reviewed:")
    exported = {e["id"]: e for e in json.loads(generated.files["glossary.json"])["entities"]}
    assert exported["kassym-jomart-tokayev"]["draft"] is True and "draft" not in exported["kazakhstan"]
    assert len(exported["collective-security-treaty-organization"]["mentions"]) == 3
    article = generated.files["articles/note.md"]
    assert "[Collective Security Treaty Organization](../glossary/collective-security-treaty-organization.md)" in article


def test_discover_false_and_ignore_keep_drafts_out(tmp_path):
    off = pipeline.generate(draft_seeds(tmp_path / "off", "discover: false\n"), ROOT / "templates")
    assert off.discovered == 0 and not off.briefing.drafts
    ignored = pipeline.generate(draft_seeds(tmp_path / "ignored", "ignore: [Kassym-Jomart Tokayev, CSTO]\n"), ROOT / "templates")
    assert [e.name for e in ignored.briefing.drafts] == ["Collective Security Treaty Organization"]
    assert ignored.briefing.drafts[0].aliases == ()


def test_an_editors_draft_entry_may_go_without_a_summary(tmp_path):
    entry = "  - {id: csto, name: Collective Security Treaty Organization, aliases: [CSTO], type: organization, draft: true}\n"
    generated = pipeline.generate(draft_seeds(tmp_path, entry), ROOT / "templates")
    assert [e.id for e in generated.briefing.drafts] == ["csto", "kassym-jomart-tokayev"] and generated.discovered == 1
    assert "Not yet reviewed" in generated.files["glossary/csto.md"]


def test_the_build_says_how_many_drafts_it_added(tmp_path):
    result = run_cli("build", "--seeds", str(draft_seeds(tmp_path)), "--docs", str(tmp_path / "docs"), "--site", str(tmp_path / "site"))
    assert result.returncode == 0, result.stderr
    assert "2 draft entries added for names the text gives and no entry covers" in result.stdout
    seed = run_cli("build", "--seeds", str(ROOT / "seeds"), "--docs", str(tmp_path / "seed-docs"), "--site", str(tmp_path / "seed-site"))
    assert "no draft entries added: every name the text gives has an entry or is ignored" in seed.stdout, seed.stdout + seed.stderr
