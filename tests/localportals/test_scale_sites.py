"""The portals of ``make bench-scale`` (bench/scale.py): served on loopback by one asyncio
process, a notice keeps its URL when new ones are published, broken portals are broken."""

from __future__ import annotations

import random
import re
import urllib.error
import urllib.request
from datetime import datetime

import pytest

from bench.scale import Servers, make_specs
from crawler.localportals.large import LIST_PATH


def get(url: str, headers: dict | None = None) -> tuple[int, bytes, str | None]:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=10) as r:
            return r.status, r.read(), r.headers.get("ETag")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read(), None


def test_scale_portals_keep_notice_urls_answer_304_and_break_as_built():
    specs = make_specs(8, 3, random.Random(1))
    servers = Servers(specs, 1, datetime(2026, 11, 26, 12, 0))
    try:
        base = {s.pid: f"http://127.0.0.1:{servers.ports[s.host]}{s.prefix}" for s in specs}
        healthy = next(s for s in specs if s.kind == "ok")
        status, page, etag = get(base[healthy.pid] + LIST_PATH)
        assert status == 200 and etag
        assert get(base[healthy.pid] + LIST_PATH, {"If-None-Match": etag})[0] == 304
        before = re.findall(r'href="\./([^"]+\.html)"', page.decode())
        assert before and get(base[healthy.pid] + "/jyj/tzgg/" + before[0])[0] == 200

        servers.next_night({healthy.pid: 2})
        status, page, _ = get(base[healthy.pid] + LIST_PATH)
        after = re.findall(r'href="\./([^"]+\.html)"', page.decode())
        assert len(set(after) - set(before)) == 2 and after[2] == before[0]  # two new, newest first
        assert get(base[healthy.pid] + "/jyj/tzgg/" + before[0])[0] == 200

        kinds = {s.kind: s for s in specs if s.kind != "ok"}
        assert get(base[kinds["error"].pid] + LIST_PATH)[0] == 500
        status, garbage, _ = get(base[kinds["garbage"].pid] + LIST_PATH)
        assert status == 200 and len(garbage) == 3000 and b"<html" not in garbage
        with pytest.raises(urllib.error.URLError):
            get(base[kinds["dead"].pid] + LIST_PATH)
        hits, _, _ = servers.report()
        assert {h[2] for h in hits} >= {healthy.pid, kinds["error"].pid}
    finally:
        servers.stop()
