"""Check exported notice records against schemas/notice.schema.json (used by several tests)."""

from __future__ import annotations

import csv
import io
import json

import jsonschema

from archive.record import BY_NAME, EXPORT_FIELDS, SCHEMA_PATH
from tests import warmcli


def validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def problems(record: dict) -> list[str]:
    """Every way ``record`` breaks the schema, as readable lines (empty when valid)."""
    return [f"{'/'.join(map(str, e.absolute_path)) or '(record)'}: {e.message}"
            for e in validator().iter_errors(record)]


def from_csv_row(row: dict) -> dict:
    """A csv row back to a record: empty cells are null, lists and booleans were JSON, integers are text."""
    out: dict = {}
    for name, cell in row.items():
        types = BY_NAME[name].types
        if cell == "" and "null" in types:
            out[name] = None
        elif "array" in types or "boolean" in types:
            out[name] = json.loads(cell)
        elif "integer" in types:
            out[name] = int(cell)
        else:
            out[name] = cell
    return out


def export(db_url: str, fmt: str, env: dict | None = None) -> str:
    result = warmcli.run(["export", "--format", fmt, "--db", db_url], env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout


def check_exports(db_url: str, env: dict | None = None) -> int:
    """Export the archive as jsonl and csv; assert every record and the csv header follow the
    schema; return the number of records."""
    lines = export(db_url, "jsonl", env).splitlines()
    for line in lines:
        record = json.loads(line)
        assert tuple(record) == EXPORT_FIELDS
        assert problems(record) == [], (record["url"], problems(record))
    rows = list(csv.DictReader(io.StringIO(export(db_url, "csv", env))))
    header = export(db_url, "csv", env).splitlines()[0].split(",")
    schema_fields = tuple(json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))["properties"])
    assert tuple(header) == EXPORT_FIELDS == schema_fields
    for row in rows:
        record = from_csv_row(row)
        assert problems(record) == [], (record["url"], problems(record))
    assert len(rows) == len(lines)
    return len(lines)
