"""A notice that is its file: a list row linking a PDF, Word or Excel file directly (a 规章制度
list of regulations, a 公示 posted as a spreadsheet). There is no page to read: the record is
the row's title and date (the hints), the file is its one attachment, hashed here, and the
title is its text, as for a notice whose only content is its attachment
(tests/realweb/README.md). A replaced file is a new version (its hash is in the record).

``file_type`` tells a file from a page by its first bytes (a PDF, a ZIP-based OOXML/OFD, an
OLE2 Word/Excel/WPS, a RAR or 7z archive), else by its URL's extension when the body is not
markup: a ``download.jsp?id=`` link is a file by its bytes, a ``.pdf`` URL answering with an
HTML error page is a page.
"""

from __future__ import annotations

import hashlib
from urllib.parse import unquote, urlsplit

from archive.normalize import detect_script, normalize_text
from crawler.extract.html import attachment_type
from crawler.extract.record import Attachment, NoticeRecord

MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "application/pdf"),
    (b"PK\x03\x04", "application/zip"),  # docx, xlsx, pptx, ofd: the URL names which
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "application/msword"),  # doc, xls, wps, et: OLE2
    (b"Rar!\x1a\x07", "application/vnd.rar"),
    (b"7z\xbc\xaf\x27\x1c", "application/x-7z-compressed"),
)
MARKUP_SNIFF = 512  # bytes looked at for a page's first "<"


def file_type(body: bytes, url: str) -> str | None:
    """The media type of ``body`` when it is a file, not a page; None for a page."""
    if not body:
        return None
    by_url = attachment_type(url)
    for magic, media in MAGIC:
        if body.startswith(magic):
            return by_url or media
    head = body[:MARKUP_SNIFF].lstrip(b"\xef\xbb\xbf \t\r\n")
    return by_url if by_url and not head.startswith(b"<") else None


def file_record(body: bytes, url: str, media_type: str, hints: dict | None = None,
                portal: str | None = None, mirror: bool = False) -> NoticeRecord:
    """The record of a notice that is the file ``body`` served at ``url``."""
    hints = hints or {}
    title = hints.get("title") or _file_name(url)
    published = None if mirror else hints.get("published")
    normalized, _flags = normalize_text(title)
    reasons = [] if (published or hints.get("mirror_posted")) else ["no_date (the list row gave none; the file is not read)"]
    return NoticeRecord(
        url=url, portal=portal, title=title, published=published,
        mirror_posted=hints.get("mirror_posted") if mirror else None,
        text=title, text_normalized=normalized, script=detect_script(title),
        attachments=[Attachment(title=title, url=url, media_type=media_type,
                                sha256=hashlib.sha256(body).hexdigest(), size=len(body))],
        confidence=0.8 if reasons else 1.0, confidence_reasons=reasons,
    )


def _file_name(url: str) -> str:
    return unquote(urlsplit(url).path.rsplit("/", 1)[-1]) or url
