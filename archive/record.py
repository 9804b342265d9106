"""The notice record, defined once: every field's name, JSON type, meaning and origin.

Everything that lists the record's fields follows from :data:`FIELDS`:

- the export (``edunotice export`` jsonl lines and csv header, ``search --json``,
  ``show --json``): :data:`EXPORT_FIELDS` and :func:`archived_record`;
- the labelled lines of ``edunotice show`` and ``edunotice extract``: :data:`DISPLAY_FIELDS`;
- the metadata ``edunotice diff`` compares: :data:`METADATA_FIELDS`;
- the columns a version stores from an extracted record: :func:`version_values`;
- the public JSON Schema ``schemas/notice.schema.json``: :func:`notice_schema`, written
  by ``python -m archive.record`` (a test fails when the file and this module differ).

``crawler.extract.record.NoticeRecord`` holds the extracted part (a test checks that its
fields are :data:`EXTRACTED_FIELDS`); the ``Version`` model has a column for each field a
version stores (checked too). To add a field: add it here, to NoticeRecord, to the model
with a migration, then run ``python -m archive.record``.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "schemas" / "notice.schema.json"

# Damage and repair flags a record may carry (DESIGN.md, "notice record").
KNOWN_FLAGS: tuple[str, ...] = ("truncated", "spam_removed", "script_converted", "pinyin_artifacts",
                                "page_markers", "redacted", "spun", "widgets_removed", "low_confidence")

_ATTACHMENT_SCHEMA = {
    "type": "object",
    "required": ["title", "url"],
    "properties": {
        "title": {"type": "string"},
        "url": {"type": "string"},
        "media_type": {"type": ["string", "null"]},
        "sha256": {"type": ["string", "null"]},
        "size": {"type": ["integer", "null"]},
    },
}


@dataclass(frozen=True)
class Field:
    """One field of the notice record.

    ``origin`` says where an archived record reads it: ``version.<column>``,
    ``document.<column>``. ``extracted`` fields are produced by extraction (and are
    required in every record); the others exist only in archived records (null in
    ``extract`` output). ``default`` is what a version stores when extraction gave None.
    """

    name: str
    types: tuple[str, ...]
    description: str = ""
    origin: str = ""
    extracted: bool = False
    display: bool = False  # a labelled line in `show` and `extract`
    metadata: bool = False  # compared between versions by `diff`
    default: Any = None
    schema: dict = field(default_factory=dict)  # further JSON Schema keywords

    def json_schema(self) -> dict:
        out: dict = {}
        if self.types:
            out["type"] = self.types[0] if len(self.types) == 1 else list(self.types)
        out.update(self.schema)
        if self.description:
            out["description"] = self.description
        return out


_STR = ("string", "null")
_INT = ("integer", "null")

# In export order (the csv header); the long texts last.
FIELDS: tuple[Field, ...] = (
    Field("document_id", _INT, "Archive id of the document (edunotice show DOC_ID).", "document.id"),
    Field("version", _INT, "Version number of the document, from 1.", "version.version",
          schema={"minimum": 1}),
    Field("url", ("string",), "Canonical URL of the notice page (archived records) or the URL given "
          "to extract.", "document.url", extracted=True),
    Field("portal", _STR, "Portal id (crawler/portals/<id>.yaml).", "document.portal_id", extracted=True),
    Field("title", _STR, "", "version.title", extracted=True, display=True, metadata=True),
    Field("published", _STR, "The notice's own publish date (ISO), with time when the page gives one.",
          "version.published", extracted=True, display=True, metadata=True,
          schema={"pattern": r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?)?$"}),
    Field("mirror_posted", _STR, "A mirror's own posting date, kept apart from published.",
          "version.mirror_posted", extracted=True, display=True, metadata=True),
    Field("source", _STR, "来源", "version.source", extracted=True, display=True, metadata=True),
    Field("issuer", _STR, "发布机构 / 发文单位", "version.issuer", extracted=True, display=True,
          metadata=True),
    Field("doc_number", _STR, "文号, brackets normalised to 〔〕, e.g. 清教〔2022〕12号",
          "version.doc_number", extracted=True, display=True, metadata=True),
    Field("index_number", _STR, "索引号", "version.index_number", extracted=True, display=True,
          metadata=True),
    Field("script", (), "zh-Hans or zh-Hant: the script of text.", "version.script", extracted=True,
          display=True, default="zh-Hans", schema={"enum": ["zh-Hans", "zh-Hant"]}),
    Field("flags", ("array",), "Damage found and repaired.", "version.flags", extracted=True,
          display=True, default=[], schema={"items": {"enum": list(KNOWN_FLAGS)}, "uniqueItems": True}),
    Field("attachments", ("array",), "Files the notice links: title, url, and once downloaded "
          "sha256, media type and size.", "version.attachments", extracted=True, default=[],
          schema={"items": _ATTACHMENT_SCHEMA}),
    Field("fetched_at", _STR, "When this version was fetched (UTC, ISO 8601).", "version.fetched_at"),
    Field("content_sha256", _STR, "Hash of title, published, text_normalized and attachments: what "
          "decides a new version.", "version.content_sha256", schema={"pattern": "^[0-9a-f]{64}$"}),
    Field("warc_file", _STR, "WARC file holding the page as served, relative to the data directory.",
          "version.warc_file"),
    Field("warc_offset", _INT, "Offset of its record in warc_file.", "version.warc_offset"),
    Field("cluster_id", _INT, "Copy cluster (archived records): documents that are copies of one notice "
          "on any portal share it; edunotice dupes DOC_ID lists them and the best copy.",
          "document.cluster_id"),
    Field("withdrawn_at", _STR, "When the portal withdrew the notice (UTC), else null.",
          "document.withdrawn_at"),
    Field("off_host", ("boolean", "null"), "Archived records: true when the notice is on another host than "
          "the portal's (a WeChat article, a sibling site) and was taken because a dated row of the portal's "
          "own list links it (portal option off_host_notices); null in extract output.", "document.off_host"),
    Field("text", ("string",), "Body, paragraphs separated by \\n, original script.", "version.text",
          extracted=True, default=""),
    Field("text_normalized", ("string",), "Simplified script, NFKC, artifacts removed: what hashing, "
          "dedup and search use.", "version.text_normalized", extracted=True, default=""),
    Field("confidence", ("number", "null"), "Extraction confidence 0-1 from evidence (crawler.extract."
          "confidence); below 0.6 the record has the low_confidence flag. Extract output only: an archived "
          "record keeps the flag, and its run a low_confidence problem naming the evidence.", "",
          extracted=True, schema={"minimum": 0, "maximum": 1}),
    Field("confidence_reasons", ("array", "null"), "What lowered the confidence (extract output only).", "",
          extracted=True, schema={"items": {"type": "string"}}),
    Field("extractor", _STR, "Archived records: the extractor version that derived the record fields (package "
          "version + a hash of the extraction rules and tables). edunotice reextract re-derives stored versions "
          "with today's extractor; readers get the latest derivation.", "version.extractor"),
)

BY_NAME = {f.name: f for f in FIELDS}
EXPORT_FIELDS: tuple[str, ...] = tuple(f.name for f in FIELDS)
EXTRACTED_FIELDS: tuple[str, ...] = tuple(f.name for f in FIELDS if f.extracted)
DISPLAY_FIELDS: tuple[str, ...] = tuple(f.name for f in FIELDS if f.display)
METADATA_FIELDS: tuple[str, ...] = tuple(f.name for f in FIELDS if f.metadata)
# Columns of ``versions`` filled from an extracted record.
VERSION_COLUMNS: tuple[str, ...] = tuple(
    f.origin.removeprefix("version.") for f in FIELDS if f.extracted and f.origin.startswith("version."))
# The record fields a later derivation (edunotice reextract) re-derives: a Derivation row has them.
DERIVED_FIELDS: tuple[str, ...] = (*VERSION_COLUMNS, "extractor")


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds") + "Z"  # stored as naive UTC
    if isinstance(value, list):
        return list(value)
    return value


def archived_record(document: Any, version: Any, fields: tuple[str, ...] | None = None) -> dict:
    """The public notice record of one archived version (a ``Document`` and its ``Version``, or a
    ``Derivation`` of it, which has the version's record columns); ``fields`` limits it."""
    rows = {"document": document, "version": version}
    out = {}
    for f in FIELDS:
        if fields is not None and f.name not in fields:
            continue
        if not f.origin:  # extract output only, not stored
            out[f.name] = None
            continue
        owner, _, column = f.origin.partition(".")
        out[f.name] = _json_value(getattr(rows[owner], column))
    return out


def version_values(record: dict) -> dict:
    """The ``versions`` columns an extracted record fills, defaults applied."""
    out = {}
    for name in VERSION_COLUMNS:
        value = record.get(name)
        if value is None or (value == "" and BY_NAME[name].default is not None):
            value = BY_NAME[name].default
        out[name] = [dict(v) if isinstance(v, dict) else v for v in value] if isinstance(value, list) else value
    return out


def csv_row(record: dict) -> dict:
    """A record as one csv row: lists (flags, attachments) and booleans (off_host) as JSON text."""
    return {k: json.dumps(v, ensure_ascii=False) if isinstance(v, list | bool) else v for k, v in record.items()}


def notice_schema() -> dict:
    """The JSON Schema of the notice record (``schemas/notice.schema.json``)."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://edunotice.example.org/schemas/notice.schema.json",
        "title": "edunotice notice record",
        "description": "One notice as extracted (edunotice extract --json) or archived (edunotice "
                       "export, search --json, show --json). Archive-only fields are absent or null in "
                       "extract output. Generated from archive/record.py: edit that, then run "
                       "python -m archive.record.",
        "type": "object",
        "required": [f.name for f in FIELDS if f.extracted],
        "properties": {f.name: f.json_schema() for f in FIELDS},
    }


def schema_text() -> str:
    """The schema file's text: one line per top-level key and per property, for readable diffs."""
    def dump(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False)

    schema = notice_schema()
    lines = [f"  {dump(k)}: {dump(v)}," for k, v in schema.items() if k != "properties"]
    props = [f"    {dump(k)}: {dump(v)}" for k, v in schema["properties"].items()]
    return "{\n" + "\n".join(lines) + '\n  "properties": {\n' + ",\n".join(props) + "\n  }\n}\n"


def main() -> None:
    """``python -m archive.record``: rewrite schemas/notice.schema.json from FIELDS."""
    SCHEMA_PATH.write_text(schema_text(), encoding="utf-8")
    sys.stdout.write(f"wrote {SCHEMA_PATH}\n")


if __name__ == "__main__":
    main()
