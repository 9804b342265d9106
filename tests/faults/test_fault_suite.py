"""The fault suite: two crawl nights of the fault portal (crawler/localportals/faultsuite.py).

Night 1 every case is healthy and archived; night 2 every case misbehaves. One table says,
per notice, what the archive must show after night 2: archived correctly (unchanged),
withdrawn, quarantined (an observation with its ``suspect`` reason and no new version:
archive.quarantine), or a problem row of a given kind, with a non-empty reason. Whatever night 2
did, nothing archived on night 1 changed, and the victim server on another port of the
same machine never received a request.
"""

from __future__ import annotations

import hashlib

import yaml
from sqlalchemy import select

from archive.models import CrawlRun, Document, FetchError, Observation, Version
from archive.store import Archive
from archive.urls import canonical_url
from crawler.localportals.faultsuite import (
    CASES,
    LIST_PATH,
    REDIRECTED_ATTACHMENT,
    REDIRECTED_LIST_PATH,
    portal_definition,
    serve_fault_suite,
)
from tests.faults.nightly import crawl_night

ARCHIVED, WITHDRAWN = "archived", "withdrawn"
# case -> (outcome after night 2, kind of the problem row it must leave, or None)
EXPECTED: dict[str, tuple[str, str | None]] = {
    "ok": (ARCHIVED, None),
    "burst_503": (ARCHIVED, None),  # the retry recovers
    "always_500": (ARCHIVED, "http_status"),
    "timeout": (ARCHIVED, "timeout"),
    "trickle": (ARCHIVED, "timeout"),
    # Bodies cut short are kept as observations with their reason, never as versions.
    "truncated_cl": ("suspect: truncated", "truncated"),
    "truncated_nocl": ("suspect: truncated", None),
    # Content-Length longer than the body: Scrapy flags "dataloss" (pages are fetched with
    # download_fail_on_dataloss off): a problem row; the bytes that came are night 1's whole
    # page, so nothing changes (other bytes would be quarantined as truncated, like truncated_cl).
    "cl_lie_long": (ARCHIVED, "truncated"),
    # Content-Length shorter than the body: Twisted keeps the announced bytes and drops the
    # rest silently; the handler flags the overrun (crawler/streaming.py): a problem row.
    "cl_overrun": (ARCHIVED, "content_length"),
    "gzip_bomb": (ARCHIVED, "too_large"),
    "deflate_bomb": (ARCHIVED, "too_large"),
    "oversized": (ARCHIVED, "too_large"),
    "oversized_nocl": (ARCHIVED, "too_large"),
    "charset_lie": (ARCHIVED, None),  # same text: no new version
    "binary_as_html": ("suspect: garbage", None),
    "redirect_loop": (ARCHIVED, "redirect"),
    "redirect_offport": (ARCHIVED, "redirect"),
    "redirect_offhost": (ARCHIVED, "redirect"),
    "soft404": (WITHDRAWN, None),
    # A not-found template served with 200: a problem row, never a version of the notice.
    "soft404_200": (ARCHIVED, "soft_404"),
    "soft404_200_short": (ARCHIVED, "soft_404"),
    "robots_blocked": (ARCHIVED, "robots"),
    "escapes": (ARCHIVED, None),
    "big_attachment": (ARCHIVED, "too_large"),  # the notice is kept, its attachment is not
    "attachment_offport": (ARCHIVED, "attachment"),  # the redirect leaves the portal: not followed
    "attachment_redirect": (ARCHIVED, None),  # a 302 on the portal's host is followed to the file
    # An attachment whose body is longer (overrun flag) or shorter (ResponseDataLossError)
    # than its Content-Length is not archived: a problem row; the night-1 file stays.
    "attachment_cl_short": (ARCHIVED, "attachment"),
    "attachment_cl_long": (ARCHIVED, "attachment"),
}

ATTACHMENTS = {"big_attachment": "/files/big.pdf", "attachment_offport": "/files/moved.pdf",
               "attachment_redirect": "/files/get.pdf",
               "attachment_cl_short": "/files/short.pdf", "attachment_cl_long": "/files/long.pdf"}


def _snapshot(db_url: str) -> dict[tuple[str, int], tuple]:
    with Archive(db_url) as archive, archive.sessions() as s:
        rows = s.execute(select(Document.url, Version.version, Version.content_sha256, Version.text,
                                Version.title, Version.fetched_at).join(Version.document))
        return {(url, no): rest for url, no, *rest in rows}


def test_every_fault_is_archived_or_recorded_and_history_is_untouched(tmp_path):
    assert set(EXPECTED) == set(CASES), "every case of the fault server needs a row in the table"
    db_url = f"sqlite:///{tmp_path / 'archive.sqlite'}"
    # Night 1 is all healthy: a long timeout, so a loaded machine's slow answer is not a fault.
    # Night 2's timeout (3 s) sits well under the server's stall (6 s) and well above a
    # healthy answer on a busy machine (1.5 s was seen to cut healthy pages under load).
    with serve_fault_suite(slow_seconds=6.0) as server:
        definition = tmp_path / "fault_suite.yaml"
        definition.write_text(yaml.safe_dump(portal_definition(server), allow_unicode=True), encoding="utf-8")
        [night1] = crawl_night([definition], db_url, tmp_path / "data", {"DOWNLOAD_TIMEOUT": 20})
        before = _snapshot(db_url)
        server.night = 2
        [night2] = crawl_night([definition], db_url, tmp_path / "data", {"DOWNLOAD_TIMEOUT": 3})
        victim_hits = list(server.victim.hits)
        list_pages_night2 = {n for n in range(0, 6) if server.requests_for(
            LIST_PATH if n == 0 else LIST_PATH.replace("index", f"index_{n}"), night=2)}

    assert night1["new_documents"] == len(CASES), night1["error_samples"]
    assert victim_hits == [], "a request reached another port of the machine"
    after = _snapshot(db_url)
    assert {k: v for k, v in after.items() if k in before} == before, "night 2 changed archived history"

    base = server.base_url
    with Archive(db_url) as archive, archive.sessions() as s:
        run2 = s.scalar(select(CrawlRun).where(CrawlRun.id == night2["run_id"]))
        errors = s.scalars(select(FetchError).where(FetchError.run_id == run2.id)).all()
        assert all(e.message and e.message.strip() for e in errors), [e.kind for e in errors if not e.message]
        kinds_by_url: dict[str, set[str]] = {}
        for e in errors:
            kinds_by_url.setdefault(canonical_url(e.url), set()).add(e.kind)
        outcomes = {}
        for case, (outcome, problem) in EXPECTED.items():
            url = canonical_url(f"{base}/n/{case}.html")
            doc = s.scalar(select(Document).where(Document.url == url))
            versions = s.scalars(select(Version).where(Version.document_id == doc.id)
                                 .order_by(Version.version)).all()
            if outcome == ARCHIVED:
                got = ARCHIVED if len(versions) == 1 and doc.withdrawn_at is None else f"{len(versions)} versions"
            elif outcome == WITHDRAWN:
                got = WITHDRAWN if doc.withdrawn_at is not None and len(versions) == 1 else "not withdrawn"
            else:
                night2_seen = s.scalars(select(Observation.suspect).where(
                    Observation.document_id == doc.id, Observation.run_id == run2.id)).all()
                got = (f"suspect: {night2_seen[-1]}" if len(versions) == 1 and night2_seen and night2_seen[-1]
                       else f"{len(versions)} versions, suspect {night2_seen}")
            urls = {url} | ({canonical_url(base + ATTACHMENTS[case])} if case in ATTACHMENTS else set())
            kinds = set().union(*(kinds_by_url.get(u, set()) for u in urls))
            outcomes[case] = (got, problem if problem in kinds else (sorted(kinds) or None))
            shown = "; ".join(f"{e.kind}: {e.message[:90]}" for e in errors if canonical_url(e.url) in urls)
            print(f"{case:<20} {got:<20} {shown or '-'}")  # the probe table (pytest -s)
            assert versions[0].title == f"关于{case}的通知"
        assert outcomes == EXPECTED, "\n".join(f"{e.kind} {e.url} {e.message}" for e in errors)

        # The followed download link archived the file's bytes under the link the page gives.
        followed = s.scalar(select(Document).where(Document.url == canonical_url(f"{base}/n/attachment_redirect.html")))
        [attachment] = s.scalars(select(Version.attachments).where(Version.document_id == followed.id)).one()
        assert attachment["sha256"] == hashlib.sha256(REDIRECTED_ATTACHMENT).hexdigest()
        assert canonical_url(attachment["url"]) == canonical_url(base + "/files/get.pdf")

        # A list page redirected to another port is not followed (the spider follows list
        # redirects itself and checks scope first), with a row naming the target.
        assert any(e.kind in ("scope", "list_redirect") and REDIRECTED_LIST_PATH in e.url for e in errors), \
            sorted({e.kind for e in errors})
        assert server.requests_for(REDIRECTED_LIST_PATH, night=2) == 1
        # Endless pagination stops at max_list_pages (3) and the walk says it is incomplete.
        assert list_pages_night2 == {0, 1, 2}
        assert run2.walk_complete is False
