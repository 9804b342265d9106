"""``edunotice crawl --workers N``: portals shared by N worker processes, on one or many machines.

The queue is in Redis (``EDUNOTICE_REDIS_URL``; ``crawler.workqueue``), the archive is one
database (PostgreSQL when several machines write). :func:`run_workers` puts the night's
portals in the queue (or joins the night another machine made, ``--night NAME``), starts N
worker processes and waits until every portal of the night has a summary.

A worker claims one portal at a time and crawls it in a child process forked for it (a
fresh Twisted reactor per portal; the worker itself never starts one, so forking is cheap
and nothing of one portal's crawl outlives it). The child dies with its worker (Linux
``PR_SET_PDEATHSIG``), so a SIGKILLed worker leaves no crawl behind: its heartbeat key
expires after ``EDUNOTICE_WORKER_TTL`` seconds, another worker puts its portal back at the
head of the queue, and whoever claims it takes the portal's lease over (at once on the same
host, where the dead holder's process is seen to be gone; after ``EDUNOTICE_LEASE_SECONDS``
from another machine: until then the claim is retried) and resumes the interrupted run from
the archive (``archive.resume``): what the dead run stored is not fetched again.

Reads (environment): ``EDUNOTICE_REDIS_URL``, ``EDUNOTICE_REDIS_PREFIX`` (default
``edunotice``), ``EDUNOTICE_WORKER_TTL`` (default 30 s).
"""

from __future__ import annotations

import functools
import json
import logging
import multiprocessing
import os
import signal
import time
import uuid
from dataclasses import asdict

from crawler.lifeline import die_with_parent
from crawler.portal import Portal, portal_from_dict
from crawler.run import RunSummary, run_crawl
from crawler.workqueue import NightQueue, worker_id, worker_pid

log = logging.getLogger(__name__)

DEFAULT_PREFIX = "edunotice"
DEFAULT_WORKER_TTL = 30.0
POLL_SECONDS = 0.5  # an idle worker looks for work (and dead workers) this often
LOCKED_RETRY_SECONDS = 5.0  # a dead worker's portal whose lease has not expired yet is retried this often


class RedisNeeded(RuntimeError):
    """--workers was given without EDUNOTICE_REDIS_URL, or Redis cannot be reached."""


class NightFinished(RuntimeError):
    """--night names a night whose portals all have their summary: nothing would be crawled."""


def redis_settings() -> tuple[str, str, float]:
    url = os.environ.get("EDUNOTICE_REDIS_URL")
    if not url:
        raise RedisNeeded("--workers needs a Redis server for the shared queue of portals: set "
                          "EDUNOTICE_REDIS_URL, e.g. EDUNOTICE_REDIS_URL=redis://127.0.0.1:6379/0 "
                          "(or crawl without --workers)")
    prefix = os.environ.get("EDUNOTICE_REDIS_PREFIX") or DEFAULT_PREFIX
    ttl = float(os.environ.get("EDUNOTICE_WORKER_TTL") or DEFAULT_WORKER_TTL)
    return url, prefix, ttl


def connect(url: str):
    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=10, socket_timeout=30)
    try:
        client.ping()
    except redis.RedisError as exc:
        raise RedisNeeded(f"cannot reach Redis at EDUNOTICE_REDIS_URL={url} ({exc}); start it or fix the URL") \
            from None
    return client


def run_workers(portals: list[Portal], db_url: str, overrides: dict, workers: int,
                night: str | None = None) -> tuple[list[RunSummary], list[str]]:
    """Crawl the night's portals with ``workers`` processes; the summaries of every portal of
    the night (in ``portals`` order, then any another machine added) and a line per worker
    that died."""
    url, prefix, ttl = redis_settings()
    night = night or uuid.uuid4().hex
    queue = NightQueue(connect(url), prefix, night, ttl)
    made = queue.create_or_join({p.id: p.as_dict() for p in portals},
                                {p.id: sorted(set(p.allowed_hosts)) for p in portals})
    progress = queue.progress()
    if not made and progress.done:
        raise NightFinished(f"the night '{night}' is already finished ({progress.finished} portals have their "
                            f"summary, under {queue.prefix}* in Redis); give another --night name to crawl again")
    log.info("%s the night's queue %s (%d portals)", "made" if made else "joined", queue.prefix.rstrip(":"),
             progress.portals)
    _warm_up(db_url, overrides)
    context = multiprocessing.get_context("fork")
    procs = [context.Process(target=_worker_main, args=(url, prefix, night, ttl, db_url, overrides),
                             name=f"edunotice-worker-{i + 1}") for i in range(workers)]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join()
    deaths = [f"worker {proc.name} (pid {proc.pid}) died ({_how(proc.exitcode)}); the other workers took its "
              "portals over" for proc in procs if proc.exitcode != 0]
    results = queue.results()
    ordered = [p.id for p in portals] + sorted(set(results) - {p.id for p in portals})
    summaries = [RunSummary(**results[pid]) if pid in results else
                 RunSummary(pid, None, "broken", error_samples=["no worker finished this portal (all workers "
                                                                "died?); run the crawl again to resume it"])
                 for pid in ordered]
    return summaries, deaths


_COMPONENTS = ("DOWNLOADER_MIDDLEWARES_BASE", "DOWNLOADER_MIDDLEWARES", "SPIDER_MIDDLEWARES_BASE",
               "SPIDER_MIDDLEWARES", "ITEM_PIPELINES", "EXTENSIONS_BASE", "EXTENSIONS")
_HANDLERS = ("DOWNLOAD_HANDLERS_BASE", "DOWNLOAD_HANDLERS")
_CLASSES = ("SCHEDULER", "DUPEFILTER_CLASS", "STATS_CLASS", "SCHEDULER_PRIORITY_QUEUE", "SCHEDULER_MEMORY_QUEUE",
            "DOWNLOADER", "SPIDER_LOADER_CLASS", "TWISTED_DNS_RESOLVER", "REQUEST_FINGERPRINTER_CLASS")


def _warm_up(db_url: str, overrides: dict) -> None:
    """Import every Scrapy component a crawl loads (Scrapy imports them lazily: the HTTP
    download handler alone took 2.6 s under load) and run extraction once, before forking,
    so each portal's child starts warm. No reactor is installed here (checked)."""
    import sys

    from scrapy.utils.misc import load_object

    from crawler.extract import extract
    from crawler.run import crawl_settings

    settings = crawl_settings(db_url, overrides)
    paths = [p for key in _COMPONENTS for p, order in settings.getdict(key).items() if order is not None]
    paths += [p for key in _HANDLERS for p in settings.getdict(key).values() if p]
    paths += [settings.get(key) for key in _CLASSES]
    for path in paths:
        if isinstance(path, str) and "." in path:
            load_object(path)
    extract("<html><head><title>通知</title></head><body><div>关于做好工作的通知。</div></body></html>".encode(),
            "http://127.0.0.1/warm-up.html")
    if "twisted.internet.reactor" in sys.modules:  # a component installed one: children could not pick theirs
        raise RuntimeError("a Twisted reactor was installed before forking the workers")


def _how(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        return f"signal {signal.Signals(-exitcode).name}"
    return f"exit code {exitcode}"


def _worker_main(url: str, prefix: str, night: str, ttl: float, db_url: str, overrides: dict) -> None:
    """One worker process; a lost Redis ends it with one line (its portal is resumed later)."""
    import redis

    try:
        _work(url, prefix, night, ttl, db_url, overrides)
    except redis.RedisError as exc:
        log.error("worker pid %d: lost the queue in Redis (%s, EDUNOTICE_REDIS_URL=%s); stopping. The portal "
                  "it was crawling is resumed by another worker or the next run", os.getpid(), exc, url)
        raise SystemExit(1) from None


def _work(url: str, prefix: str, night: str, ttl: float, db_url: str, overrides: dict) -> None:
    """Claim a portal, crawl it in a child, report; until the night is done."""
    queue = NightQueue(connect(url), prefix, night, ttl)
    me = worker_id()
    queue.beat(me, None)
    while True:
        queue.beat(me, None)
        for portal_id, dead in queue.requeue_dead():
            log.warning("%s: worker %s stopped beating (dead); portal back in the queue", portal_id, dead)
        portal_id = queue.claim(me, time.time())
        if portal_id is None:
            if queue.progress().done:
                return
            time.sleep(POLL_SECONDS)
            continue
        log.info("%s: claimed by worker %s", portal_id, me)
        portal = portal_from_dict(queue.definition(portal_id), f"queue {night} portal {portal_id}")
        summary = _crawl_in_child(portal, db_url, overrides, functools.partial(queue.beat, me, portal_id), ttl)
        if summary.status == "locked" and queue.requeued(portal_id):
            # A dead worker's portal whose lease is held by a holder on another machine until it
            # expires: try again later rather than report a portal that is only waiting.
            lease_seconds = float(overrides.get("EDUNOTICE_LEASE_SECONDS")
                                  or os.environ.get("EDUNOTICE_LEASE_SECONDS") or 120)
            attempts = queue.retry_later(me, portal_id, time.time() + LOCKED_RETRY_SECONDS)
            if attempts * LOCKED_RETRY_SECONDS < 1.5 * lease_seconds + 30:
                continue
            queue.finish(me, portal_id, asdict(summary))
            continue
        log.info("%s: %s (worker %s)", portal_id, summary.status, me)
        if not queue.finish(me, portal_id, asdict(summary)):
            log.warning("%s: this worker was presumed dead while crawling it (heartbeat late); "
                        "its summary is kept", portal_id)


def _crawl_in_child(portal: Portal, db_url: str, overrides: dict, beat, ttl: float) -> RunSummary:
    """Crawl one portal in a forked child (one reactor per portal); beat while waiting."""
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_child_main, args=(portal, db_url, overrides, send, os.getpid()),
                            name=f"edunotice-crawl-{portal.id}")
    child.start()
    send.close()
    interval = max(ttl / 5, 0.2)
    while child.is_alive():
        child.join(interval)
        beat()
    if receive.poll():
        return RunSummary(**json.loads(receive.recv()))
    return RunSummary(portal.id, None, "broken",
                      error_samples=[f"the crawl process died ({_how(child.exitcode)}); the next run resumes it"])


def _child_main(portal: Portal, db_url: str, overrides: dict, send, parent: int) -> None:
    die_with_parent(parent)
    summaries = run_crawl([portal], db_url, overrides)
    send.send(json.dumps(asdict(summaries[0]), ensure_ascii=False))


def worker_pids(queue: NightQueue) -> dict[str, int]:
    """Portal -> pid of the worker crawling it (tests and monitoring)."""
    return {portal: worker_pid(worker) for portal, worker in queue.progress().running.items()}
