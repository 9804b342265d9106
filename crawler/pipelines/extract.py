"""ExtractPipeline: turn a fetched notice page into a notice record (crawler.extract).

A page that cannot be extracted becomes a ``FailedFetch`` of kind ``extraction``, so the
failure is recorded in the archive rather than lost; bytes that are not an HTML page
(binary served as text/html, an empty body) become one of kind ``not_html``. The text kept
is capped at ``EDUNOTICE_MAX_TEXT_CHARS`` (flag ``truncated``); a page whose transfer was
cut short is archived with the flag ``truncated`` and a ``truncated`` problem row.
"""

from __future__ import annotations

import logging

from crawler.extract import extract
from crawler.guards import DEFAULT_MAX_TEXT_CHARS, cap_text, not_html_reason
from crawler.items import FailedFetch, FetchedNotice

log = logging.getLogger(__name__)


class ExtractPipeline:
    def __init__(self, crawler=None):
        self.crawler = crawler
        self.max_text_chars = (crawler.settings.getint("EDUNOTICE_MAX_TEXT_CHARS", DEFAULT_MAX_TEXT_CHARS)
                               if crawler else DEFAULT_MAX_TEXT_CHARS)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_item(self, item, spider=None):
        if not isinstance(item, FetchedNotice):
            return item
        spider = spider or (self.crawler.spider if self.crawler else None)
        portal = getattr(spider, "portal", None)
        reason = not_html_reason(item.body)
        if reason:
            return FailedFetch(item.portal_id, item.url, "not_html",
                               f"notice page is not an HTML page ({reason}); not extracted")
        try:
            # Links resolve against where the page was served; the record keeps the document's URL.
            record = extract(item.body, item.fetch_url or item.url, encoding=item.declared_encoding,
                             hints=item.hints, portal=item.portal_id,
                             mirror=bool(portal and portal.kind == "mirror"),
                             selectors=portal.selectors if portal else None)
        except Exception as exc:  # noqa: BLE001 - any extractor bug must become an error row
            log.exception("extraction failed for %s", item.url)
            return FailedFetch(item.portal_id, item.url, "extraction",
                               f"extractor raised {type(exc).__name__}: {exc}")
        record.url = item.url
        item.record = record.to_dict()
        if cap_text(item.record, self.max_text_chars):
            item.problems.append((item.url, "too_large", f"archived, but only the first {self.max_text_chars:,} "
                                  "characters of its text are kept (EDUNOTICE_MAX_TEXT_CHARS)"))
        if item.cut_short:
            flags = item.record.setdefault("flags", [])
            if "truncated" not in flags:
                flags.append("truncated")
            item.problems.append((item.url, "truncated", "archived, but the connection closed before </html> "
                                  "without a Content-Length: the page may be cut short"))
        return item
