"""The per-portal crawl lock, across real processes."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from crawler.locks import PortalLock, PortalLocked

HOLD = """
import sys, time
from crawler.locks import PortalLock
lock = PortalLock(sys.argv[1], "qingyuan_edu"); lock.acquire(); print("held", flush=True); time.sleep(60)
"""


def test_second_holder_is_refused_naming_the_first_and_a_killed_holder_leaves_no_stale_lock(tmp_path):
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(tmp_path)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(PortalLocked, match=f"pid {holder.pid} since"):
            PortalLock(tmp_path, "qingyuan_edu").acquire()
        PortalLock(tmp_path, "kaiping_edu").acquire()  # other portals are independent
    finally:
        holder.kill()  # SIGKILL: no clean-up code runs
        holder.wait()
    deadline = time.monotonic() + 5
    lock = PortalLock(tmp_path, "qingyuan_edu")
    while True:
        try:
            lock.acquire()
            break
        except PortalLocked:
            assert time.monotonic() < deadline
            time.sleep(0.05)
    lock.release()
