"""Lighthouse on an article page and a glossary entry page, each beside a plain Material page of the same text.

Usage: make lighthouse (builds the site first), or
    .venv/bin/python scripts/lighthouse.py [--runs 5] [--preset mobile|desktop] [--entry ID] [--reports DIR] [--project DIR]

The plain pages are built here, in a temporary folder, with the same virtual environment: a
MkDocs + Material site with mkdocs.yml's theme settings (and its site_description and footer
setting), but no hooks, custom theme folder, extra CSS or JS, or briefing Markdown extension,
whose one page holds the text of docs/<page>.md with the annotations stripped (links to the
site's pages, marks, note references and notes, attribute lists, raw HTML). The article keeps its
title, source line, summary and sections (headings and paragraphs); the actor map and the list of
entries after them are left out. An entry page keeps all of its text.

One local server serves our site and the plain ones; the four pages are audited in turn
(ours, plain, ours, plain, ...) RUNS times, so that the machine's load falls on both alike. The
table gives each figure's median and range; performance on two shared cores varies from run to
run, so a difference inside the ranges is noise.
"""
from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
MKDOCS = ROOT / ".venv" / "bin" / "mkdocs"
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run "
    "--disable-background-networking --disable-component-update --disable-sync"
)
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
# (label, audit, unit): the metrics of the table after the scores.
METRICS = (
    ("FCP", "first-contentful-paint", "s"),
    ("LCP", "largest-contentful-paint", "s"),
    ("TBT", "total-blocking-time", "ms"),
    ("CLS", "cumulative-layout-shift", ""),
    ("total bytes", "total-byte-weight", "KiB"),
)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


# --- the plain pages -----------------------------------------------------------------------

FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
NOTE_DEFINITION = re.compile(r"^\[\^\d+\]:.*(?:\n(?: {4}.*|\s*$))*", re.M)
HTML_BLOCK = re.compile(r"^<(figure|details)\b.*?^</\1>\n", re.M | re.S)
ATTRIBUTES = re.compile(r"[ \t]*\{[ \t]*[#.:][^{}\n]*\}|[ \t]*\{ data-[^{}\n]*\}")
SITE_LINK = re.compile(r"\[((?:\\.|[^\]\\])*)\]\((?!https?:|mailto:)[^)\s]*\)")
NOTE_REFERENCE = re.compile(r"\[\^\d+\]")
TAG = re.compile(r"</?[a-z][^>]*>")


def plain_markdown(markdown: str, article: bool) -> str:
    """The page's Markdown without its annotations (see the module's docstring)."""
    text = FRONT_MATTER.sub("", markdown)
    if article:  # the actor map and the list of entries: headings the generator marks data-search-exclude
        cut = re.search(r"^## .*\{[^}]*data-search-exclude[^}]*\}$", text, re.M)
        text = text[: cut.start()] if cut else text
    text = NOTE_DEFINITION.sub("", text)
    text = HTML_BLOCK.sub("", text)
    text = ATTRIBUTES.sub("", text)
    text = NOTE_REFERENCE.sub("", text)
    text = SITE_LINK.sub(r"\1", text)
    text = TAG.sub("", text).replace("==", "")
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def plain_config(project: Path, page: str) -> dict:
    """The project's mkdocs.yml: its name, description and theme settings, and nothing of the briefing's."""
    ours = yaml.load((project / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)
    theme = {key: value for key, value in ours["theme"].items() if key != "custom_dir"}
    return {
        "site_name": ours["site_name"],
        "site_description": ours["site_description"],
        "theme": theme,
        "extra": ours.get("extra", {}),
        "plugins": ["search"],
        "markdown_extensions": ["tables", {"toc": {"permalink": True, "permalink_title": "Link to this section"}}],
        "nav": [{"Page": page}],
    }


class _Loader(yaml.SafeLoader):
    """mkdocs.yml's !ENV tags read as empty (the plain site needs no site_url)."""


_Loader.add_constructor("!ENV", lambda loader, node: None)


def build_plain(project: Path, source: Path, folder: Path, article: bool) -> str:
    """Build the plain site of the project's docs/<source> in folder/site; return the page's address in it."""
    docs = folder / "docs"
    page = Path(source.relative_to(project / "docs"))
    (docs / page.parent).mkdir(parents=True, exist_ok=True)
    (docs / page).write_text(plain_markdown(source.read_text(encoding="utf-8"), article), encoding="utf-8")
    (folder / "mkdocs.yml").write_text(yaml.safe_dump(plain_config(project, page.as_posix()), sort_keys=False), encoding="utf-8")
    subprocess.run(
        [str(MKDOCS), "build", "--strict", "-q", "-f", str(folder / "mkdocs.yml"), "-d", str(folder / "site")],
        check=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    return f"{page.with_suffix('').as_posix()}/"


# --- auditing ------------------------------------------------------------------------------


def audit(url: str, preset: str, report_path: Path | None) -> dict[str, float]:
    command = [str(LIGHTHOUSE), url, "--quiet", "--output=json", "--output-path=stdout", f"--chrome-flags={CHROME_FLAGS}"]
    if preset == "desktop":
        command.append("--preset=desktop")
    report = subprocess.run(
        command, capture_output=True, text=True, check=True, env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"}
    )
    if report_path is not None:
        report_path.write_text(report.stdout, encoding="utf-8")
    result = json.loads(report.stdout)
    figures = {name: round(result["categories"][name]["score"] * 100) for name in CATEGORIES}
    for label, name, unit in METRICS:
        value = result["audits"][name]["numericValue"]
        figures[label] = value / 1000 if unit == "s" else value / 1024 if unit == "KiB" else value
    return figures


def shown(values: list[float], label: str) -> str:
    """The median and range of a figure's runs, in its unit."""
    unit = next((u for lbl, _, u in METRICS if lbl == label), "")
    digits = {"s": 2, "ms": 0, "KiB": 0}.get(unit, 3 if label == "CLS" else 0)
    median, low, high = (f"{v:.{digits}f}" for v in (statistics.median(values), min(values), max(values)))
    return f"{median} ({low}–{high}){' ' + unit if unit else ''}"


def table(pages: dict[str, dict[str, list[dict]]]) -> str:
    """Ours against plain for each page: median (min–max) of every figure, and ours/plain of the medians."""
    rows = []
    for page, sides in pages.items():
        rows.append(f"\n{page}  ({len(sides['ours'])} runs each)")
        rows.append(f"  {'':14} {'ours':>26} {'plain':>26} {'ours/plain':>11}")
        for label in (*CATEGORIES, *(m[0] for m in METRICS)):
            ours = [run[label] for run in sides["ours"]]
            plain = [run[label] for run in sides["plain"]]
            ratio = statistics.median(ours) / statistics.median(plain) if statistics.median(plain) else float("nan")
            rows.append(f"  {label:14} {shown(ours, label):>26} {shown(plain, label):>26} {ratio:>11.2f}")
    return "\n".join(rows)


def biggest_entry(docs: Path) -> Path:
    """The glossary entry with the longest page (most mentions): the slowest to show."""
    entries = [p for p in (docs / "glossary").glob("*.md") if p.name != "index.md"]
    return max(entries, key=lambda p: (p.stat().st_size, p.name))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="audits of each page (default 5)")
    parser.add_argument("--preset", choices=("mobile", "desktop"), default="mobile")
    parser.add_argument("--entry", help="the glossary entry's id (default: the one with the longest page)")
    parser.add_argument("--reports", type=Path, help="keep every Lighthouse report (JSON) in this folder")
    parser.add_argument("--project", type=Path, default=ROOT, help="the project whose site/ and docs/ are audited (default: this one)")
    options = parser.parse_args()
    project = options.project.resolve()
    docs, site = project / "docs", project / "site"
    article = sorted(p for p in (docs / "articles").glob("*.md") if p.name != "index.md")[0]
    entry = docs / "glossary" / f"{options.entry}.md" if options.entry else biggest_entry(docs)
    if options.reports:
        options.reports.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as temporary:
        served = Path(temporary)
        (served / "ours").symlink_to(site, target_is_directory=True)
        urls = {}
        for name, source, is_article in (("article", article, True), ("entry", entry, False)):
            plain = build_plain(project, source, served / f"plain-{name}", is_article)
            page = source.relative_to(docs).with_suffix("").as_posix() + "/"
            urls[page] = {"ours": f"ours/{page}", "plain": f"plain-{name}/site/{plain}"}
        handler = functools.partial(_Quiet, directory=str(served))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        results: dict[str, dict[str, list[dict]]] = {page: {"ours": [], "plain": []} for page in urls}
        try:
            for run in range(1, options.runs + 1):
                for page, sides in urls.items():
                    for side, path in sides.items():
                        report = options.reports / f"{page.replace('/', '_')}{side}-{run}.json" if options.reports else None
                        figures = audit(base + path, options.preset, report)
                        results[page][side].append(figures)
                        print(f"run {run}: {page:45} {side:5} performance {figures['performance']:3}  "
                              f"FCP {figures['FCP']:.2f} s  LCP {figures['LCP']:.2f} s  {figures['total bytes']:.0f} KiB",
                              file=sys.stderr, flush=True)
        finally:
            server.shutdown()
            server.server_close()
    print(f"Lighthouse {options.preset}, median (min–max) of {options.runs} interleaved runs")
    print(table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
