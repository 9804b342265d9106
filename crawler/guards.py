"""Limits that keep a hostile or broken page from costing memory or being archived as text.

Pure functions on bytes and records (no Scrapy import), used by the spider, the extract
pipeline and ``edunotice extract``:

- :func:`page_limit`: the size a notice or list page may have after decompression
  (``EDUNOTICE_MAX_PAGE_BYTES``, default 5 MB; a portal's ``limits.max_page_bytes`` wins).
  The spider passes it to Scrapy as the request's ``download_maxsize``: the downloader
  stops reading past it and the decompression middleware stops inflating past it, so a
  gzip bomb never reaches memory, and the request ends as a ``too_large`` error row.
- :func:`not_html_reason`: empty input, binary bytes or text without markup is not a page.
- :func:`looks_cut_short`: a body that ended with the connection (no Content-Length)
  before its closing tags.
- :func:`cap_text`: extracted text beyond ``EDUNOTICE_MAX_TEXT_CHARS`` is cut and flagged.
"""

from __future__ import annotations

import codecs
import re

DEFAULT_MAX_PAGE_BYTES = 5 * 1024 * 1024
DEFAULT_MAX_TEXT_CHARS = 1_000_000

_SNIFF_BYTES = 64 * 1024
_MARKUP = re.compile(rb"<\s*(!doctype|html|head|body|meta|title|div|p|table|span|a|br|h[1-6])\b", re.I)
_CLOSING = re.compile(rb"</\s*(html|body)\s*>", re.I)
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def page_limit(portal_limit: int | None, setting: int | None) -> int:
    """Bytes a page may have after decompression: the portal's limit, else the setting's."""
    return portal_limit or setting or DEFAULT_MAX_PAGE_BYTES


def too_large_message(limit: int) -> str:
    return (f"larger than {limit:,} bytes after decompression; not downloaded or "
            "extracted (a page this large is an error page or a bomb; if the portal really serves "
            "such pages, raise limits.max_page_bytes in its definition)")


_EMPTY_REASONS = {
    "ResponseDataLossError": "the connection closed before the Content-Length the server announced",
    "CancelledError": "stopped past the size limit (download_maxsize)",
    "DownloadCancelledError": "stopped past the size limit (download_maxsize)",
    "ResponseNeverReceived": "the server closed the connection without an answer",
}


def exception_reason(exc: BaseException) -> str:
    """``Type: message`` for an error row, never with an empty message."""
    name = type(exc).__name__
    text = str(exc).strip() or _EMPTY_REASONS.get(name) or (type(exc).__doc__ or "").strip().split("\n")[0]
    return f"{name}: {text or 'no details given'}"


def not_html_reason(body: bytes) -> str | None:
    """Why ``body`` is not an HTML page (None when it looks like one)."""
    if not body.strip():
        return "empty input"
    head = body[:_SNIFF_BYTES]
    if head.startswith(_UTF16_BOMS):
        try:
            head = head.decode("utf-16", errors="ignore").encode("utf-8")
        except UnicodeError:
            return "binary data (an undecodable UTF-16 byte order mark)"
    if b"\x00" in head:
        return "binary data (NUL bytes), not text"
    if not _MARKUP.search(head):
        return "no HTML markup in the first 64 KB"
    return None


def looks_cut_short(body: bytes) -> bool:
    """True when a page has no closing </body> or </html> in its last 4 KB."""
    return not _CLOSING.search(body[-4096:])


def cap_text(record: dict, max_chars: int) -> bool:
    """Cut the record's text (and its normalised copy) to ``max_chars``; flag it ``truncated``.
    Returns True when it cut something."""
    cut = False
    for key in ("text", "text_normalized"):
        value = record.get(key)
        if isinstance(value, str) and len(value) > max_chars:
            record[key] = value[:max_chars]
            cut = True
    if cut:
        flags = record.setdefault("flags", [])
        if "truncated" not in flags:
            flags.append("truncated")
    return cut
