"""StorePipeline: write notices, errors and the run's counts to the archive.

Reads the settings ``EDUNOTICE_DB`` (SQLAlchemy URL; default archive.db.default_db_url())
and ``EDUNOTICE_WITHDRAW_AFTER_RUNS`` (a document absent from every list page for this many
complete runs is withdrawn; default 3).
Opens one crawl run per spider; its id is left in the stats as ``edunotice/run_id`` so
the CLI can print the run's summary. When the archive refuses a write (disk full, database
gone, a constraint), the run stops at once with finish reason ``archive_error``: nothing is
half-written (each fetch is one transaction) and the next run resumes where it stopped.
"""

from __future__ import annotations

import logging

from scrapy import signals
from scrapy.exceptions import DropItem
from scrapy.utils.defer import deferred_from_coro
from sqlalchemy.exc import SQLAlchemyError

from archive.store import Archive
from crawler.items import FailedFetch, FetchedNotice, GoneNotice, NotModified

log = logging.getLogger(__name__)


class StorePipeline:
    def __init__(self, crawler):
        self.crawler = crawler
        self.db_url = crawler.settings.get("EDUNOTICE_DB")
        self.withdraw_after = crawler.settings.getint("EDUNOTICE_WITHDRAW_AFTER_RUNS", 3)
        self.archive: Archive | None = None
        self.run_id: int | None = None
        self.stopping = False  # the archive refused a write: the run is being stopped

    @classmethod
    def from_crawler(cls, crawler):
        pipeline = cls(crawler)
        # The run is closed on spider_closed, the first moment the finish reason is known.
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    def open_spider(self, spider=None):
        spider = spider or self.crawler.spider
        self.portal = spider.portal
        self.archive = Archive(self.db_url)
        self.archive.register_portal(self.portal.as_dict())
        resume = getattr(spider, "resume", None)
        self.run_id = self.archive.start_run(self.portal.id, resume.run_ids[-1] if resume else None)
        self.crawler.stats.set_value("edunotice/run_id", self.run_id)

    def process_item(self, item, spider=None):
        if self.stopping:
            raise DropItem("the run is stopping after an archive error")
        try:
            return self._store(item)
        except SQLAlchemyError as exc:
            self.stopping = True
            log.error("%s: the archive refused a write for %s (%s: %s); stopping this run, the next "
                      "run resumes it. Check the database (--db / $EDUNOTICE_DB): space, connection, "
                      "permissions.", self.portal.id, getattr(item, "url", "?"), type(exc).__name__,
                      str(exc).splitlines()[0])
            deferred_from_coro(self.crawler.engine.close_spider_async(reason="archive_error"))
            raise DropItem(f"not archived: {type(exc).__name__}") from None

    def _store(self, item):
        if isinstance(item, NotModified):
            self.archive.record_not_modified(url=item.url, run_id=self.run_id)
            self.crawler.stats.inc_value("edunotice/not_modified")
        elif isinstance(item, GoneNotice):
            outcome = self.archive.record_gone(url=item.url, http_status=item.status, run_id=self.run_id)
            if outcome == "unknown":  # a list page links a page that never existed
                self.archive.record_error(portal_id=item.portal_id, run_id=self.run_id, url=item.url,
                                          kind="http_status", message=f"notice page: HTTP {item.status}")
        elif isinstance(item, FailedFetch):
            self.archive.record_error(portal_id=item.portal_id, run_id=self.run_id, url=item.url,
                                      kind=item.kind, message=item.message)
        elif isinstance(item, FetchedNotice):
            record = item.record or {}
            outcome = self.archive.record_notice(
                portal_id=item.portal_id, record=record, fetch_url=item.fetch_url or item.url,
                http_status=item.status, run_id=self.run_id, fetched_at=item.fetched_at,
                warc_file=item.warc_file, warc_offset=item.warc_offset,
                etag=item.etag, last_modified=item.last_modified,
            )
            self.crawler.stats.inc_value(f"edunotice/{outcome.kind}")
            self._store_attachments(item, record)
            missing = [name for name, ok in (("title", record.get("title")),
                                             ("body", record.get("text"))) if not ok]
            if missing:
                self.archive.record_error(
                    portal_id=item.portal_id, run_id=self.run_id, url=item.url, kind="extraction",
                    message=f"archived, but no {' and no '.join(missing)} found on the page",
                )
        return item

    def _store_attachments(self, item: FetchedNotice, record: dict) -> None:
        for attachment in record.get("attachments") or []:
            capture = item.attachment_captures.get(attachment.get("sha256"))
            if capture is None:
                continue
            self.archive.record_attachment(
                sha256=attachment["sha256"], size=attachment["size"],
                media_type=attachment.get("media_type"), filename=attachment.get("title"),
                url=attachment["url"], warc_file=capture.warc_file, warc_offset=capture.offset,
            )
        for url, kind, message in item.problems:
            self.archive.record_error(portal_id=item.portal_id, run_id=self.run_id, url=url,
                                      kind=kind, message=message)

    def spider_closed(self, spider, reason):
        if self.archive is None:
            return
        stats = self.crawler.stats
        self.archive.count(
            self.run_id,
            list_pages=stats.get_value("edunotice/list_pages", 0),
            links_found=len(spider.listed_urls),
            pages_fetched=stats.get_value("response_received_count", 0),
            bytes_received=stats.get_value("downloader/response_bytes", 0),
            requests=stats.get_value("downloader/request_count", 0),
            attachments=stats.get_value("edunotice/attachments", 0),
        )
        if reason == "finished" and spider.list_walk_complete and spider.listed_urls:
            self.archive.record_listing(portal_id=self.portal.id, listed_urls=spider.listed_urls,
                                        run_id=self.run_id, withdraw_after=self.withdraw_after)
        run = self.archive.finish_run(self.run_id, reason, walk_complete=spider.list_walk_complete)
        log.info("%s: run %d %s: %d notices, %d new documents, %d new versions, %d errors",
                 self.portal.id, run.id, run.status, run.notices_seen, run.new_documents,
                 run.new_versions, run.errors)
        self.archive.close()
