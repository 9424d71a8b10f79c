"""Measure `python -m build_tools import` on a corpus folder: words kept, boilerplate, metadata, furniture removed.

    .venv/bin/python scripts/evaluate_import.py ../shared/corpus [--work DIR]

The folder holds, per slug, <slug>.txt (the article's words), <slug>.html (a newsroom page),
<slug>.messy.txt with <slug>.messy.furniture.json (its furniture lines) and <slug>.source.json
(title, publisher, issuer, date_day). From each it also makes PDFs and a Word file:

- pdf-chromium-page: the newsroom page printed by Chromium (--print-to-pdf; its own date/title
  header and address/page footer on every page). The page's menus and banners are in the PDF's
  text, so only "article words kept" and "furniture left" are meant to be perfect there.
- pdf-chromium-reader, pdf-weasyprint-reader: the article alone (its title, then its blocks)
  printed by Chromium, and by WeasyPrint with a running title and "Page n of N" in the margins
  (WeasyPrint is optional: pip install -r requirements-eval.txt).
- docx: the article as a Word file (python-docx), with its title and author as properties.
- messy-*: other bad extractions of the same words (VARIANTS: other page lengths, widths, headers and
  page numbers, no line broken at a hyphen), whose furniture is known, so that no rule fits one file's header.

Each seed is imported, then built by the build's own reader (so reflow has run); the article's
words are compared, in order, with the words of the section titles that came from the document's
headings and of its paragraphs. kept = article words found in order / article words; extra =
imported words that are not the article's / article words. breaks = the article's paragraph breaks (a
blank line) that the import starts a paragraph or title at / the article's paragraph breaks; added = the
import's paragraph or title starts where the article has neither a blank line nor a line break.
"""
from __future__ import annotations

import argparse
import datetime
import difflib
import html
import json
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from build_tools.build import generate  # noqa: E402
from build_tools.errors import BriefingError  # noqa: E402
from build_tools.importer import FIRST_SECTION, import_file  # noqa: E402
from build_tools.readers import read_document  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
WEASY_CSS = """
@page { size: A4; margin: 2.2cm 2cm;
  @top-center { content: string(running); font-size: 9pt; }
  @bottom-right { content: "Page " counter(page) " of " counter(pages); font-size: 9pt; } }
h1 { string-set: running content(); }
p { text-align: justify; }
"""


def words(text: str) -> list[str]:
    return text.split()


def compare(article: list[str], imported: list[str]) -> tuple[float, float, list[str]]:
    """(share of the article's words found in order, share of extra words, the differing spans as 'article → imported')."""
    matcher = difflib.SequenceMatcher(None, article, imported, autojunk=False)
    matched = sum(block.size for block in matcher.get_matching_blocks())
    spans = [
        f"{' '.join(article[i1:i2])[:60]!r} → {' '.join(imported[j1:j2])[:60]!r}"
        for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"
    ]
    return matched / len(article), (len(imported) - matched) / len(article), spans


def page_words(seeds: Path, slug: str) -> tuple[list[str], object, set[int]]:
    """The words of the built article: titles of sections that came from headings, and every paragraph;
    and the positions in those words where a title or paragraph starts."""
    briefing = generate(seeds, ROOT / "templates").briefing
    article = next(a for a in briefing.articles if a.slug == slug)
    found: list[str] = []
    starts: set[int] = set()
    for section in article.sections:
        blocks = [section.title] if section.title not in (FIRST_SECTION, "Full text") else []
        for block in [*blocks, *(paragraph.text for paragraph in section.paragraphs)]:
            starts.add(len(found))
            found += words(block)
    return found, article, starts


def article_breaks(text: str) -> tuple[set[int], set[int]]:
    """Where the article's paragraphs start (after a blank line), and where a line starts within one
    (a heading over its paragraph, a speaker's line): positions in its words. The first word is no break."""
    paragraphs, lines, at = set(), set(), 0
    for block in text.split("\n\n"):
        for number, line in enumerate(block.split("\n")):
            if line.split():
                (lines if number else paragraphs).add(at)
            at += len(words(line))
    return paragraphs - {0}, lines - {0}


def compare_breaks(article: list[str], imported: list[str], text: str, starts: set[int]) -> tuple[int, int, int, list[str]]:
    """(article paragraph breaks, of which the import kept, breaks the import added that the article has
    neither between paragraphs nor between lines, the added and missed breaks as a few words each side)."""
    paragraphs, lines = article_breaks(text)
    matcher = difflib.SequenceMatcher(None, article, imported, autojunk=False)
    to_article = {j + k: i + k for i, j, size in matcher.get_matching_blocks() for k in range(size)}
    made = {to_article[j] for j in starts if j in to_article} - {0}
    show = lambda at, mark: f"{mark} {' '.join(article[max(0, at - 4):at])} ¶ {' '.join(article[at:at + 4])}"
    spans = [show(at, "missed") for at in sorted(paragraphs - made)] + [show(at, "added") for at in sorted(made - paragraphs - lines)]
    return len(paragraphs), len(paragraphs & made), len(made - paragraphs - lines), spans


def reader_html(title: str, text: str) -> str:
    blocks = "".join(f"<p>{html.escape(block)}</p>\n" for block in text.split("\n\n") if block.strip())
    return f"<!DOCTYPE html><html lang=en><head><meta charset=utf-8><title>{html.escape(title)}</title></head><body><h1>{html.escape(title)}</h1>\n{blocks}</body></html>"


def chromium_pdf(source: Path, out: Path) -> bool:
    result = subprocess.run(
        [CHROMIUM, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", f"--print-to-pdf={out}", source.as_uri()],
        capture_output=True, timeout=120, check=False,
    )
    return result.returncode == 0 and out.exists()


def weasyprint_pdf(source: Path, out: Path) -> bool:
    try:
        import weasyprint
    except ImportError:
        return False
    weasyprint.HTML(filename=str(source)).write_pdf(str(out), stylesheets=[weasyprint.CSS(string=WEASY_CSS)])
    return True


def word_file(title: str, author: str, published: str, text: str, out: Path) -> None:
    import docx

    document = docx.Document()
    document.core_properties.title, document.core_properties.author = title, author
    document.core_properties.created = datetime.datetime.fromisoformat(published)
    document.add_paragraph(title, style="Title")
    for block in text.split("\n\n"):
        if block.strip():
            document.add_paragraph(" ".join(block.split()))
    document.save(str(out))


# Other messy extractions of the same words, to check that no rule fits one file's header: (name, lines per
# page, wrap width, header(n, pages, title, publisher) or None, footer(...) or None).
VARIANTS = (
    ("messy-dashed-38", 38, 68, lambda n, N, t, p: p.upper(), lambda n, N, t, p: f"- {n} -"),
    ("messy-pageof-top-52", 52, 80, lambda n, N, t, p: f"Page {n} of {N}", lambda n, N, t, p: t[:50] + "…"),
    ("messy-slash-60", 60, 72, None, lambda n, N, t, p: f"{n}/{N}"),
    ("messy-dated-44", 44, 76, lambda n, N, t, p: f"{p} · Briefing {n + 100}", lambda n, N, t, p: f"p. {n}"),
)


def messy_variant(text: str, title: str, publisher: str, per_page: int, width: int, header, footer) -> tuple[str, set[int]]:
    """The text hard-wrapped without blank lines, with furniture around every page; and its furniture's line numbers."""
    body = [line for block in text.split("\n\n") for line in textwrap.wrap(" ".join(block.split()), width, break_on_hyphens=False)]
    pages = [body[i:i + per_page] for i in range(0, len(body), per_page)]
    lines: list[str] = []
    gold: set[int] = set()
    for n, page in enumerate(pages, start=1):
        for make, where in ((header, "top"), (None, "body"), (footer, "bottom")):
            if where == "body":
                lines += page
            elif make is not None:
                lines.append(make(n, len(pages), title, publisher))
                gold.add(len(lines))
    return "\n".join(lines) + "\n", gold


def furniture_left(kept: list[str], source: Path) -> int:
    """Lines of a browser's margins still in the text: its address, or its date-and-title header."""
    from build_tools.furniture import BROWSER_MARGIN, _kind

    return sum(1 for line in kept if source.as_uri() in line or _kind(line, 0, [], "") == BROWSER_MARGIN)


def evaluate(corpus: Path, work: Path) -> list[dict]:
    rows = []
    for text_path in sorted(corpus.glob("*.txt")):
        if text_path.name.endswith(".messy.txt"):
            continue
        slug = text_path.stem
        truth = json.loads((corpus / f"{slug}.source.json").read_text(encoding="utf-8"))
        text = text_path.read_text(encoding="utf-8")
        article = words(text)
        expected = {"title": truth["title"], "published": truth["date_day"], "author": truth.get("issuer") or truth["publisher"]}
        made = work / "made" / slug
        made.mkdir(parents=True, exist_ok=True)
        golds = {"messy-txt": set(json.loads((corpus / f"{slug}.messy.furniture.json").read_text(encoding="utf-8"))["furniture_lines"])}
        inputs: list[tuple[str, Path]] = [("html", corpus / f"{slug}.html"), ("messy-txt", corpus / f"{slug}.messy.txt")]
        if chromium_pdf(corpus / f"{slug}.html", made / "page.chromium.pdf"):
            inputs.append(("pdf-chromium-page", made / "page.chromium.pdf"))
        (made / "reader.html").write_text(reader_html(truth["title"], text), encoding="utf-8")
        if chromium_pdf(made / "reader.html", made / "reader.chromium.pdf"):
            inputs.append(("pdf-chromium-reader", made / "reader.chromium.pdf"))
        if weasyprint_pdf(made / "reader.html", made / "reader.weasyprint.pdf"):
            inputs.append(("pdf-weasyprint-reader", made / "reader.weasyprint.pdf"))
        word_file(truth["title"], expected["author"], truth["date_day"], text, made / "article.docx")
        inputs.append(("docx", made / "article.docx"))
        for name, per_page, width, header, footer in VARIANTS:
            messy, gold = messy_variant(text, truth["title"], truth["publisher"], per_page, width, header, footer)
            (made / f"{name}.txt").write_text(messy, encoding="utf-8")
            inputs.append((name, made / f"{name}.txt"))
            golds[name] = gold
        for kind, path in inputs:
            seeds = work / "seeds" / kind / slug
            try:
                seed, _ = import_file(path, seeds, slug=slug, force=True)
            except BriefingError as error:
                rows.append({"slug": slug, "input": kind, "error": error.report()})
                continue
            imported, built, starts = page_words(seeds, slug)
            kept, extra, spans = compare(article, imported)
            breaks, breaks_kept, breaks_added, break_spans = compare_breaks(article, imported, text, starts)
            row = {
                "slug": slug, "input": kind, "article words": len(article), "imported words": len(imported),
                "kept": kept, "extra": extra, "equal": imported == article, "spans": spans,
                "breaks": f"{breaks_kept}/{breaks}", "breaks added": breaks_added, "break spans": break_spans,
                **{key: _judge(value, expected[key]) for key, value in (
                    ("title", built.title), ("published", built.source.published), ("author", built.source.author))},
                "removed": len(seed.removed),
            }
            if kind in golds:
                gold = golds[kind]
                removed = {item.line for item in seed.removed}
                row["furniture"] = f"{len(gold & removed)}/{len(gold)} removed, {len(removed - gold)} other line(s) removed"
            elif kind.startswith("pdf-chromium"):
                printed = made / "reader.html" if "reader" in kind else corpus / f"{slug}.html"
                row["furniture"] = f"{furniture_left(seed.text.split(chr(10)), printed)} browser margin line(s) left"
            elif kind == "pdf-weasyprint-reader":
                pages = len(read_document(path).pages)
                left = sum(1 for line in seed.text.split("\n") if line.strip().startswith("Page ") and " of " in line)
                row["furniture"] = f"{left} 'Page n of N' line(s) left of {pages}; running titles left: {sum(1 for line in seed.text.split(chr(10)) if line.strip() == truth['title'])}"
            rows.append(row)
    return rows


def _judge(value: str, expected: str) -> str:
    """yes when right, '-' when the document gives none, NO when wrong."""
    return "-" if not value else "yes" if value == expected else "NO"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--work", type=Path, help="where to keep the PDFs and seeds made (default: a temporary folder)")
    parser.add_argument("--json", action="store_true", help="print the rows as JSON")
    parser.add_argument("--diffs", action="store_true", help="print, under each row, where the imported words differ")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        rows = evaluate(args.corpus.resolve(), (args.work or Path(scratch)).resolve())
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    print(f"{'slug':36} {'input':22} {'words':>6} {'kept':>8} {'extra':>7} {'equal':>5} {'breaks':>7} {'added':>5}  title date author  furniture")
    for row in rows:
        if "error" in row:
            print(f"{row['slug']:36} {row['input']:22} ERROR {row['error']}")
            continue
        marks = " ".join(row[key].ljust(width) for key, width in (("title", 5), ("published", 4), ("author", 6)))
        print(
            f"{row['slug']:36} {row['input']:22} {row['article words']:>6} {row['kept']:>8.2%} {row['extra']:>7.2%} "
            f"{'yes' if row['equal'] else 'no':>5} {row['breaks']:>7} {row['breaks added']:>5}  {marks}  {row.get('furniture', '')}"
        )
        if args.diffs:
            for span in row["spans"] + row["break spans"]:
                print(f"    {span}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
