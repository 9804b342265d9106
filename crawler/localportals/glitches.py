"""A local portal server that has bad nights: pages that are not the notice, served with 200.

``serve_glitchy(root)`` serves a site directory like ``serve_site`` (same ETag/304
behaviour and counters); ``server.glitches`` maps a path to the glitch it serves instead of
the file, and a test changes it between two crawls ("one night"):

- ``maintenance``: a 200 "系统维护中" page;
- ``garbage``: random bytes labelled ``text/html``;
- ``cut``: the first 60% of the page, then the connection closes (no Content-Length);
- ``short``: a Content-Length for the whole page, 60% of it sent, then the connection closes;
- ``empty``: a 200 with an empty body;
- ``chrome``: the site's frame without the notice (title and most of the text gone).

None of these responses carries an ETag or Last-Modified, as such pages rarely do.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

from crawler.localportals.server import SiteHandler, SiteServer, running

GLITCHES = ("maintenance", "garbage", "cut", "short", "empty", "chrome")
MAINTENANCE_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>系统维护中</title></head>
<body><div class="wrap"><h2>系统维护中</h2><p>网站正在升级维护，请稍后再试。给您带来不便，敬请谅解。</p></div>
</body></html>"""
CHROME_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>首页</title></head>
<body><div class="nav">首页 | 机构概况 | 通知公告 | 政务公开</div><div class="main"><p>暂无内容</p></div>
<div class="foot">版权所有 主办单位：教育局</div></body></html>"""
CUT_SHARE = 0.6


class GlitchServer(SiteServer):
    def __init__(self, root: Path, port: int = 0):
        super().__init__(root, port)
        self.RequestHandlerClass = GlitchHandler
        self.glitches: dict[str, str] = {}  # path -> one of GLITCHES
        self.served: list[tuple[str, str]] = []  # (path, glitch) as answered

    def handle_error(self, request, client_address) -> None:
        """A connection closed mid-body is the point here, not a server error."""


class GlitchHandler(SiteHandler):
    server: GlitchServer

    def do_GET(self, head: bool = False):  # noqa: N802 - http.server naming
        path = urlsplit(self.path).path
        glitch = self.server.glitches.get(path)
        real = self._file()
        if glitch is None or real is None:
            super().do_GET(head)
            return
        with self.server.lock:
            self.server.served.append((path, glitch))
        data = real.read_bytes()
        html = {"Content-Type": "text/html; charset=utf-8"}
        if glitch == "maintenance":
            self._send(200, MAINTENANCE_PAGE.encode(), html, head)
        elif glitch == "chrome":
            self._send(200, CHROME_PAGE.encode(), html, head)
        elif glitch == "garbage":
            self._send(200, random.Random(path).randbytes(len(data)), {"Content-Type": "text/html"}, head)
        elif glitch == "empty":
            self._send(200, b"", {"Content-Type": self._content_type(real)}, head)
        elif glitch in ("cut", "short"):
            self._record(200, int(len(data) * CUT_SHARE))
            self.send_response(200)
            self.send_header("Content-Type", self._content_type(real))
            if glitch == "short":
                self.send_header("Content-Length", str(len(data)))
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(data[: int(len(data) * CUT_SHARE)])
            self.wfile.flush()
            self.close_connection = True
        else:
            raise ValueError(f"unknown glitch {glitch!r}; one of {GLITCHES}")


@contextmanager
def serve_glitchy(root: Path, port: int = 0) -> Iterator[GlitchServer]:
    """Serve ``root`` on 127.0.0.1, with ``server.glitches`` to switch pages bad and back."""
    with running(GlitchServer(root, port), f"glitchy-{Path(root).name}") as server:
        yield server
