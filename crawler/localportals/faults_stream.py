"""A local portal with one notice whose attachment is large, generated as it is sent.

``serve_big_attachment(size)`` starts a server on 127.0.0.1: a list page, one notice
linking ``/files/big.bin``, and that file: ``size`` pseudo-random bytes produced block by
block while they are written (the server never holds the file), with a Content-Length, or
without one (``/files/big-nocl.bin``), or gzip-encoded on the fly (``/files/big.bin.gz``,
served as ``Content-Encoding: gzip`` for the same bytes). :func:`attachment_sha256` gives the
hash the archive must hold. Used by ``tests/faults/test_attachment_stream.py`` and
``bench/memory.py`` to show that memory does not grow with an attachment's size.
"""

from __future__ import annotations

import hashlib
import random
import threading
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

BLOCK = 1024 * 1024
LIST_PATH = "/list/index.html"
NOTICE_PATH = "/n/big.html"


def attachment_blocks(size: int) -> Iterator[bytes]:
    """The attachment's bytes, one block at a time (the same every call)."""
    for number, start in enumerate(range(0, size, BLOCK)):
        yield random.Random(number).randbytes(min(BLOCK, size - start))


def attachment_sha256(size: int) -> str:
    digest = hashlib.sha256()
    for block in attachment_blocks(size):
        digest.update(block)
    return digest.hexdigest()


def notice_page(file_path: str) -> bytes:
    body = "".join(f"<p>第{i}条 关于大附件测试的通知正文，各学校按时报送材料。</p>" for i in range(1, 9))
    return ('<!DOCTYPE html><html><head><meta charset="utf-8"><title>关于大附件的通知</title></head>'
            '<body><div class="article"><h1>关于大附件的通知</h1><p class="info">发布时间：2024-03-01</p>'
            f'<div class="content">{body}<p>附件：<a href="{file_path}">统计表.pdf</a></p></div></div>'
            '</body></html>').encode()


class BigAttachmentServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, size: int, file_path: str = "/files/big.bin") -> None:
        self.size = size
        self.file_path = file_path  # which variant the notice links
        self.sent = 0  # attachment bytes written so far
        super().__init__(("127.0.0.1", 0), _Handler)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _Handler(BaseHTTPRequestHandler):
    server: BigAttachmentServer
    protocol_version = "HTTP/1.0"

    def log_message(self, format, *args):  # noqa: A002 - quiet
        pass

    def do_GET(self):  # noqa: N802 - http.server naming
        path = urlsplit(self.path).path
        try:
            if path in ("/files/big.bin", "/files/big-nocl.bin"):
                self._stream(attachment_blocks(self.server.size),
                             self.server.size if path == "/files/big.bin" else None, {})
            elif path == "/files/big.bin.gz":
                self._stream(_gzipped(attachment_blocks(self.server.size)), None, {"Content-Encoding": "gzip"})
            elif path == "/robots.txt":
                self._page(b"User-agent: *\nDisallow:\n", "text/plain")
            elif path == LIST_PATH:
                self._page(('<html><head><meta charset="utf-8"><title>通知公告</title></head><body>'
                            f'<ul class="notices"><li><a href="{NOTICE_PATH}">关于大附件的通知</a>'
                            '<span>2024-03-01</span></li></ul></body></html>').encode())
            elif path == NOTICE_PATH:
                self._page(notice_page(self.server.file_path))
            else:
                self.send_error(404)
        except ConnectionError:
            pass  # the crawler hung up (a size limit): the scenario

    def _page(self, body: bytes, content_type: str = "text/html; charset=utf-8") -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _stream(self, blocks: Iterator[bytes], length: int | None, headers: dict) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/pdf")
        for key, value in headers.items():
            self.send_header(key, value)
        if length is not None:
            self.send_header("Content-Length", str(length))
        self.end_headers()
        for block in blocks:
            self.wfile.write(block)
            self.server.sent += len(block)


def _gzipped(blocks: Iterator[bytes]) -> Iterator[bytes]:
    packer = zlib.compressobj(6, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    for block in blocks:
        yield packer.compress(block)
    yield packer.flush()


def portal_definition(server: BigAttachmentServer) -> dict:
    return {
        "id": "big_attachment", "name": "大附件测试门户",
        "start_urls": [server.base_url + LIST_PATH],
        "allow_private_addresses": True,
        "selectors": {"notice_links": "ul.notices a"},
        "limits": {"download_delay": 0, "concurrency": 2},
    }


@contextmanager
def serve_big_attachment(size: int, file_path: str = "/files/big.bin") -> Iterator[BigAttachmentServer]:
    server = BigAttachmentServer(size, file_path)
    thread = threading.Thread(target=server.serve_forever, daemon=True, name="big-attachment")
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
