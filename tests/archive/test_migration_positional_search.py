"""Migration 0014_positional_search on an archive written by release 0.1 (tests/archive/fixtures/release_0_1,
always copied first) and on PostgreSQL: the positional index is built from the stored versions and search
returns what a brute-force scan returns, words of 3+ characters included; on SQLite, downgrade gives back
the 0012 layout (unigrams and bigrams in search_fts) and upgrade builds the new one again."""

from __future__ import annotations

import random

from alembic import command
from sqlalchemy import create_engine, inspect, select, text

from archive import db
from archive.models import Version
from archive.search import SearchRequest, scan, search
from archive.store import Archive
from tests.archive.test_migration_capture import load_into_postgres
from tests.archive.test_migration_compact_bands import _advance_sequences, release_copy  # noqa: F401


def _queries(url: str) -> list[str]:
    engine = create_engine(url)
    with engine.connect() as conn:
        texts = [t for t in conn.scalars(select(Version.text_normalized)) if t]
    engine.dispose()
    rng = random.Random(14)
    out = []
    while len(out) < 40:
        body = rng.choice(texts)
        size = rng.choice((1, 2, 3, 4, 6))
        start = rng.randrange(0, max(1, len(body) - size))
        piece = body[start:start + size]
        if piece.strip() == piece and piece and "\n" not in piece and '"' not in piece:
            out.append(piece)
    return out + ["量子霸权", "教育 通知"]


def _agrees(url: str, queries: list[str]) -> int:
    """Hits compared; asserts search and scan agree on every query (latest and all versions)."""
    compared = 0
    with Archive(url) as archive, archive.sessions() as s:
        for q in queries:
            for all_versions in (False, True):
                req = SearchRequest(query=q, all_versions=all_versions, facets=False, snippets=False)
                expected = scan(s, req)
                assert search(s, req).total == len(expected), q
                compared += len(expected)
    return compared


def test_upgrade_on_sqlite_builds_the_positional_index(release_copy):  # noqa: F811
    url = f"sqlite:///{release_copy}"
    engine = create_engine(url)
    db.upgrade(engine)
    tables = set(inspect(engine).get_table_names())
    assert {"search_fts", "search_chars", "search_title_grams"} <= tables and "search_title_chars" not in tables
    assert "ix_search_titles_published" in {i["name"] for i in inspect(engine).get_indexes("search_titles")}
    engine.dispose()
    assert _agrees(url, _queries(url)) > 0


def test_downgrade_gives_back_the_0012_layout_and_upgrade_rebuilds(release_copy):  # noqa: F811
    url = f"sqlite:///{release_copy}"
    engine = create_engine(url)
    db.upgrade(engine)
    command.downgrade(db.alembic_config(engine), "0013_compact_bands")
    assert "search_chars" not in inspect(engine).get_table_names()
    with engine.connect() as conn:  # 0012's index holds single characters again
        versions = conn.scalar(text("SELECT count(*) FROM versions WHERE instr(lower(text_normalized), '教') > 0 "
                                    "OR instr(title, '教') > 0"))
        indexed = conn.scalar(text("SELECT count(*) FROM search_fts WHERE search_fts MATCH '\"教\"'"))
    assert indexed == versions > 0
    command.upgrade(db.alembic_config(engine), "head")
    engine.dispose()
    assert _agrees(url, _queries(url)) > 0


def test_upgrade_on_postgresql_keeps_search_right(release_copy, postgres_url):  # noqa: F811
    load_into_postgres(release_copy, postgres_url)
    _advance_sequences(postgres_url)
    engine = create_engine(postgres_url)
    db.upgrade(engine)
    assert "ix_search_titles_published" in {i["name"] for i in inspect(engine).get_indexes("search_titles")}
    engine.dispose()
    assert _agrees(postgres_url, _queries(postgres_url)) > 0
