"""An article's registry of permanent addresses (<slug>.anchors.yml): read, checked and written."""
from __future__ import annotations

from pathlib import Path

import yaml

from .errors import Problems, quoted
from .model import AddressRecord, Article, Registry
from .schema import INVALID, REGISTRY, Context, Fields, validate
from .yamlpos import load_yaml

REGISTRY_SUFFIX = ".anchors.yml"
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_COUNTERS = {"sections": "next_section", "paragraphs": "next_paragraph"}  # the key giving the next id of each kind


def parse_registry(path: str, text: str, problems: Problems) -> Registry | None:
    """An article's registry (written by the build; checked in case of hand edits); None once a mistake is reported."""
    root = load_yaml(path, text, problems)
    if root is None:
        return None
    before = len(problems.errors)
    context = Context(path, problems)
    fields = validate(root, REGISTRY, context)
    if fields is INVALID or any(not fields.given(key) for key in REGISTRY.fields):
        return None
    for kind, counter in _COUNTERS.items():
        if fields[kind] is not INVALID:
            _check_ids(fields[kind], counter, fields[counter], context)
    sections = fields["sections"]
    if sections is not INVALID and len(sections) == len(fields.where("sections").value):  # else a section's trouble is told already
        paragraphs = [] if fields["paragraphs"] is INVALID else fields["paragraphs"]
        _check_paragraph_sections(paragraphs, {record["id"] for record in sections}, context)
    if len(problems.errors) > before:
        return None
    return Registry(
        sections=tuple(_record(record) for record in sections),
        paragraphs=tuple(_record(record) for record in fields["paragraphs"]),
        next_section=fields["next_section"],
        next_paragraph=fields["next_paragraph"],
    )


def _record(fields: Fields) -> AddressRecord:
    text = fields["title"] if "title" in fields.values else fields["text"]
    return AddressRecord(fields["id"], tuple(fields["anchors"]), text, fields.values.get("section", ""), fields["removed"])


def _check_ids(records: list[Fields], counter_key: str, counter: int, context: Context) -> None:
    """Each id names one passage, and is below its counter (else the build could give it out again)."""
    seen: dict[str, int] = {}
    for record in records:
        record_id = record["id"]
        if record_id in seen:
            context.error(record.node, f"id '{record_id}' appears twice (first at line {seen[record_id]}); an id names one passage only")
        seen.setdefault(record_id, record.node.line)
        if counter is not INVALID and int(record_id.split("-")[1]) >= counter:
            context.error(record.node, f"id '{record_id}' is not below '{counter_key}' ({counter}): it could be given out again")


def _check_paragraph_sections(paragraphs: list[Fields], sections: set[str], context: Context) -> None:
    """Every paragraph record is in a section the registry records (removed or not)."""
    for record in paragraphs:
        if record["section"] not in sections:
            context.error(
                record.where("section"),
                f"paragraph '{record['id']}' is in section {quoted(record['section'])}, which this registry does not record",
            )


def dump_registry(article: Article) -> str:
    """The registry as YAML, with a header telling editors what it is."""
    registry = article.registry
    data = {
        "next_section": registry.next_section,
        "next_paragraph": registry.next_paragraph,
        "sections": [_record_data(r, "title") for r in registry.sections],
        "paragraphs": [_record_data(r, "text") for r in registry.paragraphs],
    }
    header = (
        f"# Permanent addresses of {Path(article.path).name}, kept up to date by the build.\n"
        "# Commit this file with the article: published links depend on it. Never edit or reuse an id.\n"
    )
    return header + yaml.dump(data, Dumper=_DUMPER, sort_keys=False, allow_unicode=True, width=100, default_flow_style=None)


def _record_data(record: AddressRecord, text_key: str) -> dict:
    data: dict = {"id": record.id}
    if record.section:
        data["section"] = record.section
    data["anchors"] = list(record.anchors)
    if record.removed:
        data["removed"] = True
    data[text_key] = record.text
    return data
