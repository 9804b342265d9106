"""More rules added in answer to real tune pages (continued from test_realweb_rules.py, split
to keep files small): each on a small page made the way the real one is built; the real
pages themselves are asserted in tests/realweb/test_tune_pages.py."""

from __future__ import annotations

from crawler.extract import _is_sentence, extract, fields

URL = "http://127.0.0.1/a.html"
TEXT = "".join(f"<p>{n}、各招生单位要按照要求认真做好招生录取工作，确保政策落实到位。</p>" for n in "一二三")
MENU = "".join(f"<li><a href='/{n}.html'>{word}</a></li>" for n, word in enumerate(
    ("网站首页", "机构设置", "工作动态", "政策法规", "服务指南")))
FOOTER = "<div class='bottom'><p>版权所有：湖北省教育考试院</p><p>地址：武汉市武昌区友谊大道324号</p></div>"


def test_a_year_last_date_is_read_when_only_one_reading_is_a_date():
    assert fields.labelled_date(["发布日期：18/06/2026 14:04"], fields.PUBLISHED_LABELS) == "2026-06-18T14:04"
    assert fields.labelled_date(["发布日期：06/18/2026"], fields.PUBLISHED_LABELS) == "2026-06-18"
    assert fields.labelled_date(["发布日期：05/06/2026"], fields.PUBLISHED_LABELS) is None  # May 6 or 5 June
    assert fields.date_line_time(["18/06/2026 14:04"]) == "2026-06-18T14:04"
    assert fields.folded_pair("电话：027-87681772")[1] == "电话:027-87681772"  # no date, unchanged


def test_a_title_tag_naming_only_the_site_gives_way_to_the_line_over_the_date():
    # <title> is the site's name (…网) and a tagline; the heading sits over a day-first date and time.
    raw = ("<html><head><title>湖北招生考试网 – 高考工具箱</title></head><body>"
           "<h3>关于做好2026年军队院校招收普通高中毕业生工作的通知</h3><ul><li><span>18/06/2026 14:04</span></li></ul>"
           f"<div class='entry'>{TEXT}</div></body></html>").encode()
    record = extract(raw, URL)
    assert (record.title, record.published) == ("关于做好2026年军队院校招收普通高中毕业生工作的通知", "2026-06-18T14:04")
    # …and a date label printed on a line of its own above its value (发布时间： | 2026-06-26).
    raw = ("<html><head><title>西安工商学院-招生网</title></head><body>"
           f"<ul>{MENU}<li><a href='http://www.example.cn/'>西安工商学院</a></li></ul>"
           "<div class='danpian-h1'>\n西安工商学院2026年本（专）科招生简章\n</div>"
           "<div class='danpian-h2'>发布时间：\n2026-06-26\n 作者：\n西安工商学院</div>"
           f"<div class='danpian-con'>{TEXT}</div></body></html>").encode()
    assert extract(raw, URL).title == "西安工商学院2026年本（专）科招生简章"


def test_a_news_title_ending_in_wang_printed_as_its_heading_is_no_site_name():
    raw = ("<html><head><title>织密校园安全防护网-武汉华夏理工学院</title></head><body>"
           f"<ul>{MENU}</ul><div class='head'>织密校园安全防护网</div><div>发布时间：2026-06-26</div>"
           f"<div class='con'>{TEXT}</div><div class='bottom'><p>版权所有：武汉华夏理工学院招生信息网</p></div>"
           "</body></html>").encode()
    assert extract(raw, URL).title == "织密校园安全防护网"


def test_a_button_word_glued_after_a_labels_value_is_not_part_of_it():
    raw = ("<html><head><title>全国高等学校名单</title></head><body><h1>全国高等学校名单</h1>"
           "<div id='source'>来源：教育部<span class='sc' onclick=\"addSC('x',1)\">收藏</span></div>"
           f"<div class='TRS_Editor'>{TEXT}</div></body></html>")
    assert extract(raw.encode(), URL).source == "教育部"
    # A clickable element whose text is not a widget word is the page's text.
    assert extract(raw.replace("收藏</span>", "办公厅</span>").encode(), URL).source == "教育部办公厅"


def test_a_vsb_body_box_holding_one_line_is_the_body_and_its_download_list_is_not():
    raw = ("<html><head><title>山东工商学院2026年分省分专业招生计划来源表-招生信息网</title></head><body>"
           f"<ul>{MENU}</ul><form><div><h1>山东工商学院2026年分省分专业招生计划来源表</h1>"
           "<div>2026年06月16日 16:41 点击：</div>"
           "<div id='vsb_content'><p>山东工商学院2026年分省分专业招生计划来源表</p></div>"
           "<ul><li>附件【<a href='/system/_content/download.jsp?wbfileid=1'>山东工商学院2026年计划表.pdf</a>】</li></ul>"
           f"</div></form>{FOOTER}</body></html>").encode()
    record = extract(raw, URL)
    assert record.text == "山东工商学院2026年分省分专业招生计划来源表"
    assert [a.title for a in record.attachments] == ["山东工商学院2026年计划表.pdf"]


def test_label_and_code_pairs_joined_by_commas_are_no_sentence():
    assert not _is_sentence("学校标识码：4161013682，在陕招生代码：8045，专升本招生代码：033")
    assert not _is_sentence("电话：027-87681772，传真：027-87681773")
    assert _is_sentence("联系人：张老师，电话：027-87681772")  # a name is words
    assert _is_sentence("请于3月1日前报名，逾期不候。")


def test_a_notice_printed_as_images_has_no_text_beside_a_code_line_in_the_header():
    raw = ("<html><head><title>西安工商学院-招生网</title></head><body>"
           "<div class='top'><p>学校标识码：4161013682，在陕招生代码：8045，专升本招生代码：033</p></div>"
           f"<ul>{MENU}</ul><div class='main'><div class='h1'>西安工商学院2026年本（专）科招生简章</div>"
           "<div>发布时间：2026-06-26 作者：西安工商学院</div>"
           "<div class='con'>" + "".join(f"<p><img src='/p{n}.png'></p>" for n in range(5)) + "</div></div>"
           f"{FOOTER}</body></html>").encode()
    record = extract(raw, URL)
    assert record.text == ""
    assert "images_only" in " ".join(record.confidence_reasons)


def test_the_block_of_a_notices_images_gives_its_headings_and_the_chrome_its_date():
    images = "".join(f"<p><input type='image' src='/files/{n}.png' width='700'></p>" for n in range(3))
    raw = ("<html><head><title>湖北省教育考试院</title></head><body>"
           f"<div class='wrap'><div class='header'><h1><a href='/'>湖北省教育考试院</a></h1><ul>{MENU}</ul></div>"
           "<div class='article'><h4>你的位置：首页 &gt;&gt; 普通高考 &gt;&gt; 正文</h4>"
           "<h2>湖北省2026年普通高考总分一分一段统计表—普通类</h2>"
           "<div class='panel'>发布日期：2026/6/25\n来源：湖北省招办</div>"
           f"<div class='article-box'><p><strong>【普通类-首选物理】</strong></p>{images}"
           f"<p><strong>【普通类-首选历史】</strong></p>{images}</div></div>{FOOTER}</div></body></html>").encode()
    record = extract(raw, URL)
    assert record.text == "【普通类-首选物理】\n【普通类-首选历史】"
    assert (record.published, record.source) == ("2026-06-25", "湖北省招办")


# A column page's frame: a sidebar of stage labels and dates (text outside links) beside the
# notice's block (heading, date line, a one-line body), a footer with a 主办 sentence below.
SIDEBAR = "".join(f"<div class='step'><div>{when}</div><div>{what}</div><a href='/s{i}/'>点击进入{what}专题</a></div>"
                  for i, (when, what) in enumerate((("2025年6月7日-9日", "普通高校招生全国统一考试"),
                                                    ("6月25日", "发布高考成绩与高考分数线划定"),
                                                    ("6月27日", "高考一分一段表公布"), ("7月", "按批次常规录取"))))
FRAMED = ("<html><head><title>湖北教育考试网</title></head><body><div class='frame'><div class='wd'>"
          f"<div class='side-left'>{SIDEBAR}</div><div class='main-right'>"
          "<div class='heading'>2026年普通高等学校招生计划</div>"
          "<div class='date'>发布日期：2026-05-26 09:15:32　来源：</div><div class='text'>持续更新中，敬请期待</div>"
          "</div></div><div class='copyright01'><div>欢迎批评指正 考生咨询电话：027-68880351</div>"
          "<div>湖北教育考试网，由湖北省教育考试院主办，欢迎各教育机构、媒体、高校、出版单位与我们合作！</div>"
          "<div>湖北教育考试网 版权所有</div></div></div></body></html>")


def test_the_block_printing_the_title_with_prose_wins_over_a_heavier_sidebar_without_prose():
    record = extract(FRAMED.encode(), URL)
    assert (record.title, record.published) == ("2026年普通高等学校招生计划", "2026-05-26T09:15:32")
    assert record.text == "持续更新中，敬请期待"
    # a one-line body is what the page shows: the footer's 主办 sentence is no text left outside
    assert "low_confidence" not in record.flags, record.confidence_reasons


def test_a_sidebar_holding_prose_is_no_frame_and_the_doubt_is_reported():
    # The sidebar's lines are sentences: the text may be split across the blocks, so the title
    # does not anchor; the descent by weight takes the sidebar, and the self-check says so.
    record = extract(FRAMED.replace("普通高校招生全国统一考试", "普通高校招生全国统一考试，请考生按时参加").encode(), URL)
    assert "持续更新中" not in record.text
    assert "low_confidence" in record.flags and record.confidence_reasons[0].startswith("link_dense")


# A VSB page as a site-ripper saved it: the body box wrapped again by a box of the same name
# that also holds the page's tail (the download list, 下一条, 【关闭】).
RIPPED = ("<html><head><title>博士定向培养协议书-研究生招生网</title></head><body>"
          "<div class='title'>博士定向培养协议书</div><div class='time'>2020-10-14</div>"
          "<div id='vsb_content'><div class='v_news_content'><div id='vsb_content'><div class='v_news_content'>"
          "<p>{body}</p></div></div>{between}<ul><li>附件【<a href='/download.jsp?wbfileid=1'>博士定向协议书.doc</a>】已下载"
          "<span>0</span>次</li></ul><dl><dd>上一条：<a href='/1507.htm'>硕士研究生复试思想政治品德考核表</a></dd></dl>"
          "<p>【<a href='javascript:window.close();'>关闭</a>】</p></div></div></body></html>")


def test_a_body_box_wrapped_again_around_the_download_list_is_read_inside():
    record = extract(RIPPED.format(body="博士定向培养协议书", between="").encode(), URL)
    assert record.text == "博士定向培养协议书"
    assert [a.title for a in record.attachments] == ["博士定向协议书.doc"]  # its files stay the record's


def test_an_outer_box_holding_a_sentence_beside_the_inner_one_is_the_body():
    between = "<p>现将协议书模板发布如下，请定向考生下载填写。</p>"
    record = extract(RIPPED.format(body="博士定向培养协议书", between=between).encode(), URL)
    assert "现将协议书模板发布如下，请定向考生下载填写。" in record.text.splitlines()


def test_a_heading_broken_over_two_lines_is_one_title_without_a_space():
    # <title> puts a space where the heading has a <br> (an e-paper's long title).
    raw = ("<html><head><title>天津日报数字报刊平台-中共天津市委关于制定天津市国民经济 和社会发展第十五个五年规划的建议"
           "</title></head><body><table><tr><td class='font01'>中共天津市委关于制定天津市国民经济<br>"
           f"和社会发展第十五个五年规划的建议</td></tr></table><div id='ozoom'>{TEXT}</div></body></html>").encode()
    assert extract(raw, URL).title == "中共天津市委关于制定天津市国民经济和社会发展第十五个五年规划的建议"
    # A heading printed as two blocks keeps the space <title> gives it (an issuer over the title).
    raw = ("<html><head><title>柘城县人民政府 关于给王召同志荣记个人三等功的决定</title></head><body>"
           "<div class='tit'><p>柘城县人民政府</p><p>关于给王召同志荣记个人三等功的决定</p></div>"
           f"<div>{TEXT}</div></body></html>").encode()
    assert extract(raw, URL).title == "柘城县人民政府 关于给王召同志荣记个人三等功的决定"
    # A space printed inside one line of the heading stays.
    raw = ("<html><head><title>书写扶贫故事 传承交大精神-新闻网</title></head><body>"
           f"<h1>书写扶贫故事 传承交大精神</h1><div>{TEXT}</div></body></html>").encode()
    assert extract(raw, URL).title == "书写扶贫故事 传承交大精神"


def test_a_source_label_quoted_in_a_disclaimer_is_no_source_and_the_origin_element_is():
    raw = ("<html><head><title>什么方式更适合一流大学选才 —中国教育在线</title></head><body>"
           "<div class='title'>什么方式更适合一流大学选才</div><div class='info'><div class='time'>2018-11-03</div>"
           f"<div class='origin'>中国教育在线</div></div><div class='TRS_Editor'>{TEXT}</div>"
           "<div class='mzsm'><p>① 凡本站注明“稿件来源：中国教育在线”的所有文字、图片和音视频稿件，版权均属本网所有。</p></div>"
           "</body></html>").encode()
    assert extract(raw, URL).source == "中国教育在线"
    assert fields.source(["凡本站注明“稿件来源：中国教育在线”的所有文字，版权均属本网所有"]) is None
    assert fields.source(["“双减”工作 来源：市教育局"]) == "市教育局"  # quotes closed before the label


def test_a_source_label_run_into_the_date_before_it_takes_the_next_line_as_its_value():
    # <span>发表时间：</span>2018-12-11<span>来源：</span>\n中国文明网: the value on the next line.
    assert fields.source(fields.label_lines(["发表时间： 2018-12-11来源：", "中国文明网"])) == "中国文明网"


def test_a_source_meta_tag_counts_where_the_page_prints_it_beside_the_title_or_date():
    head = ("<html><head><title>上海交通大学：创新劳动育人载体</title><meta name='source' content='上海市学校后勤协会'>"
            "</head><body>")
    raw = (head + "<div class='gj_titile'>上海交通大学：创新劳动育人载体</div><div class='gj_author'>上海市学校后勤协会</div>"
           f"<div class='gj_date'>2020年07月16日 15:13</div><div id='zw'>{TEXT}</div></body></html>")
    assert extract(raw.encode(), URL).source == "上海市学校后勤协会"
    # …a name printed after the date (2022年11月28日19:30 澎湃新闻) too…
    raw = (head.replace("上海市学校后勤协会", "澎湃新闻") + "<h1>上海交通大学：创新劳动育人载体</h1>"
           "<span class='time2'>2022年11月28日19:30&nbsp;&nbsp;<a href='https://example.cn/1'>澎湃新闻</a></span>"
           f"<div id='zw'>{TEXT}</div></body></html>")
    assert extract(raw.encode(), URL).source == "澎湃新闻"
    # …but a meta value the page does not print beside them is not read.
    raw = (head + "<h1>上海交通大学：创新劳动育人载体</h1><div>2020年07月16日 15:13</div>"
           f"<div id='zw'>{TEXT}</div><div class='foot'>上海市学校后勤协会</div></body></html>")
    assert extract(raw.encode(), URL).source is None


def test_a_heading_that_is_all_one_link_to_another_page_is_not_the_title():
    # A sidebar's <h1> links a topic page; <title> names the notice and the page prints it.
    raw = ("<html><head><title>科教结合演绎时尚“童装课”-综合新闻-上海科技报</title></head><body>"
           "<div class='side'><h1><a href='/zttitle/387.html'>人工智能    将如何改变</a></h1></div>"
           f"<div class='title_contentpage'>科教结合演绎时尚“童装课”</div><div>{TEXT}</div></body></html>").encode()
    assert extract(raw, URL).title == "科教结合演绎时尚“童装课”"
    # …while a heading linking the page itself is its title.
    raw = raw.replace(b"/zttitle/387.html", b"/a.html")
    assert extract(raw, URL).title == "人工智能 将如何改变"


def test_an_e_papers_classed_headline_is_the_title_not_its_kicker_or_its_pages_name():
    # <title> is a column and the headline; a kicker (p.title3) is printed above the headline.
    raw = ("<html><head><title>\n法治青春\n\n上海交大首期“青苗计划”学生骨干培训班开班\n</title></head><body>"
           "<td class='S12_b'><p class='title3'>书写扶贫故事  传承交大精神</p>"
           "<p class='title1'>上海交大首期“青苗计划”学生骨干培训班开班</p></td>"
           f"<div class='content_tt'>{TEXT}</div></body></html>").encode()
    assert extract(raw, URL).title == "上海交大首期“青苗计划”学生骨干培训班开班"
    # <title> is all branding, printed nowhere: the classed headline, not the edition's page
    # name or a row of links classed as titles too.
    raw = ("<html><head><title>《中国教育报》电子版 - 中国教育新闻网 - 记录教育每一天! www.jyb.cn 教育部直属出版机构"
           "</title></head><body><span class='tit02'><a href='http://paper.example.cn'>返回首页</a> | "
           "<a href='http://www.example.cn/ad.html'>广告刊例</a></span><div class='title01'>第02版：五一·特刊</div>"
           "<table><tr><td class='title1'>季自军：用心“玩”出疫情防控新花样</td></tr></table>"
           f"<div class='content_tt'>{TEXT}</div></body></html>").encode()
    assert extract(raw, URL).title == "季自军：用心“玩”出疫情防控新花样"


def test_a_title_tag_the_page_heads_itself_with_beats_a_related_items_classed_title():
    raw = ("<html><head><title>大学专业怎么选？00后们视野更加广阔，更勇于“走出去”</title></head><body>"
           "<h5 id='title'>大学专业怎么选？00后们视野更加广阔，更勇于“走出去”</h5><div class='dateTips'>2019-06-17</div>"
           f"<div class='mainP'>{TEXT}</div><ul><li><div class='item-title hasimg'>定了！2022年前普通高中全面实施新课程、使用新教材"
           "</div></li></ul></body></html>").encode()
    assert extract(raw, URL).title == "大学专业怎么选？00后们视野更加广阔，更勇于“走出去”"


def test_an_e_papers_story_list_linking_the_story_shown_does_not_make_its_title_a_menu_item():
    page = "http://127.0.0.1/html/2019-05/21/content_88306.html"
    raw = ("<html><head><title>\n520 高校师生用歌声表白祖国\n</title></head><body><ul>"
           "<li><a href='./content_88306.html'>520 高校师生用歌声表白祖国</a></li>"
           "<li><a href='./content_88311.html'>“消防新人”为另一半打造专属婚礼</a></li></ul>"
           "<td class='S12_b'><p class='title3'></p><p class='title1'>520 高校师生用歌声表白祖国</p>"
           f"<p class='title6'>青年报记者 刘昕璐</p></td><div class='content_tt'>{TEXT}</div></body></html>").encode()
    assert extract(raw, page).title == "520 高校师生用歌声表白祖国"


def test_an_outlet_printed_beside_the_date_under_the_title_is_the_source():
    title = "上海交大师生暖心快闪献礼新中国70周年华诞"
    for line, source, published in ((["2019-01-02 21:11 光明日报客户端 曹继军 魏娜"], "光明日报客户端", "2019-01-02T21:11"),
                                    (["上海热线 2020-10-05 12:14:47"], "上海热线", "2020-10-05T12:14:47"),
                                    (["中国新闻网", "2019-10-18 16:27:30"], "中国新闻网", "2019-10-18T16:27:30"),
                                    ):
        assert fields.byline([title, *line], title) == (published, source)
    assert fields.byline([title, "热点新闻", "2019-10-18 16:27:30"], title) == (None, None)  # a column, not an outlet


def test_a_pictures_credit_is_no_source_and_a_font_widget_ends_a_source():
    assert fields.source(["上海交通大学首届“专项计划生筑力学习先修营”。图片来源：上海交通大学", "来源：界面新闻"]) == "界面新闻"
    assert fields.source(["视频来源：央视新闻", "照片来源：本报记者"]) is None
    assert fields.source(["2019/05/16 21:47来源：界面新闻字体：宋"]) == "界面新闻"


def test_a_yearless_time_under_the_heading_refines_the_day_read_elsewhere():
    # m.haiwainet: `来源：央广网 07-05 11:09` under the heading; the year is the URL's (and a
    # publishdate meta's, a day only: it must not stop the refinement).
    raw = ("<html><head><title>青年汇聚2019香港青年学生交流活动举办</title><meta name='publishdate' content='2019-07-05'></head>"
           "<body><h1>青年汇聚2019香港青年学生交流活动举办</h1><div class='abs'><span>来源：央广网</span> "
           f"<span class='time'>07-05 11:09</span></div><div class='con'>{TEXT}</div></body></html>").encode()
    record = extract(raw, "https://m.example.cn/middle/3543159/2019/0705/content_31587488_1.html")
    assert record.published == "2019-07-05T11:09"
    assert fields.day_time(["央广网 07-06 11:09"], "2019-07-05") is None  # another day's time


def test_a_byline_under_any_copy_of_the_title_and_a_feeds_sources_are_not_the_pages():
    title = "“5G+XR”展现“城市之巅”，虚拟现实描绘“心中上海”"
    feed = "".join(f"<li><a href='/a/{n}.html'>另一篇新闻标题第{n}篇的内容</a><span class='rel'>来源：{src}</span></li>"
                   for n, src in enumerate(("新民网", "解放网", "领导者客户端"), 1))
    raw = (f"<html><head><title>{title}</title></head><body><div class='share' style='x'><p>{title}</p><p>分享到微信</p></div>"
           f"<div class='title_detail'><h1><span>{title}</span></h1><div class='fl'><i>2019-09-02 18:57</i> <a href='/u'>东方网</a>"
           f"</div></div><div id='J-contain_detail_cnt'>{TEXT}</div><ul class='recommend'>{feed}</ul></body></html>").encode()
    record = extract(raw, "http://127.0.0.1/a/190902185712510.html")
    assert (record.published, record.source) == ("2019-09-02T18:57", "东方网")


def test_a_schema_org_date_published_dates_a_page_that_prints_no_full_date():
    ld = '{"@context":"http://schema.org","@type":"NewsArticle","headline":"x","datePublished":"2020-09-19T08:47:20Z"}'
    raw = ("<html><head><title>上海交大城市文化传播中心推出首批重要成果</title>"
           f"<script type='application/ld+json'>{ld}</script></head><body><h1>上海交大城市文化传播中心推出首批重要成果</h1>"
           f"<div class='author'><span>央广网新闻</span><div class='pubtime'>09-19 16:47</div></div><div>{TEXT}</div></body></html>")
    # UTC 08:47 is 16:47 in Beijing, the minute the page prints.
    assert extract(raw.encode(), "https://xw.example.com/cmsid/20200919A0CWBM00").published.startswith("2020-09-19T16:47")
    broken = raw.replace(ld, '{"datePublished": ')  # a malformed block says nothing
    assert extract(broken.encode(), "https://xw.example.com/cmsid/x").published is None
