"""The bundled sample portals: what they contain and how their server answers."""

from __future__ import annotations

import hashlib
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from crawler.localportals import SAMPLE_PORTALS, build_sites, serve_site


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, Path]:
    return build_sites(tmp_path_factory.mktemp("sites"))


def fetch(url: str, headers: dict | None = None):
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def digest(root: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        h.update(str(path.relative_to(root)).encode() + path.read_bytes())
    return h.hexdigest()


def test_building_twice_gives_byte_identical_sites(sites, tmp_path):
    again = build_sites(tmp_path)
    assert set(again) == set(SAMPLE_PORTALS)
    for portal_id in SAMPLE_PORTALS:
        assert digest(again[portal_id]) == digest(sites[portal_id]), portal_id


def test_kaiping_pages_are_gbk_declared_only_in_meta(sites):
    page = next((sites["kaiping_edu"] / "jyj" / "art").rglob("*.html")).read_bytes()
    assert b'charset=gb2312' in page
    with pytest.raises(UnicodeDecodeError):
        page.decode("utf-8")
    assert "开平市教育局".encode("gbk") in page
    with serve_site(sites["kaiping_edu"]) as server:
        status, headers, _ = fetch(server.base_url + "/jyj/tzgg/index.htm")
    assert status == 200
    assert headers["Content-Type"] == "text/html"


def test_qingyuan_list_pages_paginate_with_create_page_html(sites):
    pages = sorted((sites["qingyuan_edu"] / "jyj" / "tzgg").glob("index*.html"))
    assert [p.name for p in pages] == ["index.html", "index_1.html", "index_2.html", "index_3.html"]
    assert 'createPageHTML(4, 0, "index", "html")' in pages[0].read_text(encoding="utf-8")


def test_server_answers_conditional_requests_with_304(sites):
    with serve_site(sites["qingyuan_edu"]) as server:
        url = server.base_url + "/jyj/tzgg/index.html"
        status, headers, body = fetch(url)
        assert status == 200 and body
        assert headers["Content-Type"] == "text/html; charset=utf-8"
        assert fetch(url, {"If-None-Match": headers["ETag"]})[0] == 304
        assert fetch(url, {"If-Modified-Since": headers["Last-Modified"]})[0] == 304
        assert fetch(url, {"If-None-Match": '"something-else"'})[0] == 200
        assert server.requests == 4
        assert server.bytes_sent == 2 * len(body)


def test_server_answers_404_for_missing_files_and_the_site_metadata(sites):
    with serve_site(sites["docshare_mirror"]) as server:
        assert fetch(server.base_url + "/p-1.html")[0] == 404
        assert fetch(server.base_url + "/_site.json")[0] == 404
        assert fetch(server.base_url + "/../../etc/passwd")[0] == 404
        assert fetch(server.base_url + "/robots.txt")[0] == 200


def test_an_edited_file_gets_a_new_etag(sites, tmp_path):
    copy = build_sites(tmp_path)["xinwenmi_mirror"]
    page = next(copy.rglob("305000.html"))
    with serve_site(copy) as server:
        url = server.base_url + "/" + str(page.relative_to(copy))
        etag = fetch(url)[1]["ETag"]
        page.write_bytes(page.read_bytes().replace("发表时间".encode(), "发布时间".encode()))
        status, headers, _ = fetch(url, {"If-None-Match": etag})
    assert status == 200
    assert headers["ETag"] != etag
