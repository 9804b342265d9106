"""Taking over a dead run: what a resuming run skips, and how the dead run is closed."""

from __future__ import annotations

from archive.models import CrawlRun
from archive.query import errors_by_kind
from archive.resume import take_over
from archive.store import Archive

PORTAL = {"id": "test_edu", "name": "测试市教育局", "start_urls": ["https://jyj.example.gov.cn/tzgg/"]}
BASE = "https://jyj.example.gov.cn/tzgg/202203/"


def store(archive: Archive, run_id: int, n: int) -> None:
    url = f"{BASE}t20220301_{n}.html"
    archive.record_notice(portal_id="test_edu", run_id=run_id, fetch_url=url, http_status=200,
                          record={"url": url, "title": f"通知{n}", "text": f"正文{n}", "text_normalized": f"正文{n}"})


def test_a_dead_run_is_closed_as_interrupted_and_its_stored_notices_are_skipped(db_url):
    with Archive(db_url) as archive:
        archive.register_portal(PORTAL)
        finished = archive.start_run("test_edu")
        store(archive, finished, 1)
        archive.finish_run(finished, "finished")
        assert take_over(archive, "test_edu") is None  # the last run finished: nothing to resume

        dead = archive.start_run("test_edu")
        store(archive, dead, 1)  # re-checked by the dead run: done, but known before it
        store(archive, dead, 2)  # new in the dead run: done and found
        archive.record_error(portal_id="test_edu", run_id=dead, url=f"{BASE}t20220301_3.html",
                             kind="timeout", message="notice page: no answer")
        point = take_over(archive, "test_edu")
        assert point.run_ids == (dead,)
        assert point.done == {f"{BASE}t20220301_1.html", f"{BASE}t20220301_2.html"}
        assert point.found == {f"{BASE}t20220301_2.html"}  # the failed page is fetched again
        with archive.sessions() as s:
            run = s.get(CrawlRun, dead)
            assert (run.status, run.finish_reason, run.notices_seen) == ("interrupted", "interrupted", 2)
            assert run.finished_at is not None and "killed or crashed" in run.health_reasons[0]
            assert errors_by_kind(s, [finished, dead]) == {finished: {}, dead: {"timeout": 1}}


def test_runs_killed_twice_in_a_row_are_resumed_together(db_url):
    with Archive(db_url) as archive:
        archive.register_portal(PORTAL)
        first = archive.start_run("test_edu")
        store(archive, first, 1)
        take_over(archive, "test_edu")  # the second run starts, and dies too
        second = archive.start_run("test_edu")
        store(archive, second, 2)
        point = take_over(archive, "test_edu")
        assert point.run_ids == (first, second)
        assert point.done == point.found == {f"{BASE}t20220301_1.html", f"{BASE}t20220301_2.html"}


def test_a_run_stopped_cleanly_before_the_end_is_resumed_too(db_url):
    with Archive(db_url) as archive:
        archive.register_portal(PORTAL)
        stopped = archive.start_run("test_edu")
        store(archive, stopped, 1)
        archive.finish_run(stopped, "shutdown", walk_complete=False)  # SIGTERM or Ctrl-C
        point = take_over(archive, "test_edu")
        assert point.run_ids == (stopped,) and point.done == {f"{BASE}t20220301_1.html"}
        with archive.sessions() as s:
            assert s.get(CrawlRun, stopped).finish_reason == "shutdown"  # its own record stands
