"""Migration 0018_session_id_keys on SQLite and PostgreSQL: documents keyed with a session id
(``;jsessionid=…``, ``PHPSESSID``) get the key without it; two nights' copies of one notice, now
one key, keep their old keys and are named for a person (nothing merged); downgrade restores."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import create_engine, text

from archive import db
from archive.rekey import session_ids_kept_key

BASE = "http://127.0.0.1:9103/jyj/tzgg"
NIGHT_1 = f"{BASE}/t20240301_1.html;jsessionid=0A1B2C3D"
NIGHT_2 = f"{BASE}/t20240301_1.html;jsessionid=F9E8D7C6"
ALONE = f"{BASE}/t20240302_2.html;JSESSIONID=77AA"
PHP = "http://127.0.0.1:9103/news.php?id=4&PHPSESSID=9f3c"
PLAIN = f"{BASE}/t20240303_3.html"


def _add_documents(engine) -> dict[str, int]:
    ids = {}
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO portals (id, name, kind, definition, first_seen) "
                          "VALUES ('jyj', '教育局', 'official', '{}', '2024-03-01 00:00:00')"))
        for name, url in (("night_1", NIGHT_1), ("night_2", NIGHT_2), ("alone", ALONE), ("php", PHP), ("plain", PLAIN)):
            ids[name] = conn.execute(text(
                "INSERT INTO documents (portal_id, url, first_seen, last_seen, missing_runs) "
                "VALUES ('jyj', :u, '2024-03-01 00:00:00', '2024-03-01 00:00:00', 0) RETURNING id"),
                {"u": session_ids_kept_key(url)}).scalar()
            conn.execute(text(
                "INSERT INTO versions (document_id, version, content_sha256, text_sha256, fetched_at, "
                "fetch_url, http_status, text, text_normalized, script, flags, attachments) VALUES "
                "(:d, 1, :h, :h, '2024-03-01 00:00:00', :u, 200, 't', 't', 'zh-Hans', '[]', '[]')"),
                {"d": ids[name], "h": f"{ids[name]:064x}", "u": url})
    return ids


def _keys(engine) -> dict[int, str]:
    with engine.connect() as conn:
        return dict(conn.execute(text("SELECT id, url FROM documents")).all())


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'archive.sqlite'}"
    else:
        yield request.getfixturevalue("postgres_url")


def test_session_ids_leave_the_keys_and_nothing_is_merged(empty_url):
    engine = create_engine(empty_url)
    command.upgrade(db.alembic_config(engine), "0017_off_host_documents")
    ids = _add_documents(engine)
    before = _keys(engine)
    assert "jsessionid" in before[ids["alone"]].lower() and "PHPSESSID" in before[ids["php"]]
    db.upgrade(engine)
    assert db.current_revision(engine) == db.head_revision()
    after = _keys(engine)
    assert after[ids["alone"]] == f"{BASE}/t20240302_2.html"
    assert after[ids["php"]] == "http://127.0.0.1:9103/news.php?id=4"
    assert after[ids["plain"]] == before[ids["plain"]]
    # one notice under two nights' session ids: both would be one key; each keeps its own
    assert (after[ids["night_1"]], after[ids["night_2"]]) == (before[ids["night_1"]], before[ids["night_2"]])
    with engine.connect() as conn:
        reports = conn.execute(text("SELECT url, message FROM fetch_errors WHERE kind = 'url_rekey'")).all()
        assert conn.scalar(text("SELECT count(*) FROM versions")) == 5
    assert len(reports) == 1
    assert reports[0][0] == f"{BASE}/t20240301_1.html"
    assert f"documents {ids['night_1']}, {ids['night_2']} would share the key" in reports[0][1]
    command.downgrade(db.alembic_config(engine), "0017_off_host_documents")
    assert _keys(engine) == before
    engine.dispose()
