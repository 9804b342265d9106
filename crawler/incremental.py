"""Incremental crawling rules: which known notices to re-check, and how.

Portals edit recent notices and silently delete old ones, so a known notice is re-checked
on a schedule that follows its age (``RECHECK_SCHEDULE``, overridable with the
``EDUNOTICE_RECHECK_SCHEDULE`` setting: a list of ``[max_age_days, every_days]``, the last
with ``max_age_days`` null). A re-check is a conditional request (If-None-Match /
If-Modified-Since from the last observation); a 304 is an observation, not a download.
A list sorted oldest first (``oldest_first``) never ends an incremental walk early: its new
notices come on its last pages.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from itertools import pairwise

from archive.store import KnownDocument

# (notices up to this many days old, are re-checked every this many days); None = older.
RECHECK_SCHEDULE: tuple[tuple[int | None, float], ...] = ((30, 0), (365, 7), (None, 30))


def _age_days(published: str | None, now: datetime) -> int | None:
    if not published:
        return None
    try:
        return (now.date() - date.fromisoformat(published[:10])).days
    except ValueError:
        return None


def recheck_due(known: KnownDocument, now: datetime,
                schedule: tuple[tuple[int | None, float], ...] = RECHECK_SCHEDULE) -> bool:
    """True when a known notice should be fetched (conditionally) in this run."""
    if known.withdrawn or known.last_checked is None:
        return True  # a withdrawn page may come back: always look
    age = _age_days(known.published, now)
    if age is None:
        every = schedule[0][1]  # undated: treat as recent, the cautious choice
    else:
        every = next(days for max_age, days in schedule if max_age is None or age <= max_age)
    return now - known.last_checked >= timedelta(days=every)


def conditional_headers(known: KnownDocument) -> dict[str, str]:
    """Validators of the last fetch; none for a page with attachments, which is fetched whole
    so its attachments are downloaded and compared again (a replaced file is a new version),
    nor for a notice over several pages (a 304 for its first page says nothing of the others)."""
    headers = {}
    if known.has_attachments or known.more_pages:
        return headers
    if known.etag:
        headers["If-None-Match"] = known.etag
    if known.last_modified:
        headers["If-Modified-Since"] = known.last_modified
    return headers


def oldest_first(notices) -> bool:
    """The list's rows run from old to new (most neighbouring dated rows ascend): a pinned row
    or two out of order does not decide it."""
    dates = [n.published for n in notices if n.published]
    up = sum(a < b for a, b in pairwise(dates))
    down = sum(a > b for a, b in pairwise(dates))
    return up >= 2 and up > 2 * down
