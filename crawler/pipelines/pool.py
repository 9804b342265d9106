"""The extraction pool: worker processes for the CPU-heavy part of a notice's extraction.

The crawl process's threads share one interpreter lock, so extraction on the reactor holds
up downloads and the archive writer alike. Past a few hundred notices (``POOL_AFTER``) a
pool of processes pays its start: ``run_in_pool`` sends a call to it and returns a
Deferred fired on the reactor. One pool per crawl process, forked when first needed (the
extractor is imported and warm by then, so a worker starts at once), stopped when the
reactor shuts down. A worker dies with the crawl process (Linux: PR_SET_PDEATHSIG), so a
killed crawl leaves no process behind.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

from twisted.internet import defer

POOL_AFTER = 200  # notices of a portal extracted in the crawl process before the pool is used
_pool: ProcessPoolExecutor | None = None
_lock = threading.Lock()


def default_workers() -> int:
    """One worker per core beyond the first (the crawl process keeps one)."""
    return max((os.cpu_count() or 1) - 1, 0)


def _worker_init(parent: int) -> None:
    from crawler.workers import _die_with_parent

    _die_with_parent(parent)


def _executor(workers: int) -> ProcessPoolExecutor:
    global _pool
    with _lock:
        if _pool is None:
            from twisted.internet import reactor

            _pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"),
                                        initializer=_worker_init, initargs=(os.getpid(),))
            reactor.addSystemEventTrigger("during", "shutdown", _stop)
        return _pool


def _stop() -> None:
    global _pool
    with _lock:
        pool, _pool = _pool, None
    if pool is not None:
        pool.shutdown(wait=True, cancel_futures=True)


def run_in_pool(workers: int, work: Callable[..., Any], *args: Any, **kwargs: Any) -> defer.Deferred:
    """Run ``work(*args, **kwargs)`` in a worker process; a Deferred fired on the reactor."""
    from twisted.internet import reactor

    done: defer.Deferred = defer.Deferred()

    def report(future: Future) -> None:
        exc = future.exception()
        if exc is not None:
            reactor.callFromThread(done.errback, exc)
        else:
            reactor.callFromThread(done.callback, future.result())

    _executor(workers).submit(work, *args, **kwargs).add_done_callback(report)
    return done
