"""Notice-link and pagination discovery on list pages of the common CMS families."""

from __future__ import annotations

import lxml.html

from crawler import listrows
from crawler.discovery import parse_list_page
from crawler.portal import portal_from_dict

BASE = "https://jyj.example.gov.cn/jyj/tzgg/"


def portal(**extra):
    return portal_from_dict({"id": "t", "name": "T", "start_urls": [BASE], **extra}, "test")


def page(items: str, tail: str = "") -> str:
    return f"""<html><body><div class="nav"><a href="/">首页</a><a href="/jyj/zcwj/">政策文件</a></div>
    <ul class="list">{items}</ul>{tail}
    <div class="footer"><a href="http://www.beian.gov.cn/">粤公网安备</a></div></body></html>"""


TRS_ITEMS = """
<li><a href="./202203/t20220328_1234567.html" title="清远市2022年教育工作要点">清远市2022年教育工作要点</a><span>2022-03-28</span></li>
<li><a href="./202202/t20220215_1234500.html">关于做好2022年义务教育招生工作的通知</a><span>2022/2/15</span></li>
<li><a href="./202202/files/附件1.pdf">附件1.pdf</a></li>
"""


def test_trs_notice_links_carry_title_and_date_hints():
    result = parse_list_page(page(TRS_ITEMS), BASE, portal())
    assert result.strategy == "cms-url"
    assert [(n.url, n.title, n.published) for n in result.notices] == [
        (BASE + "202203/t20220328_1234567.html", "清远市2022年教育工作要点", "2022-03-28"),
        (BASE + "202202/t20220215_1234500.html", "关于做好2022年义务教育招生工作的通知", "2022-02-15"),
    ]


def test_create_page_html_leads_to_the_next_page_until_the_last():
    first = page(TRS_ITEMS, '<script>createPageHTML(4, 0, "index", "htm");</script>')
    assert parse_list_page(first, BASE + "index.htm", portal()).pages == [(BASE + "index_1.htm", 2)]
    third = page(TRS_ITEMS, '<script>createPageHTML(4, 2, "index", "htm");</script>')
    assert parse_list_page(third, BASE + "index_2.htm", portal(), 3).pages == [(BASE + "index_3.htm", 4)]
    last = page(TRS_ITEMS, '<script>createPageHTML(4, 3, "index", "htm");</script>')
    assert parse_list_page(last, BASE + "index_3.htm", portal(), 4).pages == []


def test_next_page_link_is_followed_not_the_last_page_link():
    tail = '<div class="page"><a href="index.htm">首页</a><a href="index_1.htm">下一页</a><a href="index_5.htm">尾页</a></div>'
    result = parse_list_page(page(TRS_ITEMS, tail), BASE + "index.htm", portal())
    assert result.pages == [(BASE + "index_1.htm", 2)]


def test_numbered_sibling_pages_are_walked_in_order_without_a_next_link():
    tail = '<div class="page"><a href="index.htm">1</a><a href="index_1.htm">2</a><a href="index_2.htm">3</a></div>'
    assert parse_list_page(page(TRS_ITEMS, tail), BASE + "index_1.htm", portal(), 2).pages == [
        (BASE + "index_2.htm", 3)]


def test_links_to_other_hosts_are_never_followed():
    items = '<li><a href="https://farm.example.com/202203/t20220328_1.html">关于做好招生工作的通知全文</a></li>'
    assert parse_list_page(page(items), BASE, portal()).notices == []


def test_list_item_fallback_finds_notices_with_unconventional_urls():
    items = """<li><a href="/jyj/tzgg/page.jsp?nid=88">关于开展2022年双减工作专项督导的通知</a> 2022年3月1日</li>
               <li><a href="/jyj/about.html">关于我们</a></li>"""
    result = parse_list_page(page(items), BASE, portal())
    assert result.strategy == "list-item"
    assert [(n.url, n.published) for n in result.notices] == [
        ("https://jyj.example.gov.cn/jyj/tzgg/page.jsp?nid=88", "2022-03-01")]


def test_selectors_in_the_definition_override_discovery():
    html = page(TRS_ITEMS, '<div class="more"><a class="next" href="list_p2.html">more</a></div>')
    p = portal(selectors={"notice_links": "li a[title]", "next_page": "a.next"})
    result = parse_list_page(html, BASE, p)
    assert [n.title for n in result.notices] == ["清远市2022年教育工作要点"]
    assert result.pages == [(BASE + "list_p2.html", 2)]


def test_pagination_template_in_the_definition():
    result = parse_list_page(page(TRS_ITEMS), BASE + "index_2.htm", portal(pagination="index_{n}.htm"), page_no=3)
    assert result.pages == [(BASE + "index_3.htm", 4)]


def test_empty_or_broken_html_gives_no_links_not_an_error():
    assert parse_list_page("", BASE, portal()).notices == []
    assert parse_list_page("<html><body><ul><li><a href=", BASE, portal()).notices == []


def test_a_malformed_link_is_skipped_not_fatal():
    portal = portal_from_dict({"id": "t_edu", "name": "测试", "start_urls": ["http://jyj.example.gov.cn/tzgg/"]}, "test")
    html = ('<ul><li><a href="http://jyj.example.gov.cn:80a/x.html">坏链接坏链接坏链接</a></li>'
            '<li><a href="/tzgg/202201/t20220112_1.html">关于做好2022年春季学期开学工作的通知</a></li></ul>')
    page = parse_list_page(html, "http://jyj.example.gov.cn/tzgg/", portal)
    assert [n.url for n in page.notices] == ["http://jyj.example.gov.cn/tzgg/202201/t20220112_1.html"]


def epoint_page(total: int, index: str = "0") -> str:
    """An Epoint WebBuilder list: rows in a table inside the page's main box (class
    ewb-page-main), a row whose link a mirror lost, and the jQuery pager its script draws."""
    rows = "".join(f'<tr class="ewb-trade-tr"><td><span>{i}</span></td><td><a href="{href}" title="{t}">{t}</a></td>'
                   f'<td>2021-01-{10 - i:02d}</td></tr>' for i, (href, t) in enumerate([
                       ("20210109/d3463ae3.html", "关于常熟市公共资源交易中心交易主体从业人员的暂停公告"),
                       ("javascript:;", "关于常熟市招标代理标后评估专家库成员名单的公示"),
                       ("20210107/89964b6b.html", "新建住宅用房项目装饰工程招标文件下载时间延长通知")], 1))
    script = (f'var pageIndex= {index};\n$("#page").pagination({{pageIndex:pageIndex, pageSize: 15, total: {total},'
              ' showJump: true});\n$("#page").on("pageClicked", function (event, data) {\n if(data.pageIndex==0){'
              ' window.location.href="/jyxx/032001/moreinfo.html"; } else {'
              ' window.location.href="/jyxx/032001/"+(data.pageIndex+1)+".html"; }\n});')
    return (f'<html><body><div class="ewb-nav"><a href="/jyxx/032001/moreinfo.html">通知公告栏目首页链接</a></div>'
            f'<div class="ewb-page-main"><table><tbody>{rows}</tbody></table>'
            f'<div class="ewb-page"><div id="page"></div><script>{script}</script></div></div></body></html>')


def test_an_epoint_list_in_its_page_main_box_is_the_main_list_and_its_jquery_pager_is_walked():
    url = "http://ggzy.example.gov.cn/jyxx/032001/moreinfo.html"
    p = portal_from_dict({"id": "t", "name": "T", "start_urls": [url]}, "test")
    first = parse_list_page(epoint_page(169), url, p)
    # "ewb-page-main" names the page's main box, not a pager: the table is the main list, so
    # the row whose link is a script stub is named, and the menu link is not taken.
    assert [n.url.rsplit("/", 1)[1] for n in first.notices] == ["d3463ae3.html", "89964b6b.html"]
    assert [(m.reason, m.title) for m in first.missed] == [("script_link", "关于常熟市招标代理标后评估专家库成员名单的公示")]
    assert first.pages == [("http://ggzy.example.gov.cn/jyxx/032001/2.html", 2)] and first.pagination == "index_n"
    assert parse_list_page(epoint_page(169, "11"), url, p, 12).pages == []  # 12 pages of 15: the last
    unread = parse_list_page(epoint_page(169, "getQueryString('pageIndex')-1"), url, p)
    assert unread.pages == [] and "could not be read" in unread.pager_unread


def test_an_asp_net_postback_pager_is_reported_as_needing_configuration_not_taken_as_the_last_page():
    # AspNetPager: 下一页 posts the form back (__doPostBack with the page's __VIEWSTATE): no URL
    # leads on, so the walk cannot follow it and must say so rather than stop as if done.
    pager = ('<form method="post" action="./Default.aspx" id="form1"><input type="hidden" name="__VIEWSTATE" value="x">'
             '<a disabled="true">上一页</a><span class="cpb">1</span>'
             '<a href="javascript:__doPostBack(&#39;ctl00$ContentPlaceHolder1$anpPageIndex&#39;,&#39;2&#39;)">2</a>'
             '<a href="javascript:__doPostBack(&#39;ctl00$ContentPlaceHolder1$anpPageIndex&#39;,&#39;2&#39;)">下一页</a>'
             '</form>')
    result = parse_list_page(page(TRS_ITEMS, pager), BASE + "Default.html", portal())
    assert result.pages == [] and result.pagination == "ajax" and result.needs_config == "ajax_pagination"
    assert result.endpoint == BASE + "Default.aspx"
    assert parse_list_page(page(TRS_ITEMS), BASE, portal()).needs_config is None  # no pager: nothing to say


def test_a_main_list_whose_rows_all_lost_their_links_gives_no_guesses_and_names_every_row():
    # A mirror replaced every row's link with javascript:; (an onclick with an id only does the
    # same): the dated rows are the page's list, so they are named as script links, and the
    # menu's list items are not taken for notices by the fallbacks.
    menu = "".join(f"<li><a href='/index{i}.html'>{name}</a></li>" for i, name in enumerate(
        ["教学诊断与改进工作平台", "数字校园教师服务端", "数字校园学生服务端"], 2))
    rows = "".join(f"<li><span class='date'>2020/10/{d}</span><a href='javascript:;' title='{t}'>{t}</a></li>" for d, t in (
        ("23", "武工职院与宝武炭材签署校企合作协议"), ("14", "产教融合鄂钢订单班同学到岗实习"), ("13", "我校2020级新生入学教育全面展开")))
    html = f"<html><body><ul class='links'>{menu}</ul><ul class='list'>{rows}</ul></body></html>"
    result = parse_list_page(html, BASE, portal())
    assert result.notices == []
    assert [(m.reason, m.title) for m in result.missed] == [
        ("script_link", "武工职院与宝武炭材签署校企合作协议"), ("script_link", "产教融合鄂钢订单班同学到岗实习"),
        ("script_link", "我校2020级新生入学教育全面展开")]


def test_a_list_inside_a_container_page_box_is_the_main_list_rows_in_one_row_tables_included():
    # WebPlus's older template: the page's body in div.container_page (a layout word before
    # "page": the main box, not a pager), each row its own one-row table with the date beside
    # the title, some rows linking the ministry's site.
    url = "http://std.example.edu.cn/1017/list.htm"
    rows = "".join(f"<tr><td><img src='/dot.jpg'></td><td><table><tr><td><a href='{href}' title='{t}'>{t}</a></td>"
                   f"<td><div>2025-05-{day:02d}</div></td></tr></table></td></tr>" for href, t, day in [
                       ("/2025/0513/c1017a570295/page.htm", "关于2025年天津市专利奖申报的通知", 13),
                       ("https://service2.most.gov.cn/kjjh_tztg_all/20250530/5690.html",
                        "关于发布国家重点研发计划重点专项2025年度项目申报指南的通知", 12),
                       ("/2025/0529/c1017a572079/page.htm", "关于科技成果作价投资入股企业的公示", 11)])
    html = (f"<html><body><div class='container_page'><table><tr><td><a href='/882/list.htm'>机构设置</a></td></tr></table>"
            f"<table>{rows}</table><div><a href='/1017/list2.htm'>下一页&gt;&gt;</a></div></div></body></html>")
    page = parse_list_page(html, url, portal_from_dict({"id": "t", "name": "T", "start_urls": [url]}, "test"))
    assert [n.url for n in page.notices] == ["http://std.example.edu.cn/2025/0513/c1017a570295/page.htm",
                                             "https://service2.most.gov.cn/kjjh_tztg_all/20250530/5690.html",
                                             "http://std.example.edu.cn/2025/0529/c1017a572079/page.htm"]
    # (the main list's rows; labelled cms-url since every one has a CMS article address)
    assert page.strategy in ("list-rows", "cms-url") and not page.missed
    kept_home = parse_list_page(html, url, portal_from_dict(
        {"id": "t", "name": "T", "start_urls": [url], "off_host_notices": "report"}, "test"))
    assert [(m.reason, m.url) for m in kept_home.missed] == [
        ("off_portal", "https://service2.most.gov.cn/kjjh_tztg_all/20250530/5690.html")]


def test_rows_that_navigate_by_onclick_are_links_and_a_page_con_box_is_no_pager():
    # A news table whose rows hold no <a>: each <tr onclick="window.location.href=…"> is the link
    # (some to the site's back end on another host), titled by its title cell, dated by its date
    # cell; inside div.page-con-main (a page's content box, not a pager).
    url = "http://cc.example.edu.cn/13292/list.htm"
    rows = "".join(f"<tr onclick=\"window.location.href='{href}';\"><td>{n}</td><td class='t'>{t}</td>"
                   f"<td>张三</td><td>2025-04-0{n}</td><td>(49)</td></tr>" for n, (href, t) in enumerate([
                       ("http://cc-backend.example.edu.cn/news/news-detail/20724", "讲座教授聘期考核公告"),
                       ("/2025/0408/c13292a566364/page.htm", "关于开展2025年研究生招生复试工作的通知")], 1))
    html = (f"<html><body><div class='page-con-main'><ul><li><a href='/13291/list.htm'>学院概况栏目</a></li></ul>"
            f"<table><tr><th>序号</th><th>新闻标题</th><th>发布人</th><th>发布时间</th><th>点击数</th></tr>{rows}</table>"
            f"</div></body></html>")
    page = parse_list_page(html, url, portal_from_dict({"id": "t", "name": "T", "start_urls": [url]}, "test"))
    assert [(n.url, n.title, n.published) for n in page.notices] == [
        ("http://cc-backend.example.edu.cn/news/news-detail/20724", "讲座教授聘期考核公告", "2025-04-01"),
        ("http://cc.example.edu.cn/2025/0408/c13292a566364/page.htm", "关于开展2025年研究生招生复试工作的通知", "2025-04-02")]
    assert page.strategy == "list-rows"


def test_a_column_page_link_is_never_guessed_to_be_a_notice():
    # No dated main list (the last page of a column holds one row): the fallback takes list
    # items, but a column's own page (WebPlus /13676/list.htm, list.psp) is a list, not a notice.
    url = "http://rsc.example.edu.cn/13662/list13.htm"
    side = "".join(f"<li><a href='/{n}/list.htm'>{t}</a></li>" for n, t in [
        (13713, "人才工作办公室栏目"), (13716, "专业技术人员管理科")])
    html = (f"<html><body><div class='left'><ul class='left-list'>{side}"
            f"<li><a href='/_s208/13715/list.psp'>流动调配科常规招聘</a></li></ul></div>"
            "<div class='right'><ul><li><a href='/2018/1015/c13662a177777/page.htm'>"
            "关于开展2018年天津市高等学校教师资格认定工作的通知</a></li></ul></div></body></html>")
    page = parse_list_page(html, url, portal_from_dict({"id": "t", "name": "T", "start_urls": [url]}, "test"))
    assert [n.url for n in page.notices] == ["http://rsc.example.edu.cn/2018/1015/c13662a177777/page.htm"]


def test_webplus_article_addresses_are_notices_even_in_an_undated_list():
    rows = "".join(f"<tr><td><img src='/i/2.gif'></td><td><a href='/db/a{n}/c13274a12177{n}/page.htm' "
                   f"title='第{n}号应急预案'>第{n}号自然灾害应急预案</a></td></tr>" for n in range(2))
    html = f"<html><body><div id='wp_news_w3'><table>{rows}</table></div></body></html>"
    page = parse_list_page(html, "http://baoweichu.example.edu.cn/zrzhyjya/list.htm",
                           portal_from_dict({"id": "t", "name": "T", "start_urls": ["http://baoweichu.example.edu.cn/"]}, "t"))
    assert [n.url for n in page.notices] == [f"http://baoweichu.example.edu.cn/db/a{n}/c13274a12177{n}/page.htm"
                                             for n in range(2)]
    assert page.strategy == "cms-url" and page.guessed is None


def test_a_theme_wrapper_classed_page_holding_the_list_is_no_pager_but_a_small_page_box_is():
    items = "".join(f"<li class='c--li'><div class='c-text'><a href='https://jwc.example.edu.cn/2024/12{n}3/c35436a55906{n}/"
                    f"page.htm'>关于第{n}届大学生创新创业训练计划项目的通知</a></div><span class='c-date'>2024-12-1{n}</span></li>"
                    for n in range(3))
    pager = "<div class='page'><a href='?p=2'>2</a><a href='?p=3'>3</a><a href='?p=2'>下一页</a></div>"
    html = (f"<html><body class='kt-page'><div class='kt-grid kt-page'><div class='c-app-container c-page-transition'>"
            f"<ul class='c-ul-notice'>{items}</ul>{pager}</div></div></body></html>")
    url = "https://cxsj.example.edu.cn/pt/Notice"
    page = parse_list_page(html, url, portal_from_dict({"id": "t", "name": "T", "start_urls": [url]}, "t"))
    assert page.strategy in ("list-rows", "cms-url") and page.guessed is None and not page.missed
    assert len(page.notices) == 3 and all(n.off_host and n.published for n in page.notices)
    assert page.pages == [(url + "?p=2", 2)]
    tree = lxml.html.fromstring(html)
    assert listrows.navigation(tree.xpath("//div[@class='page']/a")[0])  # the pager's own box still is one
