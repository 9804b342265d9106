"""Run ownership in the archive: one lease per portal, seen by every run on one database."""

from __future__ import annotations

import subprocess
import sys
import threading
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from archive.lease import Holder, LeaseKeeper, PortalLease, PortalLocked, db_now
from archive.models import PortalLease as LeaseRow
from archive.store import Archive

HOLD = """
import sys
from archive.lease import Holder, PortalLease
from archive.store import Archive
archive = Archive(sys.argv[1])
PortalLease(archive.engine, "qingyuan_edu", Holder.this_process(sys.argv[2])).acquire()
print("held", flush=True)
sys.stdin.read()
"""


def test_runs_with_different_data_dirs_see_each_others_lease(db_url, tmp_path):
    with Archive(db_url) as archive:
        first = PortalLease(archive.engine, "qingyuan_edu", Holder.this_process(tmp_path / "a"))
        first.acquire()
        second = PortalLease(archive.engine, "qingyuan_edu", Holder.this_process(tmp_path / "b"))
        with pytest.raises(PortalLocked, match=f"data dir {tmp_path / 'a'}, since"):
            second.acquire()
        PortalLease(archive.engine, "kaiping_edu", Holder.this_process(tmp_path / "b")).acquire()
        first.release()
        second.acquire()
        assert second.held


def test_a_killed_holder_on_this_host_is_taken_over_at_once(db_url, tmp_path):
    Archive(db_url).close()
    holder = subprocess.Popen([sys.executable, "-c", HOLD, db_url, str(tmp_path / "a")],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        with Archive(db_url) as archive:
            lease = PortalLease(archive.engine, "qingyuan_edu", Holder.this_process(tmp_path / "b"))
            with pytest.raises(PortalLocked, match=f"pid {holder.pid} on "):
                lease.acquire()
            holder.kill()  # SIGKILL: no clean-up code runs, its row stays
            holder.wait()
            lease.acquire()  # not expired, but its process is gone
            assert lease.held
    finally:
        holder.kill()
        holder.wait()


def _pretend_elsewhere(archive: Archive, portal_id: str, expires_in: timedelta) -> None:
    """The lease's holder is a process on another machine (its liveness cannot be checked)."""
    now = db_now(archive.engine)
    with archive.engine.begin() as conn:
        conn.execute(update(LeaseRow).where(LeaseRow.portal_id == portal_id)
                     .values(host="another-host.invalid", pid=1, expires_at=now + expires_in))


def test_a_lease_held_elsewhere_is_taken_over_only_once_expired_and_the_old_holder_learns_it(db_url, tmp_path):
    with Archive(db_url) as archive:
        old = PortalLease(archive.engine, "qingyuan_edu", Holder.this_process(tmp_path / "a"), ttl=60)
        old.acquire()
        _pretend_elsewhere(archive, "qingyuan_edu", timedelta(seconds=60))
        new = PortalLease(archive.engine, "qingyuan_edu", Holder.this_process(tmp_path / "b"))
        with pytest.raises(PortalLocked, match="another-host.invalid"):
            new.acquire()
        _pretend_elsewhere(archive, "qingyuan_edu", timedelta(seconds=-1))
        new.acquire()
        assert not old.renew(), "the stalled holder must learn its lease is gone"
        assert new.renew()
        with archive.engine.connect() as conn:
            assert conn.scalar(select(LeaseRow.data_dir)) == str((tmp_path / "b").resolve())
        old.release()  # releases nothing: the lease is the new holder's
        with pytest.raises(PortalLocked):
            PortalLease(archive.engine, "qingyuan_edu", Holder.this_process(tmp_path / "c")).acquire()


def test_the_keeper_renews_the_lease_and_reports_a_lost_one(sqlite_url, tmp_path):
    with Archive(sqlite_url) as archive:
        lease = PortalLease(archive.engine, "qingyuan_edu", Holder.this_process(tmp_path), ttl=0.4)
        lease.acquire()
        lost = threading.Event()
        keeper = LeaseKeeper([lease], lambda portal_id: lost.set())
        keeper.start()
        try:
            with archive.engine.connect() as conn:
                first_expiry = conn.scalar(select(LeaseRow.expires_at))
            threading.Event().wait(0.5)  # longer than the ttl: only heartbeats keep it alive
            with archive.engine.connect() as conn:
                assert conn.scalar(select(LeaseRow.expires_at)) > first_expiry
            other = PortalLease(archive.engine, "qingyuan_edu", Holder.this_process(tmp_path / "b"))
            with pytest.raises(PortalLocked):
                other.acquire()
            # The run stalls past its expiry and another takes over. The keeper still beats, so a
            # heartbeat between the two steps renews the lease (PortalLocked): try again, as the
            # other run's next attempt would.
            for _ in range(50):
                _pretend_elsewhere(archive, "qingyuan_edu", timedelta(seconds=-1))
                try:
                    other.acquire()
                    break
                except PortalLocked:
                    continue
            assert other.held, "no takeover in 50 tries"
            assert lost.wait(2), "the keeper must report the lease another run took over"
        finally:
            keeper.stop()


def test_a_holder_is_judged_dead_only_by_a_process_that_can_tell(tmp_path):
    me = Holder.this_process(tmp_path)
    assert not me.is_dead_here()
    boot, namespace, started = me.process_key.split("|")
    reused = Holder(me.host, me.pid, f"{boot}|{namespace}|{int(started) + 1}", me.data_dir)
    assert reused.is_dead_here(), "the pid now belongs to a later process"
    other_namespace = Holder(me.host, 999_999_999, f"{boot}|pid:[1]|1", me.data_dir)
    assert not other_namespace.is_dead_here(), "a pid in another namespace cannot be checked from here"
    other_host = Holder("another-host.invalid", 999_999_999, me.process_key, me.data_dir)
    assert not other_host.is_dead_here()
