"""Search for researchers: counted, faceted, ranked, paged, with snippets and copy collapsing.

One function, :func:`search`, serves the CLI, the web UI (``edunotice serve``), the
notebook API (``archive.open``) and exports, so all of them return the same notices.
Matching is archive.fts's (every word a substring of the normalised title or text, found
through the character and bigram index); this module adds filters, ranking, facets, paging and snippets.

Ranking: notices whose title contains more of the words first, then official portals
before mirrors, then newest publish date, then document id (stable paging).

Counting: exact, unless more than ``count_limit`` versions match a search without filters
and ``exact_count`` is off: then the total (and the facets, and how many more follow a
page) is an estimate from a random sample, labelled as such (archive.estimate). The page
of hits itself is always exact.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import cache
from itertools import islice

from sqlalchemy import (
    Boolean,
    Integer,
    Select,
    String,
    Text,
    case,
    func,
    literal,
    or_,
    select,
    text,
)
from sqlalchemy.orm import Session

from archive import estimate as estimates
from archive import fts
from archive.models import CopyCluster, Document, PortalRow, Version
from archive.query import current_records

SNIPPET_CONTEXT = 40  # characters shown either side of the first match
FACET_LIMIT = 30  # values listed per facet (the count of the rest is given)


class UnknownPortal(ValueError):
    """A portal filter names a portal the archive does not hold."""


@dataclass(frozen=True)
class SearchRequest:
    query: str = ""
    portal: tuple[str, ...] = ()
    since: str | None = None  # ISO date, inclusive, on `published`
    until: str | None = None
    kind: str | None = None  # official | mirror (the portal's kind)
    withdrawn: bool | None = None  # True: only withdrawn; False: only live; None: both
    has_attachments: bool | None = None
    changed_since: str | None = None  # a new version (2nd or later) fetched on/after this date
    collapse_copies: bool = False  # one hit per copy cluster, its best copy
    all_versions: bool = False  # search every version, not only the latest of each notice
    page: int = 1
    per_page: int = 20
    facets: bool = True
    snippets: bool = True
    exact_count: bool = False  # count every hit whatever it costs (else: estimated past count_limit)
    count_limit: int = estimates.EXACT_COUNT_LIMIT  # matching versions counted exactly, at most

    @property
    def terms(self) -> tuple[str, ...]:
        return tuple(t for t in (fts.query_term(w) for w in split_query(self.query)) if t)


def split_query(query: str) -> list[str]:
    """Words of a query; a "quoted phrase" is one word, spaces included."""
    return [a or b for a, b in re.findall(r'"([^"]*)"|(\S+)', query) if (a or b).strip()]


@dataclass
class SearchResult:
    request: SearchRequest
    total: int
    hits: list[dict]
    facets: dict[str, list[dict]] = field(default_factory=dict)
    estimate: estimates.CountEstimate | None = None  # set when ``total`` is estimated

    @property
    def count_exact(self) -> bool:
        return self.estimate is None

    def describe_total(self) -> str:
        """The total as a reader should see it: '1,234' or 'about 560,000 (95 % interval ...)'."""
        return f"{self.total:,}" if self.estimate is None else self.estimate.describe()

    @property
    def first(self) -> int:
        return (self.request.page - 1) * self.request.per_page + 1 if self.hits else 0

    @property
    def last(self) -> int:
        return self.first + len(self.hits) - 1 if self.hits else 0

    @property
    def more(self) -> int:
        """How many matching notices come after this page (estimated when the total is)."""
        return max(0, self.total - (self.request.page - 1) * self.request.per_page - len(self.hits))

    def as_dict(self) -> dict:
        r = self.request
        return {"query": r.query, "terms": list(r.terms), "total": self.total, "count_exact": self.count_exact,
                "count_estimate": self.estimate.as_dict() if self.estimate else None, "page": r.page,
                "per_page": r.per_page, "first": self.first, "last": self.last, "more": self.more,
                "collapse_copies": r.collapse_copies, "facets": self.facets,
                "facets_exact": self.count_exact, "hits": self.hits}


# -- the query ------------------------------------------------------------------------------
def _fold_sql(s: Session, column):
    if s.get_bind().dialect.name == "postgresql":
        return func.translate(column, "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
    return func.lower(column)  # SQLite's lower() folds ASCII only, as fts.fold does


def _contains(s: Session, haystack, needle: str):
    if s.get_bind().dialect.name == "postgresql":
        return func.strpos(haystack, needle) > 0
    return func.instr(haystack, needle) > 0


def _sqlite_hits(s: Session, terms: tuple[str, ...]) -> tuple[str, dict[str, str]]:
    """(SQL selecting the rowids the FTS5 tables match for every term, its parameters)."""
    matches = fts.sqlite_matches(terms, as_phrases=_rare_bigrams(s, terms))
    sql = " INTERSECT ".join(f"SELECT rowid FROM {table} WHERE {table} MATCH :m_{table}" for table in matches)
    return sql, {f"m_{table}": match for table, match in matches.items()}


RARE_BIGRAM_SHARE = 4  # a 2-character word in at most 1/4 of the versions is "rare" (_rare_bigrams)


def _rare_bigrams(s: Session, terms: tuple[str, ...]) -> set[str]:
    """The 2-character words that are better matched as phrases beside the phrases of the
    query's other words, in one FTS5 query of search_chars, than as bigrams in search_fts.

    FTS5 walks an AND of phrases skipping to the rowids every phrase can hold, so a rare
    word spares most of the position checks of a long word's phrase (学前教育 普惠: 21 ms
    instead of 42 at 100k versions); a common one adds its own (教育 2022: 83 ms instead
    of 52). Which one a word is, is read from its bigram's rowids, at most a quarter of
    the versions of them (0-3 ms at 100k; not measured at 1M)."""
    pairs = [t for t in set(terms) if len(t) == 2]
    if not pairs or all(len(t) == 2 for t in terms):
        return set()
    cap = (s.scalar(text("SELECT max(version_id) FROM search_titles")) or 0) // RARE_BIGRAM_SHARE
    return {t for t in pairs if s.scalar(text(
        "SELECT count(*) FROM (SELECT rowid FROM search_fts WHERE search_fts MATCH :m LIMIT :cap)"),
        {"m": fts.sqlite_matches([t])["search_fts"], "cap": cap + 1}) <= cap}


def _sqlite_probe(terms: tuple[str, ...], rowid: str) -> tuple[str, dict[str, str]]:
    """(SQL true when the version whose id is the SQL expression ``rowid`` matches every term
    in the FTS5 tables, its parameters): one index lookup per table, for a few rows."""
    matches = fts.sqlite_matches(terms)
    sql = " AND ".join(f"EXISTS (SELECT 1 FROM {table} WHERE {table} MATCH :m_{table} AND rowid = {rowid})"
                       for table in matches)
    return sql, {f"m_{table}": match for table, match in matches.items()}


def _term_conditions(s: Session, terms: tuple[str, ...]) -> list:
    st = fts.search_titles.c
    conditions = []
    dialect = s.get_bind().dialect.name
    if dialect == "sqlite" and terms:
        sql, params = _sqlite_hits(s, terms)
        conditions.append(st.version_id.in_(text(sql).bindparams(**params).columns(rowid=Integer)))
    for n, term in enumerate(terms):
        if dialect == "postgresql":
            wanted = {f"g{n}": fts.pg_gram_codes(term)}
            conditions.append(st.version_id.in_(
                select(Version.id).where(
                    text(f"edunotice_grams(versions.text_normalized) @> CAST(:g{n} AS bigint[])").bindparams(**wanted))
                .union(select(st.version_id).where(
                    text(f"edunotice_grams(search_titles.title_search) @> CAST(:g{n} AS bigint[])").bindparams(**wanted)))))
        if not fts.exact_by_index(term, dialect):  # the index narrows, a substring check decides
            # Folding copies the text: only a term with ASCII letters needs it.
            body = _fold_sql(s, Version.text_normalized) if term != term.upper() else Version.text_normalized
            conditions.append(or_(_contains(s, st.title_search, term), _contains(s, body, term)))
    return conditions


def _exact(s: Session, terms: tuple[str, ...]) -> bool:
    """True when the index decides every term (no text is read)."""
    dialect = s.get_bind().dialect.name
    return all(fts.exact_by_index(t, dialect) for t in terms)


def _base(s: Session, req: SearchRequest) -> Select:
    """Matching versions with what ranking, collapsing and facets need (one row per hit)."""
    st = fts.search_titles.c
    terms = req.terms
    title_score = sum((case((_contains(s, st.title_search, t), 1), else_=0) for t in terms), literal(0))
    official = case((PortalRow.kind == "official", 1), else_=0)
    stmt = (select(st.version_id.label("version_id"), Document.id.label("document_id"),
                   Document.cluster_id.label("cluster_id"), Document.portal_id.label("portal"),
                   PortalRow.kind.label("kind"), PortalRow.region.label("region"), PortalRow.agency.label("agency"),
                   st.published.label("published"), st.flags.label("flags"),
                   title_score.label("title_score"), official.label("official"))
            .select_from(fts.search_titles)
            .join(Document, Document.id == st.document_id)
            .join(PortalRow, PortalRow.id == Document.portal_id))
    if not _exact(s, terms):  # a substring check reads the text
        stmt = stmt.join(Version, Version.id == st.version_id)
    if not req.all_versions:
        stmt = stmt.where(st.is_latest.is_(True))
    for condition in _term_conditions(s, terms):
        stmt = stmt.where(condition)
    if req.portal:
        stmt = stmt.where(Document.portal_id.in_(req.portal))
    if req.since:
        stmt = stmt.where(st.published >= req.since)
    if req.until:
        stmt = stmt.where(func.substr(st.published, 1, 10) <= req.until)
    if req.kind:
        stmt = stmt.where(PortalRow.kind == req.kind)
    if req.withdrawn is not None:
        stmt = stmt.where(Document.withdrawn_at.is_not(None) if req.withdrawn else Document.withdrawn_at.is_(None))
    if req.has_attachments is not None:
        stmt = stmt.where(st.attachment_count > 0 if req.has_attachments else st.attachment_count == 0)
    if req.changed_since:
        changed = select(Version.id).where(Version.document_id == Document.id, Version.version > 1,
                                           Version.fetched_at >= req.changed_since).correlate(Document)
        stmt = stmt.where(changed.exists())
    if req.collapse_copies:
        stmt = _collapsed(stmt)
    return stmt


def _order(columns) -> list:
    return [columns.title_score.desc(), columns.official.desc(), columns.published.desc().nulls_last(),
            columns.document_id, columns.version_id.desc()]


def _collapsed(stmt: Select) -> Select:
    """One row per copy cluster: the cluster's best copy if it matched, else its best-ranked hit."""
    hits = stmt.add_columns(CopyCluster.best_document_id.label("best_document_id")).outerjoin(
        CopyCluster, CopyCluster.id == Document.cluster_id).subquery("hits")
    group = func.coalesce(hits.c.cluster_id, -hits.c.document_id)
    is_best = case((hits.c.best_document_id == hits.c.document_id, 1), else_=0)
    ranked = select(hits, func.row_number().over(
        partition_by=group, order_by=[is_best.desc(), *_order(hits.c)]).label("copy_rank")).subquery("ranked")
    return select(*[c for c in ranked.c if c.name not in ("copy_rank", "best_document_id")]).where(
        ranked.c.copy_rank == 1)


def check_portals(s: Session, portals: tuple[str, ...]) -> None:
    """Raise UnknownPortal naming the ids the archive does not hold."""
    if not portals:
        return
    known = set(s.scalars(select(PortalRow.id).where(PortalRow.id.in_(portals))))
    unknown = [p for p in portals if p not in known]
    if unknown:
        all_ids = ", ".join(s.scalars(select(PortalRow.id).order_by(PortalRow.id))) or "none"
        raise UnknownPortal(f"unknown portal {', '.join(unknown)}; the archive holds: {all_ids}")


def _plan_with_index(s: Session) -> None:
    """On PostgreSQL, keep the planner on the gram indexes: a sequential scan would compute
    edunotice_grams for every row (about 2 ms per notice), which a common word made a
    20-second query in bench-search. Results are the same either way.

    JIT off: edunotice_grams's COST makes every plan look dear enough for JIT compilation,
    which took 1.8 s of a 2.7 s count (EXPLAIN ANALYZE at 100k versions) and saves nothing
    on these index-driven plans."""
    if s.get_bind().dialect.name == "postgresql":
        s.execute(text("SET LOCAL enable_seqscan = off"))
        s.execute(text("SET LOCAL jit = off"))


def search(s: Session, req: SearchRequest) -> SearchResult:
    """Count, rank, page, facet and snippet the notices matching ``req``."""
    check_portals(s, req.portal)
    _plan_with_index(s)
    # Built on first use: on SQLite building it reads the index (_rare_bigrams, 16-25 ms at 1M
    # versions), which a page and count served by the shortcuts never need.
    hits = cache(lambda: _base(s, req).subquery("hits"))
    page = _first_pages(s, req)
    if page is None:
        page = _title_group_pages(s, req)
    estimate, sampled_hits = _estimate_count(s, req)
    total = _index_count(s, req) if estimate is None else estimate.count
    if page is None and total is None:
        # One pass counts and ranks (a window count): words of 3+ characters are checked on
        # the text once, not twice.
        page = s.execute(select(hits().c.version_id, hits().c.document_id, hits().c.title_score,
                                func.count().over().label("total"))
                         .order_by(*_order(hits().c))
                         .limit(req.per_page).offset((req.page - 1) * req.per_page)).all()
        total = page[0].total if page else None
    elif page is None:
        # The count came from the index: ORDER BY ... LIMIT keeps only the best rows (top-k)
        # where a window count would have sorted every hit.
        page = s.execute(select(hits().c.version_id, hits().c.document_id, hits().c.title_score)
                         .order_by(*_order(hits().c))
                         .limit(req.per_page).offset((req.page - 1) * req.per_page)).all()
    if total is None:
        total = s.scalar(select(func.count()).select_from(_count_source(s, req, hits()))) or 0
    records = _records(s, [(r.document_id, r.version_id) for r in page])
    out = []
    for row, record in zip(page, records, strict=True):
        record["title_match"] = row.title_score > 0
        if req.snippets:
            record["snippet_html"] = snippet_html(record["text_normalized"], req.terms)
        out.append(record)
    if estimate is not None:  # never fewer than the hits shown
        shown = (req.page - 1) * req.per_page + len(out)
        estimate = replace(estimate, count=max(estimate.count, shown), low=max(estimate.low, shown),
                           high=max(estimate.high, shown))
        total = estimate.count
    if not req.facets:
        facets = {}
    elif estimate is None:
        facets = _facets(s, hits())
    else:
        facets = _sampled_facets(s, req, estimate, sampled_hits)
    return SearchResult(req, total, out, facets, estimate)


# -- estimated counts (archive.estimate) ----------------------------------------------------
# Ids checked before the candidate count: a word whose 100-id sample already puts the total's
# 95 % interval above the limit needs no count to be estimated (~3 ms). On PostgreSQL the
# count's GIN bitmap reads every posting of the words' grams before it can stop (~20-50 ms
# for a common word at 1M versions); on SQLite a word of 1-2 characters, which the count
# does not weigh (its doclist has no positions to read), was counted exactly: 学, in every
# version, took 105 ms at 1M.
PRESAMPLE = 100


def _estimate_count(s: Session, req: SearchRequest) -> tuple[estimates.CountEstimate | None, list[int]]:
    """(an estimate of the total, the ids of the sampled versions that match), or (None, [])
    when the total is counted exactly: asked for, filtered (the ranked query that applies
    the filters counts), or at most ``req.count_limit`` matching versions."""
    terms = req.terms
    if req.exact_count or not terms or not _unfiltered(req):
        return None, []
    if _sampled(s, req, PRESAMPLE, "presample")[0].low > req.count_limit:
        return _sampled(s, req)  # clearly more hits than the limit, so more candidates too
    if not estimates.count_is_dear(s, terms, req.count_limit):
        return None, []
    return _sampled(s, req)


def _sampled(s: Session, req: SearchRequest, sample: int = estimates.ESTIMATE_SAMPLE,
             seed: str = "") -> tuple[estimates.CountEstimate, list[int]]:
    """(the estimate, the ids of the sampled versions that match): ``sample`` version ids
    drawn at random, each checked by :func:`_checked_ids`, latest versions only unless
    ``all_versions``. ``seed``: for tests of the interval's coverage."""
    st = fts.search_titles.c
    # Two queries: SQLite answers a lone min() or max() from the primary key's ends, but scans
    # every row for the pair in one SELECT (160 ms at 1M versions).
    lo = s.scalar(select(func.min(st.version_id)))
    hi = s.scalar(select(func.max(st.version_id)))
    if lo is None:
        return estimates.estimate(0, 0, 0), []
    ids = estimates.sample_ids(lo, hi, sample, f"{seed}|{req.all_versions}|{' '.join(req.terms)}")
    found = sorted(_checked_ids(s, req.terms, ids, latest_only=not req.all_versions))
    return estimates.estimate(hi - lo + 1, len(ids), len(found)), found


def _checked_ids(s: Session, terms: tuple[str, ...], ids: list[int], latest_only: bool = False) -> set[int]:
    """The versions among ``ids`` in which every word is a substring of the normalised title
    or of the text the index holds (SQLite: the latest derivation's, as :func:`scan` reads
    it; PostgreSQL: ``versions.text_normalized``, which its gram index covers), read and
    checked in SQL, ~15-45 µs a row at 300k versions (FTS5 probes by rowid cost about the
    same, 30-70 µs; a first sample check that joined them to search_titles took 2 s for
    1,000 ids at 30k: SQLite drove it from the is_latest index, every latest version)."""
    if not ids:
        return set()
    st = fts.search_titles.c
    if s.get_bind().dialect.name == "sqlite":
        source = fts.indexed_source().subquery()
        vid, body = source.c.id, source.c.text_normalized
    else:
        vid, body = Version.id, Version.text_normalized
    stmt = select(vid).join(fts.search_titles, st.version_id == vid).where(
        vid.in_(text(_id_list(s)).bindparams(ids=json.dumps(ids)).columns(id=Integer)),
        *[or_(_contains(s, st.title_search, t), _contains(s, _fold_sql(s, body) if t != t.upper() else body, t))
          for t in terms])
    if latest_only:
        stmt = stmt.where(st.is_latest.is_(True))
    return set(s.scalars(stmt))


def _sampled_facets(s: Session, req: SearchRequest, estimate: estimates.CountEstimate,
                    found: list[int]) -> dict[str, list[dict]]:
    """Facets of an estimated total: counted over the sample's hits and scaled to the
    estimate (each value 'about'; ``facets_exact`` is false in the JSON)."""
    if not found:
        return {}
    hits = (_base(s, replace(req, query="")).where(fts.search_titles.c.version_id.in_(found))).subquery("hits")
    scale = estimate.count / len(found)
    return {name: [{**v, "count": max(1, round(v["count"] * scale))} for v in values]
            for name, values in _facets(s, hits).items()}


# -- fast paths (same rows as the full queries; tests/research/test_fast_paths.py compares) ----
TOP_WINDOW = 5000  # newest versions the first-page shortcut reads before it gives up
TOP_LIMIT = 200  # deepest rank (page x per_page) the shortcut serves
OLDER_PROBE_LIMIT = 2000  # superseded versions the count shortcut checks one by one
TITLE_GROUP_LIMIT = 200000  # titles holding a word that the title-group shortcut reads (sorts, PostgreSQL)
TITLE_PREFIX = 256  # titles the title-group walk reads first (then 16x more, as needed; SQLite: 4x a read)
TITLE_READ_MAX = 16384  # titles one read of search_title_grams returns at most (SQLite)
TITLE_SCAN_BUDGET = 5000  # newest titles the ordered scan reads before the group is sorted (PostgreSQL; ~3 µs each)


def _unfiltered(req: SearchRequest) -> bool:
    """Words only: no filter or collapsing that needs the documents, portals or clusters."""
    return not (req.portal or req.since or req.until or req.kind or req.withdrawn is not None
                or req.has_attachments is not None or req.changed_since or req.collapse_copies)


def _index_count(s: Session, req: SearchRequest) -> int | None:
    """The number of hits without filters, from the index alone on SQLite (words the index
    decides), by _pg_count on PostgreSQL; None when the hits must be counted by a query."""
    terms = req.terms
    if not terms or not _unfiltered(req):
        return None
    if s.get_bind().dialect.name == "sqlite":
        return _fts_count(s, terms, req.all_versions) if _exact(s, terms) else None
    return _pg_count(s, terms, req.all_versions)


def _count_source(s: Session, req: SearchRequest, hits):
    """What to count: without filters, search_titles and the words' conditions alone (every
    row has its document and portal, so the joins the ranking needs change no count)."""
    if not _unfiltered(req):
        return hits
    st = fts.search_titles.c
    stmt = select(st.version_id).select_from(fts.search_titles)
    if not _exact(s, req.terms):
        stmt = stmt.join(Version, Version.id == st.version_id)
    if not req.all_versions:
        stmt = stmt.where(st.is_latest.is_(True))
    return stmt.where(*_term_conditions(s, req.terms)).subquery("counted")


def _fts_count(s: Session, terms: tuple[str, ...], all_versions: bool) -> int:
    """Every indexed version has its search_titles row (fts._insert writes both), so the FTS5
    count is the count; latest versions only: minus the superseded versions that match,
    probed one by one when they are few, else counted by a join."""
    hits, params = _sqlite_hits(s, terms)
    total = s.scalar(text(f"SELECT count(*) FROM ({hits})"), params) or 0
    if all_versions or not total:
        return total
    older = s.scalar(text("SELECT count(*) FROM (SELECT 1 FROM search_titles WHERE is_latest = 0 LIMIT :n)"),
                     {"n": OLDER_PROBE_LIMIT + 1})
    if older <= OLDER_PROBE_LIMIT:
        probes, probe_params = _sqlite_probe(terms, "st.version_id")
        return total - (s.scalar(text(
            f"SELECT count(*) FROM search_titles st WHERE st.is_latest = 0 AND {probes}"), probe_params) or 0)
    return s.scalar(text(f"SELECT count(*) FROM search_titles WHERE is_latest = 1 AND version_id IN ({hits})"),
                    params) or 0


def _pg_hits(terms: tuple[str, ...]) -> tuple[str, dict]:
    """(SQL selecting the ids of the versions, superseded ones included, whose title or text
    holds every word, its parameters) on PostgreSQL: per word, the versions the body's gram
    index finds united with those the titles' finds (a word of 3+ characters checked by
    substring on each side, in the same scan), intersected across words. Neither side is
    joined to the other table row by row, and no is_latest join is made. (Checking the
    candidates of all words together, by id, measured slower: a lookup per candidate.)"""
    parts, params = [], {}
    for n, term in enumerate(terms):
        params[f"g{n}"], params[f"t{n}"] = fts.pg_gram_codes(term), term
        body, title = (f"SELECT id FROM versions WHERE edunotice_grams(text_normalized) @> CAST(:g{n} AS bigint[])",
                       f"SELECT version_id FROM search_titles WHERE edunotice_grams(title_search) @> CAST(:g{n} AS bigint[])")
        if not fts.exact_by_index(term, "postgresql"):
            body += f" AND strpos({fts.pg_fold('text_normalized', term)}, :t{n}) > 0"
            title += f" AND strpos(title_search, :t{n}) > 0"
        parts.append(f"({body} UNION {title})")
    return " INTERSECT ".join(parts), params


def _pg_count(s: Session, terms: tuple[str, ...], all_versions: bool) -> int:
    """PostgreSQL's count without filters: the matching versions, minus the superseded ones
    among them, checked one by one by substring when they are few, else counted by a join on
    is_latest (as _fts_count does on SQLite)."""
    hits, params = _pg_hits(terms)
    if all_versions:
        return s.scalar(text(f"SELECT count(*) FROM ({hits}) h"), params) or 0
    older = s.scalar(text("SELECT count(*) FROM (SELECT 1 FROM search_titles WHERE NOT is_latest LIMIT :n) o"),
                     {"n": OLDER_PROBE_LIMIT + 1})
    if older > OLDER_PROBE_LIMIT:
        return s.scalar(text(f"SELECT count(*) FROM search_titles WHERE is_latest AND version_id IN ({hits})"),
                        params) or 0
    total = s.scalar(text(f"SELECT count(*) FROM ({hits}) h"), params) or 0
    if not older or not total:
        return total
    matches, params = _row_matches_pg(terms, "st.version_id")
    return total - (s.scalar(text(f"SELECT count(*) FROM search_titles st WHERE NOT st.is_latest AND {matches}"),
                             params) or 0)


def _first_pages(s: Session, req: SearchRequest) -> list | None:
    """The requested page from the newest TOP_WINDOW versions alone, or None to rank them all.

    A version whose title contains every word matches (title or text, per word) and ranks in
    the top group when its portal is official; within a group, newer first. So when the
    versions published after the window's edge hold enough of that group for the page, no
    other version can outrank them: they are the page, found through ix_search_titles_published
    without looking at the other hits (a common word has tens of thousands).
    """
    terms, depth = req.terms, req.page * req.per_page
    if not terms or not _unfiltered(req) or depth > TOP_LIMIT:
        return None
    if s.get_bind().dialect.name == "sqlite" and _exact(s, terms):
        return None  # _title_group_pages reads the same titles newest first from the dated index
    edge = _window_edge(s)
    if edge is None:  # a small archive: ranking every hit is cheap
        return None
    st = fts.search_titles.c
    stmt = (select(st.version_id, st.document_id, literal(len(terms)).label("title_score"))
            .select_from(fts.search_titles)
            .join(Document, Document.id == st.document_id)
            .join(PortalRow, PortalRow.id == Document.portal_id)
            .where(st.published > edge, PortalRow.kind == "official",
                   *[_contains(s, st.title_search, t) for t in terms]))
    if not req.all_versions:
        # Not indexable on purpose: SQLite would start from ix_search_titles_is_latest (every
        # latest version) instead of the window of ix_search_titles_published.
        stmt = stmt.where(func.coalesce(st.is_latest, False).is_(True))
    rows = s.execute(stmt.order_by(st.published.desc(), st.document_id, st.version_id.desc())
                     .limit(depth)).all()
    if len(rows) < depth:
        return None
    return rows[depth - req.per_page:]


def _window_edge(s: Session):
    """The publish date of the version just outside the newest TOP_WINDOW (None: fewer)."""
    st = fts.search_titles.c
    return s.scalar(select(st.published).where(st.published.is_not(None))
                    .order_by(st.published.desc()).offset(TOP_WINDOW).limit(1))


def _title_group_pages(s: Session, req: SearchRequest) -> list | None:
    """The requested page from the versions whose title holds a word, walked in rank order
    (no filter; on SQLite, words the index decides), or None.

    The titles holding every word, then (several words) any word, are sorted by title score
    and date (:func:`_walk_title_groups`); only the rows walked are checked for being hits
    and for their portal's kind, so a group of 100,000 titles costs its sort, not a check
    each. When the groups hold fewer hits than the page needs, the rest is the newest
    official hits with none of the words in their title (the group below all of them),
    taken from the newest TOP_WINDOW versions as _first_pages does, each checked.
    """
    terms, depth = req.terms, req.page * req.per_page
    if (not terms or not _unfiltered(req) or depth > TOP_LIMIT
            or (s.get_bind().dialect.name == "sqlite" and not _exact(s, terms))):
        return None
    rows = _walk_title_groups(s, req, depth, every_word=True)
    if rows is not None and len(rows) < depth and len(terms) > 1:
        rows = _walk_title_groups(s, req, depth, every_word=False)
    if rows is None:
        return None
    if len(rows) >= depth:
        return rows[depth - req.per_page:]
    edge = _window_edge(s)
    if edge is None:
        return None
    st = fts.search_titles.c
    rest = (select(st.version_id, st.document_id, literal(0).label("title_score"))
            .select_from(fts.search_titles)
            .join(Document, Document.id == st.document_id)
            .join(PortalRow, PortalRow.id == Document.portal_id)
            .where(st.published > edge, PortalRow.kind == "official",
                   *[_contains(s, st.title_search, t).is_(False) for t in terms])
            .order_by(st.published.desc(), st.document_id, st.version_id.desc()))
    if not req.all_versions:
        rest = rest.where(func.coalesce(st.is_latest, False).is_(True))  # not indexable, as in _first_pages
    # Checked a chunk at a time by substring (_checked_ids): an FTS5 probe per row read the
    # position lists of every character of the word, ~1 ms a row at 1M versions (中小学校:
    # ~90 ms for a page); a substring check of the text costs 15-45 µs.
    needed, more, offset, chunk = depth - len(rows), [], 0, 64
    while len(more) < needed:
        batch = s.execute(rest.limit(chunk).offset(offset)).all()
        if not batch:
            return None
        found = _checked_ids(s, terms, [r.version_id for r in batch])
        more += [r for r in batch if r.version_id in found]
        offset, chunk = offset + len(batch), min(chunk * 4, 4096)
    return (list(rows) + more[:needed])[depth - req.per_page:]


def _walk_title_groups(s: Session, req: SearchRequest, depth: int, every_word: bool) -> list | None:
    """The best ``depth`` hits whose title holds every word (``every_word``; else at least
    one), in rank order (fewer: all of them); None when the first TITLE_GROUP_LIMIT titles
    of the group, sorted, do not settle the page.

    The titles come sorted by title score, then date, document and version (the ranking
    without the portal's kind). Walking them, official hits of a score come before its
    mirror hits, so the walk stops as soon as the official hits of the current score fill
    the page; otherwise a score's mirror hits follow once all its rows are read. A version
    whose title holds every word is a hit; the others are checked (_hits_among), a chunk of
    walked rows at a time, as are the portals' kinds.

    SQLite reads the group newest first from search_title_grams (:func:`_dated_title_rows`),
    so a group of 170,000 titles costs the rows the page needs. PostgreSQL first scans the
    newest titles in rank order (:func:`_walk_newest_titles`); failing that, it sorts the group
    and returns its first TITLE_PREFIX rows (a top-k sort, no ids shipped through Python:
    sending a 27,000-title group back as a JSON list and sorting it cost ~130 ms CPU at 300k
    versions); when the walk needs more, the prefix grows 16-fold, up to TITLE_GROUP_LIMIT
    rows."""
    if s.get_bind().dialect.name == "sqlite":
        try:
            return _walk(s, req.terms, depth, _dated_title_rows(s, req, every_word), truncated=False)
        except _GiveUp:
            return None
    newest = _walk_newest_titles(s, req, depth, every_word)
    if newest is not None:
        return newest
    stmt = _sorted_group(s, req, every_word)
    prefix = min(TITLE_PREFIX, TITLE_GROUP_LIMIT)
    while True:
        rows = s.execute(stmt.limit(prefix + 1)).all()
        walked = _walk(s, req.terms, depth, rows[:prefix], truncated=len(rows) > prefix)
        if walked is not None or prefix >= TITLE_GROUP_LIMIT:
            return walked
        prefix = min(prefix * 16, TITLE_GROUP_LIMIT)


def _sorted_group(s: Session, req: SearchRequest, every_word: bool) -> Select:
    """PostgreSQL: the titles holding every word (or any) through the titles' gram index,
    sorted by title score, then date, document and version."""
    terms = req.terms
    titles, match = _titles_holding(s, terms, every_word)
    # Materialised: PostgreSQL otherwise walked search_titles in date order computing the
    # gram function of every title (minutes at 300k versions). The group's rows carry what
    # the sort and the walk read: joining its ids back to search_titles by key cost 240 of
    # 380 ms for 教育 2022's 61,000 titles at 1M versions.
    group = (text(titles).bindparams(**match)
             .columns(version_id=Integer, document_id=Integer, title_search=Text, published=String, is_latest=Boolean)
             .cte("title_group").prefix_with("MATERIALIZED", dialect="postgresql"))
    g = group.c
    title_score = (literal(len(terms)) if every_word else
                   sum((case((_contains(s, g.title_search, t), 1), else_=0) for t in terms), literal(0)))
    stmt = (select(g.version_id, g.document_id, g.title_search, title_score.label("title_score"))
            .select_from(group)
            .order_by(*([] if every_word else [title_score.desc()]), g.published.desc().nulls_last(),
                      g.document_id, g.version_id.desc()))
    if not req.all_versions:
        stmt = stmt.where(g.is_latest.is_(True))
    return stmt


def _walk_newest_titles(s: Session, req: SearchRequest, depth: int, every_word: bool) -> list | None:
    """PostgreSQL: the page from the newest TITLE_SCAN_BUDGET titles, read in rank order
    through ix_search_titles_rank, or None. The titles of the walk's score that hold the
    words (substring checks, no gram function) are the group's first rows when the scan
    finds TITLE_PREFIX + 1 of them within its budget: a group of a tenth of the titles
    costs ~3,000 rows, not its sort. Several words, any of them: the titles holding every
    word come first from the sorted path (when they are few), then the scan's rows of one
    word fewer; a walk that needs rows past them gives up. A group too small or too old for
    the budget is left to the sorted path."""
    terms = req.terms
    level = len(terms) if every_word else len(terms) - 1
    head: list = []
    if not every_word:
        head = s.execute(_sorted_group(s, req, True).limit(TITLE_PREFIX + 1)).all()
        if len(head) > TITLE_PREFIX or level < 1:
            return None
    params = {f"t{n}": t for n, t in enumerate(terms)} | {"budget": TITLE_SCAN_BUDGET, "level": level}
    held = [f"(strpos(w.title_search, :t{n}) > 0)" for n in range(len(terms))]
    score = " AND ".join(held) if every_word else "(" + " + ".join(f"{h}::int" for h in held) + ") = :level"
    scan = text("SELECT w.version_id, w.document_id, w.title_search, :level AS title_score FROM ("
                "SELECT version_id, document_id, title_search, is_latest FROM search_titles "
                "ORDER BY published DESC NULLS LAST, document_id, version_id DESC LIMIT :budget) w "
                f"WHERE {'' if req.all_versions else 'w.is_latest AND '}{score} LIMIT :need")
    prefix = TITLE_PREFIX
    while True:  # the rows found are the group's first ones only while the scan found more
        rows = s.execute(scan, params | {"need": prefix + 1}).all()
        if len(rows) <= prefix:
            return None
        walked = _walk(s, terms, depth, list(head) + rows[:prefix], truncated=True)
        if walked is not None or prefix >= TITLE_SCAN_BUDGET:
            return walked
        prefix *= 16


def _walk(s: Session, terms: tuple[str, ...], depth: int, sorted_rows: list, truncated: bool) -> list | None:
    """_walk_title_groups' walk over its sorted rows; None when it reaches the end of a
    ``truncated`` prefix before the page is known."""
    rows_left = iter(sorted_rows)
    out: list = []
    level, official, mirror = None, [], []
    chunk = 64
    while rows := list(islice(rows_left, chunk)):
        chunk = min(chunk * 2, 4096)
        hits = _hits_among(s, terms, [r for r in rows if r.title_score < len(terms)])
        kinds = _official_documents(s, {r.document_id for r in rows})
        for r in rows:
            if r.title_score != level:
                out += official + mirror
                if len(out) >= depth:
                    return out[:depth]
                level, official, mirror = r.title_score, [], []
            if r.title_score < len(terms) and r.version_id not in hits:
                continue
            if r.document_id in kinds:
                official.append(r)
                if len(out) + len(official) >= depth:  # nothing left outranks these
                    return (out + official)[:depth]
            else:
                mirror.append(r)
    return None if truncated else (out + official + mirror)[:depth]


class _GiveUp(Exception):
    """The dated title walk cannot settle the page: search ranks every hit instead."""


@dataclass(frozen=True)
class _TitleRow:
    version_id: int
    document_id: int
    title_search: str
    published: str | None
    title_score: int


_NEWEST_TITLES = text("SELECT rowid FROM search_title_grams WHERE search_title_grams MATCH :m "
                      "ORDER BY rowid DESC LIMIT :n")
_OLDER_TITLES = text("SELECT rowid FROM search_title_grams WHERE search_title_grams MATCH :m AND rowid < :before "
                     "ORDER BY rowid DESC LIMIT :n")


def _dated_title_rows(s: Session, req: SearchRequest, every_word: bool) -> Iterator[_TitleRow]:
    """SQLite: the versions whose title holds every word (``every_word``; else one or more), in
    the title-group order of _walk_title_groups (title score, then newest publish date,
    document, newest version), read lazily: each score's titles come from search_title_grams
    newest day first (its rowid is fts.title_key), TITLE_PREFIX at first, then 4 times more
    per read; the rows of a day are sorted exactly once the read has passed that day.
    Raises _GiveUp past TITLE_GROUP_LIMIT titles read, or on a publish date not of the
    schema's ISO form (its key does not follow the string order the ranking uses)."""
    terms, read = req.terms, 0
    for level in [len(terms)] if every_word else range(len(terms), 0, -1):
        match, before, limit, waiting = fts.title_match(terms, at_least=level), None, TITLE_PREFIX, []
        while True:
            params = {"m": match, "n": limit} | ({} if before is None else {"before": before})
            keys = s.scalars(_NEWEST_TITLES if before is None else _OLDER_TITLES, params).all()
            read += len(keys)
            if read > TITLE_GROUP_LIMIT or (keys and keys[0] >> fts.KEY_SHIFT == fts.ODD_DAY):
                raise _GiveUp
            waiting += [r for r in _title_rows(s, terms, [k & fts.KEY_ID_MASK for k in keys], req.all_versions)
                        if r.title_score == level]
            last = len(keys) < limit
            edge = None if last else keys[-1] >> fts.KEY_SHIFT
            done = [r for r in waiting if last or fts.key_day(r.published) > edge]
            waiting = [r for r in waiting if not (last or fts.key_day(r.published) > edge)]
            yield from _rank_sorted(done)
            if last:
                break
            before, limit = keys[-1], min(limit * 4, TITLE_READ_MAX)


def _title_rows(s: Session, terms: tuple[str, ...], ids: list[int], all_versions: bool) -> list[_TitleRow]:
    if not ids:
        return []
    st = fts.search_titles.c
    stmt = select(st.version_id, st.document_id, st.title_search, st.published).where(
        st.version_id.in_(text(_id_list(s)).bindparams(ids=json.dumps(ids)).columns(id=Integer)))
    if not all_versions:
        stmt = stmt.where(st.is_latest.is_(True))
    return [_TitleRow(*row, sum(t in row.title_search for t in terms)) for row in s.execute(stmt)]


def _rank_sorted(rows: list[_TitleRow]) -> list[_TitleRow]:
    """``rows`` in the order of ``published DESC NULLS LAST, document_id, version_id DESC``
    (stable sorts, last key first)."""
    rows = sorted(rows, key=lambda r: -r.version_id)
    rows.sort(key=lambda r: r.document_id)
    rows.sort(key=lambda r: (r.published is not None, r.published or ""), reverse=True)
    return rows


def _titles_holding(s: Session, terms: tuple[str, ...], every_word: bool) -> tuple[str, dict]:
    """PostgreSQL: (SQL selecting the search_titles rows (id, document, title, date, latest)
    of the versions whose title holds every word, or any, its parameters): the titles' gram
    index finds them, a substring check decides."""
    params = {}
    for n, term in enumerate(terms):
        params[f"g{n}"], params[f"t{n}"] = fts.pg_gram_codes(term), term
    # The substrings decide, the grams find the candidates. Kept apart, so that the gram
    # function is never evaluated per row (an OR of (grams AND substring) pairs put it in the
    # filter: a second per 10,000 titles).
    join = " AND " if every_word else " OR "
    grams = join.join(f"edunotice_grams(title_search) @> CAST(:g{n} AS bigint[])" for n in range(len(terms)))
    found = join.join(f"strpos(title_search, :t{n}) > 0" for n in range(len(terms)))
    return (f"SELECT version_id, document_id, title_search, published, is_latest FROM search_titles "
            f"WHERE ({grams}) AND ({found})", params)


def _row_matches_pg(terms: tuple[str, ...], version_id: str) -> tuple[str, dict]:
    """_row_matches on PostgreSQL: the title first, so a title match reads no text."""
    params = {f"t{n}": t for n, t in enumerate(terms)}
    checks = " AND ".join(f"(strpos(r.title_search, :t{n}) > 0 OR strpos({fts.pg_fold('v.text_normalized', t)}, :t{n}) > 0)"
                          for n, t in enumerate(terms))
    # OFFSET 0 keeps the subquery correlated: made a semi-join, it had every version read
    # and checked before meeting the few rows asked about.
    return (f"EXISTS (SELECT 1 FROM search_titles r JOIN versions v ON v.id = r.version_id "
            f"WHERE r.version_id = {version_id} AND {checks} OFFSET 0)", params)


def _hits_among(s: Session, terms: tuple[str, ...], rows: list) -> set[int]:
    """The ids of the versions among ``rows`` (version_id, title_search) that match every
    word: each is checked for the words its title lacks only."""
    lacking: dict[tuple[str, ...], list[int]] = {}
    for r in rows:
        lacking.setdefault(tuple(t for t in terms if t not in r.title_search), []).append(r.version_id)
    out = set()
    for missing, ids in lacking.items():
        out |= _checked_ids(s, missing, ids)
    return out


def _id_list(s: Session) -> str:
    """SQL selecting the integers of the JSON array parameter ``:ids`` as ``id``."""
    if s.get_bind().dialect.name == "sqlite":
        return "SELECT value AS id FROM json_each(:ids)"
    return "SELECT CAST(value AS integer) AS id FROM json_array_elements_text(CAST(:ids AS json))"


def _official_documents(s: Session, document_ids: set[int]) -> set[int]:
    """The documents among ``document_ids`` whose portal is official."""
    return set(s.scalars(select(Document.id).join(PortalRow, PortalRow.id == Document.portal_id)
                         .where(Document.id.in_(document_ids), PortalRow.kind == "official")))


def iter_records(s: Session, req: SearchRequest, batch: int = 500) -> Iterator[dict]:
    """Every matching record in rank order, streamed (exports; no paging, no facets)."""
    check_portals(s, req.portal)
    _plan_with_index(s)
    hits = _base(s, replace(req, facets=False, snippets=False)).subquery("hits")
    ids = s.execute(select(hits.c.document_id, hits.c.version_id).order_by(*_order(hits.c))).all()
    for start in range(0, len(ids), batch):
        yield from _records(s, [tuple(r) for r in ids[start:start + batch]])


def _records(s: Session, pairs: list[tuple[int, int]]) -> list[dict]:
    if not pairs:
        return []
    ids = [v for _, v in pairs]
    rows = s.execute(select(Document, Version).join(Version, Version.document_id == Document.id)
                     .where(Version.id.in_(ids))).all()
    by_version = current_records(s, rows)
    return [by_version[v] for _, v in pairs]


def _facets(s: Session, hits) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    year = func.substr(hits.c.published, 1, 4)
    for name, column in (("portal", hits.c.portal), ("kind", hits.c.kind), ("agency", hits.c.agency),
                         ("region", hits.c.region), ("year", year)):
        rows = s.execute(select(column.label("value"), func.count().label("n")).group_by(column)
                         .order_by(func.count().desc(), column)).all()
        out[name] = [{"value": r.value, "count": r.n} for r in rows[:FACET_LIMIT]]
    if s.get_bind().dialect.name == "postgresql":
        each = func.json_array_elements_text(hits.c.flags).table_valued("value")
    else:
        each = func.json_each(hits.c.flags).table_valued("value")
    rows = s.execute(select(each.c.value, func.count().label("n")).select_from(hits).join(each, literal(True))
                     .group_by(each.c.value).order_by(func.count().desc(), each.c.value)).all()
    out["flags"] = [{"value": r.value, "count": r.n} for r in rows]
    return out


def snippet_html(body: str, terms: tuple[str, ...], context: int = SNIPPET_CONTEXT) -> str:
    """HTML-escaped text around the first match, every match wrapped in ``<mark>``."""
    folded = fts.fold(body)
    spans = []
    for term in terms:
        start = folded.find(term)
        while start >= 0:
            spans.append((start, start + len(term)))
            start = folded.find(term, start + 1)
    if not spans:
        return html.escape(body[:2 * context]).replace("\n", " ") + ("…" if len(body) > 2 * context else "")
    spans.sort()
    lo = max(0, spans[0][0] - context)
    hi = min(len(body), spans[0][1] + context)
    parts, pos = [], lo
    for a, b in spans:
        if a < pos or b > hi:
            continue
        parts.append(html.escape(body[pos:a]) + "<mark>" + html.escape(body[a:b]) + "</mark>")
        pos = b
    parts.append(html.escape(body[pos:hi]))
    return ("…" if lo > 0 else "") + "".join(parts).replace("\n", " ") + ("…" if hi < len(body) else "")


def scan(s: Session, req: SearchRequest) -> set[int]:
    """Version ids matching by brute force in Python (no index): the reference tests compare with.
    A version is read as its latest derivation reads it, as readers show it."""
    source = fts.indexed_source().add_columns(Version.version).subquery()  # latest derivations
    stmt = (select(source.c.id, source.c.title, source.c.text_normalized, source.c.document_id, source.c.version)
            .join(Document, Document.id == source.c.document_id))
    if req.portal:
        stmt = stmt.where(Document.portal_id.in_(req.portal))
    latest: dict[int, tuple[int, int]] = {}
    matched = set()
    terms = req.terms
    for vid, title, body, doc_id, number in s.execute(stmt):
        if doc_id not in latest or number > latest[doc_id][0]:
            latest[doc_id] = (number, vid)
        haystacks = (fts.title_search_form(title), fts.fold(body or ""))
        if all(any(t in h for h in haystacks) for t in terms):
            matched.add(vid)
    if req.all_versions:
        return matched
    return matched & {vid for _, vid in latest.values()}


__all__ = ["SearchRequest", "SearchResult", "UnknownPortal", "search", "iter_records", "scan",
           "snippet_html", "split_query", "check_portals"]
