"""Child processes that die with their parent (Linux ``PR_SET_PDEATHSIG``).

A crawl child of a worker (crawler/workers.py) and an extraction worker of a crawl
(crawler/extractpool.py) must not outlive the process that owns their work: a SIGKILLed
parent leaves nothing behind writing or waiting under its name.
"""

from __future__ import annotations

import ctypes
import os
import signal


def die_with_parent(parent: int) -> None:
    """SIGKILL this process when ``parent`` dies (elsewhere than Linux: nothing; leases cover it)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)
