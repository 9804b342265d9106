"""SQLAlchemy 2.0 models of the archive (schema changes go through Alembic migrations).

- ``PortalRow``: a site we crawl (official portal or mirror).
- ``Document``: one notice at one canonical URL on one portal.
- ``Version``: an immutable content state of a document; appended, never updated. Its
  record fields are the derivation made when it was captured (``extractor`` names it).
- ``Derivation``: a later re-derivation of a version from its WARC record by another
  extractor (``edunotice reextract``); appended, never updated.
- ``Observation``: one fetch of a document (time, HTTP status, which version it showed,
  the digest of the payload as served and its WARC record, a ``suspect`` reason).
- ``CrawlRun``: one crawl of one portal, with its counts.
- ``FetchError``: a failure recorded during a run (URL, kind, message).
- ``DocumentEvent``: a withdrawal or restore of a document, with its reason.
- ``Payload``: where an archived response payload sits in the WARC files (by digest).
- ``AttachmentFile``: an attachment stored once by sha256.
- ``CopyCluster``: documents that are copies of one notice, and which copy is the best.
- ``ShingleBand``: a version's MinHash LSH band hashes, how copies are found (archive.dedup).
- ``PortalLease``: which run owns a portal right now (archive.lease).
"""

from __future__ import annotations

import zlib
from datetime import datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    PrimaryKeyConstraint,
    SmallInteger,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy import false as sa_false
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


PACK_FROM_BYTES = 200  # shorter texts gain little from zlib and stay readable in the file


def pack_text(value: str | None) -> str | bytes | None:
    """A text as stored on SQLite: zlib-compressed UTF-8 when that is smaller, else as is."""
    if value is None:
        return None
    raw = value.encode("utf-8")
    if len(raw) < PACK_FROM_BYTES:
        return value
    packed = zlib.compress(raw, 9)
    return packed if len(packed) < len(raw) else value


def unpack_text(value: str | bytes | None) -> str | None:
    """The text of a stored value, packed (bytes) or not (str)."""
    return zlib.decompress(value).decode("utf-8") if isinstance(value, bytes) else value


class PackedText(TypeDecorator):
    """A long text kept zlib-compressed on SQLite, as a BLOB in the TEXT column (SQLite keeps
    a value's storage class, so no table rebuild was needed: migration 0013); readers get the
    str back. On PostgreSQL stored as is: TOAST already compresses values over ~2 KB. Only
    for columns no SQL looks into (``text``; search and copy detection read ``text_normalized``)."""

    impl = Text
    cache_ok = True

    class comparator_factory(Text.Comparator):  # noqa: N801 (SQLAlchemy's name)
        """SQL cannot look into a compressed text: refuse, rather than match nothing."""

        def operate(self, op, *other, **kwargs):
            if op.__name__ in ("is_", "is_not"):
                return super().operate(op, *other, **kwargs)
            raise TypeError(f"{self.expr} is stored compressed on SQLite; compare text_normalized "
                            "in SQL (the same text in simplified script, NFKC) or filter in Python")

    def process_bind_param(self, value, dialect):
        return pack_text(value) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        return unpack_text(value)


class PortalRow(Base):
    __tablename__ = "portals"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16), default="official")
    region: Mapped[str | None] = mapped_column(String(200))
    agency: Mapped[str | None] = mapped_column(String(200))
    definition: Mapped[dict] = mapped_column(JSON, default=dict)
    first_seen: Mapped[datetime] = mapped_column(DateTime)


class Document(Base):
    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    portal_id: Mapped[str] = mapped_column(ForeignKey("portals.id"), index=True)
    url: Mapped[str] = mapped_column(String(2000), unique=True)  # canonical URL
    first_seen: Mapped[datetime] = mapped_column(DateTime)
    last_seen: Mapped[datetime] = mapped_column(DateTime)
    withdrawn_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_checked: Mapped[datetime | None] = mapped_column(DateTime)  # last fetch, 304 included
    # Consecutive complete runs whose list pages did not link this document.
    missing_runs: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # The copy cluster (archive.dedup). On the document, not the version: versions are
    # immutable, while clusters merge when a later copy links two of them.
    cluster_id: Mapped[int | None] = mapped_column(ForeignKey("copy_clusters.id"), index=True)
    # On another host than the portal's: a row of the portal's own list links it (a WeChat
    # article, a sibling site); crawler.discovery takes it, the export says so.
    off_host: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())

    portal: Mapped[PortalRow] = relationship()
    versions: Mapped[list[Version]] = relationship(
        back_populates="document", order_by="Version.version"
    )


class RecordColumns:
    """The columns of an extracted notice record (archive/record.py's version columns): a
    version stores the record derived at capture, a derivation a later re-derivation."""

    title: Mapped[str | None] = mapped_column(Text)
    published: Mapped[str | None] = mapped_column(String(32))
    mirror_posted: Mapped[str | None] = mapped_column(String(32))
    source: Mapped[str | None] = mapped_column(Text)
    issuer: Mapped[str | None] = mapped_column(Text)
    doc_number: Mapped[str | None] = mapped_column(String(200))
    index_number: Mapped[str | None] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(PackedText)  # zlib on SQLite (PackedText)
    text_normalized: Mapped[str] = mapped_column(Text)  # plain: search and dedup read it in SQL
    script: Mapped[str] = mapped_column(String(16))
    flags: Mapped[list] = mapped_column(JSON, default=list)
    attachments: Mapped[list] = mapped_column(JSON, default=list)


class Version(RecordColumns, Base):
    __tablename__ = "versions"
    __table_args__ = (UniqueConstraint("document_id", "version", name="uq_versions_document_version"),
                      Index("ix_versions_published", "published"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    content_sha256: Mapped[str] = mapped_column(String(64), index=True)
    text_sha256: Mapped[str] = mapped_column(String(64), index=True)
    fetched_at: Mapped[datetime] = mapped_column(DateTime)
    fetch_url: Mapped[str] = mapped_column(String(2000))  # the URL as fetched (before canonicalisation)
    http_status: Mapped[int] = mapped_column(Integer)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id"))
    warc_file: Mapped[str | None] = mapped_column(String(500))
    warc_offset: Mapped[int | None] = mapped_column(Integer)
    # Capture identity: the page's WARC payload digest as served (None: archived before 0.2).
    payload_digest: Mapped[str | None] = mapped_column(String(80), index=True)
    # The extractor version that derived the record fields above (crawler.extract.identity).
    extractor: Mapped[str | None] = mapped_column(String(100))
    # What extraction was given besides the bytes (list-page hints, declared charset), so a
    # re-derivation from the WARC record sees the same input.
    extract_input: Mapped[dict | None] = mapped_column(JSON)

    document: Mapped[Document] = relationship(back_populates="versions")


class Derivation(RecordColumns, Base):
    """A version's record re-derived from its WARC record by a later extractor.

    Appended by ``edunotice reextract`` (and by a fetch that must compare a changed payload
    with the previous version under today's extractor); never updated. Readers use a
    version's latest derivation, else the version's own fields.
    """

    __tablename__ = "derivations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("versions.id"), index=True)
    extractor: Mapped[str] = mapped_column(String(100))
    derived_at: Mapped[datetime] = mapped_column(DateTime)
    content_sha256: Mapped[str] = mapped_column(String(64))
    changed_fields: Mapped[list] = mapped_column(JSON, default=list)  # against the derivation before


class Observation(Base):
    __tablename__ = "observations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    version_id: Mapped[int | None] = mapped_column(ForeignKey("versions.id"))
    run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id"), index=True)
    fetched_at: Mapped[datetime] = mapped_column(DateTime)
    http_status: Mapped[int] = mapped_column(Integer)
    new_version: Mapped[bool] = mapped_column(Boolean, default=False)
    # Validators the server sent, for the next conditional request.
    etag: Mapped[str | None] = mapped_column(String(200))
    last_modified: Mapped[str | None] = mapped_column(String(64))
    # The capture: payload digest as served and where its WARC record is (None for a 304/404).
    payload_digest: Mapped[str | None] = mapped_column(String(80))
    warc_file: Mapped[str | None] = mapped_column(String(500))
    warc_offset: Mapped[int | None] = mapped_column(BigInteger)
    # The record this fetch derived (content_sha256), and why it was not taken as a version:
    # maintenance|garbage|truncated|empty|shrunk (archive.quarantine). A suspect observation
    # with new_version true is a change accepted after it was served for N runs.
    content_sha256: Mapped[str | None] = mapped_column(String(64))
    suspect: Mapped[str | None] = mapped_column(String(32))


class CrawlRun(Base):
    __tablename__ = "crawl_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    portal_id: Mapped[str] = mapped_column(ForeignKey("portals.id"), index=True)
    started_at: Mapped[datetime] = mapped_column(DateTime)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    status: Mapped[str] = mapped_column(String(16), default="running")  # running|ok|attention|broken
    finish_reason: Mapped[str | None] = mapped_column(String(100))
    list_pages: Mapped[int] = mapped_column(Integer, default=0)
    links_found: Mapped[int] = mapped_column(Integer, default=0, server_default="0")  # notice links on list pages
    walk_complete: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())  # every list page reached
    pages_fetched: Mapped[int] = mapped_column(Integer, default=0)
    bytes_received: Mapped[int] = mapped_column(BigInteger, default=0)
    requests: Mapped[int] = mapped_column(Integer, default=0, server_default="0")  # retries included
    attachments: Mapped[int] = mapped_column(Integer, default=0, server_default="0")  # files downloaded
    resumed_from_run_id: Mapped[int | None] = mapped_column(Integer)  # the interrupted run it continued
    notices_seen: Mapped[int] = mapped_column(Integer, default=0)
    new_documents: Mapped[int] = mapped_column(Integer, default=0)
    new_versions: Mapped[int] = mapped_column(Integer, default=0)
    unchanged: Mapped[int] = mapped_column(Integer, default=0)
    errors: Mapped[int] = mapped_column(Integer, default=0)
    withdrawn: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    restored: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    extraction_failures: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    suspect: Mapped[int] = mapped_column(Integer, default=0, server_default="0")  # quarantined fetches
    health_reasons: Mapped[list | None] = mapped_column(JSON)  # why the run is broken (archive.health)


class FetchError(Base):
    __tablename__ = "fetch_errors"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id"), index=True)
    portal_id: Mapped[str] = mapped_column(ForeignKey("portals.id"), index=True)
    url: Mapped[str] = mapped_column(String(2000))
    kind: Mapped[str] = mapped_column(String(50))  # http_status|connection|timeout|dns|extraction|...
    message: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(DateTime)


class Payload(Base):
    """One archived response payload, by digest: where its WARC ``response`` record is.

    Lets a later byte-identical response be written as a ``revisit`` record.
    """

    __tablename__ = "payloads"

    digest: Mapped[str] = mapped_column(String(80), primary_key=True)  # sha1:BASE32
    warc_file: Mapped[str] = mapped_column(String(500))
    warc_offset: Mapped[int] = mapped_column(Integer)
    target_uri: Mapped[str] = mapped_column(String(2000))
    warc_date: Mapped[str] = mapped_column(String(32))
    record_id: Mapped[str] = mapped_column(String(100))
    length: Mapped[int] = mapped_column(Integer)


class DocumentEvent(Base):
    """A change in a document's standing: ``withdrawn`` or ``restored`` (never deleted)."""

    __tablename__ = "document_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id"))
    kind: Mapped[str] = mapped_column(String(16))  # withdrawn | restored
    reason: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(DateTime)


class AttachmentFile(Base):
    """An attachment's bytes, stored once by sha256 (in WARC); versions list them by hash."""

    __tablename__ = "attachments"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(Integer)
    media_type: Mapped[str | None] = mapped_column(String(200))
    filename: Mapped[str | None] = mapped_column(Text)  # the link text where first seen
    first_url: Mapped[str] = mapped_column(String(2000))
    first_seen: Mapped[datetime] = mapped_column(DateTime)
    warc_file: Mapped[str | None] = mapped_column(String(500))
    warc_offset: Mapped[int | None] = mapped_column(Integer)


class CopyCluster(Base):
    """Documents that are copies of one notice (official page, mirrors, reposts).

    Every archived document with a version is in exactly one cluster (alone, if it has no
    copies). ``best_document_id`` names the best copy: official portal over mirror,
    complete over truncated, earliest publish date. A cluster merged into another keeps its
    row, pointing at the survivor, so an exported ``cluster_id`` can still be followed.
    """

    __tablename__ = "copy_clusters"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # use_alter: documents.cluster_id points back here; the cycle is broken for table sorting.
    best_document_id: Mapped[int | None] = mapped_column(
        ForeignKey("documents.id", use_alter=True, name="fk_copy_clusters_best_document_id"))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("copy_clusters.id"))


class ShingleBand(Base):
    """One LSH band of a version's MinHash (archive.similarity): candidates are found by SQL.

    A version whose normalised text another version already has is not indexed again, nor
    is one too short to sketch. The rows are only ever read by (band, hash), so the primary
    key is (band, hash, version_id) and there is no other index: on SQLite a WITHOUT ROWID
    table, one b-tree that is both the table and its index (migration 0013).
    """

    __tablename__ = "shingle_bands"
    __table_args__ = (PrimaryKeyConstraint("band", "hash", "version_id", name="pk_shingle_bands"),
                      {"sqlite_with_rowid": False})

    band: Mapped[int] = mapped_column(SmallInteger)
    hash: Mapped[int] = mapped_column(Integer)  # the band's two 32-bit MinHash values, folded
    version_id: Mapped[int] = mapped_column(ForeignKey("versions.id", name="fk_shingle_bands_version_id"))


class PendingCopyLink(Base):
    """A stored version whose copy links are not made yet (archive.dedup.link_pending).

    A crawl stores each version at once and links copies in one batch after it
    (``EDUNOTICE_COPY_LINKS``); a version waits here until then, and ``show``/``dupes`` say
    so. The row is deleted in the transaction that links the version (migration 0015).
    """

    __tablename__ = "pending_copy_links"

    version_id: Mapped[int] = mapped_column(
        ForeignKey("versions.id", name="fk_pending_copy_links_version_id"), primary_key=True)


class PortalLease(Base):
    """The run that owns a portal now (archive.lease): one row per portal while it is crawled.

    No foreign key to ``portals``: a lease is taken before the run registers its portal.
    """

    __tablename__ = "portal_leases"

    portal_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    token: Mapped[str] = mapped_column(String(32))  # this holding; take-overs compare and swap it
    host: Mapped[str] = mapped_column(String(255))
    pid: Mapped[int] = mapped_column(Integer)
    # boot id, pid namespace and start time of the process: is the pid ours to check, still it?
    process_key: Mapped[str | None] = mapped_column(String(128))
    data_dir: Mapped[str] = mapped_column(Text)
    acquired_at: Mapped[datetime] = mapped_column(DateTime)
    heartbeat_at: Mapped[datetime] = mapped_column(DateTime)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
