"""Full-text index right for Chinese: characters and bigrams, checked by substring only where needed.

A query term matches a version when it is a substring of the version's normalised title
(``normalize_text``, as ``text_normalized`` is) or of its ``text_normalized``; ASCII letters
compare case-insensitively (:func:`fold`). That is the definition a brute-force scan uses,
and the index returns exactly the same rows:

- **SQLite** (migration 0014), two FTS5 tables over the folded title and text, both
  contentless (``content=''``, ``columnsize=0``) with the ``ascii`` tokenizer, which keeps
  every non-ASCII character inside a token; ASCII punctuation and spaces, which that
  tokenizer would drop, are mapped to private-use characters first (:func:`fts_token`):
  - ``search_chars`` (positions kept, ``detail=full``): every character is one token, in
    order. A 1-character term is one token; a term of 3+ characters is an FTS5 phrase of its
    characters, which matches exactly where the term is a substring of one column. The index
    alone decides, so no text is read.
  - ``search_fts`` (``detail=none``: rowids only): each version's distinct bigrams. A
    2-character term is one bigram; its rowid list is far shorter to read than a phrase of
    two common characters.
  - ``search_title_grams``: the titles alone, each as its overlapping bigrams in order and
    its last character (``detail=full``, a prefix index of one character): a term of 2+
    characters is a phrase of its bigrams, a 1-character term a prefix query (every
    character of a title starts one token). Ranking puts title matches first, and the titles
    holding a word are found without reading the texts'. Its rowid is :func:`title_key`,
    the publish day above the version id, so ``ORDER BY rowid DESC LIMIT k`` reads the
    newest titles holding a word first and stops (archive.search's title-group walk): a
    group of 170,000 titles costs its first page, not its sort. Bigrams, not characters:
    a phrase of characters checks positions in every title holding them all (``2022``
    walked every 2023/2024 title, ~200 ms at 1M titles), a phrase of bigrams meets only the
    titles holding ``22``.
  A term holding a character that maps into the private-use range (ASCII punctuation or
  space, or a private-use character of the text itself) may also match that character's
  twin, so its candidates are checked by substring in SQL as well (:func:`exact_by_index`).
  FTS5's own ``trigram`` tokenizer is not used: it never matches 1-2 character queries,
  ``LIKE`` on it returns 0 rows on SQLite 3.40 (docs/DESIGN.md), and its index measured 2.1x
  the text (per-character tokens: 1.1x).
- **PostgreSQL**: GIN indexes on the expression ``edunotice_grams(...)`` (an IMMUTABLE SQL
  function returning each distinct character and bigram, coded as integers) over
  ``versions.text_normalized`` and ``search_titles.title_search``; queries use ``@>`` on
  that expression, and a term of 3+ characters is then checked by substring.
- ``search_titles`` (both backends) holds each version's folded, normalised title and
  whether it is its document's latest version: title matches rank first, and searches of
  the latest versions need no ``max(version)`` scan.

:func:`index_version` is the store's hook (called once per inserted version);
:func:`rebuild` refills everything (``edunotice db reindex``).
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable
from functools import lru_cache
from itertools import combinations
from types import SimpleNamespace

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    case,
    func,
    select,
    text,
    update,
)
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from archive.models import Base, Derivation, Version
from archive.normalize import normalize_text

search_titles = Table(
    "search_titles", Base.metadata,
    Column("version_id", Integer, ForeignKey("versions.id"), primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id"), nullable=False, index=True),
    Column("title_search", Text, nullable=False, default=""),
    Column("is_latest", Boolean, nullable=False, default=False, index=True),
    # Copies of immutable version fields that filters, ranking and facets read for every hit:
    # on SQLite they sit after the long texts in a versions row (overflow pages).
    Column("published", String(32)),
    Column("flags", JSON),
    Column("attachment_count", Integer, nullable=False, default=0),
    # The newest versions first, as the first-page shortcuts of archive.search read them.
    Index("ix_search_titles_published", "published"),
)

_ASCII_FOLD = bytes.maketrans(string.ascii_uppercase.encode(), string.ascii_lowercase.encode())
# ASCII characters FTS5's ascii tokenizer treats as separators, mapped into the private use area.
_TOKEN_SAFE = str.maketrans({chr(c): chr(0xE000 + c) for c in range(128) if not chr(c).isalnum()})
_PRIVATE_USE = range(0xE000, 0xE080)

SQLITE_FTS_DDL = ("CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5("
                  "title, body, content='', columnsize=0, detail=none, tokenize='ascii')")
SQLITE_CHARS_DDL = ("CREATE VIRTUAL TABLE IF NOT EXISTS search_chars USING fts5("
                    "title, body, content='', columnsize=0, detail=full, tokenize='ascii')")
# The titles alone, as bigrams in publish-day order (title_key): archive.search's title groups.
SQLITE_TITLE_DDL = ("CREATE VIRTUAL TABLE IF NOT EXISTS search_title_grams USING fts5("
                    "title, content='', columnsize=0, detail=full, tokenize='ascii', prefix='1')")
SQLITE_TABLES = ("search_fts", "search_chars", "search_title_grams")
OLD_SQLITE_TABLES = ("search_title_chars",)  # migration 0019 replaced it (rowid = version id, characters)
# title_key: the day (YYYYMMDD) above the version id. 27 bits of day and 36 of id fit a rowid.
KEY_SHIFT = 36
KEY_ID_MASK = (1 << KEY_SHIFT) - 1
UNDATED_DAY = 0  # no publish date: last, as ORDER BY published DESC NULLS LAST puts it
ODD_DAY = 99999999  # a published value not of the schema's ISO form: first (archive.search gives up on it)
_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
# Same grams as grams() below, as integers (pg_gram_codes): a unigram is its code point, a bigram
# c1 * 0x110000 + c2 (integer keys are smaller than text keys and compare without a collation).
# Characters come from string_to_array in one pass: substr(t, i, 1) walks a UTF-8 text from its
# start on every call, which cost 0.5 s per notice in an index build (measured). The high
# COST tells the planner that computing it per row is dear, so it uses the GIN index even on
# small tables.
POSTGRES_GRAMS_DDL = """
CREATE OR REPLACE FUNCTION edunotice_grams(t text) RETURNS bigint[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE COST 100000 AS $$
  WITH chars AS (
    SELECT ascii(ch)::bigint AS c, lead(ascii(ch)::bigint) OVER (ORDER BY n) AS d
    FROM unnest(string_to_array(translate(t, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz'),
                                NULL)) WITH ORDINALITY AS u(ch, n))
  SELECT coalesce(array_agg(DISTINCT g), '{}'::bigint[]) FROM (
    SELECT c AS g FROM chars
    UNION ALL
    SELECT c * 1114112 + d FROM chars WHERE d IS NOT NULL
  ) s
$$
"""
POSTGRES_INDEX_DDL = (
    "CREATE INDEX IF NOT EXISTS ix_versions_grams ON versions USING gin (edunotice_grams(text_normalized))",
    "CREATE INDEX IF NOT EXISTS ix_search_titles_grams ON search_titles USING gin (edunotice_grams(title_search))",
)
# The ranking's date order as an index, so that a scan of the newest titles (archive.search's
# title-group walk on PostgreSQL) reads them in order and stops; NULLS LAST as the ranking
# sorts (a backward scan of ix_search_titles_published would put undated titles first).
POSTGRES_RANK_DDL = ("CREATE INDEX IF NOT EXISTS ix_search_titles_rank ON search_titles "
                     "(published DESC NULLS LAST, document_id, version_id DESC)")
POSTGRES_DROP_DDL = ("DROP INDEX IF EXISTS ix_versions_grams", "DROP INDEX IF EXISTS ix_search_titles_grams")


def fold(value: str) -> str:
    """ASCII letters to lower case (the only case folding search does, on both backends).

    Done on the UTF-8 bytes, where a table lookup per byte is 14x faster than str.translate's
    dict lookup per character on a notice's text; a multi-byte character holds no ASCII byte."""
    return value.encode("utf-8", "surrogatepass").translate(_ASCII_FOLD).decode("utf-8", "surrogatepass")


@lru_cache(maxsize=65536)
def title_search_form(title: str | None) -> str:
    """A title as search sees it: normalised like ``text_normalized``, ASCII-folded."""
    return fold(normalize_text(title or "")[0]) if title else ""


def query_term(term: str) -> str:
    """A query word as search sees it (a traditional-script word finds simplified text)."""
    return fold(normalize_text(term)[0]) if term.strip() else ""


def grams(value: str) -> set[str]:
    """Distinct unigrams and bigrams of an already folded text (PostgreSQL's edunotice_grams)."""
    out = set(value)
    out.update(value[i:i + 2] for i in range(len(value) - 1))
    return out


def term_grams(term: str) -> list[str]:
    """The grams a version must contain for ``term`` to be a substring of it."""
    if len(term) <= 2:
        return [term] if term else []
    return sorted({term[i:i + 2] for i in range(len(term) - 1)})


def pg_gram_codes(term: str) -> list[int]:
    """``term_grams`` as PostgreSQL's edunotice_grams encodes them."""
    return [ord(g) if len(g) == 1 else ord(g[0]) * 0x110000 + ord(g[1]) for g in term_grams(term)]


def pg_fold(column: str, term: str) -> str:
    """PostgreSQL SQL for ``column`` as search compares it with ``term`` (folded only when the
    term has ASCII letters: folding copies the text)."""
    if term == term.upper():
        return column
    return f"translate({column}, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')"


def exact_by_index(term: str, dialect: str) -> bool:
    """True when the index alone decides the term (no substring check needed): on SQLite any
    term whose characters all stay themselves as tokens, on PostgreSQL 1-2 characters."""
    if not term or (dialect != "sqlite" and len(term) > 2):
        return False
    return not any(ord(c) in _PRIVATE_USE for c in fts_token(term))


def fts_token(gram: str) -> str:
    return gram.translate(_TOKEN_SAFE)


def _phrase(tokens: Iterable[str]) -> str:
    return '"' + " ".join(tokens) + '"'


def title_key(published: str | None, version_id: int) -> int:
    """A version's rowid in search_title_grams: its publish day (YYYYMMDD of an ISO date) above
    its id, so that rowid order is publish-day order (ties: the id)."""
    if version_id > KEY_ID_MASK:
        raise ValueError(f"version id {version_id} does not fit search_title_grams' key ({KEY_SHIFT} bits)")
    return (key_day(published) << KEY_SHIFT) | version_id


def key_day(published: str | None) -> int:
    """The day part of :func:`title_key`: YYYYMMDD, UNDATED_DAY without a date, ODD_DAY for a
    value not of the form the schema allows (``YYYY-MM-DD`` with an optional time)."""
    if not published:
        return UNDATED_DAY
    m = _ISO_DAY.match(published)
    return int(m[1] + m[2] + m[3]) if m else ODD_DAY


def title_phrase(term: str) -> str:
    """A term as a search_title_grams query: a phrase of its bigrams, or one character as a
    prefix (any token starting with it)."""
    t = fts_token(term)
    return f'"{t}"*' if len(t) == 1 else _phrase(t[i:i + 2] for i in range(len(t) - 1))


def title_match(terms: Iterable[str], at_least: int | None = None) -> str:
    """An FTS5 MATCH expression for search_title_grams: titles holding at least ``at_least``
    of the terms (default: every one)."""
    terms = sorted(set(terms))
    k = len(terms) if at_least is None else at_least
    if k >= len(terms):
        return " AND ".join(title_phrase(t) for t in terms)
    if k <= 1:
        return " OR ".join(title_phrase(t) for t in terms)
    return " OR ".join("(" + " AND ".join(title_phrase(t) for t in group) + ")"
                       for group in combinations(terms, k))


def _title_document(value: str) -> str:
    value = fts_token(value)
    return " ".join([value[i:i + 2] for i in range(len(value) - 1)] + [value[-1:]]) if value else ""


def sqlite_matches(terms: Iterable[str], as_phrases: Iterable[str] = ()) -> dict[str, str]:
    """{FTS5 table: MATCH expression} that together find every version containing all terms:
    bigrams in search_fts, 1 and 3+ character terms (and the 2-character terms in
    ``as_phrases``) as phrases of characters in search_chars."""
    terms, as_phrases = sorted(set(t for t in terms if t)), set(as_phrases)
    grams = [_phrase([fts_token(t)]) for t in terms if len(t) == 2 and t not in as_phrases]
    chars = [_phrase(fts_token(t)) for t in terms if len(t) != 2 or t in as_phrases]
    out = {}
    if chars:
        out["search_chars"] = " AND ".join(chars)
    if grams:
        out["search_fts"] = " AND ".join(grams)
    return out


def _bigram_document(value: str) -> str:
    value = fts_token(value)
    return " ".join({value[i:i + 2] for i in range(len(value) - 1)})


def _chars_document(value: str) -> str:
    return " ".join(fts_token(value))


# -- writing ------------------------------------------------------------------------------
def index_version(s: Session | Connection, version: Version, first: bool = False) -> None:
    """Index one newly inserted version (the store's hook; call after the insert is flushed).
    ``first``: its document's first version (no earlier row to mark as no longer latest)."""
    _index_rows(s, [version], first=first)


def index_derivation(s: Session, version_id: int, before: dict, after: dict) -> None:
    """Index a version as its new latest derivation reads it (the store's hook, called by
    versioning.add_derivation). ``before``: the record fields the index holds for it (its
    previous derivation's, else its own), which a contentless FTS5 table needs to delete them.

    PostgreSQL's body index is an expression on ``versions.text_normalized``, so there only
    the title and the filter columns follow the derivation (docs/DESIGN.md, known gap).
    """
    s.execute(update(search_titles).where(search_titles.c.version_id == version_id).values(
        title_search=title_search_form(after.get("title")), **_row(SimpleNamespace(**after))))
    if s.get_bind().dialect.name != "sqlite":
        return
    old = (title_search_form(before.get("title")), fold(before.get("text_normalized") or ""))
    new = (title_search_form(after.get("title")), fold(after.get("text_normalized") or ""))
    for table, document in (("search_fts", _bigram_document), ("search_chars", _chars_document)):
        s.execute(text(f"INSERT INTO {table}({table}, rowid, title, body) VALUES ('delete', :rowid, :title, :body)"),
                  {"rowid": version_id, "title": document(old[0]), "body": document(old[1])})
        s.execute(text(f"INSERT INTO {table}(rowid, title, body) VALUES (:rowid, :title, :body)"),
                  {"rowid": version_id, "title": document(new[0]), "body": document(new[1])})
    s.execute(text("INSERT INTO search_title_grams(search_title_grams, rowid, title) VALUES ('delete', :rowid, :title)"),
              {"rowid": title_key(before.get("published"), version_id), "title": _title_document(old[0])})
    s.execute(_INSERT_TITLE, {"rowid": title_key(after.get("published"), version_id), "title": _title_document(new[0])})


def _row(v) -> dict:
    return {"published": v.published, "flags": list(v.flags or []),
            "attachment_count": len(v.attachments or [])}


def indexed_source():
    """(Version id, document id, then title, text_normalized, published, flags, attachments as
    each version's latest derivation reads them, else its own): what the index holds and what
    a brute-force scan compares with."""
    newest = (select(func.max(Derivation.id)).where(Derivation.version_id == Version.id)
              .correlate(Version).scalar_subquery())

    def read(column: str):
        return case((Derivation.id.is_not(None), getattr(Derivation, column)),
                    else_=getattr(Version, column)).label(column)
    return (select(Version.id, Version.document_id, *[read(c) for c in
                                                        ("title", "text_normalized", "published", "flags", "attachments")])
            .outerjoin(Derivation, Derivation.id == newest))


def _index_rows(s: Session | Connection, rows: list, first: bool = False) -> None:
    conn = s.connection() if isinstance(s, Session) else s  # Core statements: no ORM execution path
    documents = {v.document_id for v in rows}
    if not first:
        conn.execute(update(search_titles).where(search_titles.c.document_id.in_(documents))
                     .values(is_latest=False))
    latest: dict[int, int] = {}
    for v in rows:
        latest[v.document_id] = max(latest.get(v.document_id, 0), v.id)
    _insert(conn, rows, latest)


# Built once: the store inserts one version's rows per fetch (building and keying a text()
# statement per call was a tenth of the index's time on the writer).
_INSERT_BODY = {table: text(f"INSERT INTO {table}(rowid, title, body) VALUES (:rowid, :title, :body)")
                for table in ("search_fts", "search_chars")}
_INSERT_TITLE = text("INSERT INTO search_title_grams(rowid, title) VALUES (:rowid, :title)")


def _insert(conn: Connection, rows: list, latest: dict[int, int]) -> None:
    conn.execute(search_titles.insert(), [
        {"version_id": v.id, "document_id": v.document_id, "title_search": title_search_form(v.title),
         "is_latest": latest.get(v.document_id) == v.id, **_row(v)} for v in rows])
    if conn.dialect.name == "sqlite":
        forms = [(v.id, title_search_form(v.title), fold(v.text_normalized or "")) for v in rows]
        for table, document in (("search_fts", _bigram_document), ("search_chars", _chars_document)):
            conn.execute(_INSERT_BODY[table], [
                {"rowid": vid, "title": document(title), "body": document(body)} for vid, title, body in forms])
        conn.execute(_INSERT_TITLE, [{"rowid": title_key(v.published, vid), "title": _title_document(title)}
                                     for v, (vid, title, _) in zip(rows, forms, strict=True)])


def create_structures(conn: Connection, gin_indexes: bool = True) -> None:
    """The index's tables, functions and indexes (migrations 0012, 0014 and rebuild).
    ``gin_indexes=False``: not PostgreSQL's GIN indexes (rebuild makes them once the rows are in)."""
    search_titles.create(conn, checkfirst=True)
    if conn.dialect.name == "sqlite":
        for ddl in (SQLITE_FTS_DDL, SQLITE_CHARS_DDL, SQLITE_TITLE_DDL):
            conn.execute(text(ddl))
    elif conn.dialect.name == "postgresql":
        conn.execute(text(POSTGRES_GRAMS_DDL))
        conn.execute(text(POSTGRES_RANK_DDL))
        for ddl in POSTGRES_INDEX_DDL if gin_indexes else ():
            conn.execute(text(ddl))


def drop_sqlite_tables(conn: Connection) -> None:
    for table in SQLITE_TABLES + OLD_SQLITE_TABLES:
        conn.execute(text(f"DROP TABLE IF EXISTS {table}"))


def rebuild(conn: Connection, batch: int = 2000) -> int:
    """Empty and refill the index from every stored version; return how many were indexed.

    Versions are read in id order, so each document's latest version is marked last. On
    SQLite the FTS5 tables are dropped and created again, so an index of an older layout
    comes back in the current one.
    """
    if conn.dialect.name == "sqlite":
        drop_sqlite_tables(conn)
    # Not the GIN indexes: built in one pass after the rows are in. (Creating them here
    # first, as before, built each twice on an archive without them: minutes at 100k.)
    create_structures(conn, gin_indexes=False)
    if conn.dialect.name == "postgresql":
        for ddl in POSTGRES_DROP_DDL:
            conn.execute(text(ddl))
    conn.execute(search_titles.delete())
    latest = _latest_ids(conn)
    count, last_id = 0, 0
    while True:
        rows = conn.execute(indexed_source().where(Version.id > last_id).order_by(Version.id).limit(batch)).all()
        if not rows:
            break
        _insert(conn, rows, latest)
        count += len(rows)
        last_id = rows[-1].id
    if conn.dialect.name == "sqlite":
        for table in SQLITE_TABLES:
            conn.execute(text(f"INSERT INTO {table}({table}) VALUES ('optimize')"))
    else:
        for ddl in POSTGRES_INDEX_DDL:
            conn.execute(text(ddl))
    return count


def refill_title_grams(conn: Connection, batch: int = 20000) -> int:
    """Drop search_title_grams (and the older search_title_chars) and fill it again from
    search_titles, which holds each version's folded title and publish date (migration 0019)."""
    for table in ("search_title_grams",) + OLD_SQLITE_TABLES:
        conn.execute(text(f"DROP TABLE IF EXISTS {table}"))
    conn.execute(text(SQLITE_TITLE_DDL))
    count, last = 0, 0
    st = search_titles.c
    while rows := conn.execute(select(st.version_id, st.title_search, st.published).where(st.version_id > last)
                               .order_by(st.version_id).limit(batch)).all():
        conn.execute(_INSERT_TITLE, [{"rowid": title_key(published, vid), "title": _title_document(title or "")}
                                     for vid, title, published in rows])
        count, last = count + len(rows), rows[-1].version_id
    conn.execute(text("INSERT INTO search_title_grams(search_title_grams) VALUES ('optimize')"))
    return count


def _latest_ids(conn: Connection) -> dict[int, int]:
    """{document_id: id of its highest-numbered version}."""
    latest: dict[int, tuple[int, int]] = {}
    for doc_id, number, vid in conn.execute(select(Version.document_id, Version.version, Version.id)):
        if doc_id not in latest or number > latest[doc_id][0]:
            latest[doc_id] = (number, vid)
    return {doc_id: vid for doc_id, (_, vid) in latest.items()}


def is_indexed(conn: Connection) -> bool:
    """False for an archive whose index is missing rows (e.g. written by an older edunotice)."""
    versions = conn.scalar(select(Version.id).order_by(Version.id.desc()).limit(1))
    indexed = conn.scalar(select(search_titles.c.version_id).order_by(search_titles.c.version_id.desc()).limit(1))
    return versions == indexed


__all__ = ["search_titles", "fold", "query_term", "title_search_form", "grams", "term_grams",
           "exact_by_index", "pg_fold", "sqlite_matches", "title_match", "title_key", "key_day", "index_version", "index_derivation",
           "indexed_source", "rebuild", "refill_title_grams", "create_structures",
           "is_indexed"]
