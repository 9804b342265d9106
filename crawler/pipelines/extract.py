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
``derive`` itself runs in a worker process once the crawl process has extracted 200 pages
(crawler/extractpool.py, ``EDUNOTICE_EXTRACT_PROCESSES``, default 1; 0 runs it here, on the
reactor); the rest of this pipeline runs on the reactor.
"""

from __future__ import annotations

import logging

from archive.quarantine import inspect_payload, page_title
from crawler.extract.decode import decode_html
from crawler.extract.filenotice import file_type
from crawler.extract.identity import extractor_version
from crawler.extract.soft404 import TemplateTracker, not_found_reason
from crawler.extractpool import derive_in, extraction_pool
from crawler.guards import DEFAULT_MAX_TEXT_CHARS, cap_text
from crawler.items import FailedFetch, FetchedNotice
from crawler.reextract import derive, extract_input

log = logging.getLogger(__name__)


class ExtractPipeline:
    def __init__(self, crawler=None):
        self.crawler = crawler
        self.extractor = extractor_version()
        self.max_text_chars = (crawler.settings.getint("EDUNOTICE_MAX_TEXT_CHARS", DEFAULT_MAX_TEXT_CHARS)
                               if crawler else DEFAULT_MAX_TEXT_CHARS)
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
                                           base_url=item.fetch_url, more_pages=item.more_pages)
        item.extractor = self.extractor
        how = dict(url=item.url, base_url=item.fetch_url, encoding=item.declared_encoding, hints=item.hints,
                   portal_id=item.portal_id, definition=portal.as_dict() if portal else None,
                   more=[(page["url"], page["body"]) for page in item.more_pages] or None)
        pool = extraction_pool(self.crawler.settings) if self.crawler else None  # started on first use
        if pool is None:
            try:
                return self._judge(item, derive(item.body, **how))
            except Exception as exc:  # noqa: BLE001 - any extractor bug must become an error row
                return self._judge(item, exc)
        return self._derive_in_pool(pool, item, how)  # a coroutine: Scrapy awaits it

    async def _derive_in_pool(self, pool, item: FetchedNotice, how: dict):
        try:
            record = await derive_in(pool, item.body, **how)
        except Exception as exc:  # noqa: BLE001 - any extractor bug must become an error row
            return self._judge(item, exc)
        return self._judge(item, record)

    def _judge(self, item: FetchedNotice, derived: dict | Exception):
        """The item with its record (``derived``), judged; or the failure the record could not be."""
        if not isinstance(derived, Exception) and file_type(item.body, item.fetch_url or item.url):
            # A notice that is its file: no page to judge as a glitch or a not-found template.
            item.record = derived
            return item
        text = decode_html(item.body, item.declared_encoding)[0]
        if isinstance(derived, Exception):
            exc = derived
            suspect = inspect_payload(item.body, text, {}, transfer_cut=item.transfer_cut)
            if suspect is None:
                log.error("extraction failed for %s", item.url, exc_info=exc)
                return FailedFetch(item.portal_id, item.url, "extraction",
                                   f"extractor raised {type(exc).__name__}: {exc}")
            record = {"url": item.url}
            item.suspect = suspect
        else:
            record = derived
            item.suspect = inspect_payload(item.body, text, record, transfer_cut=item.transfer_cut)
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
