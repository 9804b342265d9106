"""Metadata rules (date, title, 来源/发布机构/文号) added in answer to real pages; each rule on a
small page built the way the real ones are (the real pages are asserted in
tests/realweb/test_tune_pages.py)."""

from __future__ import annotations

from crawler.extract import extract, fields

BODY = "".join(f"<p>{n}、各单位要按照要求认真做好住房公积金缴存基数调整工作，确保政策落实到位。</p>" for n in "一二三")
SIGNED = "<p>市住房公积金管理中心</p><p>2018年5月7日</p>"
URL = "http://127.0.0.1/a.html"


def page(head: str = "", before: str = "", body: str = BODY, after: str = "", title: str = "市住房公积金管理中心") -> bytes:
    return (f"<html><head><title>{title}</title>{head}</head><body>{before}"
            f"<div class='TRS_Editor'>{body}</div>{after}</body></html>").encode()


def test_seconds_on_the_page_refine_a_pubdate_giving_the_minute():
    raw = page(head='<meta name="PubDate" content="2020-12-08 16:40">', before="<span>时间 : 2020-12-08 16:40:34</span>")
    assert extract(raw, URL).published == "2020-12-08T16:40:34"
    raw = page(head='<meta name="PubDate" content="2020-12-08 16:40">', before="<span>时间 : 2020-12-08 16:41:34</span>")
    assert extract(raw, URL).published == "2020-12-08T16:40"  # another minute's seconds are not this one's
    raw = page(before="<div>发布时间：2023-10-09 09:00</div><time datetime='2023-10-09T09:00:00'>10月9日</time>")
    assert extract(raw, URL).published == "2023-10-09T09:00"  # a machine stamp's :00 is not shown


def test_a_date_and_time_line_under_the_title_beats_the_signature_date():
    raw = page(before="<h1>关于举办培训班的通知</h1><p><span>2018-05-09 09:14:31</span></p>", body=BODY + SIGNED)
    assert extract(raw, URL).published == "2018-05-09T09:14:31"
    raw = page(before="<h1>关于举办培训班的通知</h1><p>热点新闻</p><p><span>2018-05-09</span></p>", body=BODY + SIGNED)
    assert extract(raw, URL).published == "2018-05-07"  # a bare day away from the title, no time, no label


def test_a_one_digit_second_is_read_as_the_page_shows_it():
    assert fields.meta_date("2020-08-26 14:55:0") == "2020-08-26T14:55:00"
    assert fields.date_line_time(["2020-08-26 14:55:0"]) == "2020-08-26T14:55:00"


def test_a_publication_label_needs_no_colon_when_the_date_follows_it():
    assert fields.labelled_date(["[发布时间2019年11月6日]"], fields.PUBLISHED_LABELS) == "2019-11-06"
    assert fields.labelled_date(["发布时间不详，2019年11月6日"], fields.PUBLISHED_LABELS) is None


def test_a_date_quoted_at_the_top_of_the_body_yields_to_the_pages_pubdate():
    # A reposted document's header (来源/日期) inside the content; the page's own 时间 and PubDate outside.
    raw = page(head='<meta name="PubDate" content="2017-11-29 10:47">',
               before="<div>来源：安图县林业局 时间：2017-11-29 10:47</div>",
               body="<h2><div>来源： 吉林省林业厅</div><div>日期：2017-11-14</div></h2>" + BODY)
    assert extract(raw, URL).published == "2017-11-29T10:47"
    raw = page(head='<meta name="PubDate" content="2025-10-12 22:43:17">', before="<div>日期：2022-11-28 来源：证监会</div>")
    assert extract(raw, URL).published == "2022-11-28"  # a 日期 around the body still beats a PubDate


def test_a_value_a_script_writes_after_a_label_in_the_page_text_is_read():
    script = "<script>var pubdata='2018年04月13日'; if(pubdata!=''){ document.write(pubdata); }</script>"
    raw = page(before=f"<div class='toolbar'>发布时间：{script} 字体：小 中 大</div>", body=BODY + SIGNED)
    assert extract(raw, URL).published == "2018-04-13"
    script = "<script>var ly = ''; if(ly == ''){ly=\"长春市人民政府\";} document.write(ly);</script>"
    raw = page(before=f"<div>时间：2020-09-23 17:39 来源：{script}</div>")
    assert extract(raw, URL).source == "长春市人民政府"
    raw = page(before="<div>时间：2020-09-23 17:39 <script>var ly = '长春市'; document.write(ly);</script></div>")
    assert extract(raw, URL).source is None  # no label before the script: the value is nobody's


def test_of_the_headings_title_contains_the_longest_is_the_notice_not_the_logo():
    raw = page(title="关于反馈教师技能大赛抽测情况的通知 - 北京市海淀区教师进修学校",
               before="<h1 class='am-header-title'><a href='index.html'>北京市海淀区教师进修学校</a></h1>"
                      "<h1 class='am-article-title'>关于反馈教师技能大赛抽测情况的通知</h1>")
    assert extract(raw, URL).title == "关于反馈教师技能大赛抽测情况的通知"


def test_a_title_holding_a_separator_is_read_whole_where_the_page_prints_it():
    printed = "渝电大招〔2020〕6号--关于印发《合川电大-重庆电大2020年秋季招生工作方案》的通知"
    raw = page(title=f"{printed}-远程教育中心", before=f"<table><tr><td style='font-weight:bold'>{printed}</td></tr></table>")
    assert extract(raw, URL).title == printed
    raw = page(title="桥山中学校园文化建设2014-2018五年规划_发展规划_桥山中学",
               before="<h4 class='dttitle04'>桥山中学校园文化建设2014-2018五年规划</h4>")
    assert extract(raw, URL).title == "桥山中学校园文化建设2014-2018五年规划"
    # Without the printed block, the longest part of <title> is still the answer.
    raw = page(title="关于开展校园文化建设评比的通知-发展规划-桥山中学", before="<h4>发展规划</h4>")
    assert extract(raw, URL).title == "关于开展校园文化建设评比的通知"


def test_when_title_is_only_the_source_the_line_over_the_date_line_is_the_title():
    before = ("<p>您当前的位置：<a href='/'>首页</a> > <a href='../'>通知公告</a></p>"
              "<p style='font-size:24px'>民政部关于印发《关于规范基金会行为的若干规定（试行）》的通知</p>"
              "<div>时间：2020-04-13 09:54:41 来源：<a href='#'>中国福建信息网-福建民间组织信息网</a></div>")
    raw = page(title="福建信息网-福建民间组织信息网", before=before)
    assert extract(raw, URL).title == "民政部关于印发《关于规范基金会行为的若干规定（试行）》的通知"
    # A date that is a row of a metadata table has no title over it.
    table = ("<table><tr><td>发布机构：</td><td>福建民间组织信息网</td></tr>"
             "<tr><td>发布日期：</td><td>2020-04-13</td></tr></table>")
    raw = page(title="福建信息网-福建民间组织信息网", before=table + "<div>来源：中国福建信息网-福建民间组织信息网</div>")
    assert not extract(raw, URL).title.startswith("发布机构")
    # A <title> that is not the page's 来源 stays the title.
    raw = page(title="福建民间组织信息网-基金会年检结果公告", before=before)
    assert extract(raw, URL).title == "基金会年检结果公告"


def test_a_doc_number_in_brackets_with_its_signing_date_is_the_doc_number():
    assert fields.doc_number(["（民发〔2012〕124号 2012年7月10日）"]) == "民发〔2012〕124号"
    assert fields.doc_number(["（国发〔2012〕12号）"]) == "国发〔2012〕12号"
    assert fields.doc_number(["（民发〔2012〕124号）要求各地认真执行"]) is None  # a sentence citing it


def test_a_red_head_masthead_over_the_doc_number_names_the_issuer():
    assert fields.masthead_issuer(["重庆广播电视大学文件", "渝电大招〔2020〕6号", "关于印发…的通知"]) == "重庆广播电视大学"
    assert fields.masthead_issuer(["重 庆 广 播 电 视 大 学", "校远教函〔2020〕65号"]) == "重庆广播电视大学"
    assert fields.masthead_issuer(["关于举办培训班的通知", "校远教函〔2020〕65号"]) is None  # not a name
    assert fields.masthead_issuer(["重庆广播电视大学", "二〇二〇年七月"]) is None  # no 文号 under it
    body = "<p>重庆广播电视大学文件</p><p>渝电大招〔2020〕6号</p>" + BODY
    record = extract(page(body=body), URL)
    assert (record.issuer, record.doc_number) == ("重庆广播电视大学", "渝电大招〔2020〕6号")
    body = "<p>发布机构：市教育局</p><p>重庆广播电视大学文件</p><p>渝电大招〔2020〕6号</p>" + BODY
    assert extract(page(body=body), URL).issuer == "市教育局"  # a label says it first


def test_an_unlabelled_byline_under_the_title_gives_the_date_and_the_source():
    before = "<h4 class='dttitle04'>福田区2017年小学一年级新生报名指南</h4><span>2017-04-10 &nbsp; 蒲城县北关小学</span>"
    record = extract(page(before=before, title="福田区2017年小学一年级新生报名指南_蒲城县北关小学"),
                     "http://127.0.0.1/t20190515_112154.html")
    assert (record.published, record.source) == ("2017-04-10", "蒲城县北关小学")
    before = "<h4>福田区2017年小学一年级新生报名指南</h4><span>2017-04-10 阅读全文请点击</span>"
    record = extract(page(before=before, title="福田区2017年小学一年级新生报名指南_蒲城县北关小学"), URL)
    assert (record.published, record.source) == ("2017-04-10", None)  # not a name: no source
    assert fields.byline(["其他通知", "2017-04-10 蒲城县北关小学"], "福田区2017年报名指南") == (None, None)


def test_a_source_run_together_with_a_posting_label_stops_there():
    assert fields.source(["文章来源：合肥日报发表时间：2021-04-06 10:14点击量："]) == "合肥日报"


def test_an_empty_label_never_takes_the_first_line_of_the_text_as_its_value():
    for text in ("第一章 总则", "附件2：", "一、总体要求", "（一）适用范围"):
        assert fields.source(fields.label_lines(["来源:", text])) is None
    assert fields.source(fields.label_lines(["来源：", "市教育局"])) == "市教育局"


LONG = "<p>" + "为切实做好住房公积金缴存工作，" * 5 + "现将有关事项通知如下。</p>"  # prose: the label block has ended


def test_a_source_line_after_the_signature_is_a_field_not_text():
    body = (LONG + BODY + BODY + "<p>市住房公积金管理中心</p><p>2024年3月1日</p>"
            "<p class='source'>文章来源：<a>德宏州人民政府办公室</a></p>")
    record = extract(page(body=body), URL)
    assert record.source == "德宏州人民政府办公室"
    assert "文章来源" not in record.text and record.text.endswith("2024年3月1日")
    body = LONG + BODY + BODY + "<p>本通知所称来源：指资金的来源渠道。</p>"
    assert extract(page(body=body), URL).source is None  # a sentence, not a label-only line


def test_a_two_digit_year_between_a_bylines_bars_is_the_date():
    before = "<table><tr><td class='font03'> | 16-09-29 |  【<a>大</a> <a>中</a> <a>小</a>】【打印】【关闭】</td></tr></table>"
    assert extract(page(before=before), "http://127.0.0.1/kpdt/201706/t20170602_4807229.html").published == "2016-09-29"
    assert fields.short_year_date(["电话：0571-16-09-29"]) is None  # no bars: not a byline date
    assert fields.short_year_date(["| 16-13-29 |"]) is None  # no 13th month
