"""Bad input: each case gives exact `path:line:column: message` lines, exit code 1, no traceback, nothing written."""
from __future__ import annotations

import codecs

import pytest

from build_tools.errors import BriefingError, Location, Problems, printable
from build_tools.ingest import parse_glossary, read_seeds

from .conftest import LAUGHS, MINIMAL_GLOSSARY, MINIMAL_META, run_cli, write_seeds

ENTITY = "  - id: {id}\n    name: {name}\n    type: organization\n    summary: x\n"
def note_with(field: str) -> str:
    """The minimal metadata with one note on 'Second' holding the given field."""
    return MINIMAL_META + "notes:\n  - {quote: Second, " + field + ", kind: context, note: x}\n"


LINK_RULE = "only http, https, mailto, relative and glossary: links are allowed"
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
        "an entity without its id",
        {"glossary.yml": "entities:\n  - name: X\n    type: place\n    summary: x\n"},
        ["glossary.yml:2:5: an entity is missing the required key 'id'"],
    ),
    ("an id that is a list", {"glossary.yml": "entities:\n" + ENTITY.format(id="[x]", name="X")}, ["glossary.yml:2:9: 'id' must be text, but it is a list"]),
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
        "a description and a summary linking unknown glossary ids",
        {
            "glossary.yml": MINIMAL_GLOSSARY + "    description: See [the SCO](glossary:scoo).\n",
            "note.yml": MINIMAL_META + "summary: About [it](glossary:nowhere).\n",
        },
        [
            "glossary.yml:7:5: the description of 'kazakhstan' links to 'glossary:scoo', which is no glossary id, did you mean 'sco'?",
            "note.yml: the summary links to 'glossary:nowhere', which is no glossary id",
        ],
    ),
    (
        "note linking an unknown glossary id",
        {"note.yml": MINIMAL_META + "notes:\n  - {quote: Second, kind: context, note: 'see [it](glossary:kazakstan)'}\n"},
        ["note.yml:8:5: note 1 links to 'glossary:kazakstan', which is no glossary id, did you mean 'kazakhstan'?"],
    ),
    (
        "a NUL byte in YAML",
        {"glossary.yml": "entities:\n  - id: x\x00\n"},
        ["glossary.yml:2:10: the character U+0000 is not allowed in a YAML file; remove it"],
    ),
    (
        "a BEL byte in YAML, after a character of two bytes",
        {"note.yml": "title: Café\x07\nsource: {name: T}\n"},
        ["note.yml:1:12: the character U+0007 is not allowed in a YAML file; remove it"],
    ),
    (
        "a recursive alias",
        {"glossary.yml": "entities: &x [a, *x]\n"},
        ["glossary.yml:1:11: this value holds an alias of itself (a recursive alias), so it never ends"],
    ),
    (
        "a recursive alias through a mapping",
        {"note.yml": "title: A\nsource: &s {name: T, again: *s}\n"},
        ["note.yml:2:9: this value holds an alias of itself (a recursive alias), so it never ends"],
    ),
    (
        "billion laughs",
        {"glossary.yml": LAUGHS},
        ["glossary.yml:1:11: aliases expand the document beyond the limit of 1000 repeated values; write the values out instead"],
    ),
    (
        "values nested deeper than 100 levels",
        {"glossary.yml": "entities: " + "[" * 150 + "]" * 150 + "\n"},
        ["glossary.yml:1:110: values nested more than 100 levels deep are not read"],
    ),
    (
        "values nested thousands of levels deep",
        {"glossary.yml": "entities: " + "[" * 5000 + "]" * 5000 + "\n"},
        ["glossary.yml:1:1010: YAML syntax error: exceeded maximum nesting depth"],
    ),
    (
        "a number of 5,000 digits",
        {"note.yml": "title: " + "7" * 5000 + "\nsource: {name: T}\n"},
        [f"note.yml:1:8: the number {'7' * 40}… has too many digits (5000; at most 4300 are read)"],
    ),
    ("a date that does not exist", {"note.yml": "title: A\npublished: 2015-02-30\nsource: {name: T}\n"}, ["note.yml:2:12: '2015-02-30' is not a valid date"]),
    ("a time that does not exist", {"note.yml": "title: A\npublished: 2015-01-01 25:00:00\nsource: {name: T}\n"}, ["note.yml:2:12: '2015-01-01 25:00:00' is not a valid date"]),
    ("a key that is a date that does not exist", {"glossary.yml": "2015-02-30: x\nentities: []\n"}, ["glossary.yml:1:1: '2015-02-30' is not a valid date"]),
    (
        "a control character written as an escape",
        {"note.yml": 'title: "A\\x01B"\nsource: {name: T}\n'},
        ["note.yml:1:8: the text holds the invisible character U+0001, which has no place in text; remove it"],
    ),
    (
        "a terminal escape sequence in a field",
        {"glossary.yml": "entities:\n  - id: x\n    name: X\n    type: \"\\e[31morganisation\"\n    summary: x\n"},
        ["glossary.yml:4:11: the text holds the invisible character U+001B, which has no place in text; remove it"],
    ),
    (
        "a terminal escape sequence in a key",
        {"glossary.yml": "entities:\n" + ENTITY.format(id="x", name="X") + '    facts: {"\\e]0;owned\\a": v}\n'},
        ["glossary.yml:6:13: the text holds the invisible character U+001B, which has no place in text; remove it"],
    ),
    (
        "a non-character",
        {"note.yml": 'title: A\nsource: {name: T}\nsummary: "a\\uFFFEb"\n'},
        ["note.yml:3:10: the text holds the invisible character U+FFFE, which has no place in text; remove it"],
    ),
    (
        "a very long value is shortened in the message",
        {"glossary.yml": "entities:\n  - id: x\n    name: X\n    type: " + "o" * 300 + "\n    summary: x\n"},
        [f"glossary.yml:4:11: unknown type '{'o' * 100}…'; use one of: person, country, organization, place, event, concept, media"],
    ),
    (
        "a file name with a terminal escape sequence",
        {"e\x1b[2Jvil.txt": "x.\n", "e\x1b[2Jvil.yml": "title: B\nsource: {name: T}\n"},
        ["e\\x1b[2Jvil.txt: the file name 'e\\x1b[2Jvil' must be lower-case letters, digits and single hyphens (it becomes the page's address)"],
    ),
    ("a note's prefix as a list", {"note.yml": note_with("prefix: [a, b]")}, ["note.yml:8:29: the note's 'prefix' must be text, but it is a list"]),
    ("a note's suffix as a mapping", {"note.yml": note_with("suffix: {a: b}")}, ["note.yml:8:29: the note's 'suffix' must be text, but it is a mapping"]),
    ("a note's prefix empty", {"note.yml": note_with("prefix: ''")}, ["note.yml:8:29: the note's 'prefix' is empty"]),
    ("a note's text as nothing", {"note.yml": MINIMAL_META + "notes:\n  - {quote: Second, kind: context, note: null}\n"}, ["note.yml:8:42: the note's 'note' must be text, but it is nothing"]),
    ("raw_html as a number", {"glossary.yml": "raw_html: 1\nentities: []\n"}, ["glossary.yml:1:11: 'raw_html' must be true or false, but it is the number 1"]),
    ("sections an empty list", {"note.yml": "title: A\nsource: {name: T}\nsections: []\n"}, ["note.yml:3:11: 'sections' must be a non-empty list, but it is an empty list"]),
    (
        "an article file name of 65 characters",
        {"a" * 65 + ".txt": "x.\n", "a" * 65 + ".yml": "title: B\nsource: {name: T}\n"},
        [f"{'a' * 65}.txt: the file name '{'a' * 65}' is longer than 64 characters; shorten it (it becomes the page's address)"],
    ),
    (
        "an article file name of 250 characters",
        {"b" * 250 + ".txt": "x.\n", "b" * 250 + ".yml": "title: B\nsource: {name: T}\n"},
        [f"{'b' * 250}.txt: the file name '{'b' * 100}…' is longer than 64 characters; shorten it (it becomes the page's address)"],
    ),
    (
        "an entity id of 65 characters",
        {"glossary.yml": "entities:\n" + ENTITY.format(id="a" * 65, name="X")},
        [f"glossary.yml:2:9: id '{'a' * 65}' is longer than 64 characters; shorten it (it becomes the page's address)"],
    ),
    (
        "a registry's paragraph in a section it does not record",
        {
            "note.anchors.yml": "next_section: 3\nnext_paragraph: 3\nsections:\n- {id: sec-1, anchors: [s1], title: One}\n"
            "- {id: sec-2, anchors: [s2], title: Two}\nparagraphs:\n"
            "- {id: para-1, section: sec-3, anchors: [s1-p1], text: Kazakhstan joined the SCO. It was founded in 2001.}\n"
        },
        ["note.anchors.yml:7:25: paragraph 'para-1' is in section 'sec-3', which this registry does not record"],
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
    (
        "a scheme after a control character",
        {"note.yml": MINIMAL_META + 'summary: "A [x](&#1;javascript:alert(1))."\n'},
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
    ("discover that is no flag", {"glossary.yml": MINIMAL_GLOSSARY + "discover: yes please\n"}, ["glossary.yml:11:11: 'discover' must be true or false, but it is 'yes please'"]),
    ("ignore that is no list", {"glossary.yml": MINIMAL_GLOSSARY + "ignore: CSTO\n"}, ["glossary.yml:11:9: 'ignore' must be a list, but it is 'CSTO'"]),
    (
        "an article's alias that names no entry",
        {"note.yml": MINIMAL_META + "aliases:\n  the organisation: scoo\n"},
        ["note.yml:8:21: the alias 'the organisation' names no entry 'scoo', did you mean 'sco'?"],
    ),
    ("article aliases that are no mapping", {"note.yml": MINIMAL_META + "aliases: [SCO]\n"}, ["note.yml:7:10: 'aliases' must be a mapping of phrases to entry ids, but it is a list"]),
    (
        "a glossary that cannot be read, and an article naming its entries",
        {
            "glossary.yml": "entities:\n  - id: sco\n\tname: X\n",
            "note.yml": MINIMAL_META + "summary: See [it](glossary:sco).\naliases:\n  the organisation: sco\n",
        },
        ["glossary.yml:3:1: YAML syntax error: found a tab character that violates indentation"],
    ),
    (
        "an entry refused for its type, and an article naming it",
        {
            "glossary.yml": MINIMAL_GLOSSARY.replace("type: country", "type: countri"),
            "note.yml": MINIMAL_META + "summary: See [it](glossary:kazakhstan) and [that](glossary:kazakstan).\naliases:\n  the country: kazakhstan\n",
        },
        [
            "glossary.yml:9:11: unknown type 'countri', did you mean 'country'?",
            "note.yml: the summary links to 'glossary:kazakstan', which is no glossary id",
        ],
    ),
    (
        "draft that is no flag",
        {"glossary.yml": MINIMAL_GLOSSARY + "  - {id: csto, name: CSTO, type: organization, draft: maybe}\n"},
        ["glossary.yml:11:55: 'draft' must be true or false, but it is 'maybe'"],
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


@pytest.mark.parametrize(
    "text, shown",
    [
        ("plain", "plain"),
        ("\x1b[2J\x1b]0;title\x07", "\\x1b[2J\\x1b]0;title\\x07"),
        ("two\nlines\r", "two\\nlines\\r"),
        ("right-to-left \u202e override", "right-to-left \\u202e override"),
        ("Café Zürich", "Café Zürich"),
        ("x" * 101, "x" * 100 + "…"),
    ],
    ids=["plain", "escape sequences", "line breaks", "bidirectional override", "accents", "long"],
)
def test_printed_values_cannot_carry_escape_sequences(text, shown):
    assert printable(text) == shown
    assert str(Location(text, 3)) == (shown if len(text) <= 100 else printable(text, None)) + ":3"


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


def test_repeated_alias_is_a_warning_not_an_error():
    problems = Problems()
    text = "entities:\n  - id: x\n    name: X\n    type: place\n    summary: s\n    aliases: [Y, Y]\n"
    entities = parse_glossary("g.yml", text, problems).entities
    assert [e.aliases for e in entities] == [("Y",)]
    assert [str(p) for p in problems.items] == ["g.yml:6:18: warning: alias 'Y' is listed twice for 'x'"]


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



def test_a_draft_entry_may_leave_out_its_summary_and_ignore_warns_of_repeats():
    problems = Problems()
    text = "entities:\n  - {id: csto, name: CSTO, type: organization, draft: true}\nignore: [Astana, Astana]\n"
    glossary = parse_glossary("glossary.yml", text, problems)
    assert [str(p) for p in problems.errors] == []
    assert [str(p) for p in problems.warnings] == ["glossary.yml:3:18: warning: 'Astana' is listed twice in 'ignore'"]
    assert glossary.entities[0].draft and glossary.entities[0].summary.startswith("Not yet reviewed:")
    assert glossary.ignore == ("Astana",) and glossary.discover is True


def test_an_articles_alias_already_in_the_glossary_is_a_warning(tmp_path):
    seeds = write_seeds(tmp_path / "seeds", {"note.yml": MINIMAL_META + "aliases:\n  SCO: sco\n"})
    result = run_cli("build", "--seeds", str(seeds), "--docs", str(tmp_path / "docs"))
    assert result.returncode == 0
    assert result.stderr.replace(f"{seeds}/", "").splitlines() == [
        "note.yml:8:8: warning: 'SCO' is already a name or alias of 'sco' in every article; drop it here or there"
    ]
