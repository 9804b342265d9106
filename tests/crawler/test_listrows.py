"""The main list of a list page found by structure (crawler.listrows), one rule per test on a
minimal fragment: card rows, titles in Latin script, a date printed inside the title link, and
the completeness check naming the blocks of the list no title was read in. The real pages
these rules answer to are tune pages of tests/realweb/lists (asserted in
test_discovery_realweb.py)."""

from __future__ import annotations

import lxml.html

from crawler import listrows
from crawler.discovery import parse_list_page
from crawler.portal import portal_from_dict

BASE = "https://cs.example.edu.cn/24256/list.htm"
MENU = ("<div class='menu'><ul><li><a href='/xygk/list.htm'>学院概况与历史沿革</a></li>"
        "<li><a href='/about/list.htm'>About the School</a></li><li><a href='/en/'>English Version</a></li></ul></div>")
FOOTER = ("<div class='foot'><ul><li><a href='mailto:office@example.edu.cn'>office@example.edu.cn</a></li>"
          "<li><a href='/lxwm/list.htm'>联系我们的办公地址</a></li></ul></div>")


def portal():
    return portal_from_dict({"id": "t", "name": "T", "start_urls": [BASE]}, "test")


def page_of(items: str) -> str:
    return f"<html><body>{MENU}<ul class='news_list'>{items}</ul>{FOOTER}</body></html>"


def card(n: int, title: str, day: str, summary: str, image: bool = True) -> str:
    """A WebPlus-style card: image link, heading link, a date in its own block, a linked summary
    and a 全文 link, all to one article."""
    href = f"/fa/1{n}/c24256a71938{n}/page.htm"
    img = f"<div class='news_imgs'><a href='{href}' title='{title}'><img src='/i{n}.jpg'></a></div>" if image else ""
    return (f"<li class='news n{n} clearfix'>{img}<div class='news_wz'><div class='news_con'>"
            f"<div class='news_title'><a href='{href}' title='{title}'>{title}</a></div>"
            f"<div class='news_meta'>{day}</div><div class='news_text'><a href='{href}' title='{title}'>{summary}</a></div>"
            f"</div><a class='btn_more' href='{href}'>全文》</a></div></li>")


def test_a_card_whose_image_heading_and_summary_link_one_article_is_one_dated_row_titled_by_its_heading():
    cards = (card(1, "计算机学院成功举办2025年退休教职工辞旧迎新茶话会", "2024-12-26",
                  "2024年12月26日上午，学院在邯郸校区逸夫楼隆重举办了退休教职工茶话会。此次活动旨在增进交流。")
             + card(2, "计算机科学技术学院成功举办2024年程序设计竞赛", "2024-12-16",
                    "12月14日下午，2024年程序设计竞赛在邯郸校区成功举行，共有55名同学进入现场总决赛。", image=False)
             + card(3, "学院教师荣获2024年度科学技术奖技术发明奖二等奖", "2024-11-30",
                    "2024年11月20日，中国人工智能学会正式公布获奖名单，学院教师牵头的项目荣获二等奖。"))
    page = parse_list_page(page_of(cards), BASE, portal())
    assert [(n.url, n.title, n.published) for n in page.notices] == [
        ("https://cs.example.edu.cn/fa/11/c24256a719381/page.htm", "计算机学院成功举办2025年退休教职工辞旧迎新茶话会", "2024-12-26"),
        ("https://cs.example.edu.cn/fa/12/c24256a719382/page.htm", "计算机科学技术学院成功举办2024年程序设计竞赛", "2024-12-16"),
        ("https://cs.example.edu.cn/fa/13/c24256a719383/page.htm", "学院教师荣获2024年度科学技术奖技术发明奖二等奖", "2024-11-30")]
    assert page.strategy in ("list-rows", "cms-url") and not page.missed  # rows of WebPlus article addresses


def test_titles_in_latin_script_are_rows_of_the_list_but_an_english_menu_and_an_address_are_not():
    items = "".join(f"<li><a href='../info/1088/{n}.html' title='{t}'><span>{t}</span><b>{d}</b></a></li>" for n, t, d in (
        (1967, "钱学森大讲堂第90期·微软AI讲堂联合培养博士生招生宣讲", "2021-04-14"),
        (1819, "AI and Games: The Co-Revolution", "2020-11-02"),
        (1818, "Bio-Syncretic Robotics for Natural Intelligence", "2020-11-02"),
        (1613, "2019年12月27日学术报告 - 可行驶区域约束下的路径搜索算法研究", "2019-12-27")))
    url = "http://www.ai.example.edu.cn/tzgg/xsbg.html"
    page = parse_list_page(page_of(items), url, portal_from_dict({"id": "t", "name": "T", "start_urls": [url]}, "t"))
    assert [(n.url.rsplit("/", 1)[1], n.title) for n in page.notices] == [
        ("1967.html", "钱学森大讲堂第90期·微软AI讲堂联合培养博士生招生宣讲"), ("1819.html", "AI and Games: The Co-Revolution"),
        ("1818.html", "Bio-Syncretic Robotics for Natural Intelligence"),
        ("1613.html", "2019年12月27日学术报告 - 可行驶区域约束下的路径搜索算法研究")]
    assert not page.missed


def test_a_date_printed_inside_the_title_link_is_the_rows_not_the_titles_and_a_date_in_the_title_is_not_the_row():
    tree = lxml.html.fromstring("<ul><li><a href='/info/1/1615.html'><em></em><span>2019年11月1日学术报告 - 车辆定位方法研究"
                                "</span><b class='rt'>2019-10-31</b></a></li></ul>")
    a = next(tree.iter("a"))
    assert listrows.title_of(a) == "2019年11月1日学术报告 - 车辆定位方法研究"
    (row,) = listrows.rows(tree, BASE)
    assert row.date == "2019-10-31"


def test_a_block_of_the_list_whose_link_is_not_read_as_a_title_is_named_not_silent():
    # An image-only card and a numbers-only title sit among the list's dated rows: discovery
    # cannot tell them notices by their text, so the completeness check names them; a more link
    # closing the list is not a row.
    def li(href, inner, day):
        return f"<li class='item'><a href='{href}'>{inner}</a><span>{day}</span></li>"
    items = (li("/a/1.htm", "关于做好2024年春季学期开学工作的通知", "2024-03-01")
             + li("/a/2.htm", "<img src='/2.jpg'>", "2024-02-28")
             + li("/a/3.htm", "2024-001", "")
             + li("/a/4.htm", "关于公布2024年义务教育招生方案的通知", "2024-02-20")
             + "<li class='item'><a href='/a/list2.htm'>更多</a></li>")
    page = parse_list_page(page_of(items), BASE, portal())
    assert [n.url for n in page.notices] == ["https://cs.example.edu.cn/a/1.htm", "https://cs.example.edu.cn/a/4.htm"]
    assert [m.shown() for m in page.missed] == ["https://cs.example.edu.cn/a/2.htm (unrecognised)",
                                                "https://cs.example.edu.cn/a/3.htm (unrecognised)"]



def test_with_no_dated_list_rows_built_like_a_link_taken_by_its_url_are_named_not_silent():
    # No date beside any row, so no main list: discovery takes the links whose URLs look like
    # notices. The rows beside them, built the same way in the same list, whose URLs fit no CMS
    # pattern (a copy that renamed them), are named; the menu beside the list is not.
    items = "".join(f"<li><a href='{href}'>{title}</a></li>" for href, title in (
        ("./202403/t20240301_1.html", "关于做好2024年春季学期开学工作的通知"),
        ("/37021.html", "关于公布2024年义务教育招生方案的通知"),
        ("./202402/t20240220_3.html", "关于开展校园安全专项检查工作的通知"),
        ("/41851.html", "关于转发省教育厅招生工作意见的通知")))
    html = (f"<html><body><ul class='side'><li><a href='/xxgk/'>信息公开目录</a></li><li><a href='/zcwj/'>政策文件解读</a>"
            f"</li></ul><ul class='list'>{items}</ul></body></html>")
    page = parse_list_page(html, BASE, portal())
    assert page.strategy == "cms-url"
    assert [n.url.rsplit("/", 1)[1] for n in page.notices] == ["t20240301_1.html", "t20240220_3.html"]
    assert [m.shown() for m in page.missed] == ["https://cs.example.edu.cn/37021.html (not_selected)",
                                                "https://cs.example.edu.cn/41851.html (not_selected)"]


def test_a_latin_placeholder_title_attribute_does_not_hide_a_chinese_title_and_menus_stay_out():
    # A template prints the same English title attribute on every row (longer than the link's
    # Chinese text); the menu links share the notices' URL shape (/a/YYYYMM/N.html).
    menu = "".join(f"<li><a href='/a/201504/75553{i}.html'><span>{name}</span></a></li>"
                   for i, name in enumerate(["医院概况", "医院简介", "院训宗旨"]))
    rows = "".join(f"<li class='content'><div class='newstitle'><ul><li class='title'><h3>"
                   f"<a href='/a/20201{i}/26492{i}.html' title='Charity &amp; Poverty Alleviation'>{title}</a></h3></li>"
                   f"<li class='date'>2020-1{i}-04</li></ul></div></li>"
                   for i, title in enumerate(["2021年临床药师培训基地招生啦！", "关于开展2018年放射卫生培训的通知",
                                              "常见儿童神经精神疾病诊治学习班"]))
    html = f"<html><body><ul class='topmenu'>{menu}</ul><ul class='newslist'>{rows}</ul></body></html>"
    a = lxml.html.fromstring(html).xpath("//h3/a")[0]
    assert listrows.title_of(a) == "2021年临床药师培训基地招生啦！"
    page = parse_list_page(html, BASE, portal())
    assert [(n.url.rsplit("/", 1)[1], n.title, n.published) for n in page.notices] == [
        ("264920.html", "2021年临床药师培训基地招生啦！", "2020-10-04"),
        ("264921.html", "关于开展2018年放射卫生培训的通知", "2020-11-04"),
        ("264922.html", "常见儿童神经精神疾病诊治学习班", "2020-12-04")]
    # A Chinese title attribute still completes a cut text.
    cut = lxml.html.fromstring("<a href='/a/1.html' title='关于开展2018年放射卫生培训的通知'>关于开展2018年放射...</a>")
    assert listrows.title_of(cut) == "关于开展2018年放射卫生培训的通知"


def test_a_card_link_with_a_day_element_and_the_year_month_beside_it_is_a_dated_row_titled_by_its_heading():
    # A VSB card template: the whole card is one link (a date block, a heading, a summary); the
    # date block prints the day in an element and the year/month as bare text after it. A site
    # copy renamed the notice files (4351.html), so no URL shape says "notice": only the rows do.
    def li(href, title, day, month, summary, attr=True):
        title_attr = f" title='{title}'" if attr else ""
        return (f"<li class='aos-init'><a href='{href}'{title_attr} class='flex wl'>"
                f"<div class='date fl'><span>{day} </span>{month}</div><div class='con fr'><div class='zh'>"
                f"<h3 class='txt1'>{title}</h3><p class='p1'>{summary}</p></div></div></a></li>")
    items = (li("4351.html", "关于2023-2024学年度信息公开工作报告的公告", "31", "2023/10", "根据《高等学校信息公开办法》……")
             + li("4199.html", "积极维护防汛救灾网络秩序倡议书", "11", "2023/08", "https://news.example.com/c/2023-08-01/doc.shtml")
             + li("../info/1361/1091.htm", "福建教育工作简报2021年第8期", "25", "2021/08", "", attr=False))
    page = parse_list_page(page_of(items), "https://www.example.edu.cn/tzgg.html", portal_from_dict(
        {"id": "t", "name": "T", "start_urls": ["https://www.example.edu.cn/tzgg.html"]}, "t"))
    assert [(n.url, n.title, n.published) for n in page.notices] == [
        ("https://www.example.edu.cn/4351.html", "关于2023-2024学年度信息公开工作报告的公告", "2023-10-31"),
        ("https://www.example.edu.cn/4199.html", "积极维护防汛救灾网络秩序倡议书", "2023-08-11"),
        ("https://www.example.edu.cn/info/1361/1091.htm", "福建教育工作简报2021年第8期", "2021-08-25")]
    assert page.strategy == "list-rows" and not page.missed
    # A title attribute longer than the card's heading (a heading cut short) still titles it.
    cut = lxml.html.fromstring("<a href='/a/1.html' title='关于开展2018年放射卫生培训工作的通知'><h3>关于开展2018年放射...</h3>"
                               "<p>摘要</p></a>")
    assert listrows.title_of(cut) == "关于开展2018年放射卫生培训工作的通知"


def test_a_bracketed_column_tag_beside_a_title_is_not_a_row_and_a_leading_bullet_is_not_the_title():
    # PowerEasy-style rows: date, a [栏目] link to the row's column, then the title link; another
    # template prints a bullet before each title.
    tagged = "".join(f"<li><span class='date'>2026-04-{d}</span><a class='node' href='/Category_{c}/Index.html'>[{col}]</a>"
                     f"<a href='/Item/{n}.html'>{t}</a></li>" for d, c, col, n, t in (
                         ("29", 37, "学校新闻", 23131, "校史润心 专业成长——青年教师职业发展专题教育活动顺利举行"),
                         ("28", 25, "党政办", 23125, "关于高三教师参加毕业照拍摄的通知"),
                         ("27", 22, "工作安排", 23106, "第9周主要工作安排表（4.27-5.3)")))
    page = parse_list_page(page_of(tagged), BASE, portal())
    assert [n.url.rsplit("/", 1)[1] for n in page.notices] == ["23131.html", "23125.html", "23106.html"]
    assert not page.missed
    bullets = "".join(f"<li class='list-group-item'><span class='badge'>2020-0{m}-01</span><span><a href='{h}'>• {t}</a>"
                      f"</span></li>" for m, h, t in ((7, "/c/2020-07-01/470400.html", "“福”的传承——红岩寺福利彩票的故事"),
                                                      (6, "javascript:;", "江苏锦华“彩票奶奶”的水滴公益心"),
                                                      (5, "/c/2020-05-01/469701.html", "22岁，关于青春和理想")))
    page = parse_list_page(page_of(bullets), BASE, portal())
    assert [n.title for n in page.notices] == ["“福”的传承——红岩寺福利彩票的故事", "22岁，关于青春和理想"]
    assert [m.shown() for m in page.missed] == ["「江苏锦华“彩票奶奶”的水滴公益心」 javascript:; (script_link)"]


def test_a_title_attribute_that_labels_its_parts_gives_the_title_part():
    a = lxml.html.fromstring("<a href='/Item/23129.html' title='标题：探科技前沿，赏湿地生态——高二年级春季研学活动圆满举行&#xD;"
                             "点击数：151&#xD;发表时间：2026年04月29日'>探科技前沿，赏湿地生态——高二年级春季…</a>")
    assert listrows.title_of(a) == "探科技前沿，赏湿地生态——高二年级春季研学活动圆满举行"


def test_a_link_wrapping_its_title_and_date_is_its_own_row_with_its_own_date():
    # WebPlus (www.hr.fudan.edu.cn, moved to tune): the rows are links side by side in one div,
    # inside a layout table; each row's date is the one in its own link, and a two-character
    # title (返聘) is a row of the list, not a silent miss.
    rows = "".join(f"<a class='column-news-item item-{n}' href='/91/c{n}/c4893a3731{n}/page.htm'>"
                   f"<span class='column-news-title'>{title}</span><span class='column-news-date'>{day}</span></a>"
                   for n, (title, day) in enumerate((("单位、个人社保和住房公积金缴费比例", "2018-04-24"),
                                                     ("高级专家延聘", "2015-05-14"), ("返聘", "2013-03-13"),
                                                     ("教职工探亲假", "2011-06-14"))))
    html = f"<html><body><table><tr><td><div class='column-news-list'>{rows}</div></td></tr></table></body></html>"
    page = parse_list_page(html, "http://www.hr.fudan.edu.cn/4893/list.htm", _portal("http://www.hr.fudan.edu.cn/"))
    assert [(n.title, n.published) for n in page.notices] == [
        ("单位、个人社保和住房公积金缴费比例", "2018-04-24"), ("高级专家延聘", "2015-05-14"), ("返聘", "2013-03-13"),
        ("教职工探亲假", "2011-06-14")]


def test_a_date_in_brackets_after_the_title_or_a_two_digit_year_cell_is_the_rows_date():
    boxes = "".join(f"<a class='box' href='../contents/18112/38{n}.html'><h3>关于做好第{n}批人才推荐工作的通知({day})</h3>"
                    f"<p>关于做好第{n}批人才推荐工作的通知</p></a>"
                    for n, day in enumerate(("2020-12-29", "2020-12-16", "2020-11-02")))
    html = f"<html><body><table><tr><td><div class='list'>{boxes}</div></td></tr></table></body></html>"
    page = parse_list_page(html, "https://www.lgedu.net/channels/18112.html", _portal("https://www.lgedu.net/"))
    assert [n.published for n in page.notices] == ["2020-12-29", "2020-12-16", "2020-11-02"]
    cells = "".join(f"<tr><td><a href='20200{n}/t2020092{n}_57025{n}.html'>青海观测站2020年度公开招聘拟聘人员的公示{n}</a></td>"
                    f"<td>20-0{n}-2{n}</td></tr>" for n in range(1, 5))
    page = parse_list_page(f"<html><body><table>{cells}</table></body></html>", "http://www.pmodlh.ac.cn/tzgg/",
                           _portal("http://www.pmodlh.ac.cn/"))
    assert [n.published for n in page.notices] == [f"2020-0{n}-2{n}" for n in range(1, 5)]


def _portal(start: str):
    return portal_from_dict({"id": "t", "name": "T", "start_urls": [start]}, "test")


def test_a_script_link_with_its_address_in_data_href_is_followed_rows_and_pager_alike():
    # www.chineseprotestantchurch.org.cn (moved to tune): 下一页 is href="javascript:void(0)"
    # with data-href="…?page=2"; the template's script follows it
    rows = "".join(f"<li><a href='/1385{n}.html'>基督教全国两会社会服务事工第{n}次会议召开</a><span>2020-11-1{n}</span></li>"
                   for n in range(4))
    pager = "<div class='pages'><a href='javascript:void(0)' data-href='https://www.example.org.cn/sernews?page=2'>下一页</a></div>"
    page = parse_list_page(f"<html><body><ul>{rows}</ul>{pager}</body></html>", "https://www.example.org.cn/sernews",
                           _portal("https://www.example.org.cn/"))
    assert page.pages == [("https://www.example.org.cn/sernews?page=2", 2)] and len(page.notices) == 4
    # a data-href of "#" is no address
    empty = pager.replace("https://www.example.org.cn/sernews?page=2", "#")
    page = parse_list_page(f"<html><body><ul>{rows}</ul>{empty}</body></html>", "https://www.example.org.cn/sernews",
                           _portal("https://www.example.org.cn/"))
    assert page.pages == []


def test_links_side_by_side_in_one_cell_each_take_the_date_printed_after_them():
    # <a>title</a><span>date</span><br> repeated in one <td>: the block's first date is only the
    # first row's; a row whose li also holds its 解读 link is still one row
    rows = "".join(f"<a href='/info/1138/26{n}0.htm'>关于做好2024年第{n}批学生奖学金评审工作的通知</a>"
                   f"<span class='date'>2024-01-1{n}</span><br>" for n in range(6))
    html = f"<html><body><table><tr><td><div class='list'>{rows}</div></td></tr></table></body></html>"
    page = parse_list_page(html, "http://x.edu.cn/tzgg.htm", _portal("http://x.edu.cn/"))
    assert [n.published for n in page.notices] == [f"2024-01-1{n}" for n in range(6)]
    items = "".join(f"<li><a href='./zc/t2025121{n}_433239{n}.html'>关于印发第{n}批国际职业资格认可目录的通知</a>"
                    f"<a href='./jd/t2025121{n}_533239{n}.html'>关于第{n}批国际职业资格认可目录的政策解读</a>"
                    f"<span>2025-09-1{n}</span></li>" for n in range(4))
    page = parse_list_page(f"<html><body><ul>{items}</ul></body></html>", "https://www.beijing.gov.cn/zczdgg/",
                           _portal("https://www.beijing.gov.cn/"))
    dated = {n.url.rsplit("/", 1)[-1]: n.published for n in page.notices}
    assert all(dated[f"t2025121{n}_433239{n}.html"] == f"2025-09-1{n}" for n in range(4))
