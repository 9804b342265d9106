"""Decoding notice pages whose charset declarations are missing or wrong."""

from __future__ import annotations

import html
import re

import pytest

from crawler.extract import extract
from crawler.extract.decode import decode_html
from tests.extraction.scoring import load_pages
from tests.realweb.scoring import load_detail_pages

PINYIN = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")

TEXT = "清远市教育局关于做好2022年春季学期开学工作的通知"


def page(meta: str) -> str:
    return f"<html><head>{meta}<title>{TEXT}</title></head><body><h1>{TEXT}</h1><p>{TEXT}。</p></body></html>"


@pytest.mark.parametrize(
    ("raw", "declared"),
    [
        (page('<meta charset="gb2312">').encode("gbk"), None),  # declared only in <meta>
        (page('<meta charset="gb2312">').encode("gb18030"), None),
        (page("").encode("gbk"), "utf-8"),  # header says UTF-8, bytes are GBK
        (page('<meta charset="gbk">').encode("utf-8"), None),  # meta says GBK, bytes are UTF-8
        (page("").encode("utf-8"), None),  # no declaration at all
        ("\ufeff".encode() + page("").encode("utf-8"), "gbk"),  # a BOM wins over the header
    ],
)
def test_pages_decode_to_the_right_text_whatever_they_declare(raw, declared):
    text, _codec = decode_html(raw, declared)
    assert TEXT in text
    assert "\ufffd" not in text


def test_extract_reads_gbk_bytes_end_to_end():
    raw = page('<meta http-equiv="Content-Type" content="text/html; charset=gb2312">').encode("gbk")
    record = extract(raw, "http://127.0.0.1/jyj/art/2022/2/14/art_1_2.html")
    assert record.title == TEXT
    assert record.published == "2022-02-14"  # from the Hanweb URL: the page has no date label


def test_a_portals_selectors_override_the_rules():
    html = ("<html><head><title>站点</title></head><body><div class='t'>关于做好2022年招生工作的通知</div>"
            "<span class='d'>2022/5/6</span><div class='body'><p>各学校：现将招生工作有关事项通知如下。</p>"
            "<p>一、招生范围和对象按照有关规定执行。</p></div><div class='side'>其他栏目其他栏目其他栏目</div>"
            "</body></html>").encode()
    record = extract(html, "http://127.0.0.1/a.html",
                     selectors={"title": ".t", "published": ".d", "content": ".body"})
    assert (record.title, record.published) == ("关于做好2022年招生工作的通知", "2022-05-06")
    assert record.text == "各学校：现将招生工作有关事项通知如下。\n一、招生范围和对象按照有关规定执行。"


# --- declaration and bytes disagree: charset-normalizer chooses among the CJK codecs -------
def traditional_notice() -> str:
    """A traditional-script notice page (the Big5 gateway copy of seed 000, pinyin removed)."""
    gold = load_pages()[0].gold
    assert gold["encoding_note"].startswith("utf-8") and "traditional" in gold["encoding_note"]
    body = PINYIN.sub("", gold["body"])
    paragraphs = "".join(f"<p>{line}</p>" for line in body.splitlines()[:12])
    return f"<html><head><title>{gold['title']}</title></head><body><h1>{gold['title']}</h1>{paragraphs}</body></html>"


def test_big5_bytes_without_declaration_decode_as_big5():
    html = traditional_notice()
    raw = html.encode("big5", errors="ignore")
    assert "\ufffd" not in raw.decode("gb18030", errors="replace")  # why counting errors cannot tell
    text, codec = decode_html(raw)
    assert codec == "big5"
    assert text == raw.decode("big5")


def test_gbk_bytes_declared_utf8_in_meta_decode_as_gb18030():
    html = traditional_notice().replace("<head>", '<head><meta charset="utf-8">')
    raw = html.encode("gbk", errors="ignore")
    text, codec = decode_html(raw)
    assert codec == "gb18030"
    assert text == raw.decode("gbk")


REAL_PAGES = [p for p in load_detail_pages("tune") if p.meta["encoding"] != "utf-8"]
CHARSET_DECLARATION = re.compile(rb"""charset\s*=\s*["']?[\w-]+""", re.I)


@pytest.mark.parametrize("page", REAL_PAGES, ids=[p.id for p in REAL_PAGES])
@pytest.mark.parametrize("declaration", ["as saved", "none", "utf-8"])
def test_real_non_utf8_pages_decode_right_whatever_they_declare(page, declaration):
    raw = page.html
    if declaration == "none":
        raw = CHARSET_DECLARATION.sub(b"", raw)
    elif declaration == "utf-8":
        raw = CHARSET_DECLARATION.sub(b"charset=utf-8", raw)
    text, _codec = decode_html(raw)
    assert _shows_title(page, text)


UTF8_PAGES = [p for p in load_detail_pages("tune") if p.meta["encoding"] == "utf-8"]


@pytest.mark.parametrize("page", UTF8_PAGES, ids=[p.id for p in UTF8_PAGES])
def test_real_utf8_pages_decode_right_under_a_gbk_declaration(page):
    raw = CHARSET_DECLARATION.sub(b"charset=gbk", page.html)
    text, codec = decode_html(raw, "gbk")
    assert codec == "utf-8"
    assert _shows_title(page, text)


def _shows_title(page, text: str) -> bool:
    """The gold title is in the decoded text, whitespace, markup and character references aside
    (a heading broken by <br/>, written escaped into ArticleTitle, （ written &#65288;)."""
    flat = "".join(html.unescape(re.sub(r"</?[a-zA-Z][^<>]*>|&lt;/?[a-zA-Z][^&]*&gt;", "", text)).split())
    return "".join(page.gold["title"].split()) in flat


def test_a_utf8_page_carrying_a_gbk_fragment_stays_utf8_whatever_it_declares():
    # A commented-out ad block in GBK inside a UTF-8 page (gaokao.eol.cn's pages are so).
    text = "<p>" + "各招生单位要按照要求认真做好招生录取工作，确保政策落实到位。" * 50 + "</p>"
    raw = (f"<html><head><meta charset='gbk'><title>通知</title></head><body>{text}".encode()
           + "<!-- <img alt='中国教育在线'> -->".encode("gbk") + b"</body></html>")
    for declared in ("gbk", None):
        decoded, codec = decode_html(raw, declared)
        assert codec == "utf-8" and text in decoded
    # A GBK page with only a few Chinese characters is not taken for UTF-8 with errors.
    raw = "<html><head><meta charset='gbk'></head><body><p>通知 2024</p></body></html>".encode("gbk")
    assert decode_html(raw)[1] == "gb18030"
