"""Script-driven list pagers: the endpoint a list page loads its rows or next page from.

A pager that calls a JSON or servlet endpoint (``$.ajax({url: ...})``, ``$.post(...)``,
``fetch(...)``, Hanweb ``/module/web/jpage/dataproxy.jsp``), or that posts the page back
(ASP.NET ``__doPostBack``: the next page is a POST with the page's view state) cannot be walked by following
links. Discovery reports it as ``ajax`` with the endpoint, so ``portals check`` and the
crawl's problem rows say which configuration fixes it. Pure functions.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

# Hanweb 大汉 jpage: the next group of records comes from dataproxy.jsp.
HANWEB_PROXY = re.compile(r"""["'(=\s](/module/web/jpage/dataproxy\.jsp[^"'<>\s]*)""", re.I)
# url: "..." / $.get("...") / $.post("...") / fetch("...") / axios.get("...") to a server endpoint.
SCRIPT_CALL = re.compile(
    r"""(?:\burl\s*[:=]\s*|\$\.(?:ajax|get|post|getJSON)\(\s*|\bfetch\(\s*|axios\.(?:get|post)\(\s*)"""
    r"""['"]([^'"\s]+?(?:\.do|\.jsp|\.action|\.ashx|\.aspx|\.php|/api/[^'"\s]*|\.json|servlet[^'"\s]*)[^'"\s]*)['"]""",
    re.I,
)
PAGER_WORDS = re.compile(r"(page|pager|paging|pageNo|pageIndex|pageSize|curPage|currentPage|分页|翻页|下一页)", re.I)


def pager_endpoint(html: str, tree, base: str) -> str | None:
    """The endpoint a script-driven list or pager calls, absolute; None when there is none."""
    m = HANWEB_PROXY.search(html)
    if m:
        return urljoin(base, m[1].replace("&amp;", "&"))
    for script in tree.iter("script"):
        code = script.text or ""
        if not PAGER_WORDS.search(code):
            continue
        call = SCRIPT_CALL.search(code)
        if call:
            return urljoin(base, call[1])
    return None


# ASP.NET WebForms pagers (AspNetPager, GridView): href="javascript:__doPostBack('ctl00$…$anpPageIndex','2')".
POSTBACK = re.compile(r"__doPostBack\(", re.I)
NEXT_WORDS = frozenset({"下一页", "下页", "后一页", "next", ">", ">>", "›", "»"})


def postback_pager(tree, base: str) -> str | None:
    """The address a next-page link posts the page back to (ASP.NET ``__doPostBack``): the
    form's action, absolute; None when the page has no such link. The next page is a POST with
    the page's __VIEWSTATE, so a walk that follows links cannot reach it."""
    for a in tree.iter("a"):
        if " ".join(a.text_content().split()).lower() not in NEXT_WORDS:
            continue
        if POSTBACK.search((a.get("href") or "") + " " + (a.get("onclick") or "")):
            form = next((f for f in a.iterancestors("form")), None)
            return urljoin(base, ((form.get("action") if form is not None else "") or "").strip())
    return None


# A list the browser fills by script: hidden paging inputs (甘肃 xxgk pages:
# <input id="page" type="hidden" value="1"><input id="pageSize" …>) with a paging script.
PAGE_INPUT = re.compile(r"^(page|pageno|pagenum|pageindex|pagesize|curpage|currentpage|totalpage)$", re.I)
PAGER_SCRIPT = re.compile(r"(page|list|jpage|pager|ajax)", re.I)


def script_filled_list(tree, base: str) -> str | None:
    """The script that fills a list by paging inputs, absolute; None when there is none."""
    inputs = [i for i in tree.iter("input")
              if (i.get("type") or "").lower() == "hidden" and PAGE_INPUT.match(i.get("id") or i.get("name") or "")]
    if not inputs:
        return None
    scripts = [s.get("src") for s in tree.iter("script") if s.get("src") and PAGER_SCRIPT.search(s.get("src"))]
    return urljoin(base, scripts[-1]) if scripts else base


# A list built by an external script (唐山 tslnedu: page_init.js fills ul.newslist and #Pagination
# through jquery.pagination.js): the HTML carries the empty list container and an empty pager,
# and loads the script that fills both. Evidence, not certainty: an empty container whose
# class or id names a list, next to an empty pager container or a pager script.
LIST_NAME = re.compile(r"(list|news|notice|tzgg|article|content|items)", re.I)
PAGER_NAME = re.compile(r"(pagination|pager|paging|page|fenye|pages)", re.I)
FILL_SCRIPT = re.compile(r"(page|list|init|data|news|article|pagination)", re.I)
CONTAINER_TAGS = ("ul", "ol", "tbody", "table", "div", "dl")


def _names(el) -> str:
    return f"{el.get('class') or ''} {el.get('id') or ''}"


def _empty(el) -> bool:
    """No child elements and no text (whitespace only)."""
    return len(el) == 0 and not (el.text or "").strip()


def script_built_list(tree, base: str) -> str | None:
    """The script that builds an empty list container (and its pager), absolute; None when the
    page shows no such evidence."""
    containers = [el for el in tree.iter(*CONTAINER_TAGS) if _empty(el) and LIST_NAME.search(_names(el))]
    if not containers:
        return None
    pagers = [el for el in tree.iter("div", "span", "ul", "p", "nav")
              if _empty(el) and PAGER_NAME.search(_names(el))]
    sources = [s.get("src") for s in tree.iter("script") if s.get("src")]
    pager_scripts = [s for s in sources if re.search(r"(pagination|pager|paging)", s, re.I)]
    if not pagers and not pager_scripts:
        return None
    fillers = [s for s in sources if FILL_SCRIPT.search(s.rsplit("/", 1)[-1]) and s not in pager_scripts]
    return urljoin(base, (fillers or pager_scripts or [base])[0])
