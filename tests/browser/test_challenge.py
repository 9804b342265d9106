"""Detection of portals that need a browser (crawler/challenge.py), the `render` key, and the
health rule that turns a needs_browser problem into a broken run. In-process, milliseconds."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

from archive.health import RunFigures, assess
from crawler.challenge import detect_challenge, detect_script_list, needs_browser
from crawler.discovery import parse_list_page
from crawler.localportals.challenge import CHALLENGE_PAGE, COOKIE, JS_LIST_PAGE, VERIFY_SCRIPT
from crawler.portal import PortalConfigError, portal_from_dict
from tests import warmcli

BASE = "http://www.example.gov.cn"
PAGES = sorted((Path(__file__).parents[1] / "extraction" / "pages").glob("*.html"))

# 瑞数-style: a meta the bootstrap reads, `$_ts` state, an external script; the cookie is set
# by the script file, so the only cookie evidence is the Set-Cookie header of the 412.
RUISHU_LIKE = """<html><head><meta content="{qq3Ahk0Zt.Ql2Y}" id="9DhefwqGPrzGxEp9hPaoag">
<script type="text/javascript">$_ts=window['$_ts'];if(!$_ts)$_ts={};$_ts.nsd=12345;$_ts.cd="qorrqr";</script>
<script type="text/javascript" charset="utf-8" src="/4QbVtADbnLVIc/d.FxJzG50F.dfe1675.js"></script>
</head><body></body></html>"""
# 加速乐-style: a 521 whose inline script computes the cookie and reloads.
JSL_LIKE = ("<html><body><script>document.cookie=('_'+'_jsl_clearance_s=')+(1+2)+'|0|'+"
            "'abc'+';max-age=3600;path=/';location.href=location.pathname+location.search</script></body></html>")


def test_412_cookie_script_is_a_challenge_with_its_evidence():
    need = detect_challenge(412, CHALLENGE_PAGE, BASE + "/tzgg/index.html")
    assert need is not None and need.kind == "js_challenge"
    assert (need.status, need.cookie) == (412, COOKIE)
    assert need.scripts == (BASE + VERIFY_SCRIPT, "inline")
    assert "HTTP 412" in need.message() and COOKIE in need.message() and "render: browser" in need.message()


def test_ruishu_like_412_names_the_set_cookie_and_the_bootstrap_script():
    need = detect_challenge(412, RUISHU_LIKE, BASE + "/", set_cookies=("FSSBBIl1UgzbN7NS",))
    assert need is not None and need.cookie == "FSSBBIl1UgzbN7NS"
    assert need.scripts[0] == BASE + "/4QbVtADbnLVIc/d.FxJzG50F.dfe1675.js"


def test_200_page_that_sets_a_cookie_and_reloads_is_a_challenge():
    need = detect_challenge(200, JSL_LIKE, BASE + "/")
    assert need is not None and need.status == 200


def test_521_jsl_like_challenge_names_its_cookie():
    need = detect_challenge(521, JSL_LIKE, BASE + "/")
    assert need is not None and need.cookie == "__jsl_clearance_s"  # built by concatenation
    assert need.scripts == ("inline",)


def test_an_ordinary_error_page_is_not_a_challenge():
    assert detect_challenge(412, "<html><body><h1>412 Precondition Failed</h1></body></html>", BASE) is None
    assert detect_challenge(404, "<html><body>404<script src='/ga.js'></script></body></html>", BASE) is None


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_no_notice_page_of_the_evaluation_set_reads_as_a_challenge(page):
    html = page.read_bytes().decode("utf-8", errors="replace")
    assert detect_challenge(200, html, BASE + "/t20240101_1.html") is None


def test_script_built_list_names_its_data_endpoint():
    url = BASE + "/jslist/index.html"
    portal = portal_from_dict({"id": "x", "name": "x", "start_urls": [url]}, "x.yaml")
    assert parse_list_page(JS_LIST_PAGE, url, portal).notices == []  # what the crawl sees without a browser
    need = detect_script_list(200, JS_LIST_PAGE, url)
    assert need is not None and need.kind == "script_built_list"
    assert need.endpoints == (BASE + "/jslist/data.json",)
    assert detect_challenge(200, JS_LIST_PAGE, url) is None  # it has text: not a challenge


def test_an_empty_list_page_without_list_scripts_keeps_the_markup_diagnosis():
    html = ("<html><body><ul class='list'></ul><script src='/js/jquery.min.js'></script>"
            "<script>createPageHTML(5, 0, 'index', 'html');</script><p>" + "示例" * 200 + "</p></body></html>")
    assert needs_browser(200, html, BASE + "/tzgg/") is None


def test_render_key_is_validated_and_kept():
    data = {"id": "x", "name": "x", "start_urls": [BASE + "/"], "render": "browser"}
    portal = portal_from_dict(data, "x.yaml")
    assert portal.render == "browser" and portal.as_dict()["render"] == "browser"
    assert "render" not in portal_from_dict({**data, "render": "html"}, "x.yaml").as_dict()
    with pytest.raises(PortalConfigError) as err:
        portal_from_dict({**data, "render": "chrome"}, "x.yaml")
    assert err.value.field_path == "render"


def test_health_blames_the_browser_not_the_markup():
    run = RunFigures(links_found=0, notices_seen=0, errors=1, extraction_failures=0, list_pages=1, needs_browser=1)
    verdict = assess(run, [])
    assert verdict.broken and "render: browser" in verdict.reasons[0]
    plain = assess(RunFigures(links_found=0, notices_seen=0, errors=0, extraction_failures=0, list_pages=1), [])
    assert "markup changed" in plain.reasons[0]


def test_crawl_refuses_render_browser_without_chromium(tmp_path):
    definition = tmp_path / "gate.yaml"
    definition.write_text(yaml.safe_dump({"id": "gate", "name": "x", "start_urls": ["http://127.0.0.1:9/"],
                                          "allow_private_addresses": True, "render": "browser"}))
    env = {**os.environ, "EDUNOTICE_CHROMIUM": str(tmp_path / "no-chromium"), "EDUNOTICE_DATA_DIR": str(tmp_path)}
    result = warmcli.run(["crawl", "--portal-file", str(definition), "--db", f"sqlite:///{tmp_path / 'a.sqlite'}"],
                         env=env, timeout=120)
    assert result.returncode == 2, result.stderr
    assert "render" in result.stderr and "apt-get install -y chromium" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_200_challenge_on_a_notice_page_is_a_problem_not_a_version(sqlite_url):
    from scrapy import Request
    from scrapy.http import HtmlResponse
    from scrapy.utils.test import get_crawler

    from crawler.items import FailedFetch, FetchedNotice
    from crawler.spiders.portal import spider_class_for

    portal = portal_from_dict({"id": "x", "name": "x", "start_urls": [BASE + "/tzgg/"]}, "x.yaml")
    spidercls = spider_class_for(portal)
    spider = spidercls.from_crawler(get_crawler(spidercls, {"EDUNOTICE_DB": sqlite_url}))
    url = BASE + "/tzgg/202503/t20250303_1.html"
    challenge = HtmlResponse(url, body=JSL_LIKE.encode(), status=200, encoding="utf-8",
                             request=Request(url))
    [item] = list(spider.parse_notice(challenge, hints={}))
    assert isinstance(item, FailedFetch) and item.kind == "needs_browser" and "__jsl_clearance_s" in item.message
    notice = HtmlResponse(url, body=(PAGES[0]).read_bytes(), status=200, request=Request(url))
    assert isinstance(next(iter(spider.parse_notice(notice, hints={}))), FetchedNotice)


def test_a_challenge_the_browser_could_not_pass_says_so():
    need = detect_challenge(412, CHALLENGE_PAGE, BASE + "/tzgg/index.html", rendered=True)
    assert need is not None and "browser did not get past it" in need.message()
    assert "set 'render: browser'" not in need.message()
