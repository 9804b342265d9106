"""PortalSpider's callbacks in-process, on responses built from the sample portals' files:
list walks, pagination, incremental stops, notice outcomes, redirects and failures, in
milliseconds. What only the real downloader shows (charsets on the wire, retries, WARC
bytes) stays in tests/e2e."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import pytest
from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse, Response
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.test import get_crawler
from twisted.internet.error import DNSLookupError
from twisted.python.failure import Failure

from archive.store import Archive
from crawler.demo import sample_portals
from crawler.items import FailedFetch, FetchedNotice, GoneNotice, NotModified
from crawler.localportals import build_sites
from crawler.spiders.portal import spider_class_for

BASE = "http://127.0.0.1:8733"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return build_sites(tmp_path_factory.mktemp("sites"))["qingyuan_edu"]


def make_spider(db_url: str, **settings):
    portal = next(p for p in sample_portals() if p.id == "qingyuan_edu")
    spidercls = spider_class_for(portal)
    crawler = get_crawler(spidercls, {"EDUNOTICE_DB": db_url, **settings})
    spider = spidercls.from_crawler(crawler)
    crawler.spider = spider
    crawler.stats.open_spider()
    return spider


def start_requests(spider) -> list[Request]:
    async def collect():
        return [r async for r in spider.start()]
    return asyncio.run(collect())


def page(site: Path, url: str, request: Request | None = None, status: int = 200) -> HtmlResponse:
    path = site / url.removeprefix(BASE + "/")
    return HtmlResponse(url, body=path.read_bytes(), status=status, encoding="utf-8",
                        request=request or Request(url))


def run_callback(request: Request, response: Response) -> list:
    return list(request.callback(response, **request.cb_kwargs))


@pytest.fixture
def spider(sqlite_url):
    return make_spider(sqlite_url)


def test_a_first_run_asks_for_the_start_page_then_takes_every_notice_and_the_next_list_page(spider, site):
    [first] = start_requests(spider)
    assert first.url == f"{BASE}/jyj/tzgg/index.html" and first.cb_kwargs == {"page_no": 1}
    out = run_callback(first, page(site, first.url, first))
    notices = [r for r in out if r.callback == spider.parse_notice]
    lists = [r for r in out if r.callback == spider.parse_list]
    linked = set(re.findall(r'href="\./(\d{6}/t\d+_\d+\.html)"', page(site, first.url).text))
    assert {r.url for r in notices} == {f"{BASE}/jyj/tzgg/{path}" for path in linked} and len(linked) >= 5
    assert all(r.cb_kwargs["hints"].get("title") for r in notices)
    assert [(r.url, r.cb_kwargs["page_no"]) for r in lists] == [(f"{BASE}/jyj/tzgg/index_1.html", 2)]
    assert spider.list_walk_complete and len(spider.listed_urls) == len(linked)


def test_the_last_list_page_has_no_next_page_and_the_walk_stays_complete(spider, site):
    start_requests(spider)
    last = spider._list_request(f"{BASE}/jyj/tzgg/index_3.html", 4)
    out = run_callback(last, page(site, last.url, last))
    assert out and all(r.callback == spider.parse_notice for r in out)
    assert spider.list_walk_complete


def test_a_list_page_that_is_not_html_is_an_error_and_the_walk_cannot_vouch_for_absence(spider):
    start_requests(spider)
    request = spider._list_request(f"{BASE}/jyj/tzgg/index.html", 1)
    response = Response(request.url, body=b"%PDF-1.4", headers={"Content-Type": "application/pdf"}, request=request)
    [failed] = run_callback(request, response)
    assert isinstance(failed, FailedFetch) and failed.kind == "not_html"
    assert not spider.list_walk_complete


def test_a_page_of_only_known_notices_stops_an_incremental_walk(sqlite_url, site):
    first = make_spider(sqlite_url)
    [request] = start_requests(first)
    links = [r for r in run_callback(request, page(site, request.url, request)) if r.callback == first.parse_notice]
    with Archive(sqlite_url) as archive:
        archive.register_portal(first.portal.as_dict())
        for link in links:
            archive.record_notice(portal_id="qingyuan_edu", fetch_url=link.url, http_status=200,
                                  record={"url": link.url, "title": "t", "text": "正文内容", "flags": []},
                                  fetched_at=first.now)
    again = make_spider(sqlite_url)
    [request] = [r for r in start_requests(again) if r.callback == again.parse_list]
    out = run_callback(request, page(site, request.url, request))
    assert not [r for r in out if r.callback == again.parse_list]  # the walk stops here
    assert not again.list_walk_complete  # so nothing may be withdrawn by absence


def test_a_notice_page_becomes_an_item_carrying_the_list_hints(spider, site):
    [listing] = start_requests(spider)
    notice = next(r for r in run_callback(listing, page(site, listing.url, listing)) if r.callback == spider.parse_notice)
    [item] = run_callback(notice, page(site, notice.url, notice))
    assert isinstance(item, FetchedNotice) and item.url == notice.url and item.status == 200
    assert item.hints["title"] == notice.cb_kwargs["hints"]["title"] and item.body.startswith(b"<")


@pytest.mark.parametrize("status, expected", [(304, NotModified), (404, GoneNotice), (410, GoneNotice)])
def test_notice_statuses_304_404_410(spider, status, expected):
    start_requests(spider)
    request = spider._notice_request(type("Link", (), {"url": f"{BASE}/jyj/tzgg/a.html", "title": "t",
                                                      "published": None})())
    [item] = run_callback(request, Response(request.url, status=status, request=request))
    assert isinstance(item, expected)


def redirect(spider, location: str, hops: int = 0):
    request = spider._notice_request(type("Link", (), {"url": f"{BASE}/jyj/tzgg/202102/t1.html", "title": "t",
                                                      "published": None})())
    request.meta["edunotice_hops"] = hops
    response = Response(request.url, status=302, headers={"Location": location}, request=request)
    return run_callback(request, response)


def test_a_notice_redirected_within_the_portal_is_followed_and_keeps_its_linked_url(spider):
    start_requests(spider)
    [follow] = redirect(spider, "/jyj/tzgg/202102/t1_moved.html")
    assert follow.url == f"{BASE}/jyj/tzgg/202102/t1_moved.html"
    assert follow.meta["edunotice_document_url"] == f"{BASE}/jyj/tzgg/202102/t1.html"


@pytest.mark.parametrize("location, kind", [("/", GoneNotice), ("/jyj/tzgg/index.html", GoneNotice),
                                            ("http://elsewhere.example.org/x.html", FailedFetch)])
def test_a_notice_redirected_home_is_gone_and_off_the_portal_is_an_error(spider, location, kind):
    start_requests(spider)
    [item] = redirect(spider, location)
    assert isinstance(item, kind)


def test_a_redirect_loop_ends_as_an_error_naming_the_target(spider):
    start_requests(spider)
    [item] = redirect(spider, "/jyj/tzgg/202102/t2.html", hops=5)
    assert isinstance(item, FailedFetch) and item.kind == "redirect" and "t2.html" in item.message


def failure_for(request: Request, exc: Exception) -> Failure:
    failure = Failure(exc)
    failure.request = request
    return failure


def test_failures_become_error_rows_with_kind_and_reason(spider):
    start_requests(spider)
    notice = spider._notice_request(type("Link", (), {"url": f"{BASE}/n.html", "title": None, "published": None})())
    [dns] = spider.failed(failure_for(notice, DNSLookupError("nope")))
    assert (dns.kind, dns.url) == ("dns", f"{BASE}/n.html") and dns.message
    [robots] = spider.failed(failure_for(notice, IgnoreRequest("Forbidden by robots.txt")))
    assert robots.kind == "robots" and "robots.txt" in robots.message
    listing = spider._list_request(f"{BASE}/jyj/tzgg/index_9.html", 10)
    [http] = spider.failed(failure_for(listing, HttpError(Response(listing.url, status=500, request=listing))))
    assert http.kind == "http_status" and "HTTP 500" in http.message
    assert not spider.list_walk_complete
