"""Polling for a condition another process brings about (crawls in subprocesses, workers)."""

from __future__ import annotations

import time


def wait_for(condition, timeout: float = 60, what: str = "condition"):
    """The first truthy value of ``condition()``, polled every 50 ms; AssertionError after ``timeout``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")
