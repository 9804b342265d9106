"""The archive writer: one thread per crawl process that does every archive write of the store.

The reactor thread only crawls: ``StorePipeline`` hands each item's archive work (copy
detection, versions, the transaction's commit) to :func:`run_in_writer` and awaits the result,
so downloads and parsing go on while a notice is being stored (the items that wait meanwhile
go in one job, one transaction with a savepoint per item: StorePipeline). One thread, not a pool: every
write of the process is serialised as it was on the reactor (no two SQLite writers of ours
wait on each other's lock, no SQLAlchemy session crosses threads), and the order of one
portal's writes is the order its items arrived in (the run is closed after its last notice).

The queue is bounded by ``EDUNOTICE_STORE_QUEUE`` items waiting per portal (StorePipeline):
past it, new items wait on the reactor side, the scraper's active size grows and Scrapy
stops scheduling downloads (its own back-pressure), so memory stays bounded whatever the
database's speed.

The thread is started on first use and stopped (after its queue is done) when the reactor
shuts down. ``EDUNOTICE_WRITER_THREAD = False`` makes :func:`writer_for` run the same work
inline on the reactor, as before the writer existed (the reference the writer is tested against).
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from twisted.internet import defer
from twisted.internet.threads import deferToThreadPool
from twisted.python.threadpool import ThreadPool

log = logging.getLogger(__name__)
T = TypeVar("T")
THREAD_NAME = "edunotice-archive-writer"
SWITCH_INTERVAL = 0.0005  # seconds a thread holds the GIL before the other may take it
_pool: ThreadPool | None = None
_lock = threading.Lock()


def _writer_pool() -> ThreadPool:
    global _pool
    with _lock:
        if _pool is None:
            from twisted.internet import reactor

            # The writer runs Python (copy detection, the ORM) holding the GIL; at the default 5 ms
            # switch interval the reactor waited up to 5 ms for it after every network event.
            sys.setswitchinterval(SWITCH_INTERVAL)
            pool = ThreadPool(minthreads=1, maxthreads=1, name=THREAD_NAME)
            pool.start()
            reactor.addSystemEventTrigger("during", "shutdown", _stop, pool)
            _pool = pool
        return _pool


def _stop(pool: ThreadPool) -> None:
    global _pool
    with _lock:
        if _pool is pool:
            _pool = None
    pool.stop()  # waits for the work already queued


def run_in_writer(work: Callable[..., T], *args: Any, **kwargs: Any) -> defer.Deferred[T]:
    """Run ``work(*args, **kwargs)`` on the writer thread; a Deferred fired on the reactor."""
    from twisted.internet import reactor

    return deferToThreadPool(reactor, _writer_pool(), work, *args, **kwargs)


def run_inline(work: Callable[..., T], *args: Any, **kwargs: Any) -> defer.Deferred[T]:
    """Run ``work`` here and now (on the reactor); the same Deferred interface."""
    return defer.maybeDeferred(work, *args, **kwargs)


def writer_for(settings) -> Callable[..., defer.Deferred]:
    """How a component runs its archive writes: on the writer thread unless
    ``EDUNOTICE_WRITER_THREAD`` is off."""
    return run_in_writer if settings.getbool("EDUNOTICE_WRITER_THREAD", True) else run_inline


def on_writer_thread() -> bool:
    """True on the writer thread (checks and tests)."""
    return THREAD_NAME in threading.current_thread().name  # Twisted names it PoolThread-<name>-<n>


def stop_for_archive_error(crawler, portal_id: str, what: str, exc: BaseException) -> None:
    """The archive refused a write: say so and stop the crawl (finish reason ``archive_error``);
    the portal's next run resumes it."""
    from scrapy.utils.defer import deferred_from_coro

    log.error("%s: the archive refused a write for %s (%s: %s); stopping this run, the next run resumes it. "
              "Check the database (--db / $EDUNOTICE_DB): space, connection, permissions.",
              portal_id, what, type(exc).__name__, (str(exc).splitlines() or [""])[0])
    deferred_from_coro(crawler.engine.close_spider_async(reason="archive_error"))
