"""Mirror skins: content farms (范文/文秘/简历站 reposts with paywall cuts) and document-sharing
preview pages (上传人, 第1页 / 共12页, 展开阅读全文).

``View.extra`` keys used here: ``brand``, ``domain``, ``posted`` (the mirror's own date as
shown), ``posted_label``, ``toc`` (farm table of contents), ``counter`` (a view counter),
``hot_tags``, ``source`` (a 来源 the farm shows), ``ext`` (doc-share file extension),
``uploader``, ``pages``, ``preview_pages``, ``doc_id``, ``size``, ``cut`` (paywall text).
"""

from __future__ import annotations

import random

from tests.extraction.html_parts import (
    View,
    body_fragments,
    charset_meta,
    esc,
    excerpts_html,
    side_items,
)
from tests.extraction.notices import NOTICES

FARM_MENU = ["工作总结", "工作计划", "心得体会", "述职报告", "演讲稿", "调研报告", "规章制度", "合同范本",
             "申请书", "自我鉴定", "实习报告", "教案", "教学反思", "党团范文", "发言稿", "主持词"]
FARM_HOT = ["2023年党支部工作计划范文", "学校安全工作总结", "教师个人年度述职报告", "幼儿园大班学期计划",
            "班主任工作心得体会", "年度考核个人总结", "大学生职业生涯规划书", "教研组工作计划精选"]


def excerpt_pool(v: View) -> list[tuple[str, str]]:
    """Other documents' titles and opening lines, for teaser lists (never this page's notice)."""
    own = v.extra.get("notice_key")
    return [(n.title, next(ln for ln in n.body.splitlines() if ln and ln[0] not in "#@>|"))
            for n in NOTICES if n.key != own]


def farm(v: View, rng: random.Random) -> tuple[str, list[str]]:
    """A content farm repost: ads, TOC, paywall cuts, related lists, hot tags."""
    x = v.extra
    frags, must_not = body_fragments(v, rng)
    brand, domain = x["brand"], x["domain"]
    menu = "".join(f'<a href="/{rng.randint(10, 99)}/">{m}</a>' for m in FARM_MENU)
    hot = "".join(f'<li><a href="/a/{rng.randint(100000, 999999)}.html" target="_blank">{t}</a></li>' for t in FARM_HOT[:6])
    related = [t for t, _ in side_items(rng, v.title, 6)]
    rel = "".join(f'<li><a href="/a/{rng.randint(100000, 999999)}.html">{esc(t)}</a></li>' for t in related)
    teasers, teaser_must = excerpts_html(rng, excerpt_pool(v))
    latest = "".join(f'<li><a href="/a/{rng.randint(100000, 999999)}.html">{esc(t)}</a><span>{d}</span></li>'
                     for t, d in side_items(rng, v.title, 12))
    info = []
    if x.get("posted"):
        info.append(f'<span class="time">{esc(x.get("posted_label", "发表时间:"))}{esc(x["posted"])}</span>')
    if x.get("source"):
        info.append(f'<span class="source">来源：{esc(x["source"])}</span>')
    if x.get("counter"):
        info.append(f'<span class="views"><i class="icon-eye"></i>{esc(x["counter"])}</span>')
    toc = ""
    if x.get("toc"):
        items = "<br>".join(esc(t) for t in x["toc"])
        toc = f'<div class="mulu"><b>目录/提纲：</b>……<br>{items}<br>……</div>'
        must_not.append("目录/提纲")
    tags = ""
    if x.get("hot_tags"):
        tags = "".join(f'<a href="/tag/{rng.randint(100, 999)}.html">{esc(t)}</a>' for t in x["hot_tags"])
        tags = f'<div class="hot-tags"><h3>{esc(x.get("hot_tags_label", "热门标签"))}</h3>{tags}</div>'
        must_not.append(x.get("hot_tags_label", "热门标签"))
    vip = ""
    if x.get("cut"):
        vip = ('<div class="vip-tip"><p>温馨提示：当前文档最多只能预览部分内容，成为VIP会员即可查看全文并下载。</p>'
               '<a class="btn-vip" href="/user/vip.html">开通会员</a> <a class="btn-dl" href="/user/down.html">下载本文</a></div>')
        must_not += ["温馨提示", "开通会员"]
    desc = esc(x.get("description", ""))
    page = f"""<!DOCTYPE html>
<html>
<head>
{charset_meta(v)}
<title>{esc(v.title_tag or f"{v.title} - {brand}")}</title>
<meta name="keywords" content="{esc(v.title)},工作计划,工作总结,范文">
<meta name="description" content="{desc}">
<link rel="stylesheet" href="/skin/css/style.css">
<script src="/skin/js/common.js"></script>
<script>var _hmt=_hmt||[];(function(){{var hm=document.createElement("script");hm.src="https://hm.baidu.com/hm.js?{rng.getrandbits(64):016x}";var s=document.getElementsByTagName("script")[0];s.parentNode.insertBefore(hm,s);}})();</script>
</head>
<body>
<div class="topbar"><div class="w1000"><span>欢迎来到{esc(brand)}！</span><span class="r"><a href="/user/login.html">登录</a> | <a href="/user/reg.html">注册</a> | <a href="javascript:addFav()">加入收藏</a> | <a href="javascript:setHome()">设为首页</a></span></div></div>
<div class="header w1000"><a class="logo" href="/"><img src="/skin/images/logo.gif" alt="{esc(brand)}"></a>
<form class="so" action="/search.php"><input name="q" value="" placeholder="搜索范文"><button>文章搜索</button></form></div>
<div class="menu w1000">{menu}</div>
<div class="ad-top w1000"><script>ads_show("top_960x90");</script></div>
<div class="main w1000 clearfix">
  <div class="left">
    <div class="weizhi">您的位置：<a href="/">{esc(brand)}</a>&gt;&gt;<a href="/jy/">教育</a>&gt;&gt;<a href="/jy/jhgh/">计划规划</a>&gt;&gt;正文</div>
    <div class="article">
      <h1>{esc(v.title)}</h1>
      <div class="info">{"　".join(info)}</div>
      {toc}
      <div class="ad-in"><script>ads_show("article_640x60");</script></div>
      <div class="content" id="content">
{chr(10).join(frags)}
      </div>
      {vip}
      <div class="shoucang">收藏《{esc(v.title)}》 <a href="javascript:copyUrl()">复制链接</a></div>
      <div class="xgwz"><h3>相关文章</h3><ul>{rel}</ul></div>
      {teasers}
      {tags}
    </div>
  </div>
  <div class="right">
    <div class="box"><h3>热门文章</h3><ul>{hot}</ul></div>
    <div class="ad-side"><script>ads_show("side_300x250");</script></div>
    <div class="box"><h3>最新更新</h3><ul>{latest}</ul></div>
  </div>
</div>
<div class="foot w1000"><p><a href="/about.html">关于本站</a> | <a href="/contact.html">联系我们</a> | <a href="/copyright.html">版权声明</a></p>
<p>Copyright &copy; 2012-2023 {esc(domain)} All Rights Reserved. 本站文章均来自网络，如有侵权请联系删除。</p>
<p><a href="https://beian.miit.gov.cn/">{esc(x.get("icp", "浙ICP备16012345号-1"))}</a></p></div>
</body>
</html>
"""
    must_not += ["您的位置", "相关文章", "热门文章", "文章搜索", "All Rights Reserved", "收藏《", related[0], "推荐阅读",
                 "最新更新"] + teaser_must
    return page, must_not


def docshare(v: View, rng: random.Random) -> tuple[str, list[str]]:
    """A document-sharing preview page: upload header, page images, free-preview limit, text dump."""
    x = v.extra
    frags, must_not = body_fragments(v, rng)
    brand, domain, ext = x["brand"], x["domain"], x.get("ext", "docx")
    name = f"{v.title}.{ext}"
    pages = x.get("pages", 12)
    preview = x.get("preview_pages", 6)
    imgs = "\n".join(
        f'<div class="page-item"><img class="lazy" data-original="//img.{esc(domain)}/{x.get("doc_id", 1000)}/{i}.png" '
        f'alt="{esc(name)}_第{i}页"><div class="page-num">第{i}页 / 共{pages}页</div></div>'
        for i in range(1, preview + 1)
    )
    related = [t for t, _ in side_items(rng, v.title, 6)]
    rel = "".join(f'<li><a href="/p-{rng.randint(1000000, 9999999)}.html">{esc(t)}.docx</a></li>' for t in related)
    teasers, teaser_must = excerpts_html(rng, excerpt_pool(v), "相关文档推荐")
    page = f"""<!DOCTYPE html>
<html>
<head>
{charset_meta(v)}
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>{esc(v.title_tag or f"{name}-{brand}")}</title>
<meta name="keywords" content="{esc(v.title)}">
<meta name="description" content="{esc(x.get("description", ""))}">
<link rel="stylesheet" href="/css/detail.css">
</head>
<body>
<div class="header"><div class="wrap"><a href="/" class="logo">{esc(brand)}</a><div class="search"><input placeholder="搜索文档"><a class="btn">搜索</a></div>
<div class="user"><a href="/login">登录</a><a href="/reg">注册</a><a class="upload" href="/upload">上传文档</a></div></div></div>
<div class="wrap crumbs">当前位置：<a href="/">首页</a> &gt; <a href="/c-12/">资格与职业考试</a> &gt; <a href="/c-128/">其它</a></div>
<div class="wrap clearfix">
<div class="doc-main">
  <div class="doc-top"><span class="fav">收藏</span> <span class="share">分享(赏)</span></div>
  <h1 class="doc-title">{esc(name)}</h1>
  <div class="doc-meta">上传人：{esc(x.get("uploader", "g****t"))} 文档编号：{x.get("doc_id", 1000)} 上传时间：{esc(x["posted"])} 格式：{ext.upper()} 页数：{pages} 大小：{esc(x.get("size", "23.33KB"))}</div>
  <div class="doc-btns"><a class="down" href="/down/{x.get("doc_id", 1000)}.html">下载</a> <a href="#related">相关</a> <a href="/report">举报</a></div>
  <div class="doc-pages">
{imgs}
  </div>
  <div class="preview-end">亲，该文档总共{pages}页，到这儿已超出免费预览范围，如果喜欢就下载吧！</div>
  <div class="doc-text"><h2>资源描述</h2>
    <div class="text-content">
{chr(10).join(frags)}
    </div>
    <div class="more-btn"><a href="javascript:;" onclick="loadMore()">展开阅读全文</a></div>
  </div>
  <div class="related" id="related"><h3>相关资源</h3><ul>{rel}</ul></div>
  <div class="related"><h3>猜你喜欢</h3><ul>{rel}</ul></div>
  {teasers}
</div>
</div>
<div class="footer"><div class="wrap"><p>当前位置：首页 &gt; 资格与职业考试 &gt; 其它</p>
<p>copyright@ 2008-2023 {esc(domain)}网站版权所有</p>
<p>经营许可证编号：<a href="https://beian.miit.gov.cn/">{esc(x.get("icp", "浙ICP备2024059924号-2"))}</a></p></div></div>
<script src="/js/jquery.lazyload.js"></script><script>$("img.lazy").lazyload();</script>
</body>
</html>
"""
    must_not += ["上传人", "文档编号", "第1页/共", "超出免费预览范围", "展开阅读全文", "相关资源", "猜你喜欢",
                 "网站版权所有", "资源描述", related[0]] + teaser_must
    return page, must_not


def big5_gateway(v: View, rng: random.Random) -> tuple[str, list[str]]:
    """A simplified->traditional conversion gateway (big5.<host>/gate/big5/<host>/…) serving a
    converted copy of an official page; its converter glued pinyin after some characters.
    The chrome strings are the seed's own (000_212bb75c45bfdaf9.txt)."""
    frags, must_not = body_fragments(v, rng)
    gate = "http://big5.kaiping.gov.cn/gate/big5/www.kaiping.gov.cn"
    side = "".join(f'<li><a href="{gate}/jyj/zwgk/tzgg/content/post_{rng.randint(2400000, 2499999)}.html">{t}</a></li>'
                   for t in ["開平市教育局關於2022年春季開學工作的通知", "開平市2021年義務教育階段學校招生工作方案",
                             "關於公佈開平市中小學教學成果獎評選結果的通知", "開平市教育局2021年工作總結"])
    page = f"""<!DOCTYPE html>
<html>
<head>
{charset_meta(v)}
<title>{esc(v.title)}</title>
<meta name="SiteName" content="開平市人民政府門戶網(wǎng)站">
<meta name="ColumnName" content="通知公告">
<meta name="ArticleTitle" content="{esc(v.title)}">
<meta name="PubDate" content="2022-01-12 17:20">
<link rel="stylesheet" href="{gate}/css/main.css">
<script src="{gate}/js/jquery.min.js"></script>
</head>
<body>
<div class="topbar"><ul class="top-ul">
  <li>• <a href="{gate}/">開平市人民政府門戶網(wǎng)站</a></li>
  <li>• &nbsp; &nbsp;</li>
  <li>• 關注我們:<ul><li>• <a href="{gate}/search/">搜索</a></li></ul></li>
</ul></div>
<div class="banner"><div class="welcome">今天是2019年4月11日 星期四歡迎進入開平市教育局政務網(wǎng)!</div></div>
<div class="nav"><a href="{gate}/jyj/">首頁</a><a href="{gate}/jyj/zwgk/">政務公開</a><a href="{gate}/jyj/bsfw/">辦事服務</a><a href="{gate}/jyj/hdjl/">互動交流</a></div>
<div class="wrap">
  <div class="location">您當前的位置:<a href="{gate}/">首頁</a> &gt; <a href="{gate}/jyj/">開平市教育局政務網(wǎng)</a> &gt; <a href="{gate}/jyj/zwgk/">政務公開</a> &gt; <a href="{gate}/jyj/zwgk/tzgg/">通知公告</a></div>
  <div class="content-box">
    <div class="title"><h1>{esc(v.title)}</h1></div>
    <div class="property"><span>發(fā)布日期:2022-01-12 17:20</span>　<span>來源:本網(wǎng)</span>　<span class="print"><a href="javascript:window.print()">打印</a></span>　<span class="font">【字體:<a href="javascript:;">大</a> <a href="javascript:;">中</a> <a href="javascript:;">小</a>】</span></div>
    <div class="article-content">
{chr(10).join(frags)}
    </div>
    <div class="appendix"><span>相關附件:</span><ul></ul></div>
  </div>
  <div class="side"><h3>通知公告</h3><ul>{side}</ul></div>
</div>
<div class="footer">
  <p><a href="{gate}/lxwm/">聯(lián)系我們</a> <a href="{gate}/wzbz/">網(wǎng)站幫助</a> <a href="{gate}/wzdt/">網(wǎng)站地圖</a> <a href="{gate}/fwsm/">服務申明</a></p>
  <p>&nbsp;版權所有:開平市人民政府 &nbsp;&nbsp;主辦:開平市人民政府辦公室&nbsp;</p>
  <p>備案編號: <a href="https://beian.miit.gov.cn">粵ICP備05079694號</a> &nbsp;網(wǎng)站標識碼:4407830003 &nbsp;粵公網(wǎng)安備; 44078302000116</p>
  <div class="wx"><img src="{gate}/images/gzh.jpg"><p>開平市政府網(wǎng)公眾號</p></div>
  <div class="wb"><img src="{gate}/images/wb.jpg"><p>開平發(fā)布政務微博</p></div>
</div>
<div style="text-align:center;font-size:12px;color:#999">{esc(v.extra["spam"])}</div>
</body>
</html>
"""
    must_not += ["今天是2019年4月11日", "您當前的位置", "打印", "【字體", "相關附件", "備案編號", "標識碼",
                 "版權所有", "關注我們", "公眾號", v.extra["spam"], "開平市教育局2021年工作總結"]
    return page, must_not
