"""The HTML half of extraction: clean the tree, find the notice body, read lines and links.

Body container, in order: a portal's ``selectors.content``; the containers of the CMSs
government portals run on (``CMS_CONTAINERS``); a CMS editor box present but empty (the
notice is images or an attachment); the element whose ``<p>`` children hold the most
Chinese text; a generic container holding little of the page's text; the block holding the
page's document links and no text (a notice that is one link to its file); trafilatura as
the last resort.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta, timezone
from urllib.parse import urljoin, urlsplit

import lxml.html
from lxml.cssselect import CSSSelector
from lxml.etree import ParserError, XPath

from crawler.extract.linerules import WIDGET_WORDS
from crawler.extract.vocab import CJK, FILE_NAME, FILE_TYPES, FOOTER_LINE

# Body containers of the common CMSs, most specific first (one selector at a time: page
# order must not decide, Hanweb pages put a ``td.bt_content`` date bar before ``#zoom``).
WITH_ID = XPath("//*[@id]")


def _container_selector(css: str):
    """A CSS selector; an id (``#article``) matches in any letter case (div#Article, #ArticleContent
    written #articleContent): templates spell the same id both ways."""
    if not css.startswith("#"):
        return CSSSelector(css)
    name = css[1:].lower()
    return lambda tree: [el for el in WITH_ID(tree) if el.get("id").lower() == name]


CMS_CONTAINERS = tuple(
    (css, _container_selector(css))
    for css in (
        ".TRS_Editor", ".trs_editor_view", ".TRS_UEDITOR", "#zoom", "#UCAP-CONTENT", ".bt_content",
        ".wzcon", "#fontzoom", "#xxgk_content", "#ArticleContent", ".article-content", ".art_con",
        ".news_content", ".content_text", ".view_text", ".v_news_content", "#vsb_content", "#js_content",
        "#content", "#article", "article", ".wp_articlecontent",
    )
)
# Containers so specific that a one-line body ("详见附件。") is still the body.
# (博达 VSB's body box is div#vsb_content, holding div.v_news_content or the paragraphs themselves.)
SPECIFIC_CONTAINERS = frozenset({".TRS_Editor", ".trs_editor_view", ".TRS_UEDITOR", "#zoom",
                                 "#UCAP-CONTENT", ".v_news_content", "#vsb_content", "#js_content"})
MIN_SPECIFIC_CJK = 2
EMPTY_CONTAINER = "empty-container"  # find_container's strategy when the CMS's content box has no text
FILE_BLOCK = "file-block"  # …when the notice is only a link to its file, in a block of its own
MIN_BODY_CJK = 10  # a container with less Chinese text than this is not the body
# A generic container (#content, #article…) holding less than this share of the page's text is
# a widget that borrowed the id (a chat box's ul#content, a title block closed early by broken
# markup): the next selectors and the text descent are asked first.
GENERIC_MIN_SHARE = 0.1
SPLIT_PART_SHARE = 0.25  # a second match this large (vs the largest) is a part of a split body
DESCENT_SHARE = 0.6  # descend into a child holding this share of its parent's text…
DESCENT_LEAD = (0.4, 2.0)  # …or this share, and this many times the next child's
DESCENT_MAX_LEFT = 300  # …unless its siblings together hold this much text outside links
INNER_SHARE = 0.75  # inside a generic container, only a child holding this share is the notice
SENTENCE_MARK = re.compile(r"[，。；！？]")  # punctuation joining words: prose, not a menu or a date
GRID_MIN_ROWS = 3  # rows of a short label cell and a value cell make a table a grid
GRID_LABEL_CJK = 15
HEADER_MIN_CELLS, HEADER_CELL_CJK = 4, 8  # a data table's header row: this many cells, each this short
LINKED_ITEM_DISCOUNT = 4  # a list item with a link weighs a quarter of its text
# Elements that hold blocks; descending stops above paragraphs and inline markup.
BLOCK_CONTAINERS = frozenset({"div", "td", "table", "tbody", "tr", "section", "article", "main",
                              "center", "dl", "dd", "form", "body"})
IMAGE_BLOCK_MAX_CJK = 100  # a block of a notice's images holds at most headings between them
FORM_MAX_CJK = 200  # a form with a <textarea> and less text than this is a comment form
# Never text: scripts, styles, forms, and navigation/footer elements by tag.
# (Not <form>: 博达 VSB wraps the whole article in one.)
DROP_TAGS = ("script", "style", "noscript", "iframe", "select", "button", "input",
             "textarea", "object", "embed", "template", "svg", "marquee")
HIDDEN_STYLE = re.compile(
    r"display\s*:\s*none|visibility\s*:\s*hidden|(?:left|top)\s*:\s*-\d{3,}|"
    r"font-size\s*:\s*0(?:px)?\s*(?:;|$)",
    re.I,
)
# Text pushed off the page to its left; unless the box's left margin or padding takes it
# back (Word's hanging indent: margin 0 0 0 384px; text-indent -384px, a signature's date).
NEGATIVE_INDENT = re.compile(r"text-indent\s*:\s*-(\d{3,})", re.I)
LEFT_SPACE = re.compile(r"(?:^|[;\s])(?:margin|padding)(?:-left\s*:\s*(\d+)px|\s*:\s*([^;]+))", re.I)
# A box too small to read: height or width of 0-1px with its overflow hidden.
TINY_BOX = re.compile(r"(?:^|;)\s*(?:height|width)\s*:\s*[01](?:px)?\s*(?:;|$)", re.I)
OVERFLOW_HIDDEN = re.compile(r"overflow\s*:\s*hidden", re.I)
# White text (on the white page of a notice body): link farms hide this way too.
WHITE_TEXT = re.compile(r"(?:^|[;\s])color\s*:\s*(?:#fff(?:fff)?|white|rgb\(\s*255\s*,\s*255\s*,\s*255\s*\))\b",
                        re.I)
# dt/dd are not blocks: a 政务公开 <dl> of 索引号/value pairs must read as label: value.
BLOCK_TAGS = frozenset({"p", "div", "br", "li", "tr", "table", "h1", "h2", "h3", "h4", "h5", "h6",
                        "ul", "ol", "dl", "section", "article", "blockquote", "pre",
                        "header", "footer", "center", "hr"})
# CSS rules hiding a class or id (injected spam is often hidden this way, not inline).
HIDING_RULE = re.compile(r"([.#][\w-]+)\s*\{[^}]*?(?:display\s*:\s*none|visibility\s*:\s*hidden|"
                         r"(?:left|top|text-indent)\s*:\s*-\d{3,})", re.I)
# Elements a script reads or shows (getElementById("DOCHTMLCON").innerHTML, $(".fwdw")): hidden
# in the HTML, visible in a browser. TRS pages keep the whole body in such a hidden <div>.
SCRIPT_REFERENCE = re.compile(r"""getElementById\(\s*['"]([\w-]+)['"]|['"][#.]([\w-]+)['"]""")
# The first non-empty value a script gives a variable (var ly = ''; if(ly == ''){ly="长春市人民政府";}).
SCRIPT_VARIABLE = re.compile(r"""(?<![\w.])(?:var\s+)?(\w+)\s*=\s*['"]([^'"\n]{1,80})['"]""")
SCRIPT_WRITTEN_LABEL = re.compile(r"""document\.write\(\s*['"]([^'"<>]{1,12}[:：])\s*['"]\s*\+\s*(\w+)""")
# …or the label is page text and the script writes only the value (发布时间：<script>document.write(pubdata)).
SCRIPT_WRITTEN_VALUE = re.compile(r"""document\.write\(\s*(\w+)\s*\)""")
LABEL_BEFORE_SCRIPT = re.compile(r"([^\s:：<>]{1,12}[:：])\s*$")
# Links written by scripts (TRS pages document.write their attachment lists).
SCRIPT_LINK = re.compile(r"""href\s*=\s*\\?['"]([^'"\\]+)\\?['"][^>]*>([^<]{1,200})<""", re.I)
# Blocks that are never the notice (in a guessed container): by tag, or by class/id word.
CHROME_TAGS = frozenset({"nav", "footer", "aside"})  # not <header>: it holds the title and date
CHROME_CLASS = re.compile(r"(?:^|[\s_-])(?:nav|navbar|menu|footer|foot|breadcrumb|crumbs?|sidebar|share|"
                          r"bdsharebuttonbox|related|relevant|copyright|banner|position|location|topbar|toolbar|"
                          r"pager|pagenav|article-info)"
                          r"(?:$|[\s_-])", re.I)
SHARE_BUTTON = re.compile(r"[a-z]Share(?:Btn|Button|Bar|Box)")  # camelCase: qq's mbArticleShareBtn
HEADING_DATE = re.compile(r"\s*(?:[(（\[]\s*(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?\s*[)）\]]"
                          r"|(?<!\d)(?:19|20)\d{2}-\d{1,2}-\d{1,2})\s*$")  # （2021年07月23日）, or 2021-04-29 in a span
# A tag written into a meta value (ArticleTitle "…关于&lt;br/&gt;进一步…") and zero-width characters
# (U+200B before a 首都之窗 title) are not part of the title the page shows.
MARKUP_IN_TEXT = re.compile(r"</?[a-zA-Z][^<>]{0,40}>")
WECHAT_CREATE_TIME = re.compile(r"""\bvar\s+ct\s*=\s*["']?(\d{10})["']?""")
BEIJING = timezone(timedelta(hours=8))  # China has kept UTC+8 without summer time since 1991
SHOWN_DATE = re.compile(r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")  # the whole text of a <time>
ZERO_WIDTH = re.compile("[\u200b-\u200d\u2060\ufeff]")
GOV_META = ("ArticleTitle", "PubDate", "ContentSource", "SiteName", "ColumnName", "Author", "Keywords")
# Other names CMSs give the publication date (上海's 东方网 CMS: publishdate; Open Graph and news
# sites: article:published_time); read as PubDate when the page has none.
# Other names for a publication time, kept apart from PubDate: a portal's system stamp (sina's
# article:published_time, minutes after the time the page prints) dates a page that prints none.
META_ALIASES = {"publishdate": "PublishedMeta", "publish_date": "PublishedMeta",
                "article:published_time": "PublishedMeta",
                # A news CMS's source (<meta name="source" content="澎湃新闻">): read only where the
                # page prints it beside the title or date (fields.shown_source), never alone.
                "source": "SourceMeta"}


def parse(html: str, url: str):
    try:
        tree = lxml.html.fromstring(html or "<html></html>", base_url=url)
    except (ParserError, ValueError):
        tree = lxml.html.fromstring(html.encode("utf-8", "surrogatepass"), base_url=url)
    return tree


def meta_tags(tree) -> dict[str, str]:
    """政府网站 meta tags (ArticleTitle, PubDate, ContentSource…), keys as written in GOV_META."""
    found, aliased = {}, {}
    wanted = {k.lower(): k for k in GOV_META}
    for meta in tree.iter("meta"):
        name = (meta.get("name") or meta.get("property") or "").strip().lower()
        if (name in wanted or name in META_ALIASES) and (meta.get("content") or "").strip():
            # A line break between two Chinese characters is the page's layout, not a space.
            content = re.sub(rf"(?<={CJK.pattern})[ \t]*[\r\n]+\s*(?={CJK.pattern})", "", meta.get("content"))
            into = found if name in wanted else aliased
            into.setdefault(wanted.get(name) or META_ALIASES[name], " ".join(content.split()))
    if "PublishedMeta" not in aliased and (published := linked_data_published(tree)):
        aliased["PublishedMeta"] = published
    return aliased | found  # the government name (PubDate) first: a page may give both


def linked_data_published(tree) -> str | None:
    """A schema.org article's ``datePublished`` (<script type="application/ld+json">, news
    sites: xw.qq), read like a publishdate meta: after every date the page prints."""
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text)
        except ValueError:
            continue  # a malformed block says nothing
        for item in data if isinstance(data, list) else [data]:
            if isinstance(item, dict) and isinstance(value := item.get("datePublished"), str) and value.strip():
                return _beijing_time(value.strip())
    return None


def _beijing_time(value: str) -> str:
    """An ISO 8601 stamp with a zone (2020-09-19T08:47:20Z) as Beijing time, the time pages print."""
    try:
        stamp = datetime.fromisoformat(value)
    except ValueError:
        return value
    if stamp.tzinfo is None:
        return value
    return stamp.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M:%S")


def selected_text(tree, css: str | None) -> str | None:
    """Whitespace-collapsed text of the first element ``css`` selects, if any."""
    found = _select(tree, css) if css else []
    text = " ".join(found[0].text_content().split()) if found else ""
    return text or None


def wechat_publish_time(tree) -> str | None:
    """A WeChat (公众号) article's publication time, "YYYY-MM-DD HH:MM" in Beijing time: its
    page prints an empty ``em#publish_time`` that a script fills from ``var ct = "<unix
    time>"``. Government offices publish many notices there, and lists link them (off-host
    rows)."""
    if not tree.xpath('//*[@id="publish_time"]'):
        return None
    for script in tree.iter("script"):
        m = WECHAT_CREATE_TIME.search(script.text or "")
        if m:
            return datetime.fromtimestamp(int(m.group(1)), BEIJING).strftime("%Y-%m-%d %H:%M")
    return None


def time_elements(tree) -> list[str]:
    """``datetime`` attributes of HTML5 <time> elements, in page order; the date the element
    shows instead when it shows another day (<time datetime="2026-04-24">2026-06-03</time>: a
    reader sees the text, and the attribute is the template's stale value)."""
    out = []
    for t in tree.iter("time"):
        stamp = (t.get("datetime") or "").strip()
        shown = SHOWN_DATE.fullmatch(" ".join(t.text_content().split()))
        if shown:
            day = "{}-{:0>2}-{:0>2}".format(*shown.groups())
            if not stamp.startswith(day):
                stamp = day
        if stamp:
            out.append(stamp)
    return out


def strip_invisible(tree) -> int:
    """Remove scripts, styles and elements hidden with CSS (where injected spam hides);
    returns how many hidden elements held text."""
    hidden_selectors = [m.group(1) for style in tree.iter("style") for m in HIDING_RULE.finditer(style.text or "")]
    shown_by_script = {name for script in tree.iter("script") for pair in SCRIPT_REFERENCE.findall(script.text or "")
                       for name in pair if name}
    for form in list(tree.iter("form")):
        # A comment or consultation form (昵称, 联系手机, 验证码 around a <textarea>) is never the
        # notice; a form wrapping the whole article (博达 VSB) holds far more text than its fields.
        if form.find(".//textarea") is not None and len(CJK.findall(form.text_content())) < FORM_MAX_CJK:
            form.drop_tree()
    for el in list(tree.iter("input")):
        if (el.get("type") or "").lower() == "image" and el.get("src"):
            el.tag = "img"  # an image the page shows (a score table scanned as <input type=image>)
    for el in list(tree.iter(*DROP_TAGS)):
        el.drop_tree()
    for el in [el for el in CLICKABLE(tree) if _is_control(el)]:
        el.drop_tree()  # its tail stays: 来源：教育部<span onclick=…>收藏</span> reads 来源：教育部
    removed = 0
    hidden = [el for css in hidden_selectors for el in _select(tree, css)]
    hidden += [el for el in STYLED(tree) if _hidden(el.get("style") or "", el)]
    # A body container hidden until a script shows it (WeChat's #js_content) is the article.
    keep = {el for css, select in CMS_CONTAINERS if css in SPECIFIC_CONTAINERS for el in select(tree)} if hidden else set()
    keep |= {ancestor for el in keep for ancestor in el.iterancestors()}
    for el in hidden:
        names = {el.get("id") or "", *(el.get("class") or "").split()}
        if names & shown_by_script:
            continue
        if el.getparent() is not None and el.tag not in ("html", "body") and el not in keep:
            removed += bool(CJK.search(el.text_content()))
            el.drop_tree()
    return removed


CLICKABLE = XPath("//*[@onclick or @href]")  # the only elements _is_control can take
STYLED = XPath("//*[@style or @hidden]")  # the only elements _hidden can take


def _is_control(el) -> bool:
    """A button made of an element: a script handles its click (onclick, href="javascript:…") and
    its text is only a widget word (收藏, 打印, 【关闭】); glued after a label's value it is not part
    of it."""
    if not (el.get("onclick") or (el.get("href") or "").strip().lower().startswith("javascript:")):
        return False
    return " ".join(el.text_content().split()).strip("【】[]()（） ").lower() in WIDGET_WORDS


def _hidden(style: str, el) -> bool:
    return (el.get("hidden") is not None or bool(HIDDEN_STYLE.search(style)) or _indented_away(style)
            or bool(TINY_BOX.search(style) and OVERFLOW_HIDDEN.search(style)))


def _indented_away(style: str) -> bool:
    """A negative text-indent of 100px or more that no left margin or padding makes up for."""
    m = NEGATIVE_INDENT.search(style)
    if not m:
        return False
    left = 0
    for side, box in LEFT_SPACE.findall(style):
        if side:
            left += int(side)
        else:  # margin: top right bottom left (1 to 4 values; the left is the 4th, 2nd or only)
            values = [v.strip().removesuffix("px") for v in box.split()]
            pick = values[3] if len(values) == 4 else values[1] if len(values) >= 2 else values[0] if values else "0"
            left += int(pick) if pick.isdigit() else 0
    return int(m.group(1)) > left


def strip_white_text(container) -> int:
    """Drop white text inside the body (white <font> or CSS color): invisible on the page."""
    removed = 0
    for el in list(container.iter()):
        if not isinstance(el.tag, str) or el is container:
            continue
        white = (el.tag == "font" and (el.get("color") or "").lower() in ("#ffffff", "#fff", "white"))
        if (white or WHITE_TEXT.search(el.get("style") or "")) and el.getparent() is not None:
            removed += bool(CJK.search(el.text_content()))
            el.drop_tree()
    return removed


def _select(tree, css: str) -> list:
    try:
        return CSSSelector(css)(tree)
    except Exception:  # noqa: BLE001 - a page's own CSS may use selectors cssselect rejects
        return []


def script_links(tree, base_url: str) -> list[tuple[str, str]]:
    """(text, url) of links that scripts write into the page (document.write)."""
    found = []
    for script in tree.iter("script"):
        for href, text in SCRIPT_LINK.findall(script.text or ""):
            found.append((" ".join(text.split()), urljoin(base_url, href)))
    return found


def script_labels(tree) -> list[str]:
    """"label:value" lines that scripts write from a variable (TRS: ``var wzly = '市公积金中心';
    … document.write('来源：' + wzly)``): visible in a browser, absent from the static HTML."""
    lines = []
    for script in tree.iter("script"):
        text = script.text or ""
        if "document.write" not in text:
            continue
        values: dict[str, str] = {}
        for name, value in SCRIPT_VARIABLE.findall(text):
            values.setdefault(name, value)
        written = SCRIPT_WRITTEN_LABEL.findall(text)
        previous = script.getprevious()
        before = LABEL_BEFORE_SCRIPT.search((previous.tail if previous is not None else script.getparent().text) or "")
        if before:
            written += [(before[1], name) for name in SCRIPT_WRITTEN_VALUE.findall(text)]
        for label, name in written:
            if values.get(name, "").strip():
                lines.append(label + values[name].strip())
    return lines


def find_container(tree, selector: str | None = None, title: str | None = None) -> tuple[list, str]:
    """(elements holding the notice body, in page order; strategy) — more than one when the
    body is split across tables. ([], "") when nothing qualifies. ``title``: the notice's
    title, which anchors the text descent where no block holds most of the text."""
    weights = _text_weights(tree)
    if selector:
        found = _select(tree, selector)
        if found:
            return found[:1], "selector"
    el = tree.find("body")
    el = el if el is not None else tree
    slight: tuple[list, str] | None = None  # a generic container too small to trust alone
    empty: list = []  # a CMS's own content box present but without text
    for css, select in CMS_CONTAINERS:
        least = MIN_SPECIFIC_CJK if css in SPECIFIC_CONTAINERS else MIN_BODY_CJK
        matches = select(tree)
        found = [el for el in matches if weights.get(el, 0) >= least]
        if not found:
            # A generic box (div.article-content) counts as the editor's only when it holds the
            # notice's images or files.
            empty = empty or [el for el in matches if css in SPECIFIC_CONTAINERS or _holds_images_or_files(el)][:1]
            continue
        if css not in SPECIFIC_CONTAINERS and max(weights[f] for f in found) < GENERIC_MIN_SHARE * weights.get(el, 0):
            slight = slight or (_parts(found, weights), css)
            continue
        parts = [_innermost(part, found) for part in _parts(found, weights)]
        if css not in SPECIFIC_CONTAINERS and len(parts) == 1:
            # A generic wrapper (div#Article) may hold the heading, the date line and a pop-up
            # beside the notice's own block: that block, when it holds most of the text.
            inner = _descend(parts[0], weights, strict=True)
            parts = inner[0] if inner else parts
        return parts, css
    if empty:
        # The editor's box is there and empty: the notice is images or only its attachment
        # (a TRS page of PNG scans, a 相关附件下载 link). The page around it is not the body.
        return empty, EMPTY_CONTAINER
    descended = _descend(el, weights, title=title)
    if descended:
        return descended
    if slight:
        return slight
    files = _file_block(tree, weights)
    return ([files], FILE_BLOCK) if files is not None else ([], "")


def _file_block(tree, weights: dict):
    """The block holding every document link outside the page's chrome, when it holds no text
    of its own beside them: a notice that is only its file (one ``.doc`` link under the
    heading, no CMS box). Without it the last resort reads the menu as the body."""
    links = [a for a in tree.iter("a") if (attachment_type(a.get("href") or "") or attachment_type(a.text_content()))
             and not any(_is_chrome(up) for up in a.iterancestors())]
    if not links:
        return None
    shared = [up for up in links[0].iterancestors() if up.tag in BLOCK_CONTAINERS]
    block = next((up for up in shared if all(up in link.iterancestors() for link in links[1:])), None)
    if block is None or block.tag == "body" or cjk_outside_links(block) >= MIN_BODY_CJK:
        return None  # the links are far apart, or beside text: not a notice made of its file
    return block


def cjk_outside_links(el) -> int:
    """Chinese characters of ``el`` outside its links, a link's whole text counted as the link's
    (``_text_weights`` counts text after an ``<img>`` or ``<br>`` inside a link as outside it)."""
    return len(CJK.findall(el.text_content())) - sum(len(CJK.findall(a.text_content())) for a in el.iter("a"))


def _is_chrome(el) -> bool:
    """A navigation, header, footer, share or related block, by tag or class/id word."""
    marks = f"{el.get('class') or ''} {el.get('id') or ''}"
    return el.tag in CHROME_TAGS or bool(CHROME_CLASS.search(marks) or SHARE_BUTTON.search(marks))


def _holds_images_or_files(el) -> bool:
    """Images, file links, or a document player (WebPlus ``div.wp_pdf_player pdfsrc=…``, an
    ``<embed>``/``<iframe>``/``<object>`` showing a file): a notice that is its file."""
    return (bool(text_free_images(el)) or any(attachment_type(a.get("href") or "") for a in el.iter("a"))
            or any(attachment_type(player_source(p)) for p in el.iter("div", "embed", "iframe", "object")))


def player_source(el) -> str:
    """The file a document player shows: WebPlus's pdfsrc, an embed's or iframe's src, an object's data."""
    return (el.get("pdfsrc") or el.get("src") or el.get("data") or "") if el.tag != "div" else (el.get("pdfsrc") or "")


def _descend(el, weights: dict, strict: bool = False, title: str | None = None) -> tuple[list, str] | None:
    """The block holding most of the page's text, found by descending from ``el``; ``strict``
    descends only into a child holding nearly all of it (INNER_SHARE). The one child printing
    ``title`` with prose beside it is the notice's block when no other child holds prose
    (:func:`_title_block`), whatever the weights: a sidebar of dates and labels may outweigh
    a short notice, which then needs no minimum of text while it still prints the title and
    its prose (not when the descent went on into the heading's own box)."""
    anchored = False
    flat_title = "".join((title or "").split())
    while True:
        children = sorted((c for c in el if isinstance(c.tag, str) and c.tag in BLOCK_CONTAINERS),
                          key=lambda c: weights.get(c, 0), reverse=True)
        if not children:
            break
        step = _heaviest_step(el, children, weights, strict)
        # (the title anchor is asked only where the weights lead elsewhere: block_lines is slow)
        if flat_title and not strict and not _is_grid(el) and (
                step is None or flat_title not in "".join(step.text_content().split())):
            titled = _title_block(children, flat_title)
            if titled is not None:
                el, anchored = titled, True
                continue
        if step is None:
            break
        el = step
    if weights.get(el, 0) >= 4 * MIN_BODY_CJK or (anchored and _title_block([el], flat_title) is el):
        return [el], "text-descent"
    return None


def _heaviest_step(el, children: list, weights: dict, strict: bool):
    """The child of ``el`` the descent by weight goes into, or None where it stops."""
    best, total = weights.get(children[0], 0), weights.get(el, 0)
    runner_up = weights.get(children[1], 0) if len(children) > 1 else 0
    share, lead = DESCENT_LEAD
    if _is_grid(el):
        return None  # a table of label/value rows is one notice, never one of its cells
    if _is_grid(children[0]) and (_prose_beside(el) or _prose_block_beside(children)):
        return None  # a 公示's table with its paragraphs (根据…，现将…公示如下： / 特此公示) around it
    if strict and best < INNER_SHARE * total:
        return None
    if best < DESCENT_SHARE * total and not (best >= share * total and best >= lead * runner_up):
        return None
    if total - best >= DESCENT_MAX_LEFT:
        return None  # the siblings hold a notice's worth of text: parts of one document (Word's sections)
    return children[0]


def _prose_block_beside(children: list) -> bool:
    """A block beside the grid (``children[0]``) printing a sentence of its own: the notice's
    introduction in a <div> over its table (为便于供应商…，现将…公开如下：), not a chrome block."""
    return any(SENTENCE_MARK.search(child.text_content()) and not _is_chrome(child)
               and not FOOTER_LINE.search(child.text_content()) for child in children[1:])


def _prose_beside(el) -> bool:
    """``el`` prints a sentence outside its block children: paragraphs of its own text (an
    introduction or a closing line beside a table), not another block's, and not a footer
    line (主办：…，地址：…)."""
    def prose(text: str | None) -> bool:
        return bool(text and SENTENCE_MARK.search(text) and not FOOTER_LINE.search(text))

    if prose(el.text):
        return True
    for child in el:
        if prose(child.tail):
            return True
        if (isinstance(child.tag, str) and child.tag not in BLOCK_CONTAINERS and child.tag != "a"
                and prose(" ".join(child.text_content().split()))):
            return True
    return False


def _title_block(children: list, flat_title: str):
    """Of blocks side by side, none holding most of the text, the one printing the notice's
    title (whitespace-free) on a line of its own with prose (a sentence) beside it, when the
    others hold no prose but footer lines (版权所有, 主办…): they are a sidebar of menus and
    dates and the footer, the notice's block may be the smaller (a one-line body under its
    heading and date line)."""
    found = None
    for child in children:
        flat = "".join(child.text_content().split())
        if not SENTENCE_MARK.search(flat.replace(flat_title, "")):
            continue  # no prose at all (the cheap test first: block_lines walks the tree)
        lines = ["".join(line.split()) for line in block_lines(child)]
        prose = [line for line in lines if SENTENCE_MARK.search(line) and line != flat_title
                 and not FOOTER_LINE.search(line)]
        if flat_title in lines and prose and found is None:
            found = child
        elif prose and not _is_feed(child, lines):
            return None  # another block holds prose too: the text is split, not framed by chrome
    return found


def _is_feed(el, lines: list[str]) -> bool:
    """A list of other articles (推荐阅读, 最热文章: a linked title, a teaser, a date, repeated):
    its teasers are prose, but not this notice's; ``lines`` its whitespace-free lines."""
    linked = {"".join(a.text_content().split()) for a in el.iter("a")}
    dated = sum(1 for line in lines if FEED_DATE.match(line))
    titles = sum(1 for line in lines if line in linked and len(CJK.findall(line)) >= FEED_TITLE_CJK)
    return dated >= FEED_MIN_ITEMS and titles >= FEED_MIN_ITEMS


# A feed's item dates, on lines of their own (whitespace removed): 2026-07-20 10:00, 2024年3月1日
FEED_DATE = re.compile(r"^(?:19|20)\d{2}[-/.年]\d{1,2}[-/.月]\d{1,2}日?(?:\d{1,2}:\d{2}(?::\d{2})?)?$")
FEED_MIN_ITEMS, FEED_TITLE_CJK = 4, 6


def _is_grid(el) -> bool:
    """A table of label/value or data rows (行政处罚信息公开表, 公示 lists): one unit, never a
    single cell of it. Layout tables pass: their content cell holds most of the text."""
    if el.tag not in ("table", "tbody"):
        return False
    rows = el.xpath("./tr|./tbody/tr|./thead/tr")
    if _header_row(rows):
        return True
    labelled = 0
    for row in rows:
        cells = [cell for cell in row.xpath("./td|./th") if CJK.search(cell.text_content())]
        if len(cells) >= 2 and len(CJK.findall(cells[0].text_content())) <= GRID_LABEL_CJK \
                and not cells[0].xpath(".//a"):
            labelled += 1
    return labelled >= GRID_MIN_ROWS


def _header_row(rows: list) -> bool:
    """A data table's first row: HEADER_MIN_CELLS or more short label cells (序号 | 采购单位 |
    采购项目名称 | …), no links, over a row of as many cells: a 采购意向 or 公示 table of one or
    two data rows is one unit too."""
    if len(rows) < 2:
        return False
    head = rows[0].xpath("./td|./th")
    if len(head) < HEADER_MIN_CELLS or rows[0].xpath(".//a"):
        return False
    if not all(0 < len(CJK.findall(cell.text_content())) <= HEADER_CELL_CJK for cell in head):
        return False
    return any(len(row.xpath("./td|./th")) == len(head) for row in rows[1:])


def _parts(found: list, weights: dict) -> list:
    """The largest match, plus matches of the same selector large enough to be parts of it;
    a match printing the same text as an earlier one is a copy of it (a template's mobile
    version of the article further down the page), not a part."""
    top = max(weights[el] for el in found)
    parts = [el for el in found if weights[el] >= SPLIT_PART_SHARE * top]
    parts = [el for el in parts if not any(other in el.iterancestors() for other in parts)]
    seen, out = set(), []
    for el in parts:
        flat = "".join(el.text_content().split())
        if flat not in seen:
            seen.add(flat)
            out.append(el)
    return out


def _innermost(el, found: list):
    """The box of the same selector nested in ``el`` when ``el`` holds no sentence outside it: a
    saving tool's copy wrapped the body box (#vsb_content) again around the page's tail (the
    VSB 附件【…】已下载次 list, 下一条, 【关闭】), which the template prints after the box."""
    inner = max((f for f in found if f is not el and el in f.iterancestors()),
                key=lambda f: len(CJK.findall(f.text_content())), default=None)
    if inner is None:
        return el
    parent, index = inner.getparent(), inner.getparent().index(inner)
    parent.remove(inner)  # lines of el around the inner box (its tail goes with it)
    try:
        prose = any(SENTENCE_MARK.search(line) for line in block_lines(el))
    finally:
        parent.insert(index, inner)
    return el if prose else _innermost(inner, found)


def _text_weights(tree) -> dict:
    """Chinese characters outside links, per element (its own text plus its descendants')."""
    weights: dict = {}

    def weigh(el) -> int:
        total = 0
        if el.tag != "a" and el.text:
            total += len(CJK.findall(el.text))
        for child in el:
            if isinstance(child.tag, str):
                total += weigh(child)
            if child.tail:
                total += len(CJK.findall(child.tail))
        if el.tag == "li" and el.find(".//a") is not None:
            total //= LINKED_ITEM_DISCOUNT  # "related articles" teasers, not the notice
        weights[el] = total
        return total

    root = tree.getroot() if hasattr(tree, "getroot") else tree
    weigh(root)
    return weights


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
        elif node.tag in ("td", "th", "dt", "dd"):
            parts.append(" ")
        if node.tail:
            parts.append(node.tail)

    walk(el)
    lines = ("".join(parts)).replace("\xa0", " ").replace("\u3000", " ").split("\n")
    return [" ".join(line.split()) for line in lines if line.strip()]


def text_free_images(el) -> int:
    """Images in ``el`` standing in a block without text, not in a link or a chrome block: the
    pages of a notice printed as images (a logo or a badge is linked, a banner is chrome)."""
    return len(_free_images(el))


def _free_images(el) -> list:
    found = []
    for img in el.iter("img"):
        ancestors = list(img.iterancestors())
        if any(a.tag == "a" or _is_chrome(a) for a in ancestors):
            continue
        block = next((a for a in ancestors if a.tag in BLOCK_CONTAINERS or a.tag == "p"), None)
        if block is None or len(CJK.findall(block.text_content())) < MIN_SPECIFIC_CJK:
            found.append(img)
    return found


def image_block(container):
    """The smallest block inside ``container`` holding all its text-free images, when it is a
    block of its own (not ``container``) with little text: a notice printed as images, its
    section headings between them (【普通类-首选物理】 over the score tables)."""
    images = _free_images(container)
    if not images:
        return None
    shared = [up for up in images[0].iterancestors() if up.tag in BLOCK_CONTAINERS]
    block = next((up for up in shared if all(up in img.iterancestors() for img in images[1:])), None)
    if block is None or block is container or len(CJK.findall(block.text_content())) >= IMAGE_BLOCK_MAX_CJK:
        return None
    return block


def link_texts(tree) -> frozenset[str]:
    """Whitespace-free text of every link holding Chinese text (menus, lists, related items)."""
    texts = ("".join(a.text_content().split()) for a in tree.iter("a"))
    return frozenset(text for text in texts if CJK.search(text))


def body_text(tree) -> str:
    """All text of the page's <body> (the tree as cleaned so far)."""
    body = tree.find("body")
    return (body if body is not None else tree).text_content()


# A template's element naming the news source without a 来源 label: sina's a.source and
# span.time-source, 163's #ne_article_source, qq's span.where, a media_name span, eol's div.origin.
SOURCE_CLASS = re.compile(r"(?:^|[\s_-])(?:source|origin|media_name|medianame|where|laiyuan)(?:$|[\s_-])", re.I)
SOURCE_NAME = re.compile(r"^[\w\u00b7\u30fb·・（）()《》\s-]{2,30}$")  # a name: no sentence, no label's colon
SOURCE_DATE = re.compile(r"(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?(?:\s*\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?")


def source_element(tree, end_text: str) -> str | None:
    """The name in the first element classed as the source (SOURCE_CLASS) before the element
    whose text is ``end_text`` (where the body was), a date beside it left out: a news
    template prints its source so, without a 来源 label (2016年02月24日14:36 新华网)."""
    for el in tree.iter():
        if not isinstance(el.tag, str):
            continue
        if el.text == end_text:
            return None
        marks = f"{el.get('class') or ''} {el.get('id') or ''} {el.get('data-sudaclick') or ''}"
        if el.tag in ("meta", "script", "style", "link") or not SOURCE_CLASS.search(marks):
            continue
        name = " ".join(SOURCE_DATE.sub(" ", el.text_content()).split())
        if SOURCE_NAME.match(name) and CJK.search(name) and not name.isdigit():
            return name
    return None


def page_lines(tree) -> list[str]:
    body = tree.find("body")
    return block_lines(body if body is not None else tree)


def attachment_type(url: str) -> str | None:
    """Media type of a document link, from its path or a file name in its query
    (``downfile.jsp?filename=x.xlsx``); None for other links."""
    parts = urlsplit(url)
    for candidate in [parts.path] + [v for _, _, v in (q.partition("=") for q in parts.query.split("&"))]:
        m = FILE_NAME.search(candidate)
        if m:
            return FILE_TYPES[m.group(1).lower()]
    return None


NAMED = XPath("//*[@class or @id]")
ATTACHMENT_NAME = re.compile(r"fj|attach|fujian", re.I)


def _text_start(el, chars: int) -> str:
    """The first ``chars`` characters of ``el``'s text after leading whitespace (what
    ``el.text_content().strip()[:chars]`` gives, without reading the whole subtree)."""
    found = ""
    for piece in el.itertext():
        found = (found + piece).lstrip()
        if len(found) > chars:
            break
    return found[:chars]


def attachments(tree, containers: list, base_url: str,
                written: list[tuple[str, str]] = ()) -> list[tuple[str, str, str]]:
    """(title, absolute url, media type) of document links in the body or an 附件 block,
    plus links scripts write (``written``)."""
    scopes = list(containers)
    for el in tree.iter("div", "ul", "p", "td", "dl", "span"):
        if "附件" in _text_start(el, 8) or "附件" in (el.get("class") or ""):  # 附件 or 相关附件 first
            scopes.append(el)
    scopes += [el for el in NAMED(tree) if ATTACHMENT_NAME.search((el.get("class") or "") + (el.get("id") or ""))]
    links = [(" ".join((a.text_content() or a.get("title") or "").split()), urljoin(base_url, a.get("href").strip()))
             for scope in scopes for a in scope.iter("a") if (a.get("href") or "").strip()]
    seen: dict[str, tuple[str, str, str]] = {}
    for title, url in links + list(written):
        media_type = attachment_type(url) or attachment_type(title)  # download.jsp?fileid=… "x.pdf"
        if media_type and url not in seen:
            seen[url] = (title or url.rsplit("/", 1)[-1], url, media_type)
    return list(seen.values())


def drop_chrome_blocks(container, dropped_lines: list[str] | None = None) -> int:
    """Remove navigation, header, footer, share and related blocks inside a *guessed* body
    container (a descent can stop at a wrapper holding the menu as well as the notice);
    returns how many went. Their lines go to ``dropped_lines``: a date bar classed like a
    menu (div.ls-article-menu: 发布日期… 来源…) still carries the page's labels."""
    removed = 0
    for el in list(container.iterdescendants()):
        if not isinstance(el.tag, str) or el.getparent() is None:
            continue
        if _is_chrome(el):
            if dropped_lines is not None:
                dropped_lines.extend(block_lines(el))
            el.drop_tree()
            removed += 1
    return removed


def drop_title_headings(containers: list, title: str | None) -> bool:
    """Remove the first heading inside the body container that prints the title (with or
    without a date beside it): the page's heading, not the notice's text; True if one went.
    A second heading printing it is the document's own heading, pasted under the page's, and
    stays; so does a title repeated in a paragraph of the content."""
    printed = [h for container in containers for h in container.iter("h1", "h2", "h3", "h4", "h5", "h6")
               if title and h is not container and clean_title(h.text_content(), h) == title]
    for h in printed[:1]:
        h.drop_tree()
    return bool(printed)


def clean_title(text: str, heading=None) -> str:
    """Whitespace collapsed, no tag written into the text or zero-width character; no file extension
    (doc-share) after it (a 【贷款】 or [已废止] prefix is part of it),
    no date a heading prints beside it (关于…的通知 ( 2021年07月23日 ))."""
    text = " ".join(MARKUP_IN_TEXT.sub("", ZERO_WIDTH.sub("", text)).split())
    text = HEADING_DATE.sub("", text) if heading is not None else text
    return FILE_NAME.sub("", text).strip()
