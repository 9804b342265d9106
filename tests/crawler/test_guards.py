"""crawler.guards: page limits, what is not an HTML page, cut-short bodies, capped text."""

from __future__ import annotations

import codecs

from scrapy.exceptions import ResponseDataLossError
from twisted.internet.defer import CancelledError

from crawler.guards import (
    DEFAULT_MAX_PAGE_BYTES,
    cap_text,
    exception_reason,
    looks_cut_short,
    not_html_reason,
    page_limit,
)


def test_the_portal_limit_wins_over_the_setting_and_the_default_is_5_mb():
    assert page_limit(None, None) == DEFAULT_MAX_PAGE_BYTES == 5 * 1024 * 1024
    assert page_limit(None, 1000) == 1000
    assert page_limit(2000, 1000) == 2000


def test_html_in_any_common_shape_is_html():
    assert not_html_reason("<html><body>通知</body></html>".encode("gbk")) is None
    assert not_html_reason(b"\xef\xbb\xbf<!DOCTYPE html><title>x</title>") is None
    assert not_html_reason(codecs.BOM_UTF16_LE + "<html><p>通知</p></html>".encode("utf-16-le")) is None
    assert not_html_reason(b"<P>uppercase county page") is None


def test_empty_binary_and_markupless_input_is_not_html():
    assert not_html_reason(b"") == "empty input"
    assert "NUL" in not_html_reason(b"%PDF-1.4\x00\x01\x02<p>")
    assert "no HTML markup" in not_html_reason("一段纯文本".encode())


def test_a_body_without_closing_tags_looks_cut_short():
    assert looks_cut_short(b"<html><body><p>half a pa")
    assert not looks_cut_short(b"<html><body><p>whole</p></body></html>\n")
    assert not looks_cut_short(b"<html><body><p>no html close</p></BODY>")


def test_text_over_the_cap_is_cut_and_flagged():
    record = {"text": "字" * 50, "text_normalized": "字" * 50, "flags": []}
    assert cap_text(record, 10)
    assert record["text"] == "字" * 10 and record["text_normalized"] == "字" * 10
    assert record["flags"] == ["truncated"]
    assert not cap_text({"text": "短", "flags": []}, 10)


def test_exceptions_without_a_message_still_give_a_reason():
    assert exception_reason(ResponseDataLossError()).startswith("ResponseDataLossError: the connection closed")
    assert "size limit" in exception_reason(CancelledError())
    assert exception_reason(ValueError("bad")) == "ValueError: bad"
    assert exception_reason(KeyError()).split(": ", 1)[1]
