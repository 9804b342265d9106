"""The main list of a list page: rows that look like notices (a linked title with a date
beside it), found by structure, not by selectors.

A *row* is the largest ancestor of a title link that holds no title link to another page (a
card's image, heading and summary links to one article are one row, titled by the heading).
A title in Latin script counts like a short title: inside the main list's structure. Rows are
grouped by their structural signature (tag and class of the row and its two ancestors), so
a list split into several blocks (a CMS that prints every page of a column at once, in
blocks of five) is still one list. The *main region* is the signature with the most dated
rows; undated rows of that signature inside the region's container belong to it too. A link
with a title too short to count on its own (嘉奖令, 通知) is a row of the region when it sits
in the same row structure (same signature, same container) with a date beside it: the
structure, not the length, says it is a notice.

Discovery takes the region's links (``crawler.discovery``); the completeness self-check
reports the region's rows whose links discovery did not take (off the portal's hosts, an
attachment, a script link) and the blocks of its structure no title was read in
(``unread_rows``). Pure functions of an lxml tree; reads no settings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import urljoin

from crawler.extract import fields

CJK = re.compile(r"[\u4e00-\u9fff]")
DIGITS = re.compile(r"\d+")
MIN_TITLE_CHARS = 4  # CJK characters a notice title has at least (短标题 like 招生公告 exist)
SHORT_TITLE_CJK = 3  # …or this many beside digits that make six characters (2023年招生)
MIN_SHORT_ROW_CJK = 2  # a shorter title (嘉奖令, 通知) counts only inside the main list's row structure
MIN_REGION_ROWS = 2  # dated rows of one signature that make a list
PAGE_BOX_TITLE_CJK = 6  # a link this long is a title: a box classed "page" holding such links is no pager
# A word of a Latin-script title (AI and Games: The Co-Revolution): letters, apostrophes and
# hyphens, whitespace around it, so that an address (rjs@xjtu.edu.cn) is not words.
LATIN_WORD = re.compile(r"(?<!\S)[(\"'“‘]?[A-Za-z][A-Za-z'’-]*[A-Za-z][)\"'”’:,.?!]*(?!\S)")
MIN_LATIN_WORDS = 2  # such a title counts only inside the main list's row structure, like a short one
ROW_TAGS = frozenset({"li", "tr", "dd", "dt", "dl", "p", "div", "article", "section", "td", "span", "h3", "h4"})
SKIP_TAGS = frozenset({"script", "style", "select", "option", "noscript"})
# A class or id word naming chrome: a menu, header, footer, breadcrumb or pager; "page" beside a
# layout word names the page's main box (Epoint's ``ewb-page-main``, ``page-content``, WebPlus's
# ``container_page`` and ``page-con-main``), not a pager.
NAV_CLASSES = re.compile(r"(^|[\s_-])(nav|menu|footer|foot|header|crumb|breadcrumb|pages|pager|pagination|"
                         r"(?<!container[_-])(?<!main[_-])(?<!content[_-])(?<!body[_-])(?<!wrap[_-])(?<!box[_-])"
                         r"page(?![_-](?:main|content|con|cont|body|wrap|wrapper|container|box|inner)(?:$|[\s_-])))"
                         r"($|[\s_-])", re.I)
# A link text wholly in brackets ([学校新闻], 【通知公告】) is a column tag printed before a row's title
# (PowerEasy, DedeCMS, PHPCMS lists): a word, not a title; a row only where the structure says so.
BRACKETED = re.compile(r"^[\[【〔［(（][^\]】〕］)）]*[\]】〕］)）]$")
# A title attribute that labels its parts: "标题：<title> 点击数：93 发表时间：2026年05月06日".
LABELLED_TITLE = re.compile(r"^(?:标题|主题|title)\s*[:：]\s*(.+?)(?=\s+\S{2,6}\s*[:：]|$)", re.I)
# A list bullet printed at the head of a link's text (• title, · title, ● title): decoration.
LEADING_BULLET = re.compile(r"^[•·●○◆◇■□▪▫►▶]\s*")


@dataclass(frozen=True)
class Row:
    anchor: object  # lxml element <a>
    href: str  # as written
    url: str  # absolute, fragment dropped ("" for script links)
    title: str
    date: str | None  # ISO day printed in the row
    signature: tuple
    element: object = None  # the row element (lxml)
    short: bool = False  # a short title: a notice only inside the main region's row structure


# A script link's target: onclick="checkXnwk('189543.htm','xw')", "window.open('/art/2021/1.html')",
# "location.href='info.jsp?id=7'": the first quoted string that is a page path (a name ending in a
# page extension, or a path with a query), read when href is javascript:/#/empty.
SCRIPT_TARGET = re.compile(r"""['"]((?:https?://|/|\.{0,2}/?)[\w./%~-]*?[\w-]+\.(?:s?html?|jhtml|jsp|aspx?|php)"""
                           r"""(?:\?[^'"\s<>]*)?)['"]""", re.I)
NO_HREF = ("javascript:", "#")
HASH_ROUTE = re.compile(r"#!?/")  # a single-page app's route: #/detail?id=7, #!/detail
# A row that navigates when clicked (<tr onclick="window.location.href='/2025/0408/page.htm'">).
ROW_NAVIGATION = re.compile(r"""(?:location(?:\.href)?\s*=|location\.assign\(|window\.open\()\s*['"]([^'"\s<>]+)['"]""")
CLICK_ROW_TAGS = ("tr", "li", "dd", "div", "p")


DATA_TARGETS = ("data-href", "data-url", "data-link")


def link_target(a) -> str:
    """The href a link goes to, as written; for a script link (href javascript:void(0)) the
    address in its data-href (data-url, data-link) or the page path its onclick opens; "" when
    there is none."""
    href = (a.get("href") or "").strip()
    if href and not href.lower().startswith(NO_HREF):
        return href
    # a script link carrying its address in a data attribute (下一页 href="javascript:void(0)"
    # data-href="/sernews?page=2": the template's script follows it)
    for name in DATA_TARGETS:
        value = (a.get(name) or "").strip()
        if value and not value.lower().startswith(NO_HREF) and not value.startswith("#"):
            return value
    m = SCRIPT_TARGET.search(a.get("onclick") or "")
    return m.group(1) if m else ""


def click_rows_as_links(tree) -> int:
    """Give a row that navigates by ``onclick`` and holds no link a link: its cell with the
    most Chinese text (the title) is wrapped in ``<a href=target>``, so the row reads like any
    other (its date cell stays beside the title). Returns how many rows were given one."""
    made = 0
    for row in list(tree.iter(*CLICK_ROW_TAGS)):
        m = ROW_NAVIGATION.search(row.get("onclick") or "")
        if not m or row.find(".//a") is not None:
            continue
        leaves = [el for el in row.iter() if isinstance(el.tag, str)
                  and not any(isinstance(c.tag, str) for c in el)] or [row]
        cell = max(leaves, key=lambda el: len(CJK.findall(el.text_content())))
        if not CJK.search(cell.text_content()):
            continue
        link = cell.makeelement("a", {"href": m.group(1)})
        link.text, cell.text = cell.text, None
        for child in list(cell):
            link.append(child)
        cell.append(link)
        made += 1
    return made


def _own_date(el) -> str | None:
    """The ISO day of an element whose whole text is a date ([2024-03-01], 2024年3月1日)."""
    m = fields.DATE_VALUE.fullmatch(" ".join(el.text_content().split()).strip("[]()（）【】 "))
    return fields.iso(m)[:10] if m and fields.iso(m) else None


def date_element(row) -> str | None:
    """The ISO day of the first element in ``row`` whose whole text is a date (div.date
    2025/04/22): the row's date, before any date a card's summary mentions in a sentence."""
    for el in row.iterdescendants():
        if isinstance(el.tag, str) and (day := _own_date(el)):
            return day
    return None


def link_text(a) -> str:
    """A link's text without a date printed in an element of its own inside it (a row whose link
    wraps both <span>title</span> and <b>2021-04-14</b>): the date is the row's, not the title's."""
    text = a.text_content()
    for el in a.iterdescendants():
        if isinstance(el.tag, str) and el.text_content().strip() and _own_date(el):
            head, _, tail = text.rpartition(el.text_content())
            text = f"{head} {tail}"
    return LEADING_BULLET.sub("", " ".join(text.split()))


def title_of(a) -> str:
    """A link's title: its title attribute when it is longer than the (often cut) link text,
    unless the text is a Chinese title and the attribute has no Chinese at all (a template's
    placeholder, every row's ``title="Charity &amp; Poverty Alleviation"``): that attribute
    does not name this link."""
    text = link_text(a)
    attr = " ".join((a.get("title") or "").split())
    if labelled := LABELLED_TITLE.match(attr):  # 标题：…&#xD;点击数：…&#xD;发表时间：… (PowerEasy)
        attr = labelled[1].strip()
    if card := _card_title(a, attr):
        return card
    if not attr or (len(CJK.findall(text)) >= MIN_TITLE_CHARS and not CJK.search(attr)):
        return text
    return attr if len(attr) > len(text) or text.endswith(("...", "…")) else text


HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


def _card_title(a, attr: str) -> str:
    """The title a link wrapping a whole card prints in an element of its own (the card's date
    block, heading and summary are all inside ``<a>``): the element whose text is the link's
    title attribute, else its heading (h1–h6); "" for a link that is not such a card."""
    parts = [el for el in a.iterdescendants() if isinstance(el.tag, str)]
    if len(parts) < 2:
        return ""
    texts = {el: " ".join(el.text_content().split()) for el in parts}
    if attr and any(t == attr for t in texts.values()):
        return attr
    heading = next((t for el, t in texts.items() if el.tag in HEADINGS and t), "")
    if not heading or heading == " ".join(a.text_content().split()) or len(attr) > len(heading):
        return ""  # the heading is the whole link, or cut shorter than the title attribute
    return heading


def _is_title_link(a) -> bool:
    title = title_of(a)
    if BRACKETED.match(title):
        return False
    cjk = len(CJK.findall(title))
    # 2023年招生: a short title carrying a year counts its digits too (not 2024年11月: two characters)
    return cjk >= MIN_TITLE_CHARS or (cjk >= SHORT_TITLE_CJK and cjk + sum(map(len, DIGITS.findall(title))) >= 6)


def _in_skipped(a) -> bool:
    return any(anc.tag in SKIP_TAGS for anc in a.iterancestors())


def title_links(tree) -> list:
    return [a for a in tree.iter("a") if a.get("href") is not None and not _in_skipped(a) and _is_title_link(a)]


def _short_title_links(tree) -> list:
    """Links whose text is too short for a title on its own (嘉奖令) but is words, not a number;
    and titles in Latin script (a lecture's English title): words that say nothing about being
    a notice until the list's structure and a date beside them do."""
    return [a for a in tree.iter("a") if a.get("href") is not None and not _in_skipped(a)
            and not _is_title_link(a) and (len(CJK.findall(title := title_of(a))) >= MIN_SHORT_ROW_CJK
                                           or len(LATIN_WORD.findall(title)) >= MIN_LATIN_WORDS)]


def _row_of(a, counts: dict) -> object:
    """The largest ancestor of ``a`` holding no title link to another page (``counts``: element
    -> the targets of the title links it holds): a card's image, heading and summary links to
    one article are one row."""
    row = a
    for anc in a.iterancestors():
        if len(counts.get(anc, ())) > 1 or anc.tag in ("body", "html"):
            break
        row = anc
    # Prefer a list-like element at or below that bound (an li inside a single-item div). A
    # link that is its own row (its parent holds the other rows' links: WebPlus's
    # <a class="column-news-item"><span>title</span><span>date</span></a>, a card that is one
    # link) has no such element below the bound: a list-like element above it holding a block
    # of rows is the layout's (each row took its first row's date); one holding the link and
    # a second one (its 解读) is still its row.
    if row.tag not in ROW_TAGS:
        for anc in a.iterancestors():
            if anc.tag == "td" and (up := anc.getparent()) is not None and up.tag == "tr":
                anc = up  # a table row, not its title cell (a row in a <tbody> of its own: its date in the next cell)
            if anc.tag in ROW_TAGS:
                return a if row is a and len(counts.get(anc, ())) >= BLOCK_OF_ROWS else anc
            if anc is row:
                break
    return row


POSITIONAL_CLASS = re.compile(r"^(odd|even|alt|first|last|on|active|current|cur)$", re.I)


def _class_key(node) -> str:
    """The class of a node as a signature part: a numbered class (WebPlus ``news n1``, ``n2``…,
    ``item-3``) counts by its name, not its number, and positional classes (odd/even, first/
    last, current) are left out, so the rows of one list share one signature."""
    tokens = {DIGITS.sub("#", t) for t in (node.get("class") or "").split() if not POSITIONAL_CLASS.match(t)}
    return " ".join(sorted(tokens))


def _signature(row) -> tuple:
    parts = []
    node = row
    for _ in range(3):
        if node is None:
            break
        parts.append((node.tag, _class_key(node)))
        node = node.getparent()
    return tuple(parts)


BLOCK_OF_ROWS = 3  # distinct link targets in one element that make it a block of rows, not one row
DATE_AFTER_PIECES = 6  # date_after reads this many texts after the link at most
TRAILING_DATE = re.compile(r"[(（\[【]\s*" + fields.DATE_VALUE.pattern + r"\s*[)）\]】]\s*$")
SHORT_YEAR_CELL = re.compile(r"[\[(（【]?(?P<y>[0-3]\d)-(?P<m>0[1-9]|1[0-2])-(?P<d>[0-2]\d|3[01])[\])）】]?")
MONTH_DAY = re.compile(r"(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
YEAR = re.compile(r"(?:19|20)\d{2}\s*年?")
YEAR_MONTH = re.compile(r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*月?")
DAY = re.compile(r"\d{1,2}\s*日?")


def _pieces(el) -> list[str]:
    """The parts an element prints, in order: its child elements' texts and the text between
    them (a bare day or year written beside a child is a part of its own)."""
    texts = [el.text] + [t for c in el if isinstance(c.tag, str) for t in (c.text_content(), c.tail)]
    return [" ".join(t.split()) for t in texts if t and t.strip()]


def split_date(row) -> str | None:
    """A date block printed in two parts side by side (<p>03/10</p><span>2025</span>,
    <span>2025-03</span><b>10</b>, or a day element with the year/month as text after it:
    <div class="date"><span>31</span>2023/10</div>): a month/day and a year, or a year/month
    and a day."""
    for el in row.iter():
        if not isinstance(el.tag, str):
            continue
        if day := _classed_parts_date(el):
            return day
        parts = _pieces(el)
        if len(parts) != 2:
            continue
        for first, second in (parts, parts[::-1]):
            md, y = MONTH_DAY.fullmatch(first), YEAR.fullmatch(second)
            ym, d = YEAR_MONTH.fullmatch(first), DAY.fullmatch(second)
            try:
                if md and y:
                    return date(int(second[:4]), int(md[1]), int(md[2])).isoformat()
                if ym and d:
                    return date(int(ym[1]), int(ym[2]), int(DIGITS.match(second)[0])).isoformat()
            except ValueError:
                continue
    return None


DATE_PART_CLASS = {"y": re.compile(r"year|(?:^|[-_\s])yy?(?:$|[-_\s])", re.I),
                   "m": re.compile(r"month|(?:^|[-_\s])(?:mon|mm)(?:$|[-_\s])", re.I),
                   "d": re.compile(r"(?<!to)day|(?:^|[-_\s])dd?(?:$|[-_\s])", re.I)}


def _classed_parts_date(el) -> str | None:
    """A date printed in three child elements classed as its parts (<div class="day">18</div>
    <div class="month">01</div><div class="year">2026</div>), in any order."""
    found: dict[str, int] = {}
    for child in el:
        if not isinstance(child.tag, str):
            continue
        text = " ".join(child.text_content().split())
        names = f"{child.get('class') or ''}"
        for part, pattern in DATE_PART_CLASS.items():
            if pattern.search(names) and text.isdigit() and part not in found:
                found[part] = int(text)
                break
    if len(found) != 3 or found["y"] < 1990:
        return None
    try:
        return date(found["y"], found["m"], found["d"]).isoformat()
    except ValueError:
        return None


def _date_beside(row, a) -> str | None:
    """The date printed in the row outside the title (or in a date-only part of the link); a
    date block split over two elements first: a date in a row's summary is not the row's."""
    if split := split_date(row):
        return split
    if day := date_element(row):
        return day
    title = title_of(a)
    text = " ".join(row.text_content().split())
    for m in fields.DATE_VALUE.finditer(text):
        value = fields.iso(m)
        if value and m.group(0).strip() not in title:
            return value[:10]
    for child in a.iterdescendants():
        if isinstance(child.tag, str) and (day := _own_date(child)):  # not comments: they have no text
            return day
    if row is a and (day := date_after(a)):
        return day  # <a>title</a><span>2024-01-10</span><br><a>… side by side in one block
    # A date the link prints after the title in brackets (…评审结果公示(2020-12-16))
    if (m := TRAILING_DATE.search(title)) and (value := fields.iso(m)):
        return value[:10]
    # A cell of its own with a two-digit year (<td>20-09-22</td>): 2020-09-22
    for el in row.iter():
        if isinstance(el.tag, str) and (m := SHORT_YEAR_CELL.fullmatch(" ".join(el.text_content().split()))):
            try:
                return date(2000 + int(m["y"]), int(m["m"]), int(m["d"])).isoformat()
            except ValueError:
                continue
    return None


def date_after(a) -> str | None:
    """The date printed right after the link, before the next link: in its tail text or the
    elements after it (a list of links side by side in one block, each followed by its date)."""
    texts = [a.tail or ""]
    for sibling in a.itersiblings():
        if not isinstance(sibling.tag, str):
            texts.append(sibling.tail or "")
            continue
        if sibling.tag == "a" or sibling.find(".//a") is not None:
            break
        texts += [sibling.text_content(), sibling.tail or ""]
        if len(texts) > DATE_AFTER_PIECES:
            break
    for text in texts:
        if (m := fields.DATE_VALUE.search(" ".join(text.split()))) and (value := fields.iso(m)):
            return value[:10]
    return None


def navigation(row) -> bool:
    """Inside a menu, header, footer, breadcrumb or pager (by class or id). A box named only by
    the word "page" that holds title links is the page's own wrapper (a theme's ``kt-page``,
    ``c-page-transition``), not a pager: a pager's links are numbers and 下一页."""
    for el in (row, *row.iterancestors()):
        if el.tag in ("body", "html"):
            continue
        words = {m[2].lower() for m in NAV_CLASSES.finditer((el.get("class") or "") + " " + (el.get("id") or ""))}
        if words and not (words == {"page"} and _holds_titles(el)):
            return True
    return False


def _holds_titles(el, enough: int = 3) -> bool:
    """``el`` holds ``enough`` links whose text is as long as a title."""
    found = 0
    for a in el.iter("a"):
        if len(CJK.findall(a.text_content())) >= PAGE_BOX_TITLE_CJK:
            found += 1
            if found >= enough:
                return True
    return False


def _target(a) -> str | object:
    """What a link goes to, for telling a row's links apart: the target as written, or the link
    itself when it has none (script links without a readable target are all different)."""
    return link_target(a).split("#", 1)[0].strip() or a


def rows(tree, base: str) -> list[Row]:
    """Every title link on the page as a row, in page order; short-titled links that are alone
    in their row come along marked ``short`` (``main_region`` decides whether they belong).
    Links of one row to one page (a card's image, heading and summary) make one row, titled by
    the best title among them (``_rank``), short only if all are."""
    links = title_links(tree)
    counts: dict = {}
    for a in links:
        target = _target(a)
        for anc in a.iterancestors():
            counts.setdefault(anc, set()).add(target)
    titled, short = set(links), set(_short_title_links(tree))
    chosen: dict = {}  # (row element, target) -> the link that stands for the row
    for a in tree.iter("a"):
        if a not in titled and a not in short:
            continue
        row = _row_of(a, counts)
        if a in short and counts.get(row):  # a category tag or 详情 link beside a title: not a row
            continue
        key = (row, _target(a))
        held = chosen.get(key)
        if held is None or _rank(held, short) > _rank(a, short):
            chosen[key] = a
    found = []
    for (row, _), a in chosen.items():  # in page order: a row's place is where its first link is
        href, url = _href_and_url(a, base)
        found.append(Row(a, href, url, title_of(a), _date_beside(row, a), _signature(row), row, a in short))
    return found


def _rank(a, short: set) -> tuple:
    """Which of a row's links to one page gives its title (lowest first): a title link, then
    words in Latin script over a short label (全文》), then the shortest (a heading, not a summary)."""
    title = title_of(a)
    return a in short, a in short and len(LATIN_WORD.findall(title)) < MIN_LATIN_WORDS, len(title)


def _href_and_url(a, base: str) -> tuple[str, str]:
    """The link's target as written (a script link's page path when it opens one) and as an
    absolute URL without fragment ("" for a script, mail or fragment link, or a malformed one)."""
    target = link_target(a)
    if target and not target.lower().startswith(("javascript:", "mailto:", "tel:", "#")):
        try:
            absolute = urljoin(base, target)
        except ValueError:
            return target, ""
        # A route after the hash (https://ctbpsp.com/#/bulletinDetail?uuid=…) names the page a
        # script draws: kept, so that rows of one app stay apart (discovery reports them).
        return target, absolute if HASH_ROUTE.search(absolute) else absolute.split("#", 1)[0]
    return (a.get("href") or "").strip(), ""


def main_region(all_rows: list[Row]) -> list[Row]:
    """The rows of the main list: the signature with the most dated rows (outside navigation),
    with that signature's undated rows between its first and last dated row, and its dated
    short-titled rows in the same containers."""
    dated: dict[tuple, list[Row]] = {}
    for r in all_rows:
        if r.date and not r.short and not navigation(r.anchor):
            dated.setdefault(r.signature, []).append(r)
    if not dated:
        return []
    best = max(dated.values(), key=len)
    if len(best) < MIN_REGION_ROWS:
        return []
    signature = best[0].signature
    first, last = all_rows.index(best[0]), all_rows.index(best[-1])
    containers = {r.element.getparent() for r in best}
    return [r for i, r in enumerate(all_rows) if r.signature == signature and (
        (not r.short and first <= i <= last) or (r.short and r.date and r.element.getparent() in containers))]


def unread_rows(region: list[Row], base: str) -> list[Row]:
    """Blocks of the main list's own structure (same signature, same container) that hold a
    link but that no row was made of: among the list's rows, or with a date beside them. The
    title rules did not read their link as a title (an image-only link, a title in a script
    the rules do not know): the completeness check names them rather than let them go."""
    if not region:
        return []
    signature, have = region[0].signature, {r.element for r in region}
    found: list[Row] = []
    for container in dict.fromkeys(r.element.getparent() for r in region):
        blocks = [c for c in container if isinstance(c.tag, str)]
        places = [i for i, c in enumerate(blocks) if c in have]
        for i, block in enumerate(blocks):
            if block in have or _signature(block) != signature:
                continue
            a = next((a for a in block.iter("a") if link_target(a) or a.get("href") is not None), None)
            if a is None or _in_skipped(a):
                continue
            day = _date_beside(block, a)
            if not (places[0] < i < places[-1] or day):
                continue
            href, url = _href_and_url(a, base)
            text = title_of(a) or " ".join(block.text_content().split())[:80]
            found.append(Row(a, href, url, text, day, signature, block))
    return found
