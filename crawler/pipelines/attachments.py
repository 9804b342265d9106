"""AttachmentPipeline: download a notice's attachments, hash them, attach the hashes.

Runs between extraction and storage, so an attachment's sha256 is part of the version's
content (a replaced attachment makes a new version). Requests go through the downloader
middlewares (robots.txt, throttling, WARC capture) via ``engine.download_async``. Only
links on the portal's own hosts are fetched. Each body is streamed to a temporary file under
``<data dir>/tmp/`` as it arrives (crawler/streaming.py), hashed and copied into the WARC
from there, then deleted: memory does not grow with an attachment's size. Reads:

EDUNOTICE_ATTACHMENTS_ENABLED    default True
EDUNOTICE_ATTACHMENT_MAX_BYTES   larger files are not downloaded (default 50 MiB); recorded as an error
EDUNOTICE_DATA_DIR               where the temporary files go (default archive.db.data_dir())
"""

from __future__ import annotations

import hashlib
import logging
import tempfile
from pathlib import Path

import scrapy
from scrapy.exceptions import DownloadCancelledError, IgnoreRequest, NotConfigured
from twisted.internet.defer import CancelledError

from archive import db
from archive.warc import Capture
from crawler.guards import exception_reason
from crawler.items import FetchedNotice
from crawler.spiders.portal import MAX_REDIRECTS, REDIRECTS
from crawler.streaming import BODY_FILE, BODY_STREAMED, OVERRUN

log = logging.getLogger(__name__)

class AttachmentPipeline:
    def __init__(self, crawler):
        if not crawler.settings.getbool("EDUNOTICE_ATTACHMENTS_ENABLED", True):
            raise NotConfigured("EDUNOTICE_ATTACHMENTS_ENABLED is off")
        self.crawler = crawler
        self.max_bytes = crawler.settings.getint("EDUNOTICE_ATTACHMENT_MAX_BYTES", 50 * 1024 * 1024)
        self.tmp_dir = Path(crawler.settings.get("EDUNOTICE_DATA_DIR") or db.data_dir()) / "tmp"

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    async def process_item(self, item, spider=None):
        if not isinstance(item, FetchedNotice) or not item.record:
            return item
        portal = self.crawler.spider.portal
        for attachment in item.record.get("attachments") or []:
            url = attachment.get("url") or ""
            if attachment.get("sha256") and url == item.url:
                # a notice that is its file (crawler.extract.filenotice): the notice's own
                # response is the file, hashed and captured already
                if item.warc_file is not None:
                    item.attachment_captures[attachment["sha256"]] = Capture(
                        item.warc_file, item.warc_offset, "response", item.payload_digest or "")
                continue
            # The extractor lists only document links (by extension in the path, the query or
            # the link text); files on other hosts are listed but not fetched (politeness).
            if not attachment.get("media_type") or not portal.allows(url):
                continue
            await self._fetch(item, attachment, url)
        return item

    async def _fetch(self, item: FetchedNotice, attachment: dict, url: str) -> None:
        self.tmp_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=self.tmp_dir, prefix="attachment-", delete=False) as tmp:
            path = Path(tmp.name)
        try:
            problem = await self._download(item, attachment, url, path)
        finally:
            path.unlink(missing_ok=True)
        if problem:
            item.problems.append((url, "too_large" if problem.startswith("larger") else "attachment", problem))

    async def _download(self, item: FetchedNotice, attachment: dict, url: str, path: Path) -> str | None:
        """Fetch one attachment into ``path`` and describe it; the problem, or None.

        Redirects are followed here, hop by hop, while they stay on the portal's hosts (a CMS
        download link such as ``download.jsp?id=`` answers 302 to the file); one leaving them,
        a loop or a Location-less redirect is the problem named."""
        target = url
        for _hop in range(MAX_REDIRECTS + 1):
            response = await self._get(target, path)
            if isinstance(response, str):
                return response
            if response.status not in REDIRECTS:
                break
            location = (response.headers.get("Location") or b"").decode("latin-1").strip()
            if not location:
                return f"attachment answered HTTP {response.status} without a Location"
            target = response.urljoin(location)
            if not self.crawler.spider.portal.allows(target):
                return (f"attachment redirected out of the portal's scope to {target}: not fetched "
                        "(add that host to allowed_domains if it is the portal's file server)")
        else:
            return f"attachment: more than {MAX_REDIRECTS} redirects (a loop?), last to {target}"
        if response.status != 200:
            return f"attachment answered HTTP {response.status}"
        # "partial" (no Content-Length, ended by the close) is how HTTP/1.0 ends a body: kept.
        if OVERRUN in response.flags or "dataloss" in response.flags:
            return (f"attachment not archived: its body did not match its Content-Length "
                    f"({', '.join(response.flags)}); the next run tries again")
        if response.meta.get(BODY_STREAMED):
            with path.open("rb") as fh:
                attachment["sha256"] = hashlib.file_digest(fh, "sha256").hexdigest()
            attachment["size"] = path.stat().st_size
        else:  # a handler that does not stream (Playwright's): the body is in memory
            attachment["sha256"] = hashlib.sha256(response.body).hexdigest()
            attachment["size"] = len(response.body)
        served = response.headers.get("Content-Type", b"").decode("latin-1").split(";")[0].strip()
        if served and served not in ("application/octet-stream", "text/html"):
            attachment["media_type"] = served
        capture = response.meta.get("edunotice_warc")
        item.attachment_captures[attachment["sha256"]] = capture
        self.crawler.stats.inc_value("edunotice/attachments")
        return None


    async def _get(self, url: str, path: Path):
        """One hop: the response, or why there is none (a too-large body is its own kind)."""
        request = scrapy.Request(url, dont_filter=True, headers={"Accept-Encoding": "identity"}, meta={
            "edunotice_kind": "attachment", "download_maxsize": self.max_bytes,
            "handle_httpstatus_all": True, "dont_redirect": True, BODY_FILE: str(path),
        })
        try:
            return await self.crawler.engine.download_async(request)
        except Exception as exc:  # noqa: BLE001 - every download failure becomes an error row
            if isinstance(exc, (CancelledError, DownloadCancelledError)) or (isinstance(exc, IgnoreRequest) and "MAXSIZE" in str(exc)):
                return (f"larger than {self.max_bytes:,} bytes (EDUNOTICE_ATTACHMENT_MAX_BYTES): not archived "
                        f"({exception_reason(exc)})")
            return f"attachment not downloaded: {exception_reason(exc)}"
