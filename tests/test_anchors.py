"""Permanent addresses: ids survive edits, are never reused, and every old address still resolves."""
from __future__ import annotations

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
