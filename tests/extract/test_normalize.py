"""normalize_text and detect_script on the real seeds and on small hand-written cases."""

from __future__ import annotations

import time

import pytest

from archive.normalize import (
    detect_script,
    find_page_markers,
    normalize_text,
    repair_conversion_damage,
    strip_pinyin,
)
from crawler.extract.textrules import clean_lines
from crawler.localportals.notices import SEEDS_DIR  # noqa: E402 - the seeds as the package ships them

KAIPING = "000_212bb75c45bfdaf9.txt"  # traditional, pinyin glosses, spam
FARM = "001_93777ed66efac09e.txt"  # simplified content farm, paywall
QINGYUAN = "002_3472fd7af5b6594c.txt"  # simplified official page
DOC_SHARE = "003_ad52b57c1fd2b68c.txt"  # page markers, spun, redacted
WUJIN = "004_dd1d79d2d1f1e48d.txt"  # traditional with Taiwan phrase conversion


def seed(name: str) -> str:
    return (SEEDS_DIR / name).read_text(encoding="utf-8")


def body(name: str) -> str:
    return "\n".join(clean_lines(seed(name).splitlines())[0])


# --- detect_script ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "script"),
    [
        (KAIPING, "zh-Hant"),
        (FARM, "zh-Hans"),
        (QINGYUAN, "zh-Hans"),
        (DOC_SHARE, "zh-Hans"),
        (WUJIN, "zh-Hant"),
    ],
)
def test_detect_script_is_right_on_every_seed(name, script):
    assert detect_script(seed(name)) == script


def test_detect_script_of_text_without_chinese_is_simplified():
    assert detect_script("2022-01-12 ABC") == "zh-Hans"
    assert detect_script("開平市教育局") == "zh-Hant"
    assert detect_script("开平市教育局") == "zh-Hans"


# --- pinyin glosses ---------------------------------------------------------------------


def test_pinyin_gloss_after_character_is_removed():
    assert (
        strip_pinyin("開平市政務網(wǎng)站,發(fā)布,關係(xì),女（nǚ）生")
        == "開平市政務網站,發布,關係,女生"
    )


@pytest.mark.parametrize(
    "text",
    [
        "(二)继续增加中小学公办优质学位供给",
        "比例达95%(含正在修读大专学历的教师)",
        "充实校(园)级干部人才库",
        "三年行动方案(2021-2023)",
        "学(xue)习",  # no tone mark: not a converter gloss
        "网站(www)",
    ],
)
def test_ordinary_parentheses_are_not_pinyin(text):
    assert strip_pinyin(text) == text
    assert "pinyin_artifacts" not in normalize_text(text)[1]


# --- seed 000: traditional, pinyin glosses ----------------------------------------------


def test_seed_000_body_normalises_to_simplified_without_pinyin():
    normalized, flags = normalize_text(body(KAIPING))
    assert flags == ["pinyin_artifacts", "script_converted"]
    assert "开平市教育局2022年工作计划" in normalized
    assert "(一)继续加强教育系统党组织建设。" in normalized
    assert "达到共同发展目标,促进全市基础教育优质均衡发展。" in normalized
    assert "(wǎng)" not in normalized and "(fā)" not in normalized
    assert "開" not in normalized and "發" not in normalized
    assert "(含正在修读大专学历的教师)" in normalized


def test_normalize_text_does_not_mutate_or_return_its_input():
    text = seed(KAIPING)
    before = str(text)
    normalized, _flags = normalize_text(text)
    assert text == before
    assert normalized != text


# --- seed 004: phrase-level conversion damage -------------------------------------------


def test_seed_004_restores_zhongxiaoxue_broken_into_zhongguoxiao():
    normalized, flags = normalize_text(seed(WUJIN))
    assert flags == ["script_converted"]
    assert "中国小" not in normalized and "国小" not in normalized
    assert "深化中小学校一校一品党建品牌创建活动" in normalized
    assert "落实中小学生手机管理工作" in normalized
    assert "大中小学劳动教育" in normalized
    assert "完成牛塘中心小学、湖塘桥实验小学、庙桥初中、南夏墅初中、湖塘桥初中" in normalized
    assert "从小学党史" in normalized
    assert "大学联考" not in normalized and "新高考" in normalized


def test_conversion_damage_rules_leave_real_words_alone():
    for text in ("全国小学生", "中国小说", "中国小康社会", "全国中小学", "中国中央电视台"):
        assert repair_conversion_damage(text) == text
    # and simplified input never goes through the table
    assert normalize_text("中国小说家")[0] == "中国小说家"


def test_conversion_damage_is_repaired_only_on_traditional_input():
    assert normalize_text("推進中國小校建設")[0] == "推进中小学校建设"
    assert normalize_text("全國小學生體質監測")[0] == "全国小学生体质监测"


# --- NFKC and whitespace ------------------------------------------------------------------


def test_full_width_forms_become_half_width():
    normalized, flags = normalize_text("２０２２年，第１期：ＡＢＣ（一）")
    assert normalized == "2022年,第1期:ABC(一)"
    assert flags == []


def test_whitespace_collapses_within_paragraphs_and_breaks_stay():
    text = "  第一段\u3000 内容\t继续  \r\n\r\n\n\u200b第二段 \n   \n第三段"
    assert normalize_text(text)[0] == "第一段 内容 继续\n第二段\n第三段"


# --- seed 003: document-share page markers ------------------------------------------------


def test_seed_003_page_markers_are_removed_and_sentences_joined():
    normalized, flags = normalize_text(body(DOC_SHARE))
    assert flags == ["page_markers"]
    assert "辍学率控制在0.05%以内;初中年入学率98.5%以上" in normalized
    assert "大力推进全市教育改革创新" in normalized
    assert "充分调动区级政府的办学积极性" in normalized
    assert "开展技能大赛,推进校企深度合作" in normalized
    assert "\n2、" not in normalized and "\n3、" not in normalized
    # genuine numbered items inside the chunks stay
    assert "1、提高教育科学开展水平" in normalized
    assert "2023、继续实施全市中小学校布局调整规划" in normalized


CHUNK = (
    "加强全市教育系统学习型机关、学习型学校建设,着力培养广大干部职工接受新知识的能力,"
    "切实提升教育理念。遵循教育规律、教学规律和人才成长规律,科学谋划,大力推"
)


def test_single_page_break_mid_sentence_is_a_page_marker():
    normalized, flags = normalize_text(f"1、{CHUNK}\n2、进全市教育改革创新。")
    assert normalized == CHUNK + "进全市教育改革创新。"
    assert flags == ["page_markers"]


@pytest.mark.parametrize(
    "text",
    [
        "一、总体要求\n1、提高教育科学发展水平\n2、制定教育事业发展规划\n3、加强教育督导工作",
        f"主要任务如下\n1、{CHUNK}。\n2、{CHUNK}。\n3、{CHUNK}。",
        f"1、{CHUNK}。\n2、{CHUNK}。",
        f"{CHUNK}\n5、加强教育督导工作。\n6、完善督导体系。",  # not starting at 1 or 2
    ],
)
def test_genuine_numbered_items_are_not_page_markers(text):
    normalized, flags = normalize_text(text)
    assert "page_markers" not in flags
    assert normalized == text
    assert find_page_markers(text.split("\n")) == set()


def test_simplified_seeds_get_no_repair_flags():
    for name in (FARM, QINGYUAN):
        normalized, flags = normalize_text(seed(name))
        assert flags == [], name
        assert "\n\n" not in normalized


def test_normalize_text_of_seed_004_is_fast():
    text = seed(WUJIN)
    normalize_text(text)  # warm the converter and character cache
    start = time.perf_counter()
    for _ in range(10):
        normalize_text(text)
    per_call_ms = (time.perf_counter() - start) * 100
    assert per_call_ms < 50, f"normalize_text took {per_call_ms:.1f} ms on seed 004"
