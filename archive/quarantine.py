"""Glitch quarantine: fetches that are not the notice do not become versions.

A portal has bad nights: a 200 "系统维护中" page, random bytes labelled ``text/html``, a
body cut short, an empty body, a page that lost most of its text and its title. Such a
fetch is kept as an observation with a reason (``suspect``) and counted in the run, but
it is not a version. If the same new content is served for ``accept_after`` consecutive
fetches (default 3; a portal's ``limits.accept_change_after``), it is accepted as a real
change (``Archive.store_fetch``).

``inspect_payload`` judges the bytes and the derived record alone; ``shrunk`` compares
with the document's last version. The words of error pages are data
(``archive/data/suspect_pages.txt``) and count only on a short page whose own ``<title>``
is not a notice's (关于…的通知): a short notice about system maintenance stays a notice.
A real page can still be judged suspect (a page that never closes ``</html>``); it is then
counted in the run, kept, and accepted after ``accept_after`` runs, never silently lost.
"""

from __future__ import annotations

import re

from archive.tables import read_sections

REASONS = ("maintenance", "garbage", "truncated", "empty", "shrunk")
DEFAULT_ACCEPT_AFTER = 3
ERROR_PAGE_MAX_CHARS = 300  # an error page's text is short; a notice about maintenance is not
CONTROL_SHARE = 0.01  # C0 control characters in real HTML are ~0; in random bytes ~12%
# ... and at least this many: a page quoting a few terminal escape sequences is still a page
# (they are stripped on display), while 200 random bytes already hold about 24.
CONTROL_MIN = 16
REPLACEMENT_SHARE = 0.05  # U+FFFD left by the best decoding
SHRUNK_SHARE = 0.4  # a body that kept less than this share of its text ...
SHRUNK_MIN_CHARS = 200  # ... of a last version at least this long (short notices vary a lot)
CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
# A notice's own title (关于…的通知): a short notice ABOUT maintenance is still a notice.
NOTICE_TITLE = re.compile(r"^关于|(?:通知|公告|通告|公示|的函|决定|意见|办法|方案|通报)$")
PAGE_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
SPACE = re.compile(r"\s+")
OPENED = re.compile(rb"<(?:html|body)[\s>]", re.IGNORECASE)
CLOSED = re.compile(rb"</(?:html|body)\s*>", re.IGNORECASE)


def error_page_words() -> tuple[str, ...]:
    return read_sections("archive", "suspect_pages.txt")["maintenance"]


def inspect_payload(body: bytes, text: str, record: dict, *, transfer_cut: bool = False) -> str | None:
    """The reason a fetched page is not the notice, or None.

    ``text`` is the page decoded as extraction decoded it; ``transfer_cut`` is what the
    downloader knew (data loss, a Content-Length not reached).
    """
    if not body.strip():
        return "empty"
    if transfer_cut:
        return "truncated"
    sample = text[:20000]
    controls = len(CONTROL.findall(sample))
    if sample and ((controls > CONTROL_SHARE * len(sample) and controls >= CONTROL_MIN)
                   or sample.count("\ufffd") > REPLACEMENT_SHARE * len(sample)):
        return "garbage"
    if OPENED.search(body[:4096]) and not CLOSED.search(body[-4096:]):
        return "truncated"  # connection closed mid-document, no length to tell
    body_text = record.get("text_normalized") or ""
    # The page's own <title>, not the record's: a re-check carries the list page's title as a hint.
    title = page_title(text)
    if len(body_text) <= ERROR_PAGE_MAX_CHARS and not NOTICE_TITLE.search(title):
        seen = f"{title}\n{body_text}"
        if any(word in seen for word in error_page_words()):
            return "maintenance"
    if not body_text.strip() and not record.get("attachments") and not title:
        return "empty"  # markup with nothing in it
    return None


def page_title(text: str) -> str:
    match = PAGE_TITLE.search(text[:20000])
    return SPACE.sub(" ", match.group(1)).strip() if match else ""


def shrunk(record: dict, previous: dict | None, page_text: str | None = None) -> bool:
    """Lost most of its text AND its title against the last version.

    With ``page_text`` (the page as decoded) the title is lost when the page no longer
    carries the last version's title anywhere (the record's title may come from the list
    page's hint); without it, when the record's title differs.
    """
    if previous is None:
        return False
    before = previous.get("text_normalized") or ""
    after = record.get("text_normalized") or ""
    if len(before) < SHRUNK_MIN_CHARS or len(after) >= SHRUNK_SHARE * len(before):
        return False
    old_title = SPACE.sub("", previous.get("title") or "")
    if page_text is not None:
        return not old_title or old_title not in SPACE.sub("", page_text)
    return SPACE.sub("", record.get("title") or "") != old_title
