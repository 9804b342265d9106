"""Copies across portals: link each new version's document into a copy cluster.

Called by ``Archive.record_notice`` in the transaction that stores a version (DESIGN.md,
"Identity, versions, copies"). Reads ``versions``, ``documents`` and ``portals``; writes
``shingle_bands``, ``copy_clusters`` and ``documents.cluster_id``.

1. **Exact copies**: other documents with a version of the same normalised text
   (``versions.text_sha256``). A text too short to sketch ("详见附件。") also needs the
   same title: attachment-only notices are not copies of each other.
2. **Near copies**: the version's 64 LSH band keys (``archive.similarity``) are stored
   in ``shingle_bands`` (primary key band, key, version) and looked up by SQL against
   every version archived before, so a new document is matched against the whole archive without recomputing anything. Each
   band reads at most ``STOP_BAND + 1`` postings: a band value shared by more versions
   than that (a "stop band": its two minima fell on stock phrases such as 教育局关于…的
   通知) says nothing about copying and is skipped, so a new notice reads at most
   64 × (STOP_BAND + 1) index rows whatever the archive's size; a band value once seen to be
   a stop band (in a committed transaction) is not read again by the process. The versions sharing most
   of the remaining bands are verified on their texts (coverage, number contradictions);
   those scoring at least ``similarity.COPY_THRESHOLD`` are copies.
3. **Clusters**: the document joins a matched document's cluster only when it is also a
   copy of that cluster's best copy; of the clusters it may join, those matching nearly
   as well as the best (``MERGE_MARGIN``) are merged, the oldest surviving. A matched
   document that fits the new text much better than its own cluster's best copy moves
   over. So a fragment that is mostly a quoted boilerplate block, linked to the wrong
   notice because it came first, neither chains the two notices together nor stays put
   once the notice it was cut from arrives. A later edit of a document does not take it
   out of its cluster.
4. **Best copy**: official portal over mirror, complete over truncated, earliest publish
   date; then fewer damage flags, longer text, lower document id.

Concurrent writers may each open a cluster for two copies stored at the same moment; the
next copy that matches both merges them.

5. **After the crawl**: a crawl stores versions without linking them (``queue_links``: a
   row in ``pending_copy_links``) and links them when it ends, oldest first, in batches
   (``link_pending``: one read of a batch's versions and documents, then each claimed and
   linked in turn). While a version waits it is invisible to the linking of others
   (exact copies, a cluster's latest texts), so linking in a batch decides what linking
   each version as it was stored decided. A killed crawl leaves its versions pending:
   ``edunotice show``/``dupes`` say so and the next crawl's end (or ``edunotice db
   link-copies``) links them.
"""

from __future__ import annotations

import logging
from collections import Counter, OrderedDict
from dataclasses import dataclass
from datetime import UTC, datetime
from weakref import WeakKeyDictionary

from sqlalchemy import and_, delete, event, exists, func, insert, or_, select, text, update
from sqlalchemy.orm import Session

from archive import similarity
from archive.models import CopyCluster, Document, PendingCopyLink, PortalRow, ShingleBand, Version

log = logging.getLogger(__name__)

MAX_CANDIDATES = 50  # versions verified per new version, those sharing most bands first
STOP_BAND = 64  # a band value held by more versions than this is skipped (see 2. above)
MERGE_MARGIN = 0.1  # clusters matched within this score of the best match are merged
LINK_BATCH = 50  # pending versions linked per transaction by link_pending
TEXT_CACHE = 1024  # candidate texts kept shingled between one version's linking and the next


@dataclass(frozen=True)
class Match:
    """Another document's version that is a copy of the new text."""

    document_id: int
    score: float
    text: similarity.Text


def link_copies(s: Session, doc: Document, version: Version) -> int:
    """Index ``version`` and put ``doc`` into its copy cluster; returns the cluster id."""
    text = version.text_normalized or ""
    target = similarity.Text(text)
    matches = _exact_copies(s, doc, version, target)
    bands = similarity.shingle_bands(target.grams)
    if bands is not None:
        for match in _near_copies(s, doc, target, bands):
            if match.score > matches.get(match.document_id, Match(0, -1.0, target)).score:
                matches[match.document_id] = match
        if not _indexed(s, version.text_sha256, bands[0]):  # one Core executemany, not 64 ORM objects
            s.execute(insert(ShingleBand.__table__), [{"version_id": version.id, "band": band, "hash": value}
                                                      for band, value in enumerate(bands)])
    cluster_id = _place(s, doc, target, matches)
    if matches:
        log.debug("document %s: copies %s, cluster %s", doc.id, sorted(matches), cluster_id)
    return cluster_id


def _linked(version_id) -> object:
    """SQL condition: the version's copy links are made (it is not waiting in pending_copy_links)."""
    return ~exists().where(PendingCopyLink.version_id == version_id)


def queue_links(s: Session, version: Version, new: bool = False) -> None:
    """Leave ``version``'s copy links for :func:`link_pending` (once; a ``new`` version,
    inserted in this transaction, cannot be pending yet)."""
    if new or s.get(PendingCopyLink, version.id) is None:
        s.execute(PendingCopyLink.__table__.insert(), {"version_id": version.id})


def link_next(s: Session) -> bool:
    """Link the oldest pending version in this transaction; False when none is pending.

    Its pending row is deleted first (a claim: of two linkers, one deletes it), so it is
    itself visible while later pending versions are not.
    """
    while True:
        version_id = s.scalar(select(func.min(PendingCopyLink.version_id)))
        if version_id is None:
            return False
        if _claim(s, version_id):
            return True


def _claim(s: Session, version_id: int) -> bool:
    """Take ``version_id`` off the pending list and link it; False when another linker had."""
    if not s.execute(delete(PendingCopyLink).where(PendingCopyLink.version_id == version_id)).rowcount:
        return False
    version = s.get(Version, version_id)
    link_copies(s, s.get(Document, version.document_id), version)
    return True


def link_pending(sessions, batch: int = LINK_BATCH) -> int:
    """Link every pending version, oldest first, ``batch`` per transaction; how many were linked.

    ``sessions`` is the archive's sessionmaker. Each transaction reads the next ``batch``
    pending ids and their versions and documents at once, then claims and links them one by
    one in id order (:func:`_claim`), as :func:`link_next` would. A kill loses at most the
    batch under way, whose versions stay pending.
    """
    linked = 0
    while True:
        with sessions.begin() as s:
            ids = list(s.scalars(select(PendingCopyLink.version_id).order_by(PendingCopyLink.version_id)
                                 .limit(batch)))
            # Into the session's identity map, so s.get in _claim reads no row; held in this
            # list because the identity map keeps weak references only.
            held: list = list(s.scalars(select(Version).where(Version.id.in_(ids)))) if ids else []
            if held:
                held += s.scalars(select(Document).where(Document.id.in_({v.document_id for v in held})))
            linked += sum(_claim(s, version_id) for version_id in ids)
        if len(ids) < batch:
            return linked


def _exact_copies(s: Session, doc: Document, version: Version, target: similarity.Text) -> dict[int, Match]:
    if not similarity.key_text(target.text):
        return {}
    stmt = select(Version.document_id).distinct().where(
        Version.text_sha256 == version.text_sha256, Version.document_id != doc.id, _linked(Version.id))
    if len(target.grams) < similarity.MIN_SHINGLES:
        stmt = stmt.where(Version.title == version.title)
    return {d: Match(d, 1.0, target) for d in s.scalars(stmt)}


# One indexed read per band, each cut at STOP_BAND + 1 rows; written once as SQL text (an
# ORM union of 64 limited subqueries cost more to compile than to run).
_POSTINGS = text(" UNION ALL ".join(
    f"SELECT * FROM (SELECT band, version_id FROM shingle_bands WHERE band = {band} AND hash = :h{band} "
    f"LIMIT {STOP_BAND + 1}) AS b{band}" for band in range(similarity.BANDS)))


def candidate_versions(s: Session, bands: list[int], exclude_document: int | None = None) -> list[int]:
    """Versions sharing most non-stop bands with ``bands``, most shared first (at most
    MAX_CANDIDATES): one indexed read of at most STOP_BAND + 1 postings per band. A band value
    known to be a stop band (:func:`_stop_keys`) is not read again: its parameter is NULL,
    which matches no row."""
    stops = _stop_keys(s)
    params = {f"h{band}": None if (band, value) in stops else value for band, value in enumerate(bands)}
    postings: dict[int, list[int]] = {}
    for band, version_id in s.execute(_POSTINGS, params).all():
        postings.setdefault(band, []).append(version_id)
    hits: Counter[int] = Counter()
    for band, ids in postings.items():
        if len(ids) <= STOP_BAND:
            hits.update(ids)
        else:
            s.info.setdefault(_NEW_STOPS, set()).add((band, bands[band]))
    if not hits:
        return []
    if exclude_document is not None:  # its few versions by index, not hundreds of hits in an IN list
        for version_id in s.scalars(select(Version.id).where(Version.document_id == exclude_document)):
            hits.pop(version_id, None)
    return [v for v, _ in sorted(hits.items(), key=lambda item: (-item[1], item[0]))[:MAX_CANDIDATES]]


# Stop bands seen by a session, kept per engine once its transaction commits: a band value's
# postings only ever grow (versions and their bands are inserted, never deleted), so a stop
# band stays one, and reading its STOP_BAND + 1 postings again for every notice that shares
# a stock phrase was most of the rows copy detection read. Learnt in a transaction that
# rolls back, a stop band is forgotten with it (its postings may be gone too).
_NEW_STOPS = "edunotice_dedup_new_stop_bands"
_stop_caches: WeakKeyDictionary = WeakKeyDictionary()  # engine -> {(band, hash)}


def _engine(s: Session):
    bind = s.get_bind()
    return getattr(bind, "engine", bind)


def _stop_keys(s: Session) -> set[tuple[int, int]] | _Both:
    known = _stop_caches.get(_engine(s))
    new = s.info.get(_NEW_STOPS)
    if known is None or new is None:
        return known or new or set()
    return _Both(known, new)


class _Both:
    """Membership in either of two sets (without copying the larger)."""

    __slots__ = ("a", "b")

    def __init__(self, a: set, b: set):
        self.a, self.b = a, b

    def __contains__(self, key) -> bool:
        return key in self.a or key in self.b


@event.listens_for(Session, "after_commit")
def _keep_stop_bands(s: Session) -> None:
    new = s.info.pop(_NEW_STOPS, None)
    if new:
        engine = _engine(s)
        _stop_caches.setdefault(engine, set()).update(new)


@event.listens_for(Session, "after_rollback")
def _forget_stop_bands(s: Session) -> None:
    s.info.pop(_NEW_STOPS, None)


def _near_copies(s: Session, doc: Document, target: similarity.Text, bands: list[int]) -> list[Match]:
    """Verified copies among other documents' versions sharing a band with the new text."""
    ids = candidate_versions(s, bands, exclude_document=doc.id)
    found = []
    for document_id, other in _text_cache(s).get(s, ids):
        comparison = similarity.compare(target, other)
        if comparison.is_copy():
            found.append(Match(document_id, comparison.score, other))
    return found


class _TextCache:
    """Stored versions' texts with their shingles (``similarity.Text``), the most recently
    verified kept: template siblings are candidates of one new notice after another, and a
    version's text never changes, so each is read and shingled once, not per candidacy."""

    def __init__(self, size: int):
        self.size = size
        self.texts: OrderedDict[int, tuple[int, similarity.Text]] = OrderedDict()

    def get(self, s: Session, ids: list[int]) -> list[tuple[int, similarity.Text]]:
        """(document id, Text) of each version in ``ids``."""
        missing = [v for v in ids if v not in self.texts]
        if missing:
            for version_id, document_id, text in s.execute(
                    select(Version.id, Version.document_id, Version.text_normalized).where(Version.id.in_(missing))):
                self.texts[version_id] = (document_id, similarity.Text(text))
        found = []
        for version_id in ids:
            if (entry := self.texts.get(version_id)) is not None:
                self.texts.move_to_end(version_id)
                found.append(entry)
        while len(self.texts) > self.size:
            self.texts.popitem(last=False)
        return found


_caches: WeakKeyDictionary = WeakKeyDictionary()  # one per engine (database): ids are per database


def _text_cache(s: Session) -> _TextCache:
    engine = _engine(s)
    cache = _caches.get(engine)
    if cache is None:
        cache = _caches[engine] = _TextCache(TEXT_CACHE)
    return cache


def _indexed(s: Session, text_sha256: str, first_band: int) -> bool:
    """Some version with this normalised text already has its bands stored: the versions with
    the text (by ``text_sha256``), each checked by one primary-key probe of its band 0."""
    return s.scalar(
        select(Version.id).where(Version.text_sha256 == text_sha256, exists().where(
            ShingleBand.band == 0, ShingleBand.hash == first_band, ShingleBand.version_id == Version.id))
        .limit(1)
    ) is not None


def _latest_text(s: Session, document_id: int) -> similarity.Text:
    return similarity.Text(s.scalar(select(Version.text_normalized)
                                    .where(Version.document_id == document_id, _linked(Version.id))
                                    .order_by(Version.version.desc()).limit(1)) or "")


def _place(s: Session, doc: Document, target: similarity.Text, matches: dict[int, Match]) -> int:
    """Choose the new document's cluster; merge clusters and move members as the matches say.

    A cluster is joined when the new text is a copy of the cluster's best copy, not merely
    of some member: otherwise one fragment of shared boilerplate, linked to the wrong
    notice, would chain whole clusters together. A member that matches the new text much
    better than its own cluster's best copy moves to the new document's cluster.
    """
    clusters: dict[int | None, list[Match]] = {}
    if matches:
        rows = s.execute(select(Document.id, Document.cluster_id).where(Document.id.in_(matches)))
        for document_id, cluster_id in rows:
            clusters.setdefault(cluster_id, []).append(matches[document_id])
    movers = [m.document_id for m in clusters.pop(None, [])]  # archived before clusters existed
    accepted: dict[int, float] = {}
    for cluster_id, members in clusters.items():
        best_id = s.scalar(select(CopyCluster.best_document_id).where(CopyCluster.id == cluster_id))
        best = next((m for m in members if m.document_id == best_id), None)
        best_text = best.text if best else _latest_text(s, best_id) if best_id else None
        score = best.score if best else (similarity.compare(target, best_text).score if best_text else 0.0)
        if score >= similarity.COPY_THRESHOLD:
            accepted[cluster_id] = score
            continue
        for m in members:
            if best_text is None or m.score >= similarity.compare(m.text, best_text).score + MERGE_MARGIN:
                movers.append(m.document_id)
    if doc.cluster_id is not None:
        accepted[doc.cluster_id] = 1.0
    if not accepted and not movers:  # a copy of nothing: a cluster of one, its own best copy
        cluster = CopyCluster(created_at=datetime.now(UTC).replace(tzinfo=None), best_document_id=doc.id)
        s.add(cluster)
        s.flush()
        doc.cluster_id = cluster.id
        return cluster.id
    if accepted:
        top = max(accepted.values())
        chosen = sorted(c for c, score in accepted.items() if score >= top - MERGE_MARGIN)
        target_id = chosen[0]
        _merge(s, target_id, chosen[1:], doc.id)
    else:
        cluster = CopyCluster(created_at=datetime.now(UTC).replace(tzinfo=None))
        s.add(cluster)
        s.flush()
        target_id = cluster.id
    doc.cluster_id = target_id
    left = set()
    if movers:
        left = set(s.scalars(select(Document.cluster_id).where(Document.id.in_(movers),
                                                               Document.cluster_id.is_not(None))))
        log.info("moving copies %s to cluster %s (document %s)", sorted(movers), target_id, doc.id)
        s.execute(update(Document).where(Document.id.in_(movers)).values(cluster_id=target_id))
    s.flush()
    for cluster_id in left - {target_id}:
        if choose_best(s, cluster_id) is None:  # emptied: it lives on as a pointer
            s.get(CopyCluster, cluster_id).merged_into_id = target_id
    choose_best(s, target_id)
    return target_id


def _merge(s: Session, target_id: int, merged: list[int], document_id: int) -> None:
    """Fold clusters into ``target_id``; their rows stay, pointing at it."""
    if not merged:
        return
    log.info("merging copy clusters %s into %s (document %s)", merged, target_id, document_id)
    s.execute(update(Document).where(Document.cluster_id.in_(merged)).values(cluster_id=target_id))
    s.execute(update(CopyCluster).where(or_(CopyCluster.id.in_(merged), CopyCluster.merged_into_id.in_(merged)))
              .values(merged_into_id=target_id, best_document_id=None))


def best_copy_key(kind: str | None, flags: list | None, published: str | None, text_length: int,
                  document_id: int) -> tuple:
    """Sort key of a copy: the best copy sorts first (official, complete, earliest)."""
    flags = flags or []
    return (kind != "official", "truncated" in flags, published is None, (published or "")[:10],
            len(flags), -text_length, document_id)


def cluster_members(s: Session, cluster_id: int):
    """(Document, its latest linked Version, portal kind) of every document in a cluster, best
    first (a version whose copy links are pending is not one yet)."""
    in_cluster = select(Document.id).where(Document.cluster_id == cluster_id)
    latest = (select(Version.document_id, func.max(Version.version).label("v"))
              .where(Version.document_id.in_(in_cluster), _linked(Version.id))
              .group_by(Version.document_id).subquery())
    rows = s.execute(
        select(Document, Version, PortalRow.kind)
        .join(PortalRow, PortalRow.id == Document.portal_id)
        .join(latest, latest.c.document_id == Document.id)
        .join(Version, and_(Version.document_id == Document.id, Version.version == latest.c.v))
    ).all()
    return sorted(rows, key=lambda r: best_copy_key(r[2], r[1].flags, r[1].published,
                                                    len(r[1].text_normalized or ""), r[0].id))


def choose_best(s: Session, cluster_id: int) -> int | None:
    """Name the cluster's best copy (after a member was added or changed)."""
    members = cluster_members(s, cluster_id)
    best = members[0][0].id if members else None
    cluster = s.get(CopyCluster, cluster_id)
    cluster.best_document_id = best
    return best
