"""WarcCaptureMiddleware: write every downloaded response to the run's WARC files.

Sits at priority 950, outside every built-in downloader middleware, so it sees each
response as it came off the wire (before decompression, for every redirect hop and retry)
and each request with all its headers. Leaves ``request.meta["edunotice_warc"]`` =
``archive.warc.Capture`` for the pipelines. A body the download handler streamed to disk
(``crawler.streaming.BODY_FILE``: attachments) is copied from its file into the record in
blocks. Reads settings:

EDUNOTICE_WARC_ENABLED    default True
EDUNOTICE_WARC_MAX_BYTES  roll over to a new file past this size (default 1 GiB)
EDUNOTICE_DATA_DIR        where ``warc/<portal>/`` goes (default archive.db.data_dir())
EDUNOTICE_DB              the archive holding the payload-digest index

The digest index is written on the archive writer thread (crawler/writer.py), never on the
reactor: a commit there would wait for the writer's transaction (SQLite has one writer) and
stall every download. Digests added in this crawl are answered from memory until their row
is committed, so a payload repeated at once still becomes a revisit record.
"""

from __future__ import annotations

from collections import deque
from types import SimpleNamespace

from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.utils.defer import maybe_deferred_to_future

from archive import db
from archive.store import Archive
from archive.warc import DEFAULT_MAX_BYTES, WarcCapture
from crawler.streaming import BODY_FILE, BODY_STREAMED
from crawler.writer import stop_for_archive_error, writer_for


def _pairs(headers) -> list[tuple[str, str]]:
    return [(k.decode("latin-1"), v.decode("latin-1")) for k, values in headers.items() for v in values]


class WarcCaptureMiddleware:
    def __init__(self, crawler):
        settings = crawler.settings
        if not settings.getbool("EDUNOTICE_WARC_ENABLED", True):
            raise NotConfigured("EDUNOTICE_WARC_ENABLED is off")
        self.crawler = crawler
        self.max_bytes = settings.getint("EDUNOTICE_WARC_MAX_BYTES", DEFAULT_MAX_BYTES)
        self.data_dir = settings.get("EDUNOTICE_DATA_DIR") or db.data_dir()
        self.db_url = settings.get("EDUNOTICE_DB")
        self.capture: WarcCapture | None = None
        self.archive: Archive | None = None

    @classmethod
    def from_crawler(cls, crawler):
        mw = cls(crawler)
        crawler.signals.connect(mw.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(mw.spider_closed, signal=signals.spider_closed)
        return mw

    def spider_opened(self, spider):
        self.archive = Archive(self.db_url)
        self.write = writer_for(self.crawler.settings)
        self.index = QueuedPayloadIndex(self.archive, self.write, lambda exc: stop_for_archive_error(
            self.crawler, spider.name, "the WARC payload index", exc))
        self.capture = WarcCapture(self.data_dir, spider.name, self.index, max_bytes=self.max_bytes,
                                   software=self.crawler.settings.get("USER_AGENT", "edunotice"))

    async def spider_closed(self, spider):
        if self.capture:
            self.capture.close()
        if self.archive:  # after the index rows queued before, and the last of them
            await maybe_deferred_to_future(self.write(self.index.drain))
            await maybe_deferred_to_future(self.write(self.archive.close))

    def process_response(self, request, response, spider=None):
        if self.capture is None:
            return response
        capture = self.capture.capture(
            url=response.url, method=request.method, request_headers=_pairs(request.headers),
            status=response.status, response_headers=_pairs(response.headers), body=response.body,
            body_file=request.meta[BODY_FILE] if request.meta.get(BODY_STREAMED) else None,
            protocol=response.protocol or "HTTP/1.1",
        )
        request.meta["edunotice_warc"] = capture
        self.crawler.stats.inc_value(f"edunotice/warc/{capture.record_type}")
        return response


class QueuedPayloadIndex:
    """The WARC payload-digest index as the reactor uses it: reads from the archive (WAL
    readers never wait for the writer), additions queued to the writer thread and known
    here until they are committed.

    Additions are written in batches: one writer job takes every row queued until it runs,
    in one transaction (a row per page was a commit per page). A kill loses at most the
    rows not yet committed: those payloads are then stored again in full, never lost.
    """

    def __init__(self, archive: Archive, write, on_error):
        self.archive = archive
        self.write = write  # crawler.writer.writer_for
        self.on_error = on_error  # the archive refused a row: the crawl stops
        self.pending: dict[str, SimpleNamespace] = {}
        self.queued: deque[dict] = deque()  # appended on the reactor, drained on the writer
        self.scheduled = False  # a writer job will drain ``queued`` (reactor side only)

    def find_payload(self, digest: str):
        return self.pending.get(digest) or self.archive.find_payload(digest)

    def add_payload(self, **fields) -> None:
        self.pending[fields["digest"]] = SimpleNamespace(**fields)
        self.queued.append(fields)
        if not self.scheduled:
            self._schedule()

    def _schedule(self) -> None:
        self.scheduled = True
        self.write(self.drain).addCallbacks(self._drained, self._failed)

    def drain(self) -> list[str]:
        """On the writer: commit every queued row; their digests."""
        rows = []
        while self.queued:
            rows.append(self.queued.popleft())
        if rows:
            self.archive.add_payloads(rows)
        return [row["digest"] for row in rows]

    def _drained(self, digests: list[str]) -> None:
        self.scheduled = False
        for digest in digests:
            self.pending.pop(digest, None)
        if self.queued:  # added while the writer was draining
            self._schedule()

    def _failed(self, failure) -> None:
        self.on_error(failure.value)
