"""Deriving notice records from captured bytes: at fetch time, and again from WARC records.

``derive`` is the one call the crawl (``ExtractPipeline``) and re-extraction share, so a
record re-derived from a WARC record sees exactly the input the crawl gave the extractor
(``Version.extract_input``: list-page hints, declared charset, the URL it was served from).
``reextract`` re-derives stored versions with today's extractor (``edunotice reextract``):
it appends derivations (earlier ones stay), counts per field what changed, and never
creates a version.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from archive import versioning
from archive.models import Document, PortalRow, Version
from archive.normalize import normalize_text
from archive.store import Archive, utcnow
from archive.warc import read_payload
from crawler.extract import extract, filenotice
from crawler.extract.identity import extractor_version

BATCH = 200  # versions re-derived per transaction


def derive(body: bytes, *, url: str, base_url: str | None = None, encoding: str | None = None,
           hints: dict | None = None, portal_id: str | None = None, definition: dict | None = None,
           more: list[tuple[str, bytes]] | None = None) -> dict:
    """The notice record of one captured page (``definition``: the portal's, for selectors/kind),
    or of a file a list row linked directly (crawler.extract.filenotice). ``more``: the
    notice's further pages, (url, bytes) in order, whose text continues the first page's."""
    definition = definition or {}
    mirror = definition.get("kind") == "mirror"
    if media_type := filenotice.file_type(body, base_url or url):  # a list row linked the file itself
        record = filenotice.file_record(body, url, media_type, hints, portal=portal_id, mirror=mirror)
    else:
        record = extract(body, base_url or url, encoding=encoding, hints=hints, portal=portal_id,
                         mirror=mirror, selectors=definition.get("selectors"), more_pages_read=bool(more))
        if more:
            _join_pages(record, more, encoding=encoding, hints=hints, mirror=mirror, definition=definition)
    record.url = url
    return record.to_dict()


def _join_pages(record, more: list[tuple[str, bytes]], **how) -> None:
    """Continue ``record``'s text and attachments with those of the notice's further pages
    (each read by the same rules; its repeated heading is not text)."""
    lines = record.text.splitlines()
    seen = {a.url for a in record.attachments}
    for page_url, page_body in more:
        page = extract(page_body, page_url, encoding=how["encoding"], hints=how["hints"], mirror=how["mirror"],
                       selectors=how["definition"].get("selectors"), more_pages_read=True)
        lines += [line for line in page.text.splitlines() if line != record.title]
        record.attachments += [a for a in page.attachments if a.url not in seen and not seen.add(a.url)]
    record.text = "\n".join(lines)
    record.text_normalized, _flags = normalize_text(record.text)


def extract_input(*, hints: dict, encoding: str | None, base_url: str | None,
                  more_pages: list[dict] | None = None) -> dict:
    """What ``derive`` needs besides the bytes, as stored on a version: with a notice's further
    pages, where each is in the WARC (their bytes are read back from there) and its payload
    digest (an unchanged page 1 with a changed further page is a change: archive.versioning)."""
    given = {"hints": dict(hints or {}), "encoding": encoding, "base_url": base_url}
    if more_pages:
        given["more_pages"] = [{k: page.get(k) for k in ("url", "warc_file", "warc_offset", "digest")}
                               for page in more_pages]
    return given


def _legacy_input(version: Version) -> dict:
    """A version archived before extract_input was kept: its own title and dates stand in for
    the list page's hints (as a re-check does)."""
    hints = {k: getattr(version, k) for k in ("title", "published", "mirror_posted") if getattr(version, k)}
    return {"hints": hints, "encoding": None, "base_url": version.fetch_url}


def rederive_version(version: Version, *, data_dir: Path, payload_index, definition: dict | None) -> dict | None:
    """``version``'s record under today's extractor, from its WARC record; None if the bytes
    are not in the data directory. Attachment hashes carry over by URL: the bytes of
    attachments are not re-read, only the page is re-interpreted."""
    if not version.warc_file or version.warc_offset is None:
        return None
    try:
        body = read_payload(data_dir, version.warc_file, version.warc_offset, payload_index)
    except (OSError, ValueError, StopIteration):
        return None
    given = version.extract_input or _legacy_input(version)
    more = []
    for page in given.get("more_pages") or []:
        if page.get("warc_file") is None:
            return None  # a page of the notice was not captured: it cannot be read again
        try:
            more.append((page["url"], read_payload(data_dir, page["warc_file"], page["warc_offset"], payload_index)))
        except (OSError, ValueError, StopIteration):
            return None
    record = derive(body, url=version.document.url, base_url=given.get("base_url"),
                    encoding=given.get("encoding"), hints=given.get("hints"),
                    portal_id=version.document.portal_id, definition=definition, more=more or None)
    known = {a.get("url"): a for a in version.attachments or []}
    for attachment in record.get("attachments") or []:
        earlier = known.get(attachment.get("url"))
        if earlier:
            for key in ("sha256", "size", "media_type"):
                if earlier.get(key) is not None:
                    attachment[key] = earlier[key]
    return record


@dataclass
class Report:
    extractor: str
    dry_run: bool
    examined: int = 0
    rederived: int = 0
    already_current: int = 0  # latest derivation already made by today's extractor
    records_changed: int = 0
    fields_changed: Counter = field(default_factory=Counter)
    missing: list[str] = field(default_factory=list)  # versions whose WARC record is not readable
    seconds: float = 0.0

    def as_dict(self) -> dict:
        rate = self.rederived / self.seconds if self.seconds else None
        return {"extractor": self.extractor, "dry_run": self.dry_run, "examined": self.examined,
                "rederived": self.rederived, "already_current": self.already_current,
                "records_changed": self.records_changed,
                "fields_changed": dict(sorted(self.fields_changed.items())),
                "missing": self.missing, "seconds": round(self.seconds, 3),
                "versions_per_second": round(rate, 1) if rate else None}


def reextract(archive: Archive, data_dir: Path, *, portal: str | None = None, since: datetime | None = None,
              dry_run: bool = False, extractor: str | None = None) -> Report:
    """Re-derive the stored versions (of ``portal``, fetched since ``since``) with today's extractor."""
    extractor = extractor or extractor_version()
    report = Report(extractor, dry_run)
    started = time.perf_counter()
    stmt = select(Version.id).join(Document, Document.id == Version.document_id).order_by(Version.id)
    if portal:
        stmt = stmt.where(Document.portal_id == portal)
    if since:
        stmt = stmt.where(Version.fetched_at >= since)
    with archive.sessions() as s:
        ids = list(s.scalars(stmt))
        definitions = {p.id: p.definition or {} for p in s.scalars(select(PortalRow))}
    for start in range(0, len(ids), BATCH):
        with archive.sessions.begin() as s:
            for version in s.scalars(select(Version).where(Version.id.in_(ids[start:start + BATCH]))
                                     .order_by(Version.id)):
                _rederive_one(s, version, report, archive, data_dir, definitions)
    report.seconds = time.perf_counter() - started
    return report


def _rederive_one(s, version: Version, report: Report, archive: Archive, data_dir: Path,
                  definitions: dict) -> None:
    report.examined += 1
    before = versioning.latest_interpretation(s, version)
    if before.extractor == report.extractor:
        report.already_current += 1
        return
    record = rederive_version(version, data_dir=data_dir, payload_index=archive,
                              definition=definitions.get(version.document.portal_id))
    if record is None:
        report.missing.append(f"document {version.document_id} version {version.version}: "
                              f"{version.warc_file or 'no WARC record'} @ {version.warc_offset}")
        return
    report.rederived += 1
    changed = versioning.changed_fields(record, before)
    if changed:
        report.records_changed += 1
        report.fields_changed.update(changed)
    if not report.dry_run:
        sha = versioning.content_hashes(record)[0]
        versioning.add_derivation(s, version, record, report.extractor, utcnow(), before, sha)
