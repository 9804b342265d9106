"""Write the bundled sample portals as static trees: ``build_sites(dest) -> {portal_id: dir}``.

Each site directory holds the files to serve plus ``_site.json`` (how the server should
label them: the charset in the Content-Type header, or none, as the GBK portal does).
The output is deterministic, so the demo can rebuild the sites on every run and a second
run archives no new versions.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

from crawler.localportals import notices as n
from crawler.localportals import pages

SITE_META = "_site.json"
ROBOTS = "User-agent: *\nDisallow: /admin/\n"


def _paginate(items: list, per_page: int) -> list[list]:
    return [items[i:i + per_page] for i in range(0, len(items), per_page)]


def _write(root: Path, rel: str, data: str | bytes, encoding: str = "utf-8") -> None:
    path = root / rel.lstrip("/")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data if isinstance(data, bytes) else data.encode(encoding, errors="xmlcharrefreplace"))


def _fake_pdf(title: str) -> bytes:
    return (b"%PDF-1.4\n% edunotice sample attachment\n1 0 obj << /Title (" + title.encode("utf-8")
            + b") >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")


def _publish(root: Path, items: list[n.Notice], *, notice_path: Callable[[int, n.Notice], str],
             render: Callable[[n.Notice], str], list_path: Callable[[int], str], render_list: Callable,
             per_page: int, charset: str | None, link: Callable[[str], str] = lambda path: path) -> None:
    """Write each notice page, then the list pages linking them, robots.txt and _site.json."""
    encoding = charset or "gbk"
    linked = []
    for i, notice in enumerate(items):
        path = notice_path(i, notice)
        _write(root, path, render(notice), encoding)
        linked.append((notice, link(path)))
    chunks = _paginate(linked, per_page)
    for p, chunk in enumerate(chunks):
        _write(root, list_path(p), render_list(chunk, p, len(chunks)), encoding)
    _write(root, "/robots.txt", ROBOTS)
    _write(root, SITE_META, json.dumps({"charset": charset}))


def kaiping_edu(root: Path) -> None:
    """开平市教育局: Hanweb pages in GBK (meta gb2312, no charset header), index_N.htm pages."""
    items = [n.kaiping_plan()] + n.generated_notices("开平市教育局", "kp", 24, seed=7, doc_prefix="开教")
    items[5].attachments = [("附件1：报名汇总表.docx", "kp-baoming.docx"), ("附件2：实施细则.pdf", "kp-xize.pdf")]
    for notice in items:
        for name, fname in notice.attachments:
            _write(root, f"/jyj/attach/{fname}",
                   _fake_pdf(name) if fname.endswith(".pdf") else b"PK\x03\x04" + name.encode())
    _publish(root, items, per_page=10, charset=None,
             notice_path=lambda i, x: f"/jyj/art/{x.published.year}/{x.published.month}/{x.published.day}/art_2461_{118000 + i}.html",
             render=lambda x: pages.hanweb_notice(x, "/jyj/attach/"),
             list_path=lambda p: f"/jyj/tzgg/{'index' if p == 0 else f'index_{p}'}.htm",
             render_list=pages.hanweb_list)


def qingyuan_edu(root: Path) -> None:
    """清远市教育局: TRS WCM pages in UTF-8, createPageHTML pagination, 政府信息公开 tables."""
    items = [n.qingyuan_points()] + n.generated_notices("清远市教育局", "qy", 31, seed=11, doc_prefix="清教")
    for notice in items[1::3]:
        notice.gov_info_table = True
    _write(root, "/jyj/js/page.js", pages.PAGE_JS)
    _publish(root, items, per_page=8, charset="utf-8",
             notice_path=lambda i, x: f"/jyj/tzgg/{x.published:%Y%m}/t{x.published:%Y%m%d}_{1234500 + i}.html",
             render=pages.trs_notice,
             list_path=lambda p: f"/jyj/tzgg/{'index' if p == 0 else f'index_{p}'}.html",
             render_list=pages.trs_list,
             link=lambda path: "./" + path.removeprefix("/jyj/tzgg/"))


def xinwenmi_mirror(root: Path) -> None:
    """A content farm reposting notices: seed 001, a traditional copy, a paywall-cut copy."""
    # The first eight of 清远市教育局's own generated notices, reposted word for word.
    reposts = n.generated_notices("清远市教育局", "qy", 31, seed=11, doc_prefix="清教")[:8]
    for i, notice in enumerate(reposts):
        notice.slug += "-repost"
        notice.mirror_posted = notice.published.replace(hour=8) + n.timedelta(days=3 + i)
        notice.header_lines = [f"发布时间:{notice.published:%Y-%m-%d}"]
    items = [n.farm_summary(), n.kaiping_plan_traditional(), n.qingyuan_points_truncated()] + reposts
    _publish(root, items, per_page=6, charset="utf-8",
             notice_path=lambda i, x: f"/wenmi/jiaoyu/{x.mirror_posted:%Y}/{x.mirror_posted:%m%d}/{305000 + i}.html",
             render=pages.farm_notice,
             list_path=lambda p: f"/wenmi/jiaoyu/{'index' if p == 0 else f'list_{p + 1}'}.html",
             render_list=pages.farm_list)


def docshare_mirror(root: Path) -> None:
    """A document-sharing site: seeds 003 and 004 as .docx previews, plus re-hosted notices."""
    # The first eight of 开平市教育局's own generated notices, re-hosted as documents.
    rehosted = n.generated_notices("开平市教育局", "kp", 24, seed=7, doc_prefix="开教")[:8]
    for i, notice in enumerate(rehosted):
        notice.slug += "-doc"
        notice.mirror_posted = notice.published + n.timedelta(days=40 + i)
        notice.header_lines = [f"上传人:d****{i} 文档编号:{2300000 + i} 上传时间:{notice.mirror_posted:%Y-%m-%d} 格式:DOCX 页数:2"]
    items = [n.docshare_plan(), n.docshare_wujin()] + rehosted
    _publish(root, items, per_page=6, charset="utf-8",
             notice_path=lambda i, x: f"/p-{1897216 + i * 37}.html",
             render=pages.docshare_notice,
             list_path=lambda p: f"/doc/list/{'index' if p == 0 else f'index_{p}'}.html",
             render_list=pages.docshare_list)


SITE_BUILDERS: dict[str, Callable[[Path], None]] = {
    "kaiping_edu": kaiping_edu,
    "qingyuan_edu": qingyuan_edu,
    "xinwenmi_mirror": xinwenmi_mirror,
    "docshare_mirror": docshare_mirror,
}
SAMPLE_PORTALS = tuple(sorted(SITE_BUILDERS))


def build_sites(dest: Path) -> dict[str, Path]:
    """(Re)write every sample site under ``dest``; returns ``{portal_id: site directory}``."""
    dest = Path(dest)
    sites = {}
    for portal_id, builder in SITE_BUILDERS.items():
        root = dest / portal_id
        if root.exists():
            shutil.rmtree(root)
        root.mkdir(parents=True)
        builder(root)
        sites[portal_id] = root
    return sites
