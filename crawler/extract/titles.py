"""The notice's title: which of ArticleTitle, the headings, <title> and the list page's link
text names the notice, not the site or the column.

Reads the parsed page (``html.parse``) and its government meta tags (``html.meta_tags``);
``extract`` calls :func:`title_candidates` before the body container is cut out.
"""

from __future__ import annotations

import re
from urllib.parse import urldefrag, urljoin

from lxml.cssselect import CSSSelector

from crawler.extract import fields
from crawler.extract.html import BLOCK_TAGS, clean_title, link_texts, page_lines
from crawler.extract.vocab import CJK, FOOTER_LINE

TITLE_SEPARATORS = re.compile(r"\s*(?:[_|｜–—]+|-{1,3}|\s-\s)\s*")
BRACKETS = (("（", "）"), ("(", ")"), ("《", "》"), ("【", "】"), ("〔", "〕"))
SHORT_HEADING_CJK = 2  # a <title> part printed as the page's heading is its title from this length
CLASSED_TITLE_CJK, CLASSED_TITLE_CHARS = 8, 120  # a title-classed block this long is a notice's title
TITLE_CLASS = re.compile(r"tit|title|biaoti|(?:^|[-_\s])(?:bt|tt)(?:$|[-_\s])", re.I)
FORUM_TAG = re.compile(r"^\s*[\[【［][^\]】］]{1,8}[\]】］]\s*")  # [认定公告] before a forum repost's title
SITE_NAME = re.compile(r"(?:网站|门户网站|政府网|官网|门户|平台)$")  # 大型仪器共享平台 names a site too
NET_NAME = re.compile(r"网$")  # 湖北招生考试网, 招生信息网: a site's name, unless printed as a heading (_site_name)
# Leaf blocks a page prints its title in (a bold <td>, an <h4>, a centred <p>), besides headings.
PRINTED_TITLE_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "p", "div", "span", "strong", "b", "font")
TITLE_MIN_CJK, TITLE_MAX_CHARS = 6, 120
CJK_GAP = re.compile(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")  # 国民经济 和社会: a line break read as a space
EDITION = re.compile(r"^第\s*[0-9０-９一二三四五六七八九十]+\s*版")  # an e-paper's page: 第02版：五一·特刊
SEPARATORS_ONLY = re.compile(r"^[\s|｜/·•]*$")
HEADING_STYLE_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6", "b", "strong", "font")
DATE_LINE_TITLE_CJK = 8  # a line over the date line this long is the notice's title…
TITLE_LOOKBACK = 2  # …when it sits at most this many lines above it
SENTENCE_END = re.compile(r"[。；;！!？?]$")
LABEL_LINE = re.compile(r"^\s*[^\s:：]{1,10}\s*[:：]")  # 发布机构： 河北省教育厅: a table row, not a title
# A breadcrumb printed as the heading (<h1>首页 > 通知公告 > 关于…的通知</h1>): its last step is the title.
BREADCRUMB = re.compile(r"^(?:(?:当前位置|您的位置|您现在的位置|现在位置|位置)\s*[:：]?\s*)?(?:网站首页|首页|主页)"
                        r"(?:\s*[>»›＞]+\s*[^>»›＞]+?)*?\s*[>»›＞]+\s*(?P<last>[^>»›＞]+)$")
TITLE_WORD = re.compile(r"[0-9A-Za-z]")  # digits and letters count with the CJK of a short title (2019级新生报到通知)…
SHORT_TITLE_CJK = 5  # …that has this many CJK characters (a date 2024年3月1日 has 3)
# The kind of document a title names, at its end (…的通知, …管理办法（试行）): a line ending so
# reads as a document's title, a column's name (通知公告, 推广工作, 党委公告) rarely does both.
TWO_LINE_TITLE_CHARS = 40  # a first line this short may be a title's first half
SENTENCE_MARK = re.compile(r"[。；;！!？?，,：:]")
DOC_KIND = re.compile(r"(?:通知|通报|公告|公示|通告|办法|规定|细则|方案|意见|决定|说明|要点|计划|规划|报告|简章|章程"
                      r"|条例|规则|制度|指南|须知|启事|批复|函|方法|名单|一览表|时刻表|流程)(?:[（(][^）)]{1,6}[）)])?$")


def title_candidates(tree, meta: dict[str, str], hint: str | None, mirror: bool = False) -> str | None:
    """The notice's own title: ArticleTitle meta (without a site name around it) unless a
    heading styled as the title says more; a heading agreeing with <title> or the list page;
    the one long <h1>, or a heading styled as the title; the list-page hint; the longest part
    of <title> (sites put their name before or after the notice's). On a mirror, a forum's
    category tag before the title ([认定公告]) goes; an official page's 【贷款】 stays."""
    title = _title_candidate(tree, meta, hint)
    if title and CJK_GAP.search(title):
        title = _unbroken(title, tree)
    if title and (crumbs := BREADCRUMB.match(title)) and _title_weight(crumbs["last"]) >= TITLE_MIN_CJK:
        title = crumbs["last"].strip()
    return FORUM_TAG.sub("", title).strip() if title and mirror else title


def _title_candidate(tree, meta: dict[str, str], hint: str | None) -> str | None:
    page_title = " ".join((tree.findtext(".//title") or "").split())
    site = meta.get("SiteName", "")
    headings = [(h, clean_title(h.text_content(), h)) for h in tree.iter("h1", "h2", "h3")]
    headings = [(h, text) for h, text in headings
                if len(CJK.findall(text)) >= 6 and text != site and not _links_away(h)]
    styled = [text for h, text in headings if _styled_as_title(h) and len(CJK.findall(text)) >= 8]
    article = _without_site(meta.get("ArticleTitle", ""), site, meta.get("ContentSource", ""))
    if article:
        # A CMS that fills ArticleTitle with the column's name (主动公开文件) is outvoted by the
        # heading; a column name is shorter than the heading, while a banner heading styled as
        # the title (重庆市发展和改革委员会行政规范性文件) is shorter than the notice's title.
        longer = [text for text in styled if len(CJK.findall(text)) > len(CJK.findall(article))]
        if longer and not any(article in text or text in article for text in styled):
            return longer[0]
        return article
    # Of the headings <title> contains, the longest: a site-name heading (a logo in an <h1>) is
    # a part of <title> too.
    agreeing = [text for _, text in headings
                if text in page_title or (hint and (hint.rstrip(".…") in text or text in hint))]
    if agreeing:
        return max(agreeing, key=len)
    long_h1s = [text for h, text in headings if h.tag == "h1" and len(CJK.findall(text)) >= 8]
    if len(long_h1s) == 1:
        return long_h1s[0]
    if styled:
        return styled[0]
    for cls in (".title", ".bt", ".biaoti", ".article-title", ".tit"):
        for el in CSSSelector(cls)(tree):
            text = clean_title(el.text_content())
            if len(CJK.findall(text)) >= 4 and text in page_title:
                return text
    if hint and not hint.endswith(("...", "…")):
        return clean_title(hint)
    parts = [part for part in split_title(page_title) if part.strip() and part.strip() != site]
    # A part of <title> that is also a menu or breadcrumb link (市公积金中心文件 - 住房公积金网站)
    # names the column, a part ending in 网/网站/门户 or within the page's 来源 the site, a part
    # under TITLE_MIN_CJK characters a tagline (高考工具箱): none is the notice's title.
    menu = link_texts(tree)
    lines = page_lines(tree)
    source = "".join((fields.source(fields.label_lines(lines)) or "").split())
    away = _away_link_texts(tree, menu)
    named = [part for part in parts if "".join(part.split()) not in away and not _site_name(part, lines)
             and not (source and "".join(part.split()) in source) and len(CJK.findall(part)) >= TITLE_MIN_CJK]
    # Of the parts, one the page prints as a line of its own (its heading) names the notice, not a
    # longer one it never prints (校党委书记…作专题授课-上海交通大学“不忘初心,牢记使命”主题教育).
    shown = {"".join(line.split()) for line in lines}
    # A <title> of one part the page prints as a line of its own names the notice (a related
    # list's div.item-title below it does not): only a <title> naming the site or column, or
    # one the page never prints, sends the search to the page's own blocks.
    alone = len([part for part in parts if CJK.search(part)]) <= 1
    if (alone and not any(_headed_as_title(tree, part) for part in named)) or not named:
        # <title> names only the site or column (上海交通大学后勤保障中心->): the page styles the
        # notice's title, or prints it over the date line, a short one as a heading when no part
        # of <title> stands on the page as a line of its own.
        if found := _classed_title(tree, page_title, lines) or _title_over_date_line(lines, menu):
            return found
        if not named and (found := _document_heading(headings, menu)):
            return found
        if (not any("".join(part.split()) in shown for part in named)
                and (found := _short_heading_over_date_line(tree, lines))):
            return found
    on_page = [part for part in named if "".join(part.split()) in shown]
    if not on_page and not any("".join(part.split()) in "".join(heading.split())
                               for part in named for _, heading in headings):
        # No part of <title> stands on the page (《中国教育报》电子版 - … - 记录教育每一天!): a block
        # the page classes as its title names the notice (an e-paper's td.title1).
        if found := _classed_title(tree, page_title, lines):
            return found
    # …and a short one the page prints as its <h1>-<h3> (用户须知 | 南开大学 高校国家知识产权信息服务中心)
    # beats the site's name it does not print as a heading.
    heads = {"".join(h.text_content().split()) for h in tree.iter("h1", "h2", "h3")}
    headed = [part for part in parts if "".join(part.split()) in heads
              and len(CJK.findall(part)) >= SHORT_HEADING_CJK and not _site_name(part, lines)]
    best = max(on_page or headed or named or parts, key=lambda part: len(CJK.findall(part)), default="")
    if longer := _heading_extending(best, headings):
        return longer
    printed = _printed_in_title(tree, page_title) if best else None
    if printed and best in printed and len(printed) > len(best):
        return printed  # the split cut a title that holds a separator (《甲-乙…》, 2014-2018, 〔2020〕6号--关于…)
    return clean_title(best) or (headings[0][1] if headings else None)


def _unbroken(title: str, tree) -> str:
    """``title`` without a space between Chinese characters where the page prints it as one
    element wrapped by a ``<br>`` there (<td>…国民经济<br>和社会发展…</td>, and <title> says
    国民经济 和社会发展): a line wrap, not a space. A heading printed as two blocks (two <p>:
    柘城县人民政府 | 关于…的决定) keeps it, as does a space printed inside one line."""
    flat = "".join(title.split())
    for el in tree.iter(*PRINTED_TITLE_TAGS):
        inside = [child.tag for child in el.iterdescendants() if isinstance(child.tag, str) and child.tag in BLOCK_TAGS]
        if not inside or set(inside) != {"br"} or "".join(el.text_content().split()) != flat:
            continue
        # el's text nodes before its first <br>: those preceding the <br> but not el itself
        count = int(el.xpath("count((.//br)[1]/preceding::text()) - count(preceding::text())"))
        before = "".join("".join(el.xpath(".//text()")[:count]).split())
        for gap in CJK_GAP.finditer(title):
            if len("".join(title[:gap.start()].split())) == len(before):
                return title[:gap.start()] + title[gap.end():]
    return title


def split_title(page_title: str) -> list[str]:
    """<title> split at its separators, but not inside brackets (校情通报（2025-9）)."""
    parts: list[str] = []
    for piece in TITLE_SEPARATORS.split(page_title):
        if parts and any(parts[-1].count(a) > parts[-1].count(b) for a, b in BRACKETS):
            sep = TITLE_SEPARATORS.search(page_title, page_title.find(parts[-1]) + len(parts[-1]))
            parts[-1] += (sep[0] if sep else "-") + piece
        else:
            parts.append(piece)
    return parts


def body_title(title: str | None, body: list[str], menu: frozenset[str]) -> str | None:
    """The body's first line (or two) as the notice's title, when the heading found is a column's name.

    A single-article column (a university's WebPlus 研修间使用管理办法 page, a 信息公开 item)
    prints only the column's name as its heading, <title> and breadcrumb step; the notice's
    own title is its first line, or its first two when printed over two (2025年…数学竞赛 |
    南开大学选拔报名通知). So: the heading is the text of a link on the page (a menu or
    breadcrumb entry), and the line names a document (``DOC_KIND``), says more than the
    heading and is no label or sentence."""
    if not title or not body or "".join(title.split()) not in menu:
        return None
    first = clean_title(body[0])
    if not DOC_KIND.search(first) and len(body) > 1 and len(first) <= TWO_LINE_TITLE_CHARS:
        first = clean_title(first + body[1])
    weight = _title_weight(first)
    if (DOC_KIND.search(first) and weight >= DATE_LINE_TITLE_CJK and weight > _title_weight(title)
            and len(first) <= TITLE_MAX_CHARS and not LABEL_LINE.match(first) and not SENTENCE_MARK.search(first)):
        return first
    return None


def _document_heading(headings: list, menu: frozenset[str]) -> str | None:
    """The one <h1>-<h3> naming a document (…领取通知, …（慈善组织）章程) when <title> names only the
    site and a short column (邮政通知-社会学院): the notice's title."""
    found = [text for _, text in headings if DOC_KIND.search("".join(text.split()))
             and _title_weight(text) >= DATE_LINE_TITLE_CJK and "".join(text.split()) not in menu]
    return found[0] if len(found) == 1 else None


def _heading_extending(part: str, headings: list) -> str | None:
    """A heading that begins with ``part`` of <title> and goes on to name a document: <title>
    cut short (上海交通大学视觉形象识别系统 | <h1>上海交通大学视觉形象识别系统管理办法 （试行）)."""
    flat = "".join(part.split())
    for _, text in headings:
        whole = "".join(text.split())
        if flat and whole.startswith(flat) and len(whole) > len(flat) and DOC_KIND.search(whole):
            return text
    return None


def _site_name(part: str, lines: list[str]) -> bool:
    """A <title> part ending in 网站/门户, one a footer line names as the site's owner, or one ending
    in 网 unless the page prints it as a line of its own and no footer line names it (a news title 织密校园安全防护网 is printed as its heading; a site
    name 湖北招生考试网 stands in the 版权所有 line)."""
    flat = "".join(part.split())
    if SITE_NAME.search(flat):
        return True
    joined = ["".join(line.split()) for line in lines]
    in_footer = any(flat in line and FOOTER_LINE.search(line.replace(flat, "|")) for line in joined)
    if in_footer:  # COPYRIGHT©上海交通大学后勤保障中心: the site's owner, whatever its name ends in
        return True
    return bool(NET_NAME.search(flat)) and flat not in joined


def _printed_in_title(tree, page_title: str) -> str | None:
    """The longest leaf block that <title> contains: the title as the page prints it."""
    best = ""
    for el in tree.iter(*PRINTED_TITLE_TAGS):
        if any(isinstance(child.tag, str) and child.tag in BLOCK_TAGS for child in el.iterdescendants()):
            continue
        text = clean_title(el.text_content(), el)
        if (len(best) < len(text) <= TITLE_MAX_CHARS and text in page_title
                and len(CJK.findall(text)) >= TITLE_MIN_CJK):
            best = text
    return best or None


def _title_over_date_line(lines: list[str], menu: frozenset[str]) -> str | None:
    """The line printed just above the first date line (时间：… 来源：…, or only a date and a time):
    the notice's title on a page whose <title> is only the site's name; never a menu link, a
    sentence or a breadcrumb. A label in a line of its own (发布时间： | 2026-06-26) is read with its value."""
    lines = fields.label_lines(lines)
    for i, line in enumerate(lines):
        if (not fields.is_metadata_line(line) and not fields.labelled_date([line], fields.ANY_DATE_LABEL)
                and not fields.date_line_time([line])):
            continue
        for above in reversed(lines[max(0, i - TITLE_LOOKBACK):i]):
            if LABEL_LINE.match(above):
                return None  # the date is a row of a metadata table: its title is elsewhere
            text = clean_title(above)
            if (_title_weight(text) >= DATE_LINE_TITLE_CJK and len(text) <= TITLE_MAX_CHARS
                    and not _menu_line(text, menu) and not SENTENCE_END.search(text) and ">" not in text):
                return text
        return None
    return None


def _short_heading_over_date_line(tree, lines: list[str]) -> str | None:
    """A short title printed as a heading (bold, a large font, <h1>-<h6>) on the line just over
    the first date line, on a page whose <title> names only the site: a single-article column
    (宾馆指南, 学校班车) whose name is its menu link too. Not a sentence, a label or a breadcrumb."""
    lines = fields.label_lines(lines)
    for i, line in enumerate(lines):
        if not fields.labelled_date([line], fields.ANY_DATE_LABEL):
            continue
        # over the date line's other fields (所属类型:服务指南 | 阅读次数:122452 |), split into lines
        above = [line for line in lines[max(0, i - TITLE_LOOKBACK - 3):i]
                 if not LABEL_LINE.match(line) and not SEPARATORS_ONLY.match(line)]
        text = clean_title(above[-1]) if above else ""
        if (not text or len(CJK.findall(text)) < SHORT_HEADING_CJK or len(text) > TITLE_MAX_CHARS
                or LABEL_LINE.match(text) or SENTENCE_MARK.search(text) or ">" in text):
            return None
        flat = "".join(text.split())
        for el in tree.iter(*HEADING_STYLE_TAGS):
            if "".join(el.text_content().split()) == flat and _looks_like_heading(el):
                return text
        return None
    return None


def _looks_like_heading(el) -> bool:
    """<h1>-<h6>, <b>/<strong>, or a <font> of size 4 or more: printed to stand out."""
    if el.tag == "font":
        return (el.get("size") or "").strip().lstrip("+").isdigit() and int(el.get("size").strip().lstrip("+")) >= 4
    return True


def _title_weight(text: str) -> int:
    """Chinese characters, and digits and Latin letters beside five or more of them: how much a
    line says as a title (a 2019级新生报到通知 is a notice's title, a 通知公告 a column's name,
    a 2024年3月1日 a date)."""
    cjk = len(CJK.findall(text))
    return cjk + len(TITLE_WORD.findall(text)) if cjk >= SHORT_TITLE_CJK else cjk


def _menu_line(text: str, menu: frozenset[str]) -> bool:
    """A menu link, or a line of menu links side by side (首页 机构概况 政务公开)."""
    return "".join(text.split()) in menu or all(word in menu for word in text.split())


def _classed_title(tree, page_title: str, lines: list[str]) -> str | None:
    """The first leaf block whose class or id names it the title (div.gab-detail-title) and
    that says more than ``page_title``: a notice's title, not a column heading; before it, one
    that <title> holds with more around it (法治青春 上海交大首期…开班: a column's name and the
    title) and that names no site, over a kicker printed above it (p.title3 书写扶贫故事…)."""
    classed = []
    for el in tree.iter("div", "p", "td", "span", "strong"):
        names = [el.get("class"), el.get("id")]
        if not any(TITLE_CLASS.search(name) for name in names if name):
            continue
        if any(isinstance(child.tag, str) and child.tag in BLOCK_TAGS for child in el.iterdescendants()):
            continue
        text = clean_title(el.text_content())
        unlinked, links = "".join(text.split()), list(el.iter("a"))
        for a in links:
            unlinked = unlinked.replace("".join(a.text_content().split()), "", 1)
        if (_title_weight(text) >= CLASSED_TITLE_CJK and len(text) <= CLASSED_TITLE_CHARS and not EDITION.match(text)
                and not (links and SEPARATORS_ONLY.match(unlinked) and (len(links) > 1 or _links_away(el)))):
            classed.append(text)  # not an edition's page name, not a row of links (返回首页 | 广告刊例)
    flat_page = "".join(page_title.split())
    within = [text for text in classed if "".join(text.split()) in flat_page
              and len("".join(text.split())) < len(flat_page) and not _site_name(text, lines)]
    return next(iter(within), None) or next((text for text in classed if text not in page_title), None)


def _away_link_texts(tree, menu: frozenset[str]) -> frozenset[str]:
    """``menu`` (the page's link texts) without those of links to the page itself only: an
    e-paper's story list links the story shown, under its title."""
    here = urldefrag(tree.getroottree().docinfo.URL or "")[0]
    if not here:
        return menu
    elsewhere = set()
    for a in tree.iter("a"):
        text = "".join(a.text_content().split())
        if text in menu and urldefrag(urljoin(here, (a.get("href") or "").strip()))[0] != here:
            elsewhere.add(text)
    return frozenset(elsewhere)


def _headed_as_title(tree, part: str) -> bool:
    """``part`` printed whole by a heading (<h1>-<h6>) or a block whose class or id names it the
    title (h5#title, p.title1): the page's own heading agreeing with <title>."""
    flat = "".join(part.split())
    for el in tree.iter("h1", "h2", "h3", "h4", "h5", "h6", "div", "p", "td", "span", "strong"):
        if el.tag[0] != "h" and not any(TITLE_CLASS.search(name) for name in (el.get("class"), el.get("id")) if name):
            continue
        if "".join(el.text_content().split()) == flat:
            return True
    return False


def _links_away(h) -> bool:
    """A heading whose text is all one link to another page (a sidebar's <h1><a href=/zttitle/387.html>):
    it names that page, not this one. A link to the page itself or to nowhere (#) does not count."""
    links = [a for a in h.iter("a") if "".join(a.text_content().split())]
    if len(links) != 1 or "".join(links[0].text_content().split()) != "".join(h.text_content().split()):
        return False
    href = (links[0].get("href") or "").strip()
    if not href or href.startswith(("#", "javascript")):
        return False
    here = h.getroottree().docinfo.URL or ""
    return urldefrag(urljoin(here, href))[0] != urldefrag(here)[0]


def _styled_as_title(h) -> bool:
    """A heading whose own or parent's class/id names it the title (h3 in .all_content_con_tit)."""
    parent = h.getparent()
    names = [h.get("class"), h.get("id")] + ([parent.get("class"), parent.get("id")] if parent is not None else [])
    return any(TITLE_CLASS.search(name) for name in names if name)


def _without_site(title: str, *sites: str) -> str:
    """ArticleTitle without a site name joined to it (高阳县人民政府网站——高阳县人民政府关于…)."""
    title = clean_title(title)
    parts = [part for part in TITLE_SEPARATORS.split(title) if part.strip()]
    if len(parts) > 1:
        kept = [part for part in parts if part not in sites and not SITE_NAME.search(part)]
        if kept and len(kept) < len(parts):
            return max(kept, key=lambda part: len(CJK.findall(part)))
    return title


