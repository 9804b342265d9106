"""Notice rows carried as JSON: a JSON list endpoint (a ``pagination`` template pointing at
a servlet or API), or a list page that embeds its rows in a script (Hanweb jpaas
``var listData = {articleList: [...]}``) and renders them in the browser.

A record is a JSON object with a title-like key (title, showTitle, name, doctitle, zcmc…)
and a URL-like key (url, link, href, docpuburl, urls.pc…); the date comes from a date-like
key (pubDate, publishTime, docreltime…). Pure functions; the order of the source is kept.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from urllib.parse import urljoin

from crawler.extract import fields

TITLE_KEYS = ("title", "doctitle", "docTitle", "showTitle", "name", "zcmc", "articleTitle", "bt")
URL_KEYS = ("url", "link", "href", "docpuburl", "docPubUrl", "urls", "articleUrl", "linkUrl", "detailUrl")
DATE_KEYS = ("pubDate", "publishTime", "publishDate", "pubdate", "docreltime", "docRelTime", "releaseTime",
             "publishdate", "createTime", "date", "fbrq")
EMBEDDED = re.compile(r"\b(?:articleList|dataList|list|rows|records)\s*[:=]\s*\[", re.I)
TAG = re.compile(r"<[^>]+>")
MIN_RECORDS = 2


@dataclass(frozen=True)
class Record:
    url: str
    title: str
    date: str | None


def _url_of(value) -> str | None:
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("{"):  # Hanweb jpaas: "urls": "{\"pc\": \"/col/…/content_1.html\"}"
            try:
                return _url_of(json.loads(text))
            except ValueError:
                return None
        return text if text and (text.startswith(("http://", "https://", "/", "./", "../")) or "." in text) else None
    if isinstance(value, dict):
        for key in ("pc", "url", "href", "link"):
            if key in value:
                return _url_of(value[key])
    return None


def _record(obj: dict, base: str) -> Record | None:
    title = next((obj[k] for k in TITLE_KEYS if isinstance(obj.get(k), str) and obj[k].strip()), None)
    url = next((u for k in URL_KEYS if (u := _url_of(obj.get(k)))), None)
    if not title or not url:
        return None
    date = None
    for key in DATE_KEYS:
        value = obj.get(key)
        if isinstance(value, int | float) and value > 10**11:  # epoch milliseconds
            from datetime import UTC, datetime
            date = datetime.fromtimestamp(value / 1000, UTC).date().isoformat()
            break
        if isinstance(value, str) and (m := fields.DATE_VALUE.search(value)) and fields.iso(m):
            date = fields.iso(m)[:10]
            break
    try:
        absolute = urljoin(base, url)
    except ValueError:
        return None
    return Record(absolute, " ".join(TAG.sub("", title).split()), date)


def _walk(value, base: str, out: list[Record]) -> None:
    if isinstance(value, list):
        found = [r for item in value if isinstance(item, dict) and (r := _record(item, base))]
        if len(found) >= MIN_RECORDS or (found and len(found) == len(value)):
            out.extend(found)
            return
        for item in value:
            _walk(item, base, out)
    elif isinstance(value, dict):
        for item in value.values():
            _walk(item, base, out)


def records(text: str, base: str) -> list[Record]:
    """Notice records of a JSON document, or of JSON arrays embedded in a page's scripts."""
    stripped = (text or "").lstrip()
    out: list[Record] = []
    if stripped[:1] in "[{":
        try:
            _walk(json.loads(stripped), base, out)
            return out
        except ValueError:
            pass
    decoder = json.JSONDecoder()
    for m in EMBEDDED.finditer(text or ""):
        try:
            value, _ = decoder.raw_decode(text, m.end() - 1)
        except ValueError:
            continue
        _walk(value, base, out)
    seen: set[str] = set()
    return [r for r in out if not (r.url in seen or seen.add(r.url))]
