"""Extraction confidence: evidence lowers it, low confidence is flagged, and a crawl's
extract pipeline turns the flag into a problem row that the run counts."""

from __future__ import annotations

from datetime import datetime

from archive.store import Archive
from crawler.extract import extract
from crawler.extract.confidence import LOW_CONFIDENCE, Evidence, is_chrome_line, judge
from crawler.items import FetchedNotice
from crawler.pipelines.extract import ExtractPipeline

NOTICE = ("<html><head><title>关于做好2023年秋季学期开学工作的通知_市教育局</title></head><body>"
          "<div class='nav'><a href='/'>首页</a> <a href='/a'>机构概况</a> <a href='/b'>政务公开</a></div>"
          "<div class='article'><h1>关于做好2023年秋季学期开学工作的通知</h1>"
          "<div class='info'>发布时间：2023-08-25 来源：市教育局</div>"
          "<div id='zoom'><p>各区教育局、各直属学校：</p><p>现就做好2023年秋季学期开学工作有关事项通知如下，请认真贯彻落实。</p>"
          "<p>一、切实做好校园安全排查，开学前完成校舍、食堂、宿舍的安全检查。</p><p>市教育局</p><p>2023年8月25日</p>"
          "</div></div><div class='foot'>版权所有：市教育局 网站标识码：4400000001</div></body></html>")
MENU_ITEMS = ["学校概况", "机构设置", "领导信息", "通知公告", "工作动态", "政策法规", "招生考试", "教师发展",
              "学生资助", "规划计划", "财政信息", "人事信息", "建议提案", "政府采购", "应急管理", "专题专栏"]
MENU_PAGE = ("<html><head><title>市教育局</title></head><body><div class='main'><ul>"
             + "".join(f"<li><a href='/c{i}'>{w}栏目内容列表页面入口链接{w}</a></li>" for i, w in enumerate(MENU_ITEMS))
             + "</ul></div></body></html>")


def test_a_clean_notice_is_trusted():
    record = extract(NOTICE.encode(), "http://127.0.0.1/tzgg/1.html")
    assert record.confidence >= 0.9, record.confidence_reasons
    assert "low_confidence" not in record.flags


def test_a_menu_taken_for_the_body_is_flagged_with_its_reasons():
    record = extract(MENU_PAGE.encode(), "http://127.0.0.1/index.html")
    assert record.confidence < LOW_CONFIDENCE
    assert "low_confidence" in record.flags
    assert any(reason.startswith(("link_dense", "fallback", "no_body")) for reason in record.confidence_reasons)
    assert any(reason.startswith("no_date") for reason in record.confidence_reasons)


def test_a_title_unlike_the_list_pages_lowers_confidence():
    same = extract(NOTICE.encode(), "http://127.0.0.1/1.html", hints={"title": "关于做好2023年秋季学期开学工作的…"})
    other = extract(NOTICE.encode(), "http://127.0.0.1/1.html", hints={"title": "2024年市级优秀教师拟表彰名单公示"})
    assert same.confidence_reasons == []
    assert other.confidence < same.confidence
    assert any(reason.startswith("title_mismatch") for reason in other.confidence_reasons)


def test_each_piece_of_evidence_lowers_confidence():
    clean = Evidence(title="关于开学工作的通知", hint_title=None, published="2023-08-25",
                     body_lines=["各学校：现将有关事项通知如下。" * 3], link_texts=frozenset({"首页"}),
                     page_cjk=200, attachments=0, fallback=False)
    assert judge(clean).value == 1.0
    for change in ({"published": None}, {"title": None}, {"link_texts": frozenset({"各学校：现将有关事项通知如下。" * 3})}, {"fallback": True},
                   {"body_lines": ["首页 网站地图 联系我们"] * 3 + clean.body_lines},
                   {"body_lines": ["详见。"], "page_cjk": 3000}):
        worse = judge(Evidence(**{**clean.__dict__, **change}))
        assert worse.value < 1.0 and worse.reasons, change


def test_the_crawl_records_a_low_confidence_problem_that_the_run_counts(tmp_path):
    item = FetchedNotice(portal_id="demo_edu", url="http://127.0.0.1/index.html", status=200,
                         body=MENU_PAGE.encode(), fetched_at=datetime(2023, 8, 25))
    item = ExtractPipeline().process_item(item)
    assert [(url, kind) for url, kind, _ in item.problems] == [("http://127.0.0.1/index.html", "low_confidence")]
    assert "no_date" in item.problems[0][2]
    with Archive(f"sqlite:///{tmp_path / 'archive.db'}") as archive:
        archive.register_portal({"id": "demo_edu", "name": "Demo"})
        run_id = archive.start_run("demo_edu")
        url, kind, message = item.problems[0]
        archive.record_error(portal_id="demo_edu", run_id=run_id, url=url, kind=kind, message=message)
        run = archive.finish_run(run_id, "finished")
        assert (run.errors, run.extraction_failures, run.status) != (0, 0, "ok")
        assert run.extraction_failures == 1


def test_a_title_that_is_the_sites_name_lowers_confidence():
    clean = Evidence(title="南京住房公积金管理中心", hint_title=None, published="2023-08-25",
                     body_lines=["各单位：现将有关事项通知如下。" * 3], link_texts=frozenset(), page_cjk=200,
                     attachments=0, fallback=False, site_name="南京住房公积金管理中心")
    verdict = judge(clean)
    assert verdict.value < 1.0 and verdict.reasons[0].startswith("title_is_site_name")


def test_a_site_name_taken_for_the_title_is_doubted():
    """The site's owner named in the footer, or a bare organisation name, is no notice's title."""
    page = NOTICE.replace("<h1>关于做好2023年秋季学期开学工作的通知</h1>", "").replace(
        "关于做好2023年秋季学期开学工作的通知_市教育局", "北京市海淀区教师进修学校").replace(
        "版权所有：市教育局", "版权所有：北京市海淀区教师进修学校")
    record = extract(page.encode(), "http://127.0.0.1/1.html")
    assert record.title == "北京市海淀区教师进修学校"  # the page gives nothing better
    assert "low_confidence" in record.flags
    assert any(reason.startswith("title_in_footer") for reason in record.confidence_reasons)
    clean = Evidence(title="福建民间组织信息网", hint_title=None, published="2023-08-25", body_lines=["现将有关事项通知如下。"],
                     link_texts=frozenset(), page_cjk=200, attachments=0, fallback=False)
    assert [r.split()[0] for r in judge(clean).reasons] == ["title_is_org_name"]
    assert judge(Evidence(**{**clean.__dict__, "title": "北京市教育委员会关于开展校园安全检查工作的通知"})).reasons == []


def test_a_title_cut_inside_its_brackets_is_doubted():
    cut = Evidence(title="重庆广播电视大学2020年秋季招生工作方案》的通知", hint_title=None, published="2023-08-25",
                   body_lines=["现将有关事项通知如下。"], link_texts=frozenset(), page_cjk=200, attachments=0, fallback=False)
    assert [r.split()[0] for r in judge(cut).reasons] == ["title_cut"]
    whole = Evidence(**{**cut.__dict__, "title": "关于印发《重庆广播电视大学2020年秋季招生工作方案》的通知"})
    assert judge(whole).reasons == []


def test_a_date_that_no_label_or_heading_shows_is_doubted():
    ev = Evidence(title="关于开学工作的通知", hint_title=None, published="2019-09-16", body_lines=["现将有关事项通知如下。"],
                  link_texts=frozenset(), page_cjk=200, attachments=0, fallback=False,
                  page_lines=["关于开学工作的通知", "发布时间：2019-11-06 点击：12", "其他通知 2019-09-16"])
    assert [r.split()[0] for r in judge(ev).reasons] == ["date_unlabelled"]
    assert judge(ev).low
    for shown in ({"published": "2019-11-06"}, {"page_lines": ["关于开学工作的通知 2019-09-16"]},
                  {"page_lines": ["2019年9月16日"]}, {"page_dates": ["2019-09-16 10:00"]}):
        assert judge(Evidence(**{**ev.__dict__, **shown})).reasons == [], shown


def test_a_notice_that_is_only_its_attachment_is_not_link_dense():
    ev = Evidence(title="关于调整住房公积金贷款政策的意见", hint_title=None, published="2022-08-08",
                  body_lines=["关于调整住房公积金贷款政策的意见.pdf"], link_texts=frozenset({"关于调整住房公积金贷款政策的意见.pdf"}),
                  page_cjk=200, attachments=1, fallback=False)
    assert judge(ev).reasons[0].startswith("link_dense")
    assert judge(Evidence(**{**ev.__dict__, "attachment_titles": ev.link_texts})).reasons == []


def test_a_date_shown_with_a_two_digit_year_is_shown():
    ev = Evidence(title="关于开学工作的通知", hint_title=None, published="2013-04-22", body_lines=["现将有关事项通知如下。"],
                  link_texts=frozenset(), page_cjk=200, attachments=0, fallback=False,
                  page_lines=["关于开学工作的通知", "| 13-04-22 | 【大 中 小】【打印】【关闭】"])
    assert judge(ev).reasons == []
    assert judge(Evidence(**{**ev.__dict__, "published": "2013-04-21"})).reasons[0].startswith("date_unlabelled")


def test_a_signature_or_url_date_on_a_page_labelling_no_date_is_not_doubted():
    """Nothing on the page says otherwise: the signature (or URL) date is the best there is; a
    mirror's date lines show its own posting date, not the notice's."""
    ev = Evidence(title="关于开学工作的通知", hint_title=None, published="2021-09-06", body_lines=["现将有关事项通知如下。"],
                  link_texts=frozenset(), page_cjk=200, attachments=0, fallback=False,
                  page_lines=["关于开学工作的通知", "来源：昆山市教育局", "其他通知 2021-08-30"])
    assert judge(ev).reasons == []
    mirror = Evidence(**{**ev.__dict__, "page_lines": ["发表时间：2021-09-10"], "mirror_posted": "2021-09-10T08:00"})
    assert judge(mirror).reasons == []


def test_an_official_notice_without_a_date_is_flagged_a_repost_without_one_is_not():
    ev = Evidence(title="关于开学工作的通知", hint_title=None, published=None, body_lines=["现将有关事项通知如下。"],
                  link_texts=frozenset(), page_cjk=200, attachments=0, fallback=False,
                  page_lines=["关于开学工作的通知", "发布时间：2021年8月30日 浏览次数：12"])
    assert judge(ev).low and judge(ev).reasons == ["no_date (the page shows 2021年8月30日)"]
    assert not judge(Evidence(**{**ev.__dict__, "mirror": True})).low
    # a date only in the body (its signature) or in the date metadata is one the page shows too
    signed = Evidence(**{**ev.__dict__, "page_lines": [], "body_lines": ["现将有关事项通知如下。", "2021年8月30日"]})
    assert judge(signed).low
    assert judge(Evidence(**{**ev.__dict__, "page_lines": [], "page_dates": ["2021-08-30"]})).low


def test_a_page_that_shows_no_date_anywhere_says_so_without_a_flag():
    # nothing to miss: the record's empty date is what the page holds (a 规章制度 page, a 指南)
    ev = Evidence(title="学生申诉办法", hint_title=None, published=None, body_lines=["第一条 为保障学生合法权益。"],
                  link_texts=frozenset(), page_cjk=200, attachments=0, fallback=False,
                  page_lines=["学生申诉办法", "版权所有 2003-2024"])
    confidence = judge(ev)
    assert confidence.reasons == ["no_date (the page shows no date)"] and not confidence.low
    # with other doubt it still counts: a short body on a full page
    assert judge(Evidence(**{**ev.__dict__, "page_cjk": 2000, "longest_outside": 90})).low


def test_a_sentence_naming_a_home_page_is_prose_not_chrome():
    assert not is_chrome_line("（1）教职工户口簿首页、户主页（教职工本人页）及适龄儿童户口页。")
    assert not is_chrome_line("1.点击：www.cnki.net，进入中国知网首页。")
    assert is_chrome_line("首页 > 通知公告")
    assert is_chrome_line("版权所有：某某市教育局，地址：某某路1号")
    assert is_chrome_line("网站首页 | 网站地图 | 联系我们。")


def test_a_body_holding_the_heading_and_its_date_line_below_other_lines_is_doubted():
    # The container reached above the notice: a sidebar's lines, then the page's heading and
    # date line inside the body. A document's own heading (no 发布日期 line under it) is not.
    sidebar = ["2025年6月7日-9日", "普通高校招生全国统一考试", "发布高考成绩"]
    title, dated = "2026年普通高等学校招生计划", "发布日期：2026-05-26 09:15:32 来源："
    evidence = dict(title=title, hint_title=None, published="2026-05-26T09:15:32", link_texts=frozenset(),
                    page_cjk=300, attachments=0, fallback=False)
    framed = judge(Evidence(body_lines=[*sidebar, title, dated, "持续更新中，敬请期待"], **evidence))
    assert framed.low and framed.reasons[0].startswith("heading_inside"), framed.reasons
    own = judge(Evidence(body_lines=["鄂教考〔2026〕3号", title, "各市、州招生办公室：现将计划印发给你们。"], **evidence))
    assert not own.low and not own.reasons


def test_a_body_of_marks_alone_is_no_body():
    ev = Evidence(title="关于开学工作的通知", hint_title=None, published="2023-08-25", body_lines=["#"],
                  link_texts=frozenset(), page_cjk=200, attachments=0, fallback=False)
    assert judge(ev).low and judge(ev).reasons == ["no_body (only '#')"]
    assert not judge(Evidence(**{**ev.__dict__, "body_lines": ["2023"]})).low  # digits are text


def test_a_date_far_from_the_list_rows_is_doubted():
    # paper.people-like: the page's date read from another article's line (2013) while the
    # list row shows 2020: flagged, with both dates named; a day or two apart is no doubt
    ev = Evidence(title="关于开学工作的通知", hint_title=None, published="2013-07-17", body_lines=["现将有关事项通知如下。"],
                  link_texts=frozenset(), page_cjk=200, attachments=0, fallback=False,
                  page_lines=["发布时间：2013-07-17"], hint_published="2020-08-17")
    confidence = judge(ev)
    assert confidence.low and confidence.reasons == [
        "date_mismatch (2013-07-17; the list page shows 2020-08-17, 2588 days apart)"]
    assert judge(Evidence(**{**ev.__dict__, "hint_published": "2013-07-18"})).reasons == []
    # a mirror's list shows its own posting dates: no doubt from them
    assert judge(Evidence(**{**ev.__dict__, "mirror": True})).reasons == []


def test_extraction_with_a_list_date_far_from_the_pages_flags_the_record():
    page = ("<html><head><title>关于开学工作的通知</title></head><body><h1>关于开学工作的通知</h1>"
            "<p>发布时间：2013-07-17</p><div class='content'><p>现将有关事项通知如下，请各校认真组织落实。</p>"
            "<p>一、各学校要按照要求认真做好开学工作，确保各项安排落实到位。</p></div></body></html>")
    record = extract(page.encode(), "http://127.0.0.1/tz/1.html", hints={"published": "2020-08-17"})
    assert record.published == "2013-07-17" and "low_confidence" in record.flags
    assert any(r.startswith("date_mismatch") for r in record.confidence_reasons)
    assert "low_confidence" not in extract(page.encode(), "http://127.0.0.1/tz/1.html",
                                           hints={"published": "2013-07-17"}).flags


def test_a_meta_date_printed_nowhere_and_far_from_the_urls_is_doubted_or_dropped():
    # 人民日报's e-paper template: publishdate 2013-07-17 on a page at /2020-08/17/ that prints
    # no date of its own: a stale system stamp, so the URL's day is the date.
    page = ("<html><head><title>加快推进大学人才培养体系改革</title><meta name='publishdate' content='2013-07-17'>"
            "</head><body><h1>加快推进大学人才培养体系改革</h1><div class='content'>"
            "<p>现将有关事项通知如下，请各校认真组织落实。</p><p>一、各学校要按照要求认真做好开学工作，确保各项安排落实到位。</p>"
            "</div></body></html>")
    url = "http://127.0.0.1/rmrb/html/2020-08/17/nw.D110000renmrb_20200817_2-09.htm"
    assert extract(page.encode(), url).published == "2020-08-17"
    # A PubDate (the government meta, read before the URL) so far from it is kept, and doubted.
    record = extract(page.replace("publishdate", "PubDate").encode(), url)
    assert record.published == "2013-07-17" and "low_confidence" in record.flags
    assert any(r.startswith("date_url_mismatch (2013-07-17") for r in record.confidence_reasons)
    # The same date printed on the page (a reposted document's date) is the page's word: no doubt.
    printed = page.replace("publishdate", "PubDate").replace("<div class='content'>", "<p>2013年7月17日</p><div class='content'>")
    assert "low_confidence" not in extract(printed.encode(), url).flags
    # …nor a URL holding no date.
    assert "low_confidence" not in extract(page.encode(), "http://127.0.0.1/rmrb/a.htm").flags


def test_a_body_of_the_pages_metadata_is_doubted_but_a_notices_own_label_lines_are_not():
    base = dict(title="关于公开采购项目的公告", hint_title=None, published="2025-05-21", link_texts=frozenset(),
                page_cjk=300, attachments=0, fallback=False, page_lines=["发布日期：2025-05-21"])
    meta = ["索引号：11120000MB1234567X/2025-00012", "发布机构：市教育局", "公开方式：主动公开", "公开范围：全社会",
            "成文日期：2025-05-20", "现将有关事项公告如下。"]
    confidence = judge(Evidence(body_lines=meta, **base))
    assert confidence.low and confidence.reasons[0].startswith("metadata_body (5 of 6")
    own = ["项目名称：南开大学红外量子密钥分配原理教学系统采购项目", "项目编号：NK2024H099N", "采购人：南开大学",
           "联系人：满老师", "电话：022-23508050", "现将更正事项公告如下。"]
    assert judge(Evidence(body_lines=own, **base)).reasons == []
