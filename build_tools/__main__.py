"""Command line: python -m build_tools build [--seeds DIR] [--templates DIR] [--docs DIR] [--new-addresses SLUG];
python -m build_tools check; python -m build_tools import PATH [--slug SLUG] [--seeds DIR] [--force] [--keep-furniture].

Exit codes: 0 built, 1 bad input (every problem listed as path:line: message), 2 usage error.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from .build import ROOT, build, checked, drafts_line, generate, shown
from .stamp import new_addresses_from_environment
from .errors import BriefingError
from .exports import site_address
from .progress import Reporter
from .write import BuildLock


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m build_tools", description="Generate the briefing's Markdown from seeds/.")
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("build", help="generate docs/ from seeds/ and templates/")
    run.add_argument("--seeds", type=Path, default=ROOT / "seeds")
    run.add_argument("--templates", type=Path, default=ROOT / "templates")
    run.add_argument("--docs", type=Path, default=ROOT / "docs")
    run.add_argument("--site", type=Path, default=ROOT / "site", help="the published site, whose addresses.json tells which articles have permanent ids")
    run.add_argument("--site-url", default=os.environ.get("SITE_URL", ""), help="where the site is published (default: $SITE_URL); makes its addresses absolute")
    run.add_argument("--check", action="store_true", help="then run the coverage check on what was built (as warnings)")
    run.add_argument(
        "--new-addresses", action="append", default=[], metavar="SLUG",
        help="give this article new permanent ids although its registry was lost and ids were published (repeatable)",
    )
    review = commands.add_parser("check", help="list what the glossary does not yet cover (findings, not errors)")
    review.add_argument("--seeds", type=Path, default=ROOT / "seeds")
    review.add_argument("--templates", type=Path, default=ROOT / "templates")
    review.add_argument("--no-nlp", action="store_true", help="use the heuristic only, even where spaCy is installed")
    suggest = commands.add_parser("suggest", help="print draft glossary.yml entries for the names no entry covers")
    suggest.add_argument("--seeds", type=Path, default=ROOT / "seeds")
    suggest.add_argument("--no-nlp", action="store_true", help="use the heuristic only, even where spaCy is installed")
    measure = commands.add_parser("evaluate", help="score discovery against gold lists: a folder of <slug>.txt and <slug>.entities.json")
    measure.add_argument("folder", type=Path)
    measure.add_argument("--no-nlp", action="store_true", help="use the heuristic only, even where spaCy is installed")
    measure.add_argument("--details", action="store_true", help="also list what was missed, what is no gold entity, and wrong types")
    bring = commands.add_parser("import", help="start a seed from a web page, PDF, Word file or text: writes SLUG.txt and SLUG.yml")
    bring.add_argument("path", type=Path, metavar="PATH", help="a .html, .htm, .pdf, .docx or .txt file")
    bring.add_argument("--slug", default="", help="the article's address and file name (default: from its title)")
    bring.add_argument("--seeds", type=Path, default=ROOT / "seeds")
    bring.add_argument("--force", action="store_true", help="replace the seed of that name if it exists")
    bring.add_argument("--keep-furniture", action="store_true", help="keep running headers, footers and page numbers")
    args = parser.parse_args(argv)
    if args.command == "check":
        return _check(args)
    if args.command == "suggest":
        return _suggest(args)
    if args.command == "evaluate":
        return _evaluate(args)
    if args.command == "import":
        return _import(args)

    started = time.perf_counter()
    new_addresses = set(args.new_addresses) | new_addresses_from_environment()
    lock = BuildLock(args.docs)  # the same lock as the MkDocs hook's: one writer of docs/ at a time
    lock.acquire(waiting=lambda: print("waiting for another build of this project to finish", file=sys.stderr))
    try:
        site_url = site_address(args.site_url, "--site-url (SITE_URL)")
        generated, report = build(args.seeds, args.templates, args.docs, Reporter(), published=(args.site,), new_addresses=new_addresses, site_url=site_url)
    except BriefingError as error:
        print(error.report(), file=sys.stderr)
        return 1
    finally:
        lock.release()
    for warning in generated.warnings:
        print(warning, file=sys.stderr)
    briefing = generated.briefing
    print(
        f"{len(briefing.articles)} article(s), {len(briefing.entities)} entities, {len(briefing.mentions)} mentions; "
        f"{len(report.written)} file(s) written, {report.unchanged} unchanged, {len(report.removed)} removed "
        f"in {time.perf_counter() - started:.2f} s"
    )
    print(drafts_line(generated))
    if args.check:
        _report_findings(generated.briefing, args.seeds, no_nlp=False)
    return 0


def _check(args: argparse.Namespace) -> int:
    try:
        generated = generate(args.seeds, args.templates)
    except BriefingError as error:
        print(error.report(), file=sys.stderr)
        return 1
    _report_findings(generated.briefing, args.seeds, args.no_nlp)
    return 0


def _recogniser(no_nlp: bool):
    from .check import spacy_recogniser

    return None if no_nlp else spacy_recogniser()


def _suggest(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from .anchors import assign
    from .discover import drafts_for
    from .ingest import read_seeds
    from .suggest import suggestions

    try:
        briefing, _ = read_seeds(shown(args.seeds))  # paths as the build and the check print them
    except BriefingError as error:
        print(error.report(), file=sys.stderr)
        return 1
    briefing = replace(briefing, articles=tuple(assign(article)[0] for article in briefing.articles))
    recognise = _recogniser(args.no_nlp)
    sys.stdout.write(suggestions(briefing, drafts_for(briefing, recognise)))
    method = "spaCy and the heuristic" if recognise else "the heuristic (spaCy's model is not installed)" if not args.no_nlp else "the heuristic"
    print(f"suggest: names found by {method}.", file=sys.stderr)
    return 0


def _evaluate(args: argparse.Namespace) -> int:
    from .evaluate import evaluate, report

    recognise = _recogniser(args.no_nlp)
    try:
        scores = evaluate(args.folder, recognise)
    except BriefingError as error:
        print(error.report(), file=sys.stderr)
        return 1
    for line in report(scores, args.details):
        print(line)
    print(f"evaluate: names found by {'spaCy and the heuristic' if recognise else 'the heuristic'}.")
    return 0


def _import(args: argparse.Namespace) -> int:
    from .importer import import_file, report_lines

    try:
        seed, written = import_file(args.path, args.seeds, args.slug, args.force, args.keep_furniture)
    except BriefingError as error:
        print(error.report().replace("nothing was written.", "nothing was imported."), file=sys.stderr)
        return 1
    for line in report_lines(seed, args.keep_furniture):
        print(line)
    print(f"wrote {', '.join(str(path) for path in written)}")
    return 0


def _report_findings(briefing, seeds: Path, no_nlp: bool) -> None:
    from .check import iter_lines, spacy_recogniser

    recognise = None if no_nlp else spacy_recogniser()
    findings = checked(briefing, seeds, recognise)
    for line in iter_lines(findings):
        print(line)
    method = "spaCy and the heuristic" if recognise else "the heuristic (spaCy's model is not installed)"
    print(f"check: {len(findings)} finding(s), names found by {method}.")


if __name__ == "__main__":
    sys.exit(main())
