"""BackoffRetryMiddleware: Scrapy's retries, plus backing off from a struggling server.

Scrapy's RetryMiddleware re-queues a failed request at once, and AutoThrottle never
raises the delay because of an error: it only refuses to *lower* it on a non-200 answer,
and a timeout never reaches it. A small government server answering 503 is usually
overloaded, so each retry here also doubles the download delay of that host's slot
(starting from the portal's DOWNLOAD_DELAY, at most EDUNOTICE_BACKOFF_MAX_DELAY; a
``Retry-After`` in seconds on 429/503 is honoured up to the same cap). Every request to
the host waits, the retried one included. AutoThrottle brings the delay back down as
healthy 200 answers return. A portal with ``download_delay: 0`` gets no backoff.

Replaces ``scrapy.downloadermiddlewares.retry.RetryMiddleware`` (priority 550) and reads its
settings (RETRY_ENABLED, RETRY_TIMES, RETRY_HTTP_CODES, RETRY_EXCEPTIONS), plus:

DOWNLOAD_DELAY                 the first backoff step (per portal: ``limits.download_delay``)
EDUNOTICE_BACKOFF_MAX_DELAY    the longest delay backoff sets, seconds (default 60)
"""

from __future__ import annotations

import logging

from scrapy.downloadermiddlewares.retry import RetryMiddleware

log = logging.getLogger(__name__)


class BackoffRetryMiddleware(RetryMiddleware):
    @classmethod
    def from_crawler(cls, crawler):
        mw = super().from_crawler(crawler)
        mw.base_delay = crawler.settings.getfloat("DOWNLOAD_DELAY")
        mw.max_delay = crawler.settings.getfloat("EDUNOTICE_BACKOFF_MAX_DELAY", 60.0)
        return mw

    def process_response(self, request, response, spider=None):
        result = super().process_response(request, response)
        if result is not response:  # a retry was scheduled
            self._back_off(request, _retry_after(response))
        return result

    def process_exception(self, request, exception, spider=None):
        result = super().process_exception(request, exception)
        if result is not None:
            self._back_off(request)
        return result

    def _back_off(self, request, retry_after: float | None = None) -> None:
        if self.base_delay <= 0:
            return
        key = request.meta.get("download_slot")
        slot = self.crawler.engine.downloader.slots.get(key) if key else None
        if slot is None:
            return
        delay = min(self.max_delay, max(slot.delay * 2, self.base_delay * 2, retry_after or 0))
        if delay > slot.delay:
            log.info("%s is failing; waiting %.1f s between requests to it", key, delay)
            slot.delay = delay
            self.crawler.stats.max_value("edunotice/backoff_max_delay", delay)


def _retry_after(response) -> float | None:
    value = response.headers.get("Retry-After")
    try:
        return float(value) if value else None
    except ValueError:  # an HTTP date: rare on these servers; the doubling still applies
        return None
