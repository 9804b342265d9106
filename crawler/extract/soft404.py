"""Soft 404s: a "page not found" template served with HTTP 200 where a notice was.

Many CMSs answer a deleted notice with 200 and a short error page (页面不存在, 您访问的页面不存在
或已被删除, a 404 picture). Archived, it would be a new document made of the template, or
worse, a new version of a real notice. Two rules, pure functions:

- :func:`not_found_reason`: the page's own ``<title>`` says not found (``404``, 页面不存在,
  Not Found ...) and its body text is short; or its body text is very short, says not found,
  and its title is not a notice's (关于…的通知: a short notice that *mentions* a missing page
  stays a notice).
- :class:`TemplateTracker`: the same short page (same title, same text, same attachment
  links) served for :data:`TEMPLATE_URLS` different URLs in one run is a template, whatever
  its wording. It can only tell from the third URL on.

How it misses (DESIGN.md, "Soft 404"): an error page in words not listed here, with a
long body (site navigation kept by the extractor), or a notice-like title; a template seen
on fewer than three URLs in a run; a template whose text carries the URL or a timestamp. And
it can be wrong: a short real notice titled "404..." would be recorded as a ``soft_404``
problem (reported, not archived), never silently lost.
"""

from __future__ import annotations

import hashlib
import re

# The page's own <title> or heading says "not found".
NOT_FOUND_TITLE = re.compile(
    r"(?<!\d)404(?!\d)|not\s*found|页面不存在|頁面不存在|页面未找到|找不到(?:该|此|您要的|您访问的)?(?:页面|网页)"
    r"|(?:页面|网页|信息|文章|内容)(?:已被?删除|不存在|已失效|已下线)|出错了|错误页面|访问出错", re.I)
# Body wording of not-found pages (matched only in short bodies).
NOT_FOUND_TEXT = re.compile(
    r"页面不存在|頁面不存在|页面未找到|页面找不到|无法找到(?:该|此)?页面|找不到(?:该|此|您要的|您访问的)?(?:页面|网页)"
    r"|您(?:所)?(?:访问|请求|要访问|查找|浏览)的(?:页面|网页|内容|信息|文章|资源|链接)[^。！!]{0,12}?"
    r"(?:不存在|已被?删除|已失效|找不到|未找到|已过期|已下线)"
    r"|(?:页面|网页|信息|文章|内容|资源|稿件)(?:已被?删除|不存在|已失效|已下线)|链接已失效"
    r"|\b404\b|page\s+not\s+found|not\s+found|file\s+not\s+found", re.I)
# A notice's own title (关于…): a short notice about a missing page stays a notice. Titles
# like "通知公告" or "XX市教育局" are the site's, and error templates keep them.
NOTICE_TITLE = re.compile(r"关于")
TITLE_MAX_CHARS = 800  # a not-found title counts when the body is at most this long
TEXT_MAX_CHARS = 300  # not-found words in the body count when the body is at most this long
TEMPLATE_MAX_CHARS = 500  # pages compared for "the same template on many URLs"
TEMPLATE_URLS = 3


def not_found_reason(title: str, text: str) -> str | None:
    """Why a 200 page with this ``<title>`` and body text is a not-found page, or None."""
    title, text = (title or "").strip(), (text or "").strip()
    if len(text) <= TITLE_MAX_CHARS and (match := NOT_FOUND_TITLE.search(title)) \
            and not NOTICE_TITLE.search(title):
        return f"its title says not found ({match.group(0)!r} in {title[:80]!r}; {len(text)} characters of text)"
    if len(text) <= TEXT_MAX_CHARS and not NOTICE_TITLE.search(title) and (match := NOT_FOUND_TEXT.search(text)):
        return f"its short text says not found ({match.group(0)!r}; {len(text)} characters of text)"
    return None


class TemplateTracker:
    """Remembers the short pages of one run, to see one page served for many URLs."""

    def __init__(self, urls: int = TEMPLATE_URLS):
        self.urls = urls
        self.seen: dict[str, list[str]] = {}

    def reason(self, url: str, title: str, text: str, attachments: list[str]) -> str | None:
        """Why this page is a template served for many URLs, or None (it is remembered)."""
        if len(text or "") > TEMPLATE_MAX_CHARS:
            return None
        key = hashlib.sha1("\n".join([title or "", text or "", *sorted(attachments)]).encode()).hexdigest()
        urls = self.seen.setdefault(key, [])
        if url not in urls:
            urls.append(url)
        if len(urls) < self.urls:
            return None
        others = [u for u in urls if u != url]
        shown = ", ".join(others[:3]) + (f" and {len(others) - 3} more" if len(others) > 3 else "")
        return (f"the same short page ({title[:60]!r}, {len(text or '')} characters) was served for "
                f"{len(urls)} different URLs: an error template (also served for {shown})")
