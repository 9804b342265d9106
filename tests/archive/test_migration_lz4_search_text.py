"""Migration 0016_lz4_search_text on PostgreSQL, from release 0.1's archive (tests/archive/fixtures/release_0_1,
loaded at its revision and upgraded to 0015 first): every stored text_normalized comes back byte for byte, the
values long enough to be compressed are lz4 afterwards (pglz before), the body's gram index is there again, and
search still returns what a brute-force scan returns. On SQLite the migration changes nothing."""

from __future__ import annotations

from alembic import command
from sqlalchemy import create_engine, inspect, text

from archive import db
from tests.archive.test_migration_capture import load_into_postgres
from tests.archive.test_migration_compact_bands import _advance_sequences, release_copy  # noqa: F401
from tests.archive.test_migration_positional_search import _agrees, _queries


def _texts(url: str) -> dict[int, str]:
    engine = create_engine(url)
    with engine.connect() as conn:
        rows = dict(conn.execute(text("SELECT id, text_normalized FROM versions")).all())
    engine.dispose()
    return rows


def _compressions(url: str) -> set[str | None]:
    engine = create_engine(url)
    with engine.connect() as conn:
        found = set(conn.scalars(text("SELECT DISTINCT pg_column_compression(text_normalized) FROM versions")))
    engine.dispose()
    return found


def test_upgrade_on_postgresql_recompresses_texts_with_lz4(release_copy, postgres_url):  # noqa: F811
    load_into_postgres(release_copy, postgres_url)
    _advance_sequences(postgres_url)
    engine = create_engine(postgres_url)
    command.upgrade(db.alembic_config(engine), "0015_pending_copy_links")
    with engine.begin() as conn:  # texts over ~2 KB are the ones PostgreSQL compresses: make sure some are
        conn.execute(text("UPDATE versions SET text_normalized = repeat(text_normalized, 8) "
                          "WHERE id IN (SELECT id FROM versions ORDER BY id LIMIT 5)"))
    before = _texts(postgres_url)
    assert "pglz" in _compressions(postgres_url)
    db.upgrade(engine)
    assert db.current_revision(engine) == db.head_revision()
    assert _texts(postgres_url) == before
    assert _compressions(postgres_url) - {None} == {"lz4"}
    assert "ix_versions_grams" in {i["name"] for i in inspect(engine).get_indexes("versions")}
    engine.dispose()
    assert _agrees(postgres_url, _queries(postgres_url)) > 0


def test_downgrade_keeps_the_lz4_texts_readable(release_copy, postgres_url):  # noqa: F811
    load_into_postgres(release_copy, postgres_url)
    _advance_sequences(postgres_url)
    engine = create_engine(postgres_url)
    db.upgrade(engine)
    before = _texts(postgres_url)
    command.downgrade(db.alembic_config(engine), "0015_pending_copy_links")
    assert _texts(postgres_url) == before
    engine.dispose()


def test_upgrade_on_sqlite_changes_no_text(release_copy):  # noqa: F811
    url = f"sqlite:///{release_copy}"
    engine = create_engine(url)
    command.upgrade(db.alembic_config(engine), "0015_pending_copy_links")
    before = _texts(url)
    db.upgrade(engine)
    assert db.current_revision(engine) == db.head_revision()
    assert _texts(url) == before
    engine.dispose()
