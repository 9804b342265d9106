"""The fault suite: one local portal whose every notice misbehaves in its own way at night 2.

``serve_fault_suite()`` starts two servers on 127.0.0.1: the *portal* (a list page linking
one notice per case in :data:`CASES`, ``robots.txt``, a second start URL, endless
pagination) and a *victim* on another port that records every request it gets. Night 1
(``server.night = 1``) every case serves a healthy notice page; night 2 each case serves
its fault: 5xx bursts, timeouts, a trickle, truncation with and without Content-Length,
Content-Length lies, gzip/deflate bombs, oversized pages and attachments, a charset lie,
binary served as HTML, redirect loops and redirects off the portal (another port of the
same machine, a name that resolves to loopback), soft 404s (a redirect home, error templates
served with 200), Content-Length shorter and longer than the body (pages and attachments), a
robots.txt disallow and terminal escape sequences in the text. ``tests/faults`` crawls both nights and checks
each case; ``bench/memory.py`` measures the crawl's memory through it.

Everything is generated in memory; timings follow ``slow_seconds`` (set it above the
crawl's DOWNLOAD_TIMEOUT).
"""

from __future__ import annotations

import gzip
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

LIST_PATH = "/list/index.html"
REDIRECTED_LIST_PATH = "/moved-list/index.html"  # night 2: a list page redirected to the victim
BOMB_BYTES = 20 * 1024 * 1024  # inflated size of the gzip/deflate bombs (compressed: ~20 KB)
OVERSIZED_BYTES = 6 * 1024 * 1024  # above the 5 MB default page limit
REDIRECTED_ATTACHMENT = b"%PDF-1.4\n" + "实施方案".encode() * 500 + b"\n%%EOF\n"  # behind /files/get.pdf's 302
ESCAPES = "\x1b]0;pwned title\x07\x1b]52;c;cm0gLXJmIH4=\x07\x1b[2J\x1b[31m红字\x1b[0m\x9b31m"

# case -> what night 2 does (the test's table holds what the archive must show for each)
CASES = {
    "ok": "a healthy page (control)",
    "burst_503": "503 on the first request of the night, then the page (a retry recovers)",
    "always_500": "500 on every request",
    "timeout": "no answer before the crawler's timeout",
    "trickle": "headers, then one byte every 0.25 s",
    "truncated_cl": "half the announced Content-Length, then the connection closes",
    "truncated_nocl": "half the page without Content-Length, then the connection closes",
    "cl_lie_long": "Content-Length announces twice the bytes sent, connection closes",
    "cl_overrun": "Content-Length announces less than the bytes sent (the page, then 2 KB more)",
    "gzip_bomb": "Content-Encoding gzip inflating to 20 MB",
    "deflate_bomb": "Content-Encoding deflate inflating to 20 MB",
    "oversized": "a 6 MB page with Content-Length",
    "oversized_nocl": "a 6 MB page without Content-Length",
    "charset_lie": "GBK bytes under a charset=utf-8 header (the page's meta says gbk)",
    "binary_as_html": "random bytes served as text/html",
    "redirect_loop": "302 to itself, forever",
    "redirect_offport": "302 to the victim (same host, another port)",
    "redirect_offhost": "302 to localhost. on the victim's port (a name that is loopback)",
    "soft404": "302 to the home page (the CMS deleted the notice)",
    "soft404_200": "200 with a 页面不存在 error template (its title says so)",
    "soft404_200_short": "200 with the site's title and one line: 您访问的页面不存在或已被删除",
    "robots_blocked": "robots.txt disallows it tonight",
    "escapes": "text carrying OSC/CSI terminal escape sequences (archived; printed stripped)",
    "big_attachment": "the notice links a 3 MB attachment (over the test's attachment limit)",
    "attachment_offport": "the notice links an attachment redirected to the victim",
    "attachment_redirect": "the notice links a download URL answering 302 to the file on the same host",
    "attachment_cl_short": "the notice links an attachment sending more bytes than its Content-Length",
    "attachment_cl_long": "the notice links an attachment sending half its Content-Length, then closing",
}


def notice_html(case: str, *, charset: str = "utf-8", extra: str = "") -> str:
    body = "".join(f"<p>第{i}条 关于{case}测试的通知正文，各学校应认真落实本通知要求，按时报送材料。</p>"
                   for i in range(1, 9))
    return (f'<!DOCTYPE html><html><head><meta charset="{charset}"><title>关于{case}的通知</title></head>'
            f'<body><div class="article"><h1>关于{case}的通知</h1><p class="info">发布时间：2024-03-01</p>'
            f'<div class="content">{body}{extra}</div></div></body></html>')


def list_html(page_no: int) -> str:
    """List page ``page_no`` (1: every case; later pages: the control again, and a next page
    forever: endless pagination)."""
    cases = CASES if page_no == 1 else ["ok"]
    links = "".join(f'<li><a href="/n/{case}.html">关于{case}的通知</a><span>2024-03-01</span></li>'
                    for case in cases)
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>通知公告</title></head><body>'
            f'<ul class="notices">{links}</ul><a href="index_{page_no + 1}.html">下一页</a></body></html>')


@cache
def _bomb(encoding: str) -> bytes:
    zeros = b" " * BOMB_BYTES
    if encoding == "gzip":
        return gzip.compress(zeros, compresslevel=9)
    return zlib.compress(zeros, 9)


class RecordingServer(ThreadingHTTPServer):
    """The victim: answers 200 to anything and records every request line it received."""

    daemon_threads = True

    def __init__(self) -> None:
        self.hits: list[str] = []
        super().__init__(("127.0.0.1", 0), _RecordingHandler)

    @property
    def port(self) -> int:
        return self.server_address[1]


class _RecordingHandler(BaseHTTPRequestHandler):
    server: RecordingServer

    def log_message(self, format, *args):  # noqa: A002 - quiet
        pass

    def do_GET(self):  # noqa: N802 - http.server naming
        self.server.hits.append(self.path)
        body = b"<html><body><h1>internal service</h1></body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class FaultSuiteServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        """A crawler hanging up on a fault is the scenario, not a server error worth a traceback."""
        import sys

        if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            super().handle_error(request, client_address)

    def __init__(self, victim: RecordingServer, slow_seconds: float = 3.0) -> None:
        self.victim = victim
        self.night = 1
        self.slow_seconds = slow_seconds
        self.requests: list[tuple[int, str]] = []  # (night, path) of every request
        self.lock = threading.Lock()
        for encoding in ("gzip", "deflate"):  # compress the bombs now, not within a request's timeout
            _bomb(encoding)
        super().__init__(("127.0.0.1", 0), FaultSuiteHandler)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def requests_for(self, path: str, night: int | None = None) -> int:
        with self.lock:
            return sum(1 for n, p in self.requests if p == path and night in (None, n))


class FaultSuiteHandler(BaseHTTPRequestHandler):
    server: FaultSuiteServer
    protocol_version = "HTTP/1.0"  # a body without Content-Length ends when the connection closes

    def log_message(self, format, *args):  # noqa: A002 - quiet
        pass

    def do_GET(self):  # noqa: N802 - http.server naming
        path = urlsplit(self.path).path
        with self.server.lock:
            self.server.requests.append((self.server.night, path))
            first_tonight = sum(1 for n, p in self.server.requests if (n, p) == (self.server.night, path)) == 1
        try:
            self._route(path, first_tonight)
        except (ConnectionError, TimeoutError):
            pass  # the crawler hung up on a fault: the scenario, not a server error

    # --- plumbing -----------------------------------------------------------------------
    def _send(self, status: int, body: bytes, content_type: str = "text/html; charset=utf-8",
              headers: dict | None = None, length: int | None = -1) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        if length is not None:
            self.send_header("Content-Length", str(len(body) if length == -1 else length))
        self.end_headers()
        self.wfile.write(body)

    def _redirect(self, location: str) -> None:
        self._send(302, b"", headers={"Location": location})

    def _route(self, path: str, first_tonight: bool) -> None:
        night, victim = self.server.night, self.server.victim.port
        if path == "/robots.txt":
            rules = "Disallow: /n/robots_blocked.html\n" if night == 2 else "Disallow:\n"
            self._send(200, f"User-agent: *\n{rules}".encode(), "text/plain")
        elif path in ("/", "/index.html"):
            self._send(200, "<html><head><title>首页</title></head><body><h1>首页</h1></body></html>".encode())
        elif path.startswith("/list/index"):
            page = path.removeprefix("/list/index").removesuffix(".html").lstrip("_")
            self._send(200, list_html(int(page) + 1 if page.isdigit() else 1).encode())
        elif path == REDIRECTED_LIST_PATH:
            if night == 2:
                self._redirect(f"http://127.0.0.1:{victim}/list/index.html")
            else:
                self._send(200, list_html(2).encode())
        elif path.startswith("/files/"):
            self._attachment(path)
        elif path.startswith("/n/") and path.endswith(".html"):
            case = path.removeprefix("/n/").removesuffix(".html")
            handler = FAULTS.get(case) if night == 2 else None
            if case not in CASES:
                self._send(404, b"<html><body>404</body></html>")
            elif handler is not None:
                handler(self, case, first_tonight)
            else:
                self._send(200, _healthy(case, self.server))
        else:
            self._send(404, b"<html><body>404</body></html>")

    def _attachment(self, path: str) -> None:
        if path == "/files/big.pdf":
            self._send(200, b"%PDF-1.4\n" + b"0" * (3 * 1024 * 1024), "application/pdf")
        elif path == "/files/moved.pdf":
            self._redirect(f"http://127.0.0.1:{self.server.victim.port}/secret.pdf")
        elif path == "/files/get.pdf":  # a CMS download link: 302 to the stored file
            self._redirect("/files/stored/fangan.pdf")
        elif path == "/files/stored/fangan.pdf":
            self._send(200, REDIRECTED_ATTACHMENT, "application/pdf")
        elif path in ("/files/short.pdf", "/files/long.pdf"):
            body = b"%PDF-1.4\n" + b"1" * 20000 + b"\n%%EOF\n"
            if self.server.night == 1:
                self._send(200, body, "application/pdf")
            elif path == "/files/short.pdf":  # announces less than it sends
                self._send(200, body + b"0" * 4096, "application/pdf", length=len(body))
            else:  # announces more than it sends, then closes
                self._send(200, body[: len(body) // 2], "application/pdf", length=len(body))
        else:
            self._send(404, b"<html><body>404</body></html>")

    # --- night-2 faults -----------------------------------------------------------------
    def burst(self, case: str, first: bool) -> None:
        if first:
            self._send(503, b"<html><body>503 busy</body></html>")
        else:
            self._send(200, _healthy(case, self.server))

    def always_500(self, case: str, first: bool) -> None:
        self._send(500, b"<html><body>500 internal error</body></html>")

    def stall(self, case: str, first: bool) -> None:
        time.sleep(self.server.slow_seconds)
        self._send(200, _healthy(case, self.server))

    def trickle(self, case: str, first: bool) -> None:
        body = _healthy(case, self.server)
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        deadline = time.monotonic() + self.server.slow_seconds * 2
        for byte in body:
            if time.monotonic() > deadline:
                break
            self.wfile.write(bytes([byte]))
            self.wfile.flush()
            time.sleep(0.25)

    def truncated(self, case: str, first: bool) -> None:
        body = _healthy(case, self.server)
        half = body[: len(body) // 2]
        if case == "truncated_cl":
            self._send(200, half, length=len(body))
        elif case == "cl_lie_long":
            self._send(200, body, length=len(body) * 2)
        elif case == "cl_overrun":  # the announced bytes end after </html>: only the overrun tells
            self._send(200, body + b"<!-- " + b"x" * 2048 + b" -->", length=len(body))
        else:
            self._send(200, half, length=None)

    def bomb(self, case: str, first: bool) -> None:
        encoding = "gzip" if case == "gzip_bomb" else "deflate"
        self._send(200, _bomb(encoding), headers={"Content-Encoding": encoding})

    def oversized(self, case: str, first: bool) -> None:
        filler = "<p>" + "填充" * 1000 + "</p>"
        page = notice_html(case, extra=filler * (OVERSIZED_BYTES // len(filler.encode()) + 1)).encode()
        self._send(200, page, length=-1 if case == "oversized" else None)

    def soft404_200(self, case: str, first: bool) -> None:
        if case == "soft404_200":
            page = ('<!DOCTYPE html><html><head><meta charset="utf-8"><title>页面不存在</title></head><body>'
                    '<div class="error"><img src="/images/404.png"><h2>抱歉，您访问的页面不存在或已被删除！</h2>'
                    '<p>请检查网址是否正确，或<a href="/">返回首页</a>。</p></div></body></html>')
        else:
            page = ('<!DOCTYPE html><html><head><meta charset="utf-8"><title>故障测试市教育局</title></head><body>'
                    '<div class="content"><p>您访问的页面不存在或已被删除</p></div></body></html>')
        self._send(200, page.encode())

    def charset_lie(self, case: str, first: bool) -> None:
        self._send(200, notice_html(case, charset="gbk").encode("gbk"), "text/html; charset=utf-8")

    def binary(self, case: str, first: bool) -> None:
        self._send(200, bytes(range(256)) * 256, "text/html")

    def redirect(self, case: str, first: bool) -> None:
        victim = self.server.victim.port
        self._redirect({"redirect_loop": "/n/redirect_loop.html?again",
                        "redirect_offport": f"http://127.0.0.1:{victim}/n/redirect_offport.html",
                        "redirect_offhost": f"http://localhost.:{victim}/n/redirect_offhost.html",
                        "soft404": "/index.html"}[case])


def _healthy(case: str, server: FaultSuiteServer) -> bytes:
    extra = ""
    if case == "escapes":
        extra = f"<p>转义{ESCAPES}结束</p>"
    elif case == "big_attachment":
        extra = '<p>附件：<a href="/files/big.pdf">报名表.pdf</a></p>'
    elif case == "attachment_offport":
        extra = '<p>附件：<a href="/files/moved.pdf">名单.pdf</a></p>'
    elif case == "attachment_redirect":
        extra = '<p>附件：<a href="/files/get.pdf">实施方案.pdf</a></p>'
    elif case == "attachment_cl_short":
        extra = '<p>附件：<a href="/files/short.pdf">汇总表.pdf</a></p>'
    elif case == "attachment_cl_long":
        extra = '<p>附件：<a href="/files/long.pdf">申报书.pdf</a></p>'
    return notice_html(case, extra=extra).encode()


FAULTS: dict[str, Callable[[FaultSuiteHandler, str, bool], None]] = {
    "burst_503": FaultSuiteHandler.burst,
    "always_500": FaultSuiteHandler.always_500,
    "timeout": FaultSuiteHandler.stall,
    "trickle": FaultSuiteHandler.trickle,
    "truncated_cl": FaultSuiteHandler.truncated,
    "truncated_nocl": FaultSuiteHandler.truncated,
    "cl_lie_long": FaultSuiteHandler.truncated,
    "cl_overrun": FaultSuiteHandler.truncated,
    "gzip_bomb": FaultSuiteHandler.bomb,
    "deflate_bomb": FaultSuiteHandler.bomb,
    "oversized": FaultSuiteHandler.oversized,
    "oversized_nocl": FaultSuiteHandler.oversized,
    "charset_lie": FaultSuiteHandler.charset_lie,
    "binary_as_html": FaultSuiteHandler.binary,
    "redirect_loop": FaultSuiteHandler.redirect,
    "redirect_offport": FaultSuiteHandler.redirect,
    "redirect_offhost": FaultSuiteHandler.redirect,
    "soft404": FaultSuiteHandler.redirect,
    "soft404_200": FaultSuiteHandler.soft404_200,
    "soft404_200_short": FaultSuiteHandler.soft404_200,
}


def portal_definition(server: FaultSuiteServer, *, max_list_pages: int = 3) -> dict:
    """The fault portal's definition (schema shape): private addresses allowed (it is local),
    its own host and port only."""
    return {
        "id": "fault_suite", "name": "故障测试门户",
        "start_urls": [server.base_url + LIST_PATH, server.base_url + REDIRECTED_LIST_PATH],
        "allow_private_addresses": True,
        "selectors": {"notice_links": "ul.notices a"},
        "pagination": "index_{n}.html",
        "limits": {"max_list_pages": max_list_pages, "download_delay": 0, "concurrency": 4},
    }


@contextmanager
def serve_fault_suite(slow_seconds: float = 3.0) -> Iterator[FaultSuiteServer]:
    """The fault portal and its victim, each on a free port of 127.0.0.1, for the block."""
    victim = RecordingServer()
    server = FaultSuiteServer(victim, slow_seconds)
    threads = [threading.Thread(target=s.serve_forever, daemon=True, name=name)
               for s, name in ((victim, "fault-victim"), (server, "fault-suite"))]
    for thread in threads:
        thread.start()
    try:
        yield server
    finally:
        for s in (server, victim):
            s.shutdown()
            s.server_close()
