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


def test_a_date_and_time_line_under_the_title_beats_the_signature_date():
    raw = page(before="<h1>关于举办培训班的通知</h1><p><span>2018-05-09 09:14:31</span></p>", body=BODY + SIGNED)
    assert extract(raw, URL).published == "2018-05-09T09:14:31"
    raw = page(before="<h1>关于举办培训班的通知</h1><p><span>2018-05-09</span></p>", body=BODY + SIGNED)
    assert extract(raw, URL).published == "2018-05-07"  # a bare day with no time and no label stays unread


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
