"""A small static HTTP server for local portals, behaving like a government web server.

It serves one site directory on 127.0.0.1 (port 0 = a free port), answers conditional
requests (ETag from the content hash, Last-Modified from the file time, 304 when either
matches), 404 for missing files, and labels HTML with the site's charset from
``_site.json`` — or with none, as GBK portals that only declare ``<meta charset=gb2312>``
do. It counts requests and bytes sent, which tests and benchmarks read.
"""

from __future__ import annotations

import hashlib
import json
import mimetypes
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from email.utils import formatdate, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from crawler.localportals.build import SITE_META

HTML_TYPES = {".html", ".htm", ".shtml"}


class SiteServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, root: Path, port: int = 0):
        self.root = Path(root).resolve()
        meta_path = self.root / SITE_META
        self.meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {"charset": "utf-8"}
        self.requests = 0
        self.bytes_sent = 0
        self.lock = threading.Lock()
        super().__init__(("127.0.0.1", port), SiteHandler)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def count(self, nbytes: int) -> None:
        with self.lock:
            self.requests += 1
            self.bytes_sent += nbytes


class SiteHandler(BaseHTTPRequestHandler):
    server: SiteServer
    server_version = "edunotice-localportal/1.0"

    def log_message(self, format, *args):  # noqa: A002 - keep test output quiet
        pass

    def _file(self) -> Path | None:
        rel = unquote(urlsplit(self.path).path).lstrip("/")
        path = (self.server.root / rel).resolve()
        if path.is_dir():
            for index in ("index.html", "index.htm"):
                if (path / index).is_file():
                    return path / index
            return None
        if self.server.root not in path.parents or not path.is_file() or path.name == SITE_META:
            return None
        return path

    def do_HEAD(self):  # noqa: N802 - http.server naming
        self.do_GET(head=True)

    def do_GET(self, head: bool = False):  # noqa: N802 - http.server naming
        path = self._file()
        if path is None:
            body = b"<html><body><h1>404 Not Found</h1></body></html>"
            self._send(404, body, {"Content-Type": "text/html"}, head)
            return
        data = path.read_bytes()
        etag = '"' + hashlib.sha1(data).hexdigest()[:20] + '"'
        mtime = int(path.stat().st_mtime)
        headers = {"ETag": etag, "Last-Modified": formatdate(mtime, usegmt=True),
                   "Content-Type": self._content_type(path)}
        if self._not_modified(etag, mtime):
            self._send(304, b"", headers, head=True)
            return
        self._send(200, data, headers, head)

    def _not_modified(self, etag: str, mtime: int) -> bool:
        if_none_match = self.headers.get("If-None-Match")
        if if_none_match is not None:
            return etag in [t.strip() for t in if_none_match.split(",")] or if_none_match.strip() == "*"
        since = self.headers.get("If-Modified-Since")
        if since:
            try:
                return mtime <= parsedate_to_datetime(since).timestamp()
            except (TypeError, ValueError):
                return False
        return False

    def _content_type(self, path: Path) -> str:
        if path.suffix.lower() in HTML_TYPES:
            charset = self.server.meta.get("charset")
            return f"text/html; charset={charset}" if charset else "text/html"
        guessed = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return f"{guessed}; charset=utf-8" if guessed.startswith("text/") else guessed

    def _send(self, status: int, body: bytes, headers: dict, head: bool) -> None:
        # Counted before the answer leaves: a client that has its response sees it counted.
        self._record(status, 0 if head else len(body))
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        if status != 304:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head and body:
            self.wfile.write(body)

    def _record(self, status: int, nbytes: int) -> None:
        self.server.count(nbytes)


@contextmanager
def running(server: ThreadingHTTPServer, name: str) -> Iterator:
    """Run ``server`` in a daemon thread for the duration of the block, then shut it down
    (every local test server: sample portals, faults, glitches, challenges)."""
    thread = threading.Thread(target=server.serve_forever, name=name, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@contextmanager
def serve_site(root: Path, port: int = 0) -> Iterator[SiteServer]:
    """Serve ``root`` on 127.0.0.1 in a background thread for the duration of the block."""
    with running(SiteServer(root, port), f"localportal-{root.name}") as server:
        yield server
