"""Pages that only send the browser elsewhere: a ``<meta http-equiv="refresh" content="0;
url=…">`` stub, a near-empty page whose script sets ``location``, or a near-empty wrapper
showing one page of the site in a frame. Government portals use
them for column entry pages (``/jyj/`` → ``/col/col1234/index.html``) and for moved notices.
Scrapy's MetaRefreshMiddleware does not run for our list and notice requests (their redirects
are followed by the spider, hop by hop, so a hop out of scope is a problem row), so the spider
reads them here and follows them the same way.

``refresh_target`` uses w3lib's ``get_meta_refresh``; a script redirect counts only on a page
with almost no text and links of its own (a list page's pager scripts also set ``location``).
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

from w3lib.html import get_meta_refresh, remove_tags_with_content, replace_entities
from w3lib.url import canonicalize_url

REFRESH_MAX_SECONDS = 10  # a longer wait is a page meant to be read first (or a reload timer)
STUB_MAX_TEXT = 200  # characters of visible text a script-redirect stub may have…
STUB_MAX_LINKS = 3  # …and links (a list page's pager scripts set location too)
LINK = re.compile(r"<a\s[^>]*href", re.I)
SCRIPT_LOCATION = re.compile(
    r"""(?:window|top|self|document)?\.?location(?:\.href)?\s*=\s*['"]([^'"]+)['"]"""
    r"""|location\.(?:replace|assign)\(\s*['"]([^'"]+)['"]\s*\)""")
FRAME_SRC = re.compile(r"""<i?frame\b[^>]*?\bsrc\s*=\s*["']?([^"'\s>]+)""", re.I)
# frames that show no page of the site: files, maps, players, weather and visit-counter widgets
FRAME_SKIP = re.compile(r"\.(?:pdf|docx?|xlsx?|jpe?g|png|gif|swf|mp4|flv)(?:$|\?)|map|video|player|weather|count", re.I)
SCRIPT_BLOCK = re.compile(r"<script\b[^>]*>(.*?)</script>", re.I | re.S)


def refresh_target(text: str, url: str) -> str | None:
    """Where the page ``text`` served at ``url`` sends the browser at once, if it only does that."""
    interval, target = get_meta_refresh(text, url)
    if target and interval is not None and interval <= REFRESH_MAX_SECONDS and not _same(target, url):
        return target
    if ("location" not in text and "frame" not in text) or len(LINK.findall(text)) > STUB_MAX_LINKS:
        return None  # (cheap tests first: every notice page passes through here)
    visible = re.sub(r"\s+", "", replace_entities(re.sub(r"<[^>]+>", "", remove_tags_with_content(
        text, which_ones=("script", "style", "noscript", "title")))))
    if len(visible) > STUB_MAX_TEXT or len(LINK.findall(text)) > STUB_MAX_LINKS:
        return None
    frames = [src for src in FRAME_SRC.findall(text) if not FRAME_SKIP.search(src)
              and not src.strip().lower().startswith(("javascript:", "about:", "data:"))]
    if len(frames) == 1:  # a wrapper page showing one page in a frame: that page is the content
        target = urljoin(url, frames[0].strip())
        return None if _same(target, url) else target
    for script in SCRIPT_BLOCK.findall(text):
        m = SCRIPT_LOCATION.search(script)
        if m and (found := (m.group(1) or m.group(2)).strip()) and not found.lower().startswith(("javascript:", "#")):
            target = urljoin(url, found)
            return None if _same(target, url) else target
    return None


def _same(a: str, b: str) -> bool:
    return canonicalize_url(a) == canonicalize_url(b)
