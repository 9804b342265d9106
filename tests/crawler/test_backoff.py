"""Retries back off from a failing server: each retry doubles the host's download delay.

A real crawl (``edunotice crawl`` in a subprocess) of a generated portal of one notice,
whose page answers 503 twice, then recovers. One notice only: between healthy answers
AutoThrottle halves the delay again, which would blur the waits measured here.
"""

from __future__ import annotations

import json
import os

import yaml

from crawler.localportals.faults import serve_faulty
from crawler.localportals.large import build_portal, portal_definition
from tests import warmcli

DELAY = 0.25  # the portal's download_delay: backoff waits 2x, then 4x (jitter +-50%)


def test_a_page_failing_twice_is_retried_after_growing_waits_and_then_archived(tmp_path):
    site = build_portal(tmp_path / "site", 1)
    (page,) = site.rglob("t*_*.html")
    path = "/" + str(page.relative_to(site))
    with serve_faulty(site, fail_status=503, fail_paths=path + "$", fail_times=2) as server:
        portal_file = tmp_path / "backoff_edu.yaml"
        definition = portal_definition("backoff_edu", server.base_url, count=1, download_delay=DELAY,
                                       concurrency=1)
        portal_file.write_text(yaml.safe_dump(definition), encoding="utf-8")
        result = warmcli.run(
            ["crawl", "--portal-file", str(portal_file), "--db", f"sqlite:///{tmp_path / 'archive.sqlite'}", "--json"],
            timeout=120, env={**os.environ, "EDUNOTICE_DATA_DIR": str(tmp_path / "data")})
        hits = server.hits_for(path)
    summary = json.loads(result.stdout)[0]
    assert result.returncode == 0, result.stderr[-2000:]
    assert (summary["new_documents"], summary["errors"]) == (1, 0)
    assert [h.status for h in hits] == [503, 503, 200]
    waits = [b.at - a.at for a, b in zip(hits, hits[1:], strict=False)]
    # Scrapy jitters delays by +-50%: without backoff each wait would be at most 1.5 x DELAY.
    assert waits[0] >= 0.5 * 2 * DELAY and waits[1] >= 0.5 * 4 * DELAY > 1.5 * DELAY, waits
