"""Document keys (archive.urls): w3lib canonical form, tracking parameters, default ports, GBK queries."""

from __future__ import annotations

from archive.rekey import release_0_1_key
from archive.urls import TRACKING_PARAMS, canonical_url, netloc_key
from crawler.discovery import parse_list_page
from crawler.portal import Portal

GBK_ZHONGWEN = "http://www.example.gov.cn/search.jsp?q=%D6%D0%CE%C4"  # 中文 in GBK
GBK_GUOJIA = "http://www.example.gov.cn/search.jsp?q=%B9%FA%BC%D2"  # 国家 in GBK


def test_gbk_encoded_queries_keep_distinct_keys():
    assert canonical_url(GBK_ZHONGWEN) != canonical_url(GBK_GUOJIA)
    assert canonical_url(GBK_ZHONGWEN) == GBK_ZHONGWEN
    # What release 0.1 did: both decoded as UTF-8 to U+FFFD, one key for two notices.
    assert release_0_1_key(GBK_ZHONGWEN) == release_0_1_key(GBK_GUOJIA)


def test_a_raw_chinese_query_is_keyed_in_the_encoding_of_the_page_that_linked_it():
    raw = "http://www.example.gov.cn/search.jsp?q=中文"
    assert canonical_url(raw, encoding="gbk") == GBK_ZHONGWEN
    assert canonical_url(raw) == "http://www.example.gov.cn/search.jsp?q=%E4%B8%AD%E6%96%87"


def test_tracking_parameters_are_dropped_whatever_their_case_and_repeated_keys_are_kept():
    url = ("HTTP://WWW.Example.gov.cn:80/a/../tzgg/t1.html?id=2&utm_source=wx&UTM_Medium=x&spm=a.b"
           "&from=timeline&isappinstalled=0&id=1#top")
    assert canonical_url(url) == "http://www.example.gov.cn/tzgg/t1.html?id=1&id=2"
    assert {"spm", "from", "isappinstalled", "fbclid", "gclid"} <= set(TRACKING_PARAMS)


def test_session_ids_are_not_part_of_a_key_but_other_path_parameters_are():
    night_1 = "http://www.example.gov.cn/art/2024/3/1/art_12_345.html;jsessionid=0A1B2C3D?id=1"
    night_2 = "http://www.example.gov.cn/art/2024/3/1/art_12_345.html;JSESSIONID=F9E8D7C6.node1?id=1"
    assert canonical_url(night_1) == canonical_url(night_2) == "http://www.example.gov.cn/art/2024/3/1/art_12_345.html?id=1"
    assert canonical_url("http://www.example.gov.cn/news.php?PHPSESSID=9f3c&id=4") == "http://www.example.gov.cn/news.php?id=4"
    assert canonical_url("http://www.example.gov.cn/list.jsp?jsessionid=77&page=2") == "http://www.example.gov.cn/list.jsp?page=2"
    # a path parameter that is not a session id names another resource: it stays
    assert canonical_url("http://www.example.gov.cn/doc.html;version=2") == "http://www.example.gov.cn/doc.html;version=2"
    # the rule before migration 0018, for its re-key
    assert canonical_url(night_1, drop_session_ids=False).endswith(";jsessionid=0A1B2C3D?id=1")


def test_a_list_page_writing_session_ids_into_its_links_gives_the_notices_their_plain_keys():
    page = ("<html><body><ul class='list'>"
            + "".join(f"<li><a href='/art/2024/3/{n}/art_12_{n}.html;jsessionid=0A1B2C3D'>关于做好第{n}批招生工作的通知</a>"
                      f"<span>2024-03-0{n}</span></li>" for n in range(1, 6))
            + "</ul></body></html>")
    portal = Portal("x", "X", ("http://www.example.gov.cn/tzgg/index.jsp",), allowed_hosts=("www.example.gov.cn",))
    listing = parse_list_page(page, "http://www.example.gov.cn/tzgg/index.jsp", portal)
    assert len(listing.notices) == 5
    assert {canonical_url(n.url) for n in listing.notices} == {
        f"http://www.example.gov.cn/art/2024/3/{n}/art_12_{n}.html" for n in range(1, 6)}


def test_default_ports_are_one_rule_for_keys_and_portal_scope():
    assert netloc_key("https://A.example.cn:443/x") == "a.example.cn"
    assert netloc_key("http://127.0.0.1:8080/x") == "127.0.0.1:8080"
    assert canonical_url("http://a.example.cn:80") == canonical_url("http://a.example.cn/")
    portal = Portal("p", "P", ("http://a.example.cn/",), allowed_hosts=("a.example.cn", "127.0.0.1:9100"))
    assert portal.allows("http://a.example.cn:80/t1.html")
    assert portal.allows("http://127.0.0.1:9100/t1.html")
    assert not portal.allows("http://127.0.0.1:9101/t1.html")


def test_discovery_encodes_links_of_a_gbk_list_page_in_gbk():
    html = ('<html><body><ul><li><a href="/xxgk/view.jsp?lm=通知">关于做好2023年义务教育招生工作的通知</a>'
            '<span>2023-05-01</span></li></ul></body></html>')
    portal = Portal("p", "P", ("http://www.example.gov.cn/xxgk/",), allowed_hosts=("www.example.gov.cn",),
                    selectors={"notice_links": "li a"})
    page = parse_list_page(html, "http://www.example.gov.cn/xxgk/", portal, encoding="gbk")
    assert [n.url for n in page.notices] == ["http://www.example.gov.cn/xxgk/view.jsp?lm=%CD%A8%D6%AA"]
    assert canonical_url(page.notices[0].url) == page.notices[0].url
