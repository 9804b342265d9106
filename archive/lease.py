"""Run ownership: one crawl per portal at a time, recorded in the archive itself.

A run holds a **lease** on its portal: a row in ``portal_leases`` naming the holder (host,
pid, data directory), with a heartbeat and an expiry. Every run that writes to one
database sees every other, whatever its data directory or machine. A lease is taken over
only when it is stale:

- it expired (no heartbeat for ``ttl`` seconds: the holder is dead, frozen or cut off), or
- its holder is a process on this host that no longer exists (a SIGKILLed run: the next
  run need not wait for the expiry). "This host" means the same host name, boot and pid
  namespace (so a container sharing the host name is never judged from outside), and the
  process start time guards against pid reuse (Linux ``/proc``; elsewhere the host name
  and pid alone).

Taking over is a compare-and-swap on the holder's token, so two runs racing for a stale
lease cannot both win. Times come from the database's clock, so holders on several
machines agree on expiry. A holder whose heartbeat finds the lease gone (it stalled past
its expiry and another run took over) is told so and must stop writing.

The kernel file lock under ``<data dir>/locks/`` that this replaces saw only runs sharing
a data directory; it is gone.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine, delete, insert, select, text, update
from sqlalchemy.exc import IntegrityError

from archive.models import PortalLease as LeaseRow

log = logging.getLogger(__name__)

DEFAULT_TTL_SECONDS = 120.0  # a holder silent this long is presumed dead
HEARTBEATS_PER_TTL = 4  # a holder renews its lease this many times per ttl


class PortalLocked(RuntimeError):
    """Another live run holds the portal's lease."""

    def __init__(self, portal_id: str, holder: str):
        self.portal_id = portal_id
        self.holder = holder
        super().__init__(f"{portal_id} is being crawled by another run ({holder}); skipped")


@dataclass(frozen=True)
class Holder:
    """Who holds a lease: enough for a person to find the process, and for this host to
    tell whether it still lives."""

    host: str
    pid: int
    process_key: str | None  # boot id | pid namespace | start time (Linux /proc)
    data_dir: str

    @classmethod
    def this_process(cls, data_dir: str | Path) -> Holder:
        return cls(socket.gethostname(), os.getpid(), _process_key(os.getpid()),
                   str(Path(data_dir).resolve()))

    def describe(self) -> str:
        return f"pid {self.pid} on {self.host}, data dir {self.data_dir}"

    def is_dead_here(self) -> bool:
        """True when the holder was a process on this host that is gone."""
        if self.host != socket.gethostname():
            return False
        mine = _process_key(os.getpid())
        if (self.process_key is None) != (mine is None):
            return False  # one side cannot tell: wait for the expiry
        if mine is not None and mine.rsplit("|", 1)[0] != self.process_key.rsplit("|", 1)[0]:
            return False  # another boot or pid namespace: its pid means nothing here
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return True
        except PermissionError:  # alive, another user's
            return False
        now = _process_key(self.pid)  # None: unreadable, so presumed alive
        return mine is not None and now is not None and now != self.process_key  # pid reused


def _process_key(pid: int) -> str | None:
    """``boot id|pid namespace|start time`` of a process, or None off Linux or when it is gone."""
    try:
        boot = Path("/proc/sys/kernel/random/boot_id").read_text().strip()
        namespace = os.readlink(f"/proc/{pid}/ns/pid")
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # Field 22 (starttime, clock ticks since boot), counted after the ")" closing the name.
    fields = stat.rsplit(")", 1)[-1].split()
    return f"{boot}|{namespace}|{fields[19]}" if len(fields) > 19 else None


def db_now(engine: Engine) -> datetime:
    """The database's clock, as naive UTC: the one clock every holder agrees on."""
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            return conn.scalar(text("SELECT (now() AT TIME ZONE 'utc')::timestamp"))
        value = conn.scalar(text("SELECT strftime('%Y-%m-%d %H:%M:%f', 'now')"))
    return datetime.fromisoformat(value)


class PortalLease:
    """The lease of one portal for this process: :meth:`acquire`, :meth:`renew`, :meth:`release`."""

    def __init__(self, engine: Engine, portal_id: str, holder: Holder,
                 ttl: float = DEFAULT_TTL_SECONDS):
        self.engine = engine
        self.portal_id = portal_id
        self.holder = holder
        self.ttl = timedelta(seconds=ttl)
        self.token = uuid.uuid4().hex
        self.held = False

    def _values(self, now: datetime) -> dict:
        return {"token": self.token, "host": self.holder.host, "pid": self.holder.pid,
                "process_key": self.holder.process_key, "data_dir": self.holder.data_dir,
                "acquired_at": now, "heartbeat_at": now, "expires_at": now + self.ttl}

    def acquire(self) -> None:
        """Take the lease, or raise :class:`PortalLocked` naming the live holder."""
        now = db_now(self.engine)
        try:
            with self.engine.begin() as conn:
                conn.execute(insert(LeaseRow).values(portal_id=self.portal_id, **self._values(now)))
            self.held = True
            return
        except IntegrityError:
            pass  # a lease row exists: is it stale?
        with self.engine.begin() as conn:
            row = conn.execute(select(LeaseRow).where(LeaseRow.portal_id == self.portal_id)).one_or_none()
        if row is None:  # released between our insert and our read: try once more
            return self._retry()
        current = Holder(row.host, row.pid, row.process_key, row.data_dir)
        since = f"since {row.acquired_at:%Y-%m-%d %H:%M:%S} UTC, last heartbeat {row.heartbeat_at:%H:%M:%S}"
        if row.expires_at > now and not current.is_dead_here():
            raise PortalLocked(self.portal_id, f"{current.describe()}, {since}")
        why = "expired" if row.expires_at <= now else "its process is gone"
        with self.engine.begin() as conn:
            taken = conn.execute(update(LeaseRow).where(
                LeaseRow.portal_id == self.portal_id, LeaseRow.token == row.token,
            ).values(**self._values(now))).rowcount
        if taken != 1:  # another run took it over first
            raise PortalLocked(self.portal_id, "another run that took over a stale lease just now")
        log.warning("%s: took over the stale lease of %s (%s; %s)", self.portal_id,
                    current.describe(), why, since)
        self.held = True

    def _retry(self) -> None:
        now = db_now(self.engine)
        try:
            with self.engine.begin() as conn:
                conn.execute(insert(LeaseRow).values(portal_id=self.portal_id, **self._values(now)))
        except IntegrityError:
            raise PortalLocked(self.portal_id, "another run that started at the same moment") from None
        self.held = True

    def renew(self) -> bool:
        """Heartbeat: push the expiry on. False when the lease is no longer ours."""
        now = db_now(self.engine)
        with self.engine.begin() as conn:
            renewed = conn.execute(update(LeaseRow).where(
                LeaseRow.portal_id == self.portal_id, LeaseRow.token == self.token,
            ).values(heartbeat_at=now, expires_at=now + self.ttl)).rowcount
        if renewed != 1:
            self.held = False
        return renewed == 1

    def release(self) -> None:
        if not self.held:
            return
        with self.engine.begin() as conn:
            conn.execute(delete(LeaseRow).where(LeaseRow.portal_id == self.portal_id,
                                                   LeaseRow.token == self.token))
        self.held = False


class LeaseKeeper(threading.Thread):
    """Renews leases in the background (a thread: extraction may hold the reactor for
    seconds). ``on_lost(portal_id)`` is called once for a lease another run took over."""

    def __init__(self, leases: list[PortalLease], on_lost: Callable[[str], None]):
        super().__init__(name="edunotice-lease-keeper", daemon=True)
        self.leases = leases
        self.on_lost = on_lost
        interval = min(lease.ttl.total_seconds() for lease in leases) if leases else 60.0
        self.interval = interval / HEARTBEATS_PER_TTL
        self.stopping = threading.Event()

    def run(self) -> None:
        while not self.stopping.wait(self.interval):
            for lease in self.leases:
                if not lease.held:
                    continue
                try:
                    alive = lease.renew()
                except Exception as exc:  # noqa: BLE001 - a database hiccup: retry at the next beat
                    log.warning("%s: could not renew the lease (%s); retrying", lease.portal_id, exc)
                    continue
                if not alive:
                    log.error("%s: this run's lease was taken over by another run (it stalled past "
                              "its expiry); stopping this portal's crawl", lease.portal_id)
                    self.on_lost(lease.portal_id)

    def stop(self) -> None:
        self.stopping.set()
        self.join(timeout=5)
