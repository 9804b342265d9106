"""Script-driven list pagers: the endpoint a list page loads its rows or next page from.

A pager that calls a JSON or servlet endpoint (``$.ajax({url: ...})``, ``$.post(...)``,
``fetch(...)``, Hanweb ``/module/web/jpage/dataproxy.jsp``) cannot be walked by following
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
