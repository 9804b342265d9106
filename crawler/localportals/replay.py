"""A local server that replays fixed pages by exact path and query: frozen real pages.

``serve_pages(pages)`` answers ``GET path?query`` with the bytes stored for that key (and
the Content-Type stored with them), 404 for anything else, on 127.0.0.1 (port 0 = a free
port). Unlike ``serve_site`` it maps query strings too (``detail.jsp?id=12`` and
``detail.jsp?id=13`` are two pages), which real portals use for notices and list pages.
``.hits`` lists every answered ``(path?query, status)``, so a test can tell what the crawler
asked for.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from w3lib.url import safe_url_string

from crawler.localportals.server import running


def page_key(url: str) -> str:
    """The key a page is stored and requested under: its percent-encoded path and query."""
    parts = urlsplit(safe_url_string(url))
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


class ReplayServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, pages: dict[str, tuple[bytes, str]], port: int = 0):
        self.pages = dict(pages)  # page_key -> (body, content type)
        self.hits: list[tuple[str, int]] = []
        self.lock = threading.Lock()
        super().__init__(("127.0.0.1", port), ReplayHandler)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class ReplayHandler(BaseHTTPRequestHandler):
    server: ReplayServer
    server_version = "edunotice-replay/1.0"

    def log_message(self, format, *args):  # noqa: A002 - keep test output quiet
        pass

    def do_HEAD(self):  # noqa: N802 - http.server naming
        self.do_GET(head=True)

    def do_GET(self, head: bool = False):  # noqa: N802 - http.server naming
        key = page_key(self.path)
        body, content_type = self.server.pages.get(key, (b"<html><body><h1>404 Not Found</h1></body></html>", ""))
        status = 200 if content_type else 404
        with self.server.lock:
            self.server.hits.append((key, status))
        self.send_response(status)
        self.send_header("Content-Type", content_type or "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head:
            self.wfile.write(body)


@contextmanager
def serve_pages(pages: dict[str, tuple[bytes, str]], port: int = 0) -> Iterator[ReplayServer]:
    """Serve ``pages`` ({page_key: (bytes, content type)}) for the duration of the block."""
    with running(ReplayServer(pages, port), "replay") as server:
        yield server
