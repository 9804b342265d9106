"""StorePipeline: write notices, errors and the run's counts to the archive.

Reads the settings ``EDUNOTICE_DB`` (SQLAlchemy URL; default archive.db.default_db_url())
and ``EDUNOTICE_WITHDRAW_AFTER_RUNS`` (a document absent from every list page for this many
complete runs is withdrawn; default 3).
Opens one crawl run per spider; its id is left in the stats as ``edunotice/run_id`` so
the CLI can print the run's summary. A fetched notice goes into the archive in ONE call
(``Archive.store_fetch``): its version, observation, attachment files and problems commit
together or not at all, so a kill leaves no version without its attachments and no notice
counted done that is not fully stored. When the archive refuses a write (disk full,
database gone, a constraint), the run stops at once with finish reason ``archive_error``
and the next run resumes where it stopped. Also reads ``EDUNOTICE_DATA_DIR`` (the WARC
files a changed page's previous version is re-derived from) and ``EDUNOTICE_STORE_QUEUE``
(items of this portal waiting for the writer at most; default 64), ``EDUNOTICE_STORE_BATCH``
(items stored in one transaction at most, each in its own savepoint; default 32) and ``EDUNOTICE_COPY_LINKS``
(``after_crawl``, the default: versions are stored with their copy links pending and
``crawler.run`` links them when the crawl ends; ``inline``: in each store transaction).

The archive work runs on the process's writer thread (crawler/writer.py), never on the
reactor: ``process_item`` awaits it, so the crawl goes on while a notice is stored, and
Scrapy's back-pressure holds downloads when the writer falls behind. Items that arrive while
the writer is busy wait together and are written as one batch (``Archive.write_batch``): one
commit for up to ``EDUNOTICE_STORE_BATCH`` items, each item in its own savepoint, so one fetch
stays the unit of atomicity (a failing item rolls back alone; a kill before the commit leaves
none of the batch, and the next run fetches them again). The stats are counted back on the
reactor. The run is closed on the writer too, after everything queued before it.
"""

from __future__ import annotations

import logging
import threading

from scrapy import signals
from scrapy.exceptions import DropItem
from scrapy.utils.defer import maybe_deferred_to_future
from sqlalchemy.exc import SQLAlchemyError
from twisted.internet.defer import Deferred, DeferredSemaphore

from archive import db
from archive.store import Archive
from archive.versioning import AttachmentCapture, Fetch
from crawler.items import FailedFetch, FetchedNotice, GoneNotice, NotModified
from crawler.reextract import rederive_version
from crawler.writer import stop_for_archive_error, writer_for

log = logging.getLogger(__name__)
COPY_LINK_MODES = ("after_crawl", "inline")
# Sent (on the reactor) when another run took this portal's lease over (crawler.run): the
# items still waiting for the writer are not stored; the portal's owner now is that run.
lease_lost = object()


def copy_links_after_crawl(settings) -> bool:
    """``EDUNOTICE_COPY_LINKS``: True for ``after_crawl``; another value is refused by name."""
    mode = str(settings.get("EDUNOTICE_COPY_LINKS") or "after_crawl")
    if mode not in COPY_LINK_MODES:
        raise ValueError(f"EDUNOTICE_COPY_LINKS={mode!r}: use one of {', '.join(COPY_LINK_MODES)}")
    return mode == "after_crawl"


class StorePipeline:
    def __init__(self, crawler):
        self.crawler = crawler
        self.db_url = crawler.settings.get("EDUNOTICE_DB")
        self.withdraw_after = crawler.settings.getint("EDUNOTICE_WITHDRAW_AFTER_RUNS", 3)
        self.data_dir = crawler.settings.get("EDUNOTICE_DATA_DIR") or db.data_dir()
        self.archive: Archive | None = None
        self.run_id: int | None = None
        self.stopping: str | None = None  # why queued items are no longer stored (the run is being stopped)
        self.not_stored = 0  # items dropped for that reason
        self.write = writer_for(crawler.settings)  # crawler/writer.py
        self.queue = DeferredSemaphore(max(crawler.settings.getint("EDUNOTICE_STORE_QUEUE", 64), 1))
        self.batch_size = max(crawler.settings.getint("EDUNOTICE_STORE_BATCH", 32), 1)
        self.pending: list[tuple[object, Deferred]] = []  # items waiting for the writer, in arrival order
        self.draining = False  # a batch job is queued or running on the writer
        self.lock = threading.Lock()  # pending/draining: appended on the reactor, taken on the writer

    @classmethod
    def from_crawler(cls, crawler):
        pipeline = cls(crawler)
        # The run is closed on spider_closed, the first moment the finish reason is known.
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(pipeline.stop_storing, signal=lease_lost)
        return pipeline

    def stop_storing(self) -> None:
        """Another run owns the portal now: what is still queued is left to it (never half-stored)."""
        self.stopping = self.stopping or "another run took over this portal's lease"

    def open_spider(self, spider=None):
        spider = spider or self.crawler.spider
        self.portal = spider.portal
        self.archive = Archive(self.db_url, defer_copy_links=copy_links_after_crawl(self.crawler.settings))
        self.archive.register_portal(self.portal.as_dict())
        resume = getattr(spider, "resume", None)
        self.run_id = self.archive.start_run(self.portal.id, resume.run_ids[-1] if resume else None)
        self.crawler.stats.set_value("edunotice/run_id", self.run_id)

    async def process_item(self, item, spider=None):
        if self.stopping:
            self._drop()
        try:
            stat = await maybe_deferred_to_future(self.queue.run(self._enqueue, item))
        except SQLAlchemyError as exc:
            self._archive_error(item, exc)
        if stat:
            self.crawler.stats.inc_value(stat)
        return item

    def _archive_error(self, item, exc: SQLAlchemyError):
        """The archive refused a write: stop the run (finish reason ``archive_error``)."""
        if not self.stopping:
            self.stopping = "the archive refused a write"
            stop_for_archive_error(self.crawler, self.portal.id, getattr(item, "url", "?"), exc)
        raise DropItem(f"not archived: {type(exc).__name__}") from None

    def _drop(self):
        raise self._not_stored()

    def _not_stored(self) -> DropItem:
        """Count an item left unstored because the run is stopping; the DropItem that says so."""
        self.not_stored += 1
        return DropItem(f"not stored: the run is stopping ({self.stopping}); the next run fetches it")

    def _enqueue(self, item) -> Deferred:
        """On the reactor: queue the item for the writer; fires with its stats key (or fails)."""
        done: Deferred = Deferred()
        with self.lock:
            self.pending.append((item, done))
            start, self.draining = not self.draining, True
        if start:
            self._schedule()
        return done

    def _schedule(self) -> None:
        self.write(self._drain).addCallback(self._deliver)

    def _deliver(self, results: list[tuple[Deferred, object]]) -> None:
        """On the reactor: hand each item of a batch its result, and start the next batch."""
        self.crawler.stats.inc_value("edunotice/store_batches")  # items stored / this: the mean batch
        with self.lock:
            again = self.draining = bool(self.pending)
        for done, result in results:
            if isinstance(result, BaseException):
                done.errback(result)
            else:
                done.callback(result)
        if again:
            self._schedule()

    def _drain(self) -> list[tuple[Deferred, object]]:
        """On the writer thread: store the items waiting (at most ``batch_size``) in one
        transaction, each in its own savepoint; each item's stats key or exception."""
        with self.lock:
            batch, self.pending[:self.batch_size] = self.pending[:self.batch_size], []
        results: list = [None] * len(batch)
        works = []
        for i, (item, _) in enumerate(batch):
            if self.stopping:  # queued before the stop: not stored, the next run fetches it
                results[i] = self._not_stored()
                continue
            try:
                works.append((i, item, self._unless_stopping(self._work(item))))
            except Exception as exc:  # noqa: BLE001 - this item's failure, as if stored alone
                results[i] = exc
        if works:
            try:
                stored = self.archive.write_batch([work for _, _, work in works])
            except Exception as exc:  # noqa: BLE001 - the commit failed: no item of the batch is stored
                stored = [exc] * len(works)
            for (i, item, _), result in zip(works, stored, strict=True):
                results[i] = result if isinstance(result, BaseException) else self._stat(item, result)
        return [(done, result) for (_, done), result in zip(batch, results, strict=True)]

    def _unless_stopping(self, work):
        """``work``, unless the run is stopping by the time its turn in the batch comes (another
        run took the lease over meanwhile): then nothing of it is written and the item is dropped."""
        def guarded(s):
            if self.stopping:
                raise self._not_stored()
            return work(s)

        return guarded

    def _work(self, item):
        """The item's archive work, as one unit for ``Archive.write_batch``."""
        if isinstance(item, NotModified):
            return self.archive.not_modified_work(url=item.url, run_id=self.run_id, capture=item.capture)
        if isinstance(item, GoneNotice):
            gone = self.archive.gone_work(url=item.url, http_status=item.status, run_id=self.run_id,
                                          capture=item.capture)
            unknown = self.archive.error_work(portal_id=item.portal_id, run_id=self.run_id, url=item.url,
                                              kind="http_status", message=f"notice page: HTTP {item.status}")

            def gone_or_unknown(s):
                outcome = gone(s)
                if outcome == "unknown":  # a list page links a page that never existed
                    unknown(s)
                return outcome

            return gone_or_unknown
        if isinstance(item, FailedFetch):
            return self.archive.error_work(portal_id=item.portal_id, run_id=self.run_id, url=item.url,
                                           kind=item.kind, message=item.message)
        if isinstance(item, FetchedNotice):
            return self.archive.fetch_work(self._fetch(item), rederive=self._rederive)
        return lambda s: None

    @staticmethod
    def _stat(item, result) -> str | None:
        """The stats key a stored item counts (``result``: what its unit of work returned)."""
        if isinstance(item, NotModified):
            return "edunotice/not_modified"
        if isinstance(item, FetchedNotice):
            return f"edunotice/{result.kind}"
        return None

    def _fetch(self, item: FetchedNotice) -> Fetch:
        """Everything the notice brought, for one call into the archive."""
        record = item.record or {}
        attachments = []
        for attachment in record.get("attachments") or []:
            capture = item.attachment_captures.get(attachment.get("sha256"))
            if capture is not None:
                attachments.append(AttachmentCapture(
                    sha256=attachment["sha256"], size=attachment["size"], url=attachment["url"],
                    media_type=attachment.get("media_type"), filename=attachment.get("title"),
                    warc_file=capture.warc_file, warc_offset=capture.offset))
        problems = list(item.problems)
        missing = [name for name, ok in (("title", record.get("title")), ("body", record.get("text"))) if not ok]
        if missing and not item.suspect:  # a quarantined glitch is counted as suspect instead
            problems.append((item.url, "extraction",
                             f"archived, but no {' and no '.join(missing)} found on the page"))
        return Fetch(
            portal_id=item.portal_id, url=item.url, record=record, http_status=item.status,
            fetch_url=item.fetch_url or item.url, fetched_at=item.fetched_at, run_id=self.run_id,
            warc_file=item.warc_file, warc_offset=item.warc_offset, payload_digest=item.payload_digest,
            etag=item.etag, last_modified=item.last_modified, extractor=item.extractor,
            extract_input=item.extract_input, suspect=item.suspect, page_text=item.page_text,
            accept_after=self.portal.accept_change_after, attachments=attachments, problems=problems,
            off_host=item.off_host,
        )

    def _rederive(self, version) -> dict | None:
        """The previous version's record under today's extractor (its page changed bytes)."""
        return rederive_version(version, data_dir=self.data_dir, payload_index=self.archive,
                                definition=self.portal.as_dict())

    async def spider_closed(self, spider, reason):
        if self.archive is None:
            return
        stats = self.crawler.stats
        if self.not_stored:
            log.warning("%s: %d fetched item(s) not stored because %s; the portal's next run fetches them",
                        self.portal.id, self.not_stored, self.stopping)
        counts = dict(
            list_pages=stats.get_value("edunotice/list_pages", 0),
            links_found=len(spider.listed_urls),
            pages_fetched=stats.get_value("response_received_count", 0),
            bytes_received=stats.get_value("downloader/response_bytes", 0),
            requests=stats.get_value("downloader/request_count", 0),
            attachments=stats.get_value("edunotice/attachments", 0),
        )
        listing = (set(spider.listed_urls) if reason == "finished" and spider.list_walk_complete
                   and spider.listed_urls else None)
        # On the writer, after every item queued before: the run's counts are complete.
        await maybe_deferred_to_future(self.write(self._close_run, counts, listing, reason,
                                                     spider.list_walk_complete))

    def _close_run(self, counts: dict, listing: set[str] | None, reason: str, walk_complete: bool) -> None:
        try:
            self.archive.count(self.run_id, **counts)
            if listing is not None:
                self.archive.record_listing(portal_id=self.portal.id, listed_urls=listing,
                                            run_id=self.run_id, withdraw_after=self.withdraw_after)
            run = self.archive.finish_run(self.run_id, reason, walk_complete=walk_complete)
            log.info("%s: run %d %s: %d notices, %d new documents, %d new versions, %d suspect, %d errors",
                     self.portal.id, run.id, run.status, run.notices_seen, run.new_documents,
                     run.new_versions, run.suspect, run.errors)
        finally:
            self.archive.close()
