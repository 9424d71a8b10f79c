"""MkDocs hook: regenerate docs/ from seeds/ before each build, and watch seeds/ and templates/ in `mkdocs serve`.

`make site` is this one process: the generator runs here, in MkDocs' own interpreter, so a
build pays neither a second start-up nor the imports MkDocs has already made. The editor's
coverage check (heuristic only; `make check` adds spaCy) follows each generation; its
findings are advice, logged as INFO so that `--strict` does not fail on them.

Bad input becomes a PluginError holding the same `path:line: message` lines as the
command line, so MkDocs prints them without a traceback and, in `serve`, keeps the
last good pages.
"""
from __future__ import annotations

import logging
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # MkDocs loads hooks by path, not as part of a package
    sys.path.insert(0, str(ROOT))

from build_tools.build import build, checked, current_nav, fingerprint, site_nav  # noqa: E402
from build_tools.errors import BriefingError  # noqa: E402

log = logging.getLogger("mkdocs.briefing")


def _folders(config) -> tuple[Path, Path, Path]:
    base = Path(config.config_file_path).resolve().parent
    return base / "seeds", base / "templates", Path(config.docs_dir)


def on_config(config):
    seeds, templates, docs = _folders(config)
    digest = fingerprint(seeds, templates)
    nav = current_nav(docs, digest)  # docs/ already generated from these very inputs: no need to again
    if nav is None:
        try:
            generated, report = build(seeds, templates, docs, digest=digest)
        except BriefingError as error:
            raise PluginError("the briefing's input has problems:\n" + error.report()) from None
        for warning in generated.warnings:
            log.warning(str(warning))
        log.info(f"briefing: {len(report.written)} file(s) written, {report.unchanged} unchanged, {len(report.removed)} removed")
        _report_findings(generated.briefing, seeds)
        nav = site_nav(generated.briefing)
    else:
        log.info("briefing: docs/ is up to date with seeds/ and templates/")
    config.nav = nav
    return config


def _report_findings(briefing, seeds: Path) -> None:
    from build_tools.check import iter_lines  # only a build that generates needs it

    findings = checked(briefing, seeds)
    for line in iter_lines(findings):
        log.info(f"briefing check: {line}")
    log.info(f"briefing check: {len(findings)} finding(s); `make check` lists them with spaCy's names too, where installed")


SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
TOC_LABEL = '<label class="md-nav__title" for="__toc">'


def on_post_page(output: str, page, config) -> str:
    """Mend two flaws of Material's HTML that validators report."""
    # The search dialog has no accessible name (axe: aria-dialog-name).
    output = output.replace(SEARCH_DIALOG, SEARCH_DIALOG[:-1] + ' aria-label="Search">', 1)
    # Pages outside the nav (the glossary entries) have no __toc toggle for this label to name (vnu).
    if 'id="__toc"' not in output:
        output = output.replace(TOC_LABEL, '<label class="md-nav__title">', 1)
    return output


def on_serve(server, config, builder):
    seeds, templates, _ = _folders(config)
    server.watch(str(seeds))
    server.watch(str(templates))
    return server
