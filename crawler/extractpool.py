"""Extraction off the crawl process: worker processes that run ``crawler.reextract.derive``.

The reactor thread downloads, captures and parses list pages; the writer thread stores
(crawler/writer.py); both share one interpreter lock, and extraction, pure Python over each
notice page, was ~40% of the reactor thread's time (py-spy, 3,000-notice local portal). In a
worker process it runs on the other core. ``ExtractPipeline`` sends each page's bytes and
hints and awaits the record; everything else of the pipeline (the glitch verdict, soft 404s,
caps and problems) stays on the reactor, so records and problems are the same as inline.

Reads ``EDUNOTICE_EXTRACT_PROCESSES``: worker processes for extraction (default 1; 0 extracts
inline on the reactor, as before). One pool per crawl process, shared by its portals, started
once the process has extracted ``EDUNOTICE_EXTRACT_POOL_AFTER`` pages inline (default 200; a spawned worker costs ~1-2 s of
CPU to start: a night of small incremental portals, one crawl child each, never pays it) and
shut down with the reactor (spawned: no thread of the crawl is forked). A
worker dies with the crawl process (Linux ``PR_SET_PDEATHSIG``), so a SIGKILLed crawl leaves
none behind. If the pool breaks (a worker killed), extraction goes on inline on the reactor and
the log says so once: no page is lost for it.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from crawler.lifeline import die_with_parent
from crawler.reextract import derive

log = logging.getLogger(__name__)
POOL_AFTER = 200  # notice pages a crawl process extracts inline before it starts the pool
_pool: ProcessPoolExecutor | None = None
_inline = 0  # pages extracted inline so far in this process
_broken = False
_lock = threading.Lock()


def _worker_init(parent: int) -> None:
    """In each worker: die with the crawl process; load the extraction rules before the first page."""
    die_with_parent(parent)
    derive(b"<html><body><p>warm</p></body></html>", url="http://127.0.0.1/warm.html")


def extraction_pool(settings) -> ProcessPoolExecutor | None:
    """The process's extraction pool for the next page, or None to extract it inline (setting 0,
    the process's first EDUNOTICE_EXTRACT_POOL_AFTER pages, or the pool broke)."""
    global _pool, _inline
    processes = settings.getint("EDUNOTICE_EXTRACT_PROCESSES", 1)
    if processes <= 0 or _broken:
        return None
    with _lock:
        if _pool is None and _inline < settings.getint("EDUNOTICE_EXTRACT_POOL_AFTER", POOL_AFTER):
            _inline += 1
            return None
        if _pool is None:
            from twisted.internet import reactor

            _pool = ProcessPoolExecutor(max_workers=processes, mp_context=multiprocessing.get_context("spawn"),
                                        initializer=_worker_init, initargs=(os.getpid(),))
            reactor.addSystemEventTrigger("during", "shutdown", _shutdown, _pool)
        return _pool


def _shutdown(pool: ProcessPoolExecutor) -> None:
    global _pool
    with _lock:
        if _pool is pool:
            _pool = None
    pool.shutdown(wait=True, cancel_futures=True)  # reaped: their CPU time counts in the crawl's


async def derive_in(pool: ProcessPoolExecutor, body: bytes, **kwargs) -> dict:
    """``derive(body, **kwargs)`` in a worker (on the reactor's loop); inline if the pool broke."""
    global _broken
    try:
        return await asyncio.wrap_future(pool.submit(derive, body, **kwargs))
    except BrokenProcessPool as exc:
        if not _broken:
            _broken = True
            log.warning("the extraction worker process died (%s); extracting inline on the crawl thread "
                        "from now on", exc)
        return derive(body, **kwargs)
