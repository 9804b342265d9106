"""PortalSpider: one spider per portal definition (crawler/portals/<id>.yaml).

Walks list pages from the start URLs one at a time (pagination found by
``crawler.discovery``), requests notice pages on the portal's hosts (and those its own list
rows link on other hosts, ``off_host``: crawler/scope.py lets them through), and yields
``FetchedNotice`` items (list-page title and date travel along as hints), ``NotModified``
for a 304, ``GoneNotice`` for 404/410, or ``FailedFetch`` for anything else that failed.

Incremental by default (``crawler.incremental``): known notices are re-checked on an
age-based schedule with conditional requests, and the list walk stops after
``EDUNOTICE_STOP_AFTER_KNOWN_PAGES`` consecutive list pages holding only known notices.
A run that continues a killed one (``resume=`` a ``archive.resume.ResumePoint``) skips the
notices the killed run stored and walks the list as far as the killed run would have.
Settings read: EDUNOTICE_DB, EDUNOTICE_FULL (walk every list page, re-check every notice),
EDUNOTICE_STOP_AFTER_KNOWN_PAGES (default 1), EDUNOTICE_RECHECK_SCHEDULE,
EDUNOTICE_MAX_PAGE_BYTES (list and notice pages: ``download_maxsize``, crawler/guards.py).
"""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import urlsplit

import lxml.html
import scrapy
from lxml.etree import ParserError
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.defer import CancelledError
from twisted.internet.error import (
    ConnectionRefusedError,
    DNSLookupError,
    TCPTimedOutError,
    TimeoutError,
)

from archive.resume import ResumePoint
from archive.store import Archive
from archive.urls import canonical_url, scheme_twin
from crawler.browser import browser_settings
from crawler.challenge import response_need
from crawler.discovery import ATTACHMENT, NoticeLink, parse_list_page
from crawler.extract.articlepages import MAX_ARTICLE_PAGES, article_pages, may_have_article_pages
from crawler.guards import looks_cut_short, page_limit, too_large_message
from crawler.incremental import RECHECK_SCHEDULE, conditional_headers, oldest_first, recheck_due
from crawler.items import FailedFetch, FetchedNotice, GoneNotice, NotModified
from crawler.portal import Portal
from crawler.refresh import refresh_target
from crawler.scope import AddressRefused, OutOfScope
from crawler.streaming import OVERRUN

MAX_FRAME_DEPTH = 2  # frames followed from a list page without links, nested at most this deep
GONE = (404, 410)  # statuses that withdraw a known notice rather than count as errors
NOTICE_STATUSES = [304, *GONE]  # non-2xx statuses the notice callback handles itself


def spider_class_for(portal: Portal) -> type[PortalSpider]:
    """A PortalSpider subclass named after the portal, with its politeness settings."""
    settings: dict = {}
    if portal.download_delay is not None:
        settings["DOWNLOAD_DELAY"] = portal.download_delay
        settings["AUTOTHROTTLE_START_DELAY"] = portal.download_delay
    if portal.concurrency is not None:
        settings["CONCURRENT_REQUESTS_PER_DOMAIN"] = portal.concurrency
    settings.update(browser_settings(portal))  # render: browser -> this crawler's pages via Chromium
    return type(
        f"PortalSpider_{portal.id}",
        (PortalSpider,),
        {"name": portal.id, "portal": portal, "custom_settings": settings},
    )


def _header(response: Response, name: str) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


REDIRECTS = (301, 302, 303, 307, 308)
MAX_REDIRECTS = 5


def _article_pages(response: Response) -> list[str]:
    """The further pages of the notice ``response`` shows (``x_2.html``…, TRS's createPageHTML),
    read only when the page names its own stem with a page number (the parse is not free)."""
    if not isinstance(response, TextResponse):
        return []
    text = response.text
    if not may_have_article_pages(text, response.url):
        return []
    try:
        tree = lxml.html.fromstring(text, base_url=response.url)
    except (ParserError, ValueError):
        return []
    return article_pages(tree, response.url)[:MAX_ARTICLE_PAGES]


def _notice_meta(max_bytes: int) -> dict:
    # Redirects of notice pages are followed by the spider (``_follow``), not by Scrapy, so
    # the document keeps the URL the portal links and a redirect home reads as "gone".
    # A body cut short is kept (flag ``dataloss``) so it is archived and quarantined as
    # ``suspect: truncated`` instead of vanishing into an error row.
    return {"edunotice_kind": "notice", "handle_httpstatus_list": [*NOTICE_STATUSES, *REDIRECTS],
            "dont_redirect": True, "download_fail_on_dataloss": False, "download_maxsize": max_bytes}


def cut_short(response: Response) -> bool:
    """A body that ended when the server closed the connection (no Content-Length, Scrapy's
    "partial" flag) without its closing tags: the transfer was probably cut."""
    return "partial" in response.flags and looks_cut_short(response.body)


def _length_problems(url: str, response: Response):
    """Problem rows for a body that does not match its Content-Length: recorded even when the
    bytes kept equal an archived version (then nothing is stored, but the lie is seen)."""
    announced = _header(response, "Content-Length") or "?"
    announced = f"{int(announced):,}" if announced.isdigit() else announced
    if "dataloss" in response.flags:
        yield (url, "truncated", f"notice page: the connection closed after {len(response.body):,} of the "
                                 f"{announced} bytes its Content-Length announced; not archived as a version")
    if OVERRUN in response.flags:
        yield (url, "content_length", f"notice page: the server sent more bytes than its Content-Length "
                                      f"({announced}); the bytes past it were dropped, not archived as a version")


def _redirected_away(asked: str, landed: str, portal: Portal) -> bool:
    """A notice redirected to a site's home or a list page: the notice is gone (soft 404)."""
    if canonical_url(asked) == canonical_url(landed):
        return False
    path = urlsplit(landed).path.rstrip("/")
    starts = {urlsplit(u).path.rstrip("/") for u in portal.start_urls}
    return path in ("", "/index.html", "/index.htm", "/index.shtml") or path in starts


def _same_off_host(url: str, target: str, portal: Portal) -> bool:
    """An off-host notice redirected on its own host (scheme or path changed, not the host)."""
    return urlsplit(url).hostname == urlsplit(target).hostname and portal.takes_off_host(target)


class PortalSpider(scrapy.Spider):
    name = "portal"
    portal: Portal

    def __init__(self, *args, resume: ResumePoint | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.resume = resume
        self.allowed_domains = sorted({h.split(":")[0] for h in self.portal.allowed_hosts})
        self.notices_requested = 0
        self.listed_urls: set[str] = set()  # every notice link seen on a list page this run
        self.list_walk_complete = True  # False once a list page failed or the page cap cut the walk
        self.guess_reported = False  # a list_guessed problem was recorded in this walk

    async def start(self):
        settings = self.crawler.settings
        self.full = settings.getbool("EDUNOTICE_FULL", False)
        self.stop_after_known = settings.getint("EDUNOTICE_STOP_AFTER_KNOWN_PAGES", 1)
        schedule = settings.getlist("EDUNOTICE_RECHECK_SCHEDULE") or RECHECK_SCHEDULE
        self.schedule = tuple((a, float(b)) for a, b in schedule)
        self.now = datetime.now(UTC).replace(tzinfo=None)
        self.max_page_bytes = page_limit(self.portal.max_page_bytes, settings.getint("EDUNOTICE_MAX_PAGE_BYTES"))
        # a notice that is its file (a list row linking a PDF) may be as large as an attachment
        self.max_file_bytes = max(self.max_page_bytes, settings.getint("EDUNOTICE_ATTACHMENT_MAX_BYTES", 50 * 1024 * 1024))
        with Archive(settings.get("EDUNOTICE_DB")) as archive:
            self.known = archive.known_documents(self.portal.id)
        self.known_pages_in_a_row = 0
        self.pages_seen: dict[frozenset, str] = {}  # a list page's notice links -> the first page showing them
        for url in self.portal.start_urls:
            yield self._list_request(url, 1)
        # Known notices due for a re-check are requested from the archive, not only when a
        # list page links them: an early-stopped walk never reaches older list pages. A
        # withdrawn notice is requested only when a list page links it again.
        for url, known in self.known.items():
            if not known.withdrawn and (self.full or recheck_due(known, self.now, self.schedule)):
                # The last version's title and dates stand in for the list page's hints, so a
                # page dated only on its list page does not change version by being re-checked.
                request = self._notice_request(NoticeLink(url=url, off_host=not self.portal.allows(url)),
                                               known.hints)
                if request is not None:
                    yield request

    def _list_request(self, url: str, page_no: int, hops: int = 0, form: dict | None = None) -> scrapy.Request:
        # Redirects of list pages are followed here, not by Scrapy, so one leaving the portal's
        # hosts is a problem row naming the URL instead of a request dropped without a word.
        # A ``pagination`` request form posts its data (a servlet such as Hanweb dataproxy.jsp).
        kind = scrapy.FormRequest if form is not None else scrapy.Request
        extra = {"formdata": form} if form is not None else {}
        return kind(url, callback=self.parse_list, errback=self.failed, dont_filter=hops > 0 or form is not None,
                    cb_kwargs={"page_no": page_no},
                    meta={"edunotice_kind": "list", "dont_redirect": True, "edunotice_hops": hops,
                          "handle_httpstatus_list": list(REDIRECTS),
                          "download_maxsize": self.max_page_bytes}, **extra)

    def _follow_list(self, response: Response, page_no: int, target: str | None = None):
        """A list page answered with a redirect (or a refresh stub sending on to ``target``):
        followed while it stays on the portal, hop by hop, else a problem row."""
        if target is None:
            location = (response.headers.get("Location") or b"").decode("latin-1").strip()
            target = response.urljoin(location) if location else ""
        hops = response.meta.get("edunotice_hops", 0)
        self.list_walk_complete = False if not target or hops >= MAX_REDIRECTS else self.list_walk_complete
        if not target or hops >= MAX_REDIRECTS:
            yield FailedFetch(self.portal.id, response.url, "list_redirect",
                              f"list page: redirect loop or no Location ({target!r}); its notices were not read")
        elif not self.portal.allows(target):
            self.list_walk_complete = False
            yield FailedFetch(self.portal.id, response.url, "list_redirect",
                              f"list page redirected out of scope to {target}; its notices were not read: "
                              "add that host to allowed_domains or fix start_urls")
        else:
            yield self._list_request(target, page_no, hops + 1)

    def parse_list(self, response: Response, page_no: int):
        if response.status in REDIRECTS:
            yield from self._follow_list(response, page_no)
            return
        self.crawler.stats.inc_value("edunotice/list_pages")
        if cut_short(response):
            self.list_walk_complete = False  # links past the cut are unseen, not absent
            yield FailedFetch(self.portal.id, response.url, "truncated",
                              "list page: the connection closed before </html> (no Content-Length); "
                              "links after the cut are missing from this run")
        if not isinstance(response, TextResponse):
            self.list_walk_complete = False  # an unread page must never count as "absent"
            yield FailedFetch(self.portal.id, response.url, "not_html",
                              f"list page is not HTML ({response.headers.get('Content-Type')!r})")
            return
        if (target := refresh_target(response.text, response.url)) is not None:
            self.crawler.stats.inc_value("edunotice/refresh_stubs")  # a meta-refresh or script redirect page
            yield from self._follow_list(response, page_no, target)
            return
        try:
            page = parse_list_page(response.text, response.url, self.portal, page_no,
                                   encoding=response.encoding)
        except Exception as exc:  # noqa: BLE001 - a page we cannot read is an error row, not a crash
            self.list_walk_complete = False
            self.logger.exception("%s: could not read list page %s", self.portal.id, response.url)
            yield FailedFetch(self.portal.id, response.url, "list_parse",
                              f"list page could not be read ({type(exc).__name__}: {exc}); "
                              "check the portal's selectors and notice_url_pattern")
            return
        self.logger.debug("%s: %d notice links (%s), %d list pages", response.url,
                          len(page.notices), page.strategy, len(page.pages))
        if page.frames and response.meta.get("edunotice_frame_depth", 0) < MAX_FRAME_DEPTH:
            # a column page showing its list in a frame: the frames are the list pages
            self.crawler.stats.inc_value("edunotice/list_frames", len(page.frames))
            for frame in page.frames:
                request = self._list_request(frame, page_no)
                request.meta["edunotice_frame_depth"] = response.meta.get("edunotice_frame_depth", 0) + 1
                yield request
            return
        if not page.notices:
            self.crawler.stats.inc_value("edunotice/empty_list_pages")
            need = response_need(response)  # a JavaScript challenge or a script-built list
            if need is not None:
                self.list_walk_complete = False
                yield FailedFetch(self.portal.id, response.url, "needs_browser", need.message())
            if page_no > 1:
                # A later page without links (an anti-bot page, a template past the last page)
                # ends the walk here, but the walk cannot vouch that older notices are gone.
                self.list_walk_complete = False
                return
        yield from self._list_self_checks(response.url, page, page_no)
        shown = frozenset(link.url for link in page.notices)
        if shown and page_no > 1 and (earlier := self.pages_seen.get(shown)) is not None:
            # a pager that ignores its page number serves one page under every number: its
            # next pages would repeat it up to the page cap, and older notices stay unreached
            self.list_walk_complete = False
            yield FailedFetch(self.portal.id, response.url, "pager_repeats",
                              f"list page {page_no} shows the same {len(shown)} notice links as {earlier}: the "
                              "pager does not page; older notices were not reached (check the next-page link, "
                              "or set 'pagination' in the definition)")
            return
        if shown:
            self.pages_seen.setdefault(shown, response.url)
        self.listed_urls.update(link.url for link in page.notices)
        for link in page.notices:
            if self.portal.max_notices and self.notices_requested >= self.portal.max_notices:
                break
            request = self._notice_request(link)
            if request is not None:
                self.notices_requested += 1
                yield request
        all_known = bool(page.notices) and all(self._known_before(n.url) for n in page.notices)
        if all_known and oldest_first(page.notices):
            # a list sorted oldest first puts new notices on its last pages: known rows here
            # say nothing of what follows, so the walk goes on
            self.crawler.stats.set_value("edunotice/list_oldest_first", response.url)
            all_known = False
        self.known_pages_in_a_row = self.known_pages_in_a_row + 1 if all_known else 0
        if not self.full and self.stop_after_known and self.known_pages_in_a_row >= self.stop_after_known:
            if page.pages:
                self.logger.info("%s: stopping the list walk at %s: only known notices on the last %d "
                                 "page(s) (--full walks everything)", self.portal.id, response.url,
                                 self.known_pages_in_a_row)
                self.crawler.stats.set_value("edunotice/list_walk_stopped_early", response.url)
                self.list_walk_complete = False
            return
        for url, number in page.pages:
            if number <= self.portal.max_list_pages:
                yield self._list_request(url, number, form=page.page_form)
            else:
                self.list_walk_complete = False
                yield FailedFetch(self.portal.id, url, "page_cap",
                                  f"list walk cut by the page cap ({self.portal.max_list_pages} list pages): "
                                  f"{url} and the pages after it were not read; raise limits.max_list_pages")

    def _list_self_checks(self, url: str, page, page_no: int):
        """Problem rows for what this list page shows but the walk cannot take."""
        if page.missed:
            self.crawler.stats.inc_value("edunotice/list_incomplete", len(page.missed))
            shown = "; ".join(m.shown() for m in page.missed[:10])
            more = f" and {len(page.missed) - 10} more" if len(page.missed) > 10 else ""
            yield FailedFetch(self.portal.id, url, "list_incomplete",
                              f"{len(page.missed)} row(s) of the list look like notices but were not taken: "
                              f"{shown}{more}; fix selectors.notice_links / notice_url_pattern or allowed_domains")
        if page.guessed:
            self.crawler.stats.inc_value("edunotice/list_guessed")
            if not self.guess_reported:  # once a walk: every page of such a list is guessed alike
                self.guess_reported = True
                yield FailedFetch(self.portal.id, url, "list_guessed",
                                  f"list page {page_no}: {page.guessed}; check them with `edunotice portals check "
                                  f"{self.portal.id}` and confirm with selectors.notice_links or notice_url_pattern")
        if page.needs_config == "ajax_pagination":
            self.list_walk_complete = False
            yield FailedFetch(self.portal.id, url, "ajax_pagination",
                              f"list page {page_no} pages by script from {page.endpoint}: later pages were not "
                              "read; set 'pagination' in the definition: a URL template with {n}, or a request "
                              "form {url, method, per_page, data} for the endpoint (schemas/portal.schema.json)")
        if page.pager_unread:
            self.list_walk_complete = False  # pages past this one may exist unseen
            self.crawler.stats.inc_value("edunotice/pager_unread")
            yield FailedFetch(self.portal.id, url, "pager_unread", f"list page {page_no}: {page.pager_unread}")

    def _known_before(self, url: str) -> bool:
        """Known before this crawl began (a resumed crawl began with the run it resumes)."""
        url = self._known_key(url)
        return url in self.known and not (self.resume and url in self.resume.found)

    def _known_key(self, url: str) -> str:
        """The archive's key for a link: its canonical URL, or that URL's http/https twin when
        the archive knows the notice under the other scheme (a portal that moved to HTTPS)."""
        url = canonical_url(url)
        twin = scheme_twin(url)
        return twin if url not in self.known and twin in self.known else url

    def _notice_request(self, link, known_hints: dict | None = None) -> scrapy.Request | None:
        """A request for a notice page: conditional if known, none if not due for a re-check
        or already stored by the killed run this one resumes."""
        headers = {}
        url = self._known_key(link.url)
        if self.resume and url in self.resume.done:
            self.crawler.stats.inc_value("edunotice/resume_skipped")
            return None
        known = self.known.get(url)
        if known is not None:
            if not self.full and not recheck_due(known, self.now, self.schedule):
                self.crawler.stats.inc_value("edunotice/recheck_not_due")
                return None
            headers = conditional_headers(known)
        # On a mirror the list-page date is the repost's own date, not the notice's.
        date_key = "mirror_posted" if self.portal.kind == "mirror" else "published"
        hints = {k: v for k, v in (("title", link.title), (date_key, link.published)) if v}
        hints = {**(known_hints or {}), **hints}
        is_file = getattr(link, "file", False) or bool(ATTACHMENT.search(urlsplit(link.url).path))
        meta = _notice_meta(self.max_file_bytes if is_file else self.max_page_bytes)
        if is_file:
            self.crawler.stats.inc_value("edunotice/file_notices")
        if getattr(link, "off_host", False):  # a notice the portal's list links on another host (crawler/scope.py)
            meta.update(edunotice_off_host=True, allow_offsite=True)
            self.crawler.stats.inc_value("edunotice/off_host_notices")
        return scrapy.Request(link.url, callback=self.parse_notice, errback=self.failed, headers=headers,
                              cb_kwargs={"hints": hints}, meta=meta)

    def parse_notice(self, response: Response, hints: dict):
        # A document is the URL the portal links, not where a redirect ends (http→https, a
        # CMS moving pages): the archive, the list links and resumes all key on it.
        url = response.meta.get("edunotice_document_url", response.url)
        if response.status in REDIRECTS:
            yield from self._follow(response, url, hints)
            return
        if response.status in GONE:
            yield GoneNotice(self.portal.id, url, response.status, response.meta.get("edunotice_warc"))
            return
        if response.status == 304:
            yield NotModified(self.portal.id, url, response.meta.get("edunotice_warc"))
            return
        need = response_need(response, list_page=False)  # a 200 challenge page is not a version
        if need is not None:
            yield FailedFetch(self.portal.id, url, "needs_browser", f"notice page: {need.message()}")
            return
        if isinstance(response, TextResponse) and (target := refresh_target(response.text, response.url)) is not None:
            self.crawler.stats.inc_value("edunotice/refresh_stubs")  # the notice is where the stub sends
            yield from self._follow(response, url, hints, target)
            return
        header = response.headers.get("Content-Type", b"").decode("latin-1")
        charset = header.split("charset=", 1)[1].split(";")[0].strip() if "charset=" in header else None
        capture = response.meta.get("edunotice_warc")
        item = FetchedNotice(
            portal_id=self.portal.id,
            url=url,
            fetch_url=response.url if response.url != url else None,
            status=response.status,
            body=response.body,
            fetched_at=datetime.now(UTC).replace(tzinfo=None),
            declared_encoding=self.portal.encoding or charset,
            hints=hints,
            warc_file=capture.warc_file if capture else None,
            warc_offset=capture.offset if capture else None,
            payload_digest=capture.digest if capture else None,
            transfer_cut="dataloss" in response.flags or OVERRUN in response.flags or cut_short(response),
            etag=_header(response, "ETag"),
            last_modified=_header(response, "Last-Modified"),
            problems=list(_length_problems(url, response)),
            off_host=bool(response.meta.get("edunotice_off_host")),
        )
        pages = _article_pages(response)
        if pages:  # the notice goes on over more pages: they are fetched, then it is one record
            self.crawler.stats.inc_value("edunotice/article_pages", len(pages))
            yield self._more_page(item, pages)
            return
        yield item

    def _more_page(self, item: FetchedNotice, left: list[str]) -> scrapy.Request:
        meta = {**_notice_meta(self.max_page_bytes), "edunotice_article": item, "edunotice_pages_left": left[1:]}
        if item.off_host:  # the pages of an off-host notice are on its host (crawler/scope.py)
            meta.update(edunotice_off_host=True, allow_offsite=True)
        return scrapy.Request(left[0], callback=self.parse_more_page, errback=self.more_page_failed,
                              dont_filter=True, meta=meta)

    def parse_more_page(self, response: Response):
        """One further page of a notice: kept for the record, then the next, then the notice."""
        item, left = response.meta["edunotice_article"], response.meta["edunotice_pages_left"]
        if response.status != 200 or not isinstance(response, TextResponse) or cut_short(response):
            yield self._pages_lost(item, response.url, f"answered HTTP {response.status}"
                                   if response.status != 200 else "came back cut short or not as a page")
            return
        capture = response.meta.get("edunotice_warc")
        item.more_pages.append({"url": response.url, "body": response.body,
                                "warc_file": capture.warc_file if capture else None,
                                "warc_offset": capture.offset if capture else None,
                                "digest": capture.digest if capture else None})
        yield self._more_page(item, left) if left else item

    def more_page_failed(self, failure):
        yield self._pages_lost(failure.request.meta["edunotice_article"], failure.request.url,
                               f"could not be fetched ({failure.getErrorMessage() or failure.type.__name__})")

    def _pages_lost(self, item: FetchedNotice, url: str, why: str) -> FetchedNotice:
        """The notice without its further pages (its record says it goes on: ``more_pages``), and why."""
        item.more_pages = []
        item.problems.append((url, "more_pages", f"a further page of the notice {why}: only its first page's "
                                                 "text is archived; the next run tries again"))
        return item

    def _follow(self, response: Response, url: str, hints: dict, target: str | None = None):
        """A notice answered with a redirect (or a refresh stub sending on to ``target``):
        follow it on the portal, or call the notice gone when it is sent to the home or a list
        page (a "soft 404")."""
        if target is None:
            location = (response.headers.get("Location") or b"").decode("latin-1").strip()
            target = response.urljoin(location) if location else ""
        hops = response.meta.get("edunotice_hops", 0)
        off_host = bool(target and response.meta.get("edunotice_off_host")) and _same_off_host(url, target, self.portal)
        if not target or hops >= MAX_REDIRECTS:
            yield FailedFetch(self.portal.id, url, "redirect", f"notice page: redirect loop or no Location ({target!r})")
        elif _redirected_away(url, target, self.portal):
            yield GoneNotice(self.portal.id, url, 404)
        elif not self.portal.allows(target) and not off_host:
            yield FailedFetch(self.portal.id, url, "redirect",
                              f"notice page moved off the portal to {target}; add its host to allowed_domains")
        else:
            limit = response.meta.get("download_maxsize") or self.max_page_bytes  # a file keeps its limit
            meta = {**_notice_meta(limit), "edunotice_document_url": url, "edunotice_hops": hops + 1}
            if off_host:  # an off-host notice redirected on its own host (http -> https)
                meta.update(edunotice_off_host=True, allow_offsite=True)
            yield scrapy.Request(target, callback=self.parse_notice, errback=self.failed, dont_filter=True,
                                 cb_kwargs={"hints": hints}, meta=meta)

    def failed(self, failure):
        request = failure.request
        if failure.check(HttpError):
            status = failure.value.response.status
            kind, message = "http_status", f"HTTP {status}"
            need = response_need(failure.value.response, request.meta.get("edunotice_kind") == "list")
            if need is not None:  # a 412/521 challenge page: say so, not just "HTTP 412"
                kind, message = "needs_browser", need.message()
        elif failure.check(OutOfScope, AddressRefused):
            kind, message = "scope", f"{failure.getErrorMessage()}; not fetched"
        elif (failure.check(DownloadCancelledError, CancelledError)
              or (failure.check(IgnoreRequest) and "DOWNLOAD_MAXSIZE" in failure.getErrorMessage())):
            # Scrapy stops reading (or inflating) past the request's download_maxsize.
            limit = request.meta.get("download_maxsize") or self.max_page_bytes
            kind, message = "too_large", too_large_message(limit)
        elif failure.check(ResponseDataLossError):
            kind, message = "truncated", ("the connection closed before the Content-Length the server "
                                          "announced; nothing archived (the next run tries again)")
        elif failure.check(DNSLookupError, CannotResolveHostError):
            kind, message = "dns", "host name does not resolve; check the portal's start_urls"
        elif failure.check(ConnectionRefusedError, DownloadConnectionRefusedError):
            kind, message = "connection", "connection refused: the portal is down or the URL is wrong"
        elif failure.check(TimeoutError, TCPTimedOutError, DownloadTimeoutError):
            kind, message = "timeout", "no answer before DOWNLOAD_TIMEOUT"
        elif failure.check(IgnoreRequest) and "robots.txt" in failure.getErrorMessage():
            kind, message = "robots", ("robots.txt forbids this URL: the portal asks crawlers to stay out; "
                                       "ask its webmaster, or remove the URL from the definition")
        else:
            detail = failure.getErrorMessage() or "no details from the downloader"
            kind, message = "download", f"{failure.type.__name__}: {detail}"
        what = request.meta.get("edunotice_kind", "page")
        page_no = request.cb_kwargs.get("page_no", 1)
        if what == "list" and kind == "http_status" and status == 404 and page_no > 1 and self.portal.pagination:
            # A pagination template has no "last page" marker: its first missing page ends it.
            self.logger.info("%s: list pages end at %s (404)", self.portal.id, request.url)
            return
        if what == "list":
            self.list_walk_complete = False
        self.logger.warning("%s: could not fetch %s page %s: %s", self.portal.id, what, request.url, message)
        yield FailedFetch(self.portal.id, request.url, kind, f"{what} page: {message}")
