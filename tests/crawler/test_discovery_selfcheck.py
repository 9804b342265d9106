"""List self-checks and the pager forms discovery follows: main-list rows it cannot take
are named with the reason, script-driven pagers are reported, and `portals check` prints
every link taken and every row not taken (verdict not OK)."""

from __future__ import annotations

import json

import lxml.html
import yaml
from click.testing import CliRunner

from crawler import listrows
from crawler.cli import cli
from crawler.discovery import parse_list_page
from crawler.localportals import serve_site
from crawler.portal import portal_from_dict

BASE = "https://jyj.example.gov.cn/jyj/tzgg/"


def portal(**extra):
    return portal_from_dict({"id": "t", "name": "T", "start_urls": [BASE], **extra}, "test")


def rows(*items: str) -> str:
    return ("<html><body><div class='nav'><a href='/'>首页</a></div><ul class='list'>" + "".join(
        f"<li><a href='{href}'>{title}</a><span>2024-03-0{i}</span></li>" for i, (href, title) in
        enumerate(items, 1)) + "</ul></body></html>")


LIST = [("./202403/t20240301_1.html", "关于做好2024年春季学期开学工作的通知"),
        ("./202403/t20240302_2.html", "关于公布2024年义务教育招生方案的通知"),
        ("https://www.other.gov.cn/art/2024/3/3/art_1_3.html", "关于转发省教育厅招生工作意见的通知"),
        ("./202403/files/2024年中考体育考试方案.pdf", "2024年中考体育考试方案公示"),
        ("javascript:openDoc(5)", "关于开展校园安全专项检查的通知")]


def test_main_list_rows_discovery_cannot_take_are_named_with_the_reason():
    page = parse_list_page(rows(*LIST), BASE, portal(off_host_notices="report"))
    # the row linking its PDF is a notice that is its file: taken, with its title and date
    assert [(n.url, n.file) for n in page.notices] == [
        (BASE + "202403/t20240301_1.html", False), (BASE + "202403/t20240302_2.html", False),
        (BASE + "202403/files/2024年中考体育考试方案.pdf", True)]
    assert [(m.url, m.reason) for m in page.missed] == [
        ("https://www.other.gov.cn/art/2024/3/3/art_1_3.html", "off_portal"),
        ("javascript:openDoc(5)", "script_link")]
    # a file on another host, from a portal that keeps to its own hosts, is still named
    elsewhere = rows(*LIST[:2], ("https://files.other.gov.cn/2024/fang-an.pdf", "2024年中考体育考试方案公示"))
    page = parse_list_page(elsewhere, BASE, portal(off_host_notices="report"))
    assert [(m.url, m.reason) for m in page.missed] == [("https://files.other.gov.cn/2024/fang-an.pdf", "attachment")]


def test_a_dated_row_of_the_list_linking_another_host_is_taken_and_marked_off_host():
    page = parse_list_page(rows(*LIST), BASE, portal())
    assert [(n.url, n.off_host, n.published) for n in page.notices] == [
        (BASE + "202403/t20240301_1.html", False, "2024-03-01"), (BASE + "202403/t20240302_2.html", False, "2024-03-02"),
        ("https://www.other.gov.cn/art/2024/3/3/art_1_3.html", True, "2024-03-03"),
        (BASE + "202403/files/2024年中考体育考试方案.pdf", False, "2024-03-04")]
    assert [m.reason for m in page.missed] == ["script_link"]


OFF_HOST_AROUND = ("<html><body><div class='nav'><a href='https://mp.weixin.qq.com/s/menu'>学院微信公众号文章汇总</a></div>"
                   "<ul class='list'>{rows}</ul>"
                   "<div class='links'><p>友情链接</p><ul><li><a href='https://www.moe.gov.cn/jyb_xxgk/'>中华人民共和国教育部网站</a></li>"
                   "<li><a href='https://jyt.example.gov.cn/'>某某省教育厅门户网站首页</a></li></ul></div>"
                   "<div class='footer'><a href='https://beian.miit.gov.cn/'>京ICP备05000000号网站备案信息</a></div></body></html>")


def test_off_host_links_outside_the_dated_rows_stay_out():
    # Menus, friend links and the footer link other hosts too: not rows of the list.
    items = "".join(f"<li><a href='{href}'>{title}</a><span>2024-03-0{i}</span></li>" for i, (href, title) in
                    enumerate([LIST[0], LIST[1], ("https://mp.weixin.qq.com/s/a9JIaBnAcut0", "速看！2024年招生计划公布！附招生咨询方式")], 1))
    page = parse_list_page(OFF_HOST_AROUND.format(rows=items), BASE, portal())
    assert [(n.url, n.off_host) for n in page.notices] == [
        (BASE + "202403/t20240301_1.html", False), (BASE + "202403/t20240302_2.html", False),
        ("https://mp.weixin.qq.com/s/a9JIaBnAcut0", True)]
    assert not page.missed


def test_an_off_host_row_on_an_odd_port_or_scheme_is_reported_not_taken():
    # Off the default port (or not http) nothing vouches for the host: named, not fetched.
    odd = [LIST[0], LIST[1], ("http://www.other.gov.cn:8080/art/2024/3/3/art_1_3.html", "关于转发省教育厅招生工作意见的通知"),
           ("ftp://www.other.gov.cn/2024/notice_4.html", "关于公布2024年教师资格认定结果的通知")]
    page = parse_list_page(rows(*odd), BASE, portal())
    assert len(page.notices) == 2 and not any(n.off_host for n in page.notices)
    assert [(m.url, m.reason) for m in page.missed] == [
        ("http://www.other.gov.cn:8080/art/2024/3/3/art_1_3.html", "off_portal"),
        ("ftp://www.other.gov.cn/2024/notice_4.html", "off_portal")]


def test_undated_rows_built_like_taken_notices_take_their_off_host_links_too():
    # No dated list (PHPCMS undated rows): links taken by their CMS URL shape; a row of the
    # same list on the site's former domain is the list's own row, taken and marked.
    items = "".join(f"<li><a href='{href}' target='_blank'>{title}</a></li>" for href, title in [
        ("/html/gkzsjh/2024-07/142201.html", "2024年普通高等学校招生计划"),
        ("/html/gkzsjh/2023-05/141651.html", "2023年普通高等学校招生计划"),
        ("http://gaokao.old-domain.edu.cn/zsjh/2016-06/133908.html", "2016年普通高等学校招生计划")])
    url = "https://www.example.cn/html/gkgzzt/gkzsjh/"
    page = parse_list_page(OFF_HOST_AROUND.format(rows=items), url, portal(start_urls=[url]))
    assert [n.off_host for n in page.notices] == [False, False, True]
    assert page.notices[2].url == "http://gaokao.old-domain.edu.cn/zsjh/2016-06/133908.html" and not page.missed
    kept = parse_list_page(OFF_HOST_AROUND.format(rows=items), url, portal(start_urls=[url], off_host_notices="report"))
    assert [(m.url, m.reason) for m in kept.missed] == [
        ("http://gaokao.old-domain.edu.cn/zsjh/2016-06/133908.html", "off_portal")]


def test_a_script_link_whose_onclick_opens_a_page_is_taken_at_that_page():
    # VSB-style rows: href="javascript:void(0);", the article in onclick="checkXnwk('189543.htm','xw')".
    items = "".join(f"<li><span>[2021-04-2{i}]</span><a href='javascript:void(0);' title='关于第{i}批教职工接种疫苗的通知' "
                    f"onclick=\"checkXnwk('18954{i}.htm','xw');\">关于第{i}批教职工接种...</a></li>" for i in range(1, 4))
    page = parse_list_page(f"<html><body><ul>{items}</ul></body></html>", BASE, portal())
    assert [(n.url, n.title) for n in page.notices] == [(f"{BASE}18954{i}.htm", f"关于第{i}批教职工接种疫苗的通知")
                                                         for i in range(1, 4)]
    assert not page.missed


def test_a_date_split_over_two_elements_dates_the_row_and_a_short_titled_row_is_a_row():
    # VSB "text-list" rows: <p>03/10</p><span>2025</span> beside a heading and a summary that
    # carries dates of its own; a row titled 2023年招生 is a notice too.
    def row(n, md, year, title, summary):
        return (f"<li><a href='../info/1065/{n}.htm' title='{title}'><div class='text-ldata'><div><p>{md}</p>"
                f"<span>{year}</span></div></div><div class='text-linfo'><h3>{title}</h3><p>{summary}...</p></div></a></li>")
    items = (row(11152, "03/10", 2025, "2024年度学生体质健康排名公示", "2024年度学生体质健康排名公示")
             + row(11002, "11/15", 2024, "4号楼后学生厕所改造成交公告", "于2024年11月20日13点30分前提交响应文件")
             + row(2631, "05/16", 2023, "2023年招生", "2023年入学政策公示 一、施教区范围。"))
    page = parse_list_page(f"<html><body><div class='text-list'><ul>{items}</ul></div></body></html>", BASE, portal())
    assert [(n.url.rsplit("/", 1)[1], n.published) for n in page.notices] == [
        ("11152.htm", "2025-03-10"), ("11002.htm", "2024-11-15"), ("2631.htm", "2023-05-16")]


def test_a_cards_date_element_dates_the_row_not_a_date_its_summary_names():
    # WebPlus news-piclist cards: the whole card is the link; the summary starts with another
    # day (2025年4月14日) than the card's div.date.
    def card(path, title, summary, day):
        return (f"<li class='item'><a href='{path}'><div class='img'><img src='/a.jpg'></div><div class='txt'>"
                f"<h2>{title}</h2><p>{summary}</p><div class='date'>{day}</div></div></a></li>")
    items = (card("/2025/0422/c6501a568210/page.htm", "清华大学深圳国际研究生院到访眼科研究院",
                  "2025年4月14日，清华大学深圳国际研究生院团队到访南开大学眼科研究院，就交叉领域开展交流。", "2025/04/22")
             + card("/2025/0403/c6501a566164/page.htm", "眼科研究院召开学术交流会",
                    "3月27日，眼科研究院召开学术交流会，来自各地的专家学者参加会议。", "2025/04/03")
             + card("/2025/0320/c6501a565001/page.htm", "眼科研究院举办开放日活动",
                    "研究院于2025年3月15日举办开放日活动，吸引了众多市民参加。", "2025/03/20"))
    page = parse_list_page(f"<html><body><div class='news-piclist'><ul>{items}</ul></div></body></html>",
                           "https://medical.example.edu.cn/6501/list.htm", portal())
    assert [n.published for n in page.notices] == ["2025-04-22", "2025-04-03", "2025-03-20"]


def test_a_date_printed_in_three_classed_parts_dates_the_row():
    def row(n, day, month, year, title):
        return (f"<li><a href='../../info/1116/{n}.htm' title='{title}'><div class='time'><div class='day'>{day}</div>"
                f"<div class='month'>{month}</div><div class='year'>{year}</div></div><div class='text'><h5>{title}</h5>"
                f"<p>根据《2026年普通高等学校招生管理办法》（体科字〔2025〕171号），制定本简章。</p></div></a></li>")
    items = row(3739, "18", "01", "2026", "天津大学2026年运动训练专业招生简章") + row(3709, "18", "12", "2025", "天津大学2026年高水平运动队招生简章") \
        + row(3650, "03", "11", "2025", "天津大学2026年艺术类专业招生简章")
    page = parse_list_page(f"<html><body><ul class='clear'>{items}</ul></body></html>",
                           "https://zs.example.edu.cn/zsxx/tzgg.htm", portal())
    assert [n.published for n in page.notices] == ["2026-01-18", "2025-12-18", "2025-11-03"]


def test_a_selector_that_leaves_out_list_rows_is_reported_not_silent():
    page = parse_list_page(rows(*LIST[:2]), BASE, portal(selectors={"notice_links": "li:first-child a"}))
    assert [(m.url, m.reason) for m in page.missed] == [(BASE + "202403/t20240302_2.html", "not_selected")]


def test_a_list_table_with_notices_off_the_cms_url_patterns_is_taken_whole():
    # 政府信息公开 table: td a rows; half the URLs fit no CMS pattern (the 6-of-10 case).
    table = "".join(f"<tr><td>{i}</td><td><a href='{'/xxgk/' + str(i) + '.jhtml' if i % 2 else f'./202401/t2024010{i}_{i}.html'}'>"
                    f"关于第{i}号政府信息公开事项的决定</a></td><td>2024-01-0{i}</td></tr>" for i in range(1, 10))
    html = f"<html><body><a href='/'>首页</a><table class='xxgk'>{table}</table></body></html>"
    page = parse_list_page(html, BASE, portal())
    assert len(page.notices) == 9 and not page.missed


def test_numbered_page_param_links_and_select_jumps_are_followed():
    pager = "<div class='pg'><a href='?page=1'>1</a><a href='?page=2'>2</a><a href='?page=3'>3</a></div>"
    page = parse_list_page(rows(*LIST[:2]).replace("</body>", pager + "</body>"), BASE + "list.jsp?page=1", portal())
    assert (page.pages, page.pagination) == ([(BASE + "list.jsp?page=2", 2)], "page_param")
    select = ("<select onchange='location=this.value'><option value='index.html' selected>1</option>"
              "<option value='index_1.html'>2</option><option value='index_2.html'>3</option></select>")
    page = parse_list_page(rows(*LIST[:2]).replace("</body>", select + "</body>"), BASE + "index.html", portal())
    assert (page.pages, page.pagination) == ([(BASE + "index_1.html", 2)], "select")


def test_a_pager_driven_by_a_servlet_is_reported_as_ajax_with_its_endpoint():
    script = ("<script>function goPage(n){$.ajax({url: '/jyj/list.do?channel=12', data:{pageNo:n}});}</script>"
              "<div class='page'><a href='javascript:goPage(2)'>下一页</a></div>")
    page = parse_list_page(rows(*LIST[:2]).replace("</body>", script + "</body>"), BASE, portal())
    assert page.pages == [] and page.needs_config == "ajax_pagination"
    assert page.endpoint == "https://jyj.example.gov.cn/jyj/list.do?channel=12"


def test_hanweb_jpage_records_are_read_and_their_dataproxy_pager_reported():
    records = "".join(f"<record><![CDATA[<li><a href='/art/2024/3/{i}/art_1_{i}.html'>关于第{i}批名单的公示公告</a>"
                      f"<span>2024-03-0{i}</span></li>]]></record>" for i in range(1, 4))
    html = ("<html><body><div id='8'><script type='text/xml'><datastore><nextgroup><![CDATA[<a href="
            "'/module/web/jpage/dataproxy.jsp?page=1&columnid=1&unitid=8'></a>]]></nextgroup><recordset>"
            f"{records}</recordset></datastore></script></div></body></html>")
    page = parse_list_page(html, "https://jyj.example.gov.cn/col/col1/index.html", portal())
    assert [n.url for n in page.notices] == [f"https://jyj.example.gov.cn/art/2024/3/{i}/art_1_{i}.html"
                                             for i in range(1, 4)]
    assert page.needs_config == "ajax_pagination" and "dataproxy.jsp" in page.endpoint


def test_a_json_list_endpoint_gives_notice_links_with_dates():
    body = json.dumps({"total": 2, "rows": [{"title": "关于做好招生工作的通知", "url": "/jyj/tzgg/202403/t1_1.html",
                                             "publishTime": "2024-03-01 10:00"},
                                            {"title": "关于公布名单的公告", "url": "/jyj/tzgg/202403/t2_2.html",
                                             "publishTime": "2024-03-02"}]}, ensure_ascii=False)
    page = parse_list_page(body, "https://jyj.example.gov.cn/api/list?page=1", portal())
    assert [(n.url, n.published) for n in page.notices] == [
        ("https://jyj.example.gov.cn/jyj/tzgg/202403/t1_1.html", "2024-03-01"),
        ("https://jyj.example.gov.cn/jyj/tzgg/202403/t2_2.html", "2024-03-02")]
    assert page.strategy == "json"


def test_a_dated_json_record_on_another_host_is_taken_off_host_and_an_undated_one_is_named():
    body = json.dumps({"rows": [
        {"title": "关于做好招生工作的通知", "url": "/jyj/tzgg/202403/t1_1.html", "publishTime": "2024-03-01"},
        {"title": "关于公布名单的公告", "url": "/jyj/tzgg/202403/t2_2.html", "publishTime": "2024-03-02"},
        {"title": "转发：教育部关于做好招生工作的通知", "url": "https://www.moe.gov.cn/srcsite/A15/s7/t20240303_1.html",
         "publishTime": "2024-03-03"},
        {"title": "省教育厅门户网站的专题页面", "url": "https://jyt.example.gov.cn/ztzl/index.html"}]}, ensure_ascii=False)
    page = parse_list_page(body, "https://jyj.example.gov.cn/api/list?page=1", portal())
    assert [(n.url, n.off_host) for n in page.notices][2:] == [
        ("https://www.moe.gov.cn/srcsite/A15/s7/t20240303_1.html", True)]
    assert [(m.url, m.reason) for m in page.missed] == [("https://jyt.example.gov.cn/ztzl/index.html", "off_portal")]
    kept = parse_list_page(body, "https://jyj.example.gov.cn/api/list?page=1", portal(off_host_notices="report"))
    assert len(kept.notices) == 2 and [m.reason for m in kept.missed] == ["off_portal", "off_portal"]


def _portals_check(tmp_path, html: str, **extra):
    """`portals check --pages 1` on a served list page (index.html) and its first two notices;
    ``extra``: more keys of the definition."""
    site = tmp_path / "site"
    (site / "jyj/tzgg/202403").mkdir(parents=True)
    (site / "jyj/tzgg/index.html").write_text(html, encoding="utf-8")
    for i in (1, 2):
        (site / f"jyj/tzgg/202403/t2024030{i}_{i}.html").write_text(
            f"<html><head><title>通知{i}</title></head><body><h1>{LIST[i - 1][1]}</h1><p>发布日期：2024-03-0{i}</p>"
            "<div class='content'><p>各学校：现将有关事项通知如下，请认真贯彻执行并按时报送材料。</p></div></body></html>",
            encoding="utf-8")
    with serve_site(site) as server:
        definition = tmp_path / "t.yaml"
        definition.write_text(yaml.safe_dump({"id": "t_edu", "name": "测试", "allow_private_addresses": True,
                                              "start_urls": [server.base_url + "/jyj/tzgg/index.html"], **extra},
                                             allow_unicode=True), encoding="utf-8")
        return CliRunner().invoke(cli, ["portals", "check", str(definition), "--pages", "1"]), server.base_url


def test_portals_check_prints_links_taken_and_rows_not_taken_and_fails(tmp_path):
    result, base_url = _portals_check(tmp_path, rows(*LIST[:3]), off_host_notices="report")
    assert result.exit_code == 1, result.output
    assert f"+ 2024-03-01  {base_url}/jyj/tzgg/202403/t20240301_1.html" in result.output
    assert "! NOT TAKEN (off_portal)  https://www.other.gov.cn/art/2024/3/3/art_1_3.html" in result.output
    assert "look like notices but were not taken" in result.output and "verdict: OK" not in result.output


def test_portals_check_says_when_the_pager_script_cannot_be_read(tmp_path):
    script = '<script>createPageHTML(total(), 0, "index", "html");</script>'
    result, _ = _portals_check(tmp_path, rows(*LIST[:2]).replace("</body>", script + "</body>"))
    assert result.exit_code == 1, result.output
    assert 'the pager script createPageHTML(total(), 0, "index", "html") could not be read' in result.output
    assert "verdict: OK" not in result.output


def test_a_pagination_request_form_posts_record_ranges_to_a_servlet():
    form = {"url": "/module/web/jpage/dataproxy.jsp?startrecord={first}&endrecord={last}&perpage=15",
            "method": "POST", "per_page": 15, "data": {"columnid": "1", "unitid": "8", "page": "{n}"}}
    p = portal(pagination=form)
    page = parse_list_page(rows(*LIST[:2]), BASE, p, page_no=2)
    assert page.pages == [("https://jyj.example.gov.cn/module/web/jpage/dataproxy.jsp?startrecord=31&endrecord=45"
                           "&perpage=15", 3)]
    assert page.page_form == {"columnid": "1", "unitid": "8", "page": "3"} and page.pagination == "template"
    get = parse_list_page(rows(*LIST[:2]), BASE, portal(pagination={"url": "/api/list?pageNo={n}", "start": 2}))
    assert get.pages == [("https://jyj.example.gov.cn/api/list?pageNo=2", 2)] and get.page_form is None


def test_a_list_built_by_an_external_script_is_reported_as_ajax_not_as_an_empty_list():
    head = "<html><head><script src='/js/jquery.pagination.js'></script><script src='/js/page_init.js'></script></head>"
    empty = head + "<body><ul class='newslist'>\n</ul><div id='Pagination' class='digg'></div></body></html>"
    page = parse_list_page(empty, BASE + "tzgg.html", portal())
    assert page.notices == [] and page.needs_config == "ajax_pagination"
    assert page.endpoint == "https://jyj.example.gov.cn/js/page_init.js"
    # The same scripts with the rows in the HTML: a plain list, nothing to configure.
    full = empty.replace("<ul class='newslist'>\n</ul>", rows(*LIST[:2]))
    page = parse_list_page(full, BASE + "tzgg.html", portal())
    assert len(page.notices) == 2 and page.needs_config is None
    # An empty box with no pager and no pager script is not taken for a script-built list.
    page = parse_list_page("<html><body><ul class='newslist'></ul></body></html>", BASE, portal())
    assert page.needs_config is None


def test_rows_numbered_by_class_are_one_list():
    # WebPlus prints <li class="news n1">, <li class="news n2">…: one list, not one list per row.
    items = "".join(f"<li class='news n{i} clearfix'><span class='news_title'><a href='/28/e{i}/c21558a53475{i}/page.htm'>"
                    f"关于系统第{i}次升级的通知</a></span><span class='news_meta'>2021-07-0{i}</span></li>"
                    for i in range(1, 6))
    nav = "".join(f"<li><a href='/x{i}/list.htm'>互联网法律法规{i}</a></li>" for i in range(3))
    html = f"<html><body><ul class='side'>{nav}</ul><ul class='news_list list2'>{items}</ul></body></html>"
    page = parse_list_page(html, "https://itsc.example.edu.cn/wlyxqk/list.htm", portal_from_dict(
        {"id": "t", "name": "T", "start_urls": ["https://itsc.example.edu.cn/wlyxqk/list.htm"]}, "test"))
    assert [n.url for n in page.notices] == [f"https://itsc.example.edu.cn/28/e{i}/c21558a53475{i}/page.htm"
                                             for i in range(1, 6)]
    base = "https://itsc.example.edu.cn/wlyxqk/list.htm"
    assert len(listrows.main_region(listrows.rows(lxml.html.fromstring(html, base_url=base), base))) == 5


SHORT_LIST = [("./202406/t20240611_1.html", "关于印发2024年防汛工作实施方案的通知"),
              ("./202406/t20240607_2.html", "嘉奖令"),
              ("./202406/t20240606_3.html", "关于表彰2024年度先进集体和先进个人的决定"),
              ("./202406/t20240605_4.html", "通报")]


def test_a_short_titled_row_in_the_list_structure_is_a_notice_and_a_tag_beside_a_title_is_not():
    # 嘉奖令 and 通报 are whole titles: same li, same container, a date beside them. A category
    # link inside a titled row ([通知]) and a dated short link outside the list are not notices.
    extra = ("<ul class='list'><li><a href='./tz/'>通知</a> <a href='./202406/t20240601_5.html'>"
             "关于做好2024年高考期间安全保障工作的通知</a><span>2024-06-01</span></li></ul>"
             "<div class='side'><a href='./202406/t20240602_9.html'>讲话</a> 2024-06-02</div>")
    html = rows(*SHORT_LIST).replace("</ul>", "</ul>" + extra, 1)
    page = parse_list_page(html, BASE, portal())
    assert [n.title for n in page.notices] == [t for _, t in SHORT_LIST] + ["关于做好2024年高考期间安全保障工作的通知"]
    assert not page.missed


def test_a_short_titled_row_a_pattern_leaves_out_is_reported_as_missed():
    page = parse_list_page(rows(*SHORT_LIST), BASE, portal(notice_url_pattern=r"t2024061\d_\d\.html$"))
    assert [n.url for n in page.notices] == [BASE + "202406/t20240611_1.html"]
    assert [(m.title, m.reason) for m in page.missed] == [
        ("嘉奖令", "not_selected"), ("关于表彰2024年度先进集体和先进个人的决定", "not_selected"), ("通报", "not_selected")]


def _with(script: str, url: str = BASE + "xwzx_list.shtml"):
    return parse_list_page(rows(*LIST[:2]).replace("</body>", script + "</body>"), url, portal())


def test_create_page_html_is_read_by_argument_type_and_position():
    # page.js form: (element id, page count, current page from 1, name, extension, records).
    page = _with("<script>window.onload=function(){createPageHTML('page_div',50, 1,'xwzx_list','shtml',1000);}</script>")
    assert (page.pages, page.pagination, page.pager_unread) == ([(BASE + "xwzx_list_2.shtml", 2)], "create_page_html",
                                                                None)
    page = _with("<script>createPageHTML('page_div', 50, 7, '/scedu/c1/xwzx_list', 'shtml', 1000)</script>",
                 BASE + "xwzx_list_7.shtml")
    assert page.pages == [(BASE + "xwzx_list_8.shtml", 8)]
    last = _with("<script>createPageHTML('page_div',50,50,'xwzx_list','shtml',1000)</script>", BASE + "xwzx_list_50.shtml")
    assert (last.pages, last.pager_unread) == ([], None)
    # TRS form counting from 0, its numbers in variables the page sets; its definition is no call.
    trs = ("<script>function createPageHTML(_nPageCount, _nCurrIndex, _sPageName, _sPageExt){}\n"
           "var countPage = 3//共多少页\nvar currentPage = 1;\ncreatePageHTML(countPage, currentPage, \"index\", \"html\");</script>")
    assert _with(trs, BASE + "index_1.html").pages == [(BASE + "index_2.html", 3)]
    assert _with(trs.replace("= 1;", "= 2;"), BASE + "index_2.html").pages == []
    onload = rows(*LIST[:2]).replace("<body>", "<body onload=\"createPageHTML(4, 0, 'index', 'htm')\">")
    assert parse_list_page(onload, BASE, portal()).pages == [(BASE + "index_1.htm", 2)]


def test_a_pager_call_kept_in_an_html_comment_is_not_read():
    page = _with("<!--<script>createPageHTML('page_div',10, 1,'zwgklist','shtml',200);</script>-->")
    assert (page.pages, page.pager_unread) == ([], None)


def test_a_pager_that_cannot_be_followed_is_said_not_silent():
    page = _with('<script>createPageHTML(getCount(), 0, "index", "html");</script>')
    assert page.pages == [] and "createPageHTML(getCount(), 0, \"index\", \"html\")" in page.pager_unread
    assert "pagination" in page.pager_unread
    shown = _with("<div class='fy'>共 5 页 当前第 1 页</div>")
    assert shown.pages == [] and "共 5 页" in shown.pager_unread
    on_the_last = parse_list_page(rows(*LIST[:2]).replace("</body>", "<div class='fy'>共 5 页</div></body>"),
                                  BASE + "index_4.html", portal(), page_no=5)
    assert on_the_last.pager_unread is None


def test_a_pager_printed_as_links_beats_the_jump_box_variables_beside_it():
    # TRS 共2页 pager with a real 下一页 link, and countPage/currentPage for a 转到第N页 box.
    pager = ("<div>共2页 <span>1</span><a href='index_1.html'>2</a><a href='index_1.html'>下一页</a>"
             "<script>var currentPage = 0;//所在页从0开始\nvar countPage = 2//共多少页</script></div>")
    page = _with(pager, BASE + "index.html")
    assert (page.pages, page.pagination) == ([(BASE + "index_1.html", 2)], "next_link")
    alone = _with("<script>var currentPage = 0;\nvar countPage = 2;</script>", BASE + "index.shtml")
    assert (alone.pages, alone.pagination) == ([(BASE + "index_1.shtml", 2)], "index_n")


def test_a_dated_main_list_row_at_a_folder_index_page_is_a_notice_but_a_more_link_is_not():
    # 人民银行 publishes each notice as a folder (…/5351086/index.html); the column's own index
    # beside the list (更多 → tzgg/index.html) stays out.
    items = [("/zhengwugongkai/4081330/5351086/index.html", "关于进一步强化金融支持绿色低碳发展的指导意见"),
             ("./202403/t20240302_2.html", "关于公布2024年义务教育招生方案的通知")]
    html = rows(*items).replace("</ul>", "</ul><div class='more'><a href='./index.html'>更多通知公告内容</a></div>")
    page = parse_list_page(html, BASE, portal())
    assert [n.url for n in page.notices] == ["https://jyj.example.gov.cn/zhengwugongkai/4081330/5351086/index.html",
                                             BASE + "202403/t20240302_2.html"]


def test_a_script_link_row_is_named_by_its_title_in_the_problem_text():
    page = parse_list_page(rows(*LIST), BASE, portal(off_host_notices="report"))
    assert [m.shown() for m in page.missed] == [
        "https://www.other.gov.cn/art/2024/3/3/art_1_3.html (off_portal)",
        "「关于开展校园安全专项检查的通知」 javascript:openDoc(5) (script_link)"]


def test_portals_check_takes_and_fetches_a_row_linking_another_host_marked_off_host(tmp_path):
    # The row's notice is on a second local server (another port: another host to the portal).
    other = tmp_path / "other"
    (other / "s").mkdir(parents=True)
    (other / "s" / "wx1.html").write_text(
        f"<html><head><title>公众号</title></head><body><h1>{LIST[2][1]}</h1><p>2024-03-03</p><div id='js_content'>"
        "<p>各学校：现将省教育厅招生工作意见转发给你们，请结合实际认真贯彻落实。</p></div></body></html>", encoding="utf-8")
    with serve_site(other) as wechat:
        html = rows(LIST[0], LIST[1], (wechat.base_url + "/s/wx1.html", LIST[2][1]))
        result, base_url = _portals_check(tmp_path, html)
        hits = wechat.requests
    assert result.exit_code == 0, result.output
    assert f"+ 2024-03-03  {wechat.base_url}/s/wx1.html  {LIST[2][1]}  [off-host]" in result.output
    assert f"notice  {wechat.base_url}/s/wx1.html  [off-host" in result.output
    assert "NOT TAKEN" not in result.output and hits >= 1


UNDATED_ITEMS = ("<html><body><ul class='menu'><li><a href='/jyj/gkzn'>政府信息公开指南目录</a></li></ul>"
                 "<ul>" + "".join(f"<li><a href='/jyj/zhaopin/item{n}'>关于做好第{n}批教师招聘工作的通知</a></li>"
                                  for n in range(1, 4)) + "</ul></body></html>")


def test_links_taken_by_the_list_item_guess_are_said_and_a_dated_list_is_not_a_guess():
    guessed = parse_list_page(UNDATED_ITEMS, BASE, portal())
    assert guessed.strategy == "list-item" and len(guessed.notices) == 4  # the menu item is taken too
    assert guessed.guessed.startswith("4 notice link(s) taken by guess")
    assert parse_list_page(rows(*LIST[:2]), BASE, portal()).guessed is None
    # a maintainer's selector confirms the links: no guess left to say
    assert parse_list_page(UNDATED_ITEMS, BASE, portal(selectors={"notice_links": "ul:not(.menu) li a"})).guessed is None


def test_portals_check_says_the_links_were_guessed(tmp_path):
    result, _ = _portals_check(tmp_path, UNDATED_ITEMS)
    assert result.exit_code == 1, result.output
    assert "taken by guess" in result.output and "selectors.notice_links" in result.output
    assert "verdict: OK" not in result.output


JQ_PAGER = """<script>$(".pagination").pagination({totalPage: 3, showPageNum: 10,
    callBack: function (currPage) { var i=currPage; if(i==1) location.href='index.html'; else location.href='index_'+i+'.html'; }});
    $(".pagination").pagination("setPage",1,3);</script>"""


def test_a_jquery_pager_given_its_page_count_is_followed_by_its_callbacks_url_and_said_when_unreadable():
    html = rows(*LIST[:2]).replace("</body>", JQ_PAGER + "</body>")
    assert parse_list_page(html, BASE, portal()).pages == [(BASE + "index_2.html", 2)]
    assert parse_list_page(html, BASE + "index_2.html", portal(), page_no=2).pages == [(BASE + "index_3.html", 3)]
    last = parse_list_page(html, BASE + "index_3.html", portal(), page_no=3)
    assert (last.pages, last.pager_unread) == ([], None)
    # no first-page case in the callback: whether i counts from 0 or 1 is unknown, so it is said
    unsure = parse_list_page(html.replace("if(i==1) location.href='index.html'; else ", ""), BASE, portal())
    assert unsure.pages == [] and "pagination({totalPage: 3, …}) could not be read" in unsure.pager_unread


def test_rows_linking_a_single_page_apps_hash_routes_are_reported_each_not_taken_as_its_bare_address():
    routes = [(f"https://ctbpsp.com/#/bulletinDetail?uuid={n}", f"附属医院第{n}号信息化系统采购项目成交公告") for n in "123"]
    page = parse_list_page(rows(*LIST[:2], *routes), BASE, portal())
    assert [n.url for n in page.notices] == [BASE + "202403/t20240301_1.html", BASE + "202403/t20240302_2.html"]
    assert [(m.url, m.reason) for m in page.missed] == [(url, "script_route") for url, _ in routes]


def test_a_numbered_pager_link_to_this_pages_file_with_a_number_is_the_next_page():
    url = "http://www.example.net/node2/yw/index.html"
    pager = ("<div class='pages1'><p class='pageimg'><img src='/images/left4.gif'/></p><p class='pageon'>1</p>"
             "<p class='pageoff'><a href='index1.html'>2</a></p><p class='pageoff'><a href='index2.html'>3</a></p></div>")
    page = parse_list_page(rows(*LIST[:2]).replace("</body>", pager + "</body>"), url, portal_from_dict(
        {"id": "t", "name": "T", "start_urls": [url]}, "test"))
    assert page.pages == [("http://www.example.net/node2/yw/index1.html", 2)]
    # a site's bare address (no path at all) is its index.html
    home = parse_list_page(rows(*LIST[:2]).replace("</body>", pager + "</body>"), "http://www.example.net",
                           portal_from_dict({"id": "t", "name": "T", "start_urls": ["http://www.example.net"]}, "test"))
    assert home.pages == [("http://www.example.net/index1.html", 2)]


def test_rows_each_in_a_tbody_of_their_own_are_dated_by_their_date_cell_and_file_rows_taken():
    body = "".join(f"<tbody><tr><td><img src='/i/left.jpg'/></td><td><a href='{href}' title='{t}'>{t}</a></td>"
                   f"<td style='text-align:right;'>2014-12-1{n}</td></tr></tbody>" for n, (href, t) in enumerate([
                       ("/_upload/article/85/69/a.pdf", "中华人民共和国固体废物污染环境防治法"),
                       ("/_upload/article/d1/1f/b.pdf", "危险化学品安全管理条例"),
                       ("/4c/68/c4911a150632/page.htm", "教育部直属高等学校国有资产管理暂行办法")]))
    html = f"<html><body><div id='wp_news_w3'><table>{body}</table></div></body></html>"
    url = "http://zcglc.example.edu.cn/4911/list.htm"
    page = parse_list_page(html, url, portal_from_dict({"id": "t", "name": "T", "start_urls": [url]}, "test"))
    assert [(n.url.rsplit("/", 1)[1], n.published, n.file) for n in page.notices] == [
        ("page.htm", "2014-12-12", False), ("a.pdf", "2014-12-10", True), ("b.pdf", "2014-12-11", True)]
    assert page.missed == []
