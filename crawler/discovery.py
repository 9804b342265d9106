"""Find notice links and pagination on a list page: ordered strategies with fallbacks.

Notice links: the portal's ``selectors.notice_links`` if set; else ``notice_url_pattern``;
else the page's main list (``crawler.listrows``: rows with a linked title and a date beside
it, grouped by structure); else links whose URL looks like a notice in the common CMSs
(``NOTICE_URL_PATTERNS``); else list-item links with a title-like text. A main list whose
rows all point nowhere (script stubs) stops there: its rows are reported, nothing is guessed. Hanweb jpage
records hidden in a script are put back first (``crawler.cms.hanweb``). Pagination: the
next page only (``crawler.pagination``).

Off-host notices: a dated row of the main list linking off the portal's hosts (a WeChat
article, a sibling site) is a notice the portal lists: taken, marked ``off_host``, unless the
portal sets ``off_host_notices: report`` (``Portal.takes_off_host``); so is, when the page has
no dated list, an off-host row built like a taken notice (same structure, same container),
and a dated JSON record on another host (an undated one is named: ``off_portal``).
Menus, footers and link blocks are never rows of the list, so their links stay out.

Self-check: ``ListPage.missed`` holds the main list's rows whose links were not taken (off
the portal's hosts, attachments, script links, or left out by a selector or pattern), blocks
of the list's structure whose link was not read as a title (``unrecognised``), and, when no
main list is found and links were taken by URL shape or list item, the title rows built like
a taken one, with the reason; the spider records them as a ``list_incomplete`` problem. Links
taken by the list-item guess set ``guessed`` (a ``list_guessed`` problem). A script-driven pager
sets ``needs_config`` to ``ajax_pagination`` with the endpoint seen; a pager the page shows but
discovery cannot follow (a pager script it cannot read, 共N页 with no link onwards) sets
``pager_unread`` (a ``pager_unread`` problem). Pure functions of (HTML, URL, portal).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from urllib.parse import urljoin

import lxml.etree
import lxml.html
from lxml.cssselect import CSSSelector
from w3lib.url import safe_url_string

from crawler import listrows, pagination
from crawler.cms import ajax, hanweb, jsonlist
from crawler.extract import fields
from crawler.portal import Portal
from crawler.refresh import FRAME_SKIP

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
        r"/c\d+a\d+/page\.(?:htm|psp)$",  # 苏迪 WebPlus: /db/af/c13274a121775/page.htm
        r"[?&](id|articleid|newsid|infoid|contentid)=\d+",
        r"/(detail|article|show|view)[^/]*\.(s?html?|jsp|aspx?|php)",
    )
)
# Links that are never notices: attachments and scripts; and, unless the link is a dated row
# of the main list (人民银行 publishes each notice as a folder: …/5351086/index.html), other
# list pages.
FILE_OR_SCRIPT = r"^javascript:|^mailto:|\.(pdf|docx?|xlsx?|wps|et|ofd|zip|rar|7z|txt|jpe?g|png|gif|css|js)$"
NOT_NOTICE_IN_LIST = re.compile(FILE_OR_SCRIPT, re.I)
# A column's own page (WebPlus/VSB ``/13676/list.htm``, ``list2.htm``, ``list.psp``): a list, not a notice.
NOT_NOTICE = re.compile(rf"{FILE_OR_SCRIPT}|#$|/index(_\d+)?\.s?html?$|/list\d*\.(?:s?html?|psp|jsp)$|/$", re.I)
CJK = re.compile(r"[\u4e00-\u9fff]")
MIN_TITLE_CJK = 6  # fallback strategy: a list-item link needs this many CJK characters
ATTACHMENT = re.compile(r"\.(pdf|docx?|xlsx?|wps|et|ofd|zip|rar|7z)$", re.I)


@dataclass(frozen=True)
class NoticeLink:
    url: str
    title: str | None = None
    published: str | None = None  # ISO date from the list page, a hint only
    off_host: bool = False  # off the portal's hosts, taken because the portal's own list row links it
    file: bool = False  # the row links its file (a PDF, a Word file): a notice that is its file


@dataclass(frozen=True)
class MissedRow:
    """A row of the main list whose link discovery did not take, and why."""

    url: str  # absolute URL, or the href as written for script links
    title: str
    reason: str  # off_portal | attachment | script_link | script_route | not_selected | unrecognised
    published: str | None = None  # the row's date

    def shown(self) -> str:
        """How a problem row names it: the URL, or for a script link (href="javascript:;", all
        alike) the title too, so each row can be told apart."""
        if self.reason == "script_link":
            return f"「{self.title}」 {self.url} (script_link)"
        return f"{self.url} ({self.reason})"


@dataclass
class ListPage:
    notices: list[NoticeLink] = field(default_factory=list)
    pages: list[tuple[str, int]] = field(default_factory=list)  # next page: (url, 1-based number)
    strategy: str = ""  # which notice-link strategy matched, for logs and `portals check`
    pagination: str = "none"  # pager kind (crawler.pagination.NextPage.kind)
    missed: list[MissedRow] = field(default_factory=list)  # main-list rows not taken (list_incomplete)
    needs_config: str | None = None  # "ajax_pagination" when the pager is driven by a script endpoint
    endpoint: str | None = None  # the endpoint that pager calls
    notes: list[str] = field(default_factory=list)  # doubts worth printing (portals check, logs)
    page_form: dict | None = None  # POST form for the next page (a ``pagination`` request form)
    pager_unread: str | None = None  # a pager the page shows but discovery could not follow, and the fix
    guessed: str | None = None  # links taken by the list-item guess, said (a ``list_guessed`` problem)
    frames: list[str] = field(default_factory=list)  # pages a list without links shows in (i)frames


def parse_list_page(html: str, url: str, portal: Portal, page_no: int = 1,
                    encoding: str | None = None) -> ListPage:
    """Notice links (with title/date hints) and further list pages found on one list page.

    ``encoding`` is the page's charset: a link written with raw Chinese characters in its
    query is percent-encoded in it, as a browser sends it (and as its document key is made).
    """
    source = html or ""
    html = hanweb.inline_records(source)
    tree = lxml.html.fromstring(html or "<html></html>", base_url=url)
    base = _base_url(tree, url)
    page = ListPage()
    listrows.click_rows_as_links(tree)
    all_rows = listrows.rows(tree, base)
    region = listrows.main_region(all_rows)
    page.notices, page.strategy = _notice_links(tree, base, portal, region, encoding)
    if not region and page.strategy not in ("selector", "pattern", "cms-url") and (
            commented := _commented_region(tree, base)):
        # No list in the live markup, but server-rendered rows kept in an HTML comment while a
        # script fills the list (甘肃 xxgk): the only rows the page carries. Said in notes:
        # they may lag the live list.
        fragment, rows = commented
        page.notices, _ = _notice_links(fragment, base, portal, rows, encoding)
        page.strategy = "commented-list"
        page.notes.append("list rows read from an HTML comment (the page fills its list by script)")
    if not region and page.strategy != "selector" and not portal.notice_url_pattern:
        records = jsonlist.records(html, base)
        if any(_allowed(portal, r.url) for r in records):  # a JSON endpoint, or rows embedded as JSON
            # in a script (Hanweb jpaas). A dated record on another host is the list's own row
            # (taken off-host, as a dated row of a main list is); any other is named.
            taken = [r for r in records if _allowed(portal, r.url) or (r.date and portal.takes_off_host(r.url))]
            page.notices = [NoticeLink(r.url, r.title or None, r.date) for r in taken]
            page.strategy = "json"
            page.missed += [MissedRow(r.url, r.title, "off_portal") for r in records if r not in taken]
    page.missed += _missed(region, page.notices, portal, encoding) + _missed(
        listrows.unread_rows(region, base), page.notices, portal, encoding, block_base=base)
    if not region and page.strategy in ("cms-url", "list-item"):
        # No main list was found, so the links were taken by their URLs or their list items:
        # rows built like a taken one (same structure, same container) but not taken are what
        # such a guess can miss: named, not silent. Those linking off the portal's hosts are
        # the list's own rows pointing elsewhere (a former domain): taken like dated ones.
        beside = _beside_taken(all_rows, page.notices, encoding)
        page.notices += _off_host_rows(beside, page.notices, portal, encoding)
        page.missed += _missed(beside, page.notices, portal, encoding)
    # A row of the list linking its file directly (a 规章制度 list of regulation PDFs) is a
    # notice that is its file (crawler/extract/filenotice.py): taken with its title and date;
    # a file on another host only from a dated row and when the portal takes off-host notices
    # (else named, as before).
    files = [m for m in page.missed if m.reason == "attachment" and m.title
             and (_allowed(portal, m.url) or (m.published and portal.takes_off_host(m.url)))]
    if files:
        page.notices += [NoticeLink(m.url, m.title, m.published, file=True) for m in files]
        page.missed = [m for m in page.missed if m not in files]
    if page.strategy == "list-item" and page.notices:
        # The last resort: links in list items with a title-like text. Menus built of <li> can be
        # among them and a notice outside a list item is missed, so the guess is said.
        page.guessed = (f"{len(page.notices)} notice link(s) taken by guess (links in list items with a "
                        "title-like text: the page shows no dated list and no CMS notice address); menu links may "
                        "be among them and notices outside list items missed")
    page.notices = [replace(n, off_host=True) if not _allowed(portal, n.url) else n for n in page.notices]
    found = pagination.next_page(tree, source, base, url, portal, page_no, list(_anchors(tree, base, portal, encoding=encoding)))
    page.pages, page.pagination, page.endpoint, page.page_form = found.pages, found.kind, found.endpoint, found.form
    page.pager_unread = found.doubt
    if found.kind == "none" and not page.notices and (built := ajax.script_built_list(tree, base)):
        # An empty list container with an empty pager and the script that fills them: the
        # rows come from that script's data endpoint, which the page does not name.
        page.pagination, page.endpoint = "ajax", built
        page.notes.append(f"the list is built by a script ({built}): its rows are not in the HTML")
    if page.pagination == "ajax":
        page.needs_config = "ajax_pagination"
    if not page.notices and not page.pages:
        page.frames = _frames(tree, base, portal, url)
    return page


def _frames(tree, base: str, portal: Portal, url: str) -> list[str]:
    """The pages a page without notice links shows in its frames (a ``<frameset>`` column page,
    an ``<iframe>`` holding the list): on the portal's hosts, not files, maps or players."""
    found = []
    for frame in tree.iter("frame", "iframe"):
        src = (frame.get("src") or "").strip()
        if not src or src.lower().startswith(("javascript:", "about:", "data:")) or FRAME_SKIP.search(src):
            continue
        target = _absolute(base, src)
        if target and target != url and _allowed(portal, target) and target not in found:
            found.append(target)
    return found


def _commented_region(tree, base: str):
    """(fragment tree, main-list rows) of list markup found inside an HTML comment, or None."""
    for comment in tree.iter(lxml.etree.Comment):
        text = comment.text or ""
        if text.count("<a ") < listrows.MIN_REGION_ROWS:
            continue
        try:
            fragment = lxml.html.fragment_fromstring(text, create_parent="div", base_url=base)
        except (ValueError, lxml.etree.ParserError):
            continue
        region = listrows.main_region(listrows.rows(fragment, base))
        if region:
            return fragment, region
    return None


def _base_url(tree, url: str) -> str:
    base = tree.xpath("//base/@href")
    try:
        return urljoin(url, base[0].strip()) if base else url
    except ValueError:
        return url


def _anchors(tree, base: str, portal: Portal, selector: str | None = None, encoding: str | None = None,
             off_host: set | dict = frozenset()):
    """(link element, absolute URL) of the links on the portal's hosts; ``off_host``: link
    elements (the main list's dated rows) that may point off them (``Portal.takes_off_host``)."""
    nodes = CSSSelector(selector)(tree) if selector else tree.iter("a")
    for a in nodes:
        if a.tag != "a":
            a = next(iter(a.iter("a")), None)
            if a is None:
                continue
        href = listrows.link_target(a)
        if not href or href.lower().startswith(("javascript:", "mailto:", "tel:")) or listrows.HASH_ROUTE.search(href):
            continue  # a hash route is a page a script draws: never its app's bare address
        try:
            absolute = safe_url_string(urljoin(base, href).split("#", 1)[0], encoding=encoding or "utf-8")
            allowed = portal.allows(absolute) or (a in off_host and portal.takes_off_host(absolute))
        except ValueError:  # a malformed href (http://x:80a/) is one bad link, not a bad page
            continue
        if allowed:
            yield a, absolute


def _key(url: str, encoding: str | None) -> str:
    """A row's URL as discovery writes the links it takes; "" for a malformed one (http://x:80a/)."""
    try:
        return safe_url_string(url, encoding=encoding or "utf-8")
    except ValueError:
        return ""


def _absolute(base: str, href: str) -> str:
    """``href`` made absolute against ``base``, fragment dropped; "" for none or a malformed one."""
    try:
        return urljoin(base, href).split("#", 1)[0] if href else ""
    except ValueError:
        return ""


def _allowed(portal: Portal, url: str) -> bool:
    try:
        return portal.allows(url)
    except ValueError:
        return False


def _is_cms_notice(url: str) -> bool:
    return not NOT_NOTICE.search(url) and any(p.search(url) for p in NOTICE_URL_PATTERNS)


def _notice_links(tree, base: str, portal: Portal, region,
                  encoding: str | None = None) -> tuple[list[NoticeLink], str]:
    selector = portal.selectors.get("notice_links")
    if selector:
        return _collect(_anchors(tree, base, portal, selector, encoding), lambda a, u: True), "selector"
    if portal.notice_url_pattern:
        pattern = re.compile(portal.notice_url_pattern)
        return _collect(_anchors(tree, base, portal, encoding=encoding), lambda a, u: bool(pattern.search(u))), "pattern"
    if region:
        taken = {r.anchor for r in region}  # the elements themselves: lxml proxies' ids are reused
        dated = {r.anchor: r.date for r in region if r.date}
        found = _collect(_anchors(tree, base, portal, encoding=encoding, off_host=dated),
                         lambda a, u: a in taken and not (NOT_NOTICE_IN_LIST if a in dated else NOT_NOTICE).search(u),
                         dated)
        if found:
            return found, "cms-url" if all(_is_cms_notice(n.url) for n in found) else "list-rows"
        if not any(r.url for r in region):
            # The main list is there but every row's link is a script stub naming no page (a
            # mirror's javascript:;, an onclick with an id only): its rows are reported as
            # script links; guessing by URL shape or list item would take the menus instead.
            return [], "list-rows"
    found = _collect(_anchors(tree, base, portal, encoding=encoding), lambda a, u: _is_cms_notice(u))
    if found:
        return found, "cms-url"
    return _collect(_anchors(tree, base, portal, encoding=encoding), _looks_like_list_item), "list-item"


def _missed(region, taken: list[NoticeLink], portal: Portal, encoding: str | None = None,
            block_base: str | None = None) -> list[MissedRow]:
    """Main-list rows whose links are not among ``taken``: what the completeness check reports.
    ``block_base`` (the page's base URL): the rows are blocks of the list no title was read in
    (``listrows.unread_rows``): any link of the block taken accounts for it, and a block none
    of whose links was taken is ``unrecognised``."""
    have = {n.url for n in taken}
    missed: list[MissedRow] = []
    for r in region:
        links = [r.url] + ([_absolute(block_base, listrows.link_target(a)) for a in r.element.iter("a")]
                           if block_base else [])
        if any(_key(u, encoding) in have for u in links if u):
            continue
        if not r.url:
            reason = "script_link"
        elif listrows.HASH_ROUTE.search(r.url):
            reason = "script_route"  # a page a single-page app draws (needs a browser)
        elif ATTACHMENT.search(r.url):
            reason = "attachment"
        else:
            try:
                reason = ("unrecognised" if block_base else "not_selected") if portal.allows(r.url) else "off_portal"
            except ValueError:
                reason = "off_portal"
        missed.append(MissedRow(r.url or r.href, r.title, reason, r.date))
    return missed


def _beside_taken(all_rows, taken: list[NoticeLink], encoding: str | None) -> list:
    """Title rows (outside navigation) sharing structure and container with a row taken."""
    have = {n.url for n in taken}

    def key(r):
        return r.signature, r.element.getparent()
    kinds = {key(r) for r in all_rows if r.url and _key(r.url, encoding) in have}
    return [r for r in all_rows if not r.short and key(r) in kinds and not listrows.navigation(r.anchor)]


def _off_host_rows(rows, taken: list[NoticeLink], portal: Portal, encoding: str | None) -> list[NoticeLink]:
    """Notice links of ``rows`` (built like a taken notice) that point off the portal's hosts
    and may be taken there (``Portal.takes_off_host``); not attachments or list pages."""
    have = {n.url for n in taken}
    found: dict[str, NoticeLink] = {}
    for r in rows:
        url = _key(r.url, encoding) if r.url else ""
        if (url and url not in have and url not in found and not NOT_NOTICE.search(url)
                and portal.takes_off_host(url)):
            found[url] = NoticeLink(url=url, title=r.title or None, published=r.date or _row_date(r.anchor))
    return list(found.values())


def _looks_like_list_item(a, url: str) -> bool:
    if NOT_NOTICE.search(url):
        return False
    text = a.get("title") or a.text_content()
    in_list = any(anc.tag in ("li", "tr", "dd") for anc in a.iterancestors())
    return in_list and len(CJK.findall(text)) >= MIN_TITLE_CJK


def _collect(anchors, keep, dates: dict | None = None) -> list[NoticeLink]:
    """``dates``: link element -> the date its main-list row shows (read outside the title)."""
    seen: dict[str, NoticeLink] = {}
    for a, url in anchors:
        if url in seen or not keep(a, url):
            continue
        title = listrows.title_of(a) or None
        seen[url] = NoticeLink(url=url, title=title, published=(dates or {}).get(a) or _row_date(a))
    return list(seen.values())


def _row_date(a) -> str | None:
    """The date printed next to the link in its list row (li/tr/dd), as an ISO date."""
    for anc in a.iterancestors():
        if anc.tag in ("li", "tr", "dd", "dl"):
            if len(listrows.title_links(anc)) >= listrows.BLOCK_OF_ROWS:
                # the row element holds other rows' links too (links side by side in one cell; a
                # row's second link, its 解读, is not that): this link's date is the one printed
                # after it, not the block's first
                return listrows.date_after(a)
            if split := listrows.split_date(anc):  # <p>03/10</p><span>2025</span>
                return split
            if day := listrows.date_element(anc):  # a card's div.date, not a date its summary names
                return day
            m = fields.DATE_VALUE.search(anc.text_content())
            return fields.iso(m)[:10] if m and fields.iso(m) else None  # a day: list rows rarely show times
    return None
