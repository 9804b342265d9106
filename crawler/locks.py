"""One crawl per portal at a time: an OS file lock under ``<data dir>/locks/<portal>.lock``.

The lock is released by the kernel when the process ends, however it ends (SIGKILL
included), so a killed run never leaves a stale lock behind.
"""

from __future__ import annotations

import fcntl
import json
import os
from datetime import UTC, datetime
from pathlib import Path


class PortalLocked(RuntimeError):
    def __init__(self, portal_id: str, holder: str):
        self.portal_id = portal_id
        super().__init__(f"{portal_id} is being crawled by another run ({holder}); skipped")


class PortalLock:
    def __init__(self, data_dir: Path, portal_id: str):
        self.path = Path(data_dir) / "locks" / f"{portal_id}.lock"
        self.portal_id = portal_id
        self.handle = None

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = self.path.open("a+")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "unknown holder"
            handle.close()
            try:
                info = json.loads(holder)
                holder = f"pid {info['pid']} since {info['since']}"
            except (ValueError, KeyError, TypeError):
                pass
            raise PortalLocked(self.portal_id, holder) from None
        handle.seek(0)
        handle.truncate()
        handle.write(json.dumps({"pid": os.getpid(), "since": datetime.now(UTC).isoformat(timespec="seconds")}))
        handle.flush()
        self.handle = handle

    def release(self) -> None:
        if self.handle is not None:
            fcntl.flock(self.handle, fcntl.LOCK_UN)
            self.handle.close()
            self.handle = None
