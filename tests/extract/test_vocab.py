"""Each shared rule table (crawler/extract/vocab.py, data/file_types.tsv) and its users:
one definition, and every module that needs the concept reads it."""

from __future__ import annotations

import pytest

from archive.normalize import CJK_CHAR, fold_labels
from crawler.extract import fields, html, titles, vocab
from crawler.extract.linerules import clean_lines
from crawler.extract.textrules import fold, is_truncated


# --- file types ------------------------------------------------------------------------------
@pytest.mark.parametrize("ext", ["pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "wps", "et", "ofd", "zip",
                                 "rar", "7z", "txt"])
def test_every_listed_file_type_is_an_attachment(ext):
    assert ext in vocab.FILE_TYPES
    assert html.attachment_type(f"http://127.0.0.1/files/附件1.{ext.upper()}") == vocab.FILE_TYPES[ext]
    assert html.attachment_type(f"http://127.0.0.1/downfile.jsp?id=3&filename=表.{ext}") == vocab.FILE_TYPES[ext]


def test_courseware_pptx_is_an_attachment_and_its_name_leaves_the_title():
    assert html.attachment_type("http://127.0.0.1/uploads/课件.pptx") == vocab.FILE_TYPES["pptx"]
    assert html.attachment_type("http://127.0.0.1/a.html") is None
    tree = html.parse("<html><head><title>教师培训课件.pptx</title></head><body></body></html>", "http://127.0.0.1/")
    assert titles.title_candidates(tree, {}, None) == "教师培训课件"


def test_a_doc_share_page_stamp_of_any_file_type_is_dropped():
    kept, _ = clean_lines(["教师培训课件.pptx_第1页", "一、培训安排如下。"])
    assert kept == ["一、培训安排如下。"]


# --- truncation marks ---------------------------------------------------------------------------
@pytest.mark.parametrize("line", [
    "……(新文秘网http://www.wm114.cn省略980字,正式会员可完整阅读)……",
    "……（未完，全文共7840字，当前仅显示2753字，请阅读下面提示信息。",
    "亲，该文档总共12页，到这儿已超出免费预览范围，如果喜欢就下载吧！",
    "还剩3页未读，继续阅读",
])
def test_truncation_marks_are_cut_from_lines_and_seen_in_text(line):
    kept, flags = clean_lines(["一、工作目标明确。", line])
    assert kept == ["一、工作目标明确。"] and "truncated" in flags
    assert is_truncated(fold("一、工作目标明确。\n" + line))


def test_a_body_line_mentioning_membership_reading_is_kept():
    kept, flags = clean_lines(["图书馆会员可阅读全部馆藏期刊。"])
    assert kept == ["图书馆会员可阅读全部馆藏期刊。"] and "truncated" not in flags


# --- view counters ----------------------------------------------------------------------------------
@pytest.mark.parametrize("word", vocab.COUNTER_WORDS)
def test_every_counter_word_is_chrome_for_lines_and_fields(word):
    assert clean_lines([f"{word}：123"])[0] == []
    assert fields.is_metadata_line(f"来源：本网 {word}：123")
    assert fields.source([f"来源：本网{word}：123"]) == "本网"


def test_a_sentence_about_visits_is_not_a_counter():
    assert clean_lines(["网站访问量达到10万人次。"])[0] == ["网站访问量达到10万人次。"]


# --- banners -------------------------------------------------------------------------------------
def test_a_today_banner_is_chrome_and_never_a_date():
    assert clean_lines(["今天是2019年4月11日 星期四"])[0] == []
    assert fields.labelled_date(["今天是2019年4月11日 日期：2019-04-11"], fields.SIGNED_LABELS) is None
    assert fields.labelled_date(["Copyright 日期：2019-04-11"], fields.SIGNED_LABELS) is None


# --- CJK range ---------------------------------------------------------------------------------
def test_one_cjk_range_everywhere():
    assert vocab.CJK.pattern == f"[{CJK_CHAR}]"
    assert html.CJK is vocab.CJK
    assert vocab.CJK.search("䶮") and vocab.CJK.search("𠀀")  # Ext. A and Ext. B count too
    assert fields.doc_number(["䶮教〔2023〕5号"]) == "䶮教〔2023〕5号"


# --- labels matched on the simplified form; values kept in the page's script --------------------
@pytest.mark.parametrize(("line", "reader", "expected"), [
    ("來源：廣東省教育廳", fields.source, "廣東省教育廳"),
    ("發布機構：廣東省教育廳", fields.issuer, "廣東省教育廳"),
    ("文　　號：粵教基函〔2023〕12號", fields.doc_number, "粵教基函〔2023〕12号"),
    ("信息來源：市教育局 瀏覽次數：5", fields.source, "市教育局"),
])
def test_traditional_labels_are_read_and_values_keep_their_script(line, reader, expected):
    assert reader([line]) == expected


def test_dates_after_traditional_labels_and_full_width_digits():
    assert fields.labelled_date(["發佈時間：２０２３－０５－１２　１６：４５"], fields.PUBLISHED_LABELS) == "2023-05-12T16:45"


def test_label_folding_keeps_offsets():
    for text in ["發佈日期：２０２３年", "文　　號：粵教〔2023〕12號…（）"]:
        assert len(fold_labels(text)) == len(text)
