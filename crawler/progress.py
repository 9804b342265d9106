"""Live progress of a crawl on an interactive terminal: one line per portal, redrawn in place.

``edunotice crawl`` turns it on when stderr is a terminal and ``--quiet`` is not given;
under cron (no terminal) nothing is drawn, and only the summary table and errors are
printed. All portals crawled by one process share one :class:`ProgressBoard` on stderr;
a log message is printed above the board (the board is cleared first and redrawn on
the next tick), so warnings stay readable. Reads settings:

EDUNOTICE_PROGRESS            draw the board (default False)
EDUNOTICE_PROGRESS_INTERVAL   seconds between redraws (default 0.5)
"""

from __future__ import annotations

import logging
import sys
import time
from dataclasses import dataclass, field
from typing import TextIO

from scrapy import signals
from scrapy.exceptions import NotConfigured
from twisted.internet import task

from crawler.items import FailedFetch, FetchedNotice, GoneNotice, NotModified

CLEAR_LINE = "\x1b[2K"
CLEAR_BELOW = "\x1b[J"


def _cursor_up(lines: int) -> str:
    return f"\x1b[{lines}F" if lines else "\r"


@dataclass
class PortalProgress:
    portal_id: str
    pages: int = 0
    notices: int = 0
    errors: int = 0
    bytes: int = 0
    started: float = field(default_factory=time.monotonic)
    finished: float | None = None

    def line(self, width: int) -> str:
        took = (self.finished or time.monotonic()) - self.started
        state = "done" if self.finished else "crawling"
        return (f"{self.portal_id:<{width}}  pages {self.pages:>5}  notices {self.notices:>5}  "
                f"errors {self.errors:>4}  {self.bytes / 1e6:>7.1f} MB  {took:>5.0f} s  {state}")


class ProgressBoard(logging.Filter):
    """The lines of every portal crawling in this process; also a log filter that clears them."""

    def __init__(self, stream: TextIO):
        super().__init__()
        self.stream = stream
        self.portals: dict[str, PortalProgress] = {}
        self.drawn = 0
        self.loop: task.LoopingCall | None = None

    def add(self, portal_id: str, interval: float) -> PortalProgress:
        progress = self.portals.setdefault(portal_id, PortalProgress(portal_id))
        if self.loop is None:
            for handler in logging.root.handlers:
                handler.addFilter(self)
            self.loop = task.LoopingCall(self.draw)
            self.loop.start(interval, now=False)
        return progress

    def finish(self, portal_id: str) -> None:
        self.portals[portal_id].finished = time.monotonic()
        if all(p.finished for p in self.portals.values()):
            self.draw()  # the final counts stay on screen, above the summary table
            self.drawn = 0
            if self.loop is not None and self.loop.running:
                self.loop.stop()
            self.loop = None
            for handler in logging.root.handlers:
                handler.removeFilter(self)

    def draw(self) -> None:
        width = max(len(p) for p in self.portals)
        out = [_cursor_up(self.drawn)]
        out += [CLEAR_LINE + p.line(width) + "\n" for p in self.portals.values()]
        self.stream.write("".join(out))
        self.stream.flush()
        self.drawn = len(self.portals)

    def clear(self) -> None:
        if self.drawn:
            self.stream.write(_cursor_up(self.drawn) + CLEAR_BELOW)
            self.stream.flush()
            self.drawn = 0

    def filter(self, record: logging.LogRecord) -> bool:
        self.clear()  # the message is printed where the board was; the next tick redraws below
        return True


_board: ProgressBoard | None = None


def board() -> ProgressBoard:
    """The process's one board on stderr (every crawler in the process draws on it)."""
    global _board
    if _board is None:
        _board = ProgressBoard(sys.stderr)
    return _board


class ProgressExtension:
    """Counts one crawler's pages, notices and errors onto the shared board."""

    def __init__(self, crawler):
        if not crawler.settings.getbool("EDUNOTICE_PROGRESS", False):
            raise NotConfigured  # bare: a message would be logged as a warning on every run
        self.crawler = crawler
        self.interval = crawler.settings.getfloat("EDUNOTICE_PROGRESS_INTERVAL", 0.5)
        self.progress: PortalProgress | None = None

    @classmethod
    def from_crawler(cls, crawler):
        ext = cls(crawler)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(ext.response_received, signal=signals.response_received)
        crawler.signals.connect(ext.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(ext.item_error, signal=signals.item_error)
        return ext

    def spider_opened(self, spider):
        self.progress = board().add(spider.name, self.interval)

    def spider_closed(self, spider, reason):
        if self.progress is not None:
            board().finish(spider.name)

    def response_received(self, response, request, spider):
        self.progress.pages += 1
        self.progress.bytes += len(response.body)

    def item_scraped(self, item, response, spider):
        if isinstance(item, FetchedNotice):
            self.progress.notices += 1
            record = item.record or {}
            extraction_failed = not (record.get("title") and record.get("text"))
            self.progress.errors += len(item.problems) + extraction_failed
        elif isinstance(item, (NotModified, GoneNotice)):
            self.progress.notices += 1
        elif isinstance(item, FailedFetch):
            self.progress.errors += 1

    def item_error(self, item, response, spider, failure):
        self.progress.errors += 1
