"""Items the spider yields and the pipelines consume."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class FetchedNotice:
    """A notice page as downloaded; ExtractPipeline fills ``record``."""

    portal_id: str
    url: str
    status: int
    body: bytes
    fetched_at: datetime
    declared_encoding: str | None = None  # charset from the HTTP Content-Type header
    hints: dict = field(default_factory=dict)  # title/published seen on the list page
    fetch_url: str | None = None  # where redirects ended, when not at ``url`` (the document's URL)
    record: dict | None = None
    warc_file: str | None = None  # where the raw response was captured (archive.warc)
    warc_offset: int | None = None
    etag: str | None = None  # validators for the next conditional request
    last_modified: str | None = None
    attachment_captures: dict = field(default_factory=dict)  # sha256 -> archive.warc.Capture
    payload_digest: str | None = None  # WARC-Payload-Digest of the body as served
    transfer_cut: bool = False  # the downloader lost data (connection closed before Content-Length)
    extractor: str | None = None  # the extractor version that derived ``record``
    extract_input: dict | None = None  # what extraction was given besides the bytes
    page_text: str | None = None  # the page as decoded (archive.quarantine reads its title)
    suspect: str | None = None  # not the notice: maintenance|garbage|truncated|empty (archive.quarantine)
    problems: list[tuple[str, str, str]] = field(default_factory=list)  # (url, kind, message)
    off_host: bool = False  # off the portal's hosts: a row of its own list links it (discovery)
    # the notice's further pages (x_2.html…), in order: {"url", "body", "warc_file", "warc_offset"}
    more_pages: list[dict] = field(default_factory=list)


@dataclass
class FailedFetch:
    """A request that could not be archived: recorded as an error row, never dropped silently."""

    portal_id: str
    url: str
    kind: str  # connection | timeout | dns | http_status | extraction | ...
    message: str


@dataclass
class GoneNotice:
    """A notice page answering 404/410: its document is withdrawn (versions stay)."""

    portal_id: str
    url: str
    status: int
    capture: object | None = None  # archive.warc.Capture of the answer, when one was written


@dataclass
class NotModified:
    """A conditional re-check answered 304: an observation, not a download."""

    portal_id: str
    url: str
    capture: object | None = None  # archive.warc.Capture of the 304 answer
