"""Re-check schedule and conditional headers (pure functions: `now` is passed in)."""

from __future__ import annotations

from datetime import datetime, timedelta

from archive.store import KnownDocument
from crawler.incremental import conditional_headers, recheck_due

NOW = datetime(2026, 11, 22, 3, 0)


def known(published, checked_days_ago, withdrawn=False, etag=None, last_modified=None):
    return KnownDocument(etag=etag, last_modified=last_modified, published=published, withdrawn=withdrawn,
                         last_checked=NOW - timedelta(days=checked_days_ago))


def test_recent_notices_are_checked_every_run():
    assert recheck_due(known("2026-11-10", 0.01), NOW)


def test_older_notices_wait_for_their_interval():
    assert not recheck_due(known("2026-03-01", 3), NOW)
    assert recheck_due(known("2026-03-01", 7), NOW)
    assert not recheck_due(known("2019-03-01", 20), NOW)
    assert recheck_due(known("2019-03-01", 30), NOW)


def test_withdrawn_and_undated_notices_are_checked_every_run():
    assert recheck_due(known("2019-03-01", 1, withdrawn=True), NOW)
    assert recheck_due(known(None, 0.01), NOW)


def test_conditional_headers_use_the_last_validators():
    assert conditional_headers(known(None, 1, etag='"abc"', last_modified="Sat, 01 Jan 2022 00:00:00 GMT")) == {
        "If-None-Match": '"abc"', "If-Modified-Since": "Sat, 01 Jan 2022 00:00:00 GMT"}
    assert conditional_headers(known(None, 1)) == {}
