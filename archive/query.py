"""The archive's read side: notice records, search, document histories and copies for researchers."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import Select, case, func, or_, select
from sqlalchemy.orm import Session

from archive.models import Derivation, Document, Observation, PendingCopyLink, Version
from archive.record import DERIVED_FIELDS, archived_record


def latest_derivation(s: Session, version: Version) -> Derivation | None:
    """The newest re-derivation of ``version``; None when its own fields are the latest."""
    return s.scalars(select(Derivation).where(Derivation.version_id == version.id)
                     .order_by(Derivation.id.desc()).limit(1)).one_or_none()


def current_record(s: Session, doc: Document, version: Version) -> dict:
    """A version's public record as its latest derivation reads it (what readers show)."""
    return notice_record(doc, version, latest_derivation(s, version))


def current_records(s: Session, rows: list[tuple[Document, Version]]) -> dict[int, dict]:
    """``current_record`` of many versions at once, keyed by version id: one query for their
    latest derivations instead of one per version (exports and result pages)."""
    ids = [v.id for _, v in rows]
    newest: dict[int, Derivation] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        top = (select(func.max(Derivation.id)).where(Derivation.version_id.in_(chunk))
               .group_by(Derivation.version_id))
        newest.update((d.version_id, d) for d in s.scalars(select(Derivation).where(Derivation.id.in_(top))))
    return {v.id: notice_record(d, v, newest.get(v.id)) for d, v in rows}


def notice_record(doc: Document, version: Version, derivation: Derivation | None = None) -> dict:
    """The public notice record of one archived version, as its latest derivation reads it
    (fields: archive/record.py; ``extractor`` names the extractor that derived them)."""
    record = archived_record(doc, version)
    if derivation is not None:
        record.update(archived_record(doc, derivation, fields=DERIVED_FIELDS))
    return record


def _latest_versions() -> Select:
    """(document, latest version, its latest derivation or None) rows."""
    latest = (
        select(Version.document_id, func.max(Version.version).label("v"))
        .group_by(Version.document_id)
        .subquery()
    )
    newest_derivation = (select(func.max(Derivation.id)).where(Derivation.version_id == Version.id)
                         .correlate(Version).scalar_subquery())
    return (
        select(Document, Version, Derivation)
        .join(Version, Version.document_id == Document.id)
        .join(latest, (latest.c.document_id == Version.document_id) & (latest.c.v == Version.version))
        .outerjoin(Derivation, Derivation.id == newest_derivation)
    )


def _read(column: str):
    """A record column as readers see it: the latest derivation's, else the version's."""
    return case((Derivation.id.is_not(None), getattr(Derivation, column)), else_=getattr(Version, column))


@dataclass(frozen=True)
class SearchFilters:
    portal: tuple[str, ...] = ()
    since: str | None = None  # ISO date, inclusive, on `published`
    until: str | None = None  # ISO date, inclusive
    withdrawn: bool = False


def _escape_like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def latest_records(s: Session, filters: SearchFilters = SearchFilters(),
                   terms: tuple[str, ...] = (), limit: int | None = None) -> Iterator[dict]:
    """Latest version of each document matching every term (title or normalised text),
    newest first, streamed from the database (an export never holds the archive in memory)."""
    stmt = _latest_versions()
    for term in terms:
        pattern = f"%{_escape_like(term)}%"
        stmt = stmt.where(or_(_read("title").like(pattern, escape="\\"),
                              _read("text_normalized").like(pattern, escape="\\")))
    if filters.portal:
        stmt = stmt.where(Document.portal_id.in_(filters.portal))
    if filters.since:
        stmt = stmt.where(_read("published") >= filters.since)
    if filters.until:
        # published may carry a time ("2022-01-12T17:20"): compare on the date part.
        stmt = stmt.where(func.substr(_read("published"), 1, 10) <= filters.until)
    if filters.withdrawn:
        stmt = stmt.where(Document.withdrawn_at.is_not(None))
    stmt = stmt.order_by(_read("published").desc().nulls_last(), Document.id)
    if limit is not None:
        stmt = stmt.limit(limit)
    for doc, version, derivation in s.execute(stmt.execution_options(yield_per=500)):
        yield notice_record(doc, version, derivation)


def document_history(s: Session, document_id: int) -> tuple[Document, list[Version], int] | None:
    """(document, versions oldest first, number of observations), or None if unknown."""
    doc = s.get(Document, document_id)
    if doc is None:
        return None
    versions = list(s.scalars(select(Version).where(Version.document_id == document_id)
                              .order_by(Version.version)))
    observations = s.scalar(select(func.count()).select_from(Observation)
                            .where(Observation.document_id == document_id)) or 0
    return doc, versions, observations


def pending_links(s: Session, document_id: int | None = None) -> int:
    """Versions waiting for their copy links (archive.dedup.link_pending), of one document
    or in the whole archive."""
    stmt = select(func.count()).select_from(PendingCopyLink)
    if document_id is not None:
        stmt = stmt.join(Version, Version.id == PendingCopyLink.version_id).where(Version.document_id == document_id)
    return s.scalar(stmt) or 0


def copies_of(s: Session, document_id: int) -> dict | None:
    """A document's copy cluster, best copy first, or None if the document is unknown.

    Each copy: its portal and kind, URL, title, dates, latest version and flags (its own
    damage), whether it is the cluster's best copy, and how its latest text compares with
    the asked document's (``archive.similarity``: coverage, containment, Jaccard).
    ``copy_links_pending``: how many of its versions wait for their copy links
    (``archive.dedup.link_pending``); the cluster shown is as of the last linking.
    """
    from archive import dedup, similarity

    doc = s.get(Document, document_id)
    if doc is None:
        return None
    latest = s.scalars(select(Version).where(Version.document_id == document_id)
                       .order_by(Version.version.desc()).limit(1)).one_or_none()
    if doc.cluster_id is None:  # archived before copy clusters, or without a version
        members = [(doc, latest, None)] if latest else []
        best_id = None
    else:
        members = dedup.cluster_members(s, doc.cluster_id)
        best_id = members[0][0].id if members else None
    asked = similarity.Text(latest.text_normalized if latest else "")
    copies = []
    for member, version, kind in members:
        comparison = similarity.compare(asked, similarity.Text(version.text_normalized))
        copies.append({
            "document_id": member.id, "portal": member.portal_id, "portal_kind": kind,
            "url": member.url, "title": version.title, "published": version.published,
            "mirror_posted": version.mirror_posted, "version": version.version,
            "flags": list(version.flags or []), "best": member.id == best_id,
            "withdrawn_at": member.withdrawn_at.isoformat(timespec="seconds") + "Z" if member.withdrawn_at else None,
            "similarity": comparison.as_dict() if member.id != document_id else None,
        })
    return {"document_id": document_id, "cluster_id": doc.cluster_id, "best_document_id": best_id,
            "copies": copies, "copy_links_pending": pending_links(s, document_id)}


def run_rows(s: Session, portal: tuple[str, ...] = (), limit: int = 20) -> list[dict]:
    """Past crawl runs, newest first, as plain dicts (``edunotice runs``)."""
    from archive.models import CrawlRun

    stmt = select(CrawlRun).order_by(CrawlRun.id.desc()).limit(limit)
    if portal:
        stmt = stmt.where(CrawlRun.portal_id.in_(portal))
    rows = []
    for run in s.scalars(stmt):
        seconds = (run.finished_at - run.started_at).total_seconds() if run.finished_at else None
        rows.append({
            "run_id": run.id, "portal": run.portal_id,
            "started_at": run.started_at.isoformat(timespec="seconds") + "Z",
            "seconds": round(seconds, 1) if seconds is not None else None,
            "status": run.status, "list_pages": run.list_pages, "pages_fetched": run.pages_fetched,
            "requests": run.requests, "bytes_received": run.bytes_received,
            "attachments": run.attachments, "resumed_from_run_id": run.resumed_from_run_id,
            "notices_seen": run.notices_seen,
            "new_documents": run.new_documents, "new_versions": run.new_versions,
            "unchanged": run.unchanged, "withdrawn": run.withdrawn, "restored": run.restored,
            "errors": run.errors, "extraction_failures": run.extraction_failures,
            "suspect": run.suspect or 0,
            "health_reasons": run.health_reasons or [],
        })
    return rows


def portal_status(s: Session, recent: int = 5) -> list[dict]:
    """Each archived portal's last run, last success, recent notice counts and documents."""
    from archive.models import CrawlRun, PortalRow

    out = []
    for portal in s.scalars(select(PortalRow).order_by(PortalRow.id)):
        runs = s.scalars(select(CrawlRun).where(CrawlRun.portal_id == portal.id)
                         .order_by(CrawlRun.id.desc()).limit(recent)).all()
        last_ok = s.scalar(select(func.max(CrawlRun.finished_at)).where(
            CrawlRun.portal_id == portal.id, CrawlRun.status.in_(("ok", "attention"))))
        documents = s.scalar(select(func.count()).select_from(Document)
                             .where(Document.portal_id == portal.id)) or 0
        withdrawn = s.scalar(select(func.count()).select_from(Document).where(
            Document.portal_id == portal.id, Document.withdrawn_at.is_not(None))) or 0
        last = runs[0] if runs else None
        out.append({
            "portal": portal.id, "name": portal.name, "kind": portal.kind,
            "last_run_status": last.status if last else None,
            "last_run_at": last.started_at.isoformat(timespec="seconds") + "Z" if last else None,
            "last_success_at": last_ok.isoformat(timespec="seconds") + "Z" if last_ok else None,
            "notices_trend": [r.notices_seen for r in reversed(runs)],
            "documents": documents, "withdrawn": withdrawn,
            "health_reasons": (last.health_reasons or []) if last else [],
        })
    return out


def errors_by_kind(s: Session, run_ids: list[int]) -> dict[int, dict[str, int]]:
    """``{run_id: {kind: count}}`` of the errors recorded in each run (``fetch_errors`` rows)."""
    from archive.models import FetchError

    out: dict[int, dict[str, int]] = {run_id: {} for run_id in run_ids}
    if not run_ids:
        return out
    stmt = (select(FetchError.run_id, FetchError.kind, func.count()).where(FetchError.run_id.in_(run_ids))
            .group_by(FetchError.run_id, FetchError.kind).order_by(FetchError.run_id, FetchError.kind))
    for run_id, kind, count in s.execute(stmt):
        out[run_id][kind] = count
    return out
