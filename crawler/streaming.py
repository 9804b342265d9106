"""The HTTP download handler: Scrapy's HTTP/1.1 handler, plus bodies streamed to disk and
bytes sent past the Content-Length noticed.

Scrapy 2.19's handlers keep every response body in memory (``_ResponseReader`` writes it to a
``BytesIO``; ``bytes_received`` and ``DOWNLOAD_MAXSIZE`` can only stop a download, not move
it out of memory, and the ``body_file`` request meta key only comes with Scrapy 2.20).
:class:`StreamingHTTPDownloadHandler` keeps Scrapy's connection pool, TLS, proxy, size and
timeout handling, and changes two things:

- a request whose ``meta[BODY_FILE]`` names a file has its body written to that file as it
  arrives (the reader's buffer is swapped for the file: memory does not grow with the
  body); the response then has an empty ``body`` and ``meta[BODY_STREAMED]`` is True. The
  caller owns the file (creates it, deletes it); ``download_maxsize`` still stops it.
  Used for attachments (crawler/pipelines/attachments.py); the WARC middleware reads the
  file (crawler/middlewares.py).
- a response followed by more bytes than its Content-Length announced gets the flag
  ``overrun``: Twisted passes those bytes to the connection (``rest``) and drops them, so
  the body would otherwise look whole. Only bytes that arrive with the body's last bytes are
  seen; bytes that come in a later read are dropped with the connection, unseen.

Only the ``http``/``https`` schemes are set to it (settings.DOWNLOAD_HANDLERS); a
``render: browser`` portal's Playwright handler ignores ``BODY_FILE`` and buffers, which
the callers detect (``BODY_STREAMED`` absent). Reads Scrapy's ``DOWNLOAD_MAXSIZE``,
``DOWNLOAD_WARNSIZE``, ``DOWNLOAD_FAIL_ON_DATALOSS`` like the handler it extends.
"""

from __future__ import annotations

import zlib
from io import BytesIO
from pathlib import Path
from typing import Any

from scrapy.core.downloader.handlers.http11 import (
    HTTP11DownloadHandler,
    _LenientHTTP11ClientFactory,
    _LenientHTTP11ClientProtocol,
    _ScrapyAgent,
)
from scrapy.exceptions import IgnoreRequest, ResponseDataLossError
from scrapy.http import Request, Response
from scrapy.utils._download_handlers import get_dataloss_msg, wrap_twisted_exceptions
from scrapy.utils.defer import maybe_deferred_to_future

BODY_FILE = "edunotice_body_file"  # request meta: write the body to this path
BODY_STREAMED = "edunotice_body_streamed"  # set by the handler when it did
OVERRUN = "overrun"  # response flag: bytes came past the Content-Length


class _DiskBody:
    """Stands in for the reader's BytesIO: what arrives goes to the file, nothing stays."""

    def __init__(self, path: Path):
        self.handle = Path(path).open("wb")

    def write(self, data: bytes) -> int:
        return self.handle.write(data)

    def truncate(self, size: int = 0) -> int:  # the reader empties its buffer past maxsize
        self.handle.seek(size)
        return self.handle.truncate(size)

    def getvalue(self) -> bytes:  # the reader hands the body over: it is on disk
        self.close()
        return b""

    def close(self) -> None:
        if not self.handle.closed:
            self.handle.close()


class _ToDisk:
    """The Twisted response, delivering its body into a file instead of memory."""

    def __init__(self, txresponse: Any, request: Request):
        self._wrapped = txresponse
        self._request = request

    def __getattr__(self, name: str) -> Any:
        return getattr(self._wrapped, name)

    def deliverBody(self, protocol: Any) -> None:  # noqa: N802 - Twisted naming
        # Scrapy 2.19's _ResponseReader buffer. Were it renamed, the body would stay in memory
        # and BODY_STREAMED unset: callers then read response.body (correct, not streamed;
        # tests/faults/test_attachment_stream.py fails on the memory it costs).
        if isinstance(getattr(protocol, "_bodybuf", None), BytesIO) and hasattr(protocol, "_finished"):
            disk = _DiskBody(Path(self._request.meta[BODY_FILE]))
            protocol._bodybuf = disk
            protocol._finished.addBoth(lambda result: (disk.close(), result)[1])
            self._request.meta[BODY_STREAMED] = True
        self._wrapped.deliverBody(protocol)


class _Agent(_ScrapyAgent):
    def _cb_bodyready(self, txresponse: Any, request: Request) -> Any:
        if request.meta.get(BODY_FILE):
            # Set again by this hop's body only: a redirect hop copies the meta of the last.
            request.meta[BODY_STREAMED] = False
            txresponse = _ToDisk(txresponse, request)
        return super()._cb_bodyready(txresponse, request)

    def _cb_bodydone(self, result: Any, url: str) -> Response:
        response = super()._cb_bodydone(result, url)
        if getattr(result["txresponse"], "_edunotice_overrun", 0):
            response.flags.append(OVERRUN)
        return response


class _OverrunProtocol(_LenientHTTP11ClientProtocol):
    def _finishResponse_WAITING(self, rest: bytes) -> None:  # noqa: N802 - Twisted naming
        # Runs before the body reader hears "done": mark the response it reads.
        response = getattr(self._parser, "response", None)
        if rest and response is not None:
            response._edunotice_overrun = len(rest)
        super()._finishResponse_WAITING(rest)


class _OverrunFactory(_LenientHTTP11ClientFactory):
    def buildProtocol(self, addr: Any) -> _OverrunProtocol:  # noqa: N802 - Twisted naming
        return _OverrunProtocol(self._quiescentCallback)


class StreamingHTTPDownloadHandler(HTTP11DownloadHandler):
    def __init__(self, crawler):
        super().__init__(crawler)
        self._pool._factory = _OverrunFactory

    async def download_request(self, request: Request) -> Response:
        agent = _Agent(
            contextFactory=self._contextFactory, bindAddress=self._bind_address, pool=self._pool,
            maxsize=self._default_maxsize, warnsize=self._default_warnsize,
            fail_on_dataloss=self._fail_on_dataloss, crawler=self._crawler,
            tls_verbose_logging=self._tls_verbose_logging,
        )
        try:
            with wrap_twisted_exceptions():
                return await maybe_deferred_to_future(agent.download_request(request))
        except ResponseDataLossError:
            if not self._fail_on_dataloss_warned:
                self._crawler.spider.logger.warning(get_dataloss_msg(request.url))
                self._fail_on_dataloss_warned = True
            raise


class StreamedBodyMiddleware:
    """Decodes a streamed body's gzip/deflate Content-Encoding file to file (bounded by the
    request's ``download_maxsize``), so Scrapy's HttpCompressionMiddleware, which only knows
    in-memory bodies, never sees it. Sits at 940: inside the WARC capture (950), which keeps
    the bytes as served. Other encodings (br, zstd) fail the download with the encoding named."""

    CHUNK = 256 * 1024

    def process_response(self, request: Request, response: Response, spider: Any = None) -> Response:
        encodings = [e.strip().lower() for e in response.headers.getlist("Content-Encoding")]
        encodings = [e for e in encodings if e and e != b"identity"]
        if not request.meta.get(BODY_STREAMED) or not encodings:
            return response
        if len(encodings) > 1 or encodings[0] not in (b"gzip", b"x-gzip", b"deflate"):
            raise IgnoreRequest(f"{response.url}: served with Content-Encoding "
                                f"{b', '.join(encodings).decode('latin-1')}, which is not decoded on disk")
        path = Path(request.meta[BODY_FILE])
        limit = request.meta.get("download_maxsize") or 0
        decoded = path.with_name(path.name + ".decoded")
        try:
            _inflate(path, decoded, gzip=encodings[0] != b"deflate", limit=limit, chunk=self.CHUNK)
            decoded.replace(path)
        except zlib.error as exc:
            raise IgnoreRequest(f"{response.url}: its {encodings[0].decode()} body does not decode ({exc})") from exc
        finally:
            decoded.unlink(missing_ok=True)
        headers = response.headers.copy()
        del headers["Content-Encoding"]
        headers.pop("Content-Length", None)
        return response.replace(headers=headers)


def _inflate(source: Path, target: Path, *, gzip: bool, limit: int, chunk: int) -> None:
    """Inflate ``source`` into ``target`` block by block; IgnoreRequest past ``limit`` bytes."""
    with source.open("rb") as fh:
        head = fh.read(2)
        fh.seek(0)
        # deflate is zlib-wrapped by the standard and raw by some servers; gzip has a header.
        wbits = zlib.MAX_WBITS | 16 if gzip else (zlib.MAX_WBITS if head[:1] == b"\x78" else -zlib.MAX_WBITS)
        inflater = zlib.decompressobj(wbits)
        written = 0
        with target.open("wb") as out:
            while block := fh.read(chunk):
                data = inflater.decompress(block, chunk)
                while True:
                    written += len(data)
                    if limit and written > limit:
                        raise IgnoreRequest(f"decompressed body exceeded DOWNLOAD_MAXSIZE ({limit} B)")
                    out.write(data)
                    if not inflater.unconsumed_tail:
                        break
                    data = inflater.decompress(inflater.unconsumed_tail, chunk)
            out.write(inflater.flush())
