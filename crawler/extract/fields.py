"""Metadata fields of a notice page: dates, 来源, 发布机构, 文号, 索引号 — rules as data.

Labels appear in simplified and traditional script, with ASCII or full-width colons, and
often run together on one line (``来源:本网访问量:-发布时间:2022-03-28``). Every label
rule matches the line *folded* (``archive.normalize.fold_labels``: simplified, NFKC, the
same length), so each label is written once, in simplified characters with an ASCII
colon; values are read from the original line at the match's span, in the page's own
script. Lines carrying a "today" banner (今天是2019年4月11日) are never read for dates.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from archive.normalize import CJK_CHAR, fold_labels
from crawler.extract.linerules import is_widget_line
from crawler.extract.vocab import COPYRIGHT, COUNTER_WORD, TODAY_BANNER

# --- dates --------------------------------------------------------------------------------
_SEP = r"\s*:\s*"
DATE_VALUE = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d{2})\s*(?:[-/.年])\s*(?P<m>\d{1,2})\s*(?:[-/.月])\s*(?P<d>\d{1,2})\s*日?"
    r"(?:\s*[(（]?(?:星期|周)[一二三四五六日天][)）]?)?"  # 2023年4月1日（星期六）10:15
    r"(?:(?:\s*|T)(?P<H>\d{1,2})[:：时](?P<M>\d{2})(?:[:：分](?P<S>\d{1,2}))?(?!\d)"  # 14:55:0 is a page's 14:55:00
    r"(?:\s*[(（]?(?:星期|周)[一二三四五六日天][)）]?)?)?"  # …or after the time: 2024-03-21 00:00:00 星期四
)
# The notice's own date: publication labels first, then the date the document was signed.
# The colon may be missing when the date follows at once ([发布时间2019年11月6日]): labelled_date
# reads a date right after the label, so a label without one is no match.
PUBLISHED_LABELS = re.compile(r"(?:发布日期|发布时间|发稿时间|公开日期|发布于|信息时间|信息日期|添加时间|添加日期|录入时间)\s*:?\s*")
# A bare 日期: under the title is the page's own date (visible, so before a PubDate meta); not 实施日期,
# 生效日期 or 截止日期 (when a document takes effect or a call closes).
DATE_LABEL = re.compile(r"(?<![出今发成印生布开期施效止])日期" + _SEP)
SIGNED_LABELS = re.compile(r"(?:发文日期|成文日期|印发日期|生成日期)" + _SEP + "|" + DATE_LABEL.pattern)
# A repost's own date on mirrors, content farms and document-sharing sites.
MIRROR_LABELS = re.compile(r"(?:(?:发表时间|上传时间|发帖时间)" + _SEP + r"|发表于\s*:?\s*)")
# When a page was last edited: a mirror's date, and on an official page only the last resort
# (an 更新时间 is not the publication date).
UPDATED_LABELS = re.compile(r"(?:更新时间|更新日期|修改时间|最后更新)" + _SEP)
# A bare 时间: label: the last resort on an official page (news-style templates).
TIME_LABEL = re.compile(rf"(?<![{CJK_CHAR}])时间" + _SEP)
# Any date label at all: on a mirror's own chrome, each of them is the mirror's date.
ANY_DATE_LABEL = re.compile(
    "|".join(p.pattern for p in (PUBLISHED_LABELS, SIGNED_LABELS, MIRROR_LABELS, UPDATED_LABELS, TIME_LABEL))
)
# A line of metadata around the title carries one of these labels; a bare date on such a line
# (2019-08-07 10:34:01 来源:广州自考网 点击:) is the page's own date.
METADATA_MARK = re.compile(r"(?:来源|作者|编辑|发布者|发布人|责任编辑)\s*:|" + COUNTER_WORD.pattern)
METADATA_LINE_MAX_CHARS = 80
# A byline's labels, each with its value up to the next label (作者：农业农村部农药检定所来源： 药政处),
# or with none (作者：来源：, a template's empty fields).
BYLINE_LABELS = r"(?:信息来源|文章来源|来源|作者|责任编辑|编辑|发布者|发布人)\s*:"
BYLINE_PAIR = re.compile(BYLINE_LABELS + r"\s*(?:(?!" + BYLINE_LABELS + r")[^\s|｜。,;!?])*")  # a value, not a sentence
# Spaces padding a label to a fixed width: 文　　号： → 文号： (known labels only: "教育厅 编辑："
# must keep its space).
PADDED_LABELS = ("发布日期", "发布时间", "成文日期", "发文日期", "发布机构", "发文机关", "主题分类", "索引号",
                 "文号", "来源", "日期", "时间", "分类", "名称", "标题")
LABEL_PADDING = re.compile("|".join(r"\s*".join(label) + r"(?=\s*:)" for label in PADDED_LABELS))
# A two-digit year between the bars of a byline (| 16-09-29 | 【大 中 小】【打印】: the TRS template
# of the CAS institutes): read only there, where nothing else is a date.
SHORT_YEAR_DATE = re.compile(r"\|\s*(?P<y>\d{2})-(?P<m>\d{1,2})-(?P<d>\d{1,2})\s*\|")
CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
# A date written year last (18/06/2026 14:04: a Bootstrap template's day-first date, or 06/18/2026):
# rewritten year first in the folded line (same length) when only one reading is a date.
YEAR_LAST_DATE = re.compile(r"(?<![\d/.-])(?P<a>\d{1,2})(?P<s>[/.-])(?P<b>\d{1,2})(?P=s)(?P<y>(?:19|20)\d{2})(?![\d/.-])")
MONTHS = 12
# A date alone on a line, or in brackets as rules adopted at a meeting end: （2013年4月30日）.
SIGNATURE_DATE = re.compile(
    r"^\s*(?P<open>[（(])?\s*(?:(?P<y>(?:19|20)\d{2})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日"
    r"|(?P<cy>[〇○零一二三四五六七八九]{4})年(?P<cm>[一二三四五六七八九十]{1,3})月(?P<cd>[一二三四五六七八九十]{1,3})日)"
    r"\s*(?(open)[）)])\s*$"
)
URL_DATES = (
    re.compile(r"/t(?P<y>20\d{2})(?P<m>\d{2})(?P<d>\d{2})_\d+"),  # TRS
    re.compile(r"/art/(?P<y>20\d{2})/(?P<m>\d{1,2})/(?P<d>\d{1,2})/"),  # Hanweb
    re.compile(r"/(?P<y>20\d{2})[-_/]?(?P<m>\d{2})[-_/]?(?P<d>\d{2})/"),
    # a path segment that is a whole yyyymmddhhmmss stamp (/zxdt/20250428121446): the posting time
    re.compile(r"/(?P<y>20\d{2})(?P<m>[01]\d)(?P<d>[0-3]\d)[0-2]\d[0-5]\d[0-5]\d(?:$|[/?#.])"),
)

# --- other labelled fields (folded lines; values read from the original) -------------------
# Not a picture's credit (图片来源：上海交通大学, 照片来源, 视频来源): it names where a photo came from.
SOURCE = re.compile(r"(?<!图片)(?<!照片)(?<!视频)(?<!图)(?:信息来源|文章来源|来源|供稿单位|供稿)\s*:\s*(?P<v>[^\s|｜]+)")
# 发布/发表/发稿/上传 start the next label (发布时间, 发稿时间, 发布人: …); ending the value, see source().
# A date run into the value (来源：河南日报2024年02月02日: two elements printed without a space) ends it too.
SOURCE_STOP = re.compile(r"(" + COUNTER_WORD.pattern + r"|(?:发布|发表|发稿|上传)(?!$)|作者|编辑|时间|日期|字号|字体|【|】"
                         r"|(?<!\d)(?:19|20)\d{2}\s*[-年./]\s*\d{1,2}"
                         r"|文号|索引号|发布机构|发文机关|成文日期|主题分类|分类:).*$")
# Joint issuers are written one after another, space-separated (发文机关：上海市财政局 国家税务总局上海市税务局):
# a following token that ends like an agency's name and carries no label belongs to the value.
AGENCY_END = r"(?:委员会|办公室|政府|局|委|厅|部|办|院|中心|室|处|署|所|会|站|队|馆|社)"
ISSUER = re.compile(r"(?:发布机构|发文机关|发文机构|发文单位|发布单位|制发单位|制发机关)" + _SEP
                    + r"(?P<v>[^\s|｜]+(?:[ \t]+[^\s|｜:]{1,30}" + AGENCY_END + r"(?=[\s|｜]|$))*)")
# A red-head document's masthead (发文机关标志) over its 文号 at the top of the body:
# 重庆广播电视大学文件 / 重 庆 广 播 电 视 大 学 → 发文机关. A school names itself too.
MASTHEAD = re.compile(rf"^(?P<v>[{CJK_CHAR}\-—·]{{4,40}}?)(?:文件)?$")
MASTHEAD_END = re.compile(AGENCY_END[:-1] + r"|大学|学院|学校|中学|小学|文件)$")
MASTHEAD_LINES = 3  # the masthead is one of the body's first lines
INDEX_NUMBER = re.compile(r"索引号" + _SEP + r"(?P<v>[\w/\-.]+)")
DOC_NUMBER_LABEL = re.compile(r"(?:文号|发文字号)" + _SEP + r"(?P<v>[^\s|｜]+)")
DOC_NUMBER = re.compile(
    rf"(?P<org>[{CJK_CHAR}]{{1,10}})\s*[〔\[(【]\s*(?P<y>(?:19|20)\d{{2}})\s*[〕\])】]\s*(?P<n>\d{{1,4}})\s*号"
)
# What may stand around a 文号 on a line of its own: brackets, and the date it was signed
# ((民发〔2012〕124号 2012年7月10日), under a State Council-style title).
DOC_NUMBER_BEFORE = re.compile(r"^[\s(]*$")
DOC_NUMBER_AFTER = re.compile(r"^\s*(?:" + DATE_VALUE.pattern + r")?\s*\)?\s*$")
# A regulation's adoption note: 2005年12月31日校通字[2005]81号公布 (印发, 发布).
ADOPTED = re.compile(r"^\s*(?:公布|印发|发布)")
# A 公告's number on a line of its own under the title: 财政部 税务总局公告2025年第17号.
ANNOUNCEMENT_NUMBER = re.compile(
    rf"^\s*[{CJK_CHAR}][{CJK_CHAR} ]{{1,40}}公告\s*(?:19|20)\d{{2}}\s*年\s*第\s*\d{{1,4}}\s*号\s*$"
)
# Labels a 信息公开 table writes in a cell of their own ("发布机构：" | "东莞市人民政府办公室") or in
# brackets ("[发文字号] 京教建〔2026〕22号"): ``label_lines`` writes them as "label:value".
CELL_LABELS = ("发布机构", "发文机关", "发文机构", "发文单位", "发布单位", "制发单位", "制发机关", "来源", "信息来源", "文号", "发文字号", "索引号",
               "发布日期", "发布时间", "成文日期", "生成日期", "公开日期", "印发日期", "日期", "时间", "发表时间",
               "更新时间")
_CELL_LABEL = "|".join(sorted(CELL_LABELS, key=len, reverse=True))
LABEL_ONLY = re.compile(rf"^\s*[\[【]?\s*(?P<label>{_CELL_LABEL})\s*[\]】]?\s*:?\s*$")
# …or ending a short date line with its value on the next line (a link the template prints after
# the label: 2015-07-04 10:16:00 来源: | 中国政府网; 2018-12-11来源: | 中国文明网, two spans unspaced).
# A news outlet's name (上海教育新闻网, 解放日报, 光明日报客户端, 上海热线); not …新闻, a column too (热点新闻).
OUTLET_END = re.compile(r"(?:网|报|报社|社|台|电视台|在线|客户端|热线)$")
SHOWN_SOURCE_LINES = 3  # lines under the title where a template prints its source and date
BYLINE_NAME = re.compile(r"[^\d\s:：,，。;；!！?？|]{2,20}")  # a source's name before the byline's date
SENTENCE = re.compile(r"[，。；！？,;!?]")  # a value is a name or a code, never a sentence (raw or folded)
LABEL_AT_END = re.compile(rf"(?:\s|(?<=\d))[\[【]?\s*(?P<label>{_CELL_LABEL})\s*[\]】]?\s*:\s*$")
BRACKET_LABEL = re.compile(rf"^\s*[\[【]\s*(?P<label>{_CELL_LABEL})\s*[\]】]\s*:?\s*(?=\S)")
ANY_BRACKET_LABEL = re.compile(r"^\s*[\[【][^\]】]{1,10}[\]】]")  # [联合发文单位]: a label, never a value
LABEL_VALUE_MAX_CHARS = 60  # a cell value, not a paragraph
# A line that starts the notice's text (第一章 总则, 一、, 附件2：) is never the value of an empty
# label above it (来源: | 第一章 总则): nor is a line ending in a colon, itself a label.
TEXT_START = re.compile(r"^\s*(?:第[一二三四五六七八九十百零〇\d]+[章节条款]|[一二三四五六七八九十]+、|附件"
                        r"|\([一二三四五六七八九十]+\))|:\s*$")
OPENING_QUOTES = ("“", '"', "「", "『", "‘", "'")
COUNTER_VALUE = re.compile(r"(?:" + COUNTER_WORD.pattern + r"):?\s*[-\d]*")


def iso(m: re.Match) -> str | None:
    """ISO date (with time when the page gives one) from a DATE_VALUE match; None if impossible."""
    try:
        day = date(int(m["y"]), int(m["m"]), int(m["d"]))
    except ValueError:
        return None
    if m["H"] is None or (int(m["H"]) == 0 and int(m["M"]) == 0 and not int(m["S"] or 0)):
        return day.isoformat()  # 00:00 is a date stored as a time, not a time the page gives
    hour, minute = int(m["H"]), int(m["M"])
    if hour > 23 or minute > 59:
        return day.isoformat()
    stamp = f"{day.isoformat()}T{hour:02d}:{minute:02d}"
    return stamp + f":{int(m['S']):02d}" if m["S"] else stamp


@lru_cache(maxsize=8192)
def folded_pair(line: str) -> tuple[str, str]:
    """(line, its folded form) with label padding (文　　号:) removed from both: the two
    have the same length, so a span found in the folded form reads the original."""
    folded = YEAR_LAST_DATE.sub(_year_first, fold_labels(line))
    drop = {i for m in LABEL_PADDING.finditer(folded) for i in range(m.start(), m.end()) if folded[i].isspace()}
    if not drop:
        return line, folded
    keep = [i for i in range(len(line)) if i not in drop]
    return "".join(line[i] for i in keep), "".join(folded[i] for i in keep)


def _year_first(m: re.Match) -> str:
    """A year-last date written year first with the same characters (18/06/2026 → 2026/06/18),
    when only one reading is a date: day first (18/06) or month first (06/18); 05/06/2026 stays."""
    a, b = int(m["a"]), int(m["b"])
    if a > MONTHS >= b:
        day, month = m["a"], m["b"]
    elif b > MONTHS >= a:
        month, day = m["a"], m["b"]
    else:
        return m.group(0)
    return f"{m['y']}{m['s']}{month}{m['s']}{day}"


def label_lines(lines: list[str]) -> list[str]:
    """Lines with table-cell labels joined to their value: "发布机构：" + "市住建局" → "发布机构:市住建局",
    "[发文字号] 京教建〔2026〕22号" → "发文字号:京教建〔2026〕22号"."""
    out: list[str] = []
    skip = False
    for i, line in enumerate(lines):
        if skip:
            skip = False
            continue
        original, folded = folded_pair(line)
        m = LABEL_ONLY.match(folded) or (len(folded) <= METADATA_LINE_MAX_CHARS and (end := LABEL_AT_END.search(folded))
                                         and DATE_VALUE.search(folded[:end.start()]) and end)
        if m and i + 1 < len(lines):
            following = lines[i + 1]
            following_folded = folded_pair(following)[1]
            if (len(following) <= LABEL_VALUE_MAX_CHARS and not LABEL_ONLY.match(following_folded)
                    and not TEXT_START.search(following_folded) and not SENTENCE.search(following_folded)
                    and not ANY_BRACKET_LABEL.match(following_folded) and not is_widget_line(following)):
                out.append(f"{original[:m.start('label')]}{original[m.start('label'):m.end('label')]}:{following.strip()}")
                skip = True
                continue
        m = BRACKET_LABEL.match(folded)
        if m:
            out.append(f"{original[m.start('label'):m.end('label')]}:{original[m.end():]}")
            continue
        out.append(line)
    return out


# The labels of a 信息公开 table printed over the text (分 类： | 环境监测… | 发文机关:… | 标 题： | …).
TABLE_LABELS = CELL_LABELS + ("分类", "主题分类", "标题", "名称", "文件名称", "主题词", "有效性", "发文时间")
TABLE_LABEL = re.compile(r"^\s*(?:" + "|".join(sorted(TABLE_LABELS, key=len, reverse=True)) + r")\s*:\s*(?P<v>.*)$")
TABLE_BLOCK_LABELS = 3  # label rows that make the top of a body a metadata table


def metadata_table_end(lines: list[str]) -> int:
    """How many of ``lines`` (a body's first lines) are a 信息公开 table of labels and values
    printed over the text: label rows, each with its value on its line or the next; 0 unless
    at least TABLE_BLOCK_LABELS rows are labels."""
    i = labels = 0
    while i < len(lines):
        m = TABLE_LABEL.match(folded_pair(lines[i])[1])
        if not m:
            break
        labels += 1
        i += 1 if m["v"].strip() or i + 1 >= len(lines) else 2
    return i if labels >= TABLE_BLOCK_LABELS else 0


def unpad(line: str) -> str:
    """The line without the spaces padding its labels to a fixed width."""
    return folded_pair(line)[0]


def labelled_date(lines: list[str], labels: re.Pattern) -> str | None:
    """The first date written after one of ``labels``, skipping today-banners and copyright lines."""
    for line in lines:
        folded = folded_pair(line)[1]
        if TODAY_BANNER.search(folded) or COPYRIGHT.search(folded):
            continue
        for label in labels.finditer(folded):
            m = DATE_VALUE.match(folded, label.end())
            if m and (value := iso(m)):
                return value
    return None


def metadata_line_date(lines: list[str]) -> str | None:
    """The date standing without a label on a short metadata line (one carrying 来源:, 作者:,
    点击…): ``2019-08-07 10:34:01 来源：广州自考网 点击：``."""
    for i, line in enumerate(lines):
        if len(line) > METADATA_LINE_MAX_CHARS:
            continue
        folded = folded_pair(line)[1]
        if TODAY_BANNER.search(folded) or COPYRIGHT.search(folded):
            continue
        m = DATE_VALUE.search(folded)
        if not m or not (value := iso(m)):
            continue
        if METADATA_MARK.search(folded):
            return value
        # A date on a line of its own (under the heading) beside the 来源/点击 line.
        beside = [folded_pair(lines[j])[1] for j in (i - 1, i + 1) if 0 <= j < len(lines)]
        if DATE_VALUE.fullmatch(folded.strip()) and any(
                len(other) <= METADATA_LINE_MAX_CHARS and METADATA_MARK.search(other) for other in beside):
            return value
    return None


def short_year_date(lines: list[str]) -> str | None:
    """A byline's date written with a two-digit year between bars: ``| 16-09-29 |`` → 2016-09-29."""
    for line in lines:
        m = SHORT_YEAR_DATE.search(folded_pair(line)[1]) if len(line) <= METADATA_LINE_MAX_CHARS else None
        if m:
            try:
                return date(2000 + int(m["y"]), int(m["m"]), int(m["d"])).isoformat()
            except ValueError:
                continue
    return None


def date_line_time(lines: list[str]) -> str | None:
    """A line that is only a date with a time (``2024-02-23 15:16`` in a span of its own beside
    来源 and 浏览量): the time of the day a label or PubDate gives without one."""
    for line in lines:
        folded = folded_pair(line)[1].strip()
        m = DATE_VALUE.fullmatch(folded)
        if m and m["H"] is not None and (value := iso(m)):
            return value  # a midnight stamp (2024-03-21 00:00:00 星期四) is the day alone
    return None


YEARLESS_TIME = re.compile(r"(?<![\d/.-])(?P<m>\d{1,2})\s*[-/月]\s*(?P<d>\d{1,2})\s*日?\s+(?P<H>\d{1,2}):(?P<M>\d{2})"
                           r"(?::(?P<S>\d{2}))?(?![\d:])")


def day_time(lines: list[str], day: str) -> str | None:
    """The time a short line gives for ``day`` (YYYY-MM-DD): ``上海教育新闻网 记者 2020-06-15 15:04:47``
    under the heading, when the date was read without its time elsewhere (a URL, a meta tag)."""
    month_day = (int(day[5:7]), int(day[8:10]))
    for line in lines:
        folded = folded_pair(line)[1]
        if len(folded) > METADATA_LINE_MAX_CHARS:
            continue
        for m in DATE_VALUE.finditer(folded):
            if m["H"] is not None and (value := iso(m)) and value.startswith(day) and len(value) > len(day):
                return value
        # A time printed with the month and day only (07-05 11:09, a news app's slot under the
        # heading): the year is the one the day was read with.
        for m in YEARLESS_TIME.finditer(folded):
            if (int(m["m"]), int(m["d"])) == month_day and int(m["H"]) < 24 and int(m["M"]) < 60:
                return f"{day}T{int(m['H']):02d}:{m['M']}" + (f":{m['S']}" if m["S"] else "")
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
    """The first value of a labelled field, in the page's own script (matched on the folded line).
    A label in quotation marks is quoted, not a label (a disclaimer's 转载须注明“来源：…” or
    凡本站注明“稿件来源：…”的所有文字)."""
    for line in lines:
        original, folded = folded_pair(line)
        m = next((m for m in pattern.finditer(folded) if not _inside_quotes(folded[:m.start()])), None)
        if not m:
            continue
        start, end = m.span("v")
        if stop and (cut := stop.search(folded, start, end)):
            end = cut.start()
        value = original[start:end].strip(" :：,，;；")
        if value and value not in ("-", "—"):
            return value
    return None


def _inside_quotes(before: str) -> bool:
    """True when a label starting after ``before`` (its line so far) stands inside quotation marks."""
    return (before.rstrip().endswith(OPENING_QUOTES) or before.count("“") > before.count("”")
            or before.count("「") > before.count("」") or before.count('"') % 2 == 1)


def doc_number(lines: list[str]) -> str | None:
    """文号 with its year bracket normalised to 〔〕, from a 文号 label or a line of its own."""
    labelled = first_value(lines, DOC_NUMBER_LABEL)
    candidates = [labelled] if labelled else []
    for text in candidates + list(lines):
        original, folded = folded_pair(text)
        m = DOC_NUMBER.search(folded)
        if not m or (text is not labelled and not (DOC_NUMBER_BEFORE.match(folded[:m.start()])
                                                   and DOC_NUMBER_AFTER.match(folded[m.end():]))):
            continue
        return f"{original[m.start('org'):m.end('org')]}〔{m['y']}〕{int(m['n'])}号"
    for text in lines:
        original, folded = folded_pair(text)
        if ANNOUNCEMENT_NUMBER.match(folded):
            return " ".join(original.split())
    return None


def adoption_note_number(head: list[str]) -> str | None:
    """The 文号 a regulation's adoption note gives after its date, in ``head`` (the body's first
    lines): （经…审议通过，2005年12月31日校通字[2005]81号公布。）"""
    for text in head:
        original, folded = folded_pair(text)
        for date_m in DATE_VALUE.finditer(folded):
            rest = folded[date_m.end():]
            m = DOC_NUMBER.match(rest)
            if m and ADOPTED.match(rest[m.end():]):
                at = date_m.end()
                return f"{original[at + m.start('org'):at + m.end('org')]}〔{m['y']}〕{int(m['n'])}号"
    return None


def title_doc_number(title: str | None) -> str | None:
    """A 文号 in parentheses at the end of the title: …出让公告（合自然资规公告[2021]11号）."""
    folded = fold_labels(title or "").rstrip()
    if not folded.endswith(")"):
        return None
    inner = folded[folded.rfind("(") + 1:-1]
    return doc_number([inner]) if inner else None


def source(lines: list[str]) -> str | None:
    """来源's value; a 发布 ending it is the verb after an agency's name (滁州市人民政府发布),
    not part of a name (上海发布)."""
    value = first_value(lines, SOURCE, SOURCE_STOP)
    if value and value.endswith(("发布", "發布")) and _is_agency_name(value[:-2]):
        return value[:-2]
    return value


def issuer(lines: list[str]) -> str | None:
    return first_value(lines, ISSUER)


def byline(lines: list[str], title: str | None) -> tuple[str | None, str | None]:
    """(date, source) of the line printed right under the title when it carries no labels:
    ``2017-04-10  蒲城县北关小学`` — a date first, then maybe the name of the agency or school,
    or of the outlet before its reporter (2019-08-30 14:58 光明日报客户端 曹继军); or a name
    first, then the date (上海热线 2020-10-05 12:14:47); or an outlet's name alone on that line
    with the date on the next (中国新闻网 | 2019-10-18 16:27:30)."""
    flat = "".join((title or "").split())
    found: tuple[str | None, str | None] = (None, None)
    for at in (i for i, line in enumerate(lines[:-1]) if flat and "".join(line.split()) == flat):
        found = _byline_below(lines, at)  # every place the title stands (a share box prints it too)
        if found[0]:
            return found
    return found


def _byline_below(lines: list[str], at: int) -> tuple[str | None, str | None]:
    """byline() for the title printed on line ``at``."""
    below = lines[at + 1]
    if not below or len(below) > METADATA_LINE_MAX_CHARS:
        return None, None
    original, folded = folded_pair(below)
    if (OUTLET_END.search(folded.strip()) and BYLINE_NAME.fullmatch(folded.strip()) and at + 2 < len(lines)
            and (m := DATE_VALUE.fullmatch(folded_pair(lines[at + 2])[1].strip()))):
        return iso(m), original.strip()
    start = len(folded) - len(folded.lstrip())
    m = DATE_VALUE.match(folded, start)
    if m is None:
        # …or a name first (a news template's source, then its time: TNW中文站2016年10月14日07:17),
        # or an outlet and its reporter (上海教育新闻网   金寒草   2020-06-15 15:04:47): the outlet is the source
        m = DATE_VALUE.search(folded)
        names = folded[:m.start()].split() if m else []
        if (m is None or folded[m.end():].strip() or not 1 <= len(names) <= 2
                or not all(BYLINE_NAME.fullmatch(name) for name in names)):
            return None, None
        outlet = names[0] if (OUTLET_END.search(names[0]) or _is_agency_name(names[0])) else None
        return iso(m), outlet
    if not (day := iso(m)):
        return None, None
    name = original[m.end():].strip()
    if _is_agency_name(name):
        return day, name
    words = name.split()
    return day, words[0] if 1 <= len(words) <= 4 and OUTLET_END.search(words[0]) and BYLINE_NAME.fullmatch(words[0]) else None


def shown_source(lines: list[str], title: str | None, published: str | None, names: list[str]) -> str | None:
    """The first of ``names`` (a page's source meta tags) printed as a name of its own beside
    the title or the publication date: on one of the SHOWN_SOURCE_LINES lines under the title,
    or on the line printing the date or the one over it, the date left out (上海市学校后勤协会 |
    2020年07月16日 15:13; 2022年11月28日19:30 澎湃新闻): the template's unlabelled source,
    which the meta confirms. A meta value the page never prints there is not read."""
    names = [name for name in names if name]
    if not names:
        return None
    flat, day = "".join((title or "").split()), (published or "")[:10]
    near: list[str] = []
    for i, line in enumerate(lines):
        if flat and "".join(line.split()) == flat:
            near += lines[i + 1:i + 1 + SHOWN_SOURCE_LINES]
        elif day and any((iso(m) or "")[:10] == day for m in DATE_VALUE.finditer(folded_pair(line)[1])):
            near += lines[max(0, i - 1):i + 1]
    for line in near:
        if len(line) <= METADATA_LINE_MAX_CHARS:
            words = DATE_VALUE.sub(" ", folded_pair(line)[1]).split()
            if found := next((name for name in names if name in words), None):
                return found
    return None


def _is_agency_name(text: str) -> bool:
    compact = fold_labels("".join(text.split()))
    return bool(MASTHEAD.match(compact) and MASTHEAD_END.search(compact))


def masthead_issuer(lines: list[str]) -> str | None:
    """The issuing body a red-head document prints over its 文号 (its 发文机关标志): a line of
    an agency's or school's name, maybe ending in 文件, right above a line holding only the 文号."""
    for line, below in zip(lines[:MASTHEAD_LINES], lines[1:MASTHEAD_LINES + 1], strict=False):
        compact = "".join(unpad(line).split())
        if _is_agency_name(compact) and doc_number([below]):
            return compact[:MASTHEAD.match(fold_labels(compact)).end("v")]
    return None


def index_number(lines: list[str]) -> str | None:
    return first_value(lines, INDEX_NUMBER)


def is_byline(line: str) -> bool:
    """A short line made only of byline labels and their values (作者：… 来源：…, or the labels
    left empty), maybe beside a date label: the page's byline bar, when it stands above the body's text (a 责任编辑：… line
    ending a notice is printed as part of it)."""
    folded = folded_pair(line)[1]
    if len(folded) > METADATA_LINE_MAX_CHARS:
        return False
    stripped = BYLINE_PAIR.sub(" ", folded)
    return stripped != folded and (not stripped.strip(" :|｜-") or is_metadata_line(stripped))


def is_metadata_line(line: str) -> bool:
    """A line that only carries labels (date, 来源, 访问量…): a field, never body text."""
    folded = folded_pair(line)[1]
    stripped = SOURCE.sub("", folded)
    for label in list(ANY_DATE_LABEL.finditer(stripped))[::-1]:
        m = DATE_VALUE.match(stripped, label.end())
        if m:
            stripped = stripped[:label.start()] + stripped[m.end():]
    stripped = COUNTER_VALUE.sub("", stripped)
    return len(stripped.strip(" :|｜-")) == 0 and stripped != folded
