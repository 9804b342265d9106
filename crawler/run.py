"""Run crawls of portals in this process and report what each run archived.

The CLI (``edunotice crawl``/``demo``) calls :func:`run_crawl`; the summaries are read
back from the archive, so they show what was stored, not what the spider believed.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings
from sqlalchemy import func, select

from archive import db
from archive.models import CrawlRun, Document, FetchError
from archive.store import Archive
from crawler.locks import PortalLock, PortalLocked
from crawler.portal import Portal
from crawler.spiders.portal import spider_class_for

log = logging.getLogger(__name__)


@dataclass
class RunSummary:
    portal_id: str
    run_id: int | None
    status: str  # ok | attention | broken | locked
    list_pages: int = 0
    pages_fetched: int = 0
    notices_seen: int = 0
    new_documents: int = 0
    new_versions: int = 0
    unchanged: int = 0
    errors: int = 0
    documents_total: int = 0
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
    Archive(db_url).close()  # create or check the schema before any spider starts
    settings = crawl_settings(db_url, overrides)
    data_dir = settings.get("EDUNOTICE_DATA_DIR") or db.data_dir()
    settings.set("LOG_INSTALL_ROOT_HANDLER", False, priority="cmdline")  # the CLI configured logging
    process = CrawlerProcess(settings)
    crawlers, locked, locks = [], [], []
    for portal in portals:
        lock = PortalLock(data_dir, portal.id)
        try:
            lock.acquire()
        except PortalLocked as exc:
            log.warning("%s", exc)
            locked.append(RunSummary(portal.id, None, "locked", error_samples=[str(exc)]))
            continue
        locks.append(lock)
        crawler = process.create_crawler(spider_class_for(portal))
        crawlers.append((portal, crawler))
        process.crawl(crawler)
    try:
        if crawlers:
            process.start()
    finally:
        for lock in locks:
            lock.release()
    with Archive(db_url) as archive, archive.sessions() as s:
        done = {portal.id: _summary(s, portal.id, crawler.stats.get_value("edunotice/run_id"))
                for portal, crawler in crawlers}
    done.update({summary.portal_id: summary for summary in locked})
    return [done[p.id] for p in portals]


def _summary(s, portal_id: str, run_id: int | None) -> RunSummary:
    if run_id is None:
        return RunSummary(portal_id, None, "broken", error_samples=["the crawl did not start (see log)"])
    run = s.get(CrawlRun, run_id)
    errors = s.scalars(select(FetchError).where(FetchError.run_id == run_id)
                       .order_by(FetchError.id).limit(5)).all()
    total = s.scalar(select(func.count()).select_from(Document)
                     .where(Document.portal_id == portal_id)) or 0
    samples = list(run.health_reasons or []) + [f"{e.url}: {e.message}" for e in errors]
    return RunSummary(
        portal_id=portal_id, run_id=run_id, status=run.status, list_pages=run.list_pages,
        pages_fetched=run.pages_fetched, notices_seen=run.notices_seen,
        new_documents=run.new_documents, new_versions=run.new_versions, unchanged=run.unchanged,
        errors=run.errors, documents_total=total, error_samples=samples,
    )
