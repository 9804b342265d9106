"""Build the extraction evaluation set: ``tests/extraction/pages/NNN_slug.html`` (bytes in the
page's encoding) and ``NNN_slug.json`` (the gold record).

Run once and commit the output:  ``.venv/bin/python -m tests.extraction.build_pages``

Reads the seed captures in ``../shared/seeds`` (or ``$EDUNOTICE_SEEDS``) and the synthetic
notices in ``notices.py``. Output is deterministic: per-page randomness is seeded by the slug.
The gold body is the text the page was generated from, so it is exact by construction; the
conventions it follows are written down in ``README.md`` next to this file.
"""

from __future__ import annotations

import html as htmllib
import json
import random
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urljoin

import lxml.html
import opencc

from tests.extraction import seeds
from tests.extraction.html_parts import Block, View, esc, gold_lines, paras_to_blocks, parse_body
from tests.extraction.notices import Notice
from tests.extraction.skins_gov import hanweb, modern, static, trs, xxgk
from tests.extraction.skins_mirror import big5_gateway, docshare, farm

PAGES_DIR = Path(__file__).parent / "pages"
S2T = opencc.OpenCC("s2tw")
T2S = opencc.OpenCC("t2s")
SKINS: dict[str, Callable] = {"trs": trs, "hanweb": hanweb, "xxgk": xxgk, "modern": modern, "static": static,
                              "farm": farm, "docshare": docshare, "gateway": big5_gateway}


@dataclass
class Page:
    """One page to build: a skin, the view it draws, how it is encoded, and the gold metadata."""

    slug: str
    skin: str
    view: View
    codec: str
    encoding_note: str
    published: str | None
    mirror_posted: str | None = None
    source: str | None = None
    issuer: str | None = None
    doc_number: str | None = None
    index_number: str | None = None
    flags: list[str] = field(default_factory=list)
    kind: str = "official"  # the portal's kind (official | mirror), as a portal definition would say
    chrome_trad: bool = False  # draw chrome in simplified, then convert it to traditional
    must_not: list[str] = field(default_factory=list)


# ------------------------------------------------------------------------ body sources
def notice_blocks(n: Notice, trad: bool = False) -> list[Block]:
    blocks = parse_body(S2T.convert(n.body) if trad else n.body)
    return blocks


def seed_blocks(name: str) -> tuple[str, list[Block], dict]:
    """Title, body blocks and chrome for a seed, by seed short name."""
    if name == "kaiping":
        s = seeds.kaiping()
        return s.title, paras_to_blocks(s.paras), s.chrome
    if name == "kaiping_simplified":
        s = seeds.kaiping()
        paras = [T2S.convert(seeds.strip_pinyin(p)) for p in s.paras]
        return T2S.convert(s.title), paras_to_blocks(paras), {}
    if name == "wm114":
        s = seeds.wm114()
        blocks = []
        for i, p in enumerate(s.paras):
            if p == "<<CUT1>>":
                blocks.append(Block("noise", "……(新文秘网http://www.wm114.cn省略980字,正式会员可完整阅读)……"))
            else:
                blocks.append(Block("center" if i == 0 else "p", p))
        blocks[-1].tail_html = (' <font color="red">……(未完,全文共7840字,当前仅显示2753字,请阅读下面提示信息。'
                                f'收藏《{esc(s.title)}》</font>')
        return s.title, blocks, {"toc": s.chrome["toc"]}
    if name in ("qingyuan", "wujin", "wujin_simplified"):
        s = seeds.qingyuan() if name == "qingyuan" else seeds.wujin()
        paras = s.paras
        title = s.title
        if name == "wujin_simplified":
            paras, title = [T2S.convert(p) for p in paras], T2S.convert(title)
        blocks = []
        for i, p in enumerate(paras):
            kind = "center" if i < (1 if name == "qingyuan" else 2) else "p"
            if re.match(r"^[一二三四五六七八九十]+、", p):
                kind = "h"
            blocks.append(Block(kind, p))
        return title, blocks, {}
    if name == "hefei":
        s = seeds.hefei_docshare()
        return s.title, paras_to_blocks(s.paras), {}
    raise KeyError(name)


# ------------------------------------------------------------------------ attachments
def attachment_links(n: Notice, style: str, url: str, rng: random.Random) -> list[tuple[str, str]]:
    """(link text, href as written in HTML) for each attachment, in the portal's URL style."""
    ymd = n.date.replace("-", "")
    out = []
    for i, (title, ext) in enumerate(n.attachments, 1):
        if style == "trs":
            href = f"./P0{ymd}{rng.randint(10 ** 8, 10 ** 9 - 1)}{i}.{ext}"
        elif style == "hanweb":
            href = f"/module/download/downfile.jsp?classid=0&amp;filename={ymd[2:]}{rng.randint(100000, 999999)}.{ext}"
        elif style == "xxgk":
            href = f"/attachment/0/{rng.randint(100, 999)}/{rng.randint(100000, 999999)}/{rng.randint(1000000, 9999999)}.{ext}"
        elif style == "static":
            href = f"/uploadfile/{ymd[:4]}/{ymd[4:]}/{ymd}{rng.randint(100000, 999999)}.{ext}"
        elif style == "cdn":
            host = re.sub(r"^https?://([^/]+)/.*$", r"\1", url).split(".", 1)[1]
            href = f"https://file.{host}/upload/{ymd}/{rng.getrandbits(48):012x}.{ext}"
        else:  # modern
            href = f"/static/upload/file/{ymd}/{rng.randint(10 ** 9, 10 ** 10 - 1)}.{ext}"
        out.append((f"{title}.{ext}", href))
    return out


def link_inbody(blocks: list[Block], n: Notice, links: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Make the notice's own 附件 lines the links; returns the (link text, href) actually drawn."""
    drawn = []
    for (title, _ext), (_text, href) in zip(n.attachments, links, strict=True):
        for b in blocks:
            if b.kind == "p" and b.text.endswith(title) and b.href is None:
                b.href = href
                head, sep, tail = b.text.partition("：")
                drawn.append((tail if sep and tail else b.text, href))
                break
        else:
            raise ValueError(f"{n.key}: no body line for attachment {title}")
    return drawn


# ------------------------------------------------------------------------ rendering
def _token(i: int) -> str:
    return "ZQX" + "".join(chr(97 + int(d)) for d in f"{i:04d}") + "XQZ"


def render(page: Page) -> tuple[str, list[str]]:
    rng = random.Random(page.slug)
    skin = SKINS[page.skin]
    if not page.chrome_trad:
        return skin(page.view, rng)
    # Chrome drawn in simplified and converted like a whole-page converter would; the title
    # and body keep their exact text (placeholders survive opencc untouched).
    texts: dict[str, str] = {}

    def hold(text: str) -> str:
        tok = _token(len(texts))
        texts[tok] = text
        return tok

    held_blocks = [replace(b, text=hold(b.text) if b.text else "", rows=[[hold(c) for c in r] for r in b.rows])
                   for b in page.view.blocks]
    v = replace(page.view, title=hold(page.view.title), blocks=held_blocks)
    out, must_not = skin(v, rng)
    out = S2T.convert(out)
    must_not = [S2T.convert(m) for m in must_not]
    for tok, text in texts.items():
        out = out.replace(tok, esc(text))
    assert "ZQX" not in out
    return out, must_not


def visible_text(doc_html: str) -> str:
    tree = lxml.html.fromstring(doc_html)
    for bad in tree.xpath("//script|//style|//head"):
        bad.drop_tree()
    return "".join(tree.text_content().split())


def build(page: Page, number: int) -> tuple[str, bytes, dict]:
    html_text, must_not = render(page)
    must_not = list(dict.fromkeys(m for m in must_not + page.must_not if m))
    data = html_text.encode(page.codec)  # strict: a page must be encodable in its own charset
    body = gold_lines(page.view.blocks)
    slug = f"{number:03d}_{page.slug}"
    gold = {
        "url": page.view.url,
        "portal_kind": page.kind,
        "encoding_note": page.encoding_note,
        "title": page.view.title,
        "published": page.published,
        "mirror_posted": page.mirror_posted,
        "source": page.source,
        "issuer": page.issuer,
        "doc_number": page.doc_number,
        "index_number": page.index_number,
        "attachments": [{"title": t, "url": urljoin(page.view.url, htmllib.unescape(h))}
                        for t, h in page.view.attachments] if page.view.att_mode != "none" else [],
        "body": "\n".join(body),
        "must_not_contain": must_not,
        "flags_expected": sorted(page.flags),
    }
    check(slug, html_text, data, page, gold)
    return slug, data, gold


def check(slug: str, html_text: str, data: bytes, page: Page, gold: dict) -> None:
    """Guard the generator: gold text is really on the page, traps are really traps."""
    assert data.decode(page.codec) == html_text, slug
    seen = visible_text(html_text)
    body_flat = "".join(gold["body"].split())
    for line in gold["body"].split("\n"):
        assert "".join(line.split()) in seen, f"{slug}: gold line not visible: {line[:40]}"
    for needle in gold["must_not_contain"]:
        flat = "".join(needle.split())
        assert flat not in body_flat, f"{slug}: must_not string in gold body: {needle}"
        assert flat in seen or flat in "".join(html_text.split()), f"{slug}: trap not on page: {needle}"
    assert "".join(gold["title"].split()) in seen or gold["title"] in html_text, slug


def main() -> int:
    PAGES_DIR.mkdir(exist_ok=True)
    for old in PAGES_DIR.glob("*.*"):
        old.unlink()
    from tests.extraction.pages_spec import specs  # the page list builds on the helpers above

    pages = specs()
    for number, page in enumerate(pages, 1):
        try:
            slug, data, gold = build(page, number)
        except Exception as exc:
            raise SystemExit(f"page {number} {page.slug}: {exc!r}") from exc
        (PAGES_DIR / f"{slug}.html").write_bytes(data)
        (PAGES_DIR / f"{slug}.json").write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {len(pages)} pages to {PAGES_DIR}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
