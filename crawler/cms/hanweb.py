"""Hanweb 大汉 jpage lists: the rows of a column page are not in the HTML but in a
``<script type="text/xml"><datastore><recordset><record><![CDATA[<li>…</li>]]></record>``
block that the browser renders (the ``dataproxy.jsp`` endpoint answers the same XML without
the script). ``inline_records`` puts those rows back into the page so discovery sees them
like any other list. jpaas columns embed their rows as JSON (``crawler.cms.jsonlist``) and
page by ``?uid=&pageNum=`` (``jpaas_next_page``). Pure functions of the HTML text.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

DATASTORE = re.compile(r"(?:<script[^>]*>\s*)?<datastore>(.*?)</datastore>(?:\s*</script>)?", re.I | re.S)
RECORD = re.compile(r"<record>\s*<!\[CDATA\[(.*?)\]\]>\s*</record>", re.I | re.S)


def inline_records(html: str) -> str:
    """The HTML with each jpage datastore replaced by its records as plain markup."""
    if "<datastore>" not in html:
        return html

    def rows(m: re.Match) -> str:
        return '<div class="jpage-records">' + "".join(RECORD.findall(m[1])) + "</div>"

    return DATASTORE.sub(rows, html)


# Hanweb jpaas column pages: rows in ``var listData = {articleList: [...]}``, one jpage unit
# (``unitid: '380055'``); the server renders page N for ``?uid=<unit>&pageNum=N``.
JPAAS_UNIT = re.compile(r"""\bunitid\s*:\s*['"]?(\d+)""")
JPAAS_LIST = re.compile(r"\barticleList\s*:\s*\[")


def jpaas_next_page(html: str, url: str, page_no: int) -> str | None:
    """The URL of the next server-rendered page of a jpaas column, or None."""
    unit = JPAAS_UNIT.search(html)
    if not unit or not JPAAS_LIST.search(html):
        return None
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query) if k not in ("uid", "pageNum")]
    query += [("uid", unit[1]), ("pageNum", str(page_no + 1))]
    return urlunsplit(parts._replace(query=urlencode(query)))
