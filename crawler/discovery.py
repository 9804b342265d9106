"""Find notice links and pagination on a list page: ordered strategies with fallbacks.

Notice links: the portal's ``selectors.notice_links`` if set; else links whose URL looks
like a notice in the common CMSs (``NOTICE_URL_PATTERNS`` or ``notice_url_pattern``); else
list-item links with a title-like text. Pagination (the next page only): ``selectors.next_page``;
a ``pagination`` template; TRS ``createPageHTML(total, current, prefix, ext)``; next-page
link texts; the ``index_N`` sibling that follows. Pure functions of (HTML, URL, portal).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import lxml.html
from lxml.cssselect import CSSSelector
from w3lib.url import safe_url_string

from crawler.extract import fields
from crawler.portal import Portal

# URLs of notice (detail) pages in the CMSs Chinese government portals run on.
NOTICE_URL_PATTERNS = tuple(
    re.compile(p, re.I)
    for p in (
        r"/t\d{8}_\d+\.s?html?$",  # TRS WCM: ./202203/t20220328_1234567.html
        r"/art/\d{4}/\d{1,2}/\d{1,2}/art_\d+_\d+\.html$",  # Hanweb 大汉
        r"/\d{4}[-_/]?\d{2}[-_/]?\d{2}/[^/]+\.s?html?$",  # dated paths
        r"/\d{6}/[^/]+\.s?html?$",  # yyyymm folders
        r"content_\d+\.s?html?$",
        r"/info/\d+/\d+\.s?html?$",  # 博达 VSB
        r"[?&](id|articleid|newsid|infoid|contentid)=\d+",
        r"/(detail|article|show|view)[^/]*\.(s?html?|jsp|aspx?|php)",
    )
)
# Links that are never notices: other list pages, attachments, scripts.
NOT_NOTICE = re.compile(
    r"(^javascript:|^mailto:|#$|/index(_\d+)?\.s?html?$|/$|"
    r"\.(pdf|docx?|xlsx?|wps|et|ofd|zip|rar|7z|txt|jpe?g|png|gif|css|js)$)",
    re.I,
)
NEXT_PAGE_TEXTS = frozenset({"下一页", "下页", "后一页", "下一頁", "next", "next page", ">", "›", "»", ">>"})
SIBLING_PAGE = re.compile(r"(^|/)(index|list|default)_(\d+)\.s?html?$", re.I)
CREATE_PAGE_HTML = re.compile(
    r"createPageHTML\(\s*['\"]?(\d+)['\"]?\s*,\s*['\"]?(\d+)['\"]?\s*,\s*['\"](\w+)['\"]\s*,\s*['\"](\w+)['\"]"
)
CJK = re.compile(r"[\u4e00-\u9fff]")
MIN_TITLE_CJK = 6  # fallback strategy: a list-item link needs this many CJK characters


@dataclass(frozen=True)
class NoticeLink:
    url: str
    title: str | None = None
    published: str | None = None  # ISO date from the list page, a hint only


@dataclass
class ListPage:
    notices: list[NoticeLink] = field(default_factory=list)
    pages: list[tuple[str, int]] = field(default_factory=list)  # next page: (url, 1-based number)
    strategy: str = ""  # which notice-link strategy matched, for logs and `portals check`


def parse_list_page(html: str, url: str, portal: Portal, page_no: int = 1,
                    encoding: str | None = None) -> ListPage:
    """Notice links (with title/date hints) and further list pages found on one list page.

    ``encoding`` is the page's charset: a link written with raw Chinese characters in its
    query is percent-encoded in it, as a browser sends it (and as its document key is made).
    """
    tree = lxml.html.fromstring(html or "<html></html>", base_url=url)
    base = _base_url(tree, url)
    page = ListPage()
    page.notices, page.strategy = _notice_links(tree, base, portal, encoding)
    page.pages = _pagination(tree, html, base, url, portal, page_no)
    return page


def _base_url(tree, url: str) -> str:
    base = tree.xpath("//base/@href")
    return urljoin(url, base[0].strip()) if base else url


def _anchors(tree, base: str, portal: Portal, selector: str | None = None, encoding: str | None = None):
    nodes = CSSSelector(selector)(tree) if selector else tree.iter("a")
    for a in nodes:
        if a.tag != "a":
            a = next(iter(a.iter("a")), None)
            if a is None:
                continue
        href = (a.get("href") or "").strip()
        if not href or href.lower().startswith(("javascript:", "mailto:", "tel:")):
            continue
        try:
            absolute = safe_url_string(urljoin(base, href).split("#", 1)[0], encoding=encoding or "utf-8")
            allowed = portal.allows(absolute)
        except ValueError:  # a malformed href (http://x:80a/) is one bad link, not a bad page
            continue
        if allowed:
            yield a, absolute


def _notice_links(tree, base: str, portal: Portal, encoding: str | None = None) -> tuple[list[NoticeLink], str]:
    selector = portal.selectors.get("notice_links")
    if selector:
        return _collect(_anchors(tree, base, portal, selector, encoding), lambda a, u: True), "selector"
    if portal.notice_url_pattern:
        pattern = re.compile(portal.notice_url_pattern)
        return _collect(_anchors(tree, base, portal, encoding=encoding), lambda a, u: bool(pattern.search(u))), "pattern"
    found = _collect(
        _anchors(tree, base, portal, encoding=encoding),
        lambda a, u: not NOT_NOTICE.search(u) and any(p.search(u) for p in NOTICE_URL_PATTERNS),
    )
    if found:
        return found, "cms-url"
    return _collect(_anchors(tree, base, portal, encoding=encoding), _looks_like_list_item), "list-item"


def _looks_like_list_item(a, url: str) -> bool:
    if NOT_NOTICE.search(url):
        return False
    text = a.get("title") or a.text_content()
    in_list = any(anc.tag in ("li", "tr", "dd") for anc in a.iterancestors())
    return in_list and len(CJK.findall(text)) >= MIN_TITLE_CJK


def _collect(anchors, keep) -> list[NoticeLink]:
    seen: dict[str, NoticeLink] = {}
    for a, url in anchors:
        if url in seen or not keep(a, url):
            continue
        title = " ".join((a.get("title") or a.text_content() or "").split()) or None
        seen[url] = NoticeLink(url=url, title=title, published=_row_date(a))
    return list(seen.values())


def _row_date(a) -> str | None:
    """The date printed next to the link in its list row (li/tr/dd), as an ISO date."""
    for anc in a.iterancestors():
        if anc.tag in ("li", "tr", "dd", "dl"):
            m = fields.DATE_VALUE.search(anc.text_content())
            return fields.iso(m)[:10] if m and fields.iso(m) else None  # a day: list rows rarely show times
    return None


def _pagination(tree, html: str, base: str, url: str, portal: Portal, page_no: int) -> list[tuple[str, int]]:
    """The next list page only: walking one page at a time lets an incremental run stop early."""
    selector = portal.selectors.get("next_page")
    if selector:
        return [(u, page_no + 1) for _, u in _anchors(tree, base, portal, selector)][:1]
    if portal.pagination:
        # Template pages are numbered from 1 after the first page (index.htm, index_1.htm, …).
        return [(urljoin(base, portal.pagination.format(n=page_no)), page_no + 1)]
    m = CREATE_PAGE_HTML.search(html)
    if m:
        total, current, prefix, ext = int(m[1]), int(m[2]), m[3], m[4]
        if current + 1 >= total:
            return []
        return [(urljoin(urljoin(base, "./"), f"{prefix}_{current + 1}.{ext}"), current + 2)]
    for a, absolute in _anchors(tree, base, portal):
        text = " ".join(a.text_content().split()).lower()
        if text in NEXT_PAGE_TEXTS and absolute != url:
            return [(absolute, page_no + 1)]
    for _, absolute in _anchors(tree, base, portal):
        m = SIBLING_PAGE.search(urlsplit(absolute).path)
        if m and int(m[3]) + 1 == page_no + 1 and absolute != url:
            return [(absolute, page_no + 1)]
    return []
