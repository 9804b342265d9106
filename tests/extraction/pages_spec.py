"""The page list of the extraction evaluation set: which notice, on which skin, in which
encoding, with which traps, and the gold metadata each page must yield.

Gold conventions (see README.md): ``published`` is the notice's own date: the page's
发布日期/发布时间 (with the time when the page or its PubDate meta shows one), else the
signature date in the body, else the date in the URL; a mirror's own date goes to
``mirror_posted`` only. ``issuer`` and ``index_number`` come from 政府信息公开 tables;
``doc_number`` wherever the page shows a 文号. ``None`` in gold means "the page has none"
(scored both ways, as are the flags).
"""

from __future__ import annotations

import random
import re

from tests.extraction.build_pages import (
    S2T,
    Page,
    attachment_links,
    link_inbody,
    notice_blocks,
    seed_blocks,
)
from tests.extraction.html_parts import Block, View, gold_lines
from tests.extraction.notices import BY_KEY


def _city(agency: str) -> str:
    m = re.match(r"^(.+?)(省|市|县|区)", agency)
    return m.group(1) if m else agency[:2]


def enc(codec: str, decl: str | None, wrong: bool = False, extra: str = "") -> str:
    if decl is None:
        note = f"{codec}; no charset declaration"
    else:
        note = f"{codec}; declared charset={decl}" + (" (wrong)" if wrong else "")
    return note + (f"; {extra}" if extra else "")


ATT_STYLE = {"trs": "trs", "hanweb": "hanweb", "xxgk": "xxgk", "static": "static", "modern": "modern"}
ATT_MODE = {"trs": "box", "hanweb": "hanweb", "xxgk": "box", "static": "box", "modern": "box"}


def official(slug: str, key: str, skin: str, url: str, info: list[tuple[str, str]], *, published: str,
             codec: str = "utf-8", decl: str | None = "utf-8", form: str = "http-equiv", note: str | None = None,
             source: str | None = None, issuer: str | None = None, doc: str | None = None,
             index: str | None = None, flags: tuple[str, ...] = (), att_mode: str | None = None,
             att_style: str | None = None, **view_kw) -> Page:
    n = BY_KEY[key]
    blocks = notice_blocks(n)
    rng = random.Random("att:" + slug)
    mode = att_mode or ATT_MODE[skin]
    links = attachment_links(n, att_style or ATT_STYLE[skin], url, rng) if n.attachments else []
    if mode == "inbody" and links:
        links = link_inbody(blocks, n, links)
    view = View(title=n.title, blocks=blocks, url=url, site=n.site, agency=n.agency, column=view_kw.pop("column", "通知公告"),
                province=n.province, city=_city(n.agency), info=info, attachments=links, att_mode=mode,
                charset_decl=decl, charset_form=form, **view_kw)
    return Page(slug=slug, skin=skin, view=view, codec=codec, encoding_note=note or enc(codec, decl),
                published=published, source=source, issuer=issuer, doc_number=doc, index_number=index,
                flags=list(flags))


def cut(blocks: list[Block], keep: float, marker: str | None) -> list[Block]:
    """Truncate a body the way paywalls do: mid-paragraph, optionally with the farm's marker."""
    k = max(2, int(len(blocks) * keep))
    while blocks[k - 1].kind != "p":
        k -= 1
    kept = [Block(b.kind, b.text, [list(r) for r in b.rows]) for b in blocks[:k]]
    last = kept[-1]
    last.text = last.text[: max(8, len(last.text) // 2)]
    if marker:
        total = sum(len(x) for x in gold_lines(blocks))
        shown = sum(len(x) for x in gold_lines(kept))
        last.tail_html = f'<span class="cut">……（未完，全文共{total}字，当前仅显示{shown}字，请阅读下面提示信息。）</span>'
    return kept


def mirror(slug: str, skin: str, title: str, blocks: list[Block], url: str, extra: dict, *, codec: str = "utf-8",
           decl: str | None = "utf-8", form: str = "meta5", published: str | None, mirror_posted: str | None,
           source: str | None = None, doc: str | None = None, flags: tuple[str, ...] = (), chrome_trad: bool = False,
           note: str | None = None,
           site_of: str | None = None, must_not: tuple[str, ...] = (), **view_kw) -> Page:
    n = BY_KEY.get(site_of or "", None)
    extra.setdefault("description", "".join(gold_lines(blocks))[:60])
    if extra.get("cut") and any(b.tail_html for b in blocks):
        must_not = (*must_not, "当前仅显示")
    view = View(title=title, blocks=blocks, url=url, site=extra["brand"], agency=extra["brand"], column="计划规划",
                province="浙", city=n.agency[:2] if n else "", info=[], att_mode="none", charset_decl=decl,
                charset_form=form, extra=extra, **view_kw)
    return Page(slug=slug, skin=skin, view=view, codec=codec, encoding_note=note or enc(codec, decl),
                published=published, mirror_posted=mirror_posted, source=source, doc_number=doc, flags=list(flags),
                kind="mirror",
                chrome_trad=chrome_trad, must_not=list(must_not))


def seed_pages() -> list[Page]:
    pages = []
    title, blocks, chrome = seed_blocks("kaiping")
    pages.append(Page(
        slug="seed000_big5gate_kaiping", skin="gateway",
        view=View(title=title, blocks=blocks, url="http://big5.kaiping.gov.cn/gate/big5/www.kaiping.gov.cn/jyj/zwgk/tzgg/content/post_2470515.html",
                  site="開平市人民政府門戶網(wǎng)站", agency="開平市教育局", column="通知公告", province="粵", city="開平",
                  info=[], att_mode="none", charset_decl="utf-8", charset_form="meta5", extra={"spam": chrome["spam"]}),
        codec="utf-8", encoding_note=enc("utf-8", "utf-8", extra="traditional-script conversion gateway with pinyin artifacts"),
        published="2022-01-12T17:20", source="本網", flags=["pinyin_artifacts", "script_converted"]))
    title, blocks, _ = seed_blocks("kaiping_simplified")
    pages.append(Page(
        slug="seed000_kaiping_official_gbk", skin="trs",
        view=View(title=title, blocks=blocks, url="http://www.kaiping.gov.cn/jyj/zwgk/tzgg/content/post_2470515.html",
                  site="开平市人民政府门户网站", agency="开平市教育局", column="通知公告", province="粤", city="开平",
                  info=[("发布日期：", "2022-01-12 17:20"), ("来源：", "本网")], att_mode="box",
                  meta={"pubdate": "2022-01-12 17:20", "source": "本网"}, charset_decl="gb2312",
                  stale_banner="今天是2019年4月11日 星期四欢迎进入开平市教育局政务网!", para_style="fullwidth"),
        codec="gbk", encoding_note=enc("gbk", "gb2312"), published="2022-01-12T17:20", source="本网"))
    title, blocks, chrome = seed_blocks("wm114")
    pages.append(mirror(
        "seed001_wm114_farm_paywall", "farm", title, blocks, "http://www.wm114.cn/wen/195/512345.html",
        {"brand": "新文秘网", "domain": "www.wm114.cn", "posted": "2023/1/16 16:30:26", "posted_label": "发表时间:",
         "toc": chrome["toc"], "cut": True, "icp": "豫ICP备09012345号"},
        codec="gbk", decl="gb2312", form="http-equiv", published=None, mirror_posted="2023-01-16T16:30:26",
        flags=("truncated", "redacted"), must_not=("正式会员可完整阅读", "当前仅显示", "新文秘网")))
    title, blocks, _ = seed_blocks("qingyuan")
    pages.append(Page(
        slug="seed002_qingyuan_official", skin="modern",
        view=View(title=title, blocks=blocks, url="https://www.gdqy.gov.cn/qyjyj/gkmlpt/content/1/1523/post_1523456.html",
                  site="清远市教育局", agency="清远市教育局", column="通知公告", province="粤", city="清远",
                  info=[("来源:", "本网"), ("访问量:", "-"), ("发布时间:", "2022-03-28")], info_join="",
                  att_mode="none", charset_decl="utf-8", charset_form="meta5", extra={"no_counter": True}),
        codec="utf-8", encoding_note=enc("utf-8", "utf-8"), published="2022-03-28", source="本网",
        must_not=["访问量"]))
    title, blocks, _ = seed_blocks("qingyuan")
    pages.append(Page(
        slug="seed002_qingyuan_xxgk", skin="xxgk",
        view=View(title=title, blocks=blocks, url="https://www.gdqy.gov.cn/xxgk/qyjyj/2022/03/t20220328_1523460.html",
                  site="清远市人民政府", agency="清远市教育局", column="规划计划", province="粤", city="清远",
                  info=[("来源：", "清远市教育局")], att_mode="box", para_style="mso",
                  xxgk={"index": "007024781/2022-00031", "issuer": "清远市教育局", "written": "2022-03-25",
                        "published": "2022-03-28 10:12", "doc_number": "", "topic": "教育、科技"}),
        codec="utf-8", encoding_note=enc("utf-8", "utf-8"), published="2022-03-28T10:12", source="清远市教育局",
        issuer="清远市教育局", index_number="007024781/2022-00031"))
    title, blocks, _ = seed_blocks("qingyuan")
    pages.append(mirror(
        "seed002_fanwen_repost_gb18030", "farm", title, blocks, "https://www.haofanwen.net/jihua/jiaoyu/20220402/88231.html",
        {"brand": "好范文网", "domain": "www.haofanwen.net", "posted": "2022-04-02 10:15", "posted_label": "时间：",
         "source": "清远市教育局"},
        codec="gb18030", decl="gb18030", published=None, mirror_posted="2022-04-02T10:15", source="清远市教育局"))
    title, blocks, _ = seed_blocks("hefei")
    pages.append(mirror(
        "seed003_docshare_wnwk", "docshare", title, blocks, "https://www.wnwk.com/p-1897216.html",
        {"brand": "蜗牛文库", "domain": "wnwk.com", "posted": "2023-04-23", "doc_id": 1897216, "uploader": "g****t",
         "pages": 12, "preview_pages": 6, "size": "23.33KB", "ext": "docx"},
        published=None, mirror_posted="2023-04-23", flags=("page_markers", "truncated", "spun", "redacted")))
    title, blocks, _ = seed_blocks("hefei")
    pages.append(mirror(
        "seed003_docshare_gbk", "docshare", title, blocks[:8], "http://www.wendangzj.com/doc/4412/p-98123456.html",
        {"brand": "文档之家", "domain": "www.wendangzj.com", "posted": "2023-05-02 08:41", "doc_id": 98123456,
         "uploader": "xiao****88", "pages": 12, "preview_pages": 3, "size": "25.1KB", "ext": "doc",
         "icp": "苏ICP备19065432号-1"},
        codec="gbk", decl="gbk", published=None, mirror_posted="2023-05-02T08:41",
        flags=("page_markers", "truncated", "spun", "redacted")))
    title, blocks, _ = seed_blocks("wujin")
    pages.append(mirror(
        "seed004_qiaoqiao_trad", "farm", title, blocks, "https://www.qiaojianli.com/gongzuojihua/jiaoyu/1589.html",
        {"brand": "巧巧简历站", "domain": "www.qiaojianli.com", "source": "巧巧简历站", "counter": "2.09W",
         "hot_tags": ["工作要点", "教育工作", "学校工作计划", "2021年工作要点"], "hot_tags_label": "热门标签",
         "icp": "闽ICP备2020012345号-1"},
        published=None, mirror_posted=None, source="巧巧簡歷站", chrome_trad=True, flags=("script_converted",)))
    title, blocks, _ = seed_blocks("wujin_simplified")
    pages.append(mirror(
        "seed004_gongwen_simplified_gb18030", "farm", title, blocks, "http://www.gongwenfw.com/jihua/2021/0305/31877.html",
        {"brand": "公文范文网", "domain": "www.gongwenfw.com", "posted": "2021年03月05日", "posted_label": "发布时间：",
         "icp": "冀ICP备18012345号"},
        codec="gb18030", decl="gb18030", form="http-equiv", published=None, mirror_posted="2021-03-05",
        flags=("script_converted",)))
    return pages


def farm_copy(slug: str, key: str, url: str, extra: dict, *, keep: float | None = None, trad: bool = False,
              **kw) -> Page:
    """A content-farm copy of a synthetic notice (optionally cut by a paywall, optionally traditional)."""
    n = BY_KEY[key]
    blocks = notice_blocks(n, trad=trad)
    if keep is not None:
        blocks = cut(blocks, keep, marker="……（未完")
        extra["cut"] = True
        kw["flags"] = tuple(kw.get("flags", ())) + ("truncated",)
    if trad:
        kw["flags"] = tuple(kw.get("flags", ())) + ("script_converted",)
    title = S2T.convert(n.title) if trad else n.title
    extra["notice_key"] = key
    return mirror(slug, "farm", title, blocks, url, extra, site_of=key, chrome_trad=trad, **kw)


def docshare_copy(slug: str, key: str, url: str, extra: dict, *, keep: float | None = None, **kw) -> Page:
    n = BY_KEY[key]
    blocks = notice_blocks(n)
    if keep is not None:
        blocks = cut(blocks, keep, marker=None)
        kw["flags"] = tuple(kw.get("flags", ())) + ("truncated",)
    extra.setdefault("doc_id", random.Random(slug).randint(1000000, 9999999))
    extra["notice_key"] = key
    return mirror(slug, "docshare", n.title, blocks, url, extra, site_of=key, **kw)


SPAM = "中文字幕无码av在线观看 澳门新葡京娱乐场 真人百家乐开户送彩金 皇冠体育投注平台"


def synthetic_pages() -> list[Page]:
    P = []
    P.append(official(
        "gd_gaokao_trs_meta", "gd_gaokao", "trs", "http://edu.gd.gov.cn/zwgknew/tzgg/content/post_4178123.html",
        [("发布日期：", "2023-05-12 16:45"), ("来源：", "广东省教育厅")], meta={"pubdate": "2023-05-12 16:45", "source": "广东省教育厅"},
        published="2023-05-12T16:45", source="广东省教育厅", doc="粤教考函〔2023〕6号", att_mode="inbody", para_style="fullwidth",
        entities=True))
    P.append(official(
        "gd_gaokao_xxgk_gbk_hiddenspam", "gd_gaokao", "xxgk", "http://edu.gd.gov.cn/gkmlpt/content/4/4178/post_4178123.html",
        [], codec="gbk", decl="gb2312", published="2023-05-12", issuer="广东省教育厅", doc="粤教考函〔2023〕6号",
        index="006940060/2023-00217", hidden_spam=["display_none"], flags=("spam_removed",),
        xxgk={"index": "006940060/2023-00217", "issuer": "广东省教育厅", "written": "2023-05-10", "published": "2023-05-12",
              "doc_number": "粤教考函〔2023〕6号", "topic": "教育"}))
    P.append(farm_copy(
        "gd_gaokao_farm_mirror", "gd_gaokao", "https://www.kszx123.com/gaokao/guangdong/2023/0515/67812.html",
        {"brand": "考试资讯网", "domain": "www.kszx123.com", "posted": "2023-05-15 09:30", "posted_label": "发布时间："},
        published="2023-05-10", mirror_posted="2023-05-15T09:30", doc="粤教考函〔2023〕6号"))
    P.append(official(
        "hn_kehou_trs_mso", "hn_kehou", "trs", "http://jyt.hunan.gov.cn/jyt/sjyt/xxgk/tzgg/202208/t20220826_27912345.html",
        [("发布时间：", "2022-08-26 17:03:12"), ("信息来源：", "湖南省教育厅")], published="2022-08-26T17:03:12",
        source="湖南省教育厅", doc="湘教发〔2022〕18号", para_style="mso"))
    P.append(official(
        "hn_kehou_xxgk_gbk_squarebrackets", "hn_kehou", "xxgk", "http://jyt.hunan.gov.cn/jyt/sjyt/xxgk/zcfg/gfxwj/202208/t20220826_27912399.html",
        [], codec="gbk", decl="gbk", form="meta5", published="2022-08-26", issuer="湖南省教育厅", doc="湘教发〔2022〕18号",
        index="430000000001/2022-00456",
        xxgk={"index": "430000000001/2022-00456", "issuer": "湖南省教育厅", "written": "2022-08-24",
              "published": "2022-08-26", "doc_number": "湘教发[2022]18号", "topic": "教育、规范性文件"}))
    P.append(official(
        "nc_gzyd_modern", "nc_gzyd", "modern", "https://jyj.nc.gov.cn/ncjyj/tzgg/202302/b1c2d3e4f5a64b7c8d9e.shtml",
        [("发布时间：", "2023-02-20 09:30"), ("来源：", "南昌市教育局")], form="meta5", published="2023-02-20T09:30",
        source="南昌市教育局"))
    P.append(farm_copy(
        "nc_gzyd_farm_paywall_gbk", "nc_gzyd", "http://www.wenmi114.net/gongzuoyaodian/2023/0302/41239.html",
        {"brand": "文秘114", "domain": "www.wenmi114.net", "posted": "2023-03-02", "posted_label": "发表时间:"},
        keep=0.55, codec="gbk", decl="gb2312", form="http-equiv", published=None, mirror_posted="2023-03-02"))
    P.append(official(
        "pl_plan_static_gbk_splittables", "pl_plan", "static", "http://www.pingli.gov.cn/jtj/Article/ShowArticle.asp?ArticleID=2317",
        [("来源：", "县教体局"), ("发布时间：", "2023年1月18日")], codec="gbk", decl="gb2312", published="2023-01-18",
        source="县教体局", para_style="br", split_tables=True, flags=("widgets_removed",)))
    P.append(official(
        "pl_plan_xxgk", "pl_plan", "xxgk", "http://www.pingli.gov.cn/Content-2519871.html",
        [], published="2023-01-18T11:20", issuer="平利县教育体育局", index="K14521000/2023-00007", column="计划总结",
        xxgk={"index": "K14521000/2023-00007", "issuer": "平利县教育体育局", "written": "2023-01-16",
              "published": "2023-01-18 11:20", "doc_number": "", "topic": "教育"}))
    P.append(official(
        "nh_zhaosheng_trs_table", "nh_zhaosheng", "trs", "http://www.nanhai.gov.cn/fsnhq/zwgk/tzgg/content/post_5671234.html",
        [("发布日期：", "2023-06-02 18:10"), ("来源：", "南海区教育局")], meta={"pubdate": "2023-06-02 18:10", "source": "南海区教育局"},
        published="2023-06-02T18:10", source="南海区教育局", column="招生考试"))
    P.append(official(
        "nh_zhaosheng_static_wrongdecl", "nh_zhaosheng", "static", "http://jy.nanhai.gov.cn/html/2023/tzgg_0602/8812.html",
        [("发布时间：", "2023-06-02")], codec="gbk", decl="utf-8", note=enc("gbk", "utf-8", wrong=True),
        published="2023-06-02", para_style="div"))
    P.append(official(
        "jx_chengguo_hanweb_short", "jx_chengguo", "hanweb", "http://jyj.jiaxing.gov.cn/art/2022/12/9/art_1229567890_58912345.html",
        [("发布日期：", "2022-12-09"), ("信息来源：", "市教育局")], meta={"pubdate": "2022-12-09", "source": "市教育局"},
        published="2022-12-09", source="市教育局"))
    P.append(official(
        "nx_zhuanfa_trs_gbk_short", "nx_zhuanfa", "trs", "http://www.nx.gov.cn/zwgk/bmxxgk/jyj/tzgg/202207/t20220708_10712345.html",
        [("发布时间：", "2022-07-08 11:02"), ("来源：", "宁乡市教育局")], codec="gbk", decl="gb2312",
        published="2022-07-08T11:02", source="宁乡市教育局"))
    P.append(official(
        "sy_shujia_hanweb_gbk_hiddenspam", "sy_shujia", "hanweb", "http://www.shuyang.gov.cn/syjty/tzgg/art/2022/7/5/art_41234_3512345.html",
        [("发布日期：", "2022-07-05 15:20"), ("信息来源：", "沭阳县教育体育局"), ("文号：", "沭教体发﹝2022﹞41号")],
        codec="gbk", decl="gbk", published="2022-07-05T15:20", source="沭阳县教育体育局", doc="沭教体发〔2022〕41号",
        hidden_spam=["display_none", "offscreen"], flags=("spam_removed",), extra={"hanweb_body": "div"}))
    P.append(farm_copy(
        "sy_shujia_big5_trad_mirror", "sy_shujia", "http://www.eduinfo-hk.com/news/2022/07/07/5512.htm",
        {"brand": "教育资讯网", "domain": "www.eduinfo-hk.com", "posted": "2022/07/07", "posted_label": "发布日期：",
         "icp": "港ICP备00000000号"},
        trad=True, codec="big5", decl="big5", published="2022-07-05", mirror_posted="2022-07-07"))
    P.append(official(
        "js_gzyd_xxgk_fullwidthparens", "js_gzyd", "xxgk", "http://jyt.jiangsu.gov.cn/art/2022/2/21/art_58320_10312345.html",
        [], published="2022-02-21T10:05", issuer="江苏省教育厅", doc="苏教办〔2022〕3号", index="014000319/2022-00012",
        xxgk={"index": "014000319/2022-00012", "issuer": "江苏省教育厅", "written": "2022-02-18",
              "published": "2022-02-21 10:05", "doc_number": "苏教办（2022）3号", "topic": "教育"}, column="计划总结"))
    P.append(official(
        "js_gzyd_modern_visiblespam", "js_gzyd", "modern", "https://jyt.jiangsu.gov.cn/xwzx/tzgg/2022/02/21/c8a1f0e2.html",
        [("发布时间：", "2022年2月21日"), ("来源：", "省教育厅办公室")], published="2022-02-21", source="省教育厅办公室",
        visible_spam=SPAM, hidden_spam=["offscreen"], flags=("spam_removed",)))
    P.append(official(
        "sc_shuxiang_trs_scriptattach", "sc_shuxiang", "trs", "http://edu.sc.gov.cn/scedu/c100495/2022/4/15/8a1b2c3d4e5f4a6b.shtml",
        [("发布时间：", "2022-04-15 17:36"), ("来源：", "四川省教育厅")], published="2022-04-15T17:36", source="四川省教育厅",
        att_mode="script"))
    P.append(docshare_copy(
        "sc_shuxiang_docshare_cut", "sc_shuxiang", "https://www.daokedoc.com/p-7312345.html",
        {"brand": "道客文档", "domain": "www.daokedoc.com", "posted": "2022-05-10", "ext": "doc", "pages": 3,
         "preview_pages": 2, "size": "41KB"},
        keep=0.6, published=None, mirror_posted="2022-05-10"))
    P.append(official(
        "ks_zuoye_xxgk_gbk_halfparens", "ks_zuoye", "xxgk", "http://www.ks.gov.cn/kss/zfxxgk/jyj/202109/t20210908_1412345.html",
        [], codec="gbk", decl="gb2312", published="2021-09-08", issuer="昆山市教育局", doc="昆教发〔2021〕25号",
        index="014135234/2021-00089",
        xxgk={"index": "014135234/2021-00089", "issuer": "昆山市教育局", "written": "2021-09-06",
              "published": "2021-09-08", "doc_number": "昆教发(2021)25号", "topic": "教育、规范性文件"}))
    P.append(official(
        "ks_zuoye_modern_signaturedate_only", "ks_zuoye", "modern", "https://www.ks.gov.cn/kss/jyxx/content/8f3e2a1b5c7d.shtml",
        [("来源：", "昆山市教育局")], published="2021-09-06", source="昆山市教育局"))
    P.append(official(
        "hk_zhongzhi_trs_urldate_only", "hk_zhongzhi", "trs", "http://edu.haikou.gov.cn/zwgk/tzgg/202205/t20220512_1234567.html",
        [("来源：", "海口市教育局")], published="2022-05-12", source="海口市教育局", column="招生考试"))
    P.append(farm_copy(
        "hk_zhongzhi_farm_gbk", "hk_zhongzhi", "http://www.zhaosheng360.com/zhongzhi/hainan/20220620/3381.html",
        {"brand": "招生360", "domain": "www.zhaosheng360.com", "posted": "2022-06-20", "posted_label": "发布时间："},
        codec="gbk", decl="gbk", published=None, mirror_posted="2022-06-20"))
    P.append(official(
        "hp_kaixue_trs_stalebanner_metatime", "hp_kaixue", "trs", "http://www.huangpi.gov.cn/hpqjyj/tzgg/202302/t20230203_2134567.shtml",
        [("发布日期：", "2023-02-03"), ("来源：", "黄陂区教育局")], meta={"pubdate": "2023-02-03 08:55:21", "source": "黄陂区教育局"},
        published="2023-02-03T08:55:21", source="黄陂区教育局", stale_banner="今天是2019年4月11日 星期四"))
    P.append(official(
        "hp_kaixue_static_gb2312decl_gbkchars", "hp_kaixue", "static", "http://www.hpjy.net/Article/ShowArticle.asp?ArticleID=5123",
        [("作者：", "admin"), ("发布时间：", "2023-2-3 8:55:00")], codec="gbk", decl="gb2312",
        note=enc("gbk", "gb2312", extra="body has GBK-only characters 堃 喆 outside GB2312"),
        published="2023-02-03T08:55:00", para_style="br"))
    P.append(official(
        "wz_laodong_hanweb_table", "wz_laodong", "hanweb", "http://edu.wenzhou.gov.cn/art/2022/11/21/art_1324478_59012345.html",
        [("发布日期：", "2022-11-21"), ("信息来源：", "温州市教育局")], meta={"pubdate": "2022-11-21", "source": "温州市教育局"},
        published="2022-11-21", source="温州市教育局"))
    P.append(official(
        "ys_zongjie_static_nodecl_gbk", "ys_zongjie", "static", "http://www.yishui.gov.cn/jtj/news/2023/0109/1771.html",
        [("发布时间：", "2023-01-09 16:12")], codec="gbk", decl=None, published="2023-01-09T16:12", para_style="br"))
    P.append(docshare_copy(
        "ys_zongjie_docshare_cut", "ys_zongjie", "https://max.cxwendang.com/view/5012334213004011.shtm",
        {"brand": "创享文档", "domain": "www.cxwendang.com", "posted": "2023-02-14 21:06:33", "ext": "docx", "pages": 4,
         "preview_pages": 2, "size": "30KB"},
        keep=0.5, published=None, mirror_posted="2023-02-14T21:06:33"))
    P.append(official(
        "jh_peixun_hanweb_squaredoc", "jh_peixun", "hanweb", "http://jyj.jinhua.gov.cn/art/2022/9/30/art_1229167987_58812345.html",
        [("发布日期：", "2022-09-30 14:20"), ("信息来源：", "金华市教育局"), ("文号：", "金市教[2022]45号")],
        published="2022-09-30T14:20", source="金华市教育局", doc="金市教〔2022〕45号"))
    P.append(official(
        "jh_peixun_xxgk_utf8_declared_gb2312", "jh_peixun", "xxgk", "http://www.jinhua.gov.cn/art/2022/9/30/art_1229160383_1712345.html",
        [], decl="gb2312", note=enc("utf-8", "gb2312", wrong=True), published="2022-09-30", issuer="金华市教育局",
        doc="金市教〔2022〕45号", index="002648123/2022-00312",
        xxgk={"index": "002648123/2022-00312", "issuer": "金华市教育局", "written": "2022-09-29",
              "published": "2022-09-30", "doc_number": "金市教〔2022〕45号", "topic": "教育、规范性文件"}))
    P.append(farm_copy(
        "jh_peixun_farm_trad", "jh_peixun", "https://www.jyfgw.com.hk/fagui/zhejiang/20221008/2231.html",
        {"brand": "教育法规网", "domain": "www.jyfgw.com.hk", "posted": "2022-10-08 12:00", "posted_label": "更新时间："},
        trad=True, published="2022-09-29", mirror_posted="2022-10-08T12:00"))
    P.append(official(
        "th_youeryuan_trs_meta_table", "th_youeryuan", "trs", "http://www.thnet.gov.cn/gkmlpt/content/8/8912/post_8912345.html",
        [("发布日期：", "2023-04-28 17:50"), ("来源：", "天河区教育局")], meta={"pubdate": "2023-04-28 17:50", "source": "天河区教育局"},
        published="2023-04-28T17:50", source="天河区教育局", column="招生考试"))
    P.append(farm_copy(
        "th_youeryuan_farm_source", "th_youeryuan", "https://www.youerjiaoyu.org/zhaosheng/guangzhou/51234.html",
        {"brand": "幼教资讯网", "domain": "www.youerjiaoyu.org", "posted": "2023-05-04", "posted_label": "发布时间：",
         "source": "天河区教育局"},
        published=None, mirror_posted="2023-05-04", source="天河区教育局"))
    P.append(official(
        "wh_yishu_modern_classspam", "wh_yishu", "modern", "https://jyj.wuhu.gov.cn/xwzx/tzgg/8312345.html",
        [("发布时间：", "2023-03-14 10:40"), ("来源：", "芜湖市教育局")], published="2023-03-14T10:40", source="芜湖市教育局",
        hidden_spam=["class", "marquee"], flags=("spam_removed",)))
    P.append(official(
        "wh_yishu_static_gb18030_splittables", "wh_yishu", "static", "http://www.whjy.net/news/2023/0314/2231.html",
        [("日期：", "2023.03.14")], codec="gb18030", decl="gb18030",
        note=enc("gb18030", "gb18030", extra="body has 䶮 (CJK Ext. A, not in GBK)"), published="2023-03-14",
        para_style="br", split_tables=True, flags=("widgets_removed",)))
    P.append(official(
        "cd_jiaozi_xxgk_gbk_attachonly", "cd_jiaozi", "xxgk", "http://jyj.changde.gov.cn/zwgk/public/6615912/9812345.html",
        [], codec="gbk", decl="gb2312", published="2023-04-06T15:00", issuer="常德市教育局", index="K13170000/2023-00102",
        xxgk={"index": "K13170000/2023-00102", "issuer": "常德市教育局", "written": "2023-04-06",
              "published": "2023-04-06 15:00", "doc_number": "", "topic": "教育"}))
    P.append(official(
        "mz_minban_trs_gbk_cndate", "mz_minban", "trs", "http://www.meizhou.gov.cn/zwgk/zfjg/sjyj/tzgg/content/post_2312345.html",
        [("发布日期：", "2022年08月03日")], codec="gbk", decl="gbk", published="2022-08-03"))
    P.append(official(
        "lz_jiaoshi_hanweb_hiddenspam_parendoc", "lz_jiaoshi", "hanweb", "http://www.luozhuang.gov.cn/art/2022/10/17/art_23456_10312345.html",
        [("发布日期：", "2022-10-17 09:12"), ("信息来源：", "区教体局"), ("文号：", "罗教体发（2022）30号")],
        published="2022-10-17T09:12", source="区教体局", doc="罗教体发〔2022〕30号",
        hidden_spam=["visibility", "offscreen"], flags=("spam_removed",)))
    P.append(farm_copy(
        "lz_jiaoshi_farm_paywall", "lz_jiaoshi", "https://www.fwsir.net/Article/jiaoyu/202210/108812.html",
        {"brand": "范文先生网", "domain": "www.fwsir.net", "posted": "2022/10/20 8:15:42", "posted_label": "时间："},
        keep=0.6, published=None, mirror_posted="2022-10-20T08:15:42"))
    P.append(official(
        "sx_jidi_xxgk_smallbrackets", "sx_jidi", "xxgk", "http://jyt.shaanxi.gov.cn/jynews/tzgg/202212/27/121234.html",
        [], published="2022-12-27T11:28", issuer="陕西省教育厅", doc="陕教函〔2022〕512号", index="11610000016000000X/2022-01288",
        xxgk={"index": "11610000016000000X/2022-01288", "issuer": "陕西省教育厅", "written": "2022-12-26",
              "published": "2022-12-27 11:28", "doc_number": "陕教函﹝2022﹞512号", "topic": "教育"}))
    P.append(official(
        "nc_gzyd_xxgk_gbk", "nc_gzyd", "xxgk", "http://www.nc.gov.cn/ncszf/jyj2/202302/t20230220_4512345.shtml",
        [], codec="gbk", decl="gb2312", published="2023-02-20", issuer="南昌市教育局", index="K12300000/2023-00041",
        xxgk={"index": "K12300000/2023-00041", "issuer": "南昌市教育局", "written": "2023-02-17",
              "published": "2023-02-20", "doc_number": "", "topic": "教育、计划总结"}))
    P.append(docshare_copy(
        "nh_zhaosheng_docshare_full", "nh_zhaosheng", "https://www.daokedoc.com/p-7498812.html",
        {"brand": "道客文档", "domain": "www.daokedoc.com", "posted": "2023-06-05", "ext": "pdf", "pages": 2,
         "preview_pages": 2, "size": "188KB"},
        published="2023-06-02", mirror_posted="2023-06-05",
        flags=("truncated",)))  # the page still prints 超出免费预览范围 / 展开阅读全文: its own claim of a cut
    P.append(docshare_copy(
        "js_gzyd_docshare_gbk_cut", "js_gzyd", "http://www.wendangzj.com/doc/1203/p-91233212.html",
        {"brand": "文档之家", "domain": "www.wendangzj.com", "posted": "2022-03-01 10:00:00", "ext": "docx", "pages": 5,
         "preview_pages": 2, "size": "36KB", "icp": "苏ICP备19065432号-1"},
        keep=0.45, codec="gbk", decl="gbk", published=None, mirror_posted="2022-03-01T10:00:00"))
    P.append(farm_copy(
        "hp_kaixue_farm_visiblespam", "hp_kaixue", "https://www.jiaoyu58.com/kaixue/hubei/2023-02-05/71234.html",
        {"brand": "教育58网", "domain": "www.jiaoyu58.com", "posted": "2023-02-05 14:22", "posted_label": "发表时间："},
        published="2023-02-03", mirror_posted="2023-02-05T14:22", visible_spam=SPAM, flags=("spam_removed",)))
    P.append(official(
        "th_youeryuan_static_gbk_slashtime", "th_youeryuan", "static", "http://www.thjy.net/Article/ShowArticle.asp?ArticleID=9131",
        [("发布时间：", "2023/4/28 17:50:00")], codec="gbk", decl="gb2312", published="2023-04-28T17:50:00"))
    P.append(official(
        "gd_gaokao_modern_gb18030", "gd_gaokao", "modern", "https://eea.gd.gov.cn/ptgk/content/post_4178199.html",
        [("发布时间：", "2023-05-12"), ("来源：", "省教育考试院")], codec="gb18030", decl="gb18030", form="meta5",
        published="2023-05-12", source="省教育考试院", doc="粤教考函〔2023〕6号", att_style="cdn"))
    P.append(official(
        "sx_jidi_trs_brtitle", "sx_jidi", "trs", "http://jyt.shaanxi.gov.cn/jynews/tzgg/202212/t20221227_2271234.html",
        [("发布日期：", "2022-12-27 11:28"), ("来源：", "陕西省教育厅")], meta={"pubdate": "2022-12-27 11:28", "source": "陕西省教育厅"},
        published="2022-12-27T11:28", source="陕西省教育厅",
        title_html="陕西省教育厅关于公布2022年陕西省中小学生<br />研学实践教育基地名单的通知"))
    P.append(official(
        "mz_minban_modern_titletag", "mz_minban", "modern", "https://www.meizhou.gov.cn/mzsjyj/tzgg/content/post_2312345.html",
        [("发布时间：", "2022年8月3日")], form="meta5", published="2022-08-03", title_tag="梅州市教育局-通知公告"))
    P.append(official(
        "ks_zuoye_hanweb", "ks_zuoye", "hanweb", "http://jyj.ks.gov.cn/art/2021/9/8/art_1234_412345.html",
        [("发布日期：", "2021-09-08"), ("信息来源：", "昆山市教育局"), ("文号：", "昆教发〔2021〕25号")],
        published="2021-09-08", source="昆山市教育局", doc="昆教发〔2021〕25号", extra={"hanweb_body": "div"}))
    P.append(official(
        "jx_chengguo_static_updated", "jx_chengguo", "static", "http://www.jxedu.net/news/2022/1209/3312.html",
        [("更新时间：", "2022-12-09 16:03")], published="2022-12-09T16:03", para_style="fullwidth"))
    P.append(official(
        "cd_jiaozi_trs_inbody_attachonly", "cd_jiaozi", "trs", "http://jyj.changde.gov.cn/zwgk/tzgg/202304/t20230406_9812399.html",
        [("发布日期：", "2023-04-06 15:00"), ("来源：", "常德市教育局")], published="2023-04-06T15:00", source="常德市教育局",
        att_mode="inbody"))
    P.append(official(
        "hk_zhongzhi_hanweb_gbk_classspam", "hk_zhongzhi", "hanweb", "http://edu.haikou.gov.cn/art/2022/5/12/art_3412_312345.html",
        [("发布日期：", "2022-05-12")], codec="gbk", decl="gbk", published="2022-05-12", hidden_spam=["class"],
        flags=("spam_removed",)))
    P.append(farm_copy(
        "wz_laodong_farm", "wz_laodong", "https://www.jiaoyu58.com/laodong/zhejiang/2022-11-25/66123.html",
        {"brand": "教育58网", "domain": "www.jiaoyu58.com", "posted": "2022-11-25", "posted_label": "发表时间："},
        published="2022-11-18", mirror_posted="2022-11-25"))
    P.append(official(
        "lz_jiaoshi_xxgk", "lz_jiaoshi", "xxgk", "http://www.luozhuang.gov.cn/info/4512/123456.htm",
        [], published="2022-10-17", issuer="临沂市罗庄区教育和体育局", doc="罗教体发〔2022〕30号", index="K15311000/2022-00145",
        xxgk={"index": "K15311000/2022-00145", "issuer": "临沂市罗庄区教育和体育局", "written": "2022-10-14",
              "published": "2022-10-17", "doc_number": "罗教体发〔2022〕30号", "topic": "教育"}))
    P.append(official(
        "sc_shuxiang_modern_gbk_cdn", "sc_shuxiang", "modern", "https://edu.sc.gov.cn/scedu/c100494/2022/4/15/a8b7c6d5.shtml",
        [("发布时间：", "2022-04-15 17:36"), ("来源：", "基础教育处")], codec="gbk", decl="gbk", form="meta5",
        published="2022-04-15T17:36", source="基础教育处", att_style="cdn"))
    P.append(official(
        "ys_zongjie_trs_stalebanner", "ys_zongjie", "trs", "http://www.yishui.gov.cn/jtj/tzgg/202301/t20230109_1771234.html",
        [("发布日期：", "2023-01-09 16:12"), ("来源：", "县教体局")], published="2023-01-09T16:12", source="县教体局",
        stale_banner="今天是2019年4月11日 星期四"))
    return P


def specs() -> list[Page]:
    return seed_pages() + synthetic_pages()
