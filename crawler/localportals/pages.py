"""HTML of the sample portals, in the styles of the CMSs real education portals run on.

- ``hanweb_*``: 大汉 Hanweb (开平): ``#zoom`` body, ``index_N.htm`` pages, GBK.
- ``trs_*``: TRS WCM (清远): ``TRS_Editor`` body, ``createPageHTML`` pagination,
  政府网站 meta tags, 政府信息公开 metadata table.
- ``farm_*``: a content farm (新文秘网 style): breadcrumb, 目录/提纲, paywall cuts.
- ``docshare_*``: a document-sharing site: uploader header, page list, preview limit.

Every page carries the chrome real sites have (navigation, breadcrumbs, widgets, footers),
because stripping it is what extraction is tested on.
"""

from __future__ import annotations

from html import escape

from crawler.localportals.notices import Notice


def _date(notice: Notice, fmt: str = "%Y-%m-%d") -> str:
    when = notice.published or notice.mirror_posted
    return when.strftime(fmt) if when else ""


def _paras(paragraphs: list[str], style: str = "") -> str:
    attr = f' style="{style}"' if style else ""
    return "\n".join(f"<p{attr}>{escape(p)}</p>" for p in paragraphs)


def _list_rows(items: list[tuple[Notice, str]], date_fmt: str = "%Y-%m-%d") -> str:
    return "\n".join(
        f'<li><a href="{href}" target="_blank" title="{escape(n.title)}">{escape(n.title)}</a>'
        f"<span>{_date(n, date_fmt)}</span></li>" for n, href in items
    )


# --- 开平市教育局 (Hanweb, GBK) --------------------------------------------------------------

HANWEB_HEAD = """<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312" />
<title>{title}</title>
<link rel="stylesheet" href="/jyj/css/main.css" /><script src="/jyj/js/jquery.js"></script>
</head><body>
<div class="top"><ul class="topnav"><li>· 开平市人民政府门户网站</li><li>关注我们:</li><li><a href="/jyj/search.htm">搜索</a></li></ul>
<div class="today">今天是2019年4月11日 星期四欢迎进入开平市教育局政务网!</div></div>
<div class="nav"><a href="/jyj/index.htm">首页</a> <a href="/jyj/zwgk/index.htm">政务公开</a> <a href="/jyj/tzgg/index.htm">通知公告</a> <a href="/jyj/bsfw/index.htm">办事服务</a> <a href="/jyj/hdjl/index.htm">互动交流</a></div>
"""
HANWEB_FOOT = """<div class="footer"><p><a href="/jyj/lxwm.htm">联系我们</a> <a href="/jyj/help.htm">网站帮助</a> <a href="/jyj/map.htm">网站地图</a> <a href="/jyj/smsm.htm">服务申明</a></p>
<p>版权所有:开平市人民政府    主办:开平市人民政府办公室</p>
<p>备案编号: 粤ICP备05079694号  网站标识码:4407830003  粤公网安备 44078302000116</p>
<p>开平市政府网公众号 开平发布政务微博</p></div>
</body></html>"""


def hanweb_list(items: list[tuple[Notice, str]], page: int, pages: int) -> str:
    nav = []
    if page > 0:
        nav.append(f'<a href="{"index.htm" if page == 1 else f"index_{page - 1}.htm"}">上一页</a>')
    if page + 1 < pages:
        nav.append(f'<a href="index_{page + 1}.htm">下一页</a>')
    return (HANWEB_HEAD.format(title="通知公告-开平市教育局")
            + '<div class="position">您当前的位置:<a href="/jyj/index.htm">首页</a> &gt; 开平市教育局政务网 &gt; 政务公开 &gt; 通知公告</div>\n'
            + f'<div class="main"><div class="lm_name">通知公告</div><ul class="list_ul">\n{_list_rows(items)}\n</ul>\n'
            + f'<div class="page">共{pages}页 第{page + 1}页 {" ".join(nav)}</div></div>\n' + HANWEB_FOOT)


def hanweb_notice(notice: Notice, attachment_base: str) -> str:
    attachments = "".join(
        f'<p><a href="{attachment_base}{fname}">{escape(name)}</a></p>' for name, fname in notice.attachments
    )
    spam = f"<p>{escape(notice.spam_line)}</p>" if notice.spam_line else ""
    source = f"来源:{escape(notice.source)}" if notice.source else ""
    return (HANWEB_HEAD.format(title=f"{escape(notice.title)}-开平市教育局")
            + '<div class="position">您当前的位置:<a href="/jyj/index.htm">首页</a> &gt; <a href="/jyj/index.htm">开平市教育局政务网</a> &gt; 政务公开 &gt; <a href="/jyj/tzgg/index.htm">通知公告</a></div>\n'
            + '<div class="article">\n'
            + f'<div class="bt_title"><h1>{escape(notice.title)}</h1></div>\n'
            + f'<div class="bt_info"><span>发布日期:{_date(notice, "%Y-%m-%d %H:%M")}</span> <span>{source}</span>'
            + ' <a href="javascript:window.print()">打印</a> 【字体:<a href="#">大</a> <a href="#">中</a> <a href="#">小</a>】</div>\n'
            + f'<div id="zoom">\n{_paras(notice.paragraphs, "text-indent:2em")}\n{spam}\n</div>\n'
            + f'<div class="fj">相关附件:{attachments}</div>\n'
            + "</div>\n" + HANWEB_FOOT)


# --- 清远市教育局 (TRS WCM, UTF-8) -----------------------------------------------------------

TRS_HEAD = """<!DOCTYPE html>
<html><head><meta charset="utf-8">
<title>{title}</title>
{meta}
<script src="/jyj/js/page.js"></script>
</head><body>
<div class="header"><div class="logo">清远市教育局</div>
<ul class="menu"><li><a href="/jyj/index.html">首页</a></li><li><a href="/jyj/jgzn/index.html">机构职能</a></li><li><a href="/jyj/tzgg/index.html">通知公告</a></li><li><a href="/jyj/zcwj/index.html">政策文件</a></li><li><a href="/jyj/zwgk/index.html">政务公开</a></li></ul></div>
"""
TRS_FOOT = """<div class="foot"><p>主办单位：清远市教育局  地址：清远市新城东23号区</p><p>网站标识码：4418000026  粤ICP备13003512号</p></div>
</body></html>"""
PAGE_JS = """function createPageHTML(_nPageCount, _nCurrIndex, _sPageName, _sPageExt){
  if(_nPageCount == null || _nPageCount<=1){ return; }
  var nCurrIndex = _nCurrIndex || 0;
  if(nCurrIndex == 0) document.write("首页 ");
  else document.write("<a href=\\"" + _sPageName + "." + _sPageExt + "\\">首页</a> ");
  if(nCurrIndex + 1 < _nPageCount)
    document.write("<a href=\\"" + _sPageName + "_" + (nCurrIndex+1) + "." + _sPageExt + "\\">下一页</a>");
}
"""


def trs_list(items: list[tuple[Notice, str]], page: int, pages: int) -> str:
    return (TRS_HEAD.format(title="通知公告_清远市教育局", meta='<meta name="ColumnName" content="通知公告">')
            + '<div class="crumb">当前位置：<a href="/jyj/index.html">首页</a> &gt; <a href="/jyj/tzgg/index.html">通知公告</a></div>\n'
            + f'<div class="list"><ul>\n{_list_rows(items)}\n</ul>\n'
            + f'<div class="pages"><script>createPageHTML({pages}, {page}, "index", "html");</script></div></div>\n'
            + TRS_FOOT)


def trs_notice(notice: Notice) -> str:
    meta = "\n".join(
        f'<meta name="{name}" content="{escape(value)}">'
        for name, value in (("SiteName", "清远市教育局"), ("ColumnName", "通知公告"),
                            ("ArticleTitle", notice.title), ("PubDate", _date(notice, "%Y-%m-%d")),
                            ("ContentSource", notice.source or ""))
    )
    table = ""
    if notice.gov_info_table:
        table = ('<table class="xxgk"><tr><td>索引号：</td><td>' + escape(notice.index_number or "")
                 + '</td><td>分类：</td><td>教育</td></tr>'
                 + '<tr><td>发布机构：</td><td>' + escape(notice.issuer or "") + '</td><td>成文日期：</td><td>'
                 + _date(notice, "%Y-%m-%d") + '</td></tr>'
                 + '<tr><td>名称：</td><td colspan="3">' + escape(notice.title) + '</td></tr>'
                 + '<tr><td>文号：</td><td>' + escape(notice.doc_number or "") + '</td><td>发布日期：</td><td>'
                 + _date(notice, "%Y-%m-%d") + "</td></tr></table>\n")
    return (TRS_HEAD.format(title=f"{escape(notice.title)}_清远市教育局", meta=meta)
            + '<div class="crumb">当前位置：<a href="/jyj/index.html">首页</a> &gt; <a href="/jyj/tzgg/index.html">通知公告</a></div>\n'
            + table
            + f'<div class="content"><h2 class="title">{escape(notice.title)}</h2>\n'
            + f'<div class="info">来源:{escape(notice.source or "")}访问量:<span id="count">-</span>发布时间:{_date(notice)}</div>\n'
            + f'<div class="TRS_Editor">\n{_paras(notice.paragraphs)}\n</div></div>\n'
            + '<div class="share"><p>扫一扫在手机打开当前页</p><p>分享:<a href="#">微信</a> <a href="#">微博</a></p></div>\n'
            + TRS_FOOT)


# --- 新文秘网-style content farm (UTF-8) ------------------------------------------------------

FARM_HEAD = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title>
<meta name="keywords" content="工作总结,工作计划,范文"></head><body>
<div class="top"><a href="/">新文秘网</a> | <a href="/wenmi/jiaoyu/index.html">教育</a> | <a href="/wenmi/zongjie/index.html">年终总结</a> | <a href="/vip.html">会员中心</a></div>
"""
FARM_FOOT = """<div class="foot">新文秘网 版权所有 客服QQ 800000000</div></body></html>"""


def farm_list(items: list[tuple[Notice, str]], page: int, pages: int) -> str:
    nav = f'<a href="list_{page + 2}.html">下一页</a>' if page + 1 < pages else ""
    return (FARM_HEAD.format(title="教育_新文秘网")
            + f'<div class="list"><ul>\n{_list_rows(items, "%Y/%m/%d")}\n</ul><div class="pg">{nav}</div></div>\n'
            + FARM_FOOT)


def farm_notice(notice: Notice) -> str:
    toc = ""
    if notice.header_lines and notice.header_lines[0].startswith("目录"):
        toc = '<div class="toc">' + "<br>".join(escape(x) for x in notice.header_lines) + "</div>\n"
        header = []
    else:
        header = notice.header_lines
    posted = notice.mirror_posted
    posted_text = f"{posted.year}/{posted.month}/{posted.day} {posted:%H:%M:%S}" if posted else ""
    return (FARM_HEAD.format(title=f"{escape(notice.title)}_新文秘网")
            + '<div class="weizhi">您的位置:<a href="/">新文秘网</a>&gt;&gt;<a href="/wenmi/jiaoyu/index.html">教育</a>/年终总结/工作总结/个人总结/调研报告/计划规划/&gt;&gt;正文</div>\n'
            + f'<div class="wz"><h1>{escape(notice.title)}</h1>\n<div class="sj">发表时间:{posted_text}</div>\n' + toc
            + '<div class="nr">\n'
            + _paras(header + notice.paragraphs + notice.footer_lines) + "\n</div></div>\n"
            + '<div class="tools"><a href="/search.html">文章搜索</a></div><div class="xg">相关文章</div>\n'
            + FARM_FOOT)


# --- document-sharing site (UTF-8) ---------------------------------------------------------

DOC_HEAD = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title></head><body>
<div class="top"><a href="/">文库</a> <a href="/doc/list/index.html">资格与职业考试</a> <a href="/login.html">登录</a></div>
"""
DOC_FOOT = """<div class="foot"><p>copyright@ 2008-2023 wnwk.com网站版权所有</p><p>经营许可证编号:浙ICP备2024059924号-2</p></div></body></html>"""


def docshare_list(items: list[tuple[Notice, str]], page: int, pages: int) -> str:
    nav = f'<a href="index_{page + 1}.html">下一页</a>' if page + 1 < pages else ""
    rows = "\n".join(f'<li><a href="{href}">{escape(n.title)}.docx</a></li>' for n, href in items)
    return (DOC_HEAD.format(title="资格与职业考试-文库")
            + f'<div class="doclist"><ul>\n{rows}\n</ul><div class="pg">{nav}</div></div>\n' + DOC_FOOT)


def docshare_notice(notice: Notice) -> str:
    source = (f'<div class="src">來源:{escape(notice.source)} <span class="views">2.09W</span></div>\n'
              if notice.source else "")
    header = "".join(f"<div>{escape(line)}</div>" for line in notice.header_lines)
    return (DOC_HEAD.format(title=f"{escape(notice.title)}.docx-文库")
            + '<div class="act">收藏 分享(赏)</div>\n'
            + f'<h1 class="doctitle">{escape(notice.title)}.docx</h1>\n' + source
            + f'<div class="docinfo">{header}</div>\n'
            + '<div class="limit">亲,该文档总共12页,到这儿已超出免费预览范围,如果喜欢就下载吧!</div>\n'
            + '<div class="ms"><h3>资源描述</h3>\n' + _paras(notice.paragraphs) + "\n</div>\n"
            + '<div class="more">展开阅读全文</div><div class="rel">相关资源</div><div class="like">猜你喜欢</div><div class="rs">相关搜索</div>\n'
            + '<div class="crumb">当前位置:首页 &gt; 资格与职业考试 &gt; 其它</div>\n' + DOC_FOOT)
