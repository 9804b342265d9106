"""WARC capture of raw HTTP exchanges, and reading a capture back (``edunotice raw``).

Writes gzip WARC 1.1 files with ``warcinfo``, ``response`` and ``request`` records; a
response whose payload is byte-identical to one already archived (any URL, any run)
becomes a ``revisit`` record (identical-payload-digest profile) instead of a second copy.
The digest index lives in the archive database (``payloads`` table), so revisits work
across runs. Files roll over at ``max_bytes``. Paths stored in the database are relative
to the data directory.
"""

from __future__ import annotations

import base64
import hashlib
import io
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from http import HTTPStatus
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import GzippingWrapper, WARCWriter

# Headers that describe the transfer, not the payload: the body we hold is already de-chunked.
HOP_BY_HOP = frozenset({"transfer-encoding", "connection", "keep-alive"})
DEFAULT_MAX_BYTES = 1024 * 1024 * 1024
# zlib level of each record's gzip member. warcio's own is 9; 6 took half its CPU (0.52 against
# 0.98 ms a page over the 700 real pages of tests/realweb) for files 0.5% larger, and the
# compression runs on the crawl thread.
GZIP_LEVEL = 6


class _Gzipped(GzippingWrapper):
    def __init__(self, out, level: int = GZIP_LEVEL):
        self.compressor = zlib.compressobj(level, zlib.DEFLATED, zlib.MAX_WBITS + 16)
        self.out = out


class _Writer(WARCWriter):
    """warcio's writer with each record a gzip member of its own at GZIP_LEVEL, as warcio
    writes them (readers see the same per-record gzip WARC)."""

    def __init__(self, handle):
        super().__init__(handle, gzip=False, warc_version="1.1")

    def _write_warc_record(self, out, record):
        super()._write_warc_record(_Gzipped(out), record)


def payload_digest(body: bytes) -> str:
    """WARC-Payload-Digest form: ``sha1:`` + base32 (what WARC tools expect)."""
    return "sha1:" + base64.b32encode(hashlib.sha1(body).digest()).decode("ascii")


def file_payload_digest(path: Path) -> str:
    """:func:`payload_digest` of a file's bytes, read in blocks (an attachment on disk)."""
    with Path(path).open("rb") as fh:
        return "sha1:" + base64.b32encode(hashlib.file_digest(fh, "sha1").digest()).decode("ascii")


def warc_date(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class Capture:
    """Where one response went: file (relative to the data dir), offset, record type."""

    warc_file: str
    offset: int
    record_type: str  # response | revisit
    digest: str


class WarcCapture:
    """Writes the captures of one crawl of one portal (one file series per run)."""

    def __init__(self, data_dir: Path, portal_id: str, payload_index, *,
                 max_bytes: int = DEFAULT_MAX_BYTES, software: str = "edunotice",
                 started: datetime | None = None):
        self.data_dir = Path(data_dir)
        self.portal_id = portal_id
        self.index = payload_index  # archive.store.Archive: find_payload / add_payload
        self.max_bytes = max_bytes
        self.software = software
        started = started or datetime.now(UTC)
        self.stem = f"{portal_id}-{started:%Y%m%dT%H%M%S%f}"
        self.serial = -1
        self.handle = None
        self.writer: WARCWriter | None = None
        self.relpath = ""

    def _open_next(self) -> None:
        self.close()
        self.serial += 1
        self.relpath = f"warc/{self.portal_id}/{self.stem}-{self.serial:05d}.warc.gz"
        path = self.data_dir / self.relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        self.handle = path.open("xb")
        self.writer = _Writer(self.handle)
        info = self.writer.create_warcinfo_record(
            Path(self.relpath).name,
            {"software": self.software, "format": "WARC File Format 1.1",
             "isPartOf": self.portal_id, "description": f"edunotice crawl of {self.portal_id}"},
        )
        self.writer.write_record(info)

    def capture(self, *, url: str, method: str, request_headers: list[tuple[str, str]],
                status: int, response_headers: list[tuple[str, str]], body: bytes = b"",
                body_file: Path | None = None, protocol: str = "HTTP/1.1",
                fetched_at: datetime | None = None) -> Capture:
        """Write one exchange; returns where its response (or revisit) record starts.

        The body is ``body``, or the file ``body_file`` (a streamed attachment), which is
        copied into the record in blocks, never held in memory whole."""
        if self.writer is None or self.handle.tell() >= self.max_bytes:
            self._open_next()
        fetched_at = fetched_at or datetime.now(UTC)
        date = warc_date(fetched_at)
        length = Path(body_file).stat().st_size if body_file is not None else len(body)
        digest = file_payload_digest(body_file) if body_file is not None else payload_digest(body)
        reason = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else ""
        headers = [(k, v) for k, v in response_headers if k.lower() not in HOP_BY_HOP]
        http_headers = StatusAndHeaders(f"{status} {reason}".strip(), headers, protocol=protocol)
        earlier = self.index.find_payload(digest) if length else None
        offset = self.handle.tell()
        if earlier is not None:
            record = self.writer.create_revisit_record(
                url, digest, earlier.target_uri, earlier.warc_date, http_headers=http_headers,
                warc_headers_dict={"WARC-Date": date, "WARC-Refers-To": earlier.record_id},
            )
            kind = "revisit"
        else:
            payload = Path(body_file).open("rb") if body_file is not None else io.BytesIO(body)
            record = self.writer.create_warc_record(
                url, "response", payload=payload, length=length, http_headers=http_headers,
                warc_headers_dict={"WARC-Date": date, "WARC-Payload-Digest": digest},
            )
            kind = "response"
        try:
            self.writer.write_record(record)
        finally:
            if kind == "response":
                record.raw_stream.close()
        record_id = record.rec_headers.get_header("WARC-Record-ID")
        path = url.split("://", 1)[-1].split("/", 1)[1] if "/" in url.split("://", 1)[-1] else ""
        request = self.writer.create_warc_record(
            url, "request",
            http_headers=StatusAndHeaders(f"{method} /{path}", request_headers, protocol=protocol,
                                          is_http_request=True),
            warc_headers_dict={"WARC-Date": date, "WARC-Concurrent-To": record_id},
        )
        self.writer.write_record(request)
        self.handle.flush()
        if kind == "response":
            self.index.add_payload(digest=digest, warc_file=self.relpath, warc_offset=offset,
                                   target_uri=url, warc_date=date, record_id=record_id,
                                   length=length)
        return Capture(self.relpath, offset, kind, digest)

    def close(self) -> None:
        if self.handle is not None:
            self.handle.close()
            self.handle = None
            self.writer = None


def read_payload(data_dir: Path, warc_file: str, offset: int, payload_index=None) -> bytes:
    """The HTTP payload (body bytes as served) of the record at ``offset``.

    A revisit record is followed to the response it refers to, via the payload index.
    """
    path = Path(data_dir) / warc_file
    with path.open("rb") as fh:
        fh.seek(offset)
        record = next(iter(ArchiveIterator(fh)))
        if record.rec_type == "response":
            return record.content_stream().read()
        if record.rec_type == "revisit" and payload_index is not None:
            digest = record.rec_headers.get_header("WARC-Payload-Digest")
            original = payload_index.find_payload(digest)
            if original is not None:
                return read_payload(data_dir, original.warc_file, original.warc_offset)
        raise ValueError(f"{path} at offset {offset} holds a {record.rec_type} record "
                         "whose original capture is unknown to this archive")
