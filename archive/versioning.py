"""Deciding what one fetch is, and storing all of it in one transaction.

``store(session, fetch, ...)`` is the body of ``Archive.store_fetch``: the document, the
version (if the portal's content changed), the observation with its capture, the
derivation of the previous version under today's extractor (when needed to compare), the
attachment files and the fetch's problems are written in the caller's one transaction.

A new version needs two things (DESIGN.md, "Identity, versions, copies"):
1. the capture differs: the page's payload digest, or the set of attachment hashes;
2. the record derived by the SAME extractor differs: when the last version was derived by
   another extractor, its WARC record is re-derived with today's (``rederive``) and the
   result stored as a derivation of that version.
A new text's copy links (archive.dedup) are made in the same transaction, or, when the
archive defers them (``Archive.defer_copy_links``: a crawl), the version is queued in
``pending_copy_links`` and linked after the crawl.
A changed fetch that looks like a glitch (archive.quarantine) is kept as a ``suspect``
observation, unless the same content has now been served ``accept_after`` times in a row.

``EDUNOTICE_TEST_KILL_AT=<step>:<n>`` SIGKILLs the process the n-th time a fetch passes
``step`` (document, version, observation, attachment_row, attachments, problems, committed): the
atomicity tests use it; nothing else should set it.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from types import SimpleNamespace

from sqlalchemy import Table, bindparam, delete, select
from sqlalchemy.orm import Session

from archive import fts, quarantine
from archive.models import (
    AttachmentFile,
    Derivation,
    Document,
    FetchError,
    Observation,
    PendingCopyLink,
    Version,
)
from archive.record import VERSION_COLUMNS, version_values
from archive.urls import scheme_twin

KILL_ENV = "EDUNOTICE_TEST_KILL_AT"
RECORD_FIELDS = VERSION_COLUMNS  # the record columns of a version and of a derivation
_passes: Counter[str] = Counter()


def checkpoint(step: str) -> None:
    """Die here if the atomicity tests asked for it (see module docstring)."""
    spec = os.environ.get(KILL_ENV)
    if not spec or spec.partition(":")[0] != step:
        return
    _passes[step] += 1
    if _passes[step] >= int(spec.partition(":")[2] or 1):
        os.kill(os.getpid(), signal.SIGKILL)


@dataclass(frozen=True)
class AttachmentCapture:
    """A downloaded attachment: its hash and where its bytes are in the WARC files."""

    sha256: str
    size: int
    url: str
    media_type: str | None = None
    filename: str | None = None
    warc_file: str | None = None
    warc_offset: int | None = None


@dataclass
class Fetch:
    """Everything one fetched notice page brings to the archive (one transaction)."""

    portal_id: str
    url: str  # the document's URL (as the portal links it)
    record: dict
    http_status: int = 200
    fetch_url: str | None = None  # where it was served from, when redirected
    fetched_at: datetime | None = None
    run_id: int | None = None
    warc_file: str | None = None
    warc_offset: int | None = None
    payload_digest: str | None = None  # WARC-Payload-Digest of the page as served
    etag: str | None = None
    last_modified: str | None = None
    extractor: str | None = None  # crawler.extract.identity.extractor_version()
    extract_input: dict | None = None  # hints and charset extraction was given
    suspect: str | None = None  # archive.quarantine.inspect_payload's verdict on the bytes
    page_text: str | None = None  # the page as decoded: does it still carry the last title?
    accept_after: int = quarantine.DEFAULT_ACCEPT_AFTER
    attachments: list[AttachmentCapture] = field(default_factory=list)
    problems: list[tuple[str, str, str]] = field(default_factory=list)  # (url, kind, message)
    off_host: bool = False  # off the portal's hosts, linked by a row of its own list (Document.off_host)


@dataclass(frozen=True)
class Interpretation:
    """A version's record as readers see it: its latest derivation, or its own fields."""

    fields: dict
    extractor: str | None
    content_sha256: str


Rederive = Callable[[Version], dict | None]  # a version's record under today's extractor


def content_hashes(record: dict) -> tuple[str, str]:
    """(content_sha256, text_sha256): what decides whether a derived record differs."""
    text = record.get("text_normalized") or ""
    attachments = sorted(
        (a.get("url") or "", a.get("title") or "", a.get("sha256") or "")
        for a in record.get("attachments") or []
    )
    key = {
        "title": record.get("title"),
        "published": record.get("published"),
        "text_normalized": text,
        "attachments": attachments,
    }
    blob = json.dumps(key, ensure_ascii=False, sort_keys=True).encode("utf-8")
    return hashlib.sha256(blob).hexdigest(), hashlib.sha256(text.encode("utf-8")).hexdigest()


def record_fields(record: dict) -> dict:
    """The stored record fields of a notice record (versions and derivations)."""
    return version_values(record)


def latest_interpretation(s: Session, version: Version) -> Interpretation:
    derivation = s.scalars(select(Derivation).where(Derivation.version_id == version.id)
                           .order_by(Derivation.id.desc()).limit(1)).one_or_none()
    row = derivation or version
    return Interpretation({k: getattr(row, k) for k in RECORD_FIELDS}, row.extractor, row.content_sha256)


def add_derivation(s: Session, version: Version, record: dict, extractor: str, at: datetime,
                   before: Interpretation, content_sha: str) -> Derivation:
    """Append a re-derivation of ``version`` (history: the earlier ones stay)."""
    fields = record_fields(record)
    derivation = Derivation(version_id=version.id, extractor=extractor, derived_at=at, content_sha256=content_sha,
                            changed_fields=changed_fields(record, before), **fields)
    s.add(derivation)
    fts.index_derivation(s, version.id, before.fields, fields)  # search reads the latest derivation
    return derivation


def changed_fields(record: dict, before: Interpretation) -> list[str]:
    """Record fields whose value differs from ``before`` (empty and missing count as equal)."""
    fields = record_fields(record)
    return [k for k in RECORD_FIELDS if _comparable(fields[k]) != _comparable(before.fields.get(k))]


def _comparable(value):
    return value if value not in (None, "", []) else None


def _same_capture(latest: Version, before: Interpretation, fetch: Fetch) -> bool:
    """The page's bytes are the same, and no attachment both fetches downloaded has new bytes.

    A link only one of the two records lists is not a change of the portal: the page bytes
    are the same, so the link was there before (new rules found it) or its download failed.
    """
    if not latest.payload_digest or latest.payload_digest != fetch.payload_digest:
        return False
    if _further_pages(latest.extract_input) != _further_pages(fetch.extract_input) or None in dict(
            _further_pages(fetch.extract_input)).values():
        return False  # a notice over several pages: one of its further pages changed (or is not known)
    old = {a.get("url"): a.get("sha256") for a in before.fields.get("attachments") or []}
    new = {a.get("url"): a.get("sha256") for a in fetch.record.get("attachments") or []}
    return all(old[url] == new[url] for url in old.keys() & new.keys() if old[url] and new[url])


def _further_pages(extract_input: dict | None) -> list[tuple[str, str | None]]:
    """(url, payload digest) of a notice's further pages as captured (crawler.extract.articlepages)."""
    return [(page.get("url"), page.get("digest")) for page in (extract_input or {}).get("more_pages") or []]


def _accepted(s: Session, doc_id: int, content_sha: str, accept_after: int) -> bool:
    """The same new content was served on the ``accept_after - 1`` fetches before this one."""
    if accept_after <= 1:
        return True
    earlier = s.scalars(select(Observation).where(Observation.document_id == doc_id)
                        .order_by(Observation.id.desc()).limit(accept_after - 1)).all()
    return len(earlier) == accept_after - 1 and all(
        o.suspect and not o.new_version and o.content_sha256 == content_sha for o in earlier)


@dataclass(frozen=True)
class Decision:
    kind: str  # new_document | new_version | unchanged | suspect
    document_id: int
    version: Version | StoredVersion | None
    suspect: str | None


class StoredVersion(SimpleNamespace):
    """A version this transaction inserted with one Core ``INSERT`` (its columns and ``id``):
    what the search index, the pending copy link and the outcome read, without an ORM object."""


def _insert(s: Session, table: Table, values: dict) -> int:
    """One row by a Core ``INSERT`` in the session's transaction; its primary key.

    The hot rows of a fetch (document, version, observation, problems, pending link) go in so:
    an ORM flush per row was ~40% of the writer thread's time (unit of work, identity map),
    and nothing of the fetch reads them back as objects."""
    return s.connection().execute(table.insert(), values).inserted_primary_key[0]


_DOCUMENT_BY_URL = select(Document).where(Document.url == bindparam("url"))  # built once: every fetch reads it


def document_by_key(s: Session, key: str) -> Document | None:
    """The document keyed ``key``, else the one keyed by its http/https twin (a portal that
    moved to HTTPS links the same notices under https://: ``archive.urls.scheme_twin``)."""
    doc = s.scalars(_DOCUMENT_BY_URL, {"url": key}).one_or_none()
    if doc is None and (twin := scheme_twin(key)) is not None:
        doc = s.scalars(_DOCUMENT_BY_URL, {"url": twin}).one_or_none()
    return doc


def store(s: Session, fetch: Fetch, *, url: str, fetched_at: datetime, content_sha: str,
          text_sha: str, archive, rederive: Rederive | None = None) -> Decision:
    """Decide and write one fetch in the session's transaction (see module docstring)."""
    record = fetch.record
    doc = document_by_key(s, url)
    new_doc = doc is None
    if new_doc:
        # Seen and checked now (what _seen_alive does for a known document): set in the insert.
        doc_id = _insert(s, Document.__table__, {
            "portal_id": fetch.portal_id, "url": url, "first_seen": fetched_at, "last_seen": fetched_at,
            "last_checked": fetched_at, "off_host": fetch.off_host})
    else:
        doc_id = doc.id
        if doc.off_host != fetch.off_host and doc.portal_id == fetch.portal_id:
            doc.off_host = fetch.off_host  # the portal's hosts changed (allowed_domains): say where it is now
    checkpoint("document")
    if not new_doc:
        archive._seen_alive(s, doc, fetch.run_id, fetched_at, fetch.http_status)
    latest = None if new_doc else s.scalars(select(Version).where(Version.document_id == doc_id)
                                            .order_by(Version.version.desc()).limit(1)).one_or_none()
    before = latest_interpretation(s, latest) if latest is not None else None
    changed = _content_changed(s, fetch, latest, before, content_sha, fetched_at, rederive)
    suspect = None
    if changed:
        suspect = fetch.suspect or ("shrunk" if quarantine.shrunk(record, before and before.fields, fetch.page_text) else None)
        if suspect and not _accepted(s, doc_id, content_sha, fetch.accept_after):
            changed = False
            kind = "suspect"
    version = latest
    if changed:
        values = dict(
            document_id=doc_id, version=(latest.version + 1) if latest else 1, content_sha256=content_sha,
            text_sha256=text_sha, fetched_at=fetched_at, fetch_url=fetch.fetch_url or fetch.url,
            http_status=fetch.http_status, run_id=fetch.run_id, warc_file=fetch.warc_file,
            warc_offset=fetch.warc_offset, payload_digest=fetch.payload_digest, extractor=fetch.extractor,
            extract_input=fetch.extract_input, **record_fields(record),
        )
        version = StoredVersion(id=_insert(s, Version.__table__, values), **values)
        fts.index_version(s, version, first=new_doc)  # the search index follows every inserted version
        kind = "new_document" if new_doc else "new_version"
        checkpoint("version")
    elif not suspect:
        kind = "unchanged"
    if version is not None and (changed or doc.cluster_id is None):  # a new text, or not linked yet
        # numpy and the hashing are imported only when a text is stored, not by readers
        from archive import dedup

        if archive.defer_copy_links:  # a crawl: linked in a batch after it (dedup.link_pending)
            dedup.queue_links(s, version, new=changed)
        else:
            if not changed:  # an earlier crawl may have left this version pending
                s.execute(delete(PendingCopyLink).where(PendingCopyLink.version_id == version.id))
            # inline linking (not a crawl) reads and updates them as ORM objects
            dedup.link_copies(s, doc or s.get(Document, doc_id), s.get(Version, version.id))
    quarantined = bool(suspect) and not changed
    _insert(s, Observation.__table__, dict(
        document_id=doc_id, version_id=None if quarantined else (version.id if version else None),
        run_id=fetch.run_id, fetched_at=fetched_at, http_status=fetch.http_status, new_version=changed,
        # A glitch's validators must not make the next request conditional on the glitch.
        etag=None if quarantined else fetch.etag,
        last_modified=None if quarantined else fetch.last_modified,
        payload_digest=fetch.payload_digest, warc_file=fetch.warc_file, warc_offset=fetch.warc_offset,
        content_sha256=content_sha, suspect=suspect,
    ))
    checkpoint("observation")
    _store_attachments(s, fetch, fetched_at)
    checkpoint("attachments")
    errors = extraction = 0
    for problem_url, problem_kind, message in fetch.problems:
        _insert(s, FetchError.__table__, dict(portal_id=fetch.portal_id, run_id=fetch.run_id, url=problem_url,
                                              kind=problem_kind, message=message, at=fetched_at))
        errors += 1
        extraction += problem_kind == "extraction"
    s.flush()  # what the ORM holds of this fetch (a known document's dates, events) fails or passes here, in its unit
    checkpoint("problems")
    archive._count(s, fetch.run_id, {
        "notices_seen": 1, "new_documents": int(kind == "new_document"),
        "new_versions": int(changed), "unchanged": int(kind == "unchanged"),
        "suspect": int(quarantined), "errors": errors, "extraction_failures": extraction,
    })
    return Decision(kind, doc_id, version, suspect)


def _content_changed(s: Session, fetch: Fetch, latest: Version | None, before: Interpretation | None,
                     content_sha: str, at: datetime, rederive: Rederive | None) -> bool:
    if latest is None or before is None:
        return True
    if _same_capture(latest, before, fetch):
        return False  # the portal served the same bytes: whatever today's rules say is not a change
    previous_sha = before.content_sha256
    if fetch.extractor and before.extractor != fetch.extractor and rederive is not None:
        again = rederive(latest)
        if again is not None:
            previous_sha = content_hashes(again)[0]
            add_derivation(s, latest, again, fetch.extractor, at, before, previous_sha)
    return previous_sha != content_sha


def _store_attachments(s: Session, fetch: Fetch, at: datetime) -> None:
    for a in fetch.attachments:
        if s.get(AttachmentFile, a.sha256) is None:
            s.add(AttachmentFile(sha256=a.sha256, size=a.size, media_type=a.media_type, filename=a.filename,
                                 first_url=a.url, first_seen=at, warc_file=a.warc_file,
                                 warc_offset=a.warc_offset))
            s.flush()
            checkpoint("attachment_row")
