"""Soft 404 detection (crawler/extract/soft404.py) and its use by the extract pipeline."""

from __future__ import annotations

from datetime import datetime

import pytest

from crawler.extract.soft404 import TemplateTracker, not_found_reason
from crawler.items import FailedFetch, FetchedNotice
from crawler.pipelines.extract import ExtractPipeline

NOTICE = "各学校应认真落实本通知要求，按时报送材料。" * 6


@pytest.mark.parametrize(("title", "text"), [
    ("页面不存在", "抱歉，您访问的页面不存在或已被删除！请检查网址是否正确，或返回首页。"),
    ("404 Not Found", ""),
    ("出错了 - 某某市教育局", "返回首页"),
    ("某某市教育局", "您访问的页面不存在或已被删除"),
    ("通知公告", "您所访问的信息已被删除。"),
    ("某某市教育局", "Sorry, page not found."),
])
def test_not_found_pages_are_recognised(title, text):
    assert not_found_reason(title, text)


@pytest.mark.parametrize(("title", "text"), [
    ("关于做好2024年招生工作的通知", NOTICE),  # an ordinary notice
    ("关于系统页面不存在问题的处理通知", "部分页面不存在的问题已修复，请各校知悉。"),  # a notice about it
    ("某某市教育局", "页面不存在的问题" + NOTICE * 3),  # long text: a page, not an error template
    ("关于第404号文件的通知", "请各校按照第404号文件执行。"),
])
def test_notices_are_not_taken_for_not_found_pages(title, text):
    assert not_found_reason(title, text) is None


def test_the_same_short_page_on_three_urls_is_a_template_from_the_third_on():
    tracker = TemplateTracker()
    page = ("某某市教育局", "欢迎访问某某市教育局网站", [])
    assert tracker.reason("http://a/1.html", *page) is None
    assert tracker.reason("http://a/2.html", *page) is None
    assert tracker.reason("http://a/1.html", *page) is None  # the same URL again is not another URL
    reason = tracker.reason("http://a/3.html", *page)
    assert reason and "3 different URLs" in reason and "http://a/1.html" in reason


def test_short_pages_that_differ_or_long_pages_are_not_templates():
    tracker = TemplateTracker()
    for n in range(5):  # same title and text, but each links its own attachment
        assert tracker.reason(f"http://a/{n}.html", "通知", "详见附件", [f"http://a/f{n}.pdf"]) is None
    for n in range(5):
        assert tracker.reason(f"http://a/long{n}.html", "通知", NOTICE * 5, []) is None


def _fetched(url: str, html: str) -> FetchedNotice:
    return FetchedNotice(portal_id="p", url=url, status=200, body=html.encode(), fetched_at=datetime(2024, 3, 1))


def test_pipeline_records_a_soft_404_instead_of_a_notice():
    pipeline = ExtractPipeline()
    error = ('<html><head><title>页面不存在</title></head><body><div class="error">'
             '<h2>抱歉，您访问的页面不存在或已被删除！</h2><a href="/">返回首页</a></div></body></html>')
    result = pipeline.process_item(_fetched("http://a/n/1.html", error))
    assert isinstance(result, FailedFetch) and result.kind == "soft_404"
    assert "not found" in result.message and result.url == "http://a/n/1.html"
    notice = (f'<html><head><title>关于招生的通知</title></head><body><div class="content"><h1>关于招生的通知</h1>'
              f'<p>{NOTICE}</p></div></body></html>')
    kept = pipeline.process_item(_fetched("http://a/n/2.html", notice))
    assert isinstance(kept, FetchedNotice) and kept.record and kept.record.get("text")
