"""ExtractPipeline: turn a fetched notice page into a notice record (crawler.extract).

A page that cannot be extracted becomes a ``FailedFetch`` of kind ``extraction``, so the
failure is recorded in the archive rather than lost. A record extracted with low confidence
is archived and also leaves a ``low_confidence`` problem naming the URL and the evidence,
so the run counts it.
"""

from __future__ import annotations

import logging

from crawler.extract import extract
from crawler.items import FailedFetch, FetchedNotice

log = logging.getLogger(__name__)


class ExtractPipeline:
    def __init__(self, crawler=None):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_item(self, item, spider=None):
        if not isinstance(item, FetchedNotice):
            return item
        spider = spider or (self.crawler.spider if self.crawler else None)
        portal = getattr(spider, "portal", None)
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
        if "low_confidence" in record.flags:
            item.problems.append((item.url, "low_confidence", f"extraction confidence {record.confidence:.2f}: "
                                  + "; ".join(record.confidence_reasons)))
        return item
