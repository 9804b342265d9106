"""Metadata fields of a notice page: dates, 来源, 发布机构, 文号, 索引号 — rules as data.

Labels appear in simplified and traditional script, with ASCII or full-width colons, and
often run together on one line (``来源:本网访问量:-发布时间:2022-03-28``). Lines carrying
a "today" banner (今天是2019年4月11日) are never read for dates.
"""

from __future__ import annotations

import re
from datetime import date

# --- dates --------------------------------------------------------------------------------
_SEP = r"\s*[:：]\s*"
DATE_VALUE = re.compile(
    r"(?P<y>(?:19|20)\d{2})\s*(?:[-/.年])\s*(?P<m>\d{1,2})\s*(?:[-/.月])\s*(?P<d>\d{1,2})\s*日?"
    r"(?:\s*[(（]?(?:星期|周)[一二三四五六日天][)）]?)?"  # 2023年4月1日（星期六）10:15
    r"(?:(?:\s*|T)(?P<H>\d{1,2})[:：时](?P<M>\d{2})(?:[:：分](?P<S>\d{2}))?)?"
)
# The notice's own date: publication labels first, then the date the document was signed.
PUBLISHED_LABELS = re.compile(
    r"(?:发布日期|發布日期|發佈日期|发布时间|發布時間|發佈時間|公开日期|公開日期|发布于|發布於|信息时间|"
    r"信息日期)" + _SEP
)
SIGNED_LABELS = re.compile(
    r"(?:发文日期|發文日期|成文日期|印发日期|印發日期|生成日期|(?<![出今发發成印生布佈开開])日期)" + _SEP
)
# A repost's own date on mirrors, content farms and document-sharing sites.
MIRROR_LABELS = re.compile(r"(?:(?:发表时间|發表時間|上传时间|上傳時間|发帖时间|更新时间|更新時間)" + _SEP
                           + r"|(?:发表于|發表於)\s*[:：]?\s*)")
# A bare 时间： label: the last resort on an official page (news-style templates).
TIME_LABEL = re.compile(r"(?<![\u4e00-\u9fff])(?:时间|時間)" + _SEP)
# Any date label at all: on a mirror's own chrome, each of them is the mirror's date.
ANY_DATE_LABEL = re.compile(
    "|".join(p.pattern for p in (PUBLISHED_LABELS, SIGNED_LABELS, MIRROR_LABELS, TIME_LABEL))
)
# Spaces padding a label to a fixed width: 文　　号： → 文号： (known labels only: "教育厅 编辑："
# must keep its space).
PADDED_LABELS = ("发布日期", "发布时间", "成文日期", "发文日期", "发布机构", "发文机关", "主题分类", "索引号",
                 "文号", "来源", "日期", "时间", "分类", "名称")
LABEL_PADDING = re.compile("|".join("[ \u3000\xa0]*".join(label) + r"(?=\s*[:：])" for label in PADDED_LABELS))
BANNER = re.compile(r"今天是|今日是|当前时间|現在時間|现在是|©|copyright|版权所有|版權所有", re.I)
CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
SIGNATURE_DATE = re.compile(
    r"^\s*(?:(?P<y>(?:19|20)\d{2})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日"
    r"|(?P<cy>[〇○零一二三四五六七八九]{4})年(?P<cm>[一二三四五六七八九十]{1,3})月(?P<cd>[一二三四五六七八九十]{1,3})日)\s*$"
)
URL_DATES = (
    re.compile(r"/t(?P<y>20\d{2})(?P<m>\d{2})(?P<d>\d{2})_\d+"),  # TRS
    re.compile(r"/art/(?P<y>20\d{2})/(?P<m>\d{1,2})/(?P<d>\d{1,2})/"),  # Hanweb
    re.compile(r"/(?P<y>20\d{2})[-_/]?(?P<m>\d{2})[-_/]?(?P<d>\d{2})/"),
)

# --- other labelled fields ----------------------------------------------------------------
SOURCE = re.compile(r"(?:来源|來源|信息来源|信息來源|文章来源|文章來源)" + r"\s*[:：]\s*(?P<v>[^\s|｜]+)")
SOURCE_STOP = re.compile(r"(访问量|訪問量|浏览|瀏覽|点击|點擊|阅读|閱讀|发布|發布|作者|编辑|編輯|时间|日期|字号|【|】"
                         r"|文号|文號|索引号|发布机构|發布機構|发文机关|成文日期|主题分类|分类[:：]).*$")
ISSUER = re.compile(r"(?:发布机构|發布機構|发文机关|發文機關|发文单位|發文單位|发布单位)" + _SEP + r"(?P<v>[^\s|｜]+)")
INDEX_NUMBER = re.compile(r"索引号" + _SEP + r"(?P<v>[\w/\-.]+)")
DOC_NUMBER_LABEL = re.compile(r"(?:文号|文號|发文字号|發文字號)" + _SEP + r"(?P<v>[^\s|｜]+)")
DOC_NUMBER = re.compile(
    r"(?P<org>[\u4e00-\u9fff]{1,10})\s*[〔\[［(（【﹝]\s*(?P<y>(?:19|20)\d{2})\s*[〕\]］)）】﹞]\s*(?P<n>\d{1,4})\s*[号號]"
)


def iso(m: re.Match) -> str | None:
    """ISO date (with time when the page gives one) from a DATE_VALUE match; None if impossible."""
    try:
        day = date(int(m["y"]), int(m["m"]), int(m["d"]))
    except ValueError:
        return None
    if m["H"] is None:
        return day.isoformat()
    hour, minute = int(m["H"]), int(m["M"])
    if hour > 23 or minute > 59:
        return day.isoformat()
    stamp = f"{day.isoformat()}T{hour:02d}:{minute:02d}"
    return stamp + f":{int(m['S']):02d}" if m["S"] else stamp


def unpad(line: str) -> str:
    return LABEL_PADDING.sub(lambda m: "".join(m.group(0).split()), line)


def labelled_date(lines: list[str], labels: re.Pattern) -> str | None:
    """The first date written after one of ``labels``, skipping today-banners and copyright lines."""
    for line in map(unpad, lines):
        if BANNER.search(line):
            continue
        for label in labels.finditer(line):
            m = DATE_VALUE.match(line, label.end())
            if m and (value := iso(m)):
                return value
    return None


def _cn_number(text: str) -> int:
    if len(text) == 4:  # a year written digit by digit: 二〇二二
        return int("".join(str(CN_DIGITS[c]) for c in text))
    if text.startswith("十"):
        return 10 + (CN_DIGITS[text[1]] if len(text) > 1 else 0)
    if "十" in text:
        tens, _, ones = text.partition("十")
        return CN_DIGITS[tens] * 10 + (CN_DIGITS[ones] if ones else 0)
    return CN_DIGITS[text]


def signature_date(lines: list[str]) -> str | None:
    """The date of a notice's signature block (2022年1月12日 / 二〇二二年一月十二日): the last
    line of the body that is nothing but a date (attached rules may follow the signature)."""
    for line in reversed(lines):
        m = SIGNATURE_DATE.match(line)
        if not m:
            continue
        try:
            if m["y"]:
                return date(int(m["y"]), int(m["m"]), int(m["d"])).isoformat()
            return date(_cn_number(m["cy"]), _cn_number(m["cm"]), _cn_number(m["cd"])).isoformat()
        except (ValueError, KeyError):
            return None
    return None


def url_date(url: str) -> str | None:
    for pattern in URL_DATES:
        m = pattern.search(url)
        if m:
            try:
                return date(int(m["y"]), int(m["m"]), int(m["d"])).isoformat()
            except ValueError:
                continue
    return None


def meta_date(value: str | None) -> str | None:
    m = DATE_VALUE.search(value or "")
    return iso(m) if m else None


def first_value(lines: list[str], pattern: re.Pattern, stop: re.Pattern | None = None) -> str | None:
    for line in map(unpad, lines):
        m = pattern.search(line)
        if m:
            value = stop.sub("", m["v"]) if stop else m["v"]
            value = value.strip(" :：,，;；")
            if value and value not in ("-", "—"):
                return value
    return None


def doc_number(lines: list[str]) -> str | None:
    """文号 with its year bracket normalised to 〔〕, from a 文号 label or the body's first lines."""
    labelled = first_value(lines, DOC_NUMBER_LABEL)
    candidates = [DOC_NUMBER.search(labelled)] if labelled else []
    candidates += [DOC_NUMBER.fullmatch(line.strip()) for line in lines]  # a line of its own
    for m in candidates:
        if m:
            return f"{m['org']}〔{m['y']}〕{int(m['n'])}号"
    return None


def source(lines: list[str]) -> str | None:
    return first_value(lines, SOURCE, SOURCE_STOP)


def issuer(lines: list[str]) -> str | None:
    return first_value(lines, ISSUER)


def index_number(lines: list[str]) -> str | None:
    return first_value(lines, INDEX_NUMBER)


def is_metadata_line(line: str) -> bool:
    """A line that only carries labels (date, 来源, 访问量…): a field, never body text."""
    stripped = SOURCE.sub("", unpad(line))
    for label in list(ANY_DATE_LABEL.finditer(stripped))[::-1]:
        m = DATE_VALUE.match(stripped, label.end())
        if m:
            stripped = stripped[:label.start()] + stripped[m.end():]
    stripped = re.sub(r"(访问量|訪問量|浏览次数|点击数|阅读次数)[:：]?\s*[-\d]*", "", stripped)
    return len(stripped.strip(" :：|｜-")) == 0 and stripped != unpad(line)
