"""Nightly operation end to end: a portal that starts failing, a portal whose list markup
changes, two overlapping runs, a run killed with SIGKILL and resumed, progress output.

Each test serves its own generated portal (``crawler.localportals.large``) through the
fault-injecting server (``crawler.localportals.faults``) and crawls it with
``edunotice crawl`` in a subprocess: Scrapy's real downloader, a real SQLite file.
"""

from __future__ import annotations

import json
import os
import pty
import re
import select
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from crawler.localportals.faults import serve_faulty
from crawler.localportals.large import build_portal, portal_definition
from tests import warmcli
from tests.waiting import wait_for

NOTICE_PAGE = r"/t\d{8}_\d+\.html$"
PORTAL = "nightly_edu"
PER_PAGE = 5


class Nightly:
    """One generated portal, its fault-injecting server, a portal file and an archive."""

    def __init__(self, root: Path, server, count: int, per_page: int, concurrency: int | None = None):
        self.root = root
        self.server = server
        self.site = Path(server.root)
        self.count = count
        self.data_dir = root / "data"
        self.db_path = root / "archive.sqlite"
        self.db_url = f"sqlite:///{self.db_path}"
        self.portal_file = root / f"{PORTAL}.yaml"
        definition = portal_definition(PORTAL, server.base_url, count=count, per_page=per_page,
                                       concurrency=concurrency)
        self.portal_file.write_text(yaml.safe_dump(definition, allow_unicode=True), encoding="utf-8")
        self.env = {**os.environ, "EDUNOTICE_DATA_DIR": str(self.data_dir)}

    def args(self, *extra: str) -> list[str]:
        return ["crawl", "--portal-file", str(self.portal_file), "--db", self.db_url, "--json", *extra]

    def command(self, *extra: str) -> list[str]:
        return [sys.executable, "-m", "crawler", *self.args(*extra)]

    def crawl(self, *extra: str, env: dict | None = None) -> tuple[subprocess.CompletedProcess, dict]:
        result = warmcli.run(self.args(*extra), env=env or self.env, timeout=120)
        summaries = json.loads(result.stdout) if result.stdout.strip() else [{}]
        return result, summaries[0]

    def start(self, *extra: str) -> warmcli.WarmProcess:
        return warmcli.start(self.args(*extra), env=self.env)

    def sql(self, query: str) -> list[tuple]:
        if not self.db_path.exists():
            return []
        with sqlite3.connect(self.db_path, timeout=10) as conn:
            try:
                return conn.execute(query).fetchall()
            except sqlite3.OperationalError:  # schema not created yet
                return []

    def archived_urls(self) -> set[str]:
        return {url for (url,) in self.sql("SELECT url FROM documents")}

    def notice_paths(self) -> set[str]:
        return {"/" + str(p.relative_to(self.site)) for p in self.site.rglob("t*_*.html")}



@pytest.fixture
def nightly(tmp_path, request):
    """A generated portal; ``param``: count, delay per notice page, concurrency, recent notices."""
    options = {"count": 12, "delay": 0.0, "concurrency": None, "recent": 0, **getattr(request, "param", {})}
    site = build_portal(tmp_path / "site", options["count"], per_page=PER_PAGE, recent=options["recent"])
    with serve_faulty(site, delay=options["delay"], delay_paths=NOTICE_PAGE) as server:
        yield Nightly(tmp_path, server, options["count"], PER_PAGE, options["concurrency"])


def test_a_portal_that_starts_failing_is_reported_with_errors_by_kind_and_exit_1(nightly):
    result, summary = nightly.crawl()
    assert result.returncode == 0, result.stderr[-2000:]
    assert summary["new_documents"] == nightly.count
    assert "\x1b[" not in result.stderr and "notices" not in result.stderr  # no TTY: no progress lines

    nightly.server.faults.fail_status = 503
    nightly.server.faults.fail_paths = NOTICE_PAGE
    result, summary = nightly.crawl("--full")
    assert result.returncode == 1
    assert summary["status"] == "broken"
    assert summary["errors_by_kind"] == {"http_status": nightly.count}
    assert summary["notices_seen"] == 0 and summary["new_versions"] == 0
    assert f"! {PORTAL} {summary['status']}: errors: http_status {nightly.count}" in result.stderr
    assert "HTTP 503" in result.stderr and "errors dominate" in result.stderr
    # RETRY_TIMES = 2: every notice page was asked for three times, then given up.
    failed = [h for h in nightly.server.hits if h.status == 503]
    assert len(failed) == 3 * nightly.count

    runs = warmcli.run(["runs", "--db", nightly.db_url, "--json"], env=nightly.env, timeout=60)
    latest = json.loads(runs.stdout.splitlines()[0])
    assert latest["errors_by_kind"] == {"http_status": nightly.count}
    assert latest["status"] == summary["status"]


def test_a_list_page_whose_markup_changed_makes_the_portal_broken_and_names_the_reason(nightly):
    for page in (nightly.site / "jyj" / "tzgg").glob("index*.html"):
        html = page.read_text(encoding="utf-8")
        # A redesign: notice links now go through a script, the list holds no plain links.
        page.write_text(re.sub(r'<a href="\./[^"]+"', '<a href="javascript:void(0)"', html), encoding="utf-8")
    result, summary = nightly.crawl()
    assert result.returncode == 1
    assert summary["status"] == "broken"
    assert "no notice links found on the list pages" in result.stderr
    assert nightly.archived_urls() == set()


# 60 notices at 0.4 s each, one at a time: the first run is still going (24 s) whatever the load
# while the second one starts, is refused, and the first is killed.
@pytest.mark.parametrize("nightly", [{"count": 60, "delay": 0.4, "concurrency": 1}], indirect=True)
def test_a_second_run_from_another_data_dir_says_it_is_locked_naming_the_holder_and_exits_1(nightly):
    first = nightly.start()
    try:
        wait_for(lambda: nightly.sql(f"SELECT pid FROM portal_leases WHERE portal_id = '{PORTAL}'")
                 == [(first.pid,)], what="the first run's lease")
        # Another data directory, the same database: the lease in the archive is what they share.
        other = {**nightly.env, "EDUNOTICE_DATA_DIR": str(nightly.root / "other-data")}
        result, summary = nightly.crawl(env=other)
        assert result.returncode == 1
        assert summary["status"] == "locked"
        assert (f"{PORTAL} is being crawled by another run (pid {first.pid} on "
                f"{os.uname().nodename}, data dir {nightly.data_dir}") in result.stderr
        assert first.poll() is None, "the first run must still be running"
        assert nightly.sql("SELECT status FROM crawl_runs") == [("running",)], "the first run was not taken over"
    finally:
        first.kill()
        first.wait()


# 60 notices at 0.4 s each, one at a time: the first run is still going (24 s) whatever the load
# while the second one starts, is refused, and the first is killed.
@pytest.mark.parametrize("nightly", [{"count": 60, "delay": 0.4, "concurrency": 1}], indirect=True)
def test_two_data_dirs_on_one_postgresql_database_see_each_others_run(nightly, postgres_url):
    from sqlalchemy import create_engine, text

    nightly.db_url = postgres_url
    engine = create_engine(postgres_url)

    def lease_pids():
        with engine.connect() as conn:
            try:
                return conn.execute(text("SELECT pid FROM portal_leases")).scalars().all()
            except Exception:  # noqa: BLE001 - the schema is not created yet
                return []

    first = nightly.start()
    try:
        wait_for(lambda: lease_pids() == [first.pid], what="the first run's lease")
        other = {**nightly.env, "EDUNOTICE_DATA_DIR": str(nightly.root / "other-data")}
        result, summary = nightly.crawl(env=other)
        assert result.returncode == 1
        assert summary["status"] == "locked"
        assert f"(pid {first.pid} on {os.uname().nodename}, data dir {nightly.data_dir}" in result.stderr
        with engine.connect() as conn:
            assert conn.execute(text("SELECT status FROM crawl_runs")).scalars().all() == ["running"]
    finally:
        first.kill()
        first.wait()
        engine.dispose()


# Recent notices: an incremental run would re-check every one of them, had it not resumed.
@pytest.mark.parametrize("nightly", [{"count": 30, "delay": 0.15, "concurrency": 2, "recent": 30}],
                         indirect=True)
def test_a_killed_run_resumes_without_fetching_again_what_it_archived(nightly):
    run = nightly.start()
    try:
        wait_for(lambda: len(nightly.archived_urls()) >= 8, what="8 archived notices")
    finally:
        run.send_signal(signal.SIGKILL)
        run.wait()
    before_kill = nightly.archived_urls()
    assert 8 <= len(before_kill) < nightly.count, "kill the run mid-way"
    assert nightly.sql("SELECT status FROM crawl_runs") == [("running",)]
    hits_at_kill = len(nightly.server.hits)
    nightly.server.faults.delay = 0  # the slow pages only had to keep the run going until the kill

    result, summary = nightly.crawl()
    assert result.returncode == 0, result.stderr[-2000:]
    assert summary["resumed_runs"] == [1]
    # Every notice archived exactly once, with exactly one version.
    assert len(nightly.archived_urls()) == nightly.count
    assert nightly.sql("SELECT COUNT(*), COUNT(DISTINCT document_id) FROM versions") == [(nightly.count, nightly.count)]
    assert summary["new_documents"] == nightly.count - len(before_kill)
    # What the killed run archived was not downloaded again, nor even re-checked with a 304.
    requested_after = {h.path for h in nightly.server.hits[hits_at_kill:]}
    archived_paths = {url.split(str(nightly.server.server_address[1]), 1)[1] for url in before_kill}
    assert not requested_after & archived_paths
    assert requested_after & nightly.notice_paths() == nightly.notice_paths() - archived_paths
    # The killed run is closed as interrupted, with its counts and a reason; the resuming run is ok.
    rows = nightly.sql("SELECT id, status, finish_reason, finished_at IS NOT NULL, notices_seen, health_reasons "
                       "FROM crawl_runs ORDER BY id")
    assert [r[:4] for r in rows] == [(1, "interrupted", "interrupted", 1), (2, "ok", "finished", 1)]
    assert rows[0][4] == len(before_kill)
    assert "killed or crashed" in rows[0][5]
    assert nightly.sql("SELECT resumed_from_run_id FROM crawl_runs ORDER BY id") == [(None,), (1,)]
    assert nightly.sql("SELECT requests > 0 FROM crawl_runs WHERE id = 2") == [(1,)]
    # A later normal run resumes nothing: it stops its walk at the first page, as usual, and
    # re-checks every notice (all recent, so all due) straight from the archive: 304s.
    result, summary = nightly.crawl()
    assert result.returncode == 0 and summary["resumed_runs"] == []
    assert (summary["new_documents"], summary["unchanged"]) == (0, nightly.count)


@pytest.mark.parametrize("nightly", [{"delay": 0.1, "concurrency": 1}], indirect=True)
def test_on_a_terminal_a_live_progress_line_per_portal_is_drawn_and_quiet_turns_it_off(nightly):
    def crawl_on_a_terminal(*extra: str) -> str:
        master, slave = pty.openpty()
        proc = subprocess.Popen(nightly.command("--full", *extra), stdout=subprocess.PIPE,
                                stderr=slave, env=nightly.env)
        os.close(slave)
        seen = b""
        while True:
            ready, _, _ = select.select([master], [], [], 0.2)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:  # the terminal closed with the process
                    break
                if not chunk:
                    break
                seen += chunk
            elif proc.poll() is not None:
                break
        proc.wait(timeout=60)
        os.close(master)
        assert proc.returncode == 0, seen.decode(errors="replace")[-2000:]
        return seen.decode("utf-8", errors="replace")

    shown = crawl_on_a_terminal()
    lines = re.findall(rf"{PORTAL}\s+pages\s+(\d+)\s+notices\s+(\d+)\s+errors\s+(\d+)", shown)
    assert len(lines) >= 2, shown  # redrawn while crawling, then the final counts
    assert "\x1b[" in shown  # redrawn in place
    assert lines[-1][1:] == (str(nightly.count), "0")
    assert "done" in shown.rsplit(PORTAL, 1)[1]

    nightly.server.faults.delay = 0  # unslowed, an ignored --quiet still draws the final counts
    quiet = crawl_on_a_terminal("--quiet")
    assert "pages" not in quiet and "\x1b[" not in quiet


@pytest.mark.parametrize("nightly", [{"count": 20, "delay": 0.15, "concurrency": 1}], indirect=True)
def test_an_archive_that_refuses_writes_stops_the_run_and_the_next_run_resumes_it(nightly):
    run = nightly.start()
    try:
        wait_for(lambda: len(nightly.archived_urls()) >= 4, what="4 archived notices")
        # The database starts refusing new versions (a full disk, a lost connection...).
        with sqlite3.connect(nightly.db_path, timeout=10) as conn:
            conn.execute("CREATE TRIGGER refuse BEFORE INSERT ON versions BEGIN "
                         "SELECT RAISE(ABORT, 'database or disk is full'); END")
        run.wait(timeout=120)
    finally:
        run.kill()
    _, stderr = run.output()
    assert run.returncode == 1
    assert "the archive refused a write" in stderr and "the next run resumes it" in stderr
    stored = nightly.sql("SELECT COUNT(*), COUNT(DISTINCT document_id) FROM versions")[0]
    assert stored[0] == stored[1] and stored[0] < nightly.count  # nothing half-written, nothing twice
    # Every document has its version: none was created without one.
    assert nightly.sql("SELECT COUNT(*) FROM documents WHERE id NOT IN (SELECT document_id FROM versions)") == [(0,)]
    assert nightly.sql("SELECT finish_reason FROM crawl_runs") == [("archive_error",)]

    with sqlite3.connect(nightly.db_path, timeout=10) as conn:
        conn.execute("DROP TRIGGER refuse")
    nightly.server.faults.delay = 0  # the slow pages only had to keep the run going until the refusal
    result, summary = nightly.crawl()
    assert result.returncode == 0, result.stderr[-2000:]
    assert summary["resumed_runs"] == [1]
    assert nightly.sql("SELECT COUNT(*), COUNT(DISTINCT document_id) FROM versions") == [(nightly.count, nightly.count)]
