"""A made-up fixture in the tests/sites/<id>/real/ format, for testing the validator and the
harness themselves (written to a temporary directory, never committed as a real one)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

_ROWS = [(f"2023010{i}", i, f"湖北省教育厅关于做好第{i}批教师培训工作的通知") for i in range(1, 8)]


def synthetic_fixture(root: Path, *, title: str = "湖北省教育厅关于做好第1批教师培训工作的通知") -> Path:
    """A fixture of the directory portal hubei_edu built from made-up pages: rows with relative
    and absolute links, a next-page link, a notice with date, 来源 and body."""
    fixture = root / "hubei_edu" / "real"
    fixture.mkdir(parents=True)
    base = "https://jyt.hubei.gov.cn/bmdt/tzgg/"
    rows = "".join(f'<li><a href="{"./" if n % 2 else base}{day[:6]}/t{day}_{n}.shtml">{t}</a>'
                   f"<span>{day[:4]}-{day[4:6]}-{day[6:]}</span></li>" for day, n, t in _ROWS)
    (fixture / "list.html").write_text(
        f"<html><head><meta charset='utf-8'><title>通知公告</title></head><body><div class='nav'>"
        f"<a href='{base}'>通知公告</a></div><ul class='list'>{rows}</ul>"
        f"<div class='page'><a href='index_1.shtml'>下一页</a></div></body></html>", encoding="utf-8")
    (fixture / "notice.html").write_text(
        f"<html><head><meta charset='utf-8'><title>{_ROWS[0][2]}</title></head><body><h1>{_ROWS[0][2]}</h1>"
        "<div class='info'>发布时间：2023-01-01 09:30 来源：湖北省教育厅</div><div class='content'>"
        "<p>各市、州、县教育局，各有关高校：</p><p>为做好全省教师培训工作，现将有关事项通知如下。"
        "请各地按时报送培训计划，认真组织实施。</p><p>湖北省教育厅</p><p>2023年1月1日</p></div></body></html>",
        encoding="utf-8")
    links = [{"url": f"{base}{day[:6]}/t{day}_{n}.shtml", "title": t, "date": f"{day[:4]}-{day[4:6]}-{day[6:]}"}
             for day, n, t in _ROWS]

    def page(name: str, url: str) -> dict:
        sha = hashlib.sha256((fixture / name).read_bytes()).hexdigest()
        return {"file": name, "provenance": {"repo": "example/synthetic", "path": name, "commit": "0" * 40,
                                             "sha256": sha, "url": url}, "cms": "trs", "encoding": "utf-8"}

    expected = {
        "portal": "hubei_edu", "confirmed": True, "known_wrong": None,
        "list": {**page("list.html", base), "links": links, "next_page": base + "index_1.shtml",
                 "pagination": "next_link"},
        "notice": {**page("notice.html", links[0]["url"]), "title": title, "published": "2023-01-01T09:30",
                   "source": "湖北省教育厅", "issuer": None, "doc_number": None,
                   "body_start": "各市、州、县教育局，各有关高校：", "body_end": "认真组织实施。湖北省教育厅 2023年1月1日"},
    }
    (fixture / "expected.json").write_text(json.dumps(expected, ensure_ascii=False), encoding="utf-8")
    return fixture
