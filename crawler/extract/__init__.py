"""HTML bytes → notice record, for Chinese government notice pages and their copies.

``extract(body, url, ...)`` decodes the page (``decode``), finds the body and links
(``html``), names the title
(``titles``), reads the labelled fields (``fields``), cleans body lines of widgets, spam
and farm boilerplate (``textrules``) and normalises the text for hashing and search
(``normalize``) and judges how far to trust the result (``confidence``). It imports no Scrapy: the crawler, ``edunotice extract`` and the
evaluation set all call this one function.
"""

from __future__ import annotations

import itertools
import re

import lxml.html

from archive.normalize import detect_script, fold_labels, normalize_text, strip_pinyin
from crawler.extract import articlepages, boxblocks, fields, html, titles
from crawler.extract.confidence import (
    DATE_HINT_DAYS,
    Evidence,
    cjk_count,
    days_apart,
    judge,
    longest_line,
    printed,
)
from crawler.extract.decode import decode_html
from crawler.extract.linerules import clean_lines, cut_related_tail
from crawler.extract.record import KNOWN_FLAGS, Attachment, NoticeRecord
from crawler.extract.textrules import damage_flags, fold, is_truncated
from crawler.extract.vocab import FILE_NAME

__all__ = ["NoticeRecord", "decode_html", "extract", "normalize_text"]

# Rows of a 政府信息公开 metadata table that ended up inside the body container (folded lines).
TABLE_ROW = re.compile(r"索引号|发布机构|主题分类|成文日期|文号\s*:")
HEAD_LINES = 6  # labelled dates/sources are read from this many lines at the top of the body
FEED_SOURCES = 3  # distinct 来源 values below the body that make it a feed of other articles
LABEL_VALUE = re.compile(r"^\s*[^\s:：]{1,12}\s*[:：]\s*\S")  # 电话：022-23508050, 联系人：满老师
TAIL_LINES = 2  # …and from label-only lines among its last lines (文章来源：… after the signature)
ATTACHMENT_LINE = re.compile(r"^\s*附件\s*(?:\d{1,2}|[一二三四五六七八九十])?\s*[.、:：．]")  # 附件1.… / 附件：…
ATTACHMENT_LABEL = re.compile(r"^\s*(?:相关)?附件\s*(?:下载)?\s*[:：]?\s*$")  # 附件： on a line of its own
METADATA_TAIL_LINES = 3  # label lines (文章来源：…) looked for at the end of the body
PROSE_CHARS = 60  # a longer line is prose: a metadata table at the top of the body has ended
MAX_TABLE_LINES = 40
FLAG_ORDER = sorted(KNOWN_FLAGS)
NOTICE_PUNCTUATION = re.compile(r"[，。；！？]")
# A label and a code or number (学校标识码：4161013682，在陕招生代码：8045): a contact or code line's
# parts, which punctuation joins without making a sentence.
CODE_PAIR = re.compile(r"\s*[^\s:：，。；]{1,10}\s*[:：][0-9A-Za-z@.+\-/() ]*")
CHROME_ONLY_MAX_CJK = 100  # a guessed body of short unpunctuated lines under this is page chrome
# A date alone in brackets, the page's date line under a heading: ( 2022-06-01), 【2022-06-01】.
BRACKETED_DATE = re.compile(r"[(（\[【]\s*(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?"
                            r"(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s*[)）\]】]")
BODY_END = "edunotice-body-end-3f9c"  # a line put where the body container was, then taken out
# The heading of readers' comments under a notice: their 发表时间 stamps are not the notice's date.
COMMENTS_HEADING = re.compile(r"(?:相关|网友|读者|用户|最新|全部)评论\s*[:：]?\s*$|^(?:发表评论|我要评论|评论列表|点这里发表评论)")


def extract(body: bytes | str, url: str, *, encoding: str | None = None, hints: dict | None = None,
            portal: str | None = None, mirror: bool = False, selectors: dict | None = None,
            more_pages_read: bool = False) -> NoticeRecord:
    """The notice record of one page. ``hints`` are what the list page said (title,
    published, mirror_posted); ``mirror`` says the portal reposts others' notices, so its
    own dates go to ``mirror_posted``; ``encoding`` is the HTTP header charset, if any;
    ``selectors`` (a portal's ``content``/``title``/``published`` CSS) override the rules;
    ``more_pages_read``: the notice's further pages are read and joined by the caller
    (``crawler.reextract.derive``), so its pager is no doubt."""
    selectors = selectors or {}
    hints = hints or {}
    text_html = body if isinstance(body, str) else decode_html(body, encoding)[0]
    tree = html.parse(text_html, url)
    meta = html.meta_tags(tree)
    if "PubDate" not in meta and (posted := html.wechat_publish_time(tree)):
        meta["PubDate"] = posted  # a WeChat article's time, written by its script
    written = html.script_links(tree, url)
    more_pages = ([] if more_pages_read or not articlepages.may_have_article_pages(text_html, url)
                  else articlepages.article_pages(tree, url))  # read before the body box goes
    scripted = html.script_labels(tree)
    flags: set[str] = set()
    if html.strip_invisible(tree):
        flags.add("spam_removed")
    title = html.selected_text(tree, selectors.get("title")) or titles.title_candidates(tree, meta, hints.get("title"), mirror)
    containers, _strategy = html.find_container(tree, selectors.get("content"), title)
    chosen_date = fields.meta_date(html.selected_text(tree, selectors.get("published")))
    links = html.attachments(tree, containers, url, written)
    times = html.time_elements(tree)
    page_cjk = cjk_count(html.body_text(tree))
    link_texts = html.link_texts(tree)
    chrome_lines: list[str] = []  # lines of chrome blocks cut out of a guessed container
    headed = False  # a heading printing the title was cut out of the container
    if containers:
        if sum(html.strip_white_text(el) for el in containers):
            flags.add("spam_removed")
        # A guessed container, or an HTML5 <article> (the template's whole article: its title,
        # info bar and pager with the text), may hold navigation and info blocks: they go.
        if _strategy in ("text-descent", "article") and html.drop_chrome_blocks(containers[0], chrome_lines):
            flags.add("widgets_removed")
        headed = html.drop_title_headings(containers, title)
        boxblocks.drop_file_blocks(containers)
        if boxblocks.drop_promo_blocks(containers):
            flags.add("widgets_removed")
        lines = [line for el in containers for line in html.block_lines(el)]
        # A guessed container that came out empty may have missed the images: count the page's.
        images = sum(html.text_free_images(el) for el in ([tree] if _strategy == "text-descent" else containers))
        pictured = html.image_block(containers[0]) if _strategy == "text-descent" else None
        end = lxml.html.Element("p")
        end.text = BODY_END
        containers[-1].addnext(end)  # where the body was: readers' comments come after it
        for el in containers:
            el.drop_tree()  # what remains is the page around the body: labels live there
    else:
        lines, images, pictured = _trafilatura_lines(text_html, url), 0, None
    around = html.page_lines(tree)  # the page without its body container (all of it on the fallback)
    named_source = html.source_element(tree, BODY_END) if containers else None
    body_end = around.index(BODY_END) if BODY_END in around else None
    if body_end is not None:
        around.pop(body_end)
    above_body = around[:body_end]  # the page above where the body was (all of it without one)
    feed = _feed_lines(around, body_end)
    outside = fields.label_lines([strip_pinyin(line) for line in around + chrome_lines]) + scripted
    # where the page's own dates are read: not in readers' comments below the body
    uncommented = _before_comments(around, body_end)
    dated = outside if len(uncommented) == len(around) else (
        fields.label_lines([strip_pinyin(line) for line in uncommented + chrome_lines]) + scripted)
    # A 信息公开 table at the top of the container runs until the first line of prose; its
    # cells are joined to their labels there only (a schedule's 时间 cell in the text stays).
    table_end = sum(1 for _ in itertools.takewhile(lambda line: len(line) <= PROSE_CHARS, lines))
    lines = fields.label_lines(lines[:table_end]) + lines[table_end:]
    head = [strip_pinyin(line) for line in lines[:HEAD_LINES]]
    block = [strip_pinyin(line) for line in itertools.takewhile(lambda line: len(line) <= PROSE_CHARS, lines)]
    tail = [plain for line in lines[-TAIL_LINES:] if fields.is_metadata_line(plain := strip_pinyin(line))]
    labelled = outside + head + block[HEAD_LINES:MAX_TABLE_LINES] + tail
    if _strategy == "text-descent":
        # A guessed container may start with the menu, the heading and a long 发布日期…来源…字号
        # line: its lines before the first sentence are the page's labels (and dates) too.
        before_text = itertools.takewhile(lambda line: not NOTICE_PUNCTUATION.search(line), lines)
        chrome_labels = [strip_pinyin(line) for line in itertools.islice(before_text, MAX_TABLE_LINES)]
        labelled += chrome_labels
        dated = dated + chrome_labels
    if is_truncated(fold("\n".join(outside))):
        flags.add("truncated")  # a preview limit or paywall notice around the body

    guessed = _strategy in ("text-descent", "", html.EMPTY_CONTAINER, html.FILE_BLOCK)
    # The title at the top of a guessed body is the page's heading taken with it, unless the
    # page's heading is printed outside the body or was the heading dropped from it: then it
    # is the document's own (a 通报's 发文机关 / 关于…的通报 lines under its 文号).
    lines = _body_lines(lines, title, drop_title=guessed and not (containers and (headed or _printed(title, around))))
    kept, line_flags = clean_lines(lines)
    flags.update(line_flags)
    kept, related_cut = cut_related_tail(kept, link_texts)
    if (len(kept) > 1 and title and FILE_NAME.sub("", "".join(kept[-1].split())) == "".join(title.split())
            and not ATTACHMENT_LABEL.match(kept[-2])):
        # a link to the notice's own file (标题.pdf) after the signature; listed under 附件： it is
        # the notice's attachment, which the page shows as its last line
        kept, related_cut = kept[:-1], True
    tail = _metadata_tail(kept)
    if tail:  # 文章来源：… printed below the notice, inside its box: a field, not text
        kept, related_cut = kept[:-len(tail)], True
        labelled += [strip_pinyin(line) for line in tail]
    if related_cut:
        flags.add("widgets_removed")
    if kept and _strategy == "text-descent" and not _has_notice_text(kept, title):
        # The guess took the page around a notice printed as images (or loaded by script): its
        # heading, date line, breadcrumb and footer. No text is better than the chrome; an
        # empty body is flagged low_confidence. The block holding the notice's images is the
        # body when it is one: its headings between the images are the notice's text.
        kept = clean_lines(_body_lines(html.block_lines(pictured), title, drop_title=True))[0] if pictured is not None else []
        flags.add("widgets_removed")
    title = titles.body_title(title, kept, link_texts) or title
    kept += _attachment_lines(links, kept)
    text = "\n".join(kept)
    normalized, norm_flags = normalize_text(text)
    flags.update(norm_flags)
    flags.update(damage_flags(text))

    byline_date, byline_source = fields.byline(outside + head, title)
    byline_date = byline_date or _bracketed_date(head) or _bracketed_date_under(title, outside)
    published, mirror_posted = _dates(dated, head, kept, meta, url, hints, mirror, times, byline_date)
    if chosen_date:  # the portal's definition says where the date is
        mirror_posted, published = (chosen_date, published) if mirror else (mirror_posted, chosen_date)
    trust = judge(Evidence(title=title, hint_title=hints.get("title"), published=published or mirror_posted,
                           body_lines=kept, link_texts=link_texts,
                           page_cjk=page_cjk, attachments=len(links), fallback=not containers,
                           attachment_titles=frozenset("".join(t.split()) for t, _u, _m in links), images=images,
                           page_lines=outside + head, page_dates=[meta.get("PubDate") or "", meta.get("PublishedMeta") or "", *times],
                           mirror_posted=mirror_posted, mirror=mirror, more_pages=more_pages,
                           hint_published=hints.get("published"), url_published=fields.url_date(url),
                           longest_outside=longest_line(outside, link_texts), site_name=meta.get("SiteName")))
    if trust.low:
        flags.add("low_confidence")
    return NoticeRecord(
        url=url,
        portal=portal,
        title=title,
        published=published,
        mirror_posted=mirror_posted,
        # a 来源 label around the body, then a template's source element above it, then a 来源
        # quoted in the body's first or last lines (a reprint's source of the source), then a
        # source meta tag the page prints under the title
        source=(fields.source(_unfed(outside, feed)) or named_source or fields.source(_unfed(labelled, feed)) or byline_source
                or fields.shown_source(above_body + head, title, published, [meta.get("SourceMeta")])),
        issuer=fields.issuer(labelled) or fields.masthead_issuer(head),
        doc_number=(fields.doc_number(labelled) or fields.title_doc_number(title)
                    or fields.adoption_note_number(head)),
        index_number=fields.index_number(labelled),
        text=text,
        text_normalized=normalized,
        attachments=[Attachment(title=t, url=u, media_type=m) for t, u, m in links],
        script=detect_script(text) if text else "zh-Hans",
        flags=[f for f in FLAG_ORDER if f in flags] + sorted(flags - KNOWN_FLAGS),
        confidence=trust.value,
        confidence_reasons=trust.reasons,
    )


def _bracketed_date(head: list[str]) -> str | None:
    """The date of a ( 2022-06-01) line at the top of the body (dropped from its text)."""
    line = next((line.strip() for line in head if BRACKETED_DATE.fullmatch(line.strip())), None)
    return fields.meta_date(line.strip("()（）[]【】 ")) if line else None


def _bracketed_date_under(title: str | None, lines: list[str]) -> str | None:
    """The date of a ( 2019年09月09日 ) printed right after the title, on its line or the next,
    outside the body box."""
    flat = "".join((title or "").split())
    for line, below in itertools.pairwise([*lines, ""]):
        joined = "".join(line.split())
        if flat and joined.startswith(flat):
            return _bracketed_date([joined[len(flat):] if joined != flat else below])
    return None


def _before_comments(lines: list[str], body_end: int | None) -> list[str]:
    """The page's lines above its readers' comments (相关评论： … 发表人：… 发表时间：…) when a
    comments heading follows the body (``body_end``: the index of the first line after it; a
    最新评论 box in a header or sidebar above the body cuts nothing)."""
    if body_end is None:
        return lines
    cut = next((i for i, line in enumerate(lines) if i >= body_end and COMMENTS_HEADING.search(line.strip())),
               len(lines))
    return lines[:cut]


def _trafilatura_lines(text_html: str, url: str) -> list[str]:
    # Imported here: the fallback is rare (0 of 90 evaluation pages) and the import is the
    # largest part of loading the extractor (courlan, htmldate, urllib3: ~0.3 s CPU), which
    # every crawl process and `edunotice extract` would otherwise pay at start-up.
    import trafilatura

    extracted = trafilatura.extract(text_html, url=url, include_tables=True, include_comments=False) or ""
    return [" ".join(line.split()) for line in extracted.splitlines() if line.strip()]


def _attachment_lines(links: list[tuple[str, str, str]], kept: list[str]) -> list[str]:
    """附件1.… links listed after the body container: the page shows them as the notice's last
    lines (a file-name link or a download button is not text). When the body holds no text,
    the notice is its attachments: every attachment link's text is its body (a "详见附件。"
    body keeps only its 附件N lines)."""
    flat = "".join("".join(kept).split())
    bare = not cjk_count(flat)
    return [title for title, _url, _type in links
            if (bare or (ATTACHMENT_LINE.match(title) and not FILE_NAME.search(title.strip())))
            and "".join(title.split()) not in flat]


def _metadata_tail(lines: list[str]) -> list[str]:
    """The label lines (来源, 日期, 访问量…) ending the body, when text precedes them."""
    count = sum(1 for _ in itertools.takewhile(lambda line: fields.is_metadata_line(strip_pinyin(line)),
                                               reversed(lines[-METADATA_TAIL_LINES:])))
    if count == 1 < len(lines) and _closes_label_list(strip_pinyin(lines[-1]), strip_pinyin(lines[-2])):
        return []
    return lines[len(lines) - count:] if 0 < count < len(lines) else []


def _feed_lines(around: list[str], body_end: int | None) -> set[str]:
    """The lines below the body that carry a 来源, when they name FEED_SOURCES or more sources:
    a 推荐/相关 feed's rows (来源：新民网, 来源：解放网…), each another article's, never this one's."""
    if body_end is None:
        return set()
    sourced = {line: value for line in around[body_end:] if (value := fields.source([line]))}
    return set(sourced) if len(set(sourced.values())) >= FEED_SOURCES else set()


def _unfed(lines: list[str], feed: set[str]) -> list[str]:
    return [line for line in lines if line not in feed] if feed else lines


def _closes_label_list(line: str, before: str) -> bool:
    """A 发布日期 line after a label: value line of the notice's own (电话：…, 联系人：…): it closes
    the notice's list (a procurement notice's 联系方式 block), not the template's date line."""
    return bool(LABEL_VALUE.match(before) and not fields.is_metadata_line(before) and LABEL_VALUE.match(line)
                and fields.labelled_date([line], fields.PUBLISHED_LABELS))


def _has_notice_text(lines: list[str], title: str | None) -> bool:
    """A guessed body holds some of a notice's own text: a sentence (，。；), a file name, or
    more Chinese text than page chrome amounts to, beside the title and metadata lines."""
    rest = [line for line in lines if line != title and not fields.is_metadata_line(strip_pinyin(line))]
    return (any(_is_sentence(line) or FILE_NAME.search(line.strip()) for line in rest)
            or cjk_count("".join(rest)) >= CHROME_ONLY_MAX_CJK)


def _is_sentence(line: str) -> bool:
    """Punctuation joining words, not only label:code pairs (代码：8045，电话：027-…)."""
    parts = [part for part in NOTICE_PUNCTUATION.split(line) if part.strip()]
    return bool(NOTICE_PUNCTUATION.search(line)) and not all(CODE_PAIR.fullmatch(part) for part in parts)


def _printed(title: str | None, lines: list[str]) -> bool:
    """``title`` is one of ``lines``, or two of them in a row (a heading broken over two lines)."""
    flat = "".join((title or "").split())
    joined = ["".join(line.split()) for line in lines]
    return bool(flat) and any(line == flat or line + after == flat for line, after in itertools.pairwise([*joined, ""]))


def _body_lines(lines: list[str], title: str | None, drop_title: bool) -> list[str]:
    """Drop label lines at the top and the end of the body and 信息公开 table rows at its top, and
    the title when ``drop_title`` (a guessed container took the page's heading, maybe broken over
    two lines; a CMS content box repeating the title keeps it: the page shows it as part of the
    notice)."""
    out = []
    flat_title = "".join((title or "").split())
    skip = fields.metadata_table_end(lines[:MAX_TABLE_LINES])  # its labels are read from the head
    for i, line in enumerate(lines):
        plain = strip_pinyin(line)
        if skip:
            skip -= 1
            continue
        if (drop_title and i < HEAD_LINES and i + 1 < len(lines) and flat_title
                and "".join((plain + lines[i + 1]).split()) == flat_title):
            skip = 1  # the heading printed on two lines
            continue
        if ((i < HEAD_LINES or i >= len(lines) - TAIL_LINES) and fields.is_metadata_line(plain)
                and not (i >= len(lines) - TAIL_LINES and len(out) >= 2
                         and _closes_label_list(plain, strip_pinyin(out[-1])))):
            continue
        if not out and fields.is_byline(plain):
            continue  # the byline bar above the text (作者：… 来源：…); a 责任编辑 line after it stays
        if not out and BRACKETED_DATE.fullmatch(plain.strip()):
            continue  # ( 2022-06-01) under the heading: the page's date line, not the notice's text
        if i < HEAD_LINES and drop_title and plain == title:
            continue
        if TABLE_ROW.search(fold_labels(plain)) and len(plain) < 120:
            continue
        out.append(line)
    return out


def _dates(outside, head, body, meta, url, hints, mirror, times=(), byline=None) -> tuple[str | None, str | None]:
    """(published, mirror_posted): the notice's own date kept apart from a repost's date.

    Official pages: a publication label, else the PubDate meta tag, else the signing date
    (成文日期), a <time> element, a bare 时间 label, a bare date on a metadata line (来源:, 点击…)
    or starting the line under the title, or with a two-digit year between a byline's bars
    (| 16-09-29 |), a line that is only a date and a time, a publishdate or article:published_time
    meta (a system stamp: the time the page prints comes first), the signature block, the URL, the list page. A PubDate giving the time of
    the same day refines a label that gives only the day. Mirrors: every date in the
    mirror's own chrome is the repost's; the notice's date comes only from labels quoted
    at the top of the body or its signature block.
    """
    if mirror:
        published = (fields.labelled_date(head, fields.PUBLISHED_LABELS)
                     or fields.labelled_date(head, fields.SIGNED_LABELS) or fields.signature_date(body))
        mirror_posted = (fields.labelled_date(outside, fields.ANY_DATE_LABEL)
                         or fields.meta_date(meta.get("PubDate")) or fields.meta_date(meta.get("PublishedMeta"))
                         or hints.get("mirror_posted")
                         or fields.url_date(url) or hints.get("published"))
        return published, mirror_posted
    lines = outside + head
    meta_date = fields.meta_date(meta.get("PubDate"))
    other_meta = fields.meta_date(meta.get("PublishedMeta"))  # publishdate, article:published_time
    url_day = fields.url_date(url)
    if (other_meta and (apart := days_apart(other_meta, url_day)) is not None and apart > DATE_HINT_DAYS
            and not printed(other_meta[:10], lines + body)):
        other_meta = None  # a template's stale stamp (2013-07-17 on a page at /2020-08/17/): the URL's day rules
    time_label = fields.labelled_date(lines, fields.TIME_LABEL)
    element = next(filter(None, map(fields.meta_date, times)), None)
    bare = fields.metadata_line_date(lines) or byline or fields.short_year_date(lines)
    stamp = fields.date_line_time(lines)
    # A bare 日期: in the page around the body is the page's own date; one quoted at the top of
    # the body (a reposted document's 来源/日期 header) is the document's, after the PubDate meta.
    published = (fields.labelled_date(lines, fields.PUBLISHED_LABELS) or fields.labelled_date(outside, fields.DATE_LABEL)
                 or meta_date or fields.labelled_date(lines, fields.SIGNED_LABELS)
                 or fields.labelled_date(lines, fields.MIRROR_LABELS) or element or time_label
                 or bare or stamp or other_meta or fields.labelled_date(lines, fields.UPDATED_LABELS)
                 or fields.signature_date(body) or url_day or hints.get("published"))
    if published and len(published) == len("2000-01-01"):  # a day: the same day's time elsewhere refines it
        finer = [d for d in (time_label, meta_date, element, bare, stamp, other_meta)
                 if d and d.startswith(published) and len(d) > len(published)]
        published = max(finer, key=len, default=None) or fields.day_time(lines, published) or published
    if published and len(published) == len("2000-01-01T00:00"):
        # A minute: the seconds the page shows for it (a 时间 label, a bare date line) refine it;
        # a machine stamp's (<time datetime>, PubDate) :00 is not shown.
        finer = [d for d in (time_label, bare, stamp) if d and d.startswith(published)]
        published = max(finer, key=len, default=published)
    return published, None
