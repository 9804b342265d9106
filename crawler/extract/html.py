"""The HTML half of extraction: clean the tree, find the notice body, read lines and links.

Body container, in order: a portal's ``selectors.content``; the containers of the CMSs
government portals run on (``CMS_CONTAINERS``); the element whose ``<p>`` children hold
the most Chinese text; trafilatura as the last resort.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

import lxml.html
from lxml.cssselect import CSSSelector
from lxml.etree import ParserError

# Body containers of the common CMSs, most specific first.
CMS_CONTAINERS = tuple(
    (name, CSSSelector(css))
    for name, css in (
        ("trs", ".TRS_Editor, .trs_editor_view, .TRS_UEDITOR"),
        ("hanweb", "#zoom, .bt_content, #UCAP-CONTENT, .wzcon"),
        ("generic-id", "#content, #Content, #article, #ArticleContent, #fontzoom, #xxgk_content"),
        ("generic-class", ".article-content, .art_con, .news_content, .content_text, .view_text"),
    )
)
# Never text: scripts, styles, forms, and navigation/footer elements by tag.
DROP_TAGS = ("script", "style", "noscript", "iframe", "form", "select", "button", "input",
             "textarea", "object", "embed", "template", "svg")
HIDDEN_STYLE = re.compile(
    r"display\s*:\s*none|visibility\s*:\s*hidden|(?:left|top|text-indent)\s*:\s*-\d{3,}|"
    r"font-size\s*:\s*0(?:px)?\s*(?:;|$)|height\s*:\s*0(?:px)?\s*;\s*overflow\s*:\s*hidden",
    re.I,
)
BLOCK_TAGS = frozenset({"p", "div", "br", "li", "tr", "table", "h1", "h2", "h3", "h4", "h5", "h6",
                        "ul", "ol", "dl", "dt", "dd", "section", "article", "blockquote", "pre",
                        "header", "footer", "center", "hr"})
CJK = re.compile(r"[\u4e00-\u9fff]")
ATTACHMENT_EXT = re.compile(r"\.(pdf|docx?|xlsx?|wps|et|ofd|zip|rar|7z|txt)$", re.I)
MEDIA_TYPES = {
    "pdf": "application/pdf", "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xls": "application/vnd.ms-excel",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "wps": "application/vnd.ms-works", "et": "application/vnd.ms-excel", "ofd": "application/ofd",
    "zip": "application/zip", "rar": "application/vnd.rar", "7z": "application/x-7z-compressed",
    "txt": "text/plain",
}
TITLE_SUFFIX = re.compile(r"\s*[_|｜\-–—]\s*[^_|｜\-–—]{2,40}$")
FILE_SUFFIX = re.compile(r"\.(docx?|pdf|wps|txt|pptx?|xlsx?)$", re.I)
GOV_META = ("ArticleTitle", "PubDate", "ContentSource", "SiteName", "ColumnName", "Author", "Keywords")


def parse(html: str, url: str):
    try:
        tree = lxml.html.fromstring(html or "<html></html>", base_url=url)
    except (ParserError, ValueError):
        tree = lxml.html.fromstring(html.encode("utf-8", "surrogatepass"), base_url=url)
    return tree


def meta_tags(tree) -> dict[str, str]:
    """政府网站 meta tags (ArticleTitle, PubDate, ContentSource…), keys as written in GOV_META."""
    found = {}
    wanted = {k.lower(): k for k in GOV_META}
    for meta in tree.iter("meta"):
        name = (meta.get("name") or meta.get("property") or "").strip().lower()
        if name in wanted and (meta.get("content") or "").strip():
            found.setdefault(wanted[name], " ".join(meta.get("content").split()))
    return found


def strip_invisible(tree) -> int:
    """Remove scripts, styles and elements hidden with CSS (where injected spam hides)."""
    removed = 0
    for el in list(tree.iter(*DROP_TAGS)):
        el.drop_tree()
    for el in list(tree.iter()):
        if not isinstance(el.tag, str):
            continue
        if el.get("hidden") is not None or HIDDEN_STYLE.search(el.get("style") or ""):
            if el.getparent() is not None:
                el.drop_tree()
                removed += 1
    return removed


def find_container(tree, selector: str | None = None):
    """(element, strategy) holding the notice body, or (None, "") when nothing qualifies."""
    if selector:
        found = CSSSelector(selector)(tree)
        if found:
            return found[0], "selector"
    for name, css in CMS_CONTAINERS:
        for el in css(tree):
            if len(CJK.findall(el.text_content())) >= 10:
                return el, name
    best, best_score = None, 0
    for el in tree.iter():
        if not isinstance(el.tag, str) or el.tag in ("p", "body", "html"):
            continue
        score = sum(len(CJK.findall(p.text_content())) for p in el if p.tag == "p")
        if score > best_score:
            best, best_score = el, score
    if best is not None and best_score >= 40:
        return best, "p-density"
    return None, ""


def block_lines(el) -> list[str]:
    """Text of ``el`` split at block elements, whitespace collapsed inside each line."""
    parts: list[str] = []

    def walk(node):
        if not isinstance(node.tag, str):
            if node.tail:
                parts.append(node.tail)
            return
        block = node.tag in BLOCK_TAGS
        if block:
            parts.append("\n")
        if node.text:
            parts.append(node.text)
        for child in node:
            walk(child)
        if block:
            parts.append("\n")
        elif node.tag in ("td", "th"):
            parts.append(" ")
        if node.tail:
            parts.append(node.tail)

    walk(el)
    lines = ("".join(parts)).replace("\xa0", " ").replace("\u3000", " ").split("\n")
    return [" ".join(line.split()) for line in lines if line.strip()]


def page_lines(tree) -> list[str]:
    body = tree.find("body")
    return block_lines(body if body is not None else tree)


def attachments(tree, container, base_url: str) -> list[tuple[str, str, str]]:
    """(title, absolute url, media type) of document links in the body or an 附件 block."""
    scopes = [container] if container is not None else []
    for el in tree.iter("div", "ul", "p", "td", "dl", "span"):
        text = (el.text_content() or "").strip()[:8]
        if "附件" in text or "相关附件" in text or "相關附件" in text or "附件" in (el.get("class") or ""):
            scopes.append(el)
    scopes += [el for el in tree.iter() if isinstance(el.tag, str)
               and re.search(r"fj|attach|fujian", (el.get("class") or "") + (el.get("id") or ""), re.I)]
    seen: dict[str, tuple[str, str, str]] = {}
    for scope in scopes:
        for a in scope.iter("a"):
            href = (a.get("href") or "").strip()
            url = urljoin(base_url, href)
            ext = ATTACHMENT_EXT.search(urlsplit(url).path)
            if not href or not ext or url in seen:
                continue
            title = " ".join((a.text_content() or a.get("title") or "").split()) or url.rsplit("/", 1)[-1]
            seen[url] = (title, url, MEDIA_TYPES[ext.group(1).lower()])
    return list(seen.values())


def title_candidates(tree, meta: dict[str, str], hint: str | None) -> str | None:
    """The notice's own title: ArticleTitle meta, then a heading agreeing with <title>, then hints."""
    if meta.get("ArticleTitle"):
        return FILE_SUFFIX.sub("", meta["ArticleTitle"])
    page_title = " ".join((tree.findtext(".//title") or "").split())
    headings = [" ".join(h.text_content().split()) for h in tree.iter("h1", "h2", "h3")]
    headings = [FILE_SUFFIX.sub("", h) for h in headings if len(CJK.findall(h)) >= 4]
    for h in headings:
        if h and (h in page_title or (hint and (hint.rstrip(".…") in h or h in hint))):
            return h
    for cls in (".title", ".bt", ".biaoti", ".article-title", ".tit"):
        for el in CSSSelector(cls)(tree):
            text = FILE_SUFFIX.sub("", " ".join(el.text_content().split()))
            if len(CJK.findall(text)) >= 4 and text in page_title:
                return text
    if hint and not hint.endswith(("...", "…")):
        return FILE_SUFFIX.sub("", hint)
    stripped = page_title
    while TITLE_SUFFIX.search(stripped):
        shorter = TITLE_SUFFIX.sub("", stripped)
        if len(CJK.findall(shorter)) < 4:
            break
        stripped = shorter
    return FILE_SUFFIX.sub("", stripped) or (headings[0] if headings else None)
