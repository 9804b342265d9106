"""ExtractPipeline: turn a fetched notice page into a notice record (crawler.extract).

The record is derived by ``crawler.reextract.derive`` (the call re-extraction repeats from
the WARC record) and names the extractor version that made it. The page is then judged by
``archive.quarantine.inspect_payload``: an error or maintenance page, garbage, a cut or
empty body is marked ``suspect`` (the archive keeps it as an observation, not a version).
A page that cannot be extracted and is not a glitch becomes a ``FailedFetch`` of kind
``extraction``, so the failure is recorded in the archive rather than lost.
The text kept is capped at ``EDUNOTICE_MAX_TEXT_CHARS`` (a ``too_large`` problem says so).
Bytes that are not an HTML page and transfers cut short are quarantined like the other
glitches (``suspect: garbage|empty|truncated``: an observation with its reason, never a version).
 A record
extracted with low confidence is archived and also leaves a ``low_confidence`` problem naming
the URL and the evidence, so the run counts it.
A "page not found" template served with HTTP 200 (crawler/extract/soft404.py: its title or
short text says so, or the same short page came for three URLs of the run) becomes a
``soft_404`` problem: never a document, never a version of the notice that was there.

Where it pays, the page's own part of this (``extract_page``: decoding, ``derive``, the
glitch verdict) runs in a pool of worker processes (crawler/pipelines/pool.py), so the
reactor goes on crawling meanwhile: after ``EDUNOTICE_EXTRACT_POOL_AFTER`` notices of the
portal were extracted here (default 200: a small crawl never starts a process), with
``EDUNOTICE_EXTRACT_WORKERS`` processes (default: one per core beyond the first; 0 never).
What spans pages (the soft-404 template count) stays here. ``derive`` depends only on its
input, so the record is the same wherever it ran.
"""

from __future__ import annotations

import logging
import traceback
from dataclasses import dataclass

from scrapy.utils.defer import maybe_deferred_to_future

from archive.quarantine import inspect_payload, page_title
from crawler.extract.decode import decode_html
from crawler.extract.identity import extractor_version
from crawler.extract.soft404 import TemplateTracker, not_found_reason
from crawler.guards import DEFAULT_MAX_TEXT_CHARS, cap_text
from crawler.items import FailedFetch, FetchedNotice
from crawler.pipelines.pool import POOL_AFTER, default_workers, run_in_pool
from crawler.reextract import derive, extract_input

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PageOutcome:
    """What the page alone gives (``extract_page``): its decoded text, the record, the
    glitch verdict, or why extraction failed (``error``, with its traceback)."""

    text: str
    record: dict | None
    suspect: str | None = None
    error: str | None = None
    trace: str | None = None


def extract_page(body: bytes, *, url: str, fetch_url: str | None, encoding: str | None, hints: dict,
                 portal_id: str, definition: dict | None, transfer_cut: bool) -> PageOutcome:
    """Decode, derive and judge one page: the pure part of extraction (any process may run it)."""
    text = decode_html(body, encoding)[0]
    try:
        record = derive(body, url=url, base_url=fetch_url, encoding=encoding, hints=hints, portal_id=portal_id,
                        definition=definition)
    except Exception as exc:  # noqa: BLE001 - any extractor bug must become an error row
        suspect = inspect_payload(body, text, {}, transfer_cut=transfer_cut)
        if suspect is None:
            return PageOutcome(text, None, error=f"extractor raised {type(exc).__name__}: {exc}",
                               trace=traceback.format_exc())
        return PageOutcome(text, {"url": url}, suspect)
    return PageOutcome(text, record, inspect_payload(body, text, record, transfer_cut=transfer_cut))


class ExtractPipeline:
    def __init__(self, crawler=None):
        self.crawler = crawler
        self.extractor = extractor_version()
        settings = crawler.settings if crawler else None
        self.max_text_chars = (settings.getint("EDUNOTICE_MAX_TEXT_CHARS", DEFAULT_MAX_TEXT_CHARS)
                               if settings else DEFAULT_MAX_TEXT_CHARS)
        self.pool_workers = settings.getint("EDUNOTICE_EXTRACT_WORKERS", default_workers()) if settings else 0
        self.pool_after = settings.getint("EDUNOTICE_EXTRACT_POOL_AFTER", POOL_AFTER) if settings else 0
        self.extracted = 0
        self.templates = TemplateTracker()

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_item(self, item, spider=None):
        if not isinstance(item, FetchedNotice):
            return item
        spider = spider or (self.crawler.spider if self.crawler else None)
        portal = getattr(spider, "portal", None)
        # Links resolve against where the page was served; the record keeps the document's URL.
        item.extract_input = extract_input(hints=item.hints, encoding=item.declared_encoding,
                                           base_url=item.fetch_url)
        item.extractor = self.extractor
        page = dict(url=item.url, fetch_url=item.fetch_url, encoding=item.declared_encoding, hints=item.hints,
                    portal_id=item.portal_id, definition=portal.as_dict() if portal else None,
                    transfer_cut=item.transfer_cut)
        self.extracted += 1
        if self.pool_workers > 0 and self.extracted > self.pool_after:
            return self._pooled(item, page)  # a coroutine: Scrapy awaits it
        return self._finish(item, extract_page(item.body, **page))

    async def _pooled(self, item: FetchedNotice, page: dict):
        try:
            outcome = await maybe_deferred_to_future(run_in_pool(self.pool_workers, extract_page, item.body, **page))
        except Exception as exc:  # noqa: BLE001 - a broken pool (a worker killed) must not lose the notice
            if self.pool_workers:
                log.warning("the extraction pool failed (%s: %s); extracting in the crawl process from now on",
                            type(exc).__name__, exc)
                self.pool_workers = 0
            outcome = extract_page(item.body, **page)
        return self._finish(item, outcome)

    def _finish(self, item: FetchedNotice, outcome: PageOutcome):
        """The run's part: soft 404s across pages, the item's record, problems and stats."""
        if outcome.error:
            log.error("extraction failed for %s\n%s", item.url, outcome.trace)
            return FailedFetch(item.portal_id, item.url, "extraction", outcome.error)
        text, record = outcome.text, outcome.record
        item.suspect = outcome.suspect
        soft_404 = None if item.suspect in ("garbage", "empty") else self._soft_404(item, text, record)
        if soft_404:
            if self.crawler is not None:
                self.crawler.stats.inc_value("edunotice/soft_404")
            return FailedFetch(item.portal_id, item.url, "soft_404",
                               f"notice page answered 200 with a not-found page, not archived: {soft_404}")
        item.record = record
        item.page_text = text
        if item.suspect and self.crawler is not None:
            self.crawler.stats.inc_value(f"edunotice/suspect/{item.suspect}")
        if item.record and not item.suspect and cap_text(item.record, self.max_text_chars):
            item.problems.append((item.url, "too_large", f"archived, but only the first {self.max_text_chars:,} "
                                  "characters of its text are kept (EDUNOTICE_MAX_TEXT_CHARS)"))
        if record and not item.suspect and "low_confidence" in (record.get("flags") or []):
            item.problems.append((item.url, "low_confidence", f"extraction confidence {record['confidence']:.2f}: "
                                  + "; ".join(record.get("confidence_reasons") or [])))
        return item

    def _soft_404(self, item: FetchedNotice, text: str, record: dict) -> str | None:
        """Why this 200 page is a not-found template (crawler/extract/soft404.py), or None."""
        if item.status != 200:
            return None
        title, body = page_title(text), record.get("text_normalized") or ""
        attachments = [a.get("url") or "" for a in record.get("attachments") or []]
        return not_found_reason(title, body) or self.templates.reason(item.url, title, body, attachments)
