"""Portals that need a browser, crawled for real (``edunotice crawl`` in a subprocess) against
the local challenge server (crawler/localportals/challenge.py): a 412 cookie challenge and a
list built by JavaScript. Without ``render: browser`` each is reported as ``needs_browser``
with its evidence and the crawl exits 1; with it, the notices are archived with their titles
and the WARC holds the rendered pages. One browser start for the module (the browser crawl).
"""

from __future__ import annotations

import gzip
import json
import os
import re
import subprocess
import time

import pytest
import yaml
from sqlalchemy import select
from warcio.archiveiterator import ArchiveIterator

from archive.models import Document, FetchError, Version
from archive.store import Archive
from crawler.browser import RAW_HEADER, RENDERED_HEADER, browser_unavailable
from crawler.localportals.challenge import (
    COOKIE,
    GATE_LIST,
    GATE_NOTICES,
    JS_DATA,
    JS_LIST,
    JS_NOTICES,
    PLAIN_LIST,
    PLAIN_NOTICES,
    VERIFY_SCRIPT,
    serve_challenge,
)
from crawler.portal import portal_from_dict
from tests import warmcli

FIGURES = re.compile(r"browser rendered (\d+) pages, ([\d.]+) s per page, Chromium RSS peak (\d+) MB \(PSS (\d+) MB\)")


@pytest.fixture(scope="module")
def server():
    with serve_challenge() as srv:
        yield srv


def _definition(tmp_path, portal_id: str, urls: list[str], render: str):
    path = tmp_path / f"{portal_id}.yaml"
    path.write_text(yaml.safe_dump({"id": portal_id, "name": f"{portal_id} 教育局", "start_urls": urls,
                                    "allow_private_addresses": True, "render": render,
                                    "limits": {"download_delay": 0}}, allow_unicode=True), encoding="utf-8")
    return path


def _run(tmp_path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "EDUNOTICE_DATA_DIR": str(tmp_path / "data")}
    return warmcli.run(["-v", *args], env=env, timeout=300)


def test_without_a_browser_each_portal_is_reported_needs_browser_with_evidence(tmp_path, server):
    base = server.base_url
    gate = _definition(tmp_path, "gate_edu", [base + GATE_LIST], "html")
    jslist = _definition(tmp_path, "jslist_edu", [base + JS_LIST], "html")
    db_url = f"sqlite:///{tmp_path / 'archive.sqlite'}"
    result = _run(tmp_path, "crawl", "--portal-file", str(gate), "--portal-file", str(jslist),
                  "--db", db_url, "--json")
    assert result.returncode == 1, result.stderr[-2000:]
    summaries = {s["portal_id"]: s for s in json.loads(result.stdout)}
    for summary in summaries.values():
        assert summary["status"] == "broken" and summary["errors_by_kind"] == {"needs_browser": 1}
        assert "render: browser" in summary["error_samples"][0]
        assert "markup changed" not in " ".join(summary["error_samples"])
    with Archive(db_url) as archive, archive.sessions() as s:
        assert s.scalars(select(Document)).all() == []
        problems = {e.portal_id: e for e in s.scalars(select(FetchError))}
    assert problems["gate_edu"].kind == "needs_browser" and problems["gate_edu"].url == base + GATE_LIST
    for evidence in ("HTTP 412", f"cookie {COOKIE}", base + VERIFY_SCRIPT):
        assert evidence in problems["gate_edu"].message
    assert "HTTP 200" in problems["jslist_edu"].message and base + JS_DATA in problems["jslist_edu"].message
    assert "needs_browser" in result.stderr  # what needs attention is on stderr, always

    check = _run(tmp_path, "portals", "check", str(gate), "--json")
    assert check.returncode == 1
    verdict = json.loads(check.stdout)
    assert verdict["verdict"] == "needs_browser"
    assert (verdict["needs_browser"]["status"], verdict["needs_browser"]["cookie"]) == (412, COOKIE)
    assert base + VERIFY_SCRIPT in verdict["needs_browser"]["scripts"]


def test_render_browser_archives_both_portals_and_keeps_the_rendered_pages(tmp_path, server):
    if problem := browser_unavailable(portal_from_dict({"id": "x", "name": "x", "start_urls": ["http://x/"]}, "x")):
        pytest.fail(f"{problem}: `make install` sets the browser up")
    base = server.base_url
    # One portal holding both lists: one crawler, so one browser start for the module. A plain
    # portal crawled in the same process keeps Scrapy's downloader.
    definition = _definition(tmp_path, "browser_edu", [base + GATE_LIST, base + JS_LIST], "browser")
    plain = _definition(tmp_path, "plain_edu", [base + PLAIN_LIST], "html")
    db_url = f"sqlite:///{tmp_path / 'archive.sqlite'}"
    started = time.monotonic()
    result = _run(tmp_path, "crawl", "--portal-file", str(definition), "--portal-file", str(plain),
                  "--db", db_url, "--json", "--set", "AUTOTHROTTLE_ENABLED=false")
    wall = time.monotonic() - started
    assert result.returncode == 0, result.stderr[-3000:]
    summary, plain_summary = json.loads(result.stdout)
    expected = {base + path: title for path, (title, _date) in {**GATE_NOTICES, **JS_NOTICES}.items()}
    assert (summary["status"], summary["new_documents"], summary["errors"]) == ("ok", len(expected), 0)
    assert (plain_summary["status"], plain_summary["new_documents"]) == ("ok", len(PLAIN_NOTICES))
    with Archive(db_url) as archive, archive.sessions() as s:
        titles = {doc.url: s.scalar(select(Version.title).where(Version.document_id == doc.id))
                  for doc in s.scalars(select(Document).where(Document.portal_id == "browser_edu"))}
    assert titles == expected
    # The challenge really ran: a 412 first, then the list with the cookie the script computed.
    assert server.hits[(GATE_LIST, 412)] >= 1 and server.hits[(GATE_LIST, 200)] >= 1
    assert server.hits[(JS_DATA, 200)] >= 1  # the list script fetched its data in the browser

    records = []  # (uri, status, rendered header, received header, body) in write order
    for warc in (tmp_path / "data" / "warc" / "browser_edu").glob("*.warc.gz"):
        with gzip.open(warc, "rb") as raw, open(warc, "rb") as fh:
            assert raw.read(4) == b"WARC"
            for record in ArchiveIterator(fh):
                if record.rec_type in ("response", "revisit"):  # a DOM equal to the bytes is a revisit
                    records.append((record.rec_headers.get_header("WARC-Target-URI"),
                                    record.http_headers.get_statuscode(),
                                    record.http_headers.get_header(RENDERED_HEADER),
                                    record.http_headers.get_header(RAW_HEADER),
                                    record.content_stream().read().decode("utf-8")))
    gate = [r[1:] for r in records if r[0] == base + GATE_LIST]
    # What the browser received, raw: the 412 challenge page and the real page; then the DOM.
    assert [(status, received) for status, _r, received, _b in gate[:2]] == [("412", "document"), ("200", "document")]
    assert COOKIE in gate[0][3]
    status, rendered, _received, body = gate[-1]
    assert status == "200" and "first_status=412" in rendered
    assert "t20250303_700001.html" in (body or gate[1][3])
    [data] = [r for r in records if r[0] == base + JS_DATA]
    assert data[3] == "fetch" and JS_NOTICES["/jslist/202504/t20250402_800001.html"][0] in data[4]
    status, rendered, _received, body = [r[1:] for r in records if r[0] == base + JS_LIST][-1]
    assert status == "200" and rendered and JS_NOTICES["/jslist/202504/t20250409_800002.html"][0] in body

    plain_warcs = list((tmp_path / "data" / "warc" / "plain_edu").glob("*.warc.gz"))
    assert plain_warcs
    for warc in plain_warcs:
        with open(warc, "rb") as fh:
            headers = [r.http_headers for r in ArchiveIterator(fh) if r.rec_type == "response"]
        assert headers and not any(h.get_header(RENDERED_HEADER) or h.get_header(RAW_HEADER) for h in headers)

    figures = FIGURES.search(result.stderr)
    assert figures, result.stderr[-2000:]
    pages, per_page, rss, pss = int(figures[1]), float(figures[2]), int(figures[3]), int(figures[4])
    assert pages == 2 + len(expected) and rss > 0
    print(f"\nbrowser crawl: {pages} pages rendered, {per_page:.2f} s per page in the browser, "
          f"{wall:.1f} s wall for the whole crawl, Chromium RSS peak {rss} MB (PSS {pss} MB)")
