"""Migration 0011_lease_urls on an archive written by release 0.1 (tests/archive/fixtures/release_0_1,
always copied first) and on PostgreSQL: leases table, documents re-keyed, nothing merged."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import Engine, text

from archive import db
from archive.rekey import release_0_1_key
from archive.store import Archive
from archive.urls import canonical_url
from tests import warmcli

FIXTURE = Path(__file__).parent / "fixtures" / "release_0_1"
BASE = "http://127.0.0.1:9101/jyj/search.jsp"
GBK_ZHONGWEN = f"{BASE}?q=%D6%D0%CE%C4"
GBK_GUOJIA = f"{BASE}?q=%B9%FA%BC%D2"
GBK_JIAOYU = f"{BASE}?q=%BD%CC%D3%FD"
SCENE = f"{BASE}?id=7&scene=1"  # 'scene' became a tracking parameter: now the same key as ...
PLAIN = f"{BASE}?id=7"  # ... this, which release 0.1 archived as another document


@pytest.fixture
def release_copy(tmp_path) -> str:
    shutil.copytree(FIXTURE, tmp_path / "archive")
    return f"sqlite:///{tmp_path / 'archive' / 'archive.sqlite'}"


def _documents(engine: Engine) -> dict[int, str]:
    with engine.connect() as conn:
        return dict(conn.execute(text("SELECT id, url FROM documents")).all())


def _counts(engine: Engine) -> tuple[int, ...]:
    with engine.connect() as conn:
        return tuple(conn.scalar(text(f"SELECT count(*) FROM {t}"))
                     for t in ("documents", "versions", "observations", "attachments", "copy_clusters"))


def _add_release_0_1_documents(engine: Engine) -> dict[str, int]:
    """Documents as release 0.1 stored them: its keys, versions with the URLs really fetched."""
    rows = {  # name: (key as release 0.1 made it, URLs its versions were fetched from)
        "conflated": (release_0_1_key(GBK_ZHONGWEN), [GBK_ZHONGWEN, GBK_GUOJIA]),
        "gbk": (release_0_1_key(GBK_JIAOYU.replace("9101", "9102")), [GBK_JIAOYU.replace("9101", "9102")]),
        "scene": (release_0_1_key(SCENE), [SCENE]),
        "plain": (release_0_1_key(PLAIN), [PLAIN]),
    }
    ids = {}
    with engine.begin() as conn:
        portal = conn.scalar(text("SELECT id FROM portals ORDER BY id LIMIT 1"))
        for name, (key, fetched) in rows.items():
            ids[name] = conn.execute(text(
                "INSERT INTO documents (portal_id, url, first_seen, last_seen, missing_runs) "
                "VALUES (:p, :u, '2026-01-01 00:00:00', '2026-01-01 00:00:00', 0) RETURNING id"),
                {"p": portal, "u": key}).scalar()
            for number, url in enumerate(fetched, 1):
                conn.execute(text(
                    "INSERT INTO versions (document_id, version, content_sha256, text_sha256, fetched_at, "
                    "fetch_url, http_status, text, text_normalized, script, flags, attachments) VALUES "
                    "(:d, :n, :h, :h, '2026-01-01 00:00:00', :u, 200, 't', 't', 'zh-Hans', '[]', '[]')"),
                    {"d": ids[name], "n": number, "h": f"{ids[name]:032x}{number:032x}", "u": url})
    return ids


def test_upgrading_the_release_archive_keeps_every_document_and_recomputes_its_key(release_copy):
    engine = db.make_engine(release_copy)
    before, counts = _documents(engine), _counts(engine)
    assert db.upgrade(engine) == ("0009", db.head_revision())
    after = _documents(engine)
    assert after.keys() == before.keys() and len(after) == 78
    assert after == {i: canonical_url(url) for i, url in before.items()}
    assert _counts(engine) == counts, "no document, version or cluster added or lost"
    engine.dispose()
    with Archive(release_copy, create=False) as archive, archive.engine.connect() as conn:
        assert conn.scalar(text("SELECT count(*) FROM portal_leases")) == 0


def test_re_keying_recovers_gbk_queries_and_merges_nothing(release_copy):
    engine = db.make_engine(release_copy)
    ids = _add_release_0_1_documents(engine)
    assert release_0_1_key(GBK_ZHONGWEN) == release_0_1_key(GBK_GUOJIA), "the bug being repaired"
    before = _documents(engine)
    db.upgrade(engine)
    after = _documents(engine)
    assert after.keys() == before.keys()
    # A GBK query fetched from one URL gets its lossless key back.
    assert after[ids["gbk"]] == GBK_JIAOYU.replace("9101", "9102")
    # A document release 0.1 stored from two now-distinct URLs keeps its versions, under the first.
    assert after[ids["conflated"]] == GBK_ZHONGWEN
    # Two documents that would now share a key keep their old keys: nothing merged.
    assert after[ids["scene"]] == before[ids["scene"]] and after[ids["plain"]] == before[ids["plain"]]
    assert len(set(after.values())) == len(after)
    with engine.connect() as conn:
        reports = conn.execute(text("SELECT url, message FROM fetch_errors WHERE kind = 'url_rekey'")).all()
    messages = " | ".join(m for _, m in reports)
    assert len(reports) == 2
    assert f"documents {min(ids['scene'], ids['plain'])}, {max(ids['scene'], ids['plain'])} would share" in messages
    assert f"document {ids['conflated']} was archived from URLs that are distinct" in messages
    engine.dispose()


def test_db_upgrade_names_the_clashes_and_exits_1(release_copy):
    engine = db.make_engine(release_copy)
    _add_release_0_1_documents(engine)
    engine.dispose()
    result = warmcli.run(["db", "upgrade", "--db", release_copy], timeout=120)
    assert result.returncode == 1
    assert f"-> {db.head_revision()}" in result.stdout
    assert "would share the key http://127.0.0.1:9101/jyj/search.jsp?id=7" in result.stderr
    assert "2 document key problem(s) need a person" in result.stderr


def test_the_migration_runs_on_postgresql_over_an_archive_at_the_previous_revision(postgres_url):
    engine = db.make_engine(postgres_url)
    command.upgrade(db.alembic_config(engine), "0009")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO portals (id, name, kind, definition, first_seen) "
                          "VALUES ('kaiping_edu', '开平', 'official', '{}', now())"))
    ids = _add_release_0_1_documents(engine)
    db.upgrade(engine)
    after = _documents(engine)
    assert after[ids["gbk"]] == GBK_JIAOYU.replace("9101", "9102")
    assert after[ids["conflated"]] == GBK_ZHONGWEN
    assert len(after) == 4
    with engine.connect() as conn:
        assert conn.scalar(text("SELECT count(*) FROM fetch_errors WHERE kind = 'url_rekey'")) == 2
        assert conn.scalar(text("SELECT version_num FROM alembic_version")) == db.head_revision()
    engine.dispose()
