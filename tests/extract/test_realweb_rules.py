"""Rules added in answer to real pages (tests/realweb/detail/tune), each on a small page
made the way the real one is built; the real pages themselves are asserted in
tests/realweb/test_tune_pages.py."""

from __future__ import annotations

import lxml.html

from crawler.extract import extract, fields
from crawler.extract.html import drop_chrome_blocks, strip_invisible
from crawler.extract.linerules import clean_lines, cut_related_tail

BODY = "".join(f"<p>{n}、各单位要按照要求认真做好住房公积金缴存基数调整工作，确保政策落实到位。</p>" for n in "一二三")


def page(head: str = "", before: str = "", body: str = BODY, after: str = "", title: str = "市住房公积金管理中心") -> bytes:
    return (f"<html><head><title>{title}</title>{head}</head><body>{before}"
            f"<div class='TRS_Editor'>{body}</div>{after}</body></html>").encode()


def test_a_label_in_its_own_cell_is_joined_to_the_value_in_the_next():
    lines = ["发布机构：", "东莞市人民政府办公室", "[发文字号] 东府办〔2024〕13号", "来源：", "分享"]
    joined = fields.label_lines(lines)
    assert fields.issuer(joined) == "东莞市人民政府办公室"
    assert fields.doc_number(joined) == "东府办〔2024〕13号"
    assert fields.source(joined) is None  # 分享 is a widget, not the value of an empty 来源


def test_a_visible_date_label_beats_a_regenerated_pubdate_meta():
    raw = page(head='<meta name="PubDate" content="2025-10-12 22:43:17">', before="<div>日期：2022-11-28 来源：证监会</div>")
    assert extract(raw, "http://127.0.0.1/a.html").published == "2022-11-28"


def test_a_same_day_time_refines_a_bare_date_and_midnight_is_no_time():
    raw = page(before="<div>发布日期：2023-11-24</div><div>时间 : 2023-11-24 08:59:56</div>")
    assert extract(raw, "http://127.0.0.1/a.html").published == "2023-11-24T08:59:56"
    raw = page(before="<div>发布日期：2024-04-08 00:00:00</div>")
    assert extract(raw, "http://127.0.0.1/a.html").published == "2024-04-08"


def test_a_body_hidden_until_a_script_shows_it_is_kept():
    hidden = (f"<div id='DOCHTMLCON' style='display:none'>{BODY}</div>"
              "<script>var s=document.getElementById('DOCHTMLCON').innerHTML; document.write(s);</script>")
    raw = (f"<html><head><title>通知</title></head><body><h2>关于调整住房公积金缴存基数的通知</h2>"
           f"<div class='xyh'>{hidden}</div></body></html>").encode()
    assert "缴存基数调整工作" in extract(raw, "http://127.0.0.1/a.html").text


def test_a_related_block_after_the_notice_leaves_the_body():
    links = frozenset({"关于调整缴存基数的政策解读"})
    lines = ["一、调整缴存基数。", "市住房公积金管理中心", "2023年4月7日", "相关链接：", "关于调整缴存基数的政策解读"]
    assert cut_related_tail(lines, links) == (lines[:3], True)
    lines = ["一、调整缴存基数。", "2020年9月22日", "查看政策解读：关于调整的解读", "政策解读", "一、为什么调整？"]
    assert cut_related_tail(lines, frozenset()) == (lines[:2] + lines[3:], True)  # the interpretation stays
    assert cut_related_tail(["一、调整缴存基数。", "附件：表格.xlsx"], frozenset({"附件：表格.xlsx"}))[1] is False


def test_widget_words_run_together_are_a_widget_line():
    assert clean_lines(["打印关闭", "分享到微信微博"])[0] == []
    assert clean_lines(["关闭学校周边违规经营场所。"])[0] == ["关闭学校周边违规经营场所。"]


def test_titles_the_way_real_portals_write_them():
    raw = page(head='<meta name="ArticleTitle" content="主动公开文件"><meta name="SiteName" content="上海市房屋管理局">',
               before="<h2 class='Article-title'>关于加强住房赠与管理的通知 <small>( 2021年07月23日 )</small></h2>")
    assert extract(raw, "http://127.0.0.1/a.html").title == "关于加强住房赠与管理的通知"
    raw = page(head='<meta name="ArticleTitle" content="高阳县人民政府网站——高阳县人民政府关于加强房地产市场管控的意见">')
    assert extract(raw, "http://127.0.0.1/a.html").title == "高阳县人民政府关于加强房地产市场管控的意见"
    raw = page(before="<div class='all_content_con_tit'><h3>关于优化本市住房公积金使用政策的通知</h3></div>")
    assert extract(raw, "http://127.0.0.1/a.html").title == "关于优化本市住房公积金使用政策的通知"
    raw = page(head='<meta name="ArticleTitle" content="【贷款】武汉住房公积金管理中心关于优化使用政策的通知">')
    assert extract(raw, "http://127.0.0.1/a.html").title == "【贷款】武汉住房公积金管理中心关于优化使用政策的通知"


def test_a_repeated_title_in_the_content_box_stays_in_the_body():
    raw = page(head='<meta name="ArticleTitle" content="关于调整住房公积金缴存基数的通知">',
               body="<p>关于调整住房公积金缴存基数的通知</p>" + BODY)
    assert extract(raw, "http://127.0.0.1/a.html").text.startswith("关于调整住房公积金缴存基数的通知\n")


def test_an_update_time_is_never_preferred_to_a_label_that_says_published():
    raw = page(before="<div>更新时间：2023-06-01 09:00</div><div>时间：2023-05-20</div>")
    assert extract(raw, "http://127.0.0.1/a.html").published == "2023-05-20"
    raw = page(before="<div><span>发布时间</span></div><div><span>2023-05-18 10:30</span></div><div>更新时间：2023-06-01</div>")
    assert extract(raw, "http://127.0.0.1/a.html").published == "2023-05-18T10:30"


def test_menus_and_footers_inside_a_guessed_container_leave_the_body():
    raw = ("<html><head><title>通知</title></head><body><div class='wrap'>"
           "<div class='nav'><a href='/'>首页</a> <a href='/a'>机构概况</a> <a href='/b'>政务公开</a></div>"
           f"<h1>关于做好住房公积金缴存基数调整工作的通知</h1><div>发布时间：2023-05-18</div>{BODY}"
           "<div class='share-bar'>分享到：微信 微博</div><footer>主办：市住房公积金管理中心 网站标识码：3301000001</footer>"
           "</div></body></html>").encode()
    record = extract(raw, "http://127.0.0.1/a.html")
    assert "缴存基数调整工作" in record.text
    assert not any(word in record.text for word in ("机构概况", "分享到", "网站标识码"))
    assert record.published == "2023-05-18"


def test_footer_lines_go_wherever_their_marks_sit():
    lines = ["主办单位：市教育局 版权所有 地址：市府路1号", "政府网站标识码：4400000001 粤ICP备05079694号", "政府网站标识码4400000001"]
    assert clean_lines(lines)[0] == []
    assert clean_lines(["参赛作品版权所有权归作者。"])[0] == ["参赛作品版权所有权归作者。"]


def test_a_table_built_penalty_notice_is_kept_whole():
    rows = [("行政处罚决定书文号", "教罚字〔2023〕5号"), ("被处罚单位", "某某培训学校有限公司"),
            ("违法事实", "该机构未经审批擅自开展面向中小学生的学科类校外培训活动，" * 6),
            ("处罚依据", "依据有关规定"), ("处罚结果", "责令停止违法行为并处罚款"), ("处罚机关", "市教育局")]
    table = "<table><tbody>" + "".join(f"<tr><td>{a}</td><td>{b}</td></tr>" for a, b in rows) + "</tbody></table>"
    raw = (f"<html><head><title>行政处罚信息公开表</title></head><body><div class='nav'><a href='/'>首页</a></div>"
           f"<div class='main'><h2>行政处罚信息公开表</h2>{table}</div></body></html>").encode()
    text = extract(raw, "http://127.0.0.1/a.html").text
    assert all(a in text and b[:10] in text for a, b in rows)


def test_a_label_a_script_writes_from_a_variable_is_read():
    script = ("<script>var wzly = '贵阳市住房公积金管理中心'; if (wzly == '--') { wzly = ''; }"
              "document.write('来源：' + wzly + '&emsp;');</script>")
    raw = page(before=f"<div>发布时间：2023-05-18 {script}</div>")
    assert extract(raw, "http://127.0.0.1/a.html").source == "贵阳市住房公积金管理中心"


def test_an_attachment_list_after_the_body_ends_the_text():
    files = ("<ul><li class='fujian'><a href='/f/1.doc'>附件1.2026年实验学校名单</a></li>"
             "<li class='fujian'><a href='/f/2.pdf'>关于调整的通知.pdf</a></li></ul>")
    record = extract(page(after=files), "http://127.0.0.1/a.html")
    assert record.text.endswith("\n附件1.2026年实验学校名单")  # a file-name link is not text
    assert len(record.attachments) == 2


def test_an_attachment_link_written_as_a_file_name_is_not_text():
    files = "<div class='fj'><a href='/f/1.docx'>附件1：报名汇总表.docx</a></div>"
    assert "报名汇总表" not in extract(page(after=files), "http://127.0.0.1/a.html").text


# --- second tune batch (issue 10): each rule on a small page built like the real one ---------

NAV = "".join(f"<li><a href='/c{n}.html'>栏目导航第{n}项内容链接</a></li>" for n in range(40))


def generic_page(container: str, notice: str = BODY, extra: str = "") -> bytes:
    return (f"<html><head><title>安阳市住房和城乡建设局</title></head><body><ul>{NAV}</ul>"
            f"{container}<div class='conBox'>{notice}</div>{extra}</body></html>").encode()


def test_a_generic_container_with_a_sliver_of_the_text_yields_to_the_body():
    # div#content closed after the title block (broken markup): the notice is its sibling.
    raw = generic_page("<div id='content'><p>关于促进房地产市场平稳健康发展的意见</p><span>发布日期：2022-05-24 18:54</span></div>",
                       notice=BODY * 3)
    record = extract(raw, "http://127.0.0.1/a.html")
    assert "缴存基数调整工作" in record.text
    assert record.published == "2022-05-24T18:54"
    # The same container holding the notice is still taken as it is.
    whole = extract(generic_page(f"<div id='content'>{BODY}</div>", notice=""), "http://127.0.0.1/b.html")
    assert whole.text.count("缴存基数调整工作") == 3 and "栏目导航" not in whole.text


def test_container_ids_match_in_any_case_and_the_notice_block_inside_is_taken():
    article = ("<div id='Article'><h1>2019年8月份越秀区自学考试报名时间</h1>"
               "<center><span>2019-08-07 10:34:01 来源：<a href='/'>广州自考网</a> 点击：</span>"
               "<div id='modal'><p>温馨提示</p><p>亲爱的学员，您好！</p><a href='#'>我知道了</a></div></center>"
               f"<div class='content table'>{BODY}</div></div>")
    raw = f"<html><head><title>报名时间-广州自考</title></head><body><ul>{NAV}</ul>{article}</body></html>".encode()
    record = extract(raw, "http://127.0.0.1/a.html")
    assert "温馨提示" not in record.text and "缴存基数调整工作" in record.text
    assert record.published == "2019-08-07T10:34:01"  # bare on the line that names 来源 and 点击
    assert record.source == "广州自考网"


def test_a_bare_date_counts_only_on_a_metadata_line_and_labels_come_first():
    assert fields.metadata_line_date(["2020-06-22 11:12:48 来源：广州自考网 点击："]) == "2020-06-22T11:12:48"
    assert fields.metadata_line_date(["2020-06-22 市教育局召开工作会议"]) is None  # a list row, no label
    raw = page(before="<div>发布时间：2023-05-12 09:50</div><div>2023-05-01 作者：办公室</div>")
    assert extract(raw, "http://127.0.0.1/a.html").published == "2023-05-12T09:50"


def test_a_title_classed_block_names_the_notice_when_title_is_the_site_name():
    raw = page(before="<div class='gab-detail-title'>市规划资源局关于印发《天津市建设用地使用权转让实施细则》的通知</div>",
               title="天津市规划和自然资源局")
    assert extract(raw, "http://127.0.0.1/a.html").title == "市规划资源局关于印发《天津市建设用地使用权转让实施细则》的通知"
    # A column heading (通知公告) is too short to be a notice's title.
    assert extract(page(before="<div class='list-title'>通知公告</div>", title="天津市规划和自然资源局"),
                   "http://127.0.0.1/b.html").title == "天津市规划和自然资源局"


def test_an_announcement_number_and_a_drafting_unit_are_fields():
    lines = ["财政部 税务总局公告2025年第17号", "制发单位：", "北京住房公积金管理委员会办公室"]
    joined = fields.label_lines(lines)
    assert fields.doc_number(joined) == "财政部 税务总局公告2025年第17号"
    assert fields.issuer(joined) == "北京住房公积金管理委员会办公室"
    assert fields.doc_number(["根据国家税务总局公告2023年第1号的规定，现将有关事项通知如下"]) is None  # prose


def test_interpretations_named_after_the_notice_leave_the_tail():
    lines = ["本通知自2023年8月1日起实施。", "佛山市住房公积金管理中心", "2023年7月24日",
             "《佛山市住房公积金管理中心关于阶段性提高个人住房公积金贷款额度的通知》政策解读",
             "《佛山市住房公积金管理中心关于阶段性提高个人住房公积金贷款额度的通知》视频解读"]
    kept, cut = cut_related_tail(lines, frozenset())
    assert cut and kept == lines[:3]
    kept, _ = clean_lines(["2025年9月18日", "政策文件：", "【关闭当前页面】"])
    assert kept[-1] != "【关闭当前页面】"


def test_joint_issuers_separated_by_a_space_are_one_value():
    assert fields.issuer(["发文机关：上海市财政局 国家税务总局上海市税务局 | 查看更多属性"]) == "上海市财政局 国家税务总局上海市税务局"
    assert fields.issuer(["发布机构：市住建局 发布日期：2023-01-01"]) == "市住建局"  # the next label is not an issuer


def test_a_date_and_time_standing_alone_refines_a_pubdate_giving_only_the_day():
    raw = page(head='<meta name="PubDate" content="2024-02-23">',
               before="<div><span>来源:长乐区人社局\n</span><span>2024-02-23 15:16</span><span>浏览量:</span></div>")
    assert extract(raw, "http://127.0.0.1/a.html").published == "2024-02-23T15:16"
    raw = page(head='<meta name="PubDate" content="2024-02-23">', before="<div>2024-02-22 15:16</div>")
    assert extract(raw, "http://127.0.0.1/a.html").published == "2024-02-23"  # another day's time is not this one's


def test_a_title_part_that_is_a_menu_link_names_the_column_not_the_notice():
    raw = page(title="市公积金中心文件 - 住房公积金网站",
               before="<ul><li><a href='/l'>市公积金中心文件</a></li></ul>"
                      "<div class='zjytitle'>关于印发《丹东市住房公积金提取管理实施细则》的通知</div>")
    assert extract(raw, "http://127.0.0.1/a.html").title == "关于印发《丹东市住房公积金提取管理实施细则》的通知"


def test_a_banner_heading_shorter_than_articletitle_does_not_outvote_it():
    article = "重庆市发展和改革委员会 重庆市公安局关于印发进一步清理消费领域限制性举措持续扩大消费若干措施的通知"
    raw = page(head=f'<meta name="ArticleTitle" content="{article}">',
               before="<div class='titbox'><h1>重庆市发展和改革委员会<span>行政规范性文件</span></h1></div>")
    assert extract(raw, "http://127.0.0.1/a.html").title == article
    raw = page(head='<meta name="ArticleTitle" content="主动公开文件">',
               before="<h2 class='Article-title'>关于加强住房赠与管理的通知</h2>")
    assert extract(raw, "http://127.0.0.1/a.html").title == "关于加强住房赠与管理的通知"


CHROME = ("<div class='top'>德州市住房公积金中心主办</div><div>您所在的位置：<a href='/'>首页</a> &gt; 通知公告</div>"
          "<h2>市住房公积金管理委员会办公室关于调整住房公积金贷款政策的通知</h2>"
          "<div>来源：市住房公积金管理中心 发布时间：2024-04-30</div>")
FOOTER = "<div><p>版权所有 德州市住房公积金管理中心</p><p>地址：山东省德州市东风东路1666号 邮编：253000</p></div>"


def guessed_page(notice: str) -> bytes:
    """A page with no CMS body container: the text descent has to guess."""
    return (f"<html><head><title>通知公告</title></head><body>{CHROME}<div class='lh-36'>{notice}</div>"
            f"{FOOTER}</body></html>").encode()


def test_a_notice_printed_as_images_leaves_an_empty_body_that_says_so_not_the_page_chrome():
    record = extract(guessed_page("<div><img src='1.png'><br><img src='2.png'></div>"), "http://127.0.0.1/a.html")
    assert record.text == ""
    assert record.confidence_reasons == ["images_only (no text; 2 images in the body)"]
    assert "low_confidence" not in record.flags  # the page has no text to miss
    assert record.source == "市住房公积金管理中心" and record.published == "2024-04-30"


def test_an_empty_guessed_body_without_images_is_flagged():
    record = extract(guessed_page("<div id='article-content'></div>"), "http://127.0.0.1/a.html")
    assert record.text == "" and "low_confidence" in record.flags and "no_body" in record.confidence_reasons


def test_an_empty_editor_box_is_the_body_and_its_only_attachment_the_notice():
    """TRS's editor box present but empty (the notice is a PDF or PNG scans): the page around
    it is not the body; the attachment's link text is."""
    attachment = "<div class='fujian-box'>相关附件下载：<a href='./P0202207.pdf'>长金管委〔2022〕3号</a></div>"
    raw = (f"<html><head><title>关于优化住房公积金业务政策的通知</title></head><body>{CHROME}"
           f"<div class='trs_editor_view'><p> </p></div>{attachment}{FOOTER}</body></html>").encode()
    record = extract(raw, "http://127.0.0.1/a.html")
    assert record.text == "长金管委〔2022〕3号"
    assert "low_confidence" not in record.flags, record.confidence_reasons  # its own file is not a menu link
    images = raw.replace(b"<p> </p>", b"<p><img src='1.png'></p><p><img src='2.png'></p>").replace(attachment.encode(), b"")
    record = extract(images, "http://127.0.0.1/a.html")
    assert record.text == "" and record.confidence_reasons == ["images_only (no text; 2 images in the body)"]


def test_a_body_with_text_does_not_take_the_attachment_names_of_a_download_block():
    attachment = "<div class='xl-fj'>附件下载：<a href='./P0202311.pdf'>基地名单.pdf</a></div>"
    raw = (f"<html><head><title>通知</title></head><body>{CHROME}<div class='trs_editor_view'><p>详见附件。</p></div>"
           f"{attachment}{FOOTER}</body></html>").encode()
    assert extract(raw, "http://127.0.0.1/a.html").text == "详见附件。"


def test_a_comment_form_and_a_sponsor_footer_are_not_the_notice():
    """A consultation page whose text a script loads holds only the comment form and the footer;
    a 博达 VSB form wrapping the whole article stays."""
    form = ("<form action='/answers'><span>* 昵称：</span><input name='n'><span>* 联系手机：</span><input name='m'>"
            "<span>* 发表意见：</span><textarea name='c'></textarea><span>* 验证码：</span>"
            "<p>当前征集已结束，无法提交评论</p></form>")
    tree = lxml.html.fromstring(f"<html><body><div id='article-content'></div>{form}</body></html>")
    strip_invisible(tree)
    assert "昵称" not in tree.text_content()
    tree = lxml.html.fromstring(f"<html><body><form name='_newscontent_fromname'>{BODY * 3}"
                                "<textarea name='comment'></textarea></form></body></html>")
    strip_invisible(tree)
    assert "缴存基数调整工作" in tree.text_content()
    assert clean_lines(["主办单位：佛山市人民政府办公室 联系方式：0757-12345", "主办单位：市教育局"])[0] == ["主办单位：市教育局"]


def test_a_word_document_split_in_sections_is_one_body():
    """Word's HTML export puts a long document in WordSection1, WordSection2 … siblings: the
    descent stops above the largest section when the others hold a notice's worth of text."""
    first = "".join(f"<p>第{n}条 成人高等教育本科毕业生申请学士学位，应当符合学校规定的各项条件并按时提出申请。</p>" for n in range(30))
    second = "".join(f"<p>附件{n}：申请学士学位的成教本科毕业生名单及其各项考试成绩汇总表格</p>" for n in range(12))
    raw = (f"<html><head><title>授位实施细则</title></head><body>{CHROME}<div><div class='WordSection1'>{first}</div>"
           f"<div class='WordSection2'>{second}</div></div>{FOOTER}</body></html>").encode()
    text = extract(raw, "http://127.0.0.1/a.html").text
    assert "第29条" in text and "附件11：" in text


def test_a_short_guessed_notice_with_a_sentence_keeps_its_text():
    record = extract(guessed_page("<p>现将有关事项通知如下，请遵照执行。</p>"), "http://127.0.0.1/a.html")
    assert "现将有关事项通知如下，请遵照执行。" in record.text


def test_a_line_break_inside_articletitle_is_layout_and_an_only_file_link_is_the_notice():
    title = "安庆市住房公积金管理委员会关于调整住房公积金贷款有关政策的意见"
    raw = page(head="<meta name='ArticleTitle' content='安庆市住房公积金管理委员会\n关于调整住房公积金贷款有关政策的意见'>",
               body=f"<p><a href='/f/x.pdf'>{title}.pdf</a></p>")
    record = extract(raw, "http://127.0.0.1/a.html")
    assert record.title == title
    assert record.text == f"{title}.pdf"  # the notice's own file, not a related link after a signature


def test_a_date_bar_classed_like_a_menu_still_gives_its_labels():
    box = lxml.html.fromstring("<div><div class='ls-article-menu'><span>来源： 安庆市住房公积金管理中心 </span></div>"
                               "<p>正文</p></div>")
    dropped: list[str] = []
    assert drop_chrome_blocks(box, dropped) == 1
    assert fields.source(dropped) == "安庆市住房公积金管理中心"


def test_a_date_on_its_own_line_beside_the_source_line_is_the_publication_date():
    raw = page(title="首届全国小学教育专业虚拟仿真实验教学一流课程建设研讨会举办  南航金城学院教务处 Capital Normal University",
               before="<h2>首届全国小学教育专业虚拟仿真实验教学一流课程建设研讨会举办<br><span>2021-04-29</span></h2>"
                      "<div>来源：初教院 供稿：田河 点击次数： 字号：【小 中 大】</div>")
    record = extract(raw, "http://127.0.0.1/a.html")
    assert record.published == "2021-04-29"
    assert record.title == "首届全国小学教育专业虚拟仿真实验教学一流课程建设研讨会举办"  # the date in the heading's span goes
    assert fields.metadata_line_date(["2021-04-29", "首届研讨会举办"]) is None  # a date line beside no metadata line


def test_a_tag_written_into_articletitle_and_a_zero_width_space_are_not_the_title():
    raw = page(head="<meta name='ArticleTitle' content='佛山市住房和城乡建设局等八部门印发关于&lt;br/&gt;进一步促进房地产市场平稳健康发展的若干措施的通知'>")
    assert extract(raw, "http://127.0.0.1/a.html").title == "佛山市住房和城乡建设局等八部门印发关于进一步促进房地产市场平稳健康发展的若干措施的通知"
    raw = page(title="\u200b北京市人力资源和社会保障局关于2026年积分落户公示及落户办理有关工作的通告_政策文件_首都之窗")
    assert extract(raw, "http://127.0.0.1/a.html").title == "北京市人力资源和社会保障局关于2026年积分落户公示及落户办理有关工作的通告"


def test_share_and_font_size_widgets_and_an_empty_related_documents_label_are_not_text():
    widgets = ["（微信扫描分享）", "字体大小：", "相关文档", "相关附件下载：", "扫码分享"]
    kept = ["扫描二维码下载附件后填写。", "请扫码报名。"]
    assert clean_lines(widgets + kept)[0] == kept


def test_a_generic_content_box_holding_only_images_and_a_file_is_the_body():
    """div.article-content with 22 scanned pages and a .rar link: under the ten characters a
    generic box needs, but the notice's own box, not the page around it (menu, date bar)."""
    scans = "".join(f"<img src='/img/{n}.jpg' alt='{n}.jpg'>" for n in range(5))
    raw = (f"<html><head><title>申报公告</title></head><body>{CHROME}<div class='article-content'><p>{scans}</p>"
           "<p><a href='/attachment/4070462.rar'>附件1-9.rar</a></p></div>"
           f"<div class='article-appendix'><h3>相关文件：</h3></div>{FOOTER}</body></html>").encode()
    record = extract(raw, "http://127.0.0.1/a.html")
    assert record.text == "附件1-9.rar"
    assert "low_confidence" not in record.flags, record.confidence_reasons


def test_a_source_line_ending_the_notice_box_is_a_field_not_text():
    raw = page(body=BODY + "<p class='source'>文章来源：<a href=''>德宏州人民政府办公室</a></p>")
    record = extract(raw, "http://127.0.0.1/a.html")
    assert "文章来源" not in record.text and record.text.endswith("确保政策落实到位。")
    assert record.source == "德宏州人民政府办公室"
    funded = extract(page(body=BODY + "<p>资金来源：市级财政</p>"), "http://127.0.0.1/a.html")
    assert funded.text.endswith("资金来源：市级财政")  # a line of the notice that names a source


def test_a_notice_that_is_only_a_link_to_its_file_is_that_link_not_the_menu():
    """No CMS box and too little text to descend to: the block holding the page's one .doc link
    (outside the menu) is the body, not the menu the last resort would read."""
    menu = "".join(f"<li><a href='/c{n}/'>{name}</a></li>" for n, name in enumerate(
        ["学校概况", "学校简介", "班子建设", "校园动态", "通知公告", "教学天地", "德育之窗", "党建之家", "师生园地"]))
    raw = ("<html><head><title>详情信息</title></head><body><ul>" + menu + "</ul>"
           "<h2>关于举办2019年多媒体教育软件评比活动的通知</h2><div>[发布时间2019年6月20日]</div>"
           "<div id='ContentID'><div><img src='/icon/doc.gif'><a href='/files/pb.doc'>"
           "关于举办2019年多媒体教育软件评比活动的通知.doc</a></div></div>"
           "<div class='footer'><a href='/files/guide.pdf'>网站使用指南.pdf</a> 版权所有 胜利小学</div></body></html>").encode()
    record = extract(raw, "http://127.0.0.1/a.html")
    assert record.text == "关于举办2019年多媒体教育软件评比活动的通知.doc"
    assert [a.url for a in record.attachments] == ["http://127.0.0.1/files/pb.doc"]


def test_a_heading_at_the_top_of_a_guessed_body_stays_when_the_page_prints_its_title_outside():
    """A 通报 whose own heading (文号, then 发文机关 / 关于…的通知 over two lines) opens the body box,
    with the page's <h2> printed above the box: the document's heading, not a repeated title."""
    heading = "<p>德公积金委办〔2024〕3号</p><p>市住房公积金管理委员会办公室</p><p>关于调整住房公积金贷款政策的通知</p>"
    record = extract(guessed_page(heading + BODY), "http://127.0.0.1/a.html")
    assert record.text.splitlines()[:3] == ["德公积金委办〔2024〕3号", "市住房公积金管理委员会办公室",
                                            "关于调整住房公积金贷款政策的通知"]
    # The page's only heading inside the guessed box, over two lines: the page's, dropped.
    inside = ("<html><head><meta name='ArticleTitle' content='市住房公积金管理委员会办公室关于调整住房公积金贷款政策的通知'>"
              "</head><body><div class='lh-36'><div class='tit'>"
              "<p>市住房公积金管理委员会办公室</p><p>关于调整住房公积金贷款政策的通知</p></div>"
              f"<div>发布时间：2024-04-30</div>{BODY}</div>{FOOTER}</body></html>").encode()
    record = extract(inside, "http://127.0.0.1/a.html")
    assert record.title == "市住房公积金管理委员会办公室关于调整住房公积金贷款政策的通知"
    assert record.text.startswith("一、各单位"), record.text


def test_a_further_reading_block_and_a_column_banner_caption_leave_the_body():
    links = frozenset({"关键时刻 中央政治局会议部署了这些大事", "专栏：中共中央政治局会议"})
    lines = ["专栏：中共中央政治局会议", "中共中央政治局召开会议", "会议还研究了其他事项。", "延伸阅读",
             "关键时刻 中央政治局会议部署了这些大事"]
    assert cut_related_tail(lines, links) == (lines[1:3], True)
    # a 专栏 line that is no link is the notice's own text
    assert cut_related_tail(["专栏：学习园地", "会议还研究了其他事项。"], frozenset())[1] is False


def test_a_source_label_quoted_in_a_copyright_disclaimer_is_no_source():
    disclaimer = "凡本报记者署名文字、图片，版权均属晚报社所有。已授权的媒体在使用时必须注明 “来源：晚报或新闻网”，违者将依法追究法律责任。"
    assert fields.source([disclaimer]) is None
    assert fields.source([disclaimer, "发布时间：2020-05-06 来源：市住房公积金管理中心"]) == "市住房公积金管理中心"
    assert fields.source(["文章来源：“学习强国”学习平台"]) == "“学习强国”学习平台"  # quotes in the value are the value's


def test_a_byline_bar_above_the_text_leaves_the_body_and_an_editor_line_after_it_stays():
    bar = "<span>发布时间：2020-04-28</span><span>作者：农业农村部农药检定所</span><span>来源： 药政处 </span>"
    record = extract(guessed_page(f"<div>{bar}</div>{BODY}<p>责任编辑：赵丹</p>"), "http://127.0.0.1/a.html")
    assert record.text.startswith("一、各单位") and record.text.endswith("责任编辑：赵丹"), record.text
    assert fields.is_byline("作者：来源：") and fields.is_byline("作者：农业农村部农药检定所来源： 药政处")
    assert not fields.is_byline("作者：农业农村部农药检定所。本公告自发布之日起施行")


def test_a_second_heading_printing_the_title_is_the_documents_own_and_a_breadcrumb_line_goes():
    """A guessed box holding the page's <h1>, the date line, and the document pasted whole with
    its own <h1> title: the first heading is the page's, the second the notice's first line."""
    title = "市住房公积金管理委员会办公室关于调整住房公积金贷款政策的通知"
    raw = (f"<html><head><title>{title}</title></head><body><div id='part7'><p>当前位置：\n"
           "<a href='/'>首页</a> - <a href='/c/1'>机构设置</a> - <a href='/c/2'>公文通知</a></p>"
           f"<ul><h1>{title}</h1><h2>发布时间：2020-12-16 来源：市住房公积金管理中心</h2>"
           f"<h1 style='text-align:center'><span>{title}</span></h1>{BODY}</ul></div>{FOOTER}</body></html>").encode()
    record = extract(raw, "http://127.0.0.1/a.html")
    assert record.text.splitlines()[:2] == [title, "一、各单位要按照要求认真做好住房公积金缴存基数调整工作，确保政策落实到位。"]
    assert clean_lines(["首页 - 机构设置 - 科室 - 人事科 - 公文通知", "首页 > 通知公告"])[0] == []
    assert clean_lines(["首页 > 关于做好2020年度全市教师师德考核工作的通知"])[0]  # a title, not a crumb


def test_a_download_count_after_an_attachments_bracketed_name_is_not_text():
    kept, flags = clean_lines(["附件【博士定向协议书.doc】已下载次", "附件【考场安排表.pdf】已下载 12 次", "全校已下载3次。"])
    assert kept == ["附件【博士定向协议书.doc】", "附件【考场安排表.pdf】", "全校已下载3次。"]
    assert "widgets_removed" in flags
