"""Labelled fields of notice pages: dates, 来源, 文号, 索引号 (pure functions)."""

from __future__ import annotations

import pytest

from crawler.extract import fields


@pytest.mark.parametrize(
    ("line", "labels", "expected"),
    [
        ("发布日期:2022-01-12 17:20 来源:本网 打印", fields.PUBLISHED_LABELS, "2022-01-12T17:20"),
        ("来源:本网访问量:-发布时间:2022-03-28", fields.PUBLISHED_LABELS, "2022-03-28"),
        ("發布日期：2022年1月12日", fields.PUBLISHED_LABELS, "2022-01-12"),
        ("成文日期： 2023/1/16 16:30:26", fields.SIGNED_LABELS, "2023-01-16T16:30:26"),
        ("日期：2021.9.3", fields.SIGNED_LABELS, "2021-09-03"),
        ("发　布　日　期：2022-02-21 10:05", fields.PUBLISHED_LABELS, "2022-02-21T10:05"),
    ],
)
def test_labelled_dates_in_common_formats(line, labels, expected):
    assert fields.labelled_date([line], labels) == expected


def test_a_publication_label_is_not_a_signing_label():
    assert fields.labelled_date(["成文日期：2022-03-25"], fields.PUBLISHED_LABELS) is None
    assert fields.labelled_date(["发布日期：2022-03-28"], fields.SIGNED_LABELS) is None


def test_today_banner_is_never_a_publish_date():
    lines = ["今天是2019年4月11日 星期四 日期:2019-04-11", "发布日期:2022-01-12 17:20"]
    assert fields.labelled_date(lines, fields.PUBLISHED_LABELS) == "2022-01-12T17:20"
    assert fields.labelled_date(["版权所有 日期:2008-2023"], fields.PUBLISHED_LABELS) is None


def test_mirror_posting_dates_have_their_own_labels():
    assert fields.labelled_date(["发表时间:2023/1/16 16:30:26"], fields.MIRROR_LABELS) == "2023-01-16T16:30:26"
    assert fields.labelled_date(["发表时间:2023/1/16 16:30:26"], fields.PUBLISHED_LABELS) is None


def test_impossible_dates_are_ignored():
    assert fields.labelled_date(["发布日期:2022-13-45"], fields.PUBLISHED_LABELS) is None


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["开平市教育局", "2022年1月12日"], "2022-01-12"),
        (["清远市教育局", "二〇二二年三月二十八日"], "2022-03-28"),
        (["正文最后一句。"], None),
    ],
)
def test_signature_block_dates(lines, expected):
    assert fields.signature_date(lines) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://x/jyj/tzgg/202203/t20220328_1234500.html", "2022-03-28"),
        ("http://x/art/2022/1/12/art_2461_1.html", "2022-01-12"),
        ("http://x/news/2021/09/03/abc.html", "2021-09-03"),
        ("http://x/p-1897216.html", None),
    ],
)
def test_dates_in_urls(url, expected):
    assert fields.url_date(url) == expected


def test_source_stops_where_the_next_label_starts():
    assert fields.source(["来源:本网访问量:-发布时间:2022-03-28"]) == "本网"
    assert fields.source(["來源:巧巧簡歷站 2.09W"]) == "巧巧簡歷站"
    assert fields.source(["发布日期:2022-01-12 17:20 来源:本网 打印"]) == "本网"


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["文号： 清教[2022]12号 发布日期：2022-01-01"], "清教〔2022〕12号"),
        (["粤教基（2021）7号"], "粤教基〔2021〕7号"),
        (["根据清教〔2022〕12号文件精神，现通知如下"], None),  # a citation, not this notice's number
    ],
)
def test_doc_numbers_are_normalised_to_hexagonal_brackets(lines, expected):
    assert fields.doc_number(lines) == expected


def test_government_information_table_rows():
    row = "索引号： 007011000/2023-00019 分类： 教育"
    assert fields.index_number([row]) == "007011000/2023-00019"
    assert fields.issuer(["发布机构： 清远市教育局 成文日期： 2023-11-21"]) == "清远市教育局"


def test_metadata_lines_are_told_from_body_lines():
    assert fields.is_metadata_line("发布日期:2022-01-12 17:20")
    assert fields.is_metadata_line("来源:本网访问量:-发布时间:2022-03-28")
    assert not fields.is_metadata_line("2022年,全市教育工作的总体思路是:以习近平新时代中国特色社会主义思想为指导")
