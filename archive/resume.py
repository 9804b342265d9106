"""Resume a crawl that was killed: the archive itself is the checkpoint.

Every fetched notice is stored in its own transaction, so after a SIGKILL, a crash or a
power cut the archive holds exactly what the dead run finished, while its ``crawl_runs``
row still says ``running``. The next run of the portal, holding the portal's lease (so the
old run is certainly dead), calls :func:`take_over`: the dead rows become ``interrupted``
(finished at their last recorded activity, with a reason), and the new run gets a
:class:`ResumePoint`. A run stopped cleanly before the end (SIGTERM or Ctrl-C: Scrapy's
finish reason ``shutdown``) is resumed the same way. With it the spider

- requests none of the notices the interrupted runs already stored (a 200 or a 304), and
- does not count notices those runs discovered as "known" when deciding to stop the list
  walk early, so it walks as far as the interrupted run would have.

Scrapy's own JOBDIR is not used: it saves the request queue only when the spider closes
cleanly (``requests.queue/active.json`` is written in ``Scheduler.close``) and its
``requests.seen`` file records a request when it is queued, not when it is downloaded,
so after a SIGKILL it would, if anything, make the next run skip pages never fetched.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from archive.models import CrawlRun, Document, FetchError, Observation
from archive.store import Archive

INTERRUPTED = "interrupted"  # crawl_runs.status and finish_reason of a run found dead
COMPLETED = "finished"  # Scrapy's finish reason for a crawl that ran out of requests


@dataclass(frozen=True)
class ResumePoint:
    run_ids: tuple[int, ...]  # the interrupted runs this run continues, oldest first
    since: datetime  # when the first of them started
    done: frozenset[str]  # canonical URLs they fetched and stored (200 or 304)
    found: frozenset[str]  # canonical URLs of documents they archived for the first time


def take_over(archive: Archive, portal_id: str) -> ResumePoint | None:
    """Mark the portal's dead runs ``interrupted``; what a new run needs to resume them.

    The runs resumed are those since the portal's last run that completed (killed, crashed
    or stopped early). Call only while holding the portal's lease (``archive.lease``): a
    ``running`` row is then a run that died. Returns None when the last run completed.
    """
    with archive.sessions.begin() as s:
        last_completed = s.scalar(select(func.max(CrawlRun.id)).where(
            CrawlRun.portal_id == portal_id, CrawlRun.finish_reason == COMPLETED)) or 0
        runs = s.scalars(select(CrawlRun).where(
            CrawlRun.portal_id == portal_id, CrawlRun.id > last_completed).order_by(CrawlRun.id)).all()
        if not runs:
            return None
        ids = tuple(run.id for run in runs)
        for run in runs:
            if run.status == "running":
                _mark_interrupted(s, run)
        done = s.scalars(select(Document.url).join(Observation, Observation.document_id == Document.id)
                         .where(Observation.run_id.in_(ids), Observation.version_id.is_not(None))).all()
        since = runs[0].started_at
        found = s.scalars(select(Document.url).where(Document.portal_id == portal_id,
                                                     Document.first_seen >= since)).all()
    return ResumePoint(ids, since, frozenset(done), frozenset(found))


def _mark_interrupted(s, run: CrawlRun) -> None:
    """A dead run: finished when it last recorded something, with a reason a person can read."""
    last = [run.started_at,
            s.scalar(select(func.max(Observation.fetched_at)).where(Observation.run_id == run.id)),
            s.scalar(select(func.max(FetchError.at)).where(FetchError.run_id == run.id))]
    run.status = run.finish_reason = INTERRUPTED
    run.finished_at = max(t for t in last if t is not None)
    run.walk_complete = False
    run.health_reasons = ["the run stopped without finishing (killed or crashed); the next run resumed it"]
