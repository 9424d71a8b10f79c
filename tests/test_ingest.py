"""Bad input: each case gives exact `path:line:column: message` lines, exit code 1, no traceback, nothing written."""
from __future__ import annotations

import codecs

import pytest

from build_tools.errors import BriefingError, Location, Problems
from build_tools.ingest import decode, load_yaml, parse_glossary, read_seeds

from .conftest import MINIMAL_META, run_cli, write_seeds

ENTITY = "  - id: {id}\n    name: {name}\n    type: organization\n    summary: x\n"

CASES = [
    (
        "yaml syntax error",
        {"glossary.yml": "entities:\n  - id: sco\n    name: [unclosed\n    type: organization\n"},
        ["glossary.yml:4:9: YAML syntax error: did not find expected ',' or ']'"],
    ),
    (
        "missing required key",
        {"glossary.yml": "entities:\n  - id: sco\n    name: SCO\n    type: organization\n"},
        ["glossary.yml:2:5: an entity is missing the required key 'summary'"],
    ),
    (
        "unknown key with a suggestion",
        {"glossary.yml": "entities:\n  - id: sco\n    name: Shanghai\n    alias: [SCO]\n    type: organization\n    summary: x\n"},
        ["glossary.yml:4:5: unknown key 'alias' in an entity, did you mean 'aliases'?"],
    ),
    (
        "unknown type",
        {"glossary.yml": "entities:\n  - id: sco\n    name: Shanghai\n    type: organisation\n    summary: x\n"},
        ["glossary.yml:4:11: unknown type 'organisation', did you mean 'organization'?"],
    ),
    (
        "duplicate id",
        {"glossary.yml": "entities:\n" + ENTITY.format(id="sco", name="Shanghai") + ENTITY.format(id="sco", name="Orbis")},
        ["glossary.yml:6:5: duplicate id 'sco' (first defined at line 2)"],
    ),
    (
        "alias claimed by two entities",
        {
            "glossary.yml": "entities:\n  - id: sco\n    name: Shanghai\n    aliases: [SCO]\n    type: organization\n    summary: x\n"
            "  - id: other\n    name: Orbis\n    aliases: [SCO]\n    type: organization\n    summary: y\n"
        },
        ["glossary.yml:9:15: 'SCO' of 'other' is already a name or alias of 'sco' (line 4)"],
    ),
    (
        "invalid id",
        {"glossary.yml": "entities:\n" + ENTITY.format(id="../x", name="X")},
        ["glossary.yml:2:9: id '../x' must be lower-case letters, digits and single hyphens, like 'united-states'"],
    ),
    (
        "reserved id",
        {"glossary.yml": "entities:\n" + ENTITY.format(id="index", name="X")},
        ["glossary.yml:2:9: id 'index' is reserved for a page of the site; choose another"],
    ),
    (
        "link with a javascript: URL",
        {"glossary.yml": "entities:\n" + ENTITY.format(id="x", name="X") + "    links: [{title: t, url: 'javascript:alert(1)'}]\n"},
        ["glossary.yml:6:29: the link's 'url' 'javascript:alert(1)' must start with http:, https: or mailto:"],
    ),
    (
        "a string where a list belongs",
        {"glossary.yml": "entities:\n" + ENTITY.format(id="x", name="X") + "    aliases: X1\n"},
        ["glossary.yml:6:14: 'aliases' must be a list, but it is 'X1'"],
    ),
    (
        "section quote found nowhere",
        {"note.yml": "title: A\nsource: {name: T}\nsections:\n  - title: One\n  - title: Two\n    starts: not in the text\n"},
        ["note.yml:6:13: section quote 'not in the text' is found in no paragraph of the article"],
    ),
    (
        "section quote found in two paragraphs",
        {
            "note.txt": "Alpha here.\n\nAlpha again.\n",
            "note.yml": "title: A\nsource: {name: T}\nsections:\n  - title: One\n  - title: Two\n    starts: Alpha\n",
        },
        ["note.yml:6:13: section quote 'Alpha' is found in 2 paragraphs (1, 2); quote more words so it names one"],
    ),
    (
        "sections out of order",
        {
            "note.txt": "One.\n\nTwo.\n\nThree.\n",
            "note.yml": "title: A\nsource: {name: T}\nsections:\n  - title: One\n  - title: Three\n    starts: Three\n"
            "  - title: Two\n    starts: Two\n",
        },
        ["note.yml:7:5: section 'Two' starts at paragraph 2, not after the previous section (paragraph 3); keep sections in reading order"],
    ),
    ("empty article", {"note.txt": ""}, ["note.txt:1: the article is empty"]),
    ("article of only whitespace", {"note.txt": "  \n\t\n"}, ["note.txt:1: the article holds only whitespace"]),
    (
        "invalid UTF-8",
        {"note.txt": b"Caf\xe9 ok\nline two\n"},
        ["note.txt:1:4: invalid UTF-8 at byte offset 3 (byte 0xe9); save the file as UTF-8"],
    ),
    ("UTF-16", {"note.txt": "Kazakhstan".encode("utf-16")}, ["note.txt:1: the file is UTF-16; save it as UTF-8"]),
    ("article without its metadata", {"note.yml": None}, ["note.txt: the article has no metadata file note.yml beside it"]),
    ("metadata without its article", {"note.txt": None}, ["note.yml: the metadata has no article note.txt beside it"]),
    (
        "script link in a description",
        {"glossary.yml": "entities:\n" + ENTITY.format(id="x", name="X") + "    description: |\n      Fine.\n      A [trap](javascript:alert(1)).\n"},
        ["glossary.yml:8:16: 'description' links to a 'javascript:' address; only http, https, mailto, relative and glossary: links are allowed"],
    ),
    (
        "script link in a summary",
        {"note.yml": "title: A\nsource: {name: T}\nsummary: 'see [x]( JavaScript:evil)'\n"},
        ["note.yml:3:20: 'summary' links to a 'javascript:' address; only http, https, mailto, relative and glossary: links are allowed"],
    ),
    (
        "two articles with the same title",
        {"other.txt": "Text.\n", "other.yml": "title: A note\nsource: {name: T}\n"},
        ["other.yml:1:8: the title 'A note' is already used by note.yml"],
    ),
    ("empty alias", {"glossary.yml": "entities:\n" + ENTITY.format(id="x", name="X") + "    aliases: ['', Y]\n"}, ["glossary.yml:6:15: an item of 'aliases' is empty"]),
    ("empty name", {"glossary.yml": "entities:\n" + ENTITY.format(id="x", name="' '")}, ["glossary.yml:3:11: 'name' is empty"]),
    (
        "first section starting after the first paragraph",
        {"note.yml": "title: A\nsource: {name: T}\nsections:\n  - title: One\n    starts: Second paragraph\n"},
        ["note.yml:4:5: the first section starts at paragraph 2, leaving the paragraphs before it outside every section; drop its 'starts' or add a section before it"],
    ),
    (
        "article file name that cannot be an address",
        {"Note File.txt": "x.\n", "Note File.yml": "title: B\nsource: {name: T}\n"},
        ["Note File.txt: the file name 'Note File' must be lower-case letters, digits and single hyphens (it becomes the page's address)"],
    ),
    (
        "article file name reserved by the site",
        {"index.txt": "x.\n", "index.yml": "title: B\nsource: {name: T}\n"},
        ["index.txt: the file name 'index' is reserved for a page of the site; rename the article"],
    ),
    ("entities not a list", {"glossary.yml": "entities: none\n"}, ["glossary.yml:1:11: 'entities' must be a list, but it is 'none'"]),
    (
        "misspelt top-level key",
        {"glossary.yml": "entity:\n  - id: x\n"},
        [
            "glossary.yml:1:1: unknown key 'entity' in the glossary, did you mean 'entities'?",
            "glossary.yml:1:1: the glossary is missing the required key 'entities'",
        ],
    ),
    (
        "facts as a list",
        {"glossary.yml": "entities:\n" + ENTITY.format(id="x", name="X") + "    facts: [a, b]\n"},
        ["glossary.yml:6:12: 'facts' must be a mapping of labels to values, but it is a list"],
    ),
    (
        "link without a url",
        {"glossary.yml": "entities:\n" + ENTITY.format(id="x", name="X") + "    links:\n      - title: T\n"},
        ["glossary.yml:7:9: a link is missing the required key 'url'"],
    ),
    (
        "source url with another scheme",
        {"note.yml": "title: A\nsource: {name: T, url: 'ftp://x'}\n"},
        ["note.yml:2:24: the source's 'url' 'ftp://x' must start with http:, https: or mailto:"],
    ),
    ("raw_html not a yes/no", {"glossary.yml": "raw_html: yes please\nentities: []\n"}, ["glossary.yml:1:11: 'raw_html' must be true or false, but it is 'yes please'"]),
    ("sections as text", {"note.yml": "title: A\nsource: {name: T}\nsections: One\n"}, ["note.yml:3:11: 'sections' must be a non-empty list, but it is 'One'"]),
    ("title as a list", {"note.yml": "title: [A]\nsource: {name: T}\n"}, ["note.yml:1:8: 'title' must be text, but it is a list"]),
    (
        "note quote found nowhere",
        {"note.yml": MINIMAL_META + "notes:\n  - {quote: not there, kind: context, note: x}\n"},
        ["note.yml:8:13: note quote 'not there' is found nowhere in the article"],
    ),
    (
        "note quote found twice without a prefix or suffix",
        {"note.txt": "The SCO met. The SCO grew.\n", "note.yml": "title: A\nsource: {name: T}\nnotes:\n  - {quote: The SCO, kind: context, note: x}\n"},
        ["note.yml:4:13: note quote 'The SCO' is found 2 times (§1 ¶1, §1 ¶1); add a 'prefix' or 'suffix' to pick one"],
    ),
    (
        "unknown note kind",
        {"note.yml": MINIMAL_META + "notes:\n  - {quote: Second, kind: corection, note: x}\n"},
        ["note.yml:8:27: unknown note kind 'corection', did you mean 'correction'?"],
    ),
    (
        "note linking an unknown glossary id",
        {"note.yml": MINIMAL_META + "notes:\n  - {quote: Second, kind: context, note: 'see [it](glossary:kazakstan)'}\n"},
        ["note.yml:8:5: note 1 links to 'glossary:kazakstan', which is no glossary id, did you mean 'kazakhstan'?"],
    ),
    (
        "several problems in two files, reported together in file order",
        {
            "glossary.yml": "entities:\n  - id: Bad Id\n    name: X\n    type: thing\n    summary: x\n",
            "note.yml": "title: A\nsource: {nam: T}\n",
        },
        [
            "glossary.yml:2:9: id 'Bad Id' must be lower-case letters, digits and single hyphens, like 'united-states'",
            "glossary.yml:4:11: unknown type 'thing'; use one of: person, country, organization, place, event, concept, media",
            "note.yml:2:9: 'source' is missing the required key 'name'",
            "note.yml:2:10: unknown key 'nam' in 'source', did you mean 'name'?",
        ],
    ),
]


@pytest.mark.parametrize("files, expected", [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_bad_input_is_reported_exactly(tmp_path, files, expected):
    seeds = write_seeds(tmp_path / "seeds", files)
    docs = tmp_path / "docs"
    result = run_cli("build", "--seeds", str(seeds), "--docs", str(docs))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.replace(f"{seeds}/", "").splitlines()
    count = len(expected)
    assert lines == [*expected, f"{count} error{'s' if count != 1 else ''} found; nothing was written."]
    assert not docs.exists()


def test_common_word_alias_is_a_warning_and_the_build_goes_on(tmp_path):
    glossary = "entities:\n" + ENTITY.format(id="x", name="X") + "    aliases: [May, will, US]\n"
    seeds = write_seeds(tmp_path / "seeds", {"glossary.yml": glossary})
    result = run_cli("build", "--seeds", str(seeds), "--docs", str(tmp_path / "docs"))
    assert result.returncode == 0
    assert result.stderr.replace(f"{seeds}/", "").splitlines() == [
        "glossary.yml:6:15: warning: 'May' is also a common word: it will mark ordinary prose wherever the word appears",
        "glossary.yml:6:20: warning: 'will' is also a common word: it will mark ordinary prose wherever the word appears",
    ]


def test_missing_seeds_folder(tmp_path):
    result = run_cli("build", "--seeds", str(tmp_path / "nowhere"), "--docs", str(tmp_path / "docs"))
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == f"{tmp_path / 'nowhere'}: the seeds folder does not exist"


def test_usage_error_exits_2():
    result = run_cli("publish")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_bad_input_leaves_previous_output_intact(tmp_path):
    seeds = write_seeds(tmp_path / "seeds", {})
    docs = tmp_path / "docs"
    assert run_cli("build", "--seeds", str(seeds), "--docs", str(docs)).returncode == 0
    before = {p: p.read_bytes() for p in docs.rglob("*") if p.is_file()}
    (seeds / "glossary.yml").write_text("entities: [", encoding="utf-8")
    assert run_cli("build", "--seeds", str(seeds), "--docs", str(docs)).returncode == 1
    assert {p: p.read_bytes() for p in docs.rglob("*") if p.is_file()} == before


def test_bom_and_crlf_are_accepted(tmp_path):
    text = codecs.BOM_UTF8 + b"Kazakhstan joined the SCO.\r\nIt was founded in 2001.\r\n\r\nSecond paragraph here.\r\n"
    seeds = write_seeds(tmp_path / "seeds", {"note.txt": text})
    briefing, warnings = read_seeds(seeds)
    paragraphs = [p.text for _, _, p in briefing.articles[0].paragraphs]
    assert paragraphs == ["Kazakhstan joined the SCO. It was founded in 2001.", "Second paragraph here."]
    assert warnings == ()


def test_sections_split_the_article_where_their_quotes_are(tmp_path):
    briefing, _ = read_seeds(write_seeds(tmp_path / "seeds", {}))
    article = briefing.articles[0]
    assert [(s.number, s.title, len(s.paragraphs)) for s in article.sections] == [(1, "One", 1), (2, "Two", 1)]


def test_article_without_sections_is_one_section(tmp_path):
    briefing, _ = read_seeds(write_seeds(tmp_path / "seeds", {"note.yml": "title: A\nsource: {name: T}\n"}))
    assert [(s.title, len(s.paragraphs)) for s in briefing.articles[0].sections] == [("Full text", 2)]


def test_duplicate_yaml_key_is_an_error():
    problems = Problems()
    load_yaml("g.yml", "a: 1\na: 2\n", problems)
    assert [str(p) for p in problems.items] == ["g.yml:2:1: duplicate key 'a' (first at line 1)"]


def test_repeated_alias_is_a_warning_not_an_error():
    problems = Problems()
    text = "entities:\n  - id: x\n    name: X\n    type: place\n    summary: s\n    aliases: [Y, Y]\n"
    entities = parse_glossary("g.yml", text, problems).entities
    assert [e.aliases for e in entities] == [("Y",)]
    assert [str(p) for p in problems.items] == ["g.yml:6:18: warning: alias 'Y' is listed twice for 'x'"]


def test_decode_reports_line_and_column_of_bad_byte():
    problems = Problems()
    assert decode("a.txt", b"ok\nab\xffc", problems) is None
    assert problems.items[0].location == Location("a.txt", 2, 3)


def test_errors_are_raised_together():
    problems = Problems()
    problems.error(Location("b.yml", 3), "second")
    problems.error(Location("a.yml", 9), "first")
    with pytest.raises(BriefingError) as caught:
        problems.raise_if_any()
    assert caught.value.report().splitlines() == ["a.yml:9: first", "b.yml:3: second", "2 errors found; nothing was written."]


def test_a_suffix_picks_one_of_two_equal_quotes(tmp_path):
    meta = "title: A\nsource: {name: T}\nnotes:\n  - {quote: The SCO, suffix: grew, kind: update, note: x}\n"
    briefing, _ = read_seeds(write_seeds(tmp_path / "seeds", {"note.txt": "The SCO met. The SCO grew.\n", "note.yml": meta}))
    note = briefing.articles[0].notes[0]
    assert (note.section, note.paragraph, note.start, note.end) == (1, 1, 13, 20)


LINK_RULE = "only http, https, mailto, relative and glossary: links are allowed"
MARKUP_CASES = [
    (
        "a scheme after a control character",
        {"note.yml": MINIMAL_META + 'summary: "A [x](\\x01javascript:alert(1))."\n'},
        [f"note.yml:7:17: 'summary' links to a 'javascript:' address; {LINK_RULE}"],
    ),
    (
        "a scheme split across the lines of a block scalar",
        {"note.yml": MINIMAL_META + "notes:\n  - quote: joined the SCO\n    kind: context\n    note: |\n      See [x](java\n      script:alert(1)).\n"},
        [f"note.yml:11:15: the note's 'note' links to a 'javascript:' address; {LINK_RULE}"],
    ),
    (
        "schemes no browser should open from a briefing",
        {"note.yml": MINIMAL_META + "summary: '[a](ms-msdt:x) [b](intent:y) [c](x-anything:z)'\n"},
        [
            f"note.yml:7:15: 'summary' links to a 'ms-msdt:' address; {LINK_RULE}",
            f"note.yml:7:30: 'summary' links to a 'intent:' address; {LINK_RULE}",
            f"note.yml:7:44: 'summary' links to a 'x-anything:' address; {LINK_RULE}",
        ],
    ),
    (
        "a glossary link without an id",
        {"note.yml": MINIMAL_META + "summary: See [it](glossary:../../etc).\n"},
        ["note.yml:7:19: 'summary' has a glossary: link that names no id; write glossary:<id>, like glossary:china"],
    ),
    (
        "an edition date that is markup",
        {"note.yml": MINIMAL_META + "published: '\"><script>alert(1)</script>'\n"},
        ["note.yml:7:12: 'published' must be a date like 2015-03-01 (or 2015-03, or 2015), but it is '\"><script>alert(1)</script>'"],
    ),
    (
        "a source date that is no date",
        {"note.yml": MINIMAL_META.replace("source: {name: Test}", "source: {name: Test, published: 2015-02-30x}")},
        ["note.yml:2:33: the source's 'published' must be a date like 2015-03-01 (or 2015-03, or 2015), but it is '2015-02-30x'"],
    ),
]


@pytest.mark.parametrize("files, expected", [case[1:] for case in MARKUP_CASES], ids=[case[0] for case in MARKUP_CASES])
def test_links_and_dates_are_refused_where_they_are_written(tmp_path, files, expected):
    seeds = write_seeds(tmp_path / "seeds", files)
    result = run_cli("build", "--seeds", str(seeds), "--docs", str(tmp_path / "docs"))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    lines = result.stderr.replace(f"{seeds}/", "").splitlines()
    assert lines == [*expected, f"{len(expected)} error{'s' if len(expected) != 1 else ''} found; nothing was written."]
    assert not (tmp_path / "docs").exists()
