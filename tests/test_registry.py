"""An article's registry of permanent addresses: read as written, and every hand edit that would break it reported."""
from __future__ import annotations

import pytest

from build_tools.errors import Problems
from build_tools.registry import parse_registry

REGISTRY = """\
next_section: 3
next_paragraph: 3
sections:
- id: sec-1
  anchors: [s1]
  title: One
- id: sec-2
  anchors: [s2]
  title: Two
paragraphs:
- id: para-1
  section: sec-1
  anchors: [s1-p1]
  text: First paragraph.
- id: para-2
  section: sec-2
  anchors: [s2-p1, s1-p2]
  removed: true
  text: Second paragraph.
"""

# (case, text of REGISTRY, what it is replaced with, the expected lines)
BAD_REGISTRIES = [
    (
        "a paragraph in a section at the counter",
        "  section: sec-2\n",
        "  section: sec-3\n",
        ["r.yml:16:12: paragraph 'para-2' is in section 'sec-3', which this registry does not record"],
    ),
    (
        "a paragraph in a section far above the counter",
        "  section: sec-1\n",
        "  section: sec-999\n",
        ["r.yml:12:12: paragraph 'para-1' is in section 'sec-999', which this registry does not record"],
    ),
    (
        "a paragraph in a section below the counter that is not recorded",
        "- id: sec-2\n  anchors: [s2]\n  title: Two\n",
        "",
        ["r.yml:13:12: paragraph 'para-2' is in section 'sec-2', which this registry does not record"],
    ),
    ("a paragraph without its section", "  section: sec-1\n", "", ["r.yml:11:3: a paragraph's address is missing the required key 'section'"]),
    ("a paragraph without its text", "  text: First paragraph.\n", "", ["r.yml:11:3: a paragraph's address is missing the required key 'text'"]),
    ("a paragraph with an empty text", "  text: First paragraph.\n", "  text: ''\n", ["r.yml:14:9: 'text' is empty"]),
    ("a section without its title", "  title: One\n", "", ["r.yml:4:3: a section's address is missing the required key 'title'"]),
    (
        "a section in a section",
        "  title: One\n",
        "  title: One\n  section: sec-2\n",
        ["r.yml:7:3: unknown key 'section' in a section's address; allowed keys: id, anchors, title, removed"],
    ),
    (
        "a section with a paragraph's text",
        "  title: One\n",
        "  title: One\n  text: One\n",
        ["r.yml:7:3: unknown key 'text' in a section's address; allowed keys: id, anchors, title, removed"],
    ),
    ("no anchors", "  anchors: [s1]\n", "  anchors: []\n", ["r.yml:5:12: 'anchors' must name at least one anchor, like 's2'"]),
    ("anchors as text", "  anchors: [s1]\n", "  anchors: s1\n", ["r.yml:5:12: 'anchors' must be a list, but it is 's1'"]),
    ("anchors missing", "  anchors: [s1-p1]\n", "", ["r.yml:11:3: a paragraph's address is missing the required key 'anchors'"]),
    ("a paragraph's anchor on a section", "  anchors: [s2]\n", "  anchors: [s2-p1]\n", ["r.yml:8:13: 's2-p1' is not an anchor of a section, like 's2'"]),
    ("a section's anchor on a paragraph", "  anchors: [s1-p1]\n", "  anchors: [s1]\n", ["r.yml:13:13: 's1' is not an anchor of a paragraph, like 's2-p3'"]),
    ("an anchor that is a list", "  anchors: [s1-p1]\n", "  anchors: [[s1-p1]]\n", ["r.yml:13:13: an item of 'anchors' must be text, but it is a list"]),
    ("removed as a word", "  removed: true\n", "  removed: 'yes'\n", ["r.yml:18:12: 'removed' must be true or false, but it is 'yes'"]),
    ("removed as nothing", "  removed: true\n", "  removed:\n", ["r.yml:18:11: 'removed' must be true or false, but it is nothing"]),
    ("an id of the other kind", "- id: sec-2\n", "- id: para-9\n", ["r.yml:7:7: 'para-9' is not an id of a section, like 'sec-2'"]),
    (
        "an id of many digits",
        "- id: para-2\n",
        f"- id: para-{'9' * 5000}\n",
        [f"r.yml:15:7: 'para-{'9' * 95}…' is not an id of a paragraph, like 'para-7'"],
    ),
    ("an id that is nothing", "- id: para-2\n", "- id:\n", ["r.yml:15:6: 'id' must be text, but it is nothing"]),
    ("a record that is not a mapping", "- id: sec-2\n  anchors: [s2]\n  title: Two\n", "- sec-2\n", ["r.yml:7:3: a section's address must be a mapping, but it is 'sec-2'"]),
    ("an id at the counter", "- id: para-2\n", "- id: para-3\n", ["r.yml:15:3: id 'para-3' is not below 'next_paragraph' (3): it could be given out again"]),
]


@pytest.mark.parametrize("old, new, expected", [case[1:] for case in BAD_REGISTRIES], ids=[case[0] for case in BAD_REGISTRIES])
def test_a_hand_edited_registry_is_checked_fully(old, new, expected):
    assert REGISTRY.count(old) == 1
    problems = Problems()
    assert parse_registry("r.yml", REGISTRY.replace(old, new), problems) is None
    assert [str(p) for p in problems.items] == expected


def test_a_registry_as_the_build_writes_it_is_read_as_written():
    problems = Problems()
    registry = parse_registry("r.yml", REGISTRY, problems)
    assert problems.items == []
    assert [(r.id, r.anchors, r.section, r.removed) for r in registry.paragraphs] == [
        ("para-1", ("s1-p1",), "sec-1", False),
        ("para-2", ("s2-p1", "s1-p2"), "sec-2", True),
    ]
