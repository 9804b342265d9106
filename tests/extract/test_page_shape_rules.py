"""Rules for page shapes met on check pages moved to tune (docs/DESIGN.md, "Extraction on real
pages"): a breadcrumb printed as the heading, a short title of digits and characters, a 公示
table with its paragraphs, a template's second copy of the article, a <time> whose attribute
disagrees with the date it shows, a disclaimer in the footer. Each on a small page built the
way the real ones are (the real pages are asserted in tests/realweb/test_tune_pages.py)."""

from __future__ import annotations

from crawler.extract import extract

URL = "http://127.0.0.1/tzgg/1.htm"
PROSE = "".join(f"<p>{n}、各学校要按照要求认真做好新生报到工作，确保各项安排落实到位。</p>" for n in "一二三")
FOOTER = ("<div class='bottom'><p>主办：某市住宅与房地产业协会 维护：某市住宅与房地产业协会</p>"
          "<p>免责申明：页面所载内容及数据仅供用户参考和借鉴，最终以开发商实际公示为准</p></div>")


def _page(title: str, body: str, head: str = "") -> bytes:
    return f"<html><head><title>{title}</title>{head}</head><body>{body}</body></html>".encode()


def test_a_breadcrumb_printed_as_the_heading_gives_its_last_step_as_the_title():
    crumbs = "<h1><span><a href='/'>首页</a> > <a href='/tz/'>通知公告</a> > 关于做好2024年新生报到工作的通知</span></h1>"
    record = extract(_page("协会-通知公告-关于做好2024年新生报到工作的通知", crumbs + f"<div class='zz-m'>{PROSE}</div>"), URL)
    assert record.title == "关于做好2024年新生报到工作的通知"
    # a heading that only looks like one (no 首页 at its start) is left as it is
    record = extract(_page("站点", "<h1>学校 > 通知 > 关于做好2024年新生报到工作的通知</h1>" + PROSE), URL)
    assert record.title.startswith("学校 >")


def test_a_notice_printed_as_images_keeps_no_footer_disclaimer_as_its_body():
    images = "".join(f"<img src='/up/{n}.jpg'>" for n in range(5))
    raw = _page("协会-通知公告-关于印发合规经营指南的通知",
                "<h1><span><a href='/'>首页</a> > <a href='/tz/'>通知公告</a> > 关于印发合规经营指南的通知</span></h1>"
                f"<div class='main-table'><div class='zz-m'>{images}</div></div>{FOOTER}")
    record = extract(raw, URL)
    assert record.text == ""
    assert "low_confidence" in record.flags


def test_a_short_title_of_digits_and_characters_over_the_date_line_is_the_title():
    raw = _page("闵教院附中", "<p class='title2'>2019级新生报到通知</p>"
                "<div class='source'>发布日期:2019-07-24 09:24:34 来源:闵教院附中</div>" + PROSE)
    assert extract(raw, URL).title == "2019级新生报到通知"


def test_a_table_with_its_paragraphs_around_it_is_one_body():
    rows = "".join(f"<tr><td>{n}</td><td>民办小学</td><td>学生{n}</td><td>男</td><td>健美操</td></tr>" for n in range(1, 9))
    body = ("<div class='tit'>特长生招生录取公示</div><div class='futit'>发布日期:2017-04-18</div>"
            "<div class='rong'><p>根据招生工作相关要求，现经报名、测试后，下列同学已被我校录取：</p>"
            f"<table><tr><th>序号</th><th>毕业小学</th><th>姓名</th><th>性别</th><th>项目</th></tr>{rows}</table>"
            "<p>特此公示</p><p>上海市某某中学</p></div>")
    record = extract(_page("上海市某某中学", body), URL)
    lines = record.text.splitlines()
    assert lines[0].startswith("根据招生工作相关要求") and "8 民办小学 学生8 男 健美操" in lines and lines[-1] == "上海市某某中学"


def test_a_second_copy_of_the_article_box_is_not_a_second_part_of_the_body():
    box = f"<div class='view TRS_UEDITOR'>{PROSE}</div>"
    record = extract(_page("关于做好新生报到工作的通知", f"<div class='pc'>{box}</div><div class='mobile'>{box}</div>"), URL)
    assert record.text.count("一、各学校") == 1
    # two different boxes of one selector are two parts of one body, as before
    other = "<div class='view TRS_UEDITOR'><p>四、各学校要按照要求认真做好新生入学教育工作，确保安全。</p></div>"
    record = extract(_page("关于做好新生报到工作的通知", box + other), URL)
    assert "一、各学校" in record.text and "四、各学校" in record.text


def test_a_time_element_showing_another_day_than_its_attribute_gives_the_day_shown():
    stale = "<span><time datetime='2026-04-24'>2026-06-03</time></span>"
    assert extract(_page("某校2026年招生计划", f"<h1>某校2026年招生计划</h1>{stale}{PROSE}"), URL).published == "2026-06-03"
    same = "<span><time datetime='2026-06-03T08:30'>2026-06-03</time></span>"
    assert extract(_page("某校2026年招生计划", f"<h1>某校2026年招生计划</h1>{same}{PROSE}"), URL).published == "2026-06-03T08:30"


def test_a_readers_comment_stamp_under_the_notice_is_not_its_date():
    comments = ("<div>相关评论:</div><div>发表人：550</div><div>发表时间：2004-12-11 9:51:00</div>"
                "<div>怎样能看到各位学者的论文全文？</div>")
    raw = _page("第四届经济学年会会议议程", "<h1>第四届经济学年会会议议程</h1><table><tr><td>2004-12-10 阅读10544次</td></tr></table>"
                f"<div class='TRS_Editor'>{PROSE}</div>{comments}")
    assert extract(raw, URL).published == "2004-12-10"
    raw = _page("第四届经济学年会会议议程", "<h1>第四届经济学年会会议议程</h1>"
                f"<div class='TRS_Editor'>{PROSE}</div><div>发表时间：2004-12-11 9:51:00</div>")
    assert extract(raw, URL).published == "2004-12-11T09:51:00"  # no comments heading: the page's own stamp


def test_a_wechat_articles_time_comes_from_its_script_in_beijing_time():
    script = '<script>var ct = "1651016863";var publish_time = "2022-04-27";</script>'
    raw = _page("某区教育局关于做好新生报到工作的通知", "<h1 id='activity-name'>某区教育局关于做好新生报到工作的通知</h1>"
                f"<em id='publish_time' class='rich_media_meta'></em><div id='js_content'>{PROSE}</div>{script}")
    assert extract(raw, "https://mp.weixin.qq.com/s/abc").published == "2022-04-27T07:47"  # 23:47:43 UTC
    raw = raw.replace(b"id='publish_time'", b"id='other'")
    assert extract(raw, "https://mp.weixin.qq.com/s/abc").published != "2022-04-27T07:47"  # not a WeChat page


def test_a_bracketed_date_line_opening_the_body_is_the_pages_date_line():
    body = "<div class='Article'><h2>关于做好新生报到工作的通知</h2><h2><small>( 2022-06-01)</small></h2>" + PROSE + "</div>"
    record = extract(_page("关于做好新生报到工作的通知", body), URL)
    assert record.text.splitlines()[0].startswith("一、各学校") and record.published == "2022-06-01"


def test_a_source_named_like_a_wechat_account_keeps_its_fabu():
    from crawler.extract import fields
    assert fields.source(["来源：上海发布"]) == "上海发布"  # the city's government account
    assert fields.source(["来源：滁州市人民政府发布 阅读人次： 次"]) == "滁州市人民政府"  # an agency, then the verb
    assert fields.source(["来源:本网发布时间:2022-03-28"]) == "本网"  # the next label


def test_a_latest_comments_box_above_the_body_cuts_no_date():
    sidebar = "<div class='side'><div>最新评论</div><div>网友：好 2020-01-01</div></div>"
    raw = _page("关于做好新生报到工作的通知", f"{sidebar}<h1>关于做好新生报到工作的通知</h1>"
                f"<div>发布日期：2023-05-06</div><div class='TRS_Editor'>{PROSE}</div>")
    assert extract(raw, URL).published == "2023-05-06"


def test_a_footer_paragraph_beside_a_data_table_does_not_hold_the_descent_above_it():
    rows = "".join(f"<tr><td>{n}</td><td>民办小学</td><td>学生{n}</td><td>男</td><td>健美操</td></tr>" for n in range(1, 30))
    menu = "<div class='box'>" + "".join(f"<div>部门职责说明{n}</div>" for n in range(12)) + "</div>"
    body = (f"<div class='wrap'>{menu}<table><tr><th>序号</th><th>毕业小学</th><th>姓名</th><th>性别</th><th>项目</th></tr>"
            f"{rows}</table><p>主办：某市教育局，地址：某市某路1号，电话：12345678</p></div>")
    record = extract(_page("2017年特长生录取名单", "<h1>2017年特长生录取名单</h1><div>发布日期：2017-04-18</div>" + body), URL)
    assert "29 民办小学 学生29 男 健美操" in record.text.splitlines() and "部门职责说明3" not in record.text


def _single_article_column(column: str, first_lines: str, tail: str = "") -> bytes:
    """A university CMS's single-article column: the column's name as <title>, menu entry,
    breadcrumb step and only heading; the notice's own title is the body's first line(s)."""
    menu = f"<ul class='menu'><li><a href='/'>首页</a></li><li><a href='/col/list.htm'>{column}</a></li></ul>"
    crumbs = f"<ul class='path'><li><a href='/'>首页</a></li><li><a href='/col/list.htm'>{column}</a></li></ul>"
    return _page(column, f"{menu}{crumbs}<h2>{column}</h2><div class='wp_articlecontent'>{first_lines}{PROSE}{tail}</div>")


def test_a_column_name_heading_gives_way_to_the_document_title_that_opens_the_body():
    raw = _single_article_column("推广工作", "<p>国家科技成果重点推广计划管理办法</p>")
    record = extract(raw, URL)
    assert record.title == "国家科技成果重点推广计划管理办法"
    assert record.text.splitlines()[0] == "国家科技成果重点推广计划管理办法"  # the line stays in the text
    # printed over two lines
    raw = _single_article_column("数学竞赛", "<p>2025年天津市普通高校大学数学竞赛</p><p>南开大学选拔报名通知</p>")
    assert extract(raw, URL).title == "2025年天津市普通高校大学数学竞赛南开大学选拔报名通知"
    # a first line that names no document (a salutation, a sentence) leaves the heading alone
    raw = _single_article_column("推广工作", "<p>各有关单位：</p>")
    assert extract(raw, URL).title == "推广工作"


def test_a_hanging_indent_is_shown_and_a_bracketed_closing_date_dates_the_notice():
    signed = ("<p>国际学术交流处</p><p style='margin:0px 0px 0px 384px;text-indent:-384px'>"
              "<span>2018</span><span>年</span><span>3</span><span>月</span><span>6</span><span>日</span></p>")
    record = extract(_single_article_column("国际交流", "<p>关于选拔2018年秋季学期交换生的通知</p>", signed), URL)
    assert record.text.splitlines()[-1] == "2018年3月6日"
    assert record.published == "2018-03-06"
    # an indent that pushes text off the page with nothing taking it back still hides it
    hidden = "<p style='text-indent:-9999px'>澳门线上娱乐平台注册送彩金</p>"
    assert "澳门" not in extract(_single_article_column("国际交流", "<p>关于选拔交换生的通知</p>", hidden), URL).text
    closed = "<p>第三十一条本办法自2013年5月1日起施行。</p><p>（2013年4月30日）</p>"
    record = extract(_single_article_column("5.教职工争议解决办法", "<p>南开大学教职工代表大会规定实施办法</p>", closed), URL)
    assert (record.title, record.published) == ("南开大学教职工代表大会规定实施办法", "2013-04-30")


def test_a_source_run_into_a_posting_time_label_stops_before_it_and_a_stamp_in_the_url_dates_a_page():
    byline = ("<table><tr><td><h1>关于开展主题党日活动的通知</h1></td></tr><tr><td><span>来源： 南开大学新闻网</span>"
              "<span>发稿时间：2020-06-24 19:45</span></td></tr></table>")
    record = extract(_page("新闻网", byline + f"<div id='txt'>{PROSE}</div>"), URL)
    assert (record.source, record.published) == ("南开大学新闻网", "2020-06-24T19:45")
    # no date on the page: the yyyymmddhhmmss id its address ends with
    page = _page("实验中心", f"<h1>文学实验教学示范中心教师参观第85届中国教育装备展示会</h1><div class='content'>{PROSE}</div>")
    assert extract(page, "https://lab.example.edu.cn/virexp/zxdt/20250428121446").published == "2025-04-28"
    assert extract(page, "https://lab.example.edu.cn/virexp/zxdt/20250428").published is None  # not a stamp


def test_a_title_over_a_midnight_date_line_with_its_weekday_beats_a_platform_name_in_the_title_tag():
    card = ("<div class='card'><h6 class='card-header'>关于对2023年仪器平台使用数据锁定及修改的通知</h6>"
            "<div class='card-body'><div class='text-muted'>2024-03-21 00:00:00 星期四</div>"
            f"<div class='article-content'>{PROSE}</div></div></div>")
    record = extract(_page("大型仪器共享平台 | 南开大学", card), URL)
    assert (record.title, record.published) == ("关于对2023年仪器平台使用数据锁定及修改的通知", "2024-03-21")
    # a time of day after the date is kept, the weekday after it read past
    stamped = card.replace("00:00:00", "09:30:00")
    assert extract(_page("大型仪器共享平台 | 南开大学", stamped), URL).published == "2024-03-21T09:30:00"


def test_a_bracketed_date_under_a_heading_outside_the_body_dates_the_notice_before_its_signature():
    signed = PROSE + "<p style='text-align:right'>2019年9月8日</p>"
    page = ("<h3 class='page-title'><span>通知公告</span></h3><div class='Article'>"
            "<h2 class='Article-title'>关于2019年国庆节图书馆开馆时间的通知 <small class='Article-time'>( 2019年09月09日 )</small>"
            f"</h2><div class='Article_content'>{signed}</div></div>{FOOTER}")
    assert extract(_page("通知公告-上海交通大学", page), URL).published == "2019-09-09"
    # a bracketed date elsewhere around the body (a sidebar's) is not the page's date line
    aside = page.replace(" <small class='Article-time'>( 2019年09月09日 )</small>", "").replace(
        "<h3 class='page-title'>", "<p>( 2019年01月01日 )</p><h3 class='page-title'>")
    assert extract(_page("通知公告-上海交通大学", aside), URL).published == "2019-09-08"


def test_a_heading_that_goes_on_from_a_cut_title_tag_to_name_a_document_is_the_title():
    page = ("<h1>视 觉 形 象 识 别 系 统</h1><h1>上海交通大学视觉形象识别系统管理办法 （试行）</h1>"
            f"<p>分类: 网站公告</p><p>发布于 2016-04-15 10:36:05</p><div class='content'>{PROSE}</div>")
    assert extract(_page("上海交通大学视觉形象识别系统", page), URL).title == "上海交通大学视觉形象识别系统管理办法 （试行）"


def test_the_part_of_the_title_tag_the_page_prints_as_its_heading_beats_a_longer_site_name():
    page = ("<p>首页 > 新闻动态 > 交大要闻</p><p>校党委书记焦点讲坛作专题授课</p><p>日期：2019-06-27</p>"
            f"<div class='content'>{PROSE}</div>")
    title = "校党委书记焦点讲坛作专题授课-上海交通大学“不忘初心,牢记使命”主题教育网站专栏"
    assert extract(_page(title, page), URL).title == "校党委书记焦点讲坛作专题授课"


def test_an_html5_article_is_the_body_box_without_its_info_bar_and_pager():
    marquee = "".join(f"<div class='gn_news'><a href='/n/{n}'>上海交大与第{n}个地方政府签署战略合作协议【图】</a></div>"
                      for n in range(60))
    article = ("<article class='item-page'><h2><a href='/n/244'>关于开展2018年地方研究院专项课题研究的通知</a></h2>"
               "<dl class='article-info'><dt class='article-info-term'>背景资料</dt><dd>分类：<a href='/c'>校内服务项目</a></dd>"
               "<dd class='published'>发布于 2017年12月25日 星期一 07:16</dd><dd>作者：Super User</dd><dd>点击数：14014</dd></dl>"
               f"{PROSE}<ul class='pager pagenav'><li><a href='/n/245'>下页 &gt;</a></li></ul></article>")
    record = extract(_page("关于开展2018年地方研究院专项课题研究的通知", f"<div class='marquee'>{marquee}</div>{article}"), URL)
    assert record.text.splitlines()[0].startswith("一、各学校") and record.text.splitlines()[-1].startswith("三、各学校")
    assert record.published == "2017-12-25T07:16"


def test_a_regulations_adoption_note_gives_its_document_number():
    note = ("<p>（经2005年10月20日校长办公会议审议通过，</p><p>2005年12月31日校通字[2005]81号公布。）</p>"
            "<p>为优化学校育人环境，维护校园交通秩序，保障师生员工人身安全，特制定本规定。</p>" + PROSE)
    record = extract(_page("复旦大学校园交通管理规定", f"<h1>复旦大学校园交通管理规定</h1><div class='content'>{note}</div>"), URL)
    assert record.doc_number == "校通字〔2005〕81号"
    # a number cited in the text (依据…文件) is no adoption note
    cited = note.replace("2005年12月31日校通字[2005]81号公布。）", "依据2005年12月31日校通字[2005]81号精神。）")
    assert extract(_page("复旦大学校园交通管理规定", f"<h1>复旦大学校园交通管理规定</h1><div class='content'>{cited}</div>"),
                   URL).doc_number is None


def test_a_publishdate_or_open_graph_date_dates_a_page_that_prints_none_and_pubdate_comes_first():
    body = f"<h1>关于增发企业退休人员养老金的通知</h1><div class='content'>{PROSE}</div>"
    assert extract(_page("上海市总工会", body, "<meta name='publishdate' content='2019-04-27'>"), URL).published == "2019-04-27"
    og = "<meta property='article:published_time' content='2019-04-28T10:15:00+08:00'>"
    assert extract(_page("上海市总工会", body, og), URL).published.startswith("2019-04-28")
    both = "<meta name='publishdate' content='2025-06-27'><meta name='PubDate' content='2025-06-27 08:20'>"
    assert extract(_page("教育部", body, both), URL).published == "2025-06-27T08:20"


def test_buttons_offering_the_page_as_a_pdf_or_word_file_are_not_text():
    body = f"<h1>关于禁止新增建设项目的通告</h1><div class='content'><p>pdf下载 word下载</p>{PROSE}</div>"
    assert "下载" not in extract(_page("吉林省人民政府", body), URL).text


def test_a_metadata_table_printed_over_the_text_is_not_the_text_but_gives_its_fields():
    table = ("<p>分 类：</p><p>环境监测、保护与治理;通告</p><p>发文机关:吉林省人民政府</p><p>标 题：</p>"
             "<p>吉林省人民政府关于禁止新增建设项目的通告</p><p>发文字号:吉政明电〔2022〕1号</p><p>发布日期:2022年01月28日</p>")
    body = f"<h1>吉林省人民政府关于禁止新增建设项目的通告</h1><div class='content'>{table}{PROSE}</div>"
    record = extract(_page("吉林省人民政府关于禁止新增建设项目的通告", body), URL)
    assert record.text.splitlines()[0].startswith("一、各学校")
    assert (record.doc_number, record.published) == ("吉政明电〔2022〕1号", "2022-01-28")
    # two label lines opening a notice are not a table: the text keeps them
    two = f"<h1>关于做好招生工作的通知</h1><div class='content'><p>分类：通知公告</p><p>名称：招生工作安排</p>{PROSE}</div>"
    assert extract(_page("关于做好招生工作的通知", two), URL).text.startswith("分类：通知公告")


def test_a_webplus_box_holding_only_a_pdf_player_is_an_empty_flagged_body_not_the_sidebar():
    player = ("<div class='wp_articlecontent'><div class='Article_Content'><p>&nbsp;<div class='wp_pdf_player' "
              "pdfsrc='/_upload/article/files/31/1d/f0074134.pdf' sudyplayer='wp_pdf_player'></div></p></div></div>")
    side = "".join(f"<li><a href='/n/{n}'>纪委办公室第{n}期廉政建设工作简报全文发布</a></li>" for n in range(8))
    page = (f"<div class='left'><ul>{side}</ul><p>地址：上海市邯郸路220号 电话：021-65642222 邮编：200433</p></div>"
            f"<h1>2017年建设维修项目一览表</h1><div>发布时间：2017-10-19</div>{player}")
    record = extract(_page("2017年建设维修项目一览表", page), URL)
    assert record.text == "" and "low_confidence" in record.flags


def test_a_title_tag_is_not_split_inside_brackets_and_a_short_part_printed_as_the_heading_is_the_title():
    body = f"<h2>今日南开</h2><div class='content'>{PROSE}</div>"
    assert extract(_page("校情通报（2025-9）", body), URL).title == "校情通报（2025-9）"
    headed = f"<div class='logo'><img src='/logo.png'></div><h2>用户须知</h2><div class='content'>{PROSE}</div>"
    assert extract(_page("用户须知 | 南开大学 高校国家知识产权信息服务中心", headed), URL).title == "用户须知"
    # not printed as a heading, the short part is no title: the site's longer name stays the answer
    plain = f"<div class='logo'><img src='/logo.png'></div><div class='content'>{PROSE}</div>"
    assert extract(_page("用户须知 | 南开大学 高校国家知识产权信息服务中心", plain), URL).title != "用户须知"


def test_a_date_run_into_a_counters_digits_is_no_date():
    body = (f"<h2>能源缴费</h2><div class='content'>{PROSE}</div>"
            "<div class='foot-bottom'><span>访问量：</span><span class='WP_VisitCount'>1028872024年11月11日</span></div>")
    assert extract(_page("能源缴费-南开大学后勤", body), URL).published is None


def test_the_one_heading_naming_a_document_is_the_title_when_the_title_tag_names_only_a_column_and_the_site():
    page = f"<h2>科研外事</h2><h2>邮政物品领取通知</h2><div class='content'>{PROSE}</div>"
    assert extract(_page("邮政通知-社会学院", page), URL).title == "邮政物品领取通知"
    # two such headings: which is the notice's is not known, and none is taken for it
    two = page.replace("<h2>科研外事</h2>", "<h2>关于做好暑期安全工作的通知</h2>")
    assert extract(_page("邮政通知-社会学院", two), URL).title not in ("邮政物品领取通知", "关于做好暑期安全工作的通知")


def test_a_timetable_or_a_method_opening_a_single_article_column_is_its_title():
    for column, first in (("通勤班车", "南开大学公交时刻表"), ("教室预约", "物理科学学院教室预约方法")):
        record = extract(_single_article_column(column, f"<p>{first}</p>", ""), URL)
        assert record.title == first, column


def test_a_notice_that_is_one_pdf_link_with_its_image_is_that_link_not_the_menu():
    # ipis.nankai: the content box holds one link wrapping a tall image and the file's name;
    # the page's other text is menus and a footer, so no block holds prose.
    menu = "".join(f"<dd><a href='/c/{n}'>栏目{n}政策法规</a></dd>" for n in range(8))
    body = ("<div class='row'><section class='main'><div class='detail'>"
            "<div class='detail-title'><h1>《高校知识产权信息服务中心工作指引》</h1><span>时间：2024-09-29</span></div>"
            "<div class='detail-box'><p><a href='/media/files/zhiyin.pdf'><img src='/up/1.jpg'><br><br>"
            "《高校知识产权信息服务中心工作指引》</a></p></div></div></section>"
            f"<section class='side'><dl class='menu'>{menu}</dl></section></div>")
    record = extract(_page("《高校知识产权信息服务中心工作指引》", body), URL)
    assert record.text == "《高校知识产权信息服务中心工作指引》"
    # text of its own beside the link: not a notice made of its file, so not this shortcut
    record = extract(_page("站点", body.replace("<p><a", "<p>请各单位认真学习并遵照执行本工作指引<a")), URL)
    assert "请各单位认真学习并遵照执行本工作指引" in record.text


def test_a_templates_download_block_inside_the_body_box_is_the_attachments_not_body_lines():
    # cc.nankai (WebPlus): the author's 附件： list, then the template's div.attachment of links
    prose = PROSE + "<p>附件：</p><p>1. 个人所得税汇算清缴操作指南</p><p>财务处</p>"
    block = ("<div class='attachment'><div>附件:</div><div class='attachment-item'>"
             "<a href='/_upload/files/a1.docx'>附件1.个人所得税汇算清缴操作指南.docx</a></div></div>")
    record = extract(_page("关于办理个税汇算清缴的通知", f"<h1>关于办理个税汇算清缴的通知</h1>"
                                                       f"<div class='wp_articlecontent'>{prose}{block}</div>"), URL)
    assert record.text.endswith("1. 个人所得税汇算清缴操作指南\n财务处")
    assert [a.url for a in record.attachments] == ["http://127.0.0.1/_upload/files/a1.docx"]
    # a link classed as an attachment inside the prose is the author's text: it stays
    inline = prose.replace("财务处", "详见<a class='cms-attachment' href='/_upload/files/a2.pdf'>实施指引全文</a>")
    record = extract(_page("关于办理个税汇算清缴的通知", f"<div class='wp_articlecontent'>{inline}</div>"), URL)
    assert "实施指引全文" in record.text


NEWS_PROSE = "".join(f"<p>{n}、记者从有关部门获悉，今年全市将新增学位一万余个，进一步缓解入学难问题。</p>" for n in "一二三四")


def test_a_source_link_after_the_date_lines_label_is_the_source():
    # money.163.com: 来源: then the source as a link on its own line of the markup
    bar = ("<h1>全市新增学位一万余个</h1><div class='ep-time-soure'>\n 2015-07-04 10:16:00\u3000来源: \n"
           "<a id='ne_article_source' href='http://www.example.com/1.html'>第一财经日报</a>(上海)\n</div>")
    record = extract(_page("全市新增学位一万余个_网易财经", bar + f"<div id='endText'>{NEWS_PROSE}</div>"), URL)
    assert (record.source, record.published) == ("第一财经日报(上海)", "2015-07-04T10:16:00")


def test_a_templates_source_element_names_the_source_without_a_label():
    # news.sina.com.cn: the date and an a.source beside it; a 来源 quoted in the body is the source's source
    bar = ("<h1 class='main-title'>全市新增学位一万余个</h1><div class='date-source'><span class='date'>2017年10月05日 01:13</span>"
           "<a class='source ent-source' href='http://www.example.com/1.html'>中国新闻网</a></div>")
    body = f"<div class='article' id='artibody'>{NEWS_PROSE}<p>来源：北京青年报</p></div>"
    head = "<meta property='article:published_time' content='2017-10-05T01:23:54+08:00'>"
    record = extract(_page("全市新增学位一万余个|新浪新闻", bar + body, head), URL)
    assert record.source == "中国新闻网"
    assert record.published == "2017-10-05T01:13"  # the time the page prints, not the system stamp
    # the 2016 template: the date and the source in one span.time-source
    bar16 = ("<h1 id='artibodyTitle'>全市新增学位一万余个</h1><span class='time-source' id='navtimeSource'>2016年02月24日14:36 "
             "<span><span data-sudaclick='media_name'><a href='http://www.example.com/2.html'>新华网</a></span></span></span>")
    assert extract(_page("全市新增学位一万余个", bar16 + f"<div id='artibody'>{NEWS_PROSE}</div>"), URL).source == "新华网"
    # a page printing no date is dated by the stamp
    assert extract(_page("全市新增学位一万余个", f"<h1>全市新增学位一万余个</h1><div id='artibody'>{NEWS_PROSE}</div>", head),
                   URL).published == "2017-10-05T01:23:54"


def test_a_byline_of_a_source_name_then_its_time_dates_the_page():
    # tech.qq.com: span.where then span.pubTime, no label on either
    bar = ("<h1>全市新增学位一万余个</h1><div class='info'><span class='infoCol'><span class='where'>TNW中文站</span></span>"
           "<span class='pubTime'>2016年10月14日07:17</span></div>")
    record = extract(_page("全市新增学位一万余个_腾讯科技", bar + f"<div id='Cnt-Main-Article-QQ'>{NEWS_PROSE}</div>"),
                     "http://127.0.0.1/a/20161014/006270.htm")
    assert (record.source, record.published) == ("TNW中文站", "2016-10-14T07:17")


def test_a_promotion_block_ending_the_body_is_cut_but_a_link_list_in_the_text_stays():
    promo = ("<table><tr><td><p><a href='http://i.example.com/'><b>网易财经<br>会赚钱的客户端：</b></a></p></td></tr></table>"
             "<div class='biaoqian'><h1>重点推荐</h1><span><a href='http://example.com/stock'>更多精彩资讯请点击 网易股票</a></span></div>"
             "<div><p><b>证券要闻</b></p><p><a href='http://example.com/1.html'>沪指3周重挫近30% 券商大佬齐聚证监会</a> "
             "<a href='http://example.com/2.html'>证监会又出五大招救市 千亿资金输血市场</a></p></div>")
    page = f"<h1>全市新增学位一万余个</h1><div id='endText'>{NEWS_PROSE}{promo}<p>本文来源：上海证券报</p></div>"
    record = extract(_page("全市新增学位一万余个", page), URL)
    assert "重点推荐" not in record.text and "证券要闻" not in record.text and "沪指3周重挫" not in record.text
    assert record.text.endswith("本文来源：上海证券报") and "widgets_removed" in record.flags
    # links inside the text, with prose after them, and the notice's files stay
    inside = (f"<div id='endText'>{NEWS_PROSE[:60]}<ul><li><a href='/x/1.html'>第一批学校名单</a></li>"
              f"<li><a href='/x/2.html'>第二批学校名单</a></li></ul>{NEWS_PROSE}"
              "<p><a href='/files/mingdan.xlsx'>学校名单.xlsx</a></p></div>")
    record = extract(_page("全市新增学位一万余个", "<h1>全市新增学位一万余个</h1>" + inside), URL)
    assert "第一批学校名单" in record.text and "学校名单.xlsx" in record.text


def test_a_camel_case_share_button_in_a_guessed_body_is_chrome():
    body = (f"<div id='Cnt-Main-Article-QQ'><div class='mbArticleSharePic'><div class='mbArticleShareBtn'><span>转播到腾讯微博</span>"
            f"</div><img src='/p/1.jpg'></div>{NEWS_PROSE}</div>")
    record = extract(_page("全市新增学位一万余个", "<h1>全市新增学位一万余个</h1><p>2016-10-14</p>" + body), URL)
    assert "转播到腾讯微博" not in record.text and record.text.startswith("一、")


def test_a_notice_going_on_over_more_pages_is_flagged_with_where_it_goes_on():
    # TRS writes its article pager by script; a portal template prints links to x_2.html…
    trs = (f"<h1>全市新增学位一万余个</h1><div class='TRS_Editor'>{NEWS_PROSE}</div>"
           "<script>createPageHTML(3, 0, \"t20240301_123\", \"html\");</script>")
    record = extract(_page("全市新增学位一万余个", trs), "http://127.0.0.1/jyj/202403/t20240301_123.html")
    assert "low_confidence" in record.flags
    assert any(r.startswith("more_pages (the notice goes on over 2 more page(s), "
                            "http://127.0.0.1/jyj/202403/t20240301_123_1.html first") for r in record.confidence_reasons)
    pager = "".join(f"<a href='ATM2AF3B_{n}.html'>{n}</a>" for n in range(2, 5))
    linked = f"<h1>全市新增学位一万余个</h1><div id='endText'>{NEWS_PROSE}</div><div class='ep-pages'>{pager}</div>"
    record = extract(_page("全市新增学位一万余个", linked), "http://127.0.0.1/15/0704/ATM2AF3B.html")
    assert any("over 3 more page(s)" in r for r in record.confidence_reasons)
    # links to other notices numbered alike (t20240301_124.html) are not pages of this one
    siblings = f"<h1>全市新增学位一万余个</h1><div id='endText'>{NEWS_PROSE}</div><a href='t20240301_124.html'>下一篇</a>"
    record = extract(_page("全市新增学位一万余个", siblings), "http://127.0.0.1/jyj/202403/t20240301_123.html")
    assert not any(r.startswith("more_pages") for r in record.confidence_reasons)


def test_a_single_article_column_keeps_its_short_bold_heading_over_the_date_line():
    # houqin.sjtu.edu.cn (moved to tune): <title> is the site's name and an empty part, the
    # notice's title a four-character column name printed in a large bold font over a line of
    # fields ending in 添加时间; the site's name stands in the COPYRIGHT line.
    menu = "".join(f"<li><a href='/{n}.asp'>{name}</a></li>" for n, name in enumerate(("宾馆指南", "餐饮指南", "学校班车")))
    body = (f"<ul class='menu'>{menu}</ul><table><tr><td><b><font size=5>宾馆指南</font></b></td></tr>"
            "<tr><td>所属类型:服务指南 | 阅读次数:122452 | 添加时间:2014-9-15 16:38</td></tr></table>"
            f"<div class='content'>{PROSE}</div><p>COPYRIGHT©某某大学后勤保障中心 联系电话：021-12345678</p>")
    record = extract(_page("某某大学后勤保障中心->", body), URL)
    assert record.title == "宾馆指南"
    assert record.published == "2014-09-15T16:38"
    # the same short line not printed as a heading is not taken for the title
    plain = body.replace("<b><font size=5>宾馆指南</font></b>", "宾馆指南")
    assert extract(_page("某某大学后勤保障中心->", plain), URL).title != "宾馆指南"


def test_a_source_value_ends_where_a_date_runs_into_it():
    # difang.gmw.cn / cnenergynews.cn (moved to tune): <span>来源：河南日报</span><span>2024年02月02日 23:38</span>
    body = ("<h1>关于做好2024年新生报到工作的通知</h1><div class='info'><span>来源：河南日报</span>"
            f"<span>2024年02月02日 23:38</span></div><div class='content'>{PROSE}</div>")
    assert extract(_page("关于做好2024年新生报到工作的通知", body), URL).source == "河南日报"
    # a year inside a name is not a date (来源：2024年教育工作会议)
    named = body.replace("来源：河南日报", "来源：2024年教育工作会议").replace("<span>2024年02月02日 23:38</span>", "")
    assert extract(_page("关于做好2024年新生报到工作的通知", named), URL).source == "2024年教育工作会议"


def test_a_feed_of_other_articles_outweighing_a_short_notice_is_not_its_body():
    # difang.gmw.cn (moved to tune): a 推荐阅读 grid of linked titles, teasers and dates holds
    # three times the article's text; the block printing the title and its prose is the notice.
    items = "".join(f"<div class='item'><a href='/a{n}.htm'>在海洋能新赛道上行稳致远第{n}篇评论文章</a>"
                    f"<p>当前，全球能源转型加速推进，海洋能正处在由技术探索迈向规模化应用的关键阶段，准确把握发展形势。</p>"
                    f"<span>2026-07-{10 + n} 10:00</span></div>" for n in range(8))
    body = (f"<div class='main'><div class='head'><h1>上海青浦推出十条措施促人才安居</h1></div>"
            f"<div class='text'>{PROSE}</div></div><div class='reads'><h2>推荐阅读</h2>{items}</div>")
    record = extract(_page("上海青浦推出十条措施促人才安居_光明网", body), URL)
    assert record.text.splitlines()[0].startswith("一、各学校要按照要求") and "海洋能" not in record.text
    # without the dates the grid is prose of its own, and the rule does not take the smaller block
    undated = body.replace("<span>2026-07-1", "<span>第").replace(" 10:00</span>", "期</span>")
    assert "海洋能" in extract(_page("上海青浦推出十条措施促人才安居_光明网", undated), URL).text


def test_a_day_read_without_its_time_takes_the_time_a_byline_prints_for_it():
    # m.shedunews.com (moved to tune): "outlet  reporter  time" on one line under the heading,
    # no label; the day alone came from the URL
    body = ("<h1>关于做好2024年新生报到工作的通知</h1><div class='info'>上海教育新闻网 记者 张三 2020-06-15 15:04:47</div>"
            f"<div class='content'>{PROSE}</div>")
    record = extract(_page("关于做好2024年新生报到工作的通知", body), "http://127.0.0.1/2020-06/15/c_1.htm")
    assert record.published == "2020-06-15T15:04:47"
    # another day's time is not this day's
    other = body.replace("2020-06-15 15:04:47", "2020-06-16 15:04:47")
    assert not (extract(_page("关于做好2024年新生报到工作的通知", other), "http://127.0.0.1/2020-06/15/c_1.htm").published
                or "").startswith("2020-06-15T")


def test_an_outlet_and_its_reporter_before_the_time_name_the_source():
    # m.shedunews.com (moved to tune): "上海教育新闻网   金寒草   2020-06-15 15:04:47" under the heading
    body = ("<h1>关于做好2024年新生报到工作的通知</h1><div class='gray9'>上海教育新闻网 &nbsp; 金寒草 &nbsp; 2020-06-15 15:04:47</div>"
            f"<div class='content'>{PROSE}</div>")
    record = extract(_page("关于做好2024年新生报到工作的通知", body), URL)
    assert (record.source, record.published) == ("上海教育新闻网", "2020-06-15T15:04:47")
    # two names neither of which reads as an outlet (a reporter and a photographer) give none
    people = body.replace("上海教育新闻网", "李四")
    assert extract(_page("关于做好2024年新生报到工作的通知", people), URL).source is None


def test_an_effective_date_is_not_the_publication_date():
    # www.fangchan.com (moved to tune): a reprint's label list (颁发时间 / 实施日期) beside the
    # posting time printed under the heading
    body = ("<h1>关于进一步明确住房限购政策有关事项的补充通知</h1><p class='top-info'><span>2017-07-05 10:07:19</span></p>"
            "<ul><li>颁发时间:2017-07-04</li><li>实施日期:2017-07-04</li></ul>"
            f"<div class='summary-text'>{PROSE}</div>")
    assert extract(_page("补充通知", body), URL).published == "2017-07-05T10:07:19"
    # a bare 日期: is still the page's date
    dated = body.replace("实施日期:2017-07-04", "日期:2017-07-03").replace("<span>2017-07-05 10:07:19</span>", "")
    assert extract(_page("补充通知", dated), URL).published == "2017-07-03"


def test_a_supplying_unit_names_the_source():
    # sjtuztjy / chineseprotestantchurch (tune): 供稿单位：新闻中心 under a news item, 供稿：安徽神学院 beside the date
    body = ("<h1>关于做好2024年新生报到工作的通知</h1><div class='info'><span>供稿：安徽神学院</span>"
            f"<span>2020-11-13</span></div><div class='content'>{PROSE}</div>")
    assert extract(_page("关于做好2024年新生报到工作的通知", body), URL).source == "安徽神学院"


def test_a_data_table_of_one_row_under_its_header_is_one_unit_with_its_introduction():
    # A 采购意向公开 page: an introduction in a <div>, a table whose header row names eight
    # columns over one data row (its longest cell outweighs the rest), a signature below.
    cells = ["1", "南开大学", "南开大学八里台校区西区公寓维修工程采购项目", "B08010000",
             "本工程位于南开大学八里台校区，主要内容包括：宿舍房间内部及公共区域装修改造，重新粉刷墙面屋顶，地面修补，"
             "更换及维修室内地面和门窗；卫生间、洗漱间、淋浴间维修改造，重做防水等。项目实施后能改善学生住宿环境。",
             "653.04", "2025年05月", "本次公开的采购意向是本单位政府采购工作的初步安排。"]
    head = ["序号", "采购单位", "采购项目名称", "采购品目", "采购需求概况", "预算金额(万元)", "预计采购时间", "备注"]
    raw = ("<html><head><title>南开大学2025年政府采购意向公开（第32批）</title></head><body>"
           "<div class='nav'><a href='/'>首页</a> <a href='/a'>招标公告</a></div><div style='width:80%'>"
           "<div><p>为便于供应商及时了解政府采购信息，根据有关规定，现将采购意向公开如下：</p></div>"
           "<table class='jjxxtb'><tr>" + "".join(f"<td>{c}</td>" for c in head) + "</tr><tr>"
           + "".join(f"<td>{c}</td>" for c in cells) + "</tr></table>"
           "<div><p>南开大学</p><p>2025年03月28日</p></div></div></body></html>").encode()
    text = extract(raw, "http://127.0.0.1/jghw/1.chtml").text
    assert text.startswith("为便于供应商") and "采购需求概况" in text and "653.04" in text
    assert text.rstrip().endswith("2025年03月28日")


def test_a_publication_date_closing_a_notices_contact_list_is_its_last_line():
    contact = "".join(f"<p>{line}</p>" for line in (
        "参与报名的投标人不足三家，不满足招标条件，故终止本项目招标活动。", "联系方式", "招标人：南开大学",
        "联系人：满老师 王老师", "电话：022-23508050", "发布日期：2025年05月21日"))
    raw = ("<html><head><title>认知科技大楼项目勘察招标终止公告</title></head><body><h1>认知科技大楼项目勘察招标终止公告</h1>"
           f"<div class='content'>{contact}</div></body></html>").encode()
    assert extract(raw, "http://127.0.0.1/jghw/2.chtml").text.splitlines()[-1] == "发布日期：2025年05月21日"
    # A date line after the notice's prose is the template's, not text.
    raw = raw.replace("电话：022-23508050".encode(), "欢迎各单位积极参与。".encode())
    assert "发布日期" not in extract(raw, "http://127.0.0.1/jghw/2.chtml").text
