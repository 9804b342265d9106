"""Line-level cleaning of body lines: injected spam, portal widgets, farm boilerplate.

Pure functions on the text lines the HTML extractor found in the body container.
Reads ``data/spam_terms.txt``. Every rule matches the *folded* line (pinyin glosses
removed, simplified script, NFKC: full-width colons and digits become ASCII), so one
pattern covers 相关附件：, 相關附件:, 熱門標籤 and 热门标签.

A rule here must never drop a legitimate body line: numbered headings, signatures
(开平市教育局 / 2022年1月12日), document numbers (清教〔2022〕12号). Patterns are
anchored to whole lines or to phrases that no notice text uses.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from itertools import takewhile

from archive.normalize import strip_pinyin, to_simplified
from archive.tables import read_sections
from crawler.extract.vocab import (
    COPYRIGHT,
    COUNTER_WORD,
    DOC_SHARE_PAGE,
    FILE_NAME,
    PREVIEW_LIMIT,
    RAW_PAYWALL_FRAGMENT,
    RAW_UNFINISHED_TAIL,
    TODAY_BANNER,
)

# --- truncation marks live in crawler.extract.vocab (RAW_PAYWALL_FRAGMENT, RAW_UNFINISHED_TAIL,
# PREVIEW_LIMIT): one table for the line rules here and the text rules in textrules.
EXPAND_PROMPT = re.compile(r"^(?:展开阅读全文|展开全文|余下全文)\W*$")
AFTER_PROMPT_MAX_CHARS = 40  # only short widget lines may follow a final 展开阅读全文

# --- document-share boilerplate (folded, bullets stripped) -----------------------------
DOC_SHARE_LINES = (
    re.compile(r"^收藏\s*分享(?:\s*\(赏\))?$"),  # 收藏 分享(赏)
    re.compile(r"^下载\s*相关\s*举报$"),
    DOC_SHARE_PAGE,  # xxx.docx_第1页
    re.compile(r"^第\s*\d+\s*页\s*/\s*共\s*\d+\s*页$"),  # 第1页 / 共12页
    re.compile(r"^上传人\s*:.*(?:文档编号|上传时间)\s*:"),  # 上传人:g****t 文档编号:1897216 …
    re.compile(
        r"^(?:资源描述|相关资源|猜你喜欢|相关搜索|相关文章|文章搜索|热门标签|相关推荐|热门推荐"
        r"|精品推荐|本文关键词|你可能喜欢)\s*:?$"
    ),
)
# A farm's table of contents (目录/提纲:……) runs until a line of dots (seed 001).
TOC_START = re.compile(r"^目录\s*/?\s*提纲\s*:")
TOC_MAX_LINES = 60
TOC_LINE_MAX_CHARS = 60

# --- breadcrumbs, banners, counters ----------------------------------------------------
PORTAL_CHROME = (
    re.compile(
        r"^(?:您当前的位置|您当前位置|当前位置|您的位置|您现在的位置|所在位置|当前的位置)\s*:"
    ),
    re.compile(rf"^(?:{TODAY_BANNER.pattern})\s*\d{{4}}\s*年\s*\d{{1,2}}\s*月\s*\d{{1,2}}\s*日"),  # 今天是2019年4月11日…
    re.compile(r"^欢迎(?:进入|访问|光临|来到).{0,30}(?:网|网站|门户|平台)\W*$"),
    re.compile(r"^扫一扫.{0,12}(?:手机|移动端|微信)"),  # 扫一扫在手机打开当前页
    re.compile(r"^(?:上一篇|下一篇|上一条|下一条)\s*(?::|$)"),
    # a breadcrumb on a line of its own: 首页 - 机构设置 - 科室 - 人事科 - 公文通知, 首页 > 通知公告
    re.compile(r"^(?:网站首页|首页|主页)(?:\s*(?:>|»|›|-|/|—)+\s*[^\s>»›/—。,;]{1,16}){1,8}\s*(?:>|»|›|-|/|—)*$"),
    re.compile(r"^(?:相关附件|相关链接|附件下载|相关附件下载|相关文档)\s*:?$"),
    re.compile(r"^【?\s*字[体号](?:大小)?\s*:"),  # 【字体:大 中 小】, 【字體：, 字体大小：
    re.compile(r"如有侵权.{0,8}(?:联系|删除)|版权归原作者所有"),  # a repost's disclaimer (holdout h20)
    re.compile(r"^本帖最后由\s*\S+\s*于.{0,30}编辑$"),  # a forum's edit stamp (holdout h22)
)
# 来源:本网访问量:-发布时间:2022-03-28 (seed 002); never "网站访问量达到10万人次".
# 博达 VSB's download count after an attachment's bracketed name: 附件【x.pdf】已下载<script>次.
DOWNLOAD_COUNTER = re.compile(r"(?<=[】\]])\s*已下载\s*\d*\s*次\s*$")
VIEW_COUNTER = re.compile(rf"(?:{COUNTER_WORD.pattern})\s*:\s*(?:-|\d|\[|$)")
COUNTER_LINE_MAX_CHARS = 120

# --- site footer: copyright, ICP numbers ----------------------------------------------
SITE_FOOTER = (
    re.compile(rf"^(?:{COPYRIGHT.pattern}|\(c\))", re.IGNORECASE),  # copyright@ 2008-2023 wnwk.com…
    re.compile(r"版权所有\s*:|版权所有\W*$"),
    re.compile(r"^(?:经营许可证编号|备案编号|备案号|网站标识码|技术支持|网站维护)\s*:"),
    re.compile(r"icp\s*[备证]\s*\d|公网安备", re.IGNORECASE),  # 粤ICP备05079694号, 粤公网安备
    re.compile(r"网站标识码\s*:?\s*[0-9a-z]{6,}", re.IGNORECASE),  # 政府网站标识码：4400000001, anywhere in the line
    # 版权所有 beside a footer's other words (a notice may say 版权所有 in a sentence of its own)
    re.compile(r"版权所有.{0,40}(?:主办|承办|icp|网站|地址|电话|©|copyright|\d{4})|(?:主办|©|copyright).{0,40}版权所有",
               re.IGNORECASE),
    re.compile(r"^主办(?:单位)?\s*:.*(?:承办|协办|维护|技术支持|版权|网站|icp|联系方式|联系电话)", re.IGNORECASE),
    # a site's disclaimer, labelled (免责声明：页面所载内容…; 免责申明 as some sites misspell it)
    re.compile(r"^(?:免责声明|免责申明|网站声明)\s*:.{0,60}(?:本站|本网|网站|页面|转载)"),
)
# 开平市人民政府门户网站, 开平市政府网公众号, 开平发布政务微博: a bare site name in the chrome.
SITE_IDENTITY = re.compile(r"^[^\W\d_]{2,16}(?:门户网站|公众号|政务微博|官方微博|官方微信)$")

# --- lines made only of widget words ---------------------------------------------------
# 打印 / 关闭 / 关注我们: / 搜索 / 联系我们 网站帮助 网站地图 服务申明 / 【字体:大 中 小】
WIDGET_WORDS = frozenset(
    """打印 打印本页 打印此页 打印此文 打印正文 打印文章 关闭 关闭窗口 关闭本页 关闭当前页面 返回 返回顶部 返回首页 返回列表
    收藏 加入收藏 收藏本页 设为首页 分享 分享到 扫一扫 扫描 扫码 微信 微博 朋友圈 qq qq空间 新浪微博
    腾讯微博 复制链接 更多 搜索 检索 站内搜索 关注我们 联系我们 网站帮助 网站地图 服务申明
    服务声明 免责声明 隐私声明 隐私政策 法律声明 使用帮助 无障碍 无障碍浏览 长者模式 关怀版
    繁体 简体 繁体版 简体版 english 字体 字号 纠错 我要纠错 上一篇 下一篇 相关附件 相关链接
    热门标签 相关文章 相关资源 猜你喜欢 相关搜索 文章搜索 资源描述 首页 登录 注册
    pdf下载 word下载 ofd下载 下载pdf 下载word 在线浏览pdf 点击下载pdf""".split()  # buttons for the page as a
    # file (信息公开 pages; an e-paper's page as a PDF)
)
WIDGET_RUN_MAX_CHARS = 16  # longer tokens are text, never a run of widget words
WIDGET_INITIALS = frozenset(word[0] for word in WIDGET_WORDS)
# 大 中 小 are widget words only beside 字体/字号 (a table cell "中" stays).
FONT_SIZE_WORDS = frozenset({"大", "中", "小", "默认", "标准"})
FONT_LABELS = frozenset({"字体", "字号"})
WIDGET_TOKEN_SPLIT = re.compile(r"[\s【】\[\]|/:·•,、()<>»«>]+")

# --- a "related" block after the notice: 相关链接 / 政策解读 / 关联稿件 and the links under it ---
RELATED_LABEL = re.compile(
    r"^(?:查看)?(?:相关链接|相关解读|政策解读|政策文件|相关稿件|关联稿件|相关文件|相关新闻|相关阅读|延伸阅读|拓展阅读|扩展阅读|推荐阅读"
    r"|专栏|专题|相关信息|原文下载|pdf文件查看"
    r"|下载本信息公开文件|点击查看|文字解读|图片解读|图文解读|视频解读|解读|图解)\s*(?::|$|\(|《)",
    re.I,
)
RELATED_WORDS = re.compile(r"解读|问答|图解|稿件|链接|相关")
NAMED_INTERPRETATION = re.compile(r"^《[^》]{4,}》\s*(?:政策|视频|图文|文字|图片)?解读$")
LIST_NUMBER = re.compile(r"^(?:\d{1,2}[.、]|[·•])\s*")
SIGNATURE_LINE = re.compile(r"^(?:(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|[〇○零一二三四五六七八九十]{4}年.{1,3}月.{1,3}日"
                            r"|\(此件.{2,6}\))$")
FILE_NAME_END = re.compile(FILE_NAME.pattern, re.I)  # an attachment's name is body text, never "related"
LEADING_BULLETS = re.compile(r"^[\s•·●◆◇■□▪►▶○◎\-\*]+")
WORD_CHAR = re.compile(r"[^\W_]")

# --- injected SEO spam ------------------------------------------------------------------
SPAM_PHRASE_SPLIT = re.compile(r"[,;、|\s]+")
SPAM_LIST_MIN_PHRASES = 3
SPAM_LIST_MAX_PHRASE_CHARS = 20
SPAM_LIST_MIN_COVERAGE = 0.6  # share of the list's characters that are spam words


@lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """The form rules match: no pinyin glosses, simplified script, NFKC (cached: each rule folds
    the same lines again)."""
    return unicodedata.normalize("NFKC", to_simplified(strip_pinyin(text)))


def _core(line: str) -> str:
    """A folded line without surrounding space and leading bullets."""
    return LEADING_BULLETS.sub("", fold(line)).strip()


def _term_pattern(terms: tuple[str, ...]) -> re.Pattern[str]:
    """One alternation; ASCII ends of a term must not touch other Latin letters."""
    parts = []
    for term in sorted(terms, key=len, reverse=True):
        part = re.escape(term.lower())
        if term[0].isascii() and term[0].isalnum():
            part = r"(?<![a-z0-9])" + part
        if term[-1].isascii() and term[-1].isalnum():
            part += r"(?![a-z0-9])"
        parts.append(part)
    return re.compile("|".join(parts))


@cache
def _spam_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    sections = read_sections("crawler.extract", "spam_terms.txt")
    return _term_pattern(sections["strong"]), _term_pattern(sections["weak"])


def is_spam_line(line: str) -> bool:
    """Injected porn/gambling/link-farm text (the last line of seed 000)."""
    text = fold(line).lower()
    strong, weak = _spam_patterns()
    strong_hits = set(strong.findall(text))
    # weak words inside a strong term (国产 in 国产精品) are not separate evidence
    weak_hits = set(weak.findall(strong.sub("|", text)))
    if len(strong_hits) >= 2 or (strong_hits and len(weak_hits) >= 2):
        return True
    # a list of short phrases made (almost) only of spam words: 免费视频,在线观看,欧美专区…
    phrases = [phrase for phrase in SPAM_PHRASE_SPLIT.split(text) if phrase]
    if len(phrases) < SPAM_LIST_MIN_PHRASES or "。" in text or len(strong_hits | weak_hits) < 3:
        return False
    if max(len(phrase) for phrase in phrases) > SPAM_LIST_MAX_PHRASE_CHARS:
        return False
    letters = sum(len(phrase) for phrase in phrases)
    covered = sum(len(term) for phrase in phrases for term in weak.findall(strong.sub("|", phrase)))
    covered += sum(len(term) for phrase in phrases for term in strong.findall(phrase))
    return covered >= SPAM_LIST_MIN_COVERAGE * letters


def _widget_segments(token: str) -> bool:
    """A token made of widget words run together (打印关闭, 分享到微信微博)."""
    if len(token) > WIDGET_RUN_MAX_CHARS or token[:1] not in WIDGET_INITIALS:
        return False
    ends = {0}
    for end in range(1, len(token) + 1):
        if any(start in ends and token[start:end] in WIDGET_WORDS for start in range(max(0, end - 6), end)):
            ends.add(end)
    return len(token) in ends and len(token) > 0


def _is_widget_words(core: str) -> bool:
    tokens = {token.lower() for token in WIDGET_TOKEN_SPLIT.split(core) if token}
    if not tokens:
        return False
    tokens = {token for token in tokens if not (token not in WIDGET_WORDS and _widget_segments(token))}
    if not tokens:
        return True
    if tokens & FONT_LABELS:
        return tokens <= WIDGET_WORDS | FONT_SIZE_WORDS
    return tokens <= WIDGET_WORDS


def is_widget_line(line: str) -> bool:
    """Portal chrome, site footer or doc-share boilerplate (分享, 打印 关闭, 版权所有…), never text."""
    return _is_widget_core(_core(line))


def _is_widget_core(core: str) -> bool:
    if not core:
        return False
    for rules in (DOC_SHARE_LINES, SITE_FOOTER, PORTAL_CHROME):
        if any(rule.search(core) for rule in rules):
            return True
    if VIEW_COUNTER.search(core) and len(core) <= COUNTER_LINE_MAX_CHARS:
        return True
    return bool(SITE_IDENTITY.match(core)) or _is_widget_words(core)


def _folded_links(link_texts: frozenset[str]) -> frozenset[str]:
    """Link texts in the form body lines are compared in (folded, no whitespace)."""
    return frozenset("".join(_core(text).split()) for text in link_texts)


def _is_link_line(core: str, link_texts: frozenset[str]) -> bool:
    """The line is (a numbered) link on the page, perhaps with a related label around it."""
    flat = "".join(LIST_NUMBER.sub("", core).split())
    flat = RELATED_LABEL.sub("", flat).lstrip(":")
    return bool(flat) and (flat in link_texts or any(flat.startswith(t) and RELATED_WORDS.fullmatch(flat[len(t):])
                                                      for t in link_texts if len(t) > 4))


def _related_link(core: str) -> bool:
    """查看政策解读：… / PDF文件查看：…: a related label with its link (a bare 政策解读 heading is text);
    《…的通知》政策解读: the notice's interpretation named after it."""
    m = RELATED_LABEL.match(core)
    return (bool(m) and m.end() < len(core) and ":" in core[: m.end() + 1]) or bool(NAMED_INTERPRETATION.match(core))


def cut_related_tail(lines: list[str], link_texts: frozenset[str]) -> tuple[list[str], bool]:
    """(lines, cut?) without the "related" block after the notice: a 相关链接/政策解读/延伸阅读
    label and the links under it, or links to interpretations (解读, 问答, 图解) at the very end;
    and without related-label links opening the body (专栏：… captioning a column's banner).
    Related-label lines right after the signature date go too (an interpretation printed
    below them stays: the page shows it as part of the notice)."""
    link_texts = _folded_links(link_texts) if link_texts else link_texts
    # 专栏：… captioning a banner that links to the column: the page's, above the notice
    cores = (_core(line) for line in lines)
    head = sum(1 for _ in takewhile(lambda core: _related_link(core) and "".join(core.split()) in link_texts, cores))
    kept, cut = _cut_related_end(lines[head:], link_texts)
    return kept, cut or bool(head)


def _cut_related_end(lines: list[str], link_texts: frozenset[str]) -> tuple[list[str], bool]:
    """cut_related_tail's end of the body (``link_texts`` folded)."""
    cores = [_core(line) for line in lines]
    start = len(lines)
    labelled = related = False
    for index in range(len(lines) - 1, -1, -1):
        core = cores[index]
        is_label = bool(RELATED_LABEL.match(core))
        if not (is_label or _is_link_line(core, link_texts)) or (FILE_NAME_END.search(core) and not is_label):
            break
        start, labelled = index, labelled or is_label
        related = related or bool(RELATED_WORDS.search(core))
    if start < len(lines) and (labelled or related):
        return lines[:start], True
    for index in range(1, len(lines)):
        if SIGNATURE_LINE.match(cores[index - 1].replace(" ", "")) and _related_link(cores[index]):
            end = index
            while end < len(lines) and _related_link(cores[end]):
                end += 1
            return lines[:index] + lines[end:], True
    return lines, False


def ends_with_expand_prompt(folded_lines: list[str]) -> bool:
    """展开阅读全文 with nothing but short widget lines after it: the text is a preview."""
    for index, line in enumerate(folded_lines):
        if EXPAND_PROMPT.match(line.strip()):
            rest = folded_lines[index + 1 :]
            return all(len(other.strip()) <= AFTER_PROMPT_MAX_CHARS for other in rest)
    return False


def clean_lines(lines: list[str]) -> tuple[list[str], list[str]]:
    """(kept lines, flags): body lines without spam, widgets and paywall boilerplate.

    Flags: ``spam_removed``, ``widgets_removed``, ``truncated`` (a paywall line or
    cut was removed). Kept lines are returned as given, except that an inline
    paywall cut is removed from the line that carries it.
    """
    kept: list[str] = []
    flags: set[str] = set()
    toc_lines: int | None = None  # lines seen inside a farm table of contents
    folded_all = [_core(line) for line in lines]

    for index, line in enumerate(lines):
        cut = RAW_UNFINISHED_TAIL.sub("", RAW_PAYWALL_FRAGMENT.sub("", line)).rstrip()
        if cut != line.rstrip():
            flags.add("truncated")
            line = cut
            core = _core(line)
        else:
            core = folded_all[index]
        counted = DOWNLOAD_COUNTER.sub("", line)
        if counted != line:  # 附件【x.pdf】已下载次: the count a script writes is no part of the file's name
            flags.add("widgets_removed")
            line, core = counted, _core(counted)

        if toc_lines is not None:
            toc_lines += 1
            if len(core) <= TOC_LINE_MAX_CHARS and toc_lines <= TOC_MAX_LINES:
                flags.add("widgets_removed")
                if not WORD_CHAR.search(core):  # the closing ……
                    toc_lines = None
                continue
            toc_lines = None
        if TOC_START.match(core):
            toc_lines = 0
            flags.add("widgets_removed")
            continue

        if not WORD_CHAR.search(core):
            continue  # blank lines, lone bullets and dots
        if PREVIEW_LIMIT.search(core):
            flags.add("truncated")
        elif EXPAND_PROMPT.match(core):
            at_end = ends_with_expand_prompt(folded_all[index:])
            flags.add("truncated" if at_end else "widgets_removed")
        elif is_spam_line(line):
            flags.add("spam_removed")
        elif _is_widget_core(core):
            flags.add("widgets_removed")
        else:
            kept.append(line)
    order = ("truncated", "spam_removed", "widgets_removed")
    return kept, [flag for flag in order if flag in flags]
