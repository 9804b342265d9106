"""How far to trust one extraction: a confidence in [0, 1] from evidence, with the reasons.

Every rule that finds a body can miss (a navigation block taken for the notice, the
notice cut short, a sidebar title taken for the title). Each piece of evidence below
multiplies the confidence by its factor; below ``LOW_CONFIDENCE`` the record is flagged
``low_confidence`` and the crawl records a problem row naming the URL and the reasons,
so a doubtful notice is counted in the run instead of archived silently.

Evidence (reason names as they appear in records and problem rows):

- ``link_dense``: much of the body is lines that are links on the page (a list, a menu);
- ``chrome_lines``: body lines carrying navigation/footer words (首页, 版权所有, 网站地图…);
- ``whole_page``: the body is nearly all the page's text although the page around it has
  navigation (the container guess stopped at the page itself);
- ``short_body``: the body is far shorter than the page's text suggests (a line of text left
  outside it, a sentence or a table row, not a breadcrumb, label or footer, is longer than
  the whole body, or a tiny body on a page full of text), with
  no attachment to explain it;
- ``metadata_body``: most body lines are a page's metadata pairs (索引号/发布机构/公开方式…: the
  信息公开 table taken for the notice, as on pages whose notice is only an attachment); a
  notice's own label: value lines (a procurement notice's 项目名称/采购人/联系人) are its text;
- ``heading_inside``: the body holds the page's heading over its 发布日期/来源 line below lines
  holding a fifth of its text (a sidebar or a menu taken with the notice: the container
  reached above it);
- ``title_mismatch``: the title differs from the list page's title for the link;
- ``date_mismatch``: the date is more than a month from the one the list page's row shows (a
  date read from another article's line, a signature year mistyped; an official page only: a
  mirror's list shows its posting dates);
- ``date_url_mismatch``: the date stands only in a meta tag, printed nowhere on the page, and is
  more than a month from the one the notice's URL holds (/2020-08/17/, TRS t20200817_): a
  template's stale publishdate (人民日报's e-paper: 2013-07-17 on a 2020 page);
- ``title_is_site_name``: the title is the site's own name (its SiteName meta);
- ``title_in_footer``: the title is named in the footer's 版权所有/主办/ICP line (the site's owner);
- ``title_is_org_name``: the title reads as an organisation's name (…学校, …信息网, …局) with
  no word a notice's title has (关于, 通知, 公告, 办法…);
- ``title_cut``: the title's brackets do not pair (…方案》的通知: cut at a separator);
- ``date_unlabelled``: the page's date or metadata lines show dates, but not this one, and it
  stands on no line of its own, after the heading, or in PubDate/<time>: it came from the
  signature, the URL or another notice's line while the page labels another date;
- ``no_title`` / ``no_date`` / ``no_body``: nothing found (a body of marks alone, ``#``, is none);
  ``no_date`` flags when the page shows a date somewhere (around the body, in it, in its date
  metadata); on a page that shows none it is said with a smaller factor, flagged only beside
  other doubt (an undated 规章制度 page has no date to miss);
- ``images_only``: no text, but images stand in the body container (a notice printed as
  images): said, not flagged on its own;
- ``more_pages``: the notice goes on over more pages (a pager to ``x_2.html``…, TRS's
  ``createPageHTML``): only the first page's text is in the record;
- ``fallback``: no container qualified and trafilatura chose the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from difflib import SequenceMatcher

from archive.normalize import CJK_CHAR, fold_labels
from crawler.extract.fields import (
    ANY_DATE_LABEL,
    DATE_VALUE,
    METADATA_LINE_MAX_CHARS,
    METADATA_MARK,
    is_byline,
    is_metadata_line,
    labelled_date,
    meta_date,
)
from crawler.extract.vocab import CHROME_WORD, CJK, FOOTER_LINE

WORD = re.compile(r"[^\W_]")  # a letter, digit or CJK character
LOW_CONFIDENCE = 0.6  # below this a record is flagged ``low_confidence``
LINK_DENSE = ((0.5, 0.3), (0.25, 0.6))  # (link share of the container's text, factor), worst first
CHROME_LINE_MAX_CHARS = 40  # a short line with one chrome word, or any line with two
CHROME_FACTORS = ((3, 0.4), (1, 0.75))  # (chrome lines at least, factor)
WHOLE_PAGE_SHARE = 0.93  # body share of the page's Chinese text…
WHOLE_PAGE_MIN_CJK = 300  # …on a page with at least this much text
WHOLE_PAGE_FACTOR = 0.7
SHORT_BODY_CJK = 40  # a body shorter than this…
SHORT_BODY_PAGE_CJK = 800  # …on a page holding this much text is suspicious
SHORT_BODY_FACTOR = 0.5
LABEL_LINE = re.compile(rf"^[{CJK_CHAR} ]{{2,10}}\s*[:：]")  # 公开责任部门：市司法局
# The labels of a page's own metadata (a 信息公开 table, a date and source bar), not a notice's
# own label: value lines (a procurement notice's 项目名称/采购人/联系人/电话 are its text).
PAGE_META_LABEL = re.compile(r"索引号|发布机构|发文机关|发文单位|制发机关|发布日期|发布时间|成文日期|生成日期|印发日期|文号|字号"
                             r"|主题分类|主题词|分类|公开方式|公开范围|公开时限|公开责任|公开属性|公开形式|来源|浏览|点击|访问"
                             r"|有效性|生效日期|废止日期|失效日期|所属机构|关键词|内容概述|统一编号|登记号|责任部门|作者|编辑")
METADATA_SHARE, METADATA_MIN_LINES, METADATA_FACTOR = 0.6, 3, 0.4
TITLE_SIMILARITY = 0.5  # a title this unlike the list page's is suspicious
FACTORS = {"title_is_site_name": 0.4, "title_mismatch": 0.5, "no_title": 0.4, "no_date": 0.5, "no_date_mirror": 0.75, "no_date_undated": 0.7, "no_body": 0.0, "fallback": 0.8,
           "images_only": 0.8, "title_in_footer": 0.5, "title_is_org_name": 0.5, "title_cut": 0.5,
           "date_unlabelled": 0.5, "heading_inside": 0.5, "more_pages": 0.5,
           "date_mismatch": 0.5, "date_url_mismatch": 0.5}
# A title that is an organisation's name: it ends like one and has no word a notice's title has.
ORG_NAME = re.compile(r"(?:网|网站|门户|平台|学校|中学|小学|大学|学院|中心|局|厅|委员会|政府|办公室|协会|研究所|研究院|馆)$")
NOTICE_WORD = re.compile(r"关于|通知|公告|公示|办法|方案|规定|规划|意见|决定|细则|计划|报告|名单|通报|批复|函|简章|指南|须知|"
                         r"安排|说明|总结|结果|邀请|启事|声明|条例|制度|标准|要点|工作|举办|召开|开展")
ORG_NAME_MAX_CHARS = 24
DATE_LINE = re.compile(f"{ANY_DATE_LABEL.pattern}|{METADATA_MARK.pattern}")  # a line that labels dates or metadata
# A date with a two-digit year (16-09-29): CAS/TRS templates print it under the heading.
SHORT_DATE = re.compile(r"(?<![\d.:/-])(?P<y>[0-3]\d)[-/](?P<m>0?[1-9]|1[0-2])[-/](?P<d>0?[1-9]|[12]\d|3[01])(?![\d.:/-])")
BRACKET_PAIRS = ("《》", "（）", "()", "“”", "【】", "〔〕")
SENTENCE_MARK = re.compile(r"[，。；！？,;!?]")  # a paragraph's punctuation (raw or folded)
OUTSIDE_LINE_CJK = 20  # a line without punctuation this long is text (a table row), not a label
BREADCRUMB = re.compile(r"\S\s*(?:>|»|＞|→)\s*\S")  # 首页 > 高考专题 > 列表
DATE_HINT_DAYS = 31  # date_mismatch: the page's date this far from the list row's
HEADING_INSIDE_SHARE = 0.2  # heading_inside: the lines above the heading hold this share of the body


@dataclass
class Evidence:
    """What extraction saw, for judging it."""

    title: str | None
    hint_title: str | None
    published: str | None
    body_lines: list[str]
    link_texts: frozenset[str]  # whitespace-free text of the page's links
    page_cjk: int  # Chinese characters in the whole page's <body>
    attachments: int
    fallback: bool
    longest_outside: int = 0  # Chinese characters of the longest non-link line left outside the body
    site_name: str | None = None  # the SiteName meta, when the page has one
    attachment_titles: frozenset[str] = frozenset()  # whitespace-free link texts of the attachments
    images: int = 0  # images standing without text in the body container (a notice printed as images)
    page_lines: list[str] = field(default_factory=list)  # lines around the body (labels, chrome, footer)
    page_dates: list[str] = field(default_factory=list)  # machine-readable dates: PubDate meta, <time>
    mirror_posted: str | None = None  # a mirror's own posting date (its date lines show that one)
    mirror: bool = False  # the portal reposts others' notices
    more_pages: list[str] = field(default_factory=list)  # the notice's other pages (x_2.html…), not read
    hint_published: str | None = None  # the date the list page's row shows for the notice
    url_published: str | None = None  # the date the notice's URL holds (TRS t20200817_, /2020-08/17/)


@dataclass
class Confidence:
    value: float
    reasons: list[str] = field(default_factory=list)

    @property
    def low(self) -> bool:
        return self.value < LOW_CONFIDENCE


def cjk_count(text: str) -> int:
    return len(CJK.findall(text))


def is_chrome_line(line: str) -> bool:
    """A body line that reads as navigation or footer: two chrome words, or one in a short line
    that is not a sentence (户口簿首页、户主页及本人页。 and 进入中国知网首页。 are prose; a footer's
    版权所有…，地址… is chrome with its commas)."""
    folded = fold_labels(line)
    hits = {m.group(0).lower() for m in CHROME_WORD.finditer(folded)}
    if len(hits) >= 2:
        return True
    return (len(hits) == 1 and len(line) <= CHROME_LINE_MAX_CHARS
            and (not SENTENCE_MARK.search(line) or bool(FOOTER_LINE.search(folded))))


def longest_line(lines: list[str], link_texts: frozenset[str], body_text: str = "") -> int:
    """Chinese characters of the longest line of text left outside ``body_text``: a sentence, or a
    line of OUTSIDE_LINE_CJK characters or more (a table row); not a link, a breadcrumb (首页 >
    高考专题 > 列表), a chrome line, a footer's (由…主办，欢迎…合作！) or a sidebar's short label."""
    flat_body = "".join(body_text.split())
    texts = sorted(((count, line) for line in lines
                    if (count := cjk_count(line)) >= OUTSIDE_LINE_CJK or (count and SENTENCE_MARK.search(line))),
                   key=lambda pair: pair[0], reverse=True)
    for count, line in texts:  # longest first: the slower tests only until one line passes
        flat = "".join(line.split())
        if (flat not in link_texts and flat not in flat_body and not BREADCRUMB.search(line)
                and not FOOTER_LINE.search(fold_labels(line)) and not is_chrome_line(line)):
            return count
    return 0


def judge(ev: Evidence) -> Confidence:
    """The confidence of one extraction and the reasons that lowered it."""
    value, reasons = 1.0, []

    def lower(factor: float, reason: str) -> None:
        nonlocal value
        value *= factor
        reasons.append(reason)

    body_cjk = sum(cjk_count(line) for line in ev.body_lines)
    # A body of marks alone (a stray "#" left where a menu was cut) holds no text either.
    worded = any(WORD.search(line) for line in ev.body_lines)
    if not worded and ev.images:
        lower(FACTORS["images_only"], f"images_only (no text; {ev.images} images in the body)")
    elif not worded:
        lower(FACTORS["no_body"], "no_body" if not ev.body_lines else f"no_body (only {' '.join(ev.body_lines)[:20]!r})")
    if body_cjk:
        # An attachment's link is the notice's own file, not a menu (a page that is only its PDF).
        linked = sum(cjk_count(line) for line in ev.body_lines
                     if "".join(line.split()) in ev.link_texts - ev.attachment_titles)
        share = linked / body_cjk
        for limit, factor in LINK_DENSE:
            if share >= limit:
                lower(factor, f"link_dense ({share:.0%} of the body is link text)")
                break
    chrome = [line for line in ev.body_lines if is_chrome_line(line)]
    for least, factor in CHROME_FACTORS:
        if len(chrome) >= least:
            lower(factor, f"chrome_lines ({len(chrome)}: {chrome[0][:30]!r}…)")
            break
    if ev.page_cjk >= WHOLE_PAGE_MIN_CJK and body_cjk >= WHOLE_PAGE_SHARE * ev.page_cjk and chrome:
        lower(WHOLE_PAGE_FACTOR, f"whole_page (the body is {body_cjk / ev.page_cjk:.0%} of the page's text)")
    tiny = body_cjk < SHORT_BODY_CJK and ev.page_cjk >= SHORT_BODY_PAGE_CJK
    if ev.body_lines and not ev.attachments and (tiny or body_cjk < ev.longest_outside):
        lower(SHORT_BODY_FACTOR, f"short_body ({body_cjk} characters; the page holds {ev.page_cjk}, "
                                 f"its longest line outside the body {ev.longest_outside})")
    labelled = sum(bool((m := LABEL_LINE.match(line)) and PAGE_META_LABEL.search(m[0])) for line in ev.body_lines)
    if len(ev.body_lines) >= METADATA_MIN_LINES and labelled >= METADATA_SHARE * len(ev.body_lines):
        lower(METADATA_FACTOR, f"metadata_body ({labelled} of {len(ev.body_lines)} lines are label: value)")
    if not ev.title:
        lower(FACTORS["no_title"], "no_title")
    elif ev.site_name and "".join(ev.title.split()) == "".join(ev.site_name.split()):
        lower(FACTORS["title_is_site_name"], f"title_is_site_name ({ev.title[:30]!r})")
    elif ev.hint_title and _unlike(ev.title, ev.hint_title):
        lower(FACTORS["title_mismatch"], f"title_mismatch (list page: {ev.hint_title[:30]!r})")
    if ev.title:
        for reason in title_doubts(ev.title, ev.page_lines):
            lower(FACTORS[reason.split()[0]], reason)
    if not ev.published:
        # An official notice always carries a date; a repost on a farm often shows none. A page
        # that shows no date anywhere (no date line, none in its text or metadata) has none to
        # miss: said, not flagged on its own.
        if ev.mirror:
            lower(FACTORS["no_date_mirror"], "no_date")
        elif shown := shows_dates(ev):
            lower(FACTORS["no_date"], f"no_date (the page shows {', '.join(shown[:2])})")
        else:
            lower(FACTORS["no_date_undated"], "no_date (the page shows no date)")
    elif others := unshown_date(ev.published, ev.page_lines, ev.page_dates,
                                "".join(fold_labels(ev.title or "").split()), (ev.mirror_posted or "",)):
        lower(FACTORS["date_unlabelled"], f"date_unlabelled ({ev.published[:10]} is on none of the page's date "
                                          f"lines, which show {', '.join(others[:3])})")
    if not ev.mirror and (apart := days_apart(ev.published, ev.hint_published)) is not None and apart > DATE_HINT_DAYS:
        lower(FACTORS["date_mismatch"], f"date_mismatch ({ev.published[:10]}; the list page shows "
                                        f"{ev.hint_published[:10]}, {apart} days apart)")
    if (not ev.mirror and (apart := days_apart(ev.published, ev.url_published)) is not None
            and apart > DATE_HINT_DAYS and not printed(ev.published[:10], ev.page_lines + ev.body_lines)):
        lower(FACTORS["date_url_mismatch"], f"date_url_mismatch ({ev.published[:10]}, printed nowhere on the "
                                            f"page; the URL says {ev.url_published}, {apart} days apart)")
    if ev.title and (at := heading_inside(ev.title, ev.body_lines)):
        lower(FACTORS["heading_inside"], f"heading_inside (the title and its date line are body lines {at} and "
                                         f"{at + 1}: the body took the page above the notice)")
    if ev.more_pages:
        lower(FACTORS["more_pages"], f"more_pages (the notice goes on over {len(ev.more_pages)} more page(s), "
                                     f"{ev.more_pages[0]} first: only this page's text is archived)")
    if ev.fallback:
        lower(FACTORS["fallback"], "fallback (no body container; trafilatura chose the text)")
    return Confidence(round(value, 3), reasons)


def shows_dates(ev: Evidence) -> list[str]:
    """Every date the page shows, in its text (around and in the body) or its date metadata."""
    found = [m.group(0) for line in (*ev.page_lines, *ev.body_lines) for m in DATE_VALUE.finditer(fold_labels(line))]
    return found + [d for d in ev.page_dates if d]


def days_apart(a: str | None, b: str | None) -> int | None:
    """Days between two ISO dates (or date-times); None when either is missing or no date."""
    try:
        return abs((date.fromisoformat((a or "")[:10]) - date.fromisoformat((b or "")[:10])).days)
    except ValueError:
        return None


def heading_inside(title: str, body_lines: list[str]) -> int:
    """The 1-based body line printing the title over a date/来源 line, when the lines above it
    hold a fifth of the body (a sidebar, a menu; a breadcrumb alone is untidy, not this): the
    container reached above the notice's heading. 0 when none; a document's own heading in the
    body has no 发布日期 line under it."""
    flat = "".join(title.split())
    for i in range(1, len(body_lines) - 1):
        below = body_lines[i + 1]
        if ("".join(body_lines[i].split()) == flat and len(below) <= METADATA_LINE_MAX_CHARS
                and (is_metadata_line(below) or is_byline(below) or labelled_date([below], ANY_DATE_LABEL))
                and cjk_count("".join(body_lines[:i])) >= HEADING_INSIDE_SHARE * cjk_count("".join(body_lines))):
            return i + 1
    return 0


def title_doubts(title: str, page_lines: list[str]) -> list[str]:
    """Why the title may be the site's name or a piece of the notice's title."""
    flat = "".join(title.split())
    doubts = []
    if any(flat in "".join(line.split()) and FOOTER_LINE.search("".join(line.split()).replace(flat, "|"))
           for line in page_lines):
        doubts.append(f"title_in_footer ({title[:30]!r} is the site's owner in the footer)")
    elif len(flat) <= ORG_NAME_MAX_CHARS and ORG_NAME.search(flat) and not NOTICE_WORD.search(flat):
        doubts.append(f"title_is_org_name ({title[:30]!r})")
    if any(flat.count(a) != flat.count(b) for a, b in BRACKET_PAIRS):
        doubts.append(f"title_cut ({title[:30]!r}: unbalanced brackets)")
    return doubts


def unshown_date(published: str, page_lines: list[str], page_dates: list[str], title: str = "",
                 own: tuple[str, ...] = ()) -> list[str]:
    """The days the page's date lines show, when ``published`` is none of them and stands nowhere
    else (on a line of its own, after the heading, in PubDate/<time>); [] when it is shown or the
    page labels no other date (a signature or URL date is then the best there is). ``own``: a
    mirror's own posting date, which its date lines are expected to show."""
    day = published[:10]
    if any((meta_date(d) or "")[:10] == day for d in page_dates):
        return []
    labelled = []
    for line in page_lines:
        folded = fold_labels(line).strip()
        if len(folded) <= METADATA_LINE_MAX_CHARS:  # | 13-04-22 | under a heading
            shown = [f"20{m['y']}-{int(m['m']):02d}-{int(m['d']):02d}" for m in SHORT_DATE.finditer(folded)]
            if day in shown:
                return []
            labelled += shown
        if len(folded) > METADATA_LINE_MAX_CHARS * 3:
            continue
        is_label = bool(DATE_LINE.search(folded))
        for found in DATE_VALUE.finditer(folded):
            beside = (folded[:found.start()] + folded[found.end():]).strip(" ()（）[]【】")
            if iso_day(found) == day and (is_label or not beside or (title and beside == title)):
                return []
            if is_label or not beside:
                labelled.append(iso_day(found))
    return [other for other in dict.fromkeys(labelled) if other not in {o[:10] for o in own if o}]


def printed(day: str, lines: list[str]) -> bool:
    """True when a line shows ``day`` (YYYY-MM-DD) as a date, in any of the forms DATE_VALUE reads
    or with a two-digit year (| 16-09-29 |)."""
    for line in lines:
        folded = fold_labels(line)
        if any(iso_day(m) == day for m in DATE_VALUE.finditer(folded)) or any(
                f"20{m['y']}-{int(m['m']):02d}-{int(m['d']):02d}" == day for m in SHORT_DATE.finditer(folded)):
            return True
    return False


def iso_day(m: re.Match) -> str:
    return f"{m['y']}-{int(m['m']):02d}-{int(m['d']):02d}"


def _unlike(title: str, hint: str) -> bool:
    """The list page's (possibly shortened) title does not read as this title."""
    a, b = "".join(fold_labels(title).split()), "".join(fold_labels(hint).rstrip(".…").split())
    if not b or b in a or a in b:
        return False
    return SequenceMatcher(None, a, b).ratio() < TITLE_SIMILARITY
