"""Glitch detection (archive.quarantine) on real extraction: every page of the extraction
set is clean; each kind of bad night is caught, with the reason a person can read."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from archive.quarantine import inspect_payload, shrunk
from crawler.extract import extract
from crawler.extract.decode import decode_html

PAGES = sorted((Path(__file__).resolve().parents[1] / "extraction" / "pages").glob("*.html"))
MAINTENANCE = """<html><head><title>系统维护中</title></head><body>
<div class="main"><h2>系统维护中</h2><p>网站正在升级维护，请稍后再试。给您带来不便，敬请谅解。</p></div>
</body></html>""".encode("gb18030")


def judge(body: bytes, *, transfer_cut: bool = False) -> str | None:
    text = decode_html(body)[0]
    record = extract(body, "http://127.0.0.1/n.html").to_dict() if body.strip() else {}
    return inspect_payload(body, text, record, transfer_cut=transfer_cut)


def test_the_extraction_set_has_pages():
    assert len(PAGES) >= 40


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_no_page_of_the_extraction_set_is_suspect(page):
    assert judge(page.read_bytes()) is None


def test_each_kind_of_bad_night_has_its_reason():
    real = PAGES[0].read_bytes()
    assert judge(MAINTENANCE) == "maintenance"
    assert judge(random.Random(8).randbytes(6000)) == "garbage"
    assert judge(real[: int(len(real) * 0.6)]) == "truncated"
    assert judge(b"") == "empty" and judge(b"  \r\n") == "empty"
    assert judge(b"<html><body></body></html>") == "empty"
    assert judge(real, transfer_cut=True) == "truncated"


@pytest.mark.parametrize("repeat", [1, 6])
def test_a_notice_about_system_maintenance_is_a_notice(repeat):
    paragraph = "<p>根据工作安排，教育管理信息系统将于本周六进行系统维护，维护期间暂停服务，请各学校提前做好数据报送。</p>"
    page = f"<html><head><title>关于教育管理信息系统维护的通知</title></head><body><h1>关于教育管理信息系统维护的通知</h1>{paragraph * repeat}</body></html>"
    assert judge(page.encode()) is None


def test_shrunk_needs_both_text_and_title_lost():
    before = {"title": "关于做好招生工作的通知", "text_normalized": "招生" * 300}
    assert shrunk({"title": "首页", "text_normalized": "招生"}, before)
    assert not shrunk({"title": "关于做好招生工作的通知", "text_normalized": "招生"}, before)
    assert not shrunk({"title": "首页", "text_normalized": "招生" * 200}, before)
    assert not shrunk({"title": "首页", "text_normalized": ""}, None)
