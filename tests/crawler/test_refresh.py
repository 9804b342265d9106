"""Refresh stubs (crawler.refresh): a meta refresh or a script redirect on a near-empty page is
followed; a reload timer, a page meant to be read and a list page's pager scripts are not."""

from __future__ import annotations

import json

from crawler.localportals.server import serve_site
from crawler.refresh import refresh_target
from tests import warmcli
from tests.minisite import crawl, db_url, definition, notice_page

BASE = "http://jyj.example.gov.cn/jyj/"


def test_a_stub_sending_on_is_followed_and_a_page_meant_to_be_read_is_not():
    meta = '<html><head><meta http-equiv="Refresh" content="0; URL=/col/col12/index.html"></head><body></body></html>'
    assert refresh_target(meta, BASE) == "http://jyj.example.gov.cn/col/col12/index.html"
    script = "<html><body><script>window.location.href='tzgg/index.html';</script>页面跳转中…</body></html>"
    assert refresh_target(script, BASE) == BASE + "tzgg/index.html"
    replace = '<html><body><script type="text/javascript">location.replace("/jyj/tzgg/")</script></body></html>'
    assert refresh_target(replace, BASE) == BASE + "tzgg/"
    # a reload timer (no URL, the same URL, or a long wait) is not a redirect
    assert refresh_target('<meta http-equiv="refresh" content="300">', BASE) is None
    assert refresh_target(f'<meta http-equiv="refresh" content="0;url={BASE}">', BASE) is None
    assert refresh_target('<meta http-equiv="refresh" content="60;url=/other.html"><p>正文</p>', BASE) is None
    # a list page whose pager script sets location is a list page
    rows = "".join(f"<li><a href='t{n}.html'>关于做好第{n}项工作的通知</a></li>" for n in range(10))
    pager = "<script>function go(n){window.location.href='index_'+n+'.html';}</script>"
    assert refresh_target(f"<html><body><ul>{rows}</ul>{pager}</body></html>", BASE) is None
    # a wrapper showing one page of the site in a frame: that page; a document viewer or two frames: no
    wrapper = "<html><body><h2>通知公告</h2><iframe src='/content/2024/123.html' width='100%'></iframe></body></html>"
    assert refresh_target(wrapper, BASE) == "http://jyj.example.gov.cn/content/2024/123.html"
    assert refresh_target("<iframe src='/pdfjs/web/viewer.html?file=/f/a.pdf'></iframe>", BASE) is None
    assert refresh_target("<iframe src='/c/1.html'></iframe><iframe src='/c/2.html'></iframe>", BASE) is None
    # a page with text of its own and a redirect script is read, not followed
    text = "<p>" + "各学校：现将有关事项通知如下，请认真贯彻执行。" * 10 + "</p>"
    assert refresh_target(f"<html><body>{text}<script>location.href='/x.html'</script></body></html>", BASE) is None


def test_a_crawl_follows_a_refresh_stub_to_the_list_and_a_notice_stub_to_its_page(tmp_path):
    site = tmp_path / "site"
    (site / "jyj/tzgg/202403").mkdir(parents=True)
    (site / "jyj/index.html").write_text(
        '<html><head><meta http-equiv="refresh" content="0; url=/jyj/tzgg/index.html"></head><body></body></html>',
        encoding="utf-8")
    titles = ["关于做好2024年春季学期开学工作的通知", "关于公布2024年义务教育招生方案的通知"]
    rows = "".join(f"<li><a href='202403/t2024030{n}_{n}.html'>{t}</a><span>2024-03-0{n}</span></li>"
                   for n, t in enumerate(titles, 1))
    (site / "jyj/tzgg/index.html").write_text(f"<html><body><ul class='list'>{rows}</ul></body></html>", encoding="utf-8")
    (site / "jyj/tzgg/202403/t20240301_1.html").write_text(  # moved: a script stub sends on
        "<html><body><script>window.location.href='/jyj/tzgg/202403/t20240301_1_new.html';</script></body></html>",
        encoding="utf-8")
    for name, title, day in (("t20240301_1_new", titles[0], "01"), ("t20240302_2", titles[1], "02")):
        (site / f"jyj/tzgg/202403/{name}.html").write_text(notice_page(title, f"2024-03-{day}"), encoding="utf-8")
    with serve_site(site) as server:
        report = crawl(tmp_path, definition(tmp_path, server.base_url + "/jyj/index.html"))
    assert (report["new_documents"], report["errors"]) == (2, 0), report
    show = warmcli.run(["export", "--format", "jsonl", "--db", db_url(tmp_path)], timeout=120)
    records = [json.loads(line) for line in show.stdout.splitlines()]
    # the moved notice keeps the address its list links, with the text of the page the stub sent to
    moved = next(r for r in records if r["url"].endswith("t20240301_1.html"))
    assert moved["title"] == titles[0] and "认真贯彻执行" in moved["text"]
