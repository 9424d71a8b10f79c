"""MkDocs hook: regenerate docs/ from seeds/ before each build, and watch seeds/ and templates/ in `mkdocs serve`.

`make site` is this one process: the generator runs here, in MkDocs' own interpreter, so a
build pays neither a second start-up nor the imports MkDocs has already made. The editor's
coverage check (heuristic only; `make check` adds spaCy) follows each generation; its
findings are advice, logged as INFO so that `--strict` does not fail on them.

Bad input becomes a PluginError holding the same `path:line: message` lines as the
command line, so MkDocs prints them without a traceback. In `serve` it does not: the
lines are logged as errors, MkDocs builds the last good docs/ (left untouched), and a
banner on every served page names the problems, so the server keeps answering.

One build at a time: a lock beside docs/ is held from generation until MkDocs has
written the site, so two builds never interleave their writes to docs/ or the site.
"""
from __future__ import annotations

import html
import logging
import re
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.utils import CountHandler

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # MkDocs loads hooks by path, not as part of a package
    sys.path.insert(0, str(ROOT))

from build_tools.errors import BriefingError  # noqa: E402
from build_tools.exports import site_address  # noqa: E402
from build_tools.stamp import current_stamp, fingerprint, new_addresses_from_environment, site_nav  # noqa: E402
from build_tools.write import BuildLock  # noqa: E402

log = logging.getLogger("mkdocs.briefing")


class _State:
    """What lives from one event to the next (MkDocs loads a hook module once per process)."""

    command: str | None = None  # from on_startup: "build", "serve", "gh-deploy"
    serving = False  # on_serve seen: later builds are the live preview's rebuilds
    lock: BuildLock | None = None
    banner = ""  # shown on every page of this build (serve only): the input's problems


def _folders(config) -> tuple[Path, Path, Path]:
    base = Path(config.config_file_path).resolve().parent
    return base / "seeds", base / "templates", Path(config.docs_dir)


def on_startup(command, dirty):
    _State.command = command


def on_config(config):
    seeds, templates, docs = _folders(config)
    _State.banner = ""
    try:
        site_url = site_address(config.site_url, "mkdocs.yml: site_url (SITE_URL)")
    except BriefingError as error:
        raise PluginError(error.report()) from None
    _lock(docs)
    digest = fingerprint(seeds, templates, site_url)
    stamp = current_stamp(docs, digest)  # docs/ already generated from these very inputs: no need to again
    if stamp is None:
        try:
            articles = _generate(config, seeds, templates, docs, digest, site_url)
        except BriefingError as error:
            if not _is_serve():
                raise PluginError("the briefing's input has problems:\n" + error.report()) from None
            articles = _serve_last_good(docs, error)
    else:
        log.info("briefing: docs/ is up to date with seeds/ and templates/")
        _warn(stamp.warnings)  # as the build that wrote docs/ did, so that --strict fails again
        articles = stamp.articles
    config.nav = site_nav(config.nav, articles)
    return config


def _generate(config, seeds: Path, templates: Path, docs: Path, digest: str, site_url: str) -> list:
    """Build docs/, log what happened, and return the articles' nav entries."""
    # Imported here: a rebuild that finds docs/ up to date never loads the stages (stamp.py says why).
    from build_tools.build import article_entries, build, drafts_line

    published = (Path(config.site_dir), seeds.parent / "site")  # where this build writes, and `make site`'s site
    generated, report = build(
        seeds, templates, docs, digest=digest, published=published, new_addresses=new_addresses_from_environment(), site_url=site_url
    )
    _warn([str(warning) for warning in generated.warnings])
    log.info(f"briefing: {len(report.written)} file(s) written, {report.unchanged} unchanged, {len(report.removed)} removed")
    log.info(f"briefing: {drafts_line(generated)}")
    _report_findings(generated.briefing, seeds)
    return article_entries(generated.briefing)


def _serve_last_good(docs: Path, error: BriefingError) -> list:
    """In serve: log the problems and keep the last good docs/, or fail if there is none."""
    stamp = current_stamp(docs, None)
    if stamp is None:
        raise PluginError("the briefing's input has problems, and docs/ holds no good build to serve:\n" + error.report()) from None
    for problem in error.problems:
        _log_uncounted(logging.WARNING if problem.warning else logging.ERROR, str(problem))
    _log_uncounted(logging.ERROR, f"briefing: {error.report().splitlines()[-1]} Serving the last good pages.")
    _State.banner = problems_banner("The briefing's input has problems; these pages are its last good build:", [str(p) for p in error.problems])
    return stamp.articles


def _warn(warnings) -> None:
    """Log the generator's warnings: counted by --strict, except in serve (a failed rebuild stalls every request)."""
    for warning in warnings:
        if _is_serve():
            _log_uncounted(logging.WARNING, warning)
        else:
            log.warning(warning)
    if _is_serve() and warnings:
        _State.banner = problems_banner("The briefing's input has warnings (mkdocs build --strict fails on them):", warnings)


def _is_serve() -> bool:
    return _State.command == "serve" or _State.serving


def _log_uncounted(level: int, message: str) -> None:
    """Log past --strict's counter (mkdocs' CountHandler): shown like any record, but it does not abort the build.

    MkDocs' server waits for a build that succeeds before it answers any request again, so in
    serve an error that --strict counted would leave the browser hanging until the edit is fixed.
    """
    if not log.isEnabledFor(level):  # mkdocs serve -q
        return
    record = log.makeRecord(log.name, level, __file__, 0, message, None, None)
    logger: logging.Logger | None = log
    while logger is not None:
        for handler in logger.handlers:
            if not isinstance(handler, CountHandler) and level >= handler.level:
                handler.handle(record)
        logger = logger.parent if logger.propagate else None


def _lock(docs: Path) -> None:
    if _State.lock is None:
        _State.lock = BuildLock(docs)
    _State.lock.acquire(waiting=lambda: log.info("briefing: waiting for another build of this project to finish"))


def _unlock() -> None:
    if _State.lock is not None:
        _State.lock.release()


def on_post_build(config):
    _unlock()  # MkDocs has written the whole site


def on_build_error(error):
    _unlock()  # runs when on_config raised too (mkdocs/commands/build.py calls it for any exception of build())


def on_shutdown():
    _unlock()


def _report_findings(briefing, seeds: Path) -> None:
    from build_tools.build import checked
    from build_tools.check import iter_lines  # only a build that generates needs it

    findings = checked(briefing, seeds)
    for line in iter_lines(findings):
        log.info(f"briefing check: {line}")
    log.info(f"briefing check: {len(findings)} finding(s); `make check` lists them with spaCy's names too, where installed")


SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
TOC_LABEL = '<label class="md-nav__title" for="__toc">'
BODY = re.compile(r"<body\b[^>]*>")
BANNER_STYLE = "background:#b71c1c;color:#fff;padding:.6em 1em;font:14px/1.4 monospace;white-space:pre-wrap;position:relative;z-index:10"


def on_post_page(output: str, page, config) -> str:
    """Mend two flaws of Material's HTML that validators report; in serve, show the input's problems."""
    output = _named_search(output)
    # Pages outside the nav (the glossary entries) have no __toc toggle for this label to name (vnu).
    if 'id="__toc"' not in output:
        output = output.replace(TOC_LABEL, '<label class="md-nav__title">', 1)
    if _State.banner:
        output = BODY.sub(lambda body: body.group() + _State.banner, output, count=1)
    return output


def on_post_template(output: str, template_name: str, config) -> str:
    """404.html is made from a template, not a page: its search dialog needs its name too."""
    return _named_search(output) if template_name.endswith(".html") else output


def _named_search(output: str) -> str:
    """The search dialog has no accessible name (axe: aria-dialog-name)."""
    return output.replace(SEARCH_DIALOG, SEARCH_DIALOG[:-1] + ' aria-label="Search">', 1)


CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # not allowed in HTML text: shown as \uXXXX


def problems_banner(heading: str, problems) -> str:
    """A banner naming the input's problems; every character of them is escaped (they quote seed text)."""
    lines = "".join(f"\n{_escaped(line)}" for line in problems)
    return f'<div class="briefing-problems" role="alert" style="{BANNER_STYLE}"><strong>{_escaped(heading)}</strong>{lines}</div>'


def _escaped(text: str) -> str:
    return html.escape(CONTROL.sub(lambda control: f"\\u{ord(control.group()):04x}", text), quote=True)


def on_serve(server, config, builder):
    _State.serving = True
    seeds, templates, _ = _folders(config)
    server.watch(str(seeds))
    server.watch(str(templates))
    return server
