"""Migration 0010_capture on an archive written by release 0.1.0 (tests/archive/fixtures/release_0_1).

A copy is upgraded (SQLite as released; on PostgreSQL the same rows loaded at the old schema
first). Old data must be intact and readable, versions must name the legacy extractor and
their payload digest, and ``reextract`` must re-derive every version from the fixture's
WARC files without creating a version.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import MetaData, create_engine, func, insert, select, text

from archive import db
from archive.models import Derivation, Observation, Version
from archive.query import latest_records
from archive.store import Archive
from archive.warc import payload_digest, read_payload
from crawler.reextract import reextract

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "release_0_1"
OLD_COLUMNS = ("id", "document_id", "version", "content_sha256", "title", "published", "text",
               "text_normalized", "flags", "attachments", "warc_file", "warc_offset")


def old_rows(path: Path) -> list[tuple]:
    with sqlite3.connect(path) as conn:
        return conn.execute(f"SELECT {', '.join(OLD_COLUMNS)} FROM versions ORDER BY id").fetchall()


def table_counts(url: str) -> dict[str, int]:
    engine = create_engine(url)
    with engine.connect() as conn:
        return {t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar()
                for t in ("documents", "versions", "observations", "attachments", "payloads", "crawl_runs")}


@pytest.fixture
def copy(tmp_path) -> Path:
    shutil.copytree(FIXTURE, tmp_path / "data")
    return tmp_path / "data"


def load_into_postgres(sqlite_path: Path, pg_url: str) -> None:
    """The fixture's rows in a PostgreSQL archive at the fixture's schema revision."""
    engine = create_engine(pg_url)
    with sqlite3.connect(sqlite_path) as conn:
        revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    command.upgrade(db.alembic_config(engine), revision)
    source = create_engine(f"sqlite:///{sqlite_path}")
    meta = MetaData()
    meta.reflect(engine)
    with source.connect() as src, engine.begin() as dst:
        dst.execute(text("SET session_replication_role = replica"))  # rows arrive in any order
        for table in meta.tables.values():
            if table.name == "alembic_version":
                continue
            rows = [dict(r._mapping) for r in src.execute(select(table))]
            if rows:
                dst.execute(insert(table), rows)
    engine.dispose()


def check_upgraded(url: str, data_dir: Path, before_counts: dict, before_rows: list[tuple]) -> None:
    engine = create_engine(url)
    was, now = db.upgrade(engine)
    assert now == db.head_revision() and was != now
    assert table_counts(url) == before_counts
    with Archive(url) as archive, archive.sessions() as s:
        versions = s.scalars(select(Version).order_by(Version.id)).all()
        after = [tuple(getattr(v, c) for c in OLD_COLUMNS) for v in versions]
        assert after == [tuple(_json(c, v) for c, v in zip(OLD_COLUMNS, row, strict=True)) for row in before_rows]
        assert {v.extractor for v in versions} == {"0.1.0"}
        # The payload digest backfilled from the WARC index is the digest of the bytes there.
        for v in versions[:10]:
            body = read_payload(data_dir, v.warc_file, v.warc_offset, archive)
            assert v.payload_digest == payload_digest(body)
        created = s.scalars(select(Observation).where(Observation.new_version)).all()
        assert all(o.payload_digest and o.warc_file and o.content_sha256 for o in created)
        records = list(latest_records(s))
        assert len(records) == before_counts["documents"] and all(r["extractor"] == "0.1.0" for r in records)
    with Archive(url) as archive:
        report = reextract(archive, data_dir)
        assert (report.examined, report.rederived, report.missing) == (len(versions), len(versions), [])
        with archive.sessions() as s:
            assert s.scalar(select(func.count()).select_from(Version)) == len(versions)
            assert s.scalar(select(func.count()).select_from(Derivation)) == len(versions)
            assert {r["extractor"] for r in latest_records(s)} == {report.extractor}
        again = reextract(archive, data_dir)
        assert (again.rederived, again.already_current) == (0, len(versions))
    engine.dispose()


def _json(column: str, value):
    return json.loads(value) if column in ("flags", "attachments") and isinstance(value, str) else value


def test_upgrading_the_release_archive_on_sqlite_keeps_every_row(copy):
    path = copy / "archive.sqlite"
    url = f"sqlite:///{path}"
    check_upgraded(url, copy, table_counts(url), old_rows(path))


def test_upgrading_the_release_archive_on_postgresql_keeps_every_row(copy, postgres_url):
    path = copy / "archive.sqlite"
    load_into_postgres(path, postgres_url)
    check_upgraded(postgres_url, copy, table_counts(f"sqlite:///{path}"), old_rows(path))


def test_the_fixture_itself_is_untouched():
    with sqlite3.connect(FIXTURE / "archive.sqlite") as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0009"
