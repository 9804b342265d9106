"""The main list of a list page: rows that look like notices (a linked title with a date
beside it), found by structure, not by selectors.

A *row* is the largest ancestor of a title link that holds no other title link. Rows are
grouped by their structural signature (tag and class of the row and its two ancestors), so
a list split into several blocks (a CMS that prints every page of a column at once, in
blocks of five) is still one list. The *main region* is the signature with the most dated
rows; undated rows of that signature inside the region's container belong to it too. A link
with a title too short to count on its own (嘉奖令, 通知) is a row of the region when it sits
in the same row structure (same signature, same container) with a date beside it: the
structure, not the length, says it is a notice.

Discovery takes the region's links (``crawler.discovery``); the completeness self-check
reports the region's rows whose links discovery did not take (off the portal's hosts, an
attachment, a script link). Pure functions of an lxml tree; reads no settings.
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
ROW_TAGS = frozenset({"li", "tr", "dd", "dt", "dl", "p", "div", "article", "section", "td", "span", "h3", "h4"})
SKIP_TAGS = frozenset({"script", "style", "select", "option", "noscript"})
NAV_CLASSES = re.compile(r"(^|[\s_-])(nav|menu|footer|foot|header|crumb|breadcrumb|page|pages|pager|pagination)"
                         r"($|[\s_-])", re.I)


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


def link_target(a) -> str:
    """The href a link goes to, as written; for a script link (href javascript:void(0)) the page
    path its onclick opens; "" when there is none."""
    href = (a.get("href") or "").strip()
    if href and not href.lower().startswith(NO_HREF):
        return href
    m = SCRIPT_TARGET.search(a.get("onclick") or "")
    return m.group(1) if m else ""


def title_of(a) -> str:
    """A link's title: its title attribute when it is longer than the (often cut) link text."""
    text = " ".join(a.text_content().split())
    attr = " ".join((a.get("title") or "").split())
    return attr if len(attr) > len(text) or (attr and text.endswith(("...", "…"))) else text


def _is_title_link(a) -> bool:
    title = title_of(a)
    cjk = len(CJK.findall(title))
    # 2023年招生: a short title carrying a year counts its digits too (not 2024年11月: two characters)
    return cjk >= MIN_TITLE_CHARS or (cjk >= SHORT_TITLE_CJK and cjk + sum(map(len, DIGITS.findall(title))) >= 6)


def _in_skipped(a) -> bool:
    return any(anc.tag in SKIP_TAGS for anc in a.iterancestors())


def title_links(tree) -> list:
    return [a for a in tree.iter("a") if a.get("href") is not None and not _in_skipped(a) and _is_title_link(a)]


def _short_title_links(tree) -> list:
    """Links whose text is too short for a title on its own (嘉奖令) but is words, not a number."""
    return [a for a in tree.iter("a") if a.get("href") is not None and not _in_skipped(a)
            and not _is_title_link(a) and len(CJK.findall(title_of(a))) >= MIN_SHORT_ROW_CJK]


def _row_of(a, counts: dict) -> object:
    """The largest ancestor of ``a`` holding no other title link (``counts``: element -> links)."""
    row = a
    for anc in a.iterancestors():
        if counts.get(anc, 0) > 1 or anc.tag in ("body", "html"):
            break
        row = anc
    # Prefer a list-like element at or below that bound (an li inside a single-item div).
    if row.tag not in ROW_TAGS:
        for anc in a.iterancestors():
            if anc.tag in ROW_TAGS:
                return anc
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


MONTH_DAY = re.compile(r"(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
YEAR = re.compile(r"(?:19|20)\d{2}\s*年?")
YEAR_MONTH = re.compile(r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*月?")
DAY = re.compile(r"\d{1,2}\s*日?")


def split_date(row) -> str | None:
    """A date block printed in two elements side by side (<p>03/10</p><span>2025</span>, or
    <span>2025-03</span><b>10</b>): a month/day and a year, or a year/month and a day."""
    for el in row.iter():
        if not isinstance(el.tag, str):
            continue
        parts = [" ".join(c.text_content().split()) for c in el if isinstance(c.tag, str)]
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


def _date_beside(row, a) -> str | None:
    """The date printed in the row outside the title (or in a date-only part of the link); a
    date block split over two elements first: a date in a row's summary is not the row's."""
    if split := split_date(row):
        return split
    title = title_of(a)
    text = " ".join(row.text_content().split())
    for m in fields.DATE_VALUE.finditer(text):
        value = fields.iso(m)
        if value and m.group(0).strip() not in title:
            return value[:10]
    for child in a.iterdescendants():
        if not isinstance(child.tag, str):  # comments and processing instructions have no text
            continue
        m = fields.DATE_VALUE.fullmatch(" ".join(child.text_content().split()).strip("[]()（）【】 "))
        if m and fields.iso(m):
            return fields.iso(m)[:10]
    return None


def _navigation(row) -> bool:
    return any(NAV_CLASSES.search((el.get("class") or "") + " " + (el.get("id") or ""))
               for el in (row, *row.iterancestors()) if el.tag not in ("body", "html"))


def rows(tree, base: str) -> list[Row]:
    """Every title link on the page as a row, in page order; short-titled links that are alone
    in their row come along marked ``short`` (``main_region`` decides whether they belong)."""
    links = title_links(tree)
    counts: dict = {}
    for a in links:
        for anc in a.iterancestors():
            counts[anc] = counts.get(anc, 0) + 1
    titled, short = set(links), set(_short_title_links(tree))
    found = []
    for a in tree.iter("a"):
        if a not in titled and a not in short:
            continue
        row = _row_of(a, counts)
        if a in short and counts.get(row, 0):  # a category tag or 详情 link beside a title: not a row
            continue
        href = (a.get("href") or "").strip()
        target = link_target(a)
        url = ""
        if target and not target.lower().startswith(("javascript:", "mailto:", "tel:", "#")):
            href = target
            try:
                url = urljoin(base, href).split("#", 1)[0]
            except ValueError:
                url = ""
        found.append(Row(a, href, url, title_of(a), _date_beside(row, a), _signature(row), row, a in short))
    return found


def main_region(all_rows: list[Row]) -> list[Row]:
    """The rows of the main list: the signature with the most dated rows (outside navigation),
    with that signature's undated rows between its first and last dated row, and its dated
    short-titled rows in the same containers."""
    dated: dict[tuple, list[Row]] = {}
    for r in all_rows:
        if r.date and not r.short and not _navigation(r.anchor):
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
