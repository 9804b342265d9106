"""A run whose portal lease another run took over stops that portal's crawl, says so, and
leaves what it stored for the next run to resume (crawler.run's ``lease_lost`` stop).

A real crawl (``edunotice crawl`` in a subprocess) of a slowed local copy of the
kaiping_edu sample portal, with a 1-second lease (a heartbeat every 0.25 s). Once it has
stored a notice, the test does what a second run does when it takes over a stale lease:
it swaps the lease row's token for its own. The crawl's next heartbeat finds the lease
gone.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time

import pytest
from sqlalchemy import select

from archive.models import CrawlRun, FetchError
from archive.store import Archive
from crawler.localportals import build_sites, serve_site
from crawler.localportals.faults import serve_faulty
from tests import warmcli
from tests.e2e.test_kill_during_store import PORTAL, _stored_versions, check_consistent, portal_file


def _take_over_the_lease(db_path) -> int:
    """What another run's PortalLease.acquire does to a stale lease: the token becomes its own."""
    with sqlite3.connect(db_path, timeout=10) as conn:
        return conn.execute("UPDATE portal_leases SET token = 'another-run', pid = 1, "
                            "expires_at = datetime('now', '+1 hour') WHERE portal_id = ?",
                            (PORTAL,)).rowcount


def _lease_lost_seen(db_path) -> bool:
    with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=5) as conn:
        return conn.execute("SELECT COUNT(*) FROM fetch_errors WHERE kind = 'lease_lost'").fetchone()[0] > 0


@pytest.fixture()
def site_root(tmp_path_factory):
    return build_sites(tmp_path_factory.mktemp("leasesite"))[PORTAL]


def test_a_run_that_lost_its_lease_stops_reports_it_and_is_resumed(site_root, tmp_path):
    db_path = tmp_path / "archive.sqlite"
    db_url = f"sqlite:///{db_path}"
    env = {**os.environ, "EDUNOTICE_DATA_DIR": str(tmp_path / "data"), "EDUNOTICE_LEASE_SECONDS": "1"}
    env.pop("EDUNOTICE_TEST_KILL_AT", None)
    with serve_faulty(site_root, delay=0.2) as server:  # slow: the takeover lands mid-crawl
        definition = portal_file(tmp_path, server.base_url)
        args = ["crawl", "--portal-file", str(definition), "--json", "--db", db_url]
        proc = warmcli.start(args, env=env)
        deadline = time.monotonic() + 120
        while proc.poll() is None and _stored_versions(db_path) < 1 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert proc.poll() is None, "the crawl ended before the takeover: slow the server down"
        assert _take_over_the_lease(db_path) == 1
        while proc.poll() is None and not _lease_lost_seen(db_path):
            time.sleep(0.02)
        at_stop = _stored_versions(db_path)
        proc.wait(timeout=60)
        out, err = proc.output()

        with Archive(db_url) as archive, archive.sessions() as s:
            run = s.scalars(select(CrawlRun).where(CrawlRun.portal_id == PORTAL)).one()
            lost = s.scalars(select(FetchError).where(FetchError.kind == "lease_lost")).all()
        assert run.finish_reason == "lease_lost"
        assert run.status != "ok"
        assert [e.run_id for e in lost] == [run.id]
        assert "another run took over" in lost[0].message
        summary = json.loads(out)[0]
        assert summary["status"] != "ok", summary
        assert "lease" in err, err[-2000:]
        stopped_at, _ = check_consistent(db_url)
        # Once the lease is seen lost, the items still queued for the writer are not stored:
        # at most the one being stored then (and one the reactor had not yet been told about).
        assert stopped_at - at_stop <= 2, (at_stop, stopped_at)
        # The other run's lease is left alone: the stopped run releases only its own.
        with sqlite3.connect(db_path) as conn:
            assert conn.execute("SELECT token FROM portal_leases").fetchall() == [("another-run",)]

    # The other run finishes and lets go; the next run resumes the stopped one.
    with sqlite3.connect(db_path) as conn:
        conn.execute("DELETE FROM portal_leases")
    with serve_site(site_root, port=server.server_address[1]):  # same URLs, full speed
        resumed = warmcli.run(args, env=env, timeout=300)
    assert resumed.returncode == 0, resumed.stderr[-2000:]
    with Archive(db_url) as archive, archive.sessions() as s:
        last = s.scalars(select(CrawlRun).order_by(CrawlRun.id.desc())).first()
    assert last.resumed_from_run_id == run.id
    assert last.finish_reason == "finished"
    final, _ = check_consistent(db_url)
    assert final > stopped_at
