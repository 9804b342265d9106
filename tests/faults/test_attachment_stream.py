"""Attachments stream to disk: a 48 MB attachment is archived byte-exact while the crawling
process's peak memory grows by far less than its size (crawler/streaming.py).

Two crawls of the same one-notice portal, each in a process of its own (forked from the
warm forkserver, tests/faults/nightly.py: both start from the same resident set): one whose
attachment is 64 KB, one whose attachment is 48 MB. A body buffered in memory (Scrapy's
default) costs the second crawl at least the attachment's size (47 MB more with Scrapy's own
download handler, measured this way); a streamed one costs a few blocks.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import yaml
from sqlalchemy import select
from warcio.archiveiterator import ArchiveIterator

from archive.models import AttachmentFile, FetchError
from archive.store import Archive
from crawler.localportals.faults_stream import (
    attachment_sha256,
    portal_definition,
    serve_big_attachment,
)
from tests.faults.nightly import crawl_night

BIG = 48 * 1024 * 1024
SMALL = 64 * 1024
LIMITS = {"EDUNOTICE_ATTACHMENT_MAX_BYTES": 100 * 1024 * 1024, "DOWNLOAD_TIMEOUT": 60}


def _crawl(tmp_path: Path, size: int, file_path: str = "/files/big.bin",
           overrides: dict | None = None) -> tuple[str, Path, int]:
    """Crawl the portal serving a ``size``-byte attachment: (db URL, data dir, peak RSS kB)."""
    work = tmp_path / f"{size}-{Path(file_path).name}"
    work.mkdir()
    db_url, data_dir = f"sqlite:///{work / 'archive.sqlite'}", work / "data"
    memory: dict = {}
    with serve_big_attachment(size, file_path) as server:
        definition = work / "big_attachment.yaml"
        definition.write_text(yaml.safe_dump(portal_definition(server), allow_unicode=True), encoding="utf-8")
        [summary] = crawl_night([definition], db_url, data_dir, {**LIMITS, **(overrides or {})}, memory=memory)
    assert summary["new_documents"] == 1, summary
    return db_url, data_dir, memory["peak_rss_kb"]


def _warc_payload_sha256(data_dir: Path, row: AttachmentFile) -> str:
    """sha256 of the attachment's payload as stored in the WARC record, read in blocks."""
    digest = hashlib.sha256()
    with (data_dir / row.warc_file).open("rb") as fh:
        fh.seek(row.warc_offset)
        record = next(iter(ArchiveIterator(fh)))
        stream = record.content_stream()
        while block := stream.read(1024 * 1024):
            digest.update(block)
    return digest.hexdigest()


def _attachment(db_url: str) -> AttachmentFile:
    with Archive(db_url) as archive, archive.sessions() as s:
        errors = s.scalars(select(FetchError)).all()
        assert not errors, [(e.kind, e.message) for e in errors]
        rows = s.scalars(select(AttachmentFile)).all()
        assert len(rows) == 1, rows
        s.expunge(rows[0])
        return rows[0]


def test_large_attachment_is_archived_exactly_without_holding_it_in_memory(tmp_path):
    _, _, small_peak = _crawl(tmp_path, SMALL)
    db_url, data_dir, big_peak = _crawl(tmp_path, BIG)
    row = _attachment(db_url)
    expected = attachment_sha256(BIG)
    assert (row.sha256, row.size) == (expected, BIG)
    assert _warc_payload_sha256(data_dir, row) == expected
    assert not any((data_dir / "tmp").iterdir()), "the temporary file was not deleted"
    grew_mb = (big_peak - small_peak) / 1024
    print(f"peak RSS: {small_peak / 1024:.1f} MB with a 64 KB attachment, {big_peak / 1024:.1f} MB with 48 MB")
    # Buffered, the body alone would add >= 48 MB (twice that with the copy Scrapy makes).
    assert grew_mb < BIG / 1024 / 1024 / 4, f"peak RSS grew by {grew_mb:.1f} MB for a 48 MB attachment"


@pytest.mark.parametrize("file_path", ["/files/big-nocl.bin", "/files/big.bin.gz"])
def test_attachment_without_length_or_gzipped_is_archived_exactly(tmp_path, file_path):
    """No Content-Length (the body ends with the connection), or Content-Encoding gzip
    decoded on disk: the archived attachment is the file's bytes all the same."""
    size = 6 * 1024 * 1024
    db_url, data_dir, _ = _crawl(tmp_path, size, file_path)
    row = _attachment(db_url)
    assert (row.sha256, row.size) == (attachment_sha256(size), size)


def test_attachment_over_the_limit_is_a_too_large_problem_without_content_length(tmp_path):
    """Without a Content-Length the limit is only seen while streaming: stopped, recorded."""
    work = tmp_path / "over"
    work.mkdir()
    db_url = f"sqlite:///{work / 'archive.sqlite'}"
    with serve_big_attachment(8 * 1024 * 1024, "/files/big-nocl.bin") as server:
        definition = work / "big_attachment.yaml"
        definition.write_text(yaml.safe_dump(portal_definition(server), allow_unicode=True), encoding="utf-8")
        crawl_night([definition], db_url, work / "data", {**LIMITS, "EDUNOTICE_ATTACHMENT_MAX_BYTES": 2 * 1024 * 1024})
    with Archive(db_url) as archive, archive.sessions() as s:
        errors = s.scalars(select(FetchError)).all()
        assert [(e.kind, e.url.endswith("/files/big-nocl.bin")) for e in errors] == [("too_large", True)]
        assert "2,097,152" in errors[0].message
        assert s.scalars(select(AttachmentFile)).all() == []
    assert not any((work / "data" / "tmp").iterdir())
