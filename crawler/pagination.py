"""The next list page of a list page, and what kind of pager it has.

Ordered strategies (the first that answers wins): the portal's ``selectors.next_page``; its
``pagination`` template; TRS ``createPageHTML(total, current, prefix, ext)`` and the
``countPage``/``currentPage`` script variables; a next-page link (下一页, ›, »); the numbered
link to page N+1 when its URL differs from this page's only in digits (``index_N``,
``list2.htm``, ``?page=N``); the ``index_N`` sibling; a ``<select>`` page jump. A pager
driven by script (a JSON or servlet endpoint, Hanweb ``dataproxy.jsp``) is reported as
``ajax`` with the endpoint seen (``crawler.cms.ajax``): the walk cannot follow it without
configuration. Pure functions of (tree, HTML, URL, portal).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urljoin, urlsplit

from lxml.cssselect import CSSSelector

from crawler.cms import ajax, hanweb
from crawler.portal import Portal

NEXT_PAGE_TEXTS = frozenset({"下一页", "下页", "后一页", "下一頁", "next", "next page", ">", "›", "»", ">>",
                             "下一页>", "下一页>>", "下一页 >", "下一页»", "[下一页]", "下一页 >>"})
SIBLING_PAGE = re.compile(r"(^|/)(index|list|default)_(\d+)\.s?html?$", re.I)
CREATE_PAGE_HTML = re.compile(
    r"createPageHTML\(\s*['\"]?(\d+)['\"]?\s*,\s*['\"]?(\d+)['\"]?\s*,\s*['\"](\w+)['\"]\s*,\s*['\"](\w+)['\"]"
)
# TRS variant (北京): Pager({size:29, current:0, prefix:'index', suffix:'html'})
PAGER_CALL = re.compile(r"Pager\(\s*\{[^}]*?size\s*:\s*(\d+)[^}]*?current\s*:\s*(\d+)[^}]*?prefix\s*:\s*['\"](\w+)['\"]"
                        r"[^}]*?suffix\s*:\s*['\"](\w+)['\"]")
COUNT_PAGE = re.compile(r"\bvar\s+countPage\s*=\s*['\"]?(\d+)")
CURRENT_PAGE = re.compile(r"\bvar\s+currentPage\s*=\s*['\"]?(\d+)")
PAGE_PARAMS = re.compile(r"^(page|pageno|pagenum|pageindex|page_no|pn|p|cur_page|curpage|currentpage|pagecurrent)$",
                         re.I)
DIGITS = re.compile(r"\d+")


@dataclass
class NextPage:
    pages: list[tuple[str, int]] = field(default_factory=list)  # [(url, 1-based number)] or []
    kind: str = "none"  # next_link | index_n | page_param | create_page_html | select | ajax | selector | template | none
    endpoint: str | None = None  # the script endpoint of an ajax pager
    form: dict | None = None  # POST form data for the next page (a ``pagination`` request form)


def _same_but_digits(a: str, b: str) -> bool:
    return a != b and DIGITS.sub("#", a) == DIGITS.sub("#", b)


def _kind_of(url: str) -> str:
    query = dict(parse_qsl(urlsplit(url).query))
    return "page_param" if any(PAGE_PARAMS.match(k) for k in query) else "index_n"


def next_page(tree, html: str, base: str, url: str, portal: Portal, page_no: int, anchors) -> NextPage:
    """``anchors``: (element, absolute URL) pairs of the page's in-scope links, in order."""
    selector = portal.selectors.get("next_page")
    if selector:
        found = [u for a, u in anchors if a in set(CSSSelector(selector)(tree))]
        return NextPage([(found[0], page_no + 1)] if found else [], "selector")
    if isinstance(portal.pagination, dict):
        url, form = template_request(portal.pagination, base, page_no + 1)
        return NextPage([(url, page_no + 1)], "template", form=form)
    if portal.pagination:
        # Template pages are numbered from 1 after the first page (index.htm, index_1.htm, …).
        return NextPage([(urljoin(base, portal.pagination.format(n=page_no)), page_no + 1)], "template")
    m = CREATE_PAGE_HTML.search(html) or PAGER_CALL.search(html)
    if m:
        total, current, prefix, ext = int(m[1]), int(m[2]), m[3], m[4]
        pages = [] if current + 1 >= total else [(urljoin(urljoin(base, "./"), f"{prefix}_{current + 1}.{ext}"),
                                                  current + 2)]
        return NextPage(pages, "create_page_html" if m.re is CREATE_PAGE_HTML else "index_n")
    count, current = COUNT_PAGE.search(html), CURRENT_PAGE.search(html)
    if count and current and int(count[1]) >= 1:
        total, now = int(count[1]), int(current[1])
        ext = "shtml" if ".shtml" in url else ("htm" if url.endswith(".htm") else "html")
        pages = [] if now + 1 >= total else [(urljoin(urljoin(base, "./"), f"index_{now + 1}.{ext}"), now + 2)]
        return NextPage(pages, "index_n")
    for a, absolute in anchors:
        text = " ".join(a.text_content().split()).lower()
        label = (a.get("title") or "").strip().lower() or next((i.get("alt", "") for i in a.iter("img")), "").lower()
        if (text in NEXT_PAGE_TEXTS or label in ("下一页", "next")) and absolute != url:
            return NextPage([(absolute, page_no + 1)], "next_link")
    want = str(page_no + 1)
    for a, absolute in anchors:
        if " ".join(a.text_content().split()).strip("[] ") == want and (
                _same_but_digits(absolute, url) or _same_but_digits(urlsplit(absolute).path, urlsplit(url).path)
                or SIBLING_PAGE.search(urlsplit(absolute).path) or "list" in urlsplit(absolute).path):
            return NextPage([(absolute, page_no + 1)], _kind_of(absolute))
    for _, absolute in anchors:
        m = SIBLING_PAGE.search(urlsplit(absolute).path)
        if m and int(m[3]) == page_no and absolute != url:
            return NextPage([(absolute, page_no + 1)], "index_n")
    jpaas = hanweb.jpaas_next_page(html, url, page_no)
    if jpaas:
        return NextPage([(jpaas, page_no + 1)], "page_param")
    jump = _select_jump(tree, base, url, portal, page_no)
    if jump:
        return NextPage([(jump, page_no + 1)], "select")
    endpoint = ajax.pager_endpoint(html, tree, base) or ajax.script_filled_list(tree, base)
    if endpoint:
        return NextPage([], "ajax", endpoint)
    return NextPage()


def template_request(spec: dict, base: str, page: int) -> tuple[str, dict | None]:
    """URL and POST form of list page ``page`` (1-based) from a ``pagination`` request form:
    {n} is ``start`` for the second page (default 2) and counts up; with ``per_page``,
    {first} and {last} are the page's first and last record numbers (Hanweb dataproxy)."""
    per_page = int(spec.get("per_page", 0) or 0)
    values = {"n": page - 2 + int(spec.get("start", 2)),
              "first": (page - 1) * per_page + 1 if per_page else "", "last": page * per_page if per_page else ""}
    url = urljoin(base, spec["url"].format(**values))
    if (spec.get("method") or "GET").upper() != "POST":
        return url, None
    return url, {str(k): str(v).format(**values) for k, v in (spec.get("data") or {}).items()}


def _select_jump(tree, base: str, url: str, portal: Portal, page_no: int) -> str | None:
    """A ``<select>`` whose options are list-page URLs: the option after the selected one."""
    for select in tree.iter("select"):
        options = []
        for option in select.iter("option"):
            value = (option.get("value") or "").strip()
            if not value or value.lower().startswith("javascript:"):
                continue
            try:
                target = urljoin(base, value)
                allowed = portal.allows(target)
            except ValueError:
                continue
            if allowed and urlsplit(target).path.lower().endswith((".htm", ".html", ".shtml", ".jsp", ".aspx",
                                                                   ".php", "/")):
                options.append((option, target))
        if len(options) < 2:
            continue
        selected = next((i for i, (o, _) in enumerate(options) if o.get("selected") is not None), None)
        here = next((i for i, (_, t) in enumerate(options) if t == url), None)
        index = (here if here is not None else selected if selected is not None else page_no - 1) + 1
        if index < len(options):
            return options[index][1]
        return None
    return None
