"""Run crawls of portals in this process and report what each run archived.

The CLI (``edunotice crawl``/``demo``) calls :func:`run_crawl`; the summaries are read
back from the archive, so they show what was stored, not what the spider believed (only
``requests`` and ``attachments`` come from the crawler's stats: the archive has no column
for them). Each portal is crawled under its lease in the archive (``archive.lease``), so
runs with different data directories on one database see each other; a portal whose last
run died is resumed (``archive.resume``). The copies of the versions a crawl stored are
linked when every portal of the process is done (``EDUNOTICE_COPY_LINKS``, archive.dedup).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from archive import db
from archive.lease import Holder, LeaseKeeper, PortalLease, PortalLocked
from archive.models import CrawlRun, Document, FetchError
from archive.query import errors_by_kind
from archive.resume import take_over
from archive.store import Archive
from crawler.pipelines.store import copy_links_after_crawl, lease_lost
from crawler.portal import Portal
from crawler.spiderloader import PortalSpiderLoader
from crawler.spiders.portal import spider_class_for

log = logging.getLogger(__name__)


@dataclass
class RunSummary:
    portal_id: str
    run_id: int | None
    status: str  # ok | attention | broken | locked
    list_pages: int = 0
    pages_fetched: int = 0  # responses received (304s and robots.txt included)
    requests: int = 0  # requests sent, retries included
    bytes_received: int = 0
    notices_seen: int = 0  # notice pages stored: new, changed, unchanged (304 included)
    new_documents: int = 0
    new_versions: int = 0  # first versions of new documents included
    changed: int = 0  # new versions of documents archived before
    unchanged: int = 0
    withdrawn: int = 0
    restored: int = 0
    attachments: int = 0  # attachment files downloaded
    errors: int = 0
    errors_by_kind: dict[str, int] = field(default_factory=dict)  # http_status, timeout, extraction, ...
    extraction_failures: int = 0
    suspect: int = 0  # glitches quarantined, not versioned (archive.quarantine)
    documents_total: int = 0
    resumed_runs: list[int] = field(default_factory=list)  # interrupted runs this run continued
    error_samples: list[str] = field(default_factory=list)

    @property
    def needs_attention(self) -> bool:
        return self.status != "ok"


def crawl_settings(db_url: str, overrides: dict | None = None) -> Settings:
    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    settings.set("EDUNOTICE_DB", db_url, priority="cmdline")
    for key, value in (overrides or {}).items():
        settings.set(key, value, priority="cmdline")
    return settings


def run_crawl(portals: list[Portal], db_url: str, overrides: dict | None = None) -> list[RunSummary]:
    """Crawl ``portals`` concurrently into the archive at ``db_url``; one summary per portal.

    A portal another run is crawling right now is skipped (summary status ``locked``).
    """
    settings = crawl_settings(db_url, overrides)
    data_dir = settings.get("EDUNOTICE_DATA_DIR") or db.data_dir()
    settings.set("LOG_INSTALL_ROOT_HANDLER", False, priority="cmdline")  # the CLI configured logging
    settings.set("SPIDER_LOADER_CLASS", PortalSpiderLoader.for_portals(portals), priority="cmdline")
    process = CrawlerProcess(settings)
    crawlers, locked, leases, resumed = [], [], [], {}
    holder = Holder.this_process(data_dir)
    ttl = settings.getfloat("EDUNOTICE_LEASE_SECONDS")
    archive = Archive(db_url)  # creates or checks the schema before any spider starts
    try:
        for portal in portals:
            lease = PortalLease(archive.engine, portal.id, holder, ttl)
            try:
                lease.acquire()
            except PortalLocked as exc:
                log.warning("%s", exc)
                locked.append(RunSummary(portal.id, None, "locked", error_samples=[str(exc)]))
                continue
            leases.append(lease)
            resume = take_over(archive, portal.id)  # safe: we hold the lease, so a 'running' run is dead
            if resume is not None:
                resumed[portal.id] = list(resume.run_ids)
                log.info("%s: resuming interrupted run(s) %s; %d notices already stored are not fetched again",
                         portal.id, ", ".join(map(str, resume.run_ids)), len(resume.done))
            crawler = process.create_crawler(spider_class_for(portal))
            crawlers.append((portal, crawler))
            process.crawl(crawler, resume=resume)
        keeper = LeaseKeeper(leases, _stopper(archive, crawlers))
        keeper.start()
        try:
            if crawlers:
                process.start()
        finally:
            keeper.stop()
        if crawlers and copy_links_after_crawl(settings):
            _link_copies(archive)
    finally:
        for lease in leases:
            lease.release()
        archive.close()
    with Archive(db_url) as archive, archive.sessions() as s:
        done = {portal.id: _summary(s, portal.id, crawler.stats, resumed.get(portal.id, []))
                for portal, crawler in crawlers}
    done.update({summary.portal_id: summary for summary in locked})
    return [done[p.id] for p in portals]


def _link_copies(archive: Archive) -> None:
    """The crawl stored its versions with their copy links pending: make them now, in batches
    (archive.dedup.link_pending). A failure leaves them pending (show/dupes say so) for the
    next crawl or ``edunotice db link-copies``; the runs stored stay as they are."""
    started = time.monotonic()
    try:
        linked = archive.link_pending_copies()
    except SQLAlchemyError as exc:
        log.error("copy links not made: %s: %s; they stay pending (edunotice show/dupes say so); "
                  "run 'edunotice db link-copies' when the database is back", type(exc).__name__,
                  (str(exc).splitlines() or [""])[0])
        return
    if linked:
        log.info("linked the copies of %d stored version(s) in %.1f s", linked, time.monotonic() - started)


def _stopper(archive: Archive, crawlers: list):
    """What the lease keeper calls when another run took a portal over (this run stalled
    past its lease): record it as the run's error, so the run is not ``ok``, stop storing its
    items (the ones still queued for the writer are dropped: the portal is the other run's now)
    and stop that crawl (finish reason ``lease_lost``; the portal's next run resumes it)."""
    by_portal = {portal.id: (portal, crawler) for portal, crawler in crawlers}

    def stop(portal_id: str) -> None:
        from scrapy.utils.defer import deferred_from_coro
        from twisted.internet import reactor

        portal, crawler = by_portal[portal_id]
        archive.record_error(portal_id=portal_id, run_id=crawler.stats.get_value("edunotice/run_id"),
                             url=portal.start_urls[0], kind="lease_lost",
                             message="another run took over this portal's lease (this run stalled past "
                                     "its expiry, EDUNOTICE_LEASE_SECONDS); this run stopped")

        def on_reactor() -> None:
            crawler.signals.send_catch_log(signal=lease_lost)  # StorePipeline stores no more
            deferred_from_coro(crawler.engine.close_spider_async(reason="lease_lost"))

        reactor.callFromThread(on_reactor)

    return stop


def _summary(s, portal_id: str, stats, resumed_runs: list[int]) -> RunSummary:
    run_id = stats.get_value("edunotice/run_id")
    if run_id is None:
        return RunSummary(portal_id, None, "broken", error_samples=["the crawl did not start (see log)"])
    run = s.get(CrawlRun, run_id)
    errors = s.scalars(select(FetchError).where(FetchError.run_id == run_id)
                       .order_by(FetchError.id).limit(5)).all()
    total = s.scalar(select(func.count()).select_from(Document)
                     .where(Document.portal_id == portal_id)) or 0
    samples = list(run.health_reasons or []) + [f"{e.url}: {e.message}" for e in errors]
    if run.suspect and not run.health_reasons:
        samples.append(f"{run.suspect} notice page(s) looked like glitches (error or maintenance page, garbage, "
                       "cut or empty body): kept, not versioned; see edunotice runs")
    return RunSummary(
        portal_id=portal_id, run_id=run_id, status=run.status, list_pages=run.list_pages,
        pages_fetched=run.pages_fetched, requests=stats.get_value("downloader/request_count", 0),
        bytes_received=run.bytes_received, notices_seen=run.notices_seen,
        new_documents=run.new_documents, new_versions=run.new_versions,
        changed=run.new_versions - run.new_documents, unchanged=run.unchanged,
        withdrawn=run.withdrawn, restored=run.restored,
        attachments=stats.get_value("edunotice/attachments", 0), errors=run.errors,
        errors_by_kind=errors_by_kind(s, [run_id]).get(run_id, {}),
        extraction_failures=run.extraction_failures, suspect=run.suspect or 0, documents_total=total,
        resumed_runs=resumed_runs, error_samples=samples,
    )
