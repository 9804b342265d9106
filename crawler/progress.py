"""Live progress of a crawl on an interactive terminal: one line per portal, redrawn in place.

``edunotice crawl`` turns it on when stderr is a terminal and ``--quiet`` is not given;
under cron (no terminal) nothing is drawn, and only the summary table and errors are
printed. All portals crawled by one process share one :class:`ProgressBoard`, a
``rich.progress.Progress`` on stderr that redraws itself; while it is live, log messages on
stderr are printed above it, so warnings stay readable. Reads settings:

EDUNOTICE_PROGRESS            draw the board (default False)
EDUNOTICE_PROGRESS_INTERVAL   seconds between redraws (default 0.5)
"""

from __future__ import annotations

import logging
import sys
from typing import TextIO

from rich.console import Console
from rich.progress import Progress, TaskID, TextColumn, TimeElapsedColumn
from scrapy import signals
from scrapy.exceptions import NotConfigured

from crawler.items import FailedFetch, FetchedNotice, GoneNotice, NotModified

LINE = ("{task.description}  pages {task.fields[pages]:>5}  notices {task.fields[notices]:>5}  "
        "errors {task.fields[errors]:>4}  {task.fields[mb]:>7.1f} MB")


class ProgressBoard:
    """The lines of every portal crawling in this process."""

    def __init__(self, stream: TextIO, interval: float = 0.5):
        self.console = Console(file=stream, highlight=False)
        self.interval = interval
        self.progress: Progress | None = None
        self.tasks: dict[str, TaskID] = {}
        self._handlers: list[tuple[logging.StreamHandler, TextIO]] = []

    def add(self, portal_id: str) -> TaskID:
        if self.progress is None:
            self.progress = Progress(TextColumn(LINE), TimeElapsedColumn(), TextColumn("{task.fields[state]}"),
                                     console=self.console, refresh_per_second=1 / self.interval,
                                     redirect_stderr=self.console.file is sys.stderr, redirect_stdout=False)
            self.progress.start()
            self._route_logs_above_the_board()
        if portal_id not in self.tasks:
            self.tasks[portal_id] = self.progress.add_task(portal_id, total=None, pages=0, notices=0, errors=0,
                                                           mb=0.0, state="crawling")
        return self.tasks[portal_id]

    def _route_logs_above_the_board(self) -> None:
        """Our stderr log handler holds the real stderr; point it at rich's proxy while live."""
        for handler in logging.root.handlers:
            if isinstance(handler, logging.StreamHandler) and handler.stream is self.console.file:
                self._handlers.append((handler, handler.stream))
                handler.setStream(sys.stderr)

    def count(self, portal_id: str, *, pages: int = 0, notices: int = 0, errors: int = 0, nbytes: int = 0) -> None:
        task_id = self.tasks[portal_id]
        fields = self.progress.tasks[task_id].fields
        self.progress.update(task_id, pages=fields["pages"] + pages, notices=fields["notices"] + notices,
                             errors=fields["errors"] + errors, mb=fields["mb"] + nbytes / 1e6)

    def finish(self, portal_id: str) -> None:
        self.progress.update(self.tasks[portal_id], state="done")
        self.progress.stop_task(self.tasks[portal_id])
        if all(task.finished or task.stop_time is not None for task in self.progress.tasks):
            self.progress.stop()  # the final counts stay on screen, above the summary table
            for handler, stream in self._handlers:
                handler.setStream(stream)
            self._handlers.clear()
            self.progress, self.tasks = None, {}


_board: ProgressBoard | None = None


def board(interval: float) -> ProgressBoard:
    """The process's one board on stderr (every crawler in the process draws on it)."""
    global _board
    if _board is None:
        _board = ProgressBoard(sys.stderr, interval)
    return _board


class ProgressExtension:
    """Counts one crawler's pages, notices and errors onto the shared board."""

    def __init__(self, crawler):
        if not crawler.settings.getbool("EDUNOTICE_PROGRESS", False):
            raise NotConfigured  # bare: a message would be logged as a warning on every run
        self.crawler = crawler
        self.interval = crawler.settings.getfloat("EDUNOTICE_PROGRESS_INTERVAL", 0.5)
        self.portal_id: str | None = None

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
        board(self.interval).add(spider.name)
        self.portal_id = spider.name

    def spider_closed(self, spider, reason):
        if self.portal_id is not None:
            board(self.interval).finish(self.portal_id)

    def response_received(self, response, request, spider):
        board(self.interval).count(self.portal_id, pages=1, nbytes=len(response.body))

    def item_scraped(self, item, response, spider):
        if isinstance(item, FetchedNotice):
            record = item.record or {}
            extraction_failed = not (record.get("title") and record.get("text"))
            board(self.interval).count(self.portal_id, notices=1, errors=len(item.problems) + extraction_failed)
        elif isinstance(item, (NotModified, GoneNotice)):
            board(self.interval).count(self.portal_id, notices=1)
        elif isinstance(item, FailedFetch):
            board(self.interval).count(self.portal_id, errors=1)

    def item_error(self, item, response, spider, failure):
        board(self.interval).count(self.portal_id, errors=1)
