"""AttachmentPipeline: download a notice's attachments, hash them, attach the hashes.

Runs between extraction and storage, so an attachment's sha256 is part of the version's
content (a replaced attachment makes a new version). Requests go through the downloader
middlewares (robots.txt, throttling, WARC capture) via ``engine.download_async``. Only
links on the portal's own hosts are fetched. Reads:

EDUNOTICE_ATTACHMENTS_ENABLED    default True
EDUNOTICE_ATTACHMENT_MAX_BYTES   larger files are not downloaded (default 50 MiB); recorded as an error
"""

from __future__ import annotations

import hashlib
import logging

import scrapy
from scrapy.exceptions import NotConfigured

from crawler.guards import exception_reason
from crawler.items import FetchedNotice

log = logging.getLogger(__name__)

class AttachmentPipeline:
    def __init__(self, crawler):
        if not crawler.settings.getbool("EDUNOTICE_ATTACHMENTS_ENABLED", True):
            raise NotConfigured("EDUNOTICE_ATTACHMENTS_ENABLED is off")
        self.crawler = crawler
        self.max_bytes = crawler.settings.getint("EDUNOTICE_ATTACHMENT_MAX_BYTES", 50 * 1024 * 1024)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    async def process_item(self, item, spider=None):
        if not isinstance(item, FetchedNotice) or not item.record:
            return item
        portal = self.crawler.spider.portal
        for attachment in item.record.get("attachments") or []:
            url = attachment.get("url") or ""
            # The extractor lists only document links (by extension in the path, the query or
            # the link text); files on other hosts are listed but not fetched (politeness).
            if not attachment.get("media_type") or not portal.allows(url):
                continue
            await self._fetch(item, attachment, url)
        return item

    async def _fetch(self, item: FetchedNotice, attachment: dict, url: str) -> None:
        request = scrapy.Request(url, dont_filter=True, meta={
            "edunotice_kind": "attachment", "download_maxsize": self.max_bytes,
            "handle_httpstatus_all": True,
        })
        try:
            response = await self.crawler.engine.download_async(request)
        except Exception as exc:  # noqa: BLE001 - every download failure becomes an error row
            item.problems.append((url, "attachment", f"attachment not downloaded: {exception_reason(exc)}"))
            return
        if response.status != 200:
            item.problems.append((url, "attachment", f"attachment answered HTTP {response.status}"))
            return
        body = response.body
        attachment["sha256"] = hashlib.sha256(body).hexdigest()
        attachment["size"] = len(body)
        served = response.headers.get("Content-Type", b"").decode("latin-1").split(";")[0].strip()
        if served and served not in ("application/octet-stream", "text/html"):
            attachment["media_type"] = served
        capture = response.meta.get("edunotice_warc")
        item.attachment_captures[attachment["sha256"]] = capture
        self.crawler.stats.inc_value("edunotice/attachments")
