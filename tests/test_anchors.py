"""Permanent addresses: ids survive edits, are never reused, and every old address still resolves."""
from __future__ import annotations

import pytest

from build_tools.anchors import addresses_map, assign
from build_tools.errors import Problems
from build_tools.ingest import parse_article
from build_tools.registry import dump_registry, parse_registry

from .conftest import ROOT

SEED_TEXT = (ROOT / "seeds" / "kazakhstan-balance-of-powers.txt").read_text(encoding="utf-8")
SEED_META = (ROOT / "seeds" / "kazakhstan-balance-of-powers.yml").read_text(encoding="utf-8")


def article(text: str, meta: str, registry_text: str | None = None):
    problems = Problems()
    parsed = parse_article("kazakhstan-balance-of-powers", "seeds/kazakhstan-balance-of-powers.txt", text, "a.yml", meta, problems)
    assert not problems.errors, problems.errors
    if registry_text is not None:
        from dataclasses import replace

        parsed = replace(parsed, registry=parse_registry("a.anchors.yml", registry_text, problems))
        assert not problems.errors, problems.errors
    return assign(parsed)[0]


def published(built) -> dict[str, str]:
    """Every address of the built article and the text it names (a section's title, a paragraph's text)."""
    addresses = {}
    for section in built.sections:
        addresses[section.anchor] = addresses[section.permanent] = section.title
        for number, paragraph in enumerate(section.paragraphs, start=1):
            addresses[f"s{section.number}-p{number}"] = addresses[paragraph.permanent] = paragraph.text
    return addresses


def edit(text: str, meta: str) -> tuple[str, str]:
    """The edits of the issue: insert a paragraph, edit a sentence, retitle and reorder sections, delete a paragraph."""
    text = text.replace(
        "One of the strategic goals of Kazakhstan asserted",
        "Kazakhstan has about 17 million people.\nOne of the strategic goals of Kazakhstan asserted",
    )
    text = text.replace("will be hold prematurely", "will be held prematurely")
    meta = meta.replace('quote: "will be hold prematurely"', 'quote: "will be held prematurely"')
    text = text.replace(
        "However, the approach does not mean that Kazakhstan seeks to avoid Russia and totally incline\ntowards the West.\n", ""
    )
    meta = meta.replace("title: Ties with Iran", "title: Kazakhstan and Iran")
    # Move "Outlook after the vote" before "Ties with Iran" by moving its text too.
    last = text.index("Regarding\nthe persistence")
    iran = text.index("It\nis noteworthy")
    text = text[:iran] + text[last:].rstrip("\n") + "\n" + text[iran:last]
    meta = meta.replace(
        '  - title: Kazakhstan and Iran\n    starts: "It is noteworthy that, Nazarbayev"\n'
        '  - title: Outlook after the vote\n    starts: "Regarding the persistence of the ruling elites"\n',
        '  - title: Outlook after the vote\n    starts: "Regarding the persistence of the ruling elites"\n'
        '  - title: Kazakhstan and Iran\n    starts: "It is noteworthy that, Nazarbayev"\n',
    )
    return text, meta


def test_the_seed_gets_a_permanent_id_for_every_section_and_paragraph():
    built = article(SEED_TEXT, SEED_META)
    assert [s.permanent for s in built.sections] == [f"sec-{n}" for n in range(1, 6)]
    assert [p.permanent for _, _, p in built.paragraphs] == [f"para-{n}" for n in range(1, 13)]
    assert built.registry.next_paragraph == 13 and built.registry.next_section == 6


def test_the_committed_registry_is_current():
    registry = (ROOT / "seeds" / "kazakhstan-balance-of-powers.anchors.yml").read_text(encoding="utf-8")
    built = article(SEED_TEXT, SEED_META, registry)
    assert dump_registry(built) == registry


def test_ids_survive_edits_and_are_never_reused():
    before = article(SEED_TEXT, SEED_META)
    text, meta = edit(SEED_TEXT, SEED_META)
    after = article(text, meta, dump_registry(before))
    old_ids = {p.text: p.permanent for _, _, p in before.paragraphs}
    new = {p.permanent: p.text for _, _, p in after.paragraphs}
    # Unchanged and lightly edited paragraphs keep their ids.
    for paragraph_text, pid in old_ids.items():
        if pid in new:
            assert new[pid].split()[:4] == paragraph_text.split()[:4]
    assert new["para-1"].startswith("Alwaght- presidential election of Kazakhstan will be held prematurely")
    # The inserted paragraph is new, with an id never used before; the deleted one is recorded as removed.
    assert new["para-13"] == "Kazakhstan has about 17 million people."
    removed = [r for r in after.registry.paragraphs if r.removed]
    assert [r.id for r in removed] == ["para-5"]
    # Retitled and reordered sections keep their ids.
    titles = {s.permanent: s.title for s in after.sections}
    assert titles["sec-4"] == "Kazakhstan and Iran" and titles["sec-5"] == "Outlook after the vote"
    assert [s.permanent for s in after.sections] == ["sec-1", "sec-2", "sec-3", "sec-5", "sec-4"]


def resolve(address: str, addresses: dict) -> tuple[str, str | None]:
    """What the reader's browser does with an address (as cite.js does): the passage it lands on, and its notice."""
    current, permanent = addresses["current"], addresses["permanent"]
    record = permanent.get(address)
    if record and record.get("removed"):
        return current.get(record["section"], ""), "removed"
    if record:
        return address, None
    others = [i for i in addresses["history"].get(address, []) if i != current.get(address)]
    if not others:
        return current[address], None
    if address not in current:
        last = permanent[others[-1]]
        return (current[last["now"]], "moved") if "now" in last else (current.get(last["section"], ""), "removed")
    return current[address], "renamed"


def test_every_address_published_before_the_edit_still_resolves():
    before = article(SEED_TEXT, SEED_META)
    text, meta = edit(SEED_TEXT, SEED_META)
    after = article(text, meta, dump_registry(before))
    named_before = addresses_map(before)["current"]  # readable → permanent, as published
    addresses = addresses_map(after)
    texts_after = {**{s.permanent: s.title for s in after.sections}, **{p.permanent: p.text for _, _, p in after.paragraphs}}
    texts_before = {**{s.permanent: s.title for s in before.sections}, **{p.permanent: p.text for _, _, p in before.paragraphs}}
    outcomes: dict[str, int] = {}
    for address in [*named_before, *named_before.values()]:
        meant = named_before.get(address, address)  # the passage the address named when published
        landed, notice = resolve(address, addresses)
        if notice is None:
            assert landed == meant, address  # it lands on the very passage it named
            old, new = texts_before[meant], texts_after[landed]
            if meant.startswith("para-"):  # the same words, or lightly edited (a section may be retitled)
                assert old == new or old.split()[:3] == new.split()[:3], address
        outcomes[notice or "same passage"] = outcomes.get(notice or "same passage", 0) + 1
    # s2-p3 and para-5 (deleted) land on §2; s4-p2 and s4-p3 moved to §5; s4, s5, s4-p1, s5-p1 now name other passages.
    assert outcomes == {"same passage": 26, "renamed": 4, "moved": 2, "removed": 2}


def test_registry_round_trips_and_bad_registries_are_reported():
    built = article(SEED_TEXT, SEED_META)
    text = dump_registry(built)
    problems = Problems()
    assert parse_registry("r.yml", text, problems) == built.registry
    broken = text.replace("next_paragraph: 13", "next_paragraph: 5")
    problems = Problems()
    assert parse_registry("r.yml", broken, problems) is None
    assert str(problems.errors[0]).startswith("r.yml:")
    assert "is not below 'next_paragraph' (5): it could be given out again" in str(problems.errors[0])


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
