"""A notice printed over several pages: ``x.html`` continued at ``x_2.html``, ``x_3.html``…
(a pager of links) or at ``x_1.html``, ``x_2.html`` (TRS's ``createPageHTML`` script). The
spider fetches the further pages and ``crawler.reextract.derive`` joins their text; a record
whose further pages were not read says so (confidence reason ``more_pages``).
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit, urlunsplit

# TRS's article pager, written by script: createPageHTML(7, 0, "t20240301_123", "html")
ARTICLE_PAGER_SCRIPT = re.compile(r"createPageHTML\(\s*(\d+)\s*,\s*\d+\s*,\s*['\"]([^'\"]+)['\"]\s*,\s*['\"](\w+)['\"]")
ARTICLE_PAGES_MAX = 200  # pages named for one article, at most (what is read of a pager)
MAX_ARTICLE_PAGES = 30  # further pages of one notice fetched and joined, at most (the crawl, portals check)


def may_have_article_pages(text: str, url: str) -> bool:
    """Whether the page ``text`` served at ``url`` can name its own further pages (its file
    name with _N, or a createPageHTML call naming it): a cheap test before ``article_pages``."""
    stem, _, ext = urlsplit(url).path.rsplit("/", 1)[-1].rpartition(".")
    return bool(stem) and bool(re.search(rf"{re.escape(stem)}_\d{{1,3}}\.{re.escape(ext)}", text)
                               or ("createPageHTML(" in text and stem in text))


def article_pages(tree, url: str) -> list[str]:
    """The other pages of a notice printed over several pages (``x.html`` continued at
    ``x_2.html``, ``x_3.html``…: a pager of links, or TRS's ``createPageHTML`` script): their
    URLs in page order, [] for a notice on one page. A page whose address already ends in _N
    is read as the first page of its own stem."""
    parts = urlsplit(url)
    folder, _, name = parts.path.rpartition("/")
    stem, dot, ext = name.rpartition(".")
    if not dot or not stem:
        return []
    numbered = re.compile(rf"^{re.escape(stem)}_(\d{{1,3}})\.{re.escape(ext)}$")
    found: dict[int, str] = {}
    for a in tree.iter("a"):
        target = urlsplit(urljoin(url, (a.get("href") or "").strip()))
        t_folder, _, t_name = target.path.rpartition("/")
        if target.netloc == parts.netloc and t_folder == folder and (m := numbered.match(t_name)) and int(m[1]) >= 1:
            found.setdefault(int(m[1]), urlunsplit((parts.scheme, parts.netloc, target.path, "", "")))
    for script in tree.iter("script"):
        for count, script_stem, script_ext in ARTICLE_PAGER_SCRIPT.findall(script.text or ""):
            if script_stem == stem and script_ext == ext:
                for n in range(1, min(int(count), ARTICLE_PAGES_MAX)):  # TRS numbers pages 2.. as _1..
                    found.setdefault(n, urljoin(url, f"{stem}_{n}.{ext}"))
    return [found[n] for n in sorted(found)][:ARTICLE_PAGES_MAX]
