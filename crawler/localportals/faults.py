"""A local portal server that misbehaves on purpose: slow pages, 5xx answers, a request log.

``serve_faulty(root, **faults)`` serves a site directory like ``serve_site`` (same ETag/304
behaviour, same ``.requests`` and ``.bytes_sent`` counters) and additionally:

- ``delay`` seconds before answering each request whose path matches ``delay_paths``
  (a regex searched in the path; default every path): a slow government server, or a
  timeout when the delay exceeds the crawler's DOWNLOAD_TIMEOUT;
- ``fail_status`` (e.g. 503) for paths matching ``fail_paths``, for every request or only
  the first ``fail_times`` requests of each path (a server that recovers);
- ``redirects``: {path: target path} answered with a 301 (a CMS moving a page, or a
  deleted page sent to the home page: a "soft 404");
- ``session_id``: a Java servlet container that has not yet seen the client's cookie: every
  ``href`` to an .html/.htm page in an HTML answer carries ``;jsessionid=<session_id>``, and
  a request path carrying one is served as without it (a new id each night is a new session);
- ``.hits``: every answered request as a :class:`Hit` (path, status, bytes, when), so a
  test can tell which pages were downloaded with a 200 and which were only re-checked.

``server.faults`` is a plain mutable object: a test switches a healthy server to failing
between two crawls by assigning to it.
"""

from __future__ import annotations

import re
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from crawler.localportals.server import SiteHandler, SiteServer, running

SESSION_IN_PATH = re.compile(r";jsessionid=[^/?#]*", re.I)
PAGE_HREF = re.compile(rb'(href=["\'][^"\'#?]+\.html?)((?:\?[^"\'#]*)?["\'])', re.I)


@dataclass
class Faults:
    delay: float = 0.0
    delay_paths: str = ""  # regex searched in the path; "" matches every path
    fail_status: int | None = None
    fail_paths: str = ""
    fail_times: int | None = None  # fail only the first N requests of each matching path
    failed: Counter = field(default_factory=Counter)  # path -> failures served so far
    redirects: dict = field(default_factory=dict)  # path -> path it is moved to (301)
    session_id: str = ""  # links written with ;jsessionid=<this> (a servlet's URL rewriting)

    def slows(self, path: str) -> bool:
        return self.delay > 0 and re.search(self.delay_paths, path) is not None

    def fails(self, path: str) -> bool:
        if self.fail_status is None or re.search(self.fail_paths, path) is None:
            return False
        return self.fail_times is None or self.failed[path] < self.fail_times


@dataclass(frozen=True)
class Hit:
    path: str
    status: int
    nbytes: int
    at: float  # time.monotonic() when the answer was sent


class FaultyServer(SiteServer):
    def __init__(self, root: Path, port: int = 0, faults: Faults | None = None):
        super().__init__(root, port)
        self.RequestHandlerClass = FaultyHandler
        self.faults = faults or Faults()
        self.hits: list[Hit] = []

    def handle_error(self, request, client_address) -> None:
        """A crawler killed mid-transfer is a scenario here, not a server error worth a traceback."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)

    def log_hit(self, hit: Hit) -> None:
        with self.lock:
            self.hits.append(hit)

    def hits_for(self, path: str) -> list[Hit]:
        with self.lock:
            return [h for h in self.hits if h.path == path]


class FaultyHandler(SiteHandler):
    server: FaultyServer

    def do_GET(self, head: bool = False):  # noqa: N802 - http.server naming
        self.path = SESSION_IN_PATH.sub("", self.path)  # the servlet reads its session id off the path
        path = urlsplit(self.path).path
        faults = self.server.faults
        if faults.slows(path):
            time.sleep(faults.delay)
        if path in faults.redirects:
            self._send(301, b"", {"Location": faults.redirects[path], "Content-Type": "text/html"}, head)
            return
        if faults.fails(path):
            with self.server.lock:
                faults.failed[path] += 1
            body = f"<html><body><h1>{faults.fail_status} injected fault</h1></body></html>".encode()
            self._send(faults.fail_status, body, {"Content-Type": "text/html"}, head)
            return
        super().do_GET(head)

    def _send(self, status: int, body: bytes, headers: dict, head: bool) -> None:
        session = self.server.faults.session_id
        if session and body and headers.get("Content-Type", "").startswith("text/html"):
            body = PAGE_HREF.sub(rb"\1;jsessionid=" + session.encode() + rb"\2", body)
        super()._send(status, body, headers, head)

    def _record(self, status: int, nbytes: int) -> None:
        super()._record(status, nbytes)
        self.server.log_hit(Hit(urlsplit(self.path).path, status, nbytes, time.monotonic()))


@contextmanager
def serve_faulty(root: Path, port: int = 0, **faults) -> Iterator[FaultyServer]:
    """Serve ``root`` with the given :class:`Faults` for the duration of the block."""
    with running(FaultyServer(root, port, Faults(**faults)), f"faulty-{Path(root).name}") as server:
        yield server
