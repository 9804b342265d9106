"""Blocks inside a notice's body box that are not its text: a template's download block
(the record's attachments, read before) and a portal's promotion link blocks ending the box.
Both are removed from the box before its lines are read (crawler.extract.extract).
"""

from __future__ import annotations

import re

from crawler.extract.html import SENTENCE_MARK, attachment_type, cjk_outside_links
from crawler.extract.vocab import CJK, FILE_TYPES

ATTACHMENT_WORD = re.compile(r"^(?:相关)?附\s*件")
FILE_NAME_IN_TEXT = re.compile(rf"\.(?:{'|'.join(FILE_TYPES)})\b", re.I)
PROMO_TAGS = frozenset({"div", "table", "ul", "ol", "dl", "section", "p"})
PROMO_LINK_SHARE = 0.7  # a block whose text is this much link text (pages, not files)…
PROMO_MAX_SHARE = 0.3  # …holding at most this share of the body's text…


def drop_promo_blocks(containers: list) -> bool:
    """Remove a portal's promotion blocks from the end of a body container: blocks whose text
    is mostly links to pages (重点推荐, 证券要闻 link lists, 点击进入专题：…), with no prose beside
    the links and none after them (a 来源 or 责任编辑 line may follow); the largest such block
    around one, so its captions go with its links. A link list inside the text, with
    paragraphs after it, stays; so do the notice's files (a 附件 link, a download button)."""
    dropped = False
    for container in containers:
        order = {el: n for n, el in enumerate(container.iter())}
        # the blocks around a link, last first (a block without a link is no promotion)
        around = {up for a in container.iter("a") for up in a.iterancestors() if up in order and up is not container}
        if not around:
            continue
        total = len(CJK.findall(container.text_content()))
        for el in sorted(around, key=order.__getitem__, reverse=True):
            if el.getparent() is None or not any(container is up for up in el.iterancestors()):
                continue  # dropped with a block around it
            if not _is_promo(el, container, total):
                continue
            for up in el.iterancestors():
                if up is container or not _is_promo(up, container, total):
                    break
                el = up
            el.drop_tree()
            dropped = True
    return dropped


def _is_promo(el, container, total: int) -> bool:
    if el.tag not in PROMO_TAGS:
        return False
    links = [a for a in el.iter("a") if (a.get("href") or "").strip()]
    if not links or any(attachment_type(a.get("href")) or attachment_type(a.text_content().strip())
                        or a.get("href").strip().lower().startswith("javascript") for a in links):
        return False
    text = el.text_content()
    everything = len(CJK.findall(text))
    if (not everything or everything > PROMO_MAX_SHARE * total
            or ATTACHMENT_WORD.match(text.strip()) or FILE_NAME_IN_TEXT.search(text)):
        return False
    linked = sum(len(CJK.findall(a.text_content())) for a in links)
    return (linked >= PROMO_LINK_SHARE * everything and not SENTENCE_MARK.search(_text_outside_links(el))
            and not SENTENCE_MARK.search(_text_after(el, container)))


def _text_outside_links(el) -> str:
    """The text of ``el`` not inside a link (scripts and styles left out)."""
    parts: list[str] = []

    def walk(node, in_link: bool) -> None:
        here = in_link or node.tag == "a"
        if node.text and not here and node.tag not in ("script", "style"):
            parts.append(node.text)
        for child in node:
            if isinstance(child.tag, str):
                walk(child, here)
            if child.tail and not here:
                parts.append(child.tail)

    walk(el, False)
    return "".join(parts)


def _text_after(el, container) -> str:
    """The text of ``container`` after ``el`` in document order (scripts and styles left out)."""
    out, seen = [], False
    for node in container.iter():
        if node is el:
            seen = True
            if node.tail:
                out.append(node.tail)
            continue
        if not seen or not isinstance(node.tag, str) or any(up is el for up in node.iterancestors()):
            continue
        if node.tag not in ("script", "style") and node.text:
            out.append(node.text)
        if node.tail:
            out.append(node.tail)
    return "".join(out)


FILE_BLOCK_CLASS = re.compile(r"(?:^|[\s_-])(?:attachments?|attach|fujian|fj)(?:$|[\s_-])", re.I)
FILE_BLOCK_TAGS = frozenset({"div", "ul", "ol", "dl", "table", "section"})  # a block, not a link classed so
FILE_BLOCK_LABEL_CJK = 4  # 附件: / 相关附件: the only text of a template's download block


def drop_file_blocks(containers: list) -> bool:
    """Remove a template's download block from the body container: an element classed as the
    attachments (div.attachment, div#fujian) holding file links and, beside them, at most a
    附件 label. Its files are the record's attachments (read before), and the page prints it
    under every notice, whatever the author wrote: the author's own 附件： list stays."""
    dropped = False
    for container in containers:
        for el in list(container.iterdescendants()):
            if (el.tag not in FILE_BLOCK_TAGS or el.getparent() is None
                    or not FILE_BLOCK_CLASS.search(f"{el.get('class') or ''} {el.get('id') or ''}")):
                continue
            files = [a for a in el.iter("a") if attachment_type(a.get("href") or "")]
            if files and cjk_outside_links(el) <= FILE_BLOCK_LABEL_CJK:
                el.drop_tree()
                dropped = True
    return dropped
