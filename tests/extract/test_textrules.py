"""Line cleaning (clean_lines, is_spam_line) and damage flags on the real seeds and on
hand-written lines in both scripts."""

from __future__ import annotations

import re

import pytest

from crawler.extract.textrules import clean_lines, damage_flags, is_spam_line
from crawler.localportals.notices import SEEDS_DIR  # noqa: E402 - the seeds as the package ships them

KAIPING = "000_212bb75c45bfdaf9.txt"  # traditional, pinyin glosses, spam
FARM = "001_93777ed66efac09e.txt"  # content farm, paywall, ** redaction
QINGYUAN = "002_3472fd7af5b6594c.txt"  # official page, 37 numbered items
DOC_SHARE = "003_ad52b57c1fd2b68c.txt"  # doc-share preview, spun, xx redaction
WUJIN = "004_dd1d79d2d1f1e48d.txt"  # traditional résumé-template farm
SPAM_LINE = (
    "中文字幕毛片无码av不卡,国产一区精品视频,777国产偷窥盗摄精品原味,99精品国产综合 "
    "欧美一级α片中文字幕 人妻少妇无码专区免费视频"
)


def seed_lines(name: str) -> list[str]:
    return (SEEDS_DIR / name).read_text(encoding="utf-8").splitlines()


def seed_body(name: str) -> str:
    return "\n".join(clean_lines(seed_lines(name))[0])


# --- is_spam_line ---------------------------------------------------------------------


def test_seed_000_last_line_is_spam():
    lines = [line for line in seed_lines(KAIPING) if line.strip()]
    assert lines[-1].strip() == SPAM_LINE
    assert is_spam_line(lines[-1])
    assert not any(is_spam_line(line) for line in lines[:-1])


@pytest.mark.parametrize("name", [FARM, QINGYUAN, DOC_SHARE, WUJIN])
def test_no_line_of_a_legitimate_seed_is_spam(name):
    assert [line for line in seed_lines(name) if is_spam_line(line)] == []


@pytest.mark.parametrize(
    "line",
    [
        "百家乐 时时彩 真人娱乐城 开户送彩金",
        "國產精品視頻,無碼專區,人妻少婦",  # traditional and full-width commas
        "免费视频,在线观看,欧美专区,日韩高清,中文字幕",  # a list of weak spam phrases
    ],
)
def test_spam_lines_are_recognised(line):
    assert is_spam_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "严厉打击网络色情、赌博等违法犯罪活动,净化校园周边环境。",
        "开展精品课程评选,制作微视频,推进成人教育,丰富娱乐活动",
        "推广国产精品课程资源。",
        "学习借鉴欧美、日韩等国家经验",
        "完成AV设备和多媒体教室升级改造。",
        "加强校园安全管理,防范偷拍、偷窥等侵害学生隐私行为,规范校园视频监控。",
        "严厉打击六合彩、老虎机等赌博活动",
    ],
)
def test_policy_text_about_spam_topics_is_not_spam(line):
    assert not is_spam_line(line)


# --- clean_lines on the seeds -----------------------------------------------------------


def test_seed_000_drops_spam_and_widgets_and_keeps_all_seven_paragraphs():
    kept, flags = clean_lines(seed_lines(KAIPING))
    assert flags == ["spam_removed", "widgets_removed"]
    headings = [line.strip()[:3] for line in kept if line.strip().startswith("(")]
    assert headings == ["(一)", "(二)", "(三)", "(四)", "(五)", "(六)", "(七)"]
    assert [line.strip() for line in kept[:3]] == [
        "開平市教育局2022年工作計劃",
        "發(fā)布日期:2022-01-12 17:20",
        "來源:本網(wǎng)",
    ]
    assert len(kept) == 10
    dropped = "\n".join(kept)
    for widget in (
        "搜索",
        "打印",
        "【字體",
        "相關附件",
        "版權所有",
        "粵ICP備",
        "公眾號",
        "今天是",
        "您當前的位置",
        "毛片",
    ):
        assert widget not in dropped, widget


def test_seed_001_paywall_cuts_are_removed_and_flagged_truncated():
    kept, flags = clean_lines(seed_lines(FARM))
    assert flags == ["truncated", "widgets_removed"]
    text = "\n".join(kept)
    assert "省略980字" not in text and "正式会员" not in text and "未完" not in text
    assert kept[-1].endswith("中职国家助学金资助266人26.6万元,免学")
    assert ",播撒爱国的种子,厚植爱国情怀。" in kept
    assert "您的位置" not in text and "相关文章" not in text and "文章搜索" not in text
    # the farm's table of contents is gone, the body's own headings stay once each
    assert kept.count("(二)以立德树人为根本,在全面提升教育质量上求突破") == 0
    assert kept.count("(四)聚焦教育人才建设,建强培优高素质、专业化的教育人才队伍。") == 1


def test_seed_002_keeps_all_37_numbered_items():
    kept, flags = clean_lines(seed_lines(QINGYUAN))
    assert flags == ["widgets_removed"]
    numbers = [int(m.group(1)) for line in kept if (m := re.match(r"\s*(\d+)\.", line))]
    assert numbers == list(range(1, 38))
    assert "扫一扫在手机打开当前页" not in kept and "分享:" not in kept
    assert "来源:本网访问量:-发布时间:2022-03-28" not in kept
    assert kept[0] == "清远市教育局"


def test_seed_003_doc_share_boilerplate_is_removed():
    kept, flags = clean_lines(seed_lines(DOC_SHARE))
    assert flags == ["truncated", "widgets_removed"]
    assert kept[0] == "2023年教育局度教育教学工作计划.docx"
    chunks = kept[1:]
    assert [int(chunk.split("、", 1)[0]) for chunk in chunks] == list(range(1, 16))
    text = "\n".join(kept)
    for widget in (
        "上传人",
        "第1页 / 共12页",
        "_第6页",
        "免费预览",
        "展开阅读全文",
        "猜你喜欢",
        "当前位置",
        "copyright",
        "ICP备",
        "收藏 分享",
        "下载 相关 举报",
        "资源描述",
    ):
        assert widget not in text, widget


def test_seed_004_drops_traditional_tag_cloud_heading():
    lines = seed_lines(WUJIN)
    kept, flags = clean_lines(lines)
    assert flags == ["widgets_removed"]
    assert "熱門標籤" not in kept
    assert len(kept) == len([line for line in lines if line.strip()]) - 1


# --- clean_lines on hand-written lines ---------------------------------------------------

WIDGET_LINES = [
    "相關附件:",
    "相关附件：",
    "您當前的位置：首頁 > 通知公告",
    "您当前的位置:首页 > 政务公开",
    "当前位置:首页 > 资格与职业考试",
    "熱門標籤",
    "热门标签",
    "【字體：大 中 小】",
    "【字体:大 中 小】",
    "分享到：微信 微博 QQ空间",
    "分享:",
    "上一篇：关于做好2022年招生工作的通知",
    "下一篇:无",
    "打印",
    "【打印】【关闭】",
    "关闭窗口",
    "扫一扫在手机打开当前页",
    "联系我们 网站帮助 网站地图",
    "版权所有：某某市教育局",
    "主办:开平市人民政府办公室 承办:开平市政务服务数据管理局",
    "备案编号: 粤ICP备05079694号",
    "网站标识码:4407830003",
    "粤公网安备 44078302000116号",
    "copyright@ 2008-2023 wnwk.com网站版权所有",
    "Copyright © 2022 清远市教育局",
    "经营许可证编号:浙ICP备2024059924号-2",
    "来源:本网访问量:-发布时间:2022-03-28",
    "浏览次数：1024",
    "关注我们:",
    "• 搜索",
    "收藏 分享(赏)",
    "下载 相关 举报",
    "资源描述",
    "上传人:g****t 文档编号:1897216 上传时间:2023-04-23",
    "xxx.docx_第1页",
    "第1页 / 共12页",
    "相关资源",
    "猜你喜欢",
    "相关搜索",
    "相关文章",
    "文章搜索",
    "開平市政府網公眾號",
]


@pytest.mark.parametrize("line", WIDGET_LINES)
def test_widget_lines_are_dropped_in_either_script_and_colon_width(line):
    kept, flags = clean_lines(["一、总体要求", line, "2022年1月12日"])
    assert kept == ["一、总体要求", "2022年1月12日"]
    assert flags == ["widgets_removed"]


LEGITIMATE_LINES = [
    "开平市教育局",
    "2022年1月12日",
    "清教〔2022〕12号",
    "1、提高教育科学发展水平",
    "一、总体要求",
    "(一)继续加强教育系统党组织建设。",
    "主办单位:市教育局",
    "承办:清远市第一中学",
    "网站访问量达到10万人次,群众满意度明显提升。",
    "中",
    "附件:1.报名表.docx",
    "学校网站须完成ICP备案。",
    "分享经验做法,推广典型案例。",
    "搜索引擎优化不属于本项目内容。",
    "请于2022年3月31日前将材料报送至市教育局。",
    "发布日期:2022-01-12 17:20",
    "来源:本网",
    "关于印发《清远市2022年教育工作要点》的通知",
    "联系人:张老师,联系电话:0763-1234567",
]


@pytest.mark.parametrize("line", LEGITIMATE_LINES)
def test_legitimate_body_lines_are_kept(line):
    assert clean_lines([line]) == ([line], [])


@pytest.mark.parametrize(
    "line",
    [
        "……(新文秘网http://www.wm114.cn省略980字,正式会员可完整阅读)……",
        "……（省略１２０字，正式會員可完整閱讀）……",
        "亲,该文档总共12页,到这儿已超出免费预览范围,如果喜欢就下载吧!",
    ],
)
def test_paywall_lines_are_dropped_and_flag_truncated(line):
    assert clean_lines(["正文第一段。", line, "正文第二段。"]) == (
        ["正文第一段。", "正文第二段。"],
        ["truncated"],
    )


def test_unfinished_tail_is_cut_from_the_last_line():
    line = "免学费744人65.826万元;免学 ……(未完,全文共7840字,当前仅显示2753字,请阅读下面提示信息。收藏《通知》"
    assert clean_lines([line]) == (["免学费744人65.826万元;免学"], ["truncated"])


def test_expand_prompt_means_truncated_only_at_the_end():
    assert clean_lines(["正文。", "展开阅读全文", "相关资源", "猜你喜欢"]) == (
        ["正文。"],
        ["truncated", "widgets_removed"],
    )
    body = (
        "二、目标任务。学前三年幼儿入园率达90%以上,农村达65%,继续推进省、市级一类幼儿园创建工作。"
    )
    assert clean_lines(["正文。", "展开阅读全文", body]) == (["正文。", body], ["widgets_removed"])


def test_clean_lines_does_not_mutate_its_input():
    lines = seed_lines(KAIPING)
    before = list(lines)
    clean_lines(lines)
    assert lines == before


# --- damage_flags -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "flags"),
    [
        (KAIPING, ["pinyin_artifacts"]),
        (FARM, ["truncated", "redacted"]),
        (QINGYUAN, []),
        (DOC_SHARE, ["truncated", "redacted", "spun", "page_markers"]),
        (WUJIN, []),
    ],
)
def test_damage_flags_of_raw_seeds(name, flags):
    text = (SEEDS_DIR / name).read_text(encoding="utf-8")
    assert damage_flags(text) == flags


@pytest.mark.parametrize(
    ("name", "flags"),
    [
        (KAIPING, ["pinyin_artifacts"]),
        (FARM, ["redacted"]),  # the paywall lines went with clean_lines, which flagged them
        (QINGYUAN, []),
        (DOC_SHARE, ["redacted", "spun", "page_markers"]),
        (WUJIN, []),
    ],
)
def test_damage_flags_of_cleaned_seed_bodies(name, flags):
    assert damage_flags(seed_body(name)) == flags


@pytest.mark.parametrize(
    "text",
    [
        "……(省略980字,正式会员可完整阅读)……",
        "全文共7840字,当前仅显示2753字",
        "正文。\n（未完",
        "亲,该文档总共12页,到这儿已超出免费预览范围",
        "正文第一段。\n展開閱讀全文\n相關資源",
    ],
)
def test_truncation_evidence(text):
    assert damage_flags(text) == ["truncated"]


def test_redaction_needs_two_placeholders():
    assert damage_flags("以**红色资源为依托,前往**市烈士陵园。") == ["redacted"]
    assert damage_flags("贯彻党的xx大和xx届四中全会精神,XX县区达90%以上。") == ["redacted"]
    assert damage_flags("附件:XX学校申报表。") == []
    assert damage_flags("上传人:g****t") == []


def test_spun_needs_two_distinct_spun_phrases():
    assert damage_flags("以科学开展观为指导,增强教育为人民效劳的能力。") == ["spun"]
    assert damage_flags("以科學開展觀為指導,增強教育為人民效勞的能力。") == ["spun"]
    assert damage_flags("以科学开展观为指导。以科学开展观为指导。") == []
    assert damage_flags("以科学发展观为指导,增强教育为人民服务的能力,创建平安校园。") == []
