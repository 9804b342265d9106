"""``portals check`` of a ``render: browser`` portal loads its pages in Chromium
(crawler/browsercheck.py), so the verdict is the crawl's: the challenge is passed and the
script-built list shows its links. One browser start for the module."""

from __future__ import annotations

import pytest

from crawler.browser import browser_unavailable
from crawler.localportals.challenge import (
    GATE_LIST,
    GATE_NOTICES,
    JS_LIST,
    JS_NOTICES,
    serve_challenge,
)
from crawler.portal import portal_from_dict
from crawler.portaltools import check_portal


def test_check_through_the_browser_passes_the_challenge_and_reads_the_script_list():
    with serve_challenge() as server:
        base = server.base_url
        portal = portal_from_dict({"id": "browser_edu", "name": "示例市教育局", "render": "browser",
                                   "allow_private_addresses": True,
                                   "start_urls": [base + GATE_LIST, base + JS_LIST]}, "browser_edu.yaml")
        if problem := browser_unavailable(portal):
            pytest.fail(f"{problem}: `make install` sets the browser up")
        report = check_portal(portal, pages=1, samples=5)
    assert report.verdict == "ok", report.problems
    assert [p.links for p in report.list_pages] == [len(GATE_NOTICES), len(JS_NOTICES)]
    titles = {n.url: n.title for n in report.notices}
    assert titles == {base + path: title for path, (title, _d) in {**GATE_NOTICES, **JS_NOTICES}.items()}
    assert server.hits[(GATE_LIST, 412)] == 1  # the challenge was answered once, then the cookie held
