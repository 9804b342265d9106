"""Opening archives: safe schema creation under concurrency; read commands never create one."""

from __future__ import annotations

import subprocess
import time

from sqlalchemy import create_engine, inspect, text

from archive import db
from tests import warmcli

# Eight processes wait for one moment, then each opens the new archive (creating the
# schema if it is the first) and races for one portal's lease. Each stays alive until all
# have tried: a winner gone early is a dead holder, whose lease the next one takes over.
FIRST_RUN = """
import os, sys, time
from pathlib import Path
from archive.lease import Holder, PortalLease, PortalLocked
from archive.store import Archive
url, start, data_dir, answers, count = sys.argv[1], float(sys.argv[2]), sys.argv[3], Path(sys.argv[4]), int(sys.argv[5])
time.sleep(max(0.0, start - time.time()))
archive = Archive(url)
try:
    PortalLease(archive.engine, "qingyuan_edu", Holder.this_process(data_dir)).acquire()
    print("won", flush=True)
except PortalLocked:
    print("locked", flush=True)
(answers / str(os.getpid())).touch()
deadline = time.monotonic() + 60
while len(list(answers.iterdir())) < count and time.monotonic() < deadline:
    time.sleep(0.02)
"""
PROCESSES = 8


def _first_runs_at_once(url: str, tmp_path) -> list[subprocess.CompletedProcess]:
    """Eight processes of their own, forked from the warm forkserver (tests/warmcli.py): the
    archive's modules are imported already, the database not opened; a fork takes milliseconds."""
    start = time.time() + 2  # every process is up and waiting by then
    answers = tmp_path / "answers"
    answers.mkdir()
    procs = [warmcli.start(["-c", FIRST_RUN, url, str(start), str(tmp_path / f"data{i}"), str(answers),
                            str(PROCESSES)])
             for i in range(PROCESSES)]
    results = []
    for proc in procs:
        proc.wait(timeout=120)
        out, err = proc.output()
        results.append(subprocess.CompletedProcess(proc.args, proc.returncode, out, err))
    return results


def _check_one_schema(url: str, results: list[subprocess.CompletedProcess]) -> None:
    errors = [r.stderr.strip().splitlines()[-1] for r in results if r.returncode != 0]
    assert errors == [], errors
    assert not any("has tables but no edunotice schema version" in r.stderr for r in results)
    assert sorted(r.stdout.strip() for r in results) == ["locked"] * (PROCESSES - 1) + ["won"]
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all() == [db.head_revision()]
        assert "portal_leases" in inspect(engine).get_table_names()
    finally:
        engine.dispose()


def test_eight_first_runs_at_once_on_a_new_sqlite_file_make_one_schema(tmp_path):
    url = f"sqlite:///{tmp_path / 'new' / 'archive.sqlite'}"
    _check_one_schema(url, _first_runs_at_once(url, tmp_path))


def test_eight_first_runs_at_once_on_a_new_postgresql_database_make_one_schema(postgres_url, tmp_path):
    _check_one_schema(postgres_url, _first_runs_at_once(postgres_url, tmp_path))


READ_COMMANDS = [
    ["search", "测试"], ["show", "1"], ["diff", "1"], ["export"], ["raw", "1"], ["dupes", "1"],
    ["runs"], ["portals", "status"],
]


def test_read_commands_on_a_missing_sqlite_file_exit_2_and_create_nothing(tmp_path):
    typo = tmp_path / "nowhere" / "typo.sqlite"
    for args in READ_COMMANDS:
        result = warmcli.run([*args, "--db", f"sqlite:///{typo}"], timeout=60,
                             env={"EDUNOTICE_DATA_DIR": str(tmp_path / "data"), "PATH": "/usr/bin:/bin"})
        assert result.returncode == 2, (args, result.stderr)
        assert f"no archive at {typo} (run a crawl or `edunotice db upgrade`)" in result.stderr, args
        assert "Traceback" not in result.stderr
        assert result.stdout == ""
    assert not typo.parent.exists()
    assert list(tmp_path.iterdir()) == [], "a read command created files"


def test_a_read_command_on_an_empty_postgresql_database_exits_2_and_creates_no_table(postgres_url):
    result = warmcli.run(["search", "测试", "--db", postgres_url], timeout=60)
    assert result.returncode == 2
    assert "no archive at" in result.stderr and "edunotice db upgrade" in result.stderr
    engine = create_engine(postgres_url)
    try:
        assert inspect(engine).get_table_names() == []
    finally:
        engine.dispose()


def test_db_upgrade_creates_the_archive_a_read_command_then_opens(tmp_path):
    url = f"sqlite:///{tmp_path / 'archive.sqlite'}"
    upgrade = warmcli.run(["db", "upgrade", "--db", url], timeout=60)
    assert upgrade.returncode == 0, upgrade.stderr
    search = warmcli.run(["search", "测试", "--db", url], timeout=60)
    assert search.returncode == 0
    assert "no archived notice contains" in search.stderr


def test_the_head_read_from_the_last_migration_file_is_alembics_head():
    from alembic.script import ScriptDirectory

    assert db.head_revision() == ScriptDirectory(str(db.MIGRATIONS_DIR)).get_current_head()
