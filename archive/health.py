"""Health of a portal's crawl run, judged against the portal's own history.

Rules (each gives a reason a person can act on):
- no notice links because the portal needs a browser (a ``needs_browser`` problem was recorded:
  a JavaScript challenge or a script-built list, crawler/challenge.py);
- no notice links found on the list pages (markup changed, or the portal moved);
- errors dominate: more failed fetches than notices fetched, and at least as many as the
  links found (so a run where every notice page failed is broken);
- extraction failures (no title / empty body) above ``EXTRACTION_FAILURE_RATE`` of the
  notices fetched and clearly above the portal's own usual rate;
- a complete walk yields far fewer notice links than the portal's recent median;
- list pages showed rows that look like notices but were not taken (``list_incomplete``
  problem rows: a notice on another host the definition keeps out (``off_host_notices:
  report``), an attachment, a row a selector leaves out).
- suspect pages dominate: most notice pages fetched were quarantined glitches (error or
  maintenance pages, garbage, cut or empty bodies: archive.quarantine). Fewer suspects make
  the run ``attention`` (``Archive.finish_run``), never ``ok``.

Incremental runs fetch few notices and may stop the list walk early, so the link rules
look at ``links_found``, and the drop rule compares only complete walks with complete walks.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

EXTRACTION_FAILURE_RATE = 0.2  # share of notices with no title or empty body
HISTORY_RUNS = 10  # how many earlier finished runs make the portal's baseline
DROP_FACTOR = 0.5  # fewer than this share of the usual notice count is a breakage
SUSPECT_SHARE = 0.5  # more quarantined fetches than this share of the notices fetched is a breakage


@dataclass(frozen=True)
class RunFigures:
    links_found: int  # notice links seen on list pages
    notices_seen: int  # notice pages fetched and stored (304s included)
    errors: int
    extraction_failures: int
    finished: bool = True
    walk_complete: bool = True  # every list page was reached (not an early-stopped incremental walk)
    list_pages: int | None = None  # list pages downloaded; None when unknown
    list_incomplete: int = 0  # list pages whose notice-like rows were not all taken
    needs_browser: int = 0  # pages found to be a JavaScript challenge or a script-built list
    suspect: int = 0  # fetches quarantined as glitches (archive.quarantine)


@dataclass
class Health:
    broken: bool
    reasons: list[str] = field(default_factory=list)


def assess(run: RunFigures, history: list[RunFigures]) -> Health:
    """Judge one run; ``history`` holds the portal's earlier finished runs, newest first."""
    reasons = []
    if not run.finished:
        reasons.append("the run did not finish")
    if run.links_found == 0 and run.needs_browser:
        reasons.append("no notice links: the portal answers with a JavaScript challenge or builds its "
                       "lists with JavaScript (see the needs_browser problems); set 'render: browser'")
    elif run.links_found == 0 and run.list_pages == 0 and run.errors:
        reasons.append("no list page could be downloaded: the portal is down or start_urls are wrong")
    elif run.links_found == 0:
        reasons.append("no notice links found on the list pages: markup changed or start_urls moved")
    elif run.errors > run.notices_seen and run.errors >= run.links_found:
        reasons.append(f"errors dominate: {run.errors} failed fetches, {run.links_found} notice links")
    if run.notices_seen:
        rate = run.extraction_failures / run.notices_seen
        usual = [h.extraction_failures / h.notices_seen for h in history[:HISTORY_RUNS] if h.notices_seen]
        baseline = statistics.median(usual) if usual else 0.0
        if rate > EXTRACTION_FAILURE_RATE and rate > 2 * baseline:
            reasons.append(f"extraction failed on {run.extraction_failures} of {run.notices_seen} notices "
                           f"({rate:.0%}; usually {baseline:.0%})")
    if run.suspect >= 2 and run.suspect > SUSPECT_SHARE * run.notices_seen:
        reasons.append(f"{run.suspect} of {run.notices_seen} notice pages were suspect (error or maintenance "
                       "pages, garbage, cut or empty bodies): the portal had a bad night; nothing was versioned")
    seen = [h.links_found for h in history[:HISTORY_RUNS] if h.links_found and h.walk_complete]
    if run.walk_complete and run.links_found and len(seen) >= 3:
        usual_count = statistics.median(seen)
        if run.links_found < DROP_FACTOR * usual_count:
            reasons.append(f"only {run.links_found} notice links, usually {usual_count:.0f}: list pages lost?")
    if run.list_incomplete:
        reasons.append(f"{run.list_incomplete} list page(s) show notice rows the crawl did not take "
                       "(list_incomplete rows name them): fix the portal's selectors or allowed_domains")
    return Health(bool(reasons), reasons)
