"""Official-portal skins: TRS WCM, Hanweb 大汉, 政府信息公开 detail pages, a modern
responsive gov site, and an old table-layout static site.

Each skin takes a ``View`` and a seeded ``Random`` and returns ``(html, must_not)``: the
page as text and the chrome strings it drew that must never reach the extracted body.
"""

from __future__ import annotations

import random

from tests.extraction.html_parts import (
    ANALYTICS,
    FONT_JS,
    SITE_JS,
    View,
    body_fragments,
    charset_meta,
    esc,
    footer_html,
    gov_links_html,
    info_html,
    meta_tags,
    nav_html,
    side_column,
    side_items,
)

TRS_STYLE = ('<style type="text/css">.TRS_Editor P{margin-top:0px;margin-bottom:12px;line-height:1.8;'
             'font-family:宋体;font-size:12pt;}.TRS_Editor DIV{margin-top:0px;margin-bottom:12px;line-height:1.8;'
             'font-family:宋体;font-size:12pt;}.TRS_Editor TD{margin-top:0px;margin-bottom:12px;line-height:1.8;'
             'font-family:宋体;font-size:12pt;}</style>')

HIDDEN_CLASS_CSS = "<style>.hdnlk{display:none!important}</style>"


def _meta(v: View) -> str:
    if not v.meta:
        return ""
    return meta_tags(v.site, v.column, v.title, v.meta.get("pubdate"), v.meta.get("source"))


def _title_tag(v: View, default: str) -> str:
    return esc(v.title_tag or default)


def _heading(v: View) -> str:
    return v.title_html if v.title_html is not None else esc(v.title)


def _prevnext(rng: random.Random, exclude: str) -> tuple[str, list[str]]:
    _, titles = side_column(rng, exclude)
    return (f'<div class="prev-next"><p>上一篇：<a href="./t2021{rng.randint(1000, 9999)}_{rng.randint(10000, 99999)}.html">{titles[0]}</a></p>'
            f'<p>下一篇：<a href="./t2023{rng.randint(1000, 9999)}_{rng.randint(10000, 99999)}.html">{titles[1]}</a></p></div>',
            ["上一篇", "下一篇", titles[0], titles[1]])


def _attachments_box(v: View, label: str = "相关附件：") -> tuple[str, list[str]]:
    if v.att_mode == "box" and v.attachments:
        lis = "".join(f'<li><a href="{href}" target="_blank" oldsrc="{href.lstrip("./")}">{esc(t)}</a></li>'
                      for t, href in v.attachments)
        return f'<div class="fujian"><p class="fj-tit">{label}</p><ul>{lis}</ul></div>', [label.rstrip("：:")]
    if v.att_mode == "script" and v.attachments:
        links = "<br/>".join(f"<a href=\"{href}\" target=\"_blank\">{esc(t)}</a>" for t, href in v.attachments)
        return ('<div class="fujian"><script type="text/javascript">\n'
                f"var fileappendix = '{links}';\n"
                "if (fileappendix != \"\") {\n"
                "  document.write('<p class=\"fj-tit\">相关附件：</p>' + fileappendix);\n"
                "}\n</script></div>", ["相关附件"])
    if v.att_mode == "box":  # an empty 相关附件 box, as many TRS pages show
        return '<div class="fujian"><p class="fj-tit">相关附件：</p><ul></ul></div>', ["相关附件"]
    return "", []


def trs(v: View, rng: random.Random) -> tuple[str, list[str]]:
    """TRS WCM municipal/provincial portal: TRS_Editor divs with their inline <style>."""
    frags, must_not = body_fragments(v, rng)
    side1, side_must = side_column(rng, v.title, "热点信息")
    side2, _ = side_column(rng, v.title, "最新发布")
    prevnext, pn_must = _prevnext(rng, v.title)
    att, att_must = _attachments_box(v)
    footer, f_must = footer_html(v.site, v.agency, v.province, rng)
    banner = esc(v.stale_banner) if v.stale_banner else ""
    date_js = ('<script type="text/javascript">var d=new Date();var w=["日","一","二","三","四","五","六"];'
               'document.write("今天是"+d.getFullYear()+"年"+(d.getMonth()+1)+"月"+d.getDate()+"日 星期"+w[d.getDay()]);</script>')
    extra_css = HIDDEN_CLASS_CSS if "class" in v.hidden_spam else ""
    page = f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
{charset_meta(v)}
<meta http-equiv="X-UA-Compatible" content="IE=edge" />
{_meta(v)}
<title>{_title_tag(v, f"{v.title}_{v.column}_{v.site}")}</title>
<link href="/images/index.css" rel="stylesheet" type="text/css" />
<link href="/images/article.css" rel="stylesheet" type="text/css" />
<script type="text/javascript" src="/images/jquery-1.8.3.min.js"></script>
{extra_css}
</head>
<body>
<!--头部开始-->
<div class="top-bar"><div class="w1200 clearfix">
  <span class="top-date">{banner or date_js}</span>
  <span class="top-links"><a href="javascript:;" id="wza">无障碍</a> | <a href="javascript:;" id="zhzs">长者模式</a> | <a href="javascript:;" id="jft">繁體</a> | <a href="/wap/">手机版</a> | <a href="/zwwb/">政务微博</a></span>
</div></div>
<div class="header"><div class="w1200 clearfix">
  <div class="logo fl"><a href="/"><img src="/images/logo.png" alt="{esc(v.site)}" /></a></div>
  <div class="search fr"><form action="/was5/web/search" method="get" target="_blank"><input type="text" name="searchword" value="请输入关键字" onfocus="this.value=''" /><input type="submit" value="搜索" class="btn" /></form></div>
</div></div>
<div class="navbar"><div class="w1200">{nav_html(v.city, rng)}</div></div>
<!--头部结束-->
<div class="w1200 main clearfix">
  <div class="position">当前位置：<a href="/">首页</a> &gt; <a href="../../">政务公开</a> &gt; <a href="../">{esc(v.column)}</a></div>
  <div class="main-left fl">
    <div class="article">
      <div class="article-title"><h1>{_heading(v)}</h1></div>
      <div class="article-attr clearfix">
        <div class="fl">{info_html(v)}</div>
        <div class="fr"><span class="font-size">【字体：<a href="javascript:doZoom(18)">大</a> <a href="javascript:doZoom(16)">中</a> <a href="javascript:doZoom(14)">小</a>】</span></div>
      </div>
      <div class="article-con" id="zoom">
        <div class="TRS_Editor">{TRS_STYLE}
<div class="Custom_UnionStyle">
{chr(10).join(frags)}
</div></div>
      </div>
      {att}
      <div class="article-tools"><a href="javascript:window.print()">【打印本页】</a> <a href="javascript:window.opener=null;window.close()">【关闭窗口】</a></div>
      {prevnext}
      <div class="share bdsharebuttonbox"><span>分享到：</span><a href="#" class="bds_weixin" data-cmd="weixin" title="分享到微信"></a><a href="#" class="bds_tsina" data-cmd="tsina" title="分享到新浪微博"></a><a href="#" class="bds_qzone" data-cmd="qzone" title="分享到QQ空间"></a></div>
    </div>
  </div>
  <div class="main-right fr">{side1}{side2}</div>
</div>
{gov_links_html(rng)}
{footer}
{FONT_JS}
{SITE_JS}
{ANALYTICS}
<script type="text/javascript">window._bd_share_config={{"common":{{"bdSnsKey":{{}},"bdText":"","bdMini":"2","bdPic":"","bdStyle":"0","bdSize":"16"}},"share":{{}}}};</script>
</body>
</html>
"""
    must_not += ["【字体：大中小】", "打印本页", "关闭窗口", "分享到", "当前位置", "margin-top"]
    must_not += side_must + pn_must + att_must + f_must
    if v.stale_banner:
        must_not.append(v.stale_banner.split()[0])
    return page, must_not


def hanweb(v: View, rng: random.Random) -> tuple[str, list[str]]:
    """Hanweb 大汉 JCMS: table layout, #zoom / .bt_content, ContentStart/ContentEnd markers."""
    frags, must_not = body_fragments(v, rng)
    footer, f_must = footer_html(v.site, v.agency, v.province, rng)
    side, side_must = side_column(rng, v.title, "相关信息")
    att = ""
    if v.att_mode == "hanweb" and v.attachments:
        att = "".join(f'<p><a href="{href}" target="_blank">{esc(t)}</a></p>' for t, href in v.attachments)
        att = f'<table width="100%"><tr><td class="bt_content"><strong>相关附件：</strong>{att}</td></tr></table>'
    elif v.att_mode == "inbody":
        pass
    hits_id = rng.randint(1000000, 9999999)
    body_cell = v.extra.get("hanweb_body", "td")
    content = ("<!--<$[信息内容]>begin--><!--ZJEG_RSS.content.begin--><meta name=\"ContentStart\">"
               + "\n".join(frags) + "<meta name=\"ContentEnd\"><!--ZJEG_RSS.content.end--><!--<$[信息内容]>end-->")
    if body_cell == "div":
        content_row = f'<tr><td style="padding:20px 30px"><div id="zoom" class="bt_content" style="line-height:2">{content}</div></td></tr>'
    else:
        content_row = f'<tr><td class="bt_content" id="zoom" style="padding:20px 30px;line-height:2">{content}</td></tr>'
    extra_css = HIDDEN_CLASS_CSS if "class" in v.hidden_spam else ""
    page = f"""<html>
<head>
{charset_meta(v)}
<title>{_title_tag(v, f"{v.site} {v.column} {v.title}")}</title>
{_meta(v)}
<meta name="keywords" content="{esc(v.site)}">
<link href="/images/1/style.css" rel="stylesheet" type="text/css">
<script language="javascript" src="/script/0/1809011547462376.js"></script>
{extra_css}
</head>
<body leftmargin="0" topmargin="0" marginwidth="0" marginheight="0">
<script language="javascript" src="/module/jslib/jquery/jquery.js"></script>
<table width="1000" border="0" align="center" cellpadding="0" cellspacing="0">
  <tr><td height="150" background="/images/1/top_bg.jpg"><table width="100%"><tr><td width="600"><img src="/images/1/logo.png" alt="{esc(v.site)}"></td><td align="right"><a href="/col/col1/index.html">网站首页</a> | <a href="/col/col2/index.html">无障碍浏览</a> | <a href="/col/col3/index.html">English</a></td></tr></table></td></tr>
  <tr><td height="45" class="nav_bg">{nav_html(v.city, rng, "navall")}</td></tr>
</table>
<table width="1000" border="0" align="center" cellpadding="0" cellspacing="0">
  <tr><td height="40" class="bt_link">当前位置：<a href="/" class="bt_link">首页</a> &gt; <a href="/col/col1229/index.html" class="bt_link">信息公开</a> &gt; <a href="/col/col1230/index.html" class="bt_link">{esc(v.column)}</a></td></tr>
</table>
<table width="1000" border="0" align="center" cellpadding="0" cellspacing="0" bgcolor="#FFFFFF">
  <tr><td width="720" valign="top">
  <table width="680" border="0" align="center" cellpadding="0" cellspacing="0">
    <tr><td align="center" class="title" style="font-size:22px;font-weight:bold;color:#CC0000;padding-top:30px;line-height:36px"><!--<$[标题名称]>begin-->{_heading(v)}<!--<$[标题名称]>end--></td></tr>
    <tr><td align="center" height="40" class="bt_content" style="border-bottom:1px dashed #cccccc">{info_html(v)}　浏览次数：<span id="dynclicks_wbnews_{hits_id}_2198"></span><script>_showDynClicks("wbnews", {hits_id}, 2198)</script>　字号：〖<a href="javascript:doZoom(20)">大</a> <a href="javascript:doZoom(16)">中</a> <a href="javascript:doZoom(12)">小</a>〗</td></tr>
    {content_row}
    <tr><td>{att}</td></tr>
    <tr><td align="right" height="40" class="bt_content">【<a href="javascript:window.print()">打印本页</a>】【<a href="javascript:window.opener=null;window.open('','_self');window.close();">关闭窗口</a>】</td></tr>
  </table>
  </td>
  <td width="280" valign="top" style="padding-top:30px">{side}
    <div class="qrcode" style="text-align:center"><img src="/module/qrcode/qrcode.jsp?url={esc(v.url)}" width="120"><p>扫一扫在手机打开当前页</p></div>
  </td></tr>
</table>
{gov_links_html(rng)}
{footer}
{FONT_JS}
{SITE_JS}
</body>
</html>
"""
    must_not += ["浏览次数", "字号：", "打印本页", "关闭窗口", "扫一扫在手机打开当前页", "当前位置"]
    if v.att_mode == "hanweb" and v.attachments:
        must_not.append("相关附件")
    return page, must_not + side_must + f_must


XXGK_TREE = ["机构职能", "领导信息", "内设机构", "政策文件", "规范性文件", "规划计划", "财政资金", "部门预决算",
             "人事信息", "公务员招考", "教育事业统计", "招生考试", "义务教育", "学前教育", "建议提案办理",
             "政府信息公开指南", "政府信息公开制度", "政府信息公开年报", "依申请公开"]


def xxgk(v: View, rng: random.Random) -> tuple[str, list[str]]:
    """政府信息公开 detail page: metadata table (索引号 … 主题分类) above the body."""
    frags, must_not = body_fragments(v, rng)
    footer, f_must = footer_html(v.site, v.agency, v.province, rng)
    m = v.xxgk or {}
    tree = "".join(f'<li><a href="/xxgk/{rng.randint(100, 999)}/index.html">{t}</a></li>' for t in XXGK_TREE)
    att = ""
    if v.att_mode == "box" and v.attachments:
        links = "".join(f'<p><a href="{href}" target="_blank">{esc(t)}</a></p>' for t, href in v.attachments)
        att = f'<div class="xxgk-fj"><span class="fj-label">附件下载：</span>{links}</div>'
        must_not.append("附件下载")
    label_name = m.get("name_label", "名　　称：")
    doc = m.get("doc_number", "")
    page = f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
{charset_meta(v)}
<meta http-equiv="X-UA-Compatible" content="IE=edge,chrome=1">
{_meta(v)}
<title>{_title_tag(v, f"{v.title}-{v.site}")}</title>
<link rel="stylesheet" href="/xxgk/css/xxgk.css">
<script src="/js/jquery.min.js"></script>
{HIDDEN_CLASS_CSS if "class" in v.hidden_spam else ""}
</head>
<body>
<div class="xxgk-top"><div class="wrap"><a href="/" class="xxgk-logo"><img src="/xxgk/images/xxgk_logo.png" alt="政府信息公开"></a><span class="xxgk-site">{esc(v.site)}</span></div></div>
<div class="site-nav wrap">{nav_html(v.city, rng, "navall")}</div>
<div class="wrap xxgk-nav"><a href="/xxgk/">信息公开首页</a><a href="/xxgk/zn/">信息公开指南</a><a href="/xxgk/zd/">信息公开制度</a><a href="/xxgk/ml/">法定主动公开内容</a><a href="/xxgk/nb/">信息公开年报</a><a href="/xxgk/ysq/">依申请公开</a></div>
<div class="wrap clearfix">
  <div class="xxgk-left"><h3>信息公开目录</h3><ul class="tree">{tree}</ul></div>
  <div class="xxgk-right">
    <div class="crumb">您所在的位置：<a href="/">首页</a> &gt; <a href="/xxgk/">信息公开</a> &gt; <a href="/xxgk/ml/">{esc(v.column)}</a></div>
    <div class="xxgk-detail">
      <table class="xxgk-table" width="100%" border="0" cellspacing="0" cellpadding="0">
        <tr><th width="15%">索引号：</th><td width="35%">{esc(m.get("index", ""))}</td><th width="15%">主题分类：</th><td width="35%">{esc(m.get("topic", "教育"))}</td></tr>
        <tr><th>发布机构：</th><td>{esc(m.get("issuer", ""))}</td><th>成文日期：</th><td>{esc(m.get("written", ""))}</td></tr>
        <tr><th>{label_name}</th><td colspan="3">{esc(v.title)}</td></tr>
        <tr><th>文　　号：</th><td>{esc(doc)}</td><th>发布日期：</th><td>{esc(m.get("published", ""))}</td></tr>
        <tr><th>有 效 性：</th><td>{esc(m.get("validity", "有效"))}</td><th>主 题 词：</th><td></td></tr>
      </table>
      <div class="xxgk-title"><h1>{_heading(v)}</h1></div>
      <div class="xxgk-info">{info_html(v)}</div>
      <div class="xxgk-content" id="UCAP-CONTENT">
{chr(10).join(frags)}
      </div>
      {att}
      <div class="xxgk-tools"><a href="javascript:window.print();">【打印】</a><a href="javascript:window.close();">【关闭】</a></div>
    </div>
  </div>
</div>
{gov_links_html(rng)}
{footer}
{SITE_JS}
{ANALYTICS}
</body>
</html>
"""
    must_not += ["索引号", "主题分类", "成文日期", "信息公开目录", "【打印】", "【关闭】", "您所在的位置"]
    return page, must_not + f_must


def modern(v: View, rng: random.Random) -> tuple[str, list[str]]:
    """A current responsive gov site: mega-menu, article-info row, share bar, related list."""
    frags, must_not = body_fragments(v, rng)
    footer, f_must = footer_html(v.site, v.agency, v.province, rng)
    side, side_must = side_column(rng, v.title, "通知公告")
    side2, _ = side_column(rng, v.title, "工作动态")
    prevnext, pn_must = _prevnext(rng, v.title)
    att, att_must = _attachments_box(v, "附件下载：")
    counter = "" if v.extra.get("no_counter") else f'<span>阅读次数：<b id="readCount">{rng.randint(300, 9000)}</b></span>'
    menus = "".join(
        f'<li class="menu-item"><a href="/{k}/">{k_name}</a><div class="sub-menu">{nav_html(v.city, rng, "subnav")}</div></li>'
        for k, k_name in [("xwzx", "新闻中心"), ("zwgk", "政务公开"), ("bsfw", "办事服务"), ("hdjl", "互动交流")]
    )
    page = f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
{charset_meta(v)}
<meta name="viewport" content="width=device-width, initial-scale=1.0">
{_meta(v)}
<title>{_title_tag(v, f"{v.title}-{v.site}")}</title>
<link rel="stylesheet" href="/static/css/common.css?v=20230301">
<link rel="stylesheet" href="/static/css/detail.css?v=20230301">
{HIDDEN_CLASS_CSS if "class" in v.hidden_spam else ""}
</head>
<body>
<header class="gov-header">
  <div class="container"><div class="header-top"><span class="welcome">{esc(v.stale_banner) if v.stale_banner else "欢迎访问" + esc(v.site)}</span><div class="tools"><a href="javascript:;" class="aria">无障碍</a><a href="javascript:;" class="elder">适老化</a><a href="/m/">移动版</a></div></div>
  <div class="header-main"><a href="/" class="logo"><img src="/static/img/logo.png" alt="{esc(v.site)}"></a>
  <div class="search-box"><input type="text" placeholder="请输入关键词" id="kw"><button type="button" onclick="doSearch()">搜索</button></div></div></div>
  <nav class="main-menu"><div class="container"><ul><li class="menu-item"><a href="/">首页</a></li>{menus}</ul></div></nav>
</header>
<main class="container page-detail">
  <div class="crumb"><span>当前位置：</span><a href="/">首页</a><i>/</i><a href="/xwzx/">新闻中心</a><i>/</i><span>{esc(v.column)}</span></div>
  <div class="row">
    <article class="col-9 detail">
      <h1 class="detail-title">{_heading(v)}</h1>
      <div class="detail-info">{info_html(v)}{counter}<span class="font-ctrl">字号：<a href="javascript:;" data-size="18">大</a><a href="javascript:;" data-size="16">中</a><a href="javascript:;" data-size="14">小</a></span></div>
      <div class="detail-content" id="articleContent">
{chr(10).join(frags)}
      </div>
      {att}
      <div class="detail-share"><span>分享到：</span><a class="wx" href="javascript:;">微信</a><a class="wb" href="javascript:;">微博</a><a class="qq" href="javascript:;">QQ空间</a>
        <div class="qr-pop"><img src="/static/qr/{rng.randint(10000, 99999)}.png" alt=""><p>扫一扫在手机打开当前页</p></div></div>
      {prevnext}
    </article>
    <aside class="col-3">{side}{side2}</aside>
  </div>
</main>
<footer class="gov-footer">{gov_links_html(rng)}{footer}</footer>
{SITE_JS}
<script src="/static/js/jquery-3.6.0.min.js"></script>
<script>var pageInfo = {{ docId: {rng.randint(100000, 999999)}, channel: "{esc(v.column)}" }}; $.post("/api/hits", pageInfo);</script>
{ANALYTICS}
</body>
</html>
"""
    must_not += ["字号：", "分享到", "扫一扫在手机打开当前页", "当前位置"] + ([] if v.extra.get("no_counter") else ["阅读次数"])
    return page, must_not + side_must + pn_must + att_must + f_must


def static(v: View, rng: random.Random) -> tuple[str, list[str]]:
    """An old county/school site: nested tables, <font>, <br>-separated paragraphs, ASP hit counter."""
    frags, must_not = body_fragments(v, rng)
    items = side_items(rng, v.title)
    left = "".join(f'<tr><td height="24">·<a href="/news/{rng.randint(1000, 9999)}.html" target="_blank">{esc(t)}</a></td></tr>'
                   for t, _ in items)
    left_titles = [items[0][0], items[1][0]]
    news = "".join(f'<tr><td height="22">·<a href="/jyxw/{rng.randint(1000, 9999)}.html">{esc(t)}</a> <font color="#999999">[{d[5:]}]</font></td></tr>'
                   for t, d in side_items(rng, v.title, 10))
    cell = '<td class="content" style="font-size:14px;line-height:200%" valign="top">'
    if v.split_tables:
        half = len(frags) // 2
        content = (f'<table width="96%" border="0" align="center" cellpadding="0" cellspacing="0"><tr>{cell}{"".join(frags[:half])}</td></tr></table>\n'
                   '<table width="96%" border="0" align="center"><tr><td height="8"><img src="/images/fgx.gif" width="1" height="1"></td></tr></table>\n'
                   f'<table width="96%" border="0" align="center" cellpadding="0" cellspacing="0"><tr><td><table width="100%"><tr>{cell}{"".join(frags[half:])}</td></tr></table></td></tr></table>')
    else:
        content = f'<table width="96%" border="0" align="center" cellpadding="0" cellspacing="0"><tr>{cell}{"".join(frags)}</td></tr></table>'
    att = ""
    if v.att_mode == "box" and v.attachments:
        att = "".join(f'<a href="{href}">{esc(t)}</a><br>' for t, href in v.attachments)
        att = f'<table width="96%" align="center"><tr><td><font color="#ff0000">附件下载：</font><br>{att}</td></tr></table>'
        must_not.append("附件下载")
    page = f"""<html>
<head>
{charset_meta(v)}
<title>{_title_tag(v, v.title)}</title>
{_meta(v)}
<link href="/css/css.css" rel="stylesheet" type="text/css">
<script language="JavaScript" src="/js/menu.js"></script>
{HIDDEN_CLASS_CSS if "class" in v.hidden_spam else ""}
</head>
<body topmargin="0" leftmargin="0">
<table width="778" border="0" align="center" cellpadding="0" cellspacing="0"><tr><td><img src="/images/banner.jpg" width="778" height="120"></td></tr></table>
<table width="778" border="0" align="center" cellpadding="0" cellspacing="0" bgcolor="#0066CC"><tr><td height="28" align="center"><a href="/"><font color="#FFFFFF">网站首页</font></a> | <a href="/jgsz/"><font color="#FFFFFF">机构设置</font></a> | <a href="/tzgg/"><font color="#FFFFFF">通知公告</font></a> | <a href="/zcfg/"><font color="#FFFFFF">政策法规</font></a> | <a href="/jyxw/"><font color="#FFFFFF">教育新闻</font></a> | <a href="/zsks/"><font color="#FFFFFF">招生考试</font></a> | <a href="/xzzx/"><font color="#FFFFFF">下载中心</font></a> | <a href="/lyb/"><font color="#FFFFFF">留言板</font></a></td></tr></table>
<table width="778" border="0" align="center" cellpadding="0" cellspacing="0" bgcolor="#FFFFFF">
<tr><td width="190" valign="top" bgcolor="#F2F7FD">
  <table width="100%" border="0" cellspacing="0" cellpadding="0"><tr><td height="30" background="/images/left_tit.gif"><b>&nbsp;&nbsp;最新通知</b></td></tr>{left}</table>
  <table width="100%" border="0" cellspacing="0" cellpadding="0"><tr><td height="30" background="/images/left_tit.gif"><b>&nbsp;&nbsp;教育新闻</b></td></tr>{news}</table>
  <table width="100%"><tr><td height="30"><b>&nbsp;&nbsp;公告栏</b></td></tr><tr><td><marquee direction="up" scrollamount="2" height="90" onmouseover="this.stop()" onmouseout="this.start()">本站开通“局长信箱”，欢迎广大群众来信反映教育热点问题。<br>{esc(v.city)}教育系统行风评议热线：12345。</marquee></td></tr></table>
  <table width="100%"><tr><td height="30"><b>&nbsp;&nbsp;友情链接</b></td></tr><tr><td><select onchange="window.open(this.value)"><option>--教育网站--</option><option value="http://www.moe.gov.cn">教育部</option></select></td></tr></table>
</td>
<td width="588" valign="top">
  <table width="100%" border="0" cellspacing="0" cellpadding="0"><tr><td height="30" class="dh">&nbsp;您现在的位置：<a href="/">首页</a> &gt;&gt; <a href="/tzgg/">{esc(v.column)}</a> &gt;&gt; 正文</td></tr></table>
  <table width="96%" border="0" align="center" cellpadding="0" cellspacing="0">
    <tr><td align="center" height="50"><font size="4" color="#FF0000"><b>{_heading(v)}</b></font></td></tr>
    <tr><td align="center" height="25"><font color="#999999">{info_html(v, "font")}　点击数：<script language="javascript" src="/inc/hits.asp?id={rng.randint(1000, 9999)}"></script></font></td></tr>
    <tr><td><hr size="1" color="#CCCCCC"></td></tr>
  </table>
  {content}
  {att}
  <table width="96%" border="0" align="center"><tr><td align="right">【<a href="#" onclick="window.print()">打印此文</a>】 【<a href="javascript:window.close()">关闭窗口</a>】</td></tr></table>
</td></tr></table>
<table width="778" border="0" align="center" cellpadding="0" cellspacing="0" bgcolor="#E6EEF7"><tr><td align="center" height="70" style="line-height:22px">
版权所有：{esc(v.site)}　Copyright &copy; 2005-2022 All Rights Reserved<br>
地址：{esc(v.city)}人民路{rng.randint(1, 200)}号　电话：{rng.randint(1000, 9999)}-{rng.randint(1000000, 9999999)}　<a href="https://beian.miit.gov.cn/">{v.province}ICP备{rng.randint(10000000, 99999999)}号</a><br>
技术支持：{esc(v.city)}网络科技有限公司</td></tr></table>
</body>
</html>
"""
    must_not += ["您现在的位置", "点击数", "打印此文", "关闭窗口", "版权所有", "ICP备", "友情链接", "局长信箱"]
    return page, must_not + left_titles
