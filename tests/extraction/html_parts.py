"""Shared pieces of portal HTML for the evaluation-set generator: body blocks and their
gold text, paragraph markup in the styles real editors produce, spam, nav, side columns.

Everything is deterministic: randomness comes from a ``random.Random`` seeded per page.
"""

from __future__ import annotations

import html
import random
import re
from dataclasses import dataclass, field

ENTITY_MAP = {"“": "&ldquo;", "”": "&rdquo;", "—": "&mdash;", "…": "&hellip;", "·": "&middot;",
              "‘": "&lsquo;", "’": "&rsquo;"}


def esc(text: str, entities: bool = False) -> str:
    out = html.escape(text, quote=False)
    if entities:
        out = "".join(ENTITY_MAP.get(ch, ch) for ch in out)
    return out


@dataclass
class Block:
    kind: str  # p | h | center | sig | table | noise (drawn inside the body, never gold)
    text: str = ""
    rows: list[list[str]] = field(default_factory=list)
    href: str | None = None  # an attachment link inside this paragraph (text after "：" or whole)
    tail_html: str = ""  # markup appended inside the same element (a paywall cut), never gold


def parse_body(markup: str) -> list[Block]:
    """The line format of notices.py -> blocks."""
    blocks: list[Block] = []
    for raw in markup.splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith("|"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            if blocks and blocks[-1].kind == "table":
                blocks[-1].rows.append(cells)
            else:
                blocks.append(Block("table", rows=[cells]))
        elif line.startswith("# "):
            blocks.append(Block("h", line[2:]))
        elif line.startswith("@ "):
            blocks.append(Block("center", line[2:]))
        elif line.startswith("> "):
            blocks.append(Block("sig", line[2:]))
        else:
            blocks.append(Block("p", line))
    return blocks


def paras_to_blocks(paras: list[str]) -> list[Block]:
    return [Block("p", p) for p in paras]


def gold_lines(blocks: list[Block]) -> list[str]:
    lines: list[str] = []
    for b in blocks:
        if b.kind == "noise":
            continue
        if b.kind == "table":
            lines.extend(" ".join(" ".join(c.split()) for c in row) for row in b.rows)
        else:
            lines.append(" ".join(b.text.split()))
    return [ln for ln in lines if ln]


# ---------------------------------------------------------------- paragraph markup styles
def _inline(text: str, entities: bool, style: str, link: str | None) -> str:
    if link:
        head, sep, tail = text.partition("：")
        if sep and tail:
            return f'{esc(head + sep, entities)}<a href="{link}" target="_blank">{esc(tail, entities)}</a>'
        return f'<a href="{link}" target="_blank">{esc(text, entities)}</a>'
    if style == "mso":
        # Word paste: runs of Latin digits in their own spans, no whitespace between runs.
        parts = re.split(r"(\d+(?:\.\d+)?%?)", text)
        return "".join(
            f'<span lang="EN-US" style="font-family:\'Times New Roman\'">{esc(p, entities)}</span>'
            if re.fullmatch(r"\d+(?:\.\d+)?%?", p) else esc(p, entities)
            for p in parts if p
        )
    return esc(text, entities)


def render_blocks(blocks: list[Block], style: str, rng: random.Random, entities: bool = False) -> list[str]:
    """One HTML fragment per block (callers may interleave noise between them)."""
    out: list[str] = []
    for b in blocks:
        if b.kind == "table":
            out.append(_table(b.rows, style, entities))
            continue
        if b.kind == "noise":
            out.append(f"<p>{esc(b.text)}</p>")
            continue
        inner = _inline(b.text, entities, style, b.href) + b.tail_html
        if style == "mso":
            font = "font-size:16.0pt;font-family:仿宋_GB2312"
            if b.kind == "h":
                out.append(f'<p class="MsoNormal" style="text-indent:32.0pt;line-height:28.0pt"><b><span style="font-size:16.0pt;font-family:黑体">{inner}</span></b><span lang="EN-US"><o:p></o:p></span></p>')
            elif b.kind == "center":
                out.append(f'<p class="MsoNormal" align="center" style="text-align:center;line-height:28.0pt"><span style="{font}">{inner}<span lang="EN-US"><o:p></o:p></span></span></p>')
            elif b.kind == "sig":
                out.append(f'<p class="MsoNormal" align="right" style="text-align:right;line-height:28.0pt"><span style="{font}">{inner}</span></p>')
            else:
                out.append(f'<p class="MsoNormal" style="text-indent:32.0pt;line-height:28.0pt;mso-line-height-rule:exactly"><span style="{font}">{inner}</span><span lang="EN-US" style="{font}"><o:p></o:p></span></p>')
        elif style == "br":
            if b.kind == "h":
                out.append(f"&nbsp;&nbsp;&nbsp;&nbsp;<b>{inner}</b><br>\n")
            elif b.kind in ("center", "sig"):
                align = "center" if b.kind == "center" else "right"
                out.append(f'<div align="{align}">{inner}</div>\n')
            else:
                out.append(f"&nbsp;&nbsp;&nbsp;&nbsp;{inner}<br>\n<br>\n")
        elif style == "fullwidth":
            if b.kind == "h":
                out.append(f"<p>　　<strong>{inner}</strong></p>")
            elif b.kind == "center":
                out.append(f'<p style="text-align: center;">{inner}</p>')
            elif b.kind == "sig":
                out.append(f'<p style="text-align: right;">{inner}　　</p>')
            else:
                out.append(f"<p>　　{inner}</p>")
        elif style == "div":
            if b.kind == "h":
                out.append(f'<div style="text-indent:2em;font-weight:bold">{inner}</div>')
            elif b.kind in ("center", "sig"):
                align = "center" if b.kind == "center" else "right"
                out.append(f'<div style="text-align:{align}">{inner}</div>')
            else:
                out.append(f'<div style="text-indent:2em;line-height:2">{inner}</div>')
        else:  # "indent": <p style=text-indent>, the common TRS/Hanweb editor output
            if b.kind == "h":
                out.append(f'<p style="text-indent: 2em; text-align: left;"><strong>{inner}</strong></p>')
            elif b.kind in ("center", "sig"):
                align = "center" if b.kind == "center" else "right"
                out.append(f'<p style="text-align: {align};">{inner}</p>')
            else:
                out.append(f'<p style="text-indent: 2em; line-height: 1.75em;">{inner}</p>')
    return out


def _table(rows: list[list[str]], style: str, entities: bool) -> str:
    trs = []
    for i, row in enumerate(rows):
        tds = "".join(
            f'<td width="{int(560 / len(row))}" valign="center" style="border:solid windowtext 1px;padding:0 5px">'
            f'<p align="center" style="text-align:center">{"<b>" if i == 0 else ""}{esc(c, entities)}{"</b>" if i == 0 else ""}</p></td>'
            for c in row
        )
        trs.append(f"<tr>{tds}</tr>")
    border = ' class="MsoNormalTable"' if style == "mso" else ""
    return (f'<table{border} border="1" cellspacing="0" cellpadding="0" width="560" '
            f'style="border-collapse:collapse;margin:0 auto"><tbody>{"".join(trs)}</tbody></table>')


# ---------------------------------------------------------------------------- spam
HIDDEN_SPAM_LINKS = [
    ("http://www.xpj-8888.com/", "澳门新葡京娱乐场官网"),
    ("http://www.bet365-vip.cc/", "bet365体育在线投注"),
    ("http://www.kycp77.com/", "开元棋牌官方网站"),
    ("http://www.pk10-zb.com/", "北京赛车pk10开奖直播"),
    ("http://www.hgty-app.net/", "皇冠体育投注平台"),
    ("http://www.tyc-888.com/", "太阳城娱乐网址"),
]
VISIBLE_SPAM_LINES = [
    "澳门威尼斯人官网 真人百家乐开户 亚博体育app下载 足球竞彩网 老虎机游戏平台",
    "香港六合彩开奖结果 2023年澳门资料大全正版 欧洲杯押注平台官方入口",
]


def hidden_spam(method: str, rng: random.Random) -> tuple[str, list[str]]:
    """Hacked-page link spam hidden from readers; returns (html, strings that must not leak)."""
    links = rng.sample(HIDDEN_SPAM_LINKS, 3)
    anchors = "".join(f'<a href="{u}" target="_blank">{t}</a>' for u, t in links)
    wrappers = {
        "display_none": f'<div style="display:none">{anchors}</div>',
        "display_none_p": f'<p style="display: none;">{anchors}</p>',
        "offscreen": f'<div style="position:absolute;left:-9999px;top:-9999px;">{anchors}</div>',
        "visibility": f'<span style="visibility:hidden;font-size:0;height:0;overflow:hidden;display:block">{anchors}</span>',
        "class": f'<div class="hdnlk">{anchors}</div>',
        "marquee": f'<marquee scrollamount="10000" height="1" width="1">{anchors}</marquee>',
    }
    return wrappers[method], [t for _, t in links]


# ---------------------------------------------------------------------------- chrome
NAV_ITEMS = ["首页", "政务公开", "政务服务", "互动交流", "走进{city}", "机构概况", "领导信息", "政策文件",
             "政策解读", "通知公告", "工作动态", "基层动态", "人事信息", "财政资金", "招生考试", "教育督导",
             "学前教育", "基础教育", "职业教育", "民办教育", "教师队伍", "体育卫生艺术", "安全稳定",
             "建议提案", "依申请公开", "信息公开指南", "信息公开年报", "领导信箱", "在线访谈", "征集调查",
             "办事指南", "专题专栏"]

SIDE_TITLES = [
    "关于2023年度教育系统评优评先结果的公示",
    "市教育局召开全市教育系统安全生产工作会议",
    "关于开展“学宪法 讲宪法”系列活动的通知",
    "2022年度部门决算公开说明",
    "关于公布全市中小学近视防控示范校名单的通知",
    "教育局党组理论学习中心组开展专题学习",
    "关于做好2023年下半年教师资格考试报名工作的提醒",
    "全市中小学校长任职资格培训班开班",
    "关于征集2024年教育民生实事项目意见建议的公告",
    "2023年初中学业水平考试体育考试工作方案",
    "暑期校外培训治理致家长的一封信",
    "2022年政府信息公开工作年度报告",
    "关于规范义务教育阶段学校招生入学工作的提醒",
    "全市教育系统深入开展作风建设年活动",
    "关于2023年国家助学金拟资助学生名单的公示",
    "市教育局开展防溺水安全教育专项督查",
]


def nav_html(city: str, rng: random.Random, cls: str = "nav") -> str:
    items = [t.replace("{city}", city) for t in NAV_ITEMS]
    chosen = items[:8] if cls == "nav" else items
    lis = "".join(f'<li><a href="/{"col" + str(rng.randint(1000, 9999))}/index.html" target="_self">{t}</a></li>'
                  for t in chosen)
    return f'<ul class="{cls}">{lis}</ul>'


def side_items(rng: random.Random, exclude: str, n: int = 8) -> list[tuple[str, str]]:
    titles = [t for t in SIDE_TITLES if t not in exclude]
    picked = rng.sample(titles, n)
    out = []
    for t in picked:
        out.append((t, f"20{rng.randint(21, 23)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"))
    return out


def side_column(rng: random.Random, exclude: str, heading: str = "热点信息") -> tuple[str, list[str]]:
    items = side_items(rng, exclude)
    lis = "".join(
        f'<li><a href="../{d[:4]}{d[5:7]}/t{d.replace("-", "")}_{rng.randint(100000, 999999)}.html" '
        f'title="{t}" target="_blank">{t}</a><span class="date">{d}</span></li>'
        for t, d in items
    )
    return (f'<div class="side-box"><div class="side-tit"><h3>{heading}</h3><a class="more" href="#">更多&gt;&gt;</a>'
            f'</div><div class="side-con"><ul class="side-list">{lis}</ul></div></div>', [items[0][0], items[1][0]])


def footer_html(site: str, agency: str, province: str, rng: random.Random, code: str | None = None) -> tuple[str, list[str]]:
    code = code or f"{rng.randint(3300, 6500)}{rng.randint(100000, 999999)}"
    icp = f"{province}ICP备{rng.randint(10000000, 99999999)}号-{rng.randint(1, 3)}"
    ga = f"{province}公网安备 {rng.randint(10000000000000, 99999999999999)}号"
    html_ = f"""
<div class="footer">
  <div class="footer-links"><a href="/gywm/">关于我们</a> | <a href="/wzdt/">网站地图</a> | <a href="/lxwm/">联系我们</a> | <a href="/yszc/">隐私声明</a> | <a href="/wzsm/">网站声明</a></div>
  <div class="footer-info">
    <p>主办单位：{esc(agency)}　承办单位：{esc(site)}办公室　地址：{esc(site[:3])}行政中心{rng.randint(1, 9)}号楼</p>
    <p>网站标识码：{code}　<a href="https://beian.miit.gov.cn/" target="_blank">{icp}</a>　<img src="/images/gaba.png" alt=""><a href="http://www.beian.gov.cn/portal/registerSystemInfo" target="_blank">{ga}</a></p>
    <p>版权所有 &copy; 2008-2023 {esc(site)}　建议使用1920*1080分辨率浏览</p>
  </div>
  <div class="footer-icons">
    <span id="_ideConac"><a href="https://bszs.conac.cn/sitename?method=show&amp;id={rng.randint(10**15, 10**16)}" target="_blank"><img src="/images/red.png" alt="党政机关"></a></span>
    <script id="_jiucuo_" sitecode="{code}" src="https://zfwzgl.www.gov.cn/exposure/jiucuo.js"></script>
  </div>
</div>"""
    return html_, ["网站标识码", "ICP备", "公网安备", "版权所有"]


ANALYTICS = """<script>
var _hmt = _hmt || [];
(function() {
  var hm = document.createElement("script");
  hm.src = "https://hm.baidu.com/hm.js?0c1b1a8b4a3b2c1d0e9f8a7b6c5d4e3f";
  var s = document.getElementsByTagName("script")[0];
  s.parentNode.insertBefore(hm, s);
})();
</script>"""

FONT_JS = """<script type="text/javascript">
function doZoom(size){ var el = document.getElementById('zoom'); if(!el) return; el.style.fontSize = size + 'px';
  var ps = el.getElementsByTagName('p'); for (var i = 0; i < ps.length; i++) { ps[i].style.fontSize = size + 'px'; } }
</script>"""


def meta_tags(site: str, column: str, title: str, pubdate: str | None, source: str | None) -> str:
    """政府网站 meta tags (GB/T 《政府网站网页设计规范》)."""
    tags = [f'<meta name="SiteName" content="{esc(site)}">',
            '<meta name="SiteDomain" content="">',
            '<meta name="SiteIDCode" content="">',
            f'<meta name="ColumnName" content="{esc(column)}">',
            '<meta name="ColumnType" content="通知公告">',
            f'<meta name="ArticleTitle" content="{esc(title)}">']
    if pubdate:
        tags.append(f'<meta name="PubDate" content="{pubdate}">')
    if source:
        tags.append(f'<meta name="ContentSource" content="{esc(source)}">')
    tags.append('<meta name="Keywords" content="">')
    return "\n".join(tags)


@dataclass
class View:
    """Everything a skin needs to draw one page. Chrome strings the skin adds that must
    never reach the extracted text are returned by the skin alongside the HTML."""

    title: str
    blocks: list[Block]
    url: str
    site: str
    agency: str
    column: str
    province: str
    city: str
    info: list[tuple[str, str]]  # (label, value) shown under the title, in order
    info_join: str = "　"  # "" runs them together like 来源:本网访问量:-发布时间:…
    meta: dict | None = None  # 政府网站 meta tags: {"pubdate":…, "source":…}
    attachments: list[tuple[str, str]] = field(default_factory=list)  # (link text, href)
    att_mode: str = "box"  # box | inbody | script | hanweb | none
    xxgk: dict | None = None  # metadata-table values
    hidden_spam: list[str] = field(default_factory=list)  # methods for html_parts.hidden_spam
    visible_spam: str | None = None  # an injected spam line at the end of the content
    para_style: str = "indent"
    entities: bool = False
    charset_decl: str | None = "utf-8"
    charset_form: str = "http-equiv"  # http-equiv | meta5
    stale_banner: str | None = None
    split_tables: bool = False
    title_tag: str | None = None
    title_html: str | None = None  # the visible heading, when it differs from plain title text
    extra: dict = field(default_factory=dict)


def charset_meta(v: View) -> str:
    if v.charset_decl is None:
        return ""
    if v.charset_form == "meta5":
        return f'<meta charset="{v.charset_decl}">'
    return f'<meta http-equiv="Content-Type" content="text/html; charset={v.charset_decl}" />'


def body_fragments(v: View, rng: random.Random) -> tuple[list[str], list[str]]:
    """Rendered body blocks with the page's hidden/visible spam mixed in, and what must not leak."""
    frags = render_blocks(v.blocks, v.para_style, rng, v.entities)
    must_not: list[str] = []
    for i, method in enumerate(v.hidden_spam):
        spam_html, leak = hidden_spam(method, rng)
        pos = len(frags) // 2 if i == 0 else len(frags)
        frags.insert(pos, spam_html)
        must_not += leak
    if v.visible_spam:
        frags.append(f"<p>{esc(v.visible_spam)}</p>")
        must_not.append(v.visible_spam)
    return frags, must_not


def info_html(v: View, sep_tag: str = "span") -> str:
    if v.info_join == "":
        return "".join(f"<{sep_tag}>{esc(label)}{esc(value)}</{sep_tag}>" for label, value in v.info)
    return v.info_join.join(f"<{sep_tag}>{esc(label)}{esc(value)}</{sep_tag}>" for label, value in v.info)


GOV_LINK_GROUPS = {
    "国家部委网站": ["中国政府网", "教育部", "国家发展改革委", "财政部", "人力资源社会保障部", "国家卫生健康委",
                 "应急管理部", "国家体育总局", "共青团中央", "中国科协"],
    "省级政府网站": ["北京", "天津", "河北", "山西", "内蒙古", "辽宁", "吉林", "黑龙江", "上海", "江苏", "浙江", "安徽",
                 "福建", "江西", "山东", "河南", "湖北", "湖南", "广东", "广西", "海南", "重庆", "四川", "贵州",
                 "云南", "西藏", "陕西", "甘肃", "青海", "宁夏", "新疆"],
    "市县教育网站": ["市教育考试院", "市电化教育馆", "市教育科学研究院", "市教师发展中心", "市学生资助管理中心",
                 "市招生办公室", "市青少年活动中心", "市体育运动学校"],
}


def gov_links_html(rng: random.Random) -> str:
    """The 相关链接 select boxes every gov footer carries."""
    selects = []
    for label, names in GOV_LINK_GROUPS.items():
        opts = "".join(f'<option value="http://www.{rng.randint(100, 999)}.gov.cn/">{n}</option>' for n in names)
        selects.append(f'<select onchange="if(this.value)window.open(this.value)"><option value="">{label}</option>{opts}</select>')
    return f'<div class="links-box"><span class="links-tit">相关链接：</span>{"".join(selects)}</div>'


SITE_JS = """<script type="text/javascript">
/* 无障碍、适老化与页面公共脚本 */
(function ($) {
  var cfg = { elderMode: false, fontStep: 2, maxFont: 24, minFont: 12, cookieKey: "site_font_size" };
  function getCookie(name) { var m = document.cookie.match(new RegExp("(^| )" + name + "=([^;]*)(;|$)")); return m ? unescape(m[2]) : null; }
  function setCookie(name, value) { var d = new Date(); d.setTime(d.getTime() + 30 * 24 * 3600 * 1000); document.cookie = name + "=" + escape(value) + ";expires=" + d.toGMTString() + ";path=/"; }
  $(function () {
    var size = parseInt(getCookie(cfg.cookieKey) || 16, 10);
    $(".article-con, #zoom, .detail-content").css("font-size", size + "px");
    $(".nav li").hover(function () { $(this).addClass("on").siblings().removeClass("on"); });
    $(".tab-hd li").mouseover(function () { var i = $(this).index(); $(this).addClass("cur").siblings().removeClass("cur"); $(this).parents(".tab").find(".tab-bd ul").eq(i).show().siblings().hide(); });
    $("#zhzs").click(function () { cfg.elderMode = !cfg.elderMode; $("body").toggleClass("elder", cfg.elderMode); });
    if (/Android|webOS|iPhone|iPad|BlackBerry/i.test(navigator.userAgent) && location.href.indexOf("?pc") < 0) { /* 移动端跳转 */ }
  });
})(window.jQuery || function () {});
</script>"""


def excerpts_html(rng: random.Random, pool: list[tuple[str, str]], heading: str = "推荐阅读") -> tuple[str, list[str]]:
    """Related-article teasers with text excerpts (title, first line of another document)."""
    picked = rng.sample(pool, min(4, len(pool)))
    items = "".join(
        f'<li><h4><a href="/a/{rng.randint(100000, 999999)}.html">{esc(t)}</a></h4><p>{esc(x[:58])}…</p></li>'
        for t, x in picked
    )
    return f'<div class="tuijian"><h3>{heading}</h3><ul>{items}</ul></div>', [picked[0][1][:40]]
