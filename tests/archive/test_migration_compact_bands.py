"""Migration 0013_compact_bands on an archive written by release 0.1 (tests/archive/fixtures/release_0_1,
always copied first) and on PostgreSQL: every band row kept, folded to the 32-bit key today's
sketch computes, in one (band, hash, version_id) b-tree, and copies of old notices still found;
on SQLite the texts stored compressed and read back unchanged."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine, func, inspect, select, text

from archive import db, similarity
from archive.models import Document, Version
from archive.store import Archive
from tests.archive.test_migration_capture import load_into_postgres

FIXTURE = Path(__file__).parent / "fixtures" / "release_0_1"


@pytest.fixture
def release_copy(tmp_path) -> Path:
    shutil.copytree(FIXTURE, tmp_path / "archive")
    return tmp_path / "archive" / "archive.sqlite"


def _bands(url: str) -> set[tuple[int, int, int]]:
    engine = create_engine(url)
    with engine.connect() as conn:
        rows = set(conn.execute(text("SELECT band, hash, version_id FROM shingle_bands")).all())
    engine.dispose()
    return rows


def _check_upgraded(url: str, before: set[tuple[int, int, int]]) -> None:
    """Every row kept with its key folded; the keys are what today's sketch of the text gives."""
    engine = create_engine(url)
    db.upgrade(engine)
    after = _bands(url)
    assert len(after) == len(before) > 0
    assert after == {(band, similarity.fold_packed(value), version) for band, value, version in before}
    assert all(-2**31 <= value < 2**31 for _, value, _ in after)
    with engine.connect() as conn:
        texts = dict(conn.execute(text("SELECT id, text_normalized FROM versions WHERE id IN "
                                       "(SELECT version_id FROM shingle_bands)")).all())
    by_version: dict[int, dict[int, int]] = {}
    for band, value, version in after:
        by_version.setdefault(version, {})[band] = value
    for version, bands in by_version.items():
        assert [bands[b] for b in range(similarity.BANDS)] == similarity.text_bands(texts[version])
    schema = inspect(engine)
    assert schema.get_pk_constraint("shingle_bands")["constrained_columns"] == ["band", "hash", "version_id"]
    assert schema.get_indexes("shingle_bands") == []  # the primary key is the only lookup
    engine.dispose()


def _texts(path: Path) -> dict[int, str]:
    with sqlite3.connect(path) as conn:
        return dict(conn.execute("SELECT id, text FROM versions").fetchall())


def _texts_read_back(url: str) -> dict[int, str]:
    with Archive(url) as archive, archive.sessions() as s:
        return {v.id: v.text for v in s.scalars(select(Version))}


def _cut_copy_joins_its_original(url: str) -> None:
    """A paywall cut of an archived notice, stored after the upgrade, is found through the bands."""
    with Archive(url) as archive:
        with archive.sessions() as s:
            original = s.execute(select(Version).order_by(func.length(Version.text_normalized).desc())
                                 .limit(1)).scalar_one()
            portal_id = s.get(Document, original.document_id).portal_id
            cut = original.text_normalized[: len(original.text_normalized) * 2 // 3]
        archive.record_notice(portal_id=portal_id, fetch_url="http://127.0.0.1:9/cut-copy", http_status=200,
                              record={"url": "http://127.0.0.1:9/cut-copy", "title": original.title,
                                      "text": cut, "text_normalized": cut})
        with archive.sessions() as s:
            copy = s.execute(select(Document).where(Document.url == "http://127.0.0.1:9/cut-copy")).scalar_one()
            assert copy.cluster_id is not None
            assert copy.cluster_id == s.get(Document, original.document_id).cluster_id


def test_upgrade_on_sqlite_folds_every_band_into_one_without_rowid_btree(release_copy):
    url = f"sqlite:///{release_copy}"
    before, texts = _bands(url), _texts(release_copy)
    _check_upgraded(url, before)
    with sqlite3.connect(release_copy) as conn:
        (sql,) = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'shingle_bands'").fetchone()
        btrees = conn.execute("SELECT count(*) FROM sqlite_master WHERE tbl_name = 'shingle_bands'").fetchone()[0]
        stored = dict(conn.execute("SELECT id, text FROM versions").fetchall())
    assert "WITHOUT ROWID" in sql and btrees == 1
    long_texts = [i for i, t in texts.items() if len(t.encode()) >= 1000]
    assert long_texts and all(isinstance(stored[i], bytes) for i in long_texts)  # compressed in the file
    assert sum(map(len, stored.values())) < 0.7 * sum(len(t.encode()) for t in texts.values())
    assert _texts_read_back(url) == texts  # ... and read back unchanged
    _cut_copy_joins_its_original(url)


def _advance_sequences(url: str) -> None:
    """Rows were loaded with their ids: move each id sequence past them, as the archive would be."""
    engine = create_engine(url)
    with engine.begin() as conn:
        for table in ("documents", "versions", "observations", "copy_clusters", "crawl_runs"):
            conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                              f"(SELECT COALESCE(MAX(id), 0) + 1 FROM {table}), false)"))
    engine.dispose()


def test_upgrade_on_postgresql_folds_every_band(release_copy, postgres_url):
    load_into_postgres(release_copy, postgres_url)
    _advance_sequences(postgres_url)
    before = _bands(postgres_url)
    _check_upgraded(postgres_url, before)
    assert _texts_read_back(postgres_url) == _texts(release_copy)
    _cut_copy_joins_its_original(postgres_url)


def test_downgrade_recomputes_the_64_bit_bands_and_upgrade_folds_them_again(release_copy):
    url = f"sqlite:///{release_copy}"
    before, texts = _bands(url), _texts(release_copy)
    engine = create_engine(url)
    db.upgrade(engine)
    folded = _bands(url)
    command.downgrade(db.alembic_config(engine), "0012_search_index")
    assert _bands(url) == before  # recomputed from the texts: the values release 0.1 stored
    assert _texts(release_copy) == texts  # plain text again, as 0012 readers expect
    command.upgrade(db.alembic_config(engine), "head")
    assert _bands(url) == folded
    engine.dispose()


def test_text_is_stored_compressed_on_sqlite_and_read_back_unchanged(db_url):
    long_text = "各县（市、区）教育局：\n" + "现将2024年全市中小学招生入学工作有关事项通知如下。" * 20
    with Archive(db_url) as archive:
        archive.register_portal({"id": "kaiping_edu", "name": "开平市教育局", "start_urls": ["http://127.0.0.1:9/"]})
        for i, body in enumerate((long_text, "详见附件。")):
            archive.record_notice(portal_id="kaiping_edu", fetch_url=f"http://127.0.0.1:9/{i}", http_status=200,
                                  record={"url": f"http://127.0.0.1:9/{i}", "title": f"通知{i}",
                                          "text": body, "text_normalized": body})
        with archive.sessions() as s:
            assert [v.text for v in s.scalars(select(Version).order_by(Version.id))] == [long_text, "详见附件。"]
            if db_url.startswith("sqlite"):  # the long one compressed in the file, the short one as is
                kinds = s.scalars(text("SELECT typeof(text) FROM versions ORDER BY id")).all()
                assert kinds == ["blob", "text"]
            else:  # PostgreSQL: plain (TOAST compresses)
                assert s.scalar(text("SELECT text FROM versions ORDER BY id LIMIT 1")) == long_text
            with pytest.raises(TypeError, match="text_normalized"):  # SQL cannot look into it: say so
                select(Version.id).where(Version.text.contains("招生"))
