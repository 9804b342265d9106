"""Hanweb 大汉 jpage lists: the rows of a column page are not in the HTML but in a
``<script type="text/xml"><datastore><recordset><record><![CDATA[<li>…</li>]]></record>``
block that the browser renders. ``inline_records`` puts those rows back into the page so
discovery sees them like any other list. Pure function of the HTML text.
"""

from __future__ import annotations

import re

DATASTORE = re.compile(r"<script[^>]*>\s*<datastore>(.*?)</datastore>\s*</script>", re.I | re.S)
RECORD = re.compile(r"<record>\s*<!\[CDATA\[(.*?)\]\]>\s*</record>", re.I | re.S)


def inline_records(html: str) -> str:
    """The HTML with each jpage datastore replaced by its records as plain markup."""
    if "<datastore>" not in html:
        return html

    def rows(m: re.Match) -> str:
        return '<div class="jpage-records">' + "".join(RECORD.findall(m[1])) + "</div>"

    return DATASTORE.sub(rows, html)
