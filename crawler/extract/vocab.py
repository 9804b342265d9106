"""The words and patterns several extraction rules share, each defined once.

Reads ``data/file_types.tsv``. Patterns named ``RAW_*`` match lines as the page wrote
them (both scripts, full-width punctuation), because the rule cuts them out of text that
is kept; every other pattern matches *folded* text (simplified script, NFKC: see
``archive.normalize.fold_labels`` and ``crawler.extract.linerules.fold``), so it is
written once, in simplified characters with ASCII punctuation.

Who reads what: ``html`` (file types, CJK), ``fields`` (counter words, banners, CJK),
``linerules`` (truncation, counter words, banners, copyright, file types), ``textrules``
(truncation).
"""

from __future__ import annotations

import re

from archive.normalize import CJK_CHAR
from archive.tables import read_tsv

# --- Chinese characters (one range for every rule: archive.normalize.CJK_CHAR) ----------
CJK = re.compile(f"[{CJK_CHAR}]")

# --- file types of attachments ------------------------------------------------------------
FILE_TYPES: dict[str, str] = {ext.lower(): media for ext, media, _seen in read_tsv("crawler.extract", "file_types.tsv", 3)}
_EXTENSIONS = "|".join(sorted(map(re.escape, FILE_TYPES), key=len, reverse=True))
FILE_NAME = re.compile(rf"\.({_EXTENSIONS})$", re.I)  # 课件.pptx, downfile.jsp?filename=x.pdf
DOC_SHARE_PAGE = re.compile(rf"\.(?:{_EXTENSIONS})_第\d+页$", re.I)  # a doc-share page stamp: x.docx_第1页

# --- truncation: paywalls and preview limits ------------------------------------------------
# ……(新文秘网http://www.wm114.cn省略980字,正式会员可完整阅读)……  (cut out of the kept line)
RAW_PAYWALL_FRAGMENT = re.compile(
    r"[…\.。]*\s*[(（][^()（）]{0,80}?"
    r"(?:省略\s*[\d０-９]+\s*字|[会會][员員]可(?:完整)?[阅閱][读讀])"
    r"[^()（）]{0,80}[)）]\s*[…\.。]*"
)
# …免学 ……(未完,全文共7840字,当前仅显示2753字,请阅读下面提示信息。收藏《…》  (cut off the line)
RAW_UNFINISHED_TAIL = re.compile(r"\s*[…\.。]*\s*[(（]\s*未完.*\Z", re.DOTALL)
# Lines that say the text stops here (folded; the line is chrome and goes):
# 亲,该文档总共12页,到这儿已超出免费预览范围…
PREVIEW_LIMIT = re.compile(
    r"超出(?:免费)?预览范围|该文档总共\s*\d+\s*页|全文共\s*\d+\s*字.{0,3}当前仅显示"
    r"|(?:剩余|还剩)\s*\d+\s*页未读|试读(?:已)?结束"
)
# The folded form of the two RAW_ cuts: evidence of a paywall anywhere in a text.
PAYWALL_MARK = re.compile(r"省略\s*\d+\s*字|会员可(?:完整)?阅读|\(\s*未完")


def shows_truncation(folded: str) -> bool:
    """The folded text carries a paywall or preview-limit mark (evidence, not a guess)."""
    return bool(PREVIEW_LIMIT.search(folded) or PAYWALL_MARK.search(folded))


# --- view counters (访问量:-, 浏览次数:123): chrome, never body text or a field value ------
COUNTER_WORDS = ("访问量", "访问次数", "浏览次数", "浏览量", "阅读次数", "阅读量", "阅读数", "点击数", "点击次数",
                 "点击量", "点击率", "浏览", "点击", "阅读")
COUNTER_WORD = re.compile("|".join(sorted(COUNTER_WORDS, key=len, reverse=True)))

# --- banners: a "today" date and copyright lines are never a notice's date or text ---------
TODAY_BANNER = re.compile(r"今天是|今日是|当前时间|现在时间|现在是")
COPYRIGHT = re.compile(r"©|copyright|版权所有", re.I)
# A footer line naming the site's owner (版权所有：…, 主办单位：…, ICP备…).
FOOTER_LINE = re.compile(r"©|copyright|版权所有|主办|承办|icp\s*备|公网安备", re.I)

# --- navigation and footer words: a body line carrying them is page chrome ------------------
# (linerules drops the lines made only of widget words; a kept line with these is doubt,
# counted by ``confidence``.) Folded, simplified.
CHROME_WORDS = ("网站首页", "首页", "网站地图", "联系我们", "关于我们", "版权所有", "网站标识码", "技术支持", "icp备",
                "公网安备", "设为首页", "加入收藏", "无障碍", "上一篇", "下一篇", "友情链接", "分享到", "扫一扫", "当前位置",
                "您的位置", "办事服务", "互动交流", "机构概况", "信息公开指南", "网站声明", "隐私声明", "网站纠错", "用户登录")
# (Not 电话/地址/主办单位/政务公开: notices print contacts, organisers and 政务公开 work.)
CHROME_WORD = re.compile("|".join(map(re.escape, sorted(CHROME_WORDS, key=len, reverse=True))), re.I)
