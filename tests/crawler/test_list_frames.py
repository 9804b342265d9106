"""A column page that shows its list in a frame (a <frameset>, an <iframe>): discovery names the
framed pages when the page itself holds no notice link, and a crawl reads the list there."""

from __future__ import annotations

from crawler.discovery import parse_list_page
from crawler.localportals.server import serve_site
from crawler.portal import Portal
from tests.minisite import crawl, definition, notice_page

BASE = "http://jyj.example.gov.cn/jyj/tzgg/"
PORTAL = Portal("t", "T", (BASE,), allowed_hosts=("jyj.example.gov.cn",))


def test_a_page_without_notice_links_names_the_pages_its_frames_show():
    frameset = ("<html><frameset rows='80,*'><frame src='/jyj/top.html'><frame src='list.jsp?col=12'>"
                "</frameset></html>")
    assert parse_list_page(frameset, BASE, PORTAL).frames == [
        "http://jyj.example.gov.cn/jyj/top.html", BASE + "list.jsp?col=12"]
    iframes = ("<html><body><h2>通知公告</h2><iframe src='list_frame.html' width='100%'></iframe>"
               "<iframe src='http://map.example.com/embed?x=1'></iframe><iframe src='/count.jsp?id=3'></iframe>"
               "<iframe src='https://other.gov.cn/list.html'></iframe></body></html>")
    assert parse_list_page(iframes, BASE, PORTAL).frames == [BASE + "list_frame.html"]  # not a map, a counter, off-host
    # a page with its own list is read, whatever it frames
    listed = ("<html><body><ul>" + "".join(f"<li><a href='2024/t{n}.html'>关于做好第{n}项招生工作的通知</a>"
                                            f"<span>2024-03-0{n}</span></li>" for n in range(1, 4))
              + "</ul><iframe src='list_frame.html'></iframe></body></html>")
    page = parse_list_page(listed, BASE, PORTAL)
    assert len(page.notices) == 3 and page.frames == []


def test_a_crawl_reads_the_list_a_column_page_shows_in_an_iframe(tmp_path):
    site = tmp_path / "site"
    (site / "jyj/tzgg/2024").mkdir(parents=True)
    (site / "jyj/tzgg/index.html").write_text(
        "<html><body><div class='nav'><a href='/'>首页</a></div><h2>通知公告</h2>"
        "<iframe src='list_frame.html' frameborder='0'></iframe></body></html>", encoding="utf-8")
    titles = ["关于做好2024年春季学期开学工作的通知", "关于公布2024年义务教育招生方案的通知"]
    rows = "".join(f"<li><a href='2024/t{n}.html' target='_blank'>{t}</a><span>2024-03-0{n}</span></li>"
                   for n, t in enumerate(titles, 1))
    (site / "jyj/tzgg/list_frame.html").write_text(f"<html><body><ul class='list'>{rows}</ul></body></html>",
                                                   encoding="utf-8")
    for n, title in enumerate(titles, 1):
        (site / f"jyj/tzgg/2024/t{n}.html").write_text(notice_page(title, f"2024-03-0{n}"), encoding="utf-8")
    with serve_site(site) as server:
        report = crawl(tmp_path, definition(tmp_path, server.base_url + "/jyj/tzgg/index.html"))
    assert (report["new_documents"], report["errors"]) == (2, 0), report


def test_portals_check_reads_the_list_through_a_refresh_stub_and_a_frame(tmp_path):
    from click.testing import CliRunner

    from crawler.cli import cli

    site = tmp_path / "site"
    (site / "jyj/tzgg/2024").mkdir(parents=True)
    (site / "jyj/index.html").write_text('<meta http-equiv="refresh" content="0;url=/jyj/tzgg/index.html">', encoding="utf-8")
    (site / "jyj/tzgg/index.html").write_text(
        "<html><frameset rows='80,*'><frame src='top.html'><frame src='list_frame.html'></frameset></html>",
        encoding="utf-8")
    (site / "jyj/tzgg/top.html").write_text("<html><body><h1>某某市教育局</h1></body></html>", encoding="utf-8")
    rows = "".join(f"<li><a href='2024/t{n}.html'>关于做好第{n}项招生工作的通知</a><span>2024-03-0{n}</span></li>"
                   for n in (1, 2))
    (site / "jyj/tzgg/list_frame.html").write_text(f"<html><body><ul>{rows}</ul></body></html>", encoding="utf-8")
    for n in (1, 2):
        (site / f"jyj/tzgg/2024/t{n}.html").write_text(notice_page(f"关于做好第{n}项招生工作的通知", f"2024-03-0{n}"),
                                                      encoding="utf-8")
    with serve_site(site) as server:
        result = CliRunner().invoke(cli, ["portals", "check", str(definition(tmp_path, server.base_url + "/jyj/index.html")),
                                          "--pages", "1"])
    assert f"+ 2024-03-01  {server.base_url}/jyj/tzgg/2024/t1.html" in result.output, result.output
    assert "refresh stub" in result.output and "in frames" in result.output

