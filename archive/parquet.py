"""Parquet export (pyarrow): the notice record's fields with the types of schemas/notice.schema.json.

Lists stay lists: ``flags`` is ``list<string>``, ``attachments`` is ``list<struct<title, url,
media_type, sha256, size>>``. Columns follow ``archive.record.EXPORT_FIELDS``; a field the
type table below does not know is written as a string column, so a field added to the
record is never dropped silently.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from archive.record import EXPORT_FIELDS as RECORD_FIELDS

ATTACHMENT_TYPE = pa.struct([("title", pa.string()), ("url", pa.string()), ("media_type", pa.string()),
                             ("sha256", pa.string()), ("size", pa.int64())])
FIELD_TYPES: dict[str, pa.DataType] = {
    "document_id": pa.int64(), "version": pa.int64(), "warc_offset": pa.int64(), "cluster_id": pa.int64(),
    "flags": pa.list_(pa.string()), "attachments": pa.list_(ATTACHMENT_TYPE),
    "confidence": pa.float64(), "confidence_reasons": pa.list_(pa.string()), "off_host": pa.bool_(),
}
BATCH_ROWS = 2000


def schema(fields: Iterable[str] = RECORD_FIELDS) -> pa.Schema:
    return pa.schema([(name, FIELD_TYPES.get(name, pa.string())) for name in fields])


def _column(name: str, values: list) -> list:
    if name == "attachments":
        keys = ATTACHMENT_TYPE.names
        return [[{k: a.get(k) for k in keys} for a in v or []] for v in values]
    if name not in FIELD_TYPES:
        return [None if v is None else str(v) for v in values]
    return values


def write_parquet(records: Iterable[dict], path: str | Path) -> int:
    """Write records to a Parquet file in row groups; return how many were written."""
    target = schema()
    count = 0
    with pq.ParquetWriter(str(path), target, compression="zstd") as writer:
        batch: list[dict] = []

        def flush() -> None:
            columns = [pa.array(_column(f.name, [r.get(f.name) for r in batch]), type=f.type) for f in target]
            writer.write_table(pa.Table.from_arrays(columns, schema=target))
            batch.clear()

        for record in records:
            batch.append(record)
            count += 1
            if len(batch) >= BATCH_ROWS:
                flush()
        if batch or count == 0:
            flush()
    return count
