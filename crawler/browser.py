"""Fetch a portal's pages through a real headless browser (``render: browser``).

Built on scrapy-playwright (the pip extra ``browser``) driving Debian's Chromium
(``/usr/bin/chromium``; Playwright's own browser download is never used). Only the crawler
of a portal whose definition says ``render: browser`` gets the Playwright download handler
(:func:`browser_settings`, applied as that spider's custom settings), and only its list and
notice pages go through the browser: robots.txt and attachments keep Scrapy's downloader.
Every other portal's crawler never loads Playwright.

:class:`BrowserRenderMiddleware` (priority 960, inside the WARC capture at 950) marks the
requests, waits for the network to go idle (a challenge script sets its cookie and reloads;
a list script fetches its data), and gives the response the status and headers of the *last*
main-frame navigation (the page actually shown) rather than the first answer (the 412
challenge), minus the transfer headers that no longer describe the rendered body. The WARC
keeps what the browser received, raw (documents, the challenge page included, scripts and
data requests, each marked ``X-Edunotice-Browser-Received``), then the rendered HTML as the
page's own response record (``X-Edunotice-Rendered``), which extraction read and the archive
points at. A body the browser dropped before it could be read (a script of a page that
reloaded) is counted in ``edunotice/browser/received_not_kept``. The browser's cookies live
in one browser context per crawl, so a challenge is solved once per run.

Reads the environment variable EDUNOTICE_CHROMIUM (path of the browser; default
/usr/bin/chromium). At the end of a crawl it logs the pages rendered, the mean seconds per
page and the peak memory of the Chromium processes (stats ``edunotice/browser/*``).
"""

from __future__ import annotations

import importlib.util
import logging
import os
import shutil
from pathlib import Path

from crawler.portal import Portal, PortalConfigError

log = logging.getLogger(__name__)

DEFAULT_CHROMIUM = "/usr/bin/chromium"
HANDLER = "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler"
BROWSER_KINDS = ("list", "notice")  # request kinds (meta edunotice_kind) rendered in the browser
# Headers of the navigation answer that do not describe the rendered HTML we keep.
TRANSFER_HEADERS = ("Content-Encoding", "Content-Length", "Transfer-Encoding")
RENDERED_HEADER = "X-Edunotice-Rendered"
RAW_HEADER = "X-Edunotice-Browser-Received"  # on the raw answers the browser got, kept beside the DOM
# What the browser received that the WARC keeps raw: the documents (the challenge page too),
# scripts (the challenge code) and data requests (a list's JSON). Not images, fonts or CSS.
KEPT_RESOURCES = frozenset({"document", "script", "xhr", "fetch"})


def chromium_path() -> str:
    return os.environ.get("EDUNOTICE_CHROMIUM") or DEFAULT_CHROMIUM


def browser_unavailable(portal: Portal) -> str | None:
    """Why ``render: browser`` cannot work on this machine (one line saying what to install), or None."""
    missing = []
    if importlib.util.find_spec("scrapy_playwright") is None:
        missing.append("the Python packages: pip install 'edunotice[browser]'")
    path = chromium_path()
    if not (Path(path).is_file() and os.access(path, os.X_OK)) and not shutil.which(path):
        missing.append(f"Chromium at {path}: apt-get install -y chromium (or set EDUNOTICE_CHROMIUM)")
    if not missing:
        return None
    return f"render: browser needs {' and '.join(missing)} (`make install` does both)"


def browser_settings(portal: Portal, timeout_s: float = 30.0) -> dict:
    """Custom settings for the crawler of a ``render: browser`` portal ({} for the others).

    Raises PortalConfigError when the browser or the extra is missing, before the crawl starts."""
    if getattr(portal, "render", None) != "browser":
        return {}
    problem = browser_unavailable(portal)
    if problem:
        raise PortalConfigError(portal.source_file or portal.id, "render", problem)
    return {
        "DOWNLOAD_HANDLERS": {"http": HANDLER, "https": HANDLER},
        "PLAYWRIGHT_BROWSER_TYPE": "chromium",
        "PLAYWRIGHT_LAUNCH_OPTIONS": {
            "executable_path": chromium_path(),
            "headless": True,
            # Root in a container has no user namespace for Chromium's sandbox; the pages
            # are government sites rendered into a throwaway profile.
            "args": ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"],
        },
        "PLAYWRIGHT_MAX_CONTEXTS": 1,
        "PLAYWRIGHT_MAX_PAGES_PER_CONTEXT": 2,
        "PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT": int(timeout_s * 1000),
    }


def _descendants(root: int) -> list[int]:
    """Process ids below ``root`` (the browser and its renderers), read from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def browser_memory(root: int | None = None) -> tuple[int, int]:
    """(RSS, PSS) in bytes of the Chromium processes below ``root`` (default: this process).

    RSS counts pages shared between Chromium's processes once per process; PSS shares them out."""
    rss = pss = 0
    for pid in _descendants(root or os.getpid()):
        proc = Path("/proc") / str(pid)
        try:
            if "chrom" not in (proc / "comm").read_text():
                continue
            for line in (proc / "smaps_rollup").read_text().splitlines():
                if line.startswith("Rss:"):
                    rss += int(line.split()[1]) * 1024
                elif line.startswith("Pss:"):
                    pss += int(line.split()[1]) * 1024
        except OSError:
            continue
    return rss, pss


class BrowserRenderMiddleware:
    """Send a ``render: browser`` portal's list and notice pages through the browser."""

    def __init__(self, crawler):
        from scrapy.exceptions import NotConfigured

        portal = getattr(crawler.spidercls, "portal", None)
        if getattr(portal, "render", None) != "browser":
            raise NotConfigured  # no message: Scrapy then does not log it for every other portal
        self.crawler = crawler
        self.pages = 0
        self.seconds = 0.0
        self.peak = (0, 0)

    @classmethod
    def from_crawler(cls, crawler):
        from scrapy import signals

        mw = cls(crawler)
        crawler.signals.connect(mw.spider_closed, signal=signals.spider_closed)
        return mw

    def process_request(self, request, spider=None):
        if request.meta.get("edunotice_kind") not in BROWSER_KINDS or "playwright" in request.meta:
            return None
        from scrapy_playwright.page import PageMethod

        navigations: list[tuple[int, dict, str]] = []
        received: list = []  # (playwright response, body) for the WARC
        seen: list[str] = []

        async def on_response(response) -> None:
            # Keep every main-frame document answer: the last one is the page shown.
            if response.request.is_navigation_request() and response.frame.parent_frame is None:
                navigations.append((response.status, response.headers, response.url))
            if response.request.resource_type in KEPT_RESOURCES:
                seen.append(response.url)
                try:
                    received.append((response, await response.body()))
                except Exception:  # noqa: BLE001 - a body the browser dropped (a redirect, a reload)
                    pass

        request.meta.update({
            "playwright": True,
            "playwright_page_event_handlers": {"response": on_response},
            # A challenge script sets its cookie and reloads; a list script fetches its data.
            "playwright_page_methods": [PageMethod("wait_for_load_state", "networkidle")],
            "edunotice_navigations": navigations,
            "edunotice_received": received,
            "edunotice_seen": seen,
        })
        return None

    def process_response(self, request, response, spider=None):
        if "playwright" not in (response.flags or []):
            return response
        self.pages += 1
        # scrapy-playwright's download_latency: navigation start to rendered HTML (no queue wait).
        self.seconds += request.meta.get("download_latency") or 0.0
        rss, pss = browser_memory()
        self.peak = (max(self.peak[0], rss), max(self.peak[1], pss))
        stats = self.crawler.stats
        stats.inc_value("edunotice/browser/pages")
        stats.max_value("edunotice/browser/rss_bytes", rss)
        self._keep_received(request)
        navigations = request.meta.get("edunotice_navigations") or []
        headers = response.headers.copy()
        status = response.status
        if navigations:
            status, last_headers, _url = navigations[-1]
            headers.clear()
            headers.update({k: v for k, v in last_headers.items()})
            if len(navigations) > 1:
                stats.inc_value("edunotice/browser/reloaded")
        for name in TRANSFER_HEADERS:
            headers.pop(name, None)
        headers[RENDERED_HEADER] = f"chromium; navigations={len(navigations)}; first_status={response.status}"
        return response.replace(status=status, headers=headers)

    def _warc(self):
        from crawler.middlewares import WarcCaptureMiddleware

        middlewares = self.crawler.engine.downloader.middleware.middlewares
        return next((m.capture for m in middlewares if isinstance(m, WarcCaptureMiddleware)), None)

    def _keep_received(self, request) -> None:
        """Write what the browser received (raw bytes, before its scripts ran) to the WARC,
        ahead of the rendered page's own record; count what could not be kept."""
        capture = self._warc()
        received = request.meta.get("edunotice_received") or []
        missed = len(request.meta.get("edunotice_seen") or []) - len(received)
        if missed > 0:
            self.crawler.stats.inc_value("edunotice/browser/received_not_kept", missed)
        if capture is None:
            return
        for response, body in received:
            headers = [(k, v) for k, v in response.headers.items() if k.lower() not in ("content-encoding",
                                                                                        "content-length")]
            headers.append((RAW_HEADER, response.request.resource_type))
            capture.capture(url=response.url, method=response.request.method,
                            request_headers=list(response.request.headers.items()), status=response.status,
                            response_headers=headers, body=body)
            self.crawler.stats.inc_value("edunotice/browser/received_kept")
        received.clear()

    def spider_closed(self, spider, reason):
        if self.pages:
            log.info("%s: browser rendered %d pages, %.2f s per page, Chromium RSS peak %.0f MB (PSS %.0f MB)",
                     spider.name, self.pages, self.seconds / self.pages, self.peak[0] / 2**20, self.peak[1] / 2**20)
