"""The archive's write side: documents, immutable versions, observations, runs and errors.

``Archive.store_fetch`` is the one place that decides whether a fetch is a new document,
a new version, an unchanged observation or a quarantined glitch (archive.versioning;
DESIGN.md, "Identity, versions"). One fetch is one call and one transaction: version,
observation, derivation, attachment files and problems commit together or not at all.
Versions and derivations are only ever inserted.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.util import identity_key

from archive import db, health, versioning
from archive.models import (
    CrawlRun,
    Document,
    DocumentEvent,
    FetchError,
    Observation,
    Payload,
    PortalRow,
    Version,
)
from archive.urls import canonical_url, scheme_twin
from archive.versioning import Fetch, Rederive, content_hashes, store

__all__ = ["Archive", "Fetch", "KnownDocument", "Outcome", "content_hashes"]

log = logging.getLogger(__name__)
Work = Callable[[Session], object]  # one unit of work: its rows, written in the caller's transaction

WRITE_ATTEMPTS = 3  # a race lost to a concurrent writer is re-decided this often
# Withdrawing more than this share of a portal's documents at once (and more than this
# many) by absence is refused: it is far likelier a broken list page than a purge.
MASS_WITHDRAWAL_SHARE = 0.2
MASS_WITHDRAWAL_MIN = 5
RUN_COUNTERS = ("list_pages", "links_found", "pages_fetched", "bytes_received", "notices_seen",
                "new_documents", "new_versions", "unchanged", "errors", "withdrawn", "restored",
                "extraction_failures", "requests", "attachments", "suspect")


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


@dataclass(frozen=True)
class KnownDocument:
    """An archived document as an incremental crawl sees it."""

    etag: str | None
    last_modified: str | None
    last_checked: datetime | None
    published: str | None  # the date its age is counted from (see known_documents)
    withdrawn: bool
    has_attachments: bool = False  # a 304 for the page says nothing about its attachments
    more_pages: bool = False  # …nor, for a notice over several pages, about its further pages
    hints: dict = field(default_factory=dict)  # the last version's title and dates


@dataclass(frozen=True)
class Outcome:
    """What one stored fetch did: ``new_document``, ``new_version``, ``unchanged`` or
    ``suspect`` (quarantined: ``version`` is the last version shown, 0 when none)."""

    kind: str
    document_id: int
    version: int
    suspect: str | None = None


class Archive:
    """Open an archive database; ``create`` makes the schema in a new one (a crawl does,
    read commands do not: they get :class:`archive.db.NoArchive` and nothing is created)."""

    def __init__(self, url: str | None = None, create: bool = True, defer_copy_links: bool = False):
        self.url = url or db.default_db_url()
        # Store versions with their copy links pending (archive.dedup.link_pending makes them).
        self.defer_copy_links = defer_copy_links
        if not create and (reason := db.missing_archive(self.url)):
            raise db.NoArchive(reason)
        self.engine = db.make_engine(self.url, create=create)
        try:
            db.ensure_schema(self.engine, create=create)
        except Exception:
            self.engine.dispose()
            raise
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- portals and runs ---------------------------------------------------------------
    def _transaction(self, work, what: str):
        """Run ``work(session)`` in one transaction; retry once if a concurrent writer won a race.

        The unique constraints turn a race into an IntegrityError; re-reading decides again.
        """
        for attempt in range(1, WRITE_ATTEMPTS + 1):
            try:
                with self.sessions.begin() as s:
                    return work(s)
            except IntegrityError:
                if attempt == WRITE_ATTEMPTS:
                    raise
                log.info("concurrent write on %s, retrying", what)
        raise AssertionError("unreachable")

    def register_portal(self, definition: dict) -> None:
        """Insert or refresh a portal row from its definition (schema shape)."""
        self._transaction(lambda s: self._register(s, definition), definition["id"])

    @staticmethod
    def _register(s: Session, definition: dict) -> None:
        row = s.get(PortalRow, definition["id"])
        if row is None:
            row = PortalRow(id=definition["id"], first_seen=utcnow())
            s.add(row)
        row.name = definition["name"]
        row.kind = definition.get("kind", "official")
        region = definition.get("region")  # directory portals: {code, level, name}; facet on the code
        row.region = (region.get("code") or region.get("name")) if isinstance(region, dict) else region
        row.agency = definition.get("agency")
        row.definition = definition

    def start_run(self, portal_id: str, resumed_from: int | None = None) -> int:
        """Open a run; ``resumed_from`` is the last interrupted run it continues (archive.resume)."""
        with self.sessions.begin() as s:
            run = CrawlRun(portal_id=portal_id, started_at=utcnow(), status="running",
                           resumed_from_run_id=resumed_from, **dict.fromkeys(RUN_COUNTERS, 0))
            s.add(run)
            s.flush()
            return run.id

    def count(self, run_id: int, **increments: int) -> None:
        """Add to a run's counters (e.g. ``pages_fetched=1``)."""
        with self.sessions.begin() as s:
            self._count(s, run_id, increments)

    @staticmethod
    def _count(s: Session, run_id: int | None, increments: dict[str, int]) -> None:
        if run_id is None:
            return
        changes = {key: n for key, n in increments.items() if n}
        batched = s.info.get(_BATCH_COUNTS)
        if batched is not None:  # in a batch (write_batch): one UPDATE per run when it commits
            totals = batched.setdefault(run_id, {})
            for key, n in changes.items():
                totals[key] = totals.get(key, 0) + n
            return
        run = s.identity_map.get(identity_key(CrawlRun, run_id))
        if run is None:  # one UPDATE, not a SELECT of the run and an UPDATE (every fetch counts)
            if changes:
                s.execute(update(CrawlRun).where(CrawlRun.id == run_id)
                          .values({key: getattr(CrawlRun, key) + n for key, n in changes.items()})
                          .execution_options(synchronize_session=False))
            return
        for key, n in changes.items():
            setattr(run, key, getattr(run, key) + n)

    def finish_run(self, run_id: int, finish_reason: str, *, walk_complete: bool = True) -> CrawlRun:
        """Close a run and judge it against the portal's history (archive.health).

        Status: ``broken`` (with reasons) when a health rule fires, else ``attention`` when
        errors were recorded, else ``ok``.
        """
        with self.sessions.begin() as s:
            run = s.get(CrawlRun, run_id)
            run.finished_at = utcnow()
            run.finish_reason = finish_reason
            run.walk_complete = walk_complete
            earlier = s.scalars(
                select(CrawlRun).where(CrawlRun.portal_id == run.portal_id, CrawlRun.id != run.id,
                                       CrawlRun.finished_at.is_not(None))
                .order_by(CrawlRun.id.desc()).limit(health.HISTORY_RUNS)
            ).all()
            kinds = dict(s.execute(
                select(FetchError.kind, func.count()).where(
                    FetchError.run_id == run.id, FetchError.kind.in_(("list_incomplete", "needs_browser")))
                .group_by(FetchError.kind)).all())
            figures = dataclasses.replace(_figures(run), list_incomplete=kinds.get("list_incomplete", 0),
                                          needs_browser=kinds.get("needs_browser", 0))  # crawler/challenge.py
            verdict = health.assess(figures, [_figures(r) for r in earlier])
            run.health_reasons = verdict.reasons or None
            run.status = "broken" if verdict.broken else ("attention" if run.errors or run.suspect else "ok")
            return run

    def record_error(self, *, portal_id: str, run_id: int | None, url: str, kind: str,
                     message: str) -> None:
        with self.sessions.begin() as s:
            self.error_work(portal_id=portal_id, run_id=run_id, url=url, kind=kind, message=message)(s)

    def error_work(self, *, portal_id: str, run_id: int | None, url: str, kind: str, message: str) -> Work:
        """:meth:`record_error` as a unit of work for :meth:`write_batch`."""
        def error(s: Session) -> None:
            s.add(FetchError(portal_id=portal_id, run_id=run_id, url=url, kind=kind,
                             message=message, at=utcnow()))
            doubtful = kind in ("extraction", "low_confidence")  # both count in the run's health
            self._count(s, run_id, {"errors": 1, "extraction_failures": int(doubtful)})

        return error

    def write_batch(self, works: list[Work]) -> list:
        """Run several units of work in ONE transaction: one commit for the batch, yet each unit
        is atomic on its own (all its rows or none of them): when a unit fails, the batch is run
        again with each unit in its own savepoint (:meth:`_batch`).

        Returns one result per unit: what it returned, or the exception that rolled it (alone)
        back; a unit that lost a race to a concurrent writer (IntegrityError) is re-decided as
        :meth:`_transaction` does. A failed commit raises: then no unit of the batch is stored.
        For each stored fetch (an :class:`Outcome`) the ``committed`` kill checkpoint is passed
        after the commit. On SQLite the batch holds the write lock from its start (``BEGIN
        IMMEDIATE``): its reads and writes see one state, and a concurrent writer waits on the
        busy timeout instead of failing the batch when it upgrades to a write.
        """
        results: list = []
        if len(works) == 1:  # alone: its own transaction is its unit, no savepoint to pay for
            try:
                results.append(self._transaction(works[0], "one unit"))
            except IntegrityError as exc:  # lost its race WRITE_ATTEMPTS times
                results.append(exc)
            except SQLAlchemyError:  # the unit or its commit: the caller treats both as a failed commit
                raise
            except Exception as exc:  # noqa: BLE001 - the unit's own failure, handed back as in a batch
                results.append(exc)
        else:
            results = self._batch(works)
        for result in results:
            if isinstance(result, Outcome):
                versioning.checkpoint("committed")
        return results

    def _batch(self, works: list[Work]) -> list:
        """Optimistic: the units run one after the other with no savepoint (a SAVEPOINT and its
        RELEASE per unit were ~8% of the writer's time); if any unit fails, that transaction is
        rolled back whole and the batch is run again with a savepoint per unit."""
        try:
            return self._batch_once(works, savepoints=False)
        except _UnitFailed:
            return self._batch_once(works, savepoints=True)

    def _batch_once(self, works: list[Work], savepoints: bool) -> list:
        results: list = []
        with self.sessions.begin() as s:
            if self.engine.dialect.name == "sqlite":
                s.connection().exec_driver_sql("BEGIN IMMEDIATE")
            s.info[_BATCH_COUNTS] = {}  # the run counters the batch's stored units add (_count)
            for work in works:
                if savepoints:
                    results.append(_in_savepoint(s, work))
                    continue
                try:
                    results.append(work(s))
                except Exception as exc:  # noqa: BLE001 - rolls the whole attempt back; retried with savepoints
                    raise _UnitFailed from exc
            for run_id, changes in s.info.pop(_BATCH_COUNTS).items():
                self._count(s, run_id, changes)
        return results

    # -- notices --------------------------------------------------------------------------
    def store_fetch(self, fetch: Fetch, rederive: Rederive | None = None) -> Outcome:
        """Store one fetched notice page with everything it brought, in one transaction.

        ``rederive(version)`` gives a stored version's record under today's extractor (read
        from its WARC record); it is called only when the payload changed and the last
        version was derived by another extractor.
        """
        outcome = self._transaction(self.fetch_work(fetch, rederive), fetch.url)
        versioning.checkpoint("committed")
        return outcome

    def fetch_work(self, fetch: Fetch, rederive: Rederive | None = None) -> Work:
        """:meth:`store_fetch` as a unit of work for :meth:`write_batch` (it returns the Outcome)."""
        fetched_at = fetch.fetched_at or utcnow()
        url = canonical_url(fetch.record.get("url") or fetch.url)
        content_sha, text_sha = content_hashes(fetch.record)

        def store_one(s: Session) -> Outcome:
            decision = store(s, fetch, url=url, fetched_at=fetched_at, content_sha=content_sha,
                             text_sha=text_sha, archive=self, rederive=rederive)
            return Outcome(decision.kind, decision.document_id,
                           decision.version.version if decision.version else 0, decision.suspect)

        return store_one

    def record_notice(self, *, portal_id: str, record: dict, fetch_url: str, http_status: int,
                      run_id: int | None = None, fetched_at: datetime | None = None,
                      warc_file: str | None = None, warc_offset: int | None = None,
                      etag: str | None = None, last_modified: str | None = None,
                      payload_digest: str | None = None, extractor: str | None = None) -> Outcome:
        """Store one fetched notice given as keywords (``store_fetch`` with a bare ``Fetch``)."""
        return self.store_fetch(Fetch(
            portal_id=portal_id, url=record.get("url") or fetch_url, record=record,
            http_status=http_status, fetch_url=fetch_url, fetched_at=fetched_at, run_id=run_id,
            warc_file=warc_file, warc_offset=warc_offset, etag=etag, last_modified=last_modified,
            payload_digest=payload_digest, extractor=extractor,
        ))

    def _seen_alive(self, s: Session, doc: Document, run_id, at: datetime, http_status: int) -> None:
        """The document answered: note it, and restore it if it had been withdrawn."""
        doc.last_seen = doc.last_checked = at
        if doc.withdrawn_at is not None:
            doc.withdrawn_at = None
            s.add(DocumentEvent(document_id=doc.id, run_id=run_id, kind="restored", at=at,
                                reason=f"answered HTTP {http_status} again"))
            self._count(s, run_id, {"restored": 1})

    def record_not_modified(self, *, url: str, run_id: int | None = None,
                            fetched_at: datetime | None = None, capture=None) -> str:
        """A conditional request answered 304: an observation of the latest version.

        Returns ``unchanged``, or ``unknown`` if the URL was never archived.
        """
        return self._transaction(self.not_modified_work(url=url, run_id=run_id, fetched_at=fetched_at,
                                                        capture=capture), url)

    def not_modified_work(self, *, url: str, run_id: int | None = None, fetched_at: datetime | None = None,
                          capture=None) -> Work:
        """:meth:`record_not_modified` as a unit of work for :meth:`write_batch`."""
        fetched_at = fetched_at or utcnow()

        def not_modified(s: Session) -> str:
            doc = versioning.document_by_key(s, canonical_url(url))
            if doc is None:
                return "unknown"
            previous = s.scalars(select(Observation).where(Observation.document_id == doc.id)
                                 .order_by(Observation.id.desc()).limit(1)).one_or_none()
            latest = s.scalar(select(func.max(Version.id)).where(Version.document_id == doc.id))
            self._seen_alive(s, doc, run_id, fetched_at, 304)
            s.add(Observation(document_id=doc.id, version_id=latest, run_id=run_id, fetched_at=fetched_at,
                              http_status=304, new_version=False,
                              etag=previous.etag if previous else None,
                              last_modified=previous.last_modified if previous else None,
                              **_capture_columns(capture)))
            self._count(s, run_id, {"notices_seen": 1, "unchanged": 1})
            return "unchanged"

        return not_modified

    def known_documents(self, portal_id: str) -> dict[str, KnownDocument]:
        """What a crawl needs to be incremental: validators and dates of the portal's documents.

        A notice's age counts from its publish date, else (a repost) its posting date, else
        the day it was first archived, so an undated notice is not re-fetched every night.
        """
        last_obs = (select(func.max(Observation.id)).where(Observation.document_id == Document.id)
                    .correlate(Document).scalar_subquery())
        last_version = (select(func.max(Version.id)).where(Version.document_id == Document.id)
                        .correlate(Document).scalar_subquery())
        stmt = (select(Document, Observation, Version)
                .outerjoin(Observation, Observation.id == last_obs)
                .outerjoin(Version, Version.id == last_version)
                .where(Document.portal_id == portal_id))
        with self.sessions() as s:
            known = {}
            for doc, obs, version in s.execute(stmt):
                hints = {k: getattr(version, k) for k in ("title", "published", "mirror_posted")
                         if version is not None and getattr(version, k)}
                age_from = hints.get("published") or hints.get("mirror_posted") or doc.first_seen.date().isoformat()
                known[doc.url] = KnownDocument(
                    etag=obs.etag if obs else None, last_modified=obs.last_modified if obs else None,
                    last_checked=doc.last_checked or doc.last_seen, published=age_from,
                    withdrawn=doc.withdrawn_at is not None,
                    has_attachments=bool(version is not None and version.attachments), hints=hints,
                    more_pages=bool(version is not None and (version.extract_input or {}).get("more_pages")),
                )
            return known

    # -- withdrawals ----------------------------------------------------------------------
    def record_gone(self, *, url: str, http_status: int, run_id: int | None = None,
                    fetched_at: datetime | None = None, capture=None) -> str:
        """A notice URL answered 404/410: withdraw its document (versions stay).

        Returns ``withdrawn``, ``already_withdrawn`` or ``unknown`` (never archived).
        """
        return self._transaction(self.gone_work(url=url, http_status=http_status, run_id=run_id,
                                                fetched_at=fetched_at, capture=capture), url)

    def gone_work(self, *, url: str, http_status: int, run_id: int | None = None,
                  fetched_at: datetime | None = None, capture=None) -> Work:
        """:meth:`record_gone` as a unit of work for :meth:`write_batch`."""
        fetched_at = fetched_at or utcnow()

        def gone(s: Session) -> str:
            doc = versioning.document_by_key(s, canonical_url(url))
            if doc is None:
                return "unknown"
            s.add(Observation(document_id=doc.id, version_id=None, run_id=run_id,
                              fetched_at=fetched_at, http_status=http_status, new_version=False,
                              **_capture_columns(capture)))
            if doc.withdrawn_at is not None:
                return "already_withdrawn"
            self._withdraw(s, doc, run_id, fetched_at, f"HTTP {http_status}")
            return "withdrawn"

        return gone

    def _withdraw(self, s: Session, doc: Document, run_id: int | None, at: datetime, reason: str) -> None:
        doc.withdrawn_at = at
        s.add(DocumentEvent(document_id=doc.id, run_id=run_id, kind="withdrawn", at=at, reason=reason))
        self._count(s, run_id, {"withdrawn": 1})

    def record_listing(self, *, portal_id: str, listed_urls: set[str], run_id: int | None,
                       withdraw_after: int) -> int:
        """After a complete walk of a portal's list pages: count runs each document was absent.

        A document absent from every list page for ``withdraw_after`` consecutive complete
        runs is withdrawn. Call only when the walk reached every list page: a broken or
        partial run must not withdraw anything. Returns how many documents were withdrawn.
        """
        listed = {canonical_url(u) for u in listed_urls}
        now = utcnow()

        def update(s: Session) -> int:
            due, active = [], 0
            for doc in s.scalars(select(Document).where(Document.portal_id == portal_id)):
                active += doc.withdrawn_at is None
                if doc.url in listed or scheme_twin(doc.url) in listed:  # listed under https since a move
                    doc.missing_runs = 0
                    continue
                doc.missing_runs += 1
                if doc.withdrawn_at is None and doc.missing_runs >= withdraw_after:
                    due.append(doc)
            if len(due) > max(MASS_WITHDRAWAL_MIN, MASS_WITHDRAWAL_SHARE * active):
                # A redesigned or anti-bot list page looks like a portal deleting everything.
                s.add(FetchError(portal_id=portal_id, run_id=run_id, url=f"portal:{portal_id}",
                                 kind="mass_withdrawal", at=now,
                                 message=f"{len(due)} of {active} documents are absent from every list "
                                         "page: none withdrawn; check the list pages (a person decides)"))
                self._count(s, run_id, {"errors": 1})
                return 0
            for doc in due:
                self._withdraw(s, doc, run_id, now, f"absent from every list page for {doc.missing_runs} runs")
            return len(due)

        return self._transaction(update, portal_id)

    # -- copies ---------------------------------------------------------------------------
    def link_pending_copies(self) -> int:
        """Make the copy links of every version stored with them pending (archive.dedup);
        how many versions were linked."""
        from archive import dedup

        return dedup.link_pending(self.sessions)

    # -- WARC payload index (archive.warc) -----------------------------------------------
    def find_payload(self, digest: str):
        """The indexed payload with this digest (a row with Payload's columns as attributes), or None.

        One Core SELECT, no ORM session: the crawl asks this on the reactor for every response."""
        with self.engine.connect() as conn:
            return conn.execute(_FIND_PAYLOAD, {"digest": digest}).first()

    def add_payload(self, **fields) -> None:
        self.add_payloads([fields])

    def add_payloads(self, rows: list[dict]) -> None:
        """Index several payloads in one transaction (a digest already indexed is kept)."""
        def add(s: Session) -> None:
            known = set(s.scalars(select(Payload.digest).where(Payload.digest.in_({r["digest"] for r in rows}))))
            new = []
            for fields in rows:
                if fields["digest"] not in known:
                    known.add(fields["digest"])
                    new.append(fields)
            if new:  # one Core executemany: the crawl's writer adds a row per response
                s.connection().execute(Payload.__table__.insert(), new)

        self._transaction(add, rows[0]["digest"] if len(rows) == 1 else f"{len(rows)} payloads")


def _in_savepoint(s: Session, work: Work):
    """``work(s)`` in a savepoint of the session's transaction: its result, or the exception
    that rolled its savepoint back (a lost race is re-decided, WRITE_ATTEMPTS times)."""
    counts = s.info[_BATCH_COUNTS]
    before = {run_id: dict(changes) for run_id, changes in counts.items()}
    for attempt in range(1, WRITE_ATTEMPTS + 1):
        try:
            with s.begin_nested():
                return work(s)
        except Exception as exc:  # noqa: BLE001 - handed back to the unit's caller, as if it had run alone
            counts.clear()  # the unit's counts go with its rows
            counts.update(before)
            if not isinstance(exc, IntegrityError) or attempt == WRITE_ATTEMPTS:
                return exc
            log.info("concurrent write in a batch, retrying (%s)", exc.orig)
    raise AssertionError("unreachable")


class _UnitFailed(Exception):
    """A unit of a batch run without savepoints failed: the batch is run again with them."""


_BATCH_COUNTS = "edunotice_batch_counts"  # Session.info key: run counters a batch adds at its end
_FIND_PAYLOAD = select(*Payload.__table__.c).where(Payload.__table__.c.digest == bindparam("digest"))


def _capture_columns(capture) -> dict:
    """An observation's capture columns from an ``archive.warc.Capture`` (or None)."""
    if capture is None:
        return {}
    return {"payload_digest": capture.digest, "warc_file": capture.warc_file, "warc_offset": capture.offset}


def _figures(run: CrawlRun) -> health.RunFigures:
    return health.RunFigures(links_found=run.links_found, notices_seen=run.notices_seen, errors=run.errors,
                             extraction_failures=run.extraction_failures,
                             finished=run.finish_reason == "finished", walk_complete=run.walk_complete,
                             list_pages=run.list_pages, suspect=run.suspect or 0)
