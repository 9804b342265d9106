"""The next list page of a list page, and what kind of pager it has.

Ordered strategies (the first that answers wins): the portal's ``selectors.next_page``; its
``pagination`` template; a ``createPageHTML`` call in a live script, read by the type and
position of its arguments (TRS ``(total, current, prefix, ext)`` counting from 0; the
``page.js`` form ``('page_div', total, current, name, ext, records)`` counting from 1) and
``Pager({...})`` and Epoint's jQuery ``pagination({pageIndex, pageSize, total})``
(its click handler gives the URL) or a jQuery pager given ``totalPage`` whose callback builds
``'index_' + i + '.html'``; a next-page link (下一页, ›, »); the numbered link to page N+1 when its URL
differs from this page's only in digits (``index_N``, ``list2.htm``, ``?page=N``); the
``index_N`` sibling; the ``countPage``/``currentPage`` script variables (a jump box's, so after
the links); Hanweb jpaas; a ``<select>`` page jump. A pager driven by script (a JSON or
servlet endpoint, Hanweb ``dataproxy.jsp``) is reported as ``ajax`` with the endpoint seen
(``crawler.cms.ajax``): the walk cannot follow it without configuration. A pager the page
shows but nothing here can follow (a pager script whose arguments are expressions, 共N页 with
no link onwards) is said in ``NextPage.doubt``: the walk may stop early, and the spider records
it as a ``pager_unread`` problem. Pure functions of (tree, HTML, URL, portal).
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
# A pager call: createPageHTML(…) (any prefix: ejs…, its own page.js), not its definition.
PAGER_SCRIPT_CALL = re.compile(r"(?<![\w.])(function\s+)?(\w*createPageHTML)\s*\(((?:[^()]|\([^()]*\))*)\)", re.I)
PAGE_EXT = re.compile(r"^(s?html?|jhtml|jsp|php|aspx?)$", re.I)
SCRIPT_ARG = re.compile(r"""\s*('[^']*'|"[^"]*"|[^,]*)\s*(?:,|$)""")
# TRS variant (北京): Pager({size:29, current:0, prefix:'index', suffix:'html'})
PAGER_CALL = re.compile(r"Pager\(\s*\{[^}]*?size\s*:\s*(\d+)[^}]*?current\s*:\s*(\d+)[^}]*?prefix\s*:\s*['\"](\w+)['\"]"
                        r"[^}]*?suffix\s*:\s*['\"](\w+)['\"]")
# Epoint WebBuilder's jQuery pager: $("#page").pagination({pageIndex: i, pageSize: 15, total: 169, …}) and
# a pageClicked handler that goes to "<prefix>" + (data.pageIndex + 1) + "<suffix>" (0-based index).
JQ_PAGINATION = re.compile(r"\.pagination\(\s*\{([^{}]*)\}\s*\)")
JQ_PAGE_URL = re.compile(r"""location\.(?:href\s*=|replace\()\s*(['"])([^'"]*)\1\s*\+\s*\(\s*[\w.]*pageIndex\s*\+\s*1\s*\)"""
                         r"""\s*\+\s*(['"])([^'"]*)\3""")
# A jQuery pager plugin given its page count ($(".pagination").pagination({totalPage: 16, …})) whose
# callback goes to '<prefix>' + i + '<suffix>' with the page's 1-based number i, the first page
# special-cased (if(i==1) location.href='index.html'): 上海交通大学.
JQ_TOTAL_PAGES = re.compile(r"\.pagination\(\s*\{[^;]*?\b(?:totalPage|totalPages|pageCount)\s*:\s*['\"]?(\d+)")
JQ_NUMBERED_URL = re.compile(r"""location\.(?:href\s*=|replace\()\s*(['"])([^'"]*)\1\s*\+\s*([A-Za-z_$][\w$]*)\s*\+\s*"""
                             r"""(['"])([^'"]*)\4""")
PAGE_COUNT_SHOWN = re.compile(r"共\s*(\d+)\s*页")  # a pager's page count as printed (共 5 页)
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
    doubt: str | None = None  # a pager seen but not read (the walk may stop early): say so


def _same_but_digits(a: str, b: str) -> bool:
    return a != b and DIGITS.sub("#", a) == DIGITS.sub("#", b)


def _numbered_name(candidate: str, url: str) -> bool:
    """``candidate`` is this page's file with a number added: index.html → index1.html,
    list.htm → list_2.htm (a directory URL's file is index.html)."""
    here, there = urlsplit(url).path or "/", urlsplit(candidate).path
    folder, name = here.rsplit("/", 1)
    stem, dot, ext = (name or "index.html").rpartition(".")
    m = re.fullmatch(rf"{re.escape(folder)}/{re.escape(stem)}_?\d+\.{re.escape(ext)}", there) if dot else None
    return bool(m)


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
    scripts = _live_scripts(tree)
    call, unread = _create_page_html(scripts, base)
    if call:
        return call
    m = PAGER_CALL.search(scripts)
    if m:
        total, current, prefix, ext = int(m[1]), int(m[2]), m[3], m[4]
        pages = [] if current + 1 >= total else [(urljoin(urljoin(base, "./"), f"{prefix}_{current + 1}.{ext}"),
                                                  current + 2)]
        return NextPage(pages, "index_n")
    if jq := _jquery_pagination(scripts, base) or _jquery_page_count(scripts, base, page_no):
        return jq
    for a, absolute in anchors:
        text = " ".join(a.text_content().split()).lower()
        label = (a.get("title") or "").strip().lower() or next((i.get("alt", "") for i in a.iter("img")), "").lower()
        if (text in NEXT_PAGE_TEXTS or label in ("下一页", "next")) and absolute != url:
            return NextPage([(absolute, page_no + 1)], "next_link")
    want = str(page_no + 1)
    for a, absolute in anchors:
        if " ".join(a.text_content().split()).strip("[] ") == want and (
                _same_but_digits(absolute, url) or _same_but_digits(urlsplit(absolute).path, urlsplit(url).path)
                or SIBLING_PAGE.search(urlsplit(absolute).path) or "list" in urlsplit(absolute).path
                or _numbered_name(absolute, url)):
            return NextPage([(absolute, page_no + 1)], _kind_of(absolute))
    for _, absolute in anchors:
        m = SIBLING_PAGE.search(urlsplit(absolute).path)
        if m and int(m[3]) == page_no and absolute != url:
            return NextPage([(absolute, page_no + 1)], "index_n")
    # The page count and position a jump box (转到第N页) reads: a fallback only, since a pager
    # printed as links beside that box is the page's own answer (紫金山天文台青海站).
    count, current = COUNT_PAGE.search(scripts), CURRENT_PAGE.search(scripts)
    if count and current and int(count[1]) >= 1:
        total, now = int(count[1]), int(current[1])
        ext = "shtml" if ".shtml" in url else ("htm" if url.endswith(".htm") else "html")
        pages = [] if now + 1 >= total else [(urljoin(urljoin(base, "./"), f"index_{now + 1}.{ext}"), now + 2)]
        return NextPage(pages, "index_n")
    jpaas = hanweb.jpaas_next_page(html, url, page_no)
    if jpaas:
        return NextPage([(jpaas, page_no + 1)], "page_param")
    jump = _select_jump(tree, base, url, portal, page_no)
    if jump:
        return NextPage([(jump, page_no + 1)], "select")
    endpoint = (ajax.pager_endpoint(html, tree, base) or ajax.script_filled_list(tree, base)
                or ajax.postback_pager(tree, base))
    if endpoint:
        return NextPage([], "ajax", endpoint)
    if unread:
        return NextPage(doubt=f"the pager script {unread} could not be read: later list pages may be missed; "
                              "set 'pagination' (a URL template with {n}) in the definition")
    shown = PAGE_COUNT_SHOWN.search(" ".join(tree.xpath("//body//text()[not(ancestor::script)]")))
    if shown and int(shown[1]) > page_no:
        return NextPage(doubt=f"the page shows '{shown[0]}' but no link to page {page_no + 1} was found: later "
                              "list pages may be missed; add selectors.next_page or a 'pagination' template")
    return NextPage()


def _live_scripts(tree) -> str:
    """The code of the page's scripts and event attributes (<body onload=…>): not the markup,
    not scripts kept in an HTML comment."""
    code = [s.text or "" for s in tree.iter("script")]
    return "\n".join(code + [str(v) for v in tree.xpath("//@*[starts-with(name(), 'on')]")])


def _script_value(arg: str, code: str) -> int | str | None:
    """A pager call's argument: a number (quoted or not, or a variable set to one in the
    page's scripts), a string, or None for an expression."""
    arg = arg.strip()
    if arg[:1] in ("'", '"'):
        arg = arg[1:-1].strip()
        return int(arg) if arg.isdigit() else arg
    if arg.isdigit():
        return int(arg)
    if re.fullmatch(r"[A-Za-z_$][\w$]*", arg):
        m = re.search(rf"(?<![\w$.]){re.escape(arg)}\s*=\s*['\"]?(\d+)(?![\d.])", code)
        return int(m[1]) if m else None
    return None


def _create_page_html(code: str, base: str) -> tuple[NextPage | None, str | None]:
    """The next page a ``createPageHTML`` call in ``code`` writes, and the call as text when
    one is there but cannot be read. The arguments are found by type and position: the page
    extension is the last string naming one, the name prefix the string before it, the page
    count and the current page the first two numbers before that. A leading string (the
    element the pager is written into, page.js) means pages count from 1; TRS counts from 0."""
    unread = None
    for m in PAGER_SCRIPT_CALL.finditer(code):
        if m[1]:  # the function's definition, not a call
            continue
        values = [_script_value(a, code) for a in SCRIPT_ARG.findall(m[3]) if a.strip()]
        ext_at = next((i for i in range(len(values) - 1, 0, -1)
                       if isinstance(values[i], str) and PAGE_EXT.match(values[i])), None)
        lead = 1 if values and isinstance(values[0], str) else 0
        numbers = values[lead:ext_at - 1] if ext_at else []
        if (not ext_at or not isinstance(values[ext_at - 1], str) or len(numbers) < 2
                or not all(isinstance(n, int) for n in numbers[:2])):
            unread = unread or " ".join(m[0].split())[:120]
            continue
        total, current = numbers[0], numbers[1]
        prefix, ext = values[ext_at - 1].rsplit("/", 1)[-1], values[ext_at]
        first = 1 if lead and current >= 1 else 0  # the number the first page has in the call
        following = current + 1 - first + 1  # 1-based number of the next page
        pages = [] if following > total else [(urljoin(urljoin(base, "./"), f"{prefix}_{current + 1}.{ext}"),
                                               following)]
        return NextPage(pages, "create_page_html"), None
    return None, unread


def _jquery_pagination(code: str, base: str) -> NextPage | None:
    """The next page of a jQuery ``pagination({pageIndex, pageSize, total})`` pager (Epoint
    WebBuilder) whose click handler builds the page's URL from the 0-based index; None when the
    page has no such pager, a doubt when its numbers cannot be read."""
    m, url = JQ_PAGINATION.search(code), JQ_PAGE_URL.search(code)
    if not (m and url):
        return None
    options = dict(re.findall(r"(\w+)\s*:\s*([^,\s]+)", m[1]))
    index, size, total = (_script_value(options.get(k, ""), code) for k in ("pageIndex", "pageSize", "total"))
    if not all(isinstance(v, int) for v in (index, size, total)) or size <= 0:
        return NextPage(doubt=f"the pager script pagination({{{' '.join(m[1].split())[:80]}}}) could not be read: "
                              "later list pages may be missed; set 'pagination' (a URL template with {n})")
    if (index + 1) * size >= total:
        return NextPage([], "index_n")
    return NextPage([(urljoin(base, f"{url[2]}{index + 2}{url[4]}"), index + 2)], "index_n")


def _jquery_page_count(code: str, base: str, page_no: int) -> NextPage | None:
    """The next page of a jQuery pager given its page count (``totalPage: 16``) whose callback
    builds the URL from the page's number; a doubt when the number's base cannot be told (no
    ``if (i == 1)`` giving the first page its own URL)."""
    m = JQ_TOTAL_PAGES.search(code)
    if not m:
        return None
    total, url = int(m[1]), JQ_NUMBERED_URL.search(code)
    if url and re.search(rf"\b{re.escape(url[3])}\s*===?\s*1\b", code):
        following = page_no + 1
        return NextPage([(urljoin(base, f"{url[2]}{following}{url[5]}"), following)] if following <= total else [],
                        "index_n")
    if total <= page_no:
        return NextPage([], "index_n")
    return NextPage(doubt=f"the pager script pagination({{totalPage: {total}, …}}) could not be read: later list "
                          "pages may be missed; set 'pagination' (a URL template with {n})")


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
