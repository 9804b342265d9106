"""The SQLite title-group walk reads search_title_grams newest day first (its rowid is
archive.fts.title_key) and sorts each day once the read has passed it. On an archive made
for it (many versions of one day with and without a time, undated ones, superseded
versions, official and mirror portals) and with reads of one and two titles, every page
must equal the full ranking's; a publish date not of the schema's form makes the walk give
up, not misplace the version."""

from __future__ import annotations

from datetime import datetime

import pytest
from alembic import command
from sqlalchemy import create_engine, insert, inspect, text

from archive import db, fts
from archive import search as search_module
from archive.models import Document, PortalRow, Version
from archive.search import SearchRequest
from archive.store import Archive
from tests.research.fastpaths import compare

TITLES = ["关于做好2024年教育工作的通知", "教育局通知", "关于开展教育督导的通知", "招生工作安排", "2023年教育工作要点",
          "关于印发教育经费管理办法的通知", "通知", "教育"]
DAYS = ["2024-05-01", "2024-05-01T09:30", "2024-05-01T10:00", "2024-05-02", None, "2023-12-31", "2024-05-01", None]


def _archive(path_or_url, odd: str | None = None) -> str:
    url = str(path_or_url) if "://" in str(path_or_url) else f"sqlite:///{path_or_url}"
    now = datetime(2026, 11, 1)
    with Archive(url) as archive, archive.engine.begin() as conn:
        conn.execute(insert(PortalRow), [{"id": pid, "name": pid, "kind": kind, "region": "区", "agency": "局",
                                          "definition": {}, "first_seen": now}
                                         for pid, kind in (("off", "official"), ("mir", "mirror"))])
        documents, versions = [], []
        for n in range(64):
            documents.append({"id": n + 1, "portal_id": "mir" if n % 3 == 0 else "off",
                              "url": f"https://example.test/{n + 1}.html", "first_seen": now, "last_seen": now,
                              "missing_runs": 0})
        for n in range(80):  # documents 1-16 get a second version
            doc = n + 1 if n < 64 else n - 63
            published = odd if (odd and n == 40) else DAYS[(n * 5) % len(DAYS)]
            versions.append({"id": n + 1, "document_id": doc, "version": 1 if n < 64 else 2, "content_sha256": "0" * 64,
                             "text_sha256": "0" * 64, "fetched_at": now, "fetch_url": "x", "http_status": 200,
                             "title": TITLES[(n * 7) % len(TITLES)], "published": published,
                             "text": f"正文{n}：请各校认真做好教育工作。", "text_normalized": f"正文{n}：请各校认真做好教育工作。",
                             "script": "zh-Hans", "flags": [], "attachments": []})
        conn.execute(insert(Document), documents)
        conn.execute(insert(Version), versions)
        fts.rebuild(conn)
    return url


@pytest.mark.parametrize("read", [1, 2, 256])
def test_dated_walk_gives_the_full_rankings_pages(db_url, monkeypatch, read):
    """SQLite: reads of 1, 2 and 256 titles of search_title_grams. PostgreSQL: the ordered scan
    of the newest titles with a prefix of 1 or 2 rows (then 16 or 32) and a budget of 60 of the 80 titles (it
    settles some pages and leaves others to the sorted group), or as shipped (256)."""
    url = _archive(db_url)
    monkeypatch.setattr(search_module, "TITLE_PREFIX", read)
    monkeypatch.setattr(search_module, "TITLE_READ_MAX", 2 * read)
    scanned = []
    if read < 256:
        monkeypatch.setattr(search_module, "TITLE_SCAN_BUDGET", 60)
        original = search_module._walk_newest_titles
        monkeypatch.setattr(search_module, "_walk_newest_titles",
                            lambda *a: scanned.append(original(*a)) or scanned[-1])
    compared, _, group = compare(url, monkeypatch)
    assert compared >= 100 and group > 0
    if db_url.startswith("postgresql") and read == 1:  # the scan served pages and gave up on others
        assert any(r is not None for r in scanned) and any(r is None for r in scanned)


def test_titles_are_keyed_by_publish_day(tmp_path):
    url = _archive(tmp_path / "a.sqlite")  # SQLite's search_title_grams
    with Archive(url) as archive, archive.engine.connect() as conn:
        # a contentless table is read through MATCH only: every title holds one of these
        keys = dict(conn.execute(text("SELECT rowid & :m, rowid >> :s FROM search_title_grams "
                                      "WHERE search_title_grams MATCH :q"),
                                 {"m": fts.KEY_ID_MASK, "s": fts.KEY_SHIFT,
                                  "q": " OR ".join(fts.title_phrase(c) for c in "教通招2")}).all())
        published = dict(conn.execute(text("SELECT version_id, published FROM search_titles")).all())
    assert len(keys) == 80
    assert {keys[v] for v, p in published.items() if p and p.startswith("2024-05-01")} == {20240501}
    assert {keys[v] for v, p in published.items() if p is None} == {fts.UNDATED_DAY}


def test_an_odd_publish_date_makes_the_walk_give_up(tmp_path, monkeypatch):
    url = _archive(tmp_path / "a.sqlite", odd="2024年5月")  # in version 41, titled 关于做好2024年教育工作的通知
    with Archive(url) as archive, archive.sessions() as s:
        assert search_module._title_group_pages(s, SearchRequest(query="教育", per_page=3)) is None
        assert search_module._title_group_pages(s, SearchRequest(query="招生", per_page=3)) is not None
    compare(url, monkeypatch)  # every page still equals the full ranking's


def test_migration_0019_down_and_up(tmp_path, monkeypatch):
    """Downgrade gives back search_title_chars (characters under the version id); upgrade
    fills search_title_grams from search_titles again, and every page is the full ranking's."""
    url = _archive(tmp_path / "a.sqlite")
    engine = create_engine(url)
    command.downgrade(db.alembic_config(engine), "0018_session_id_keys")
    tables = set(inspect(engine).get_table_names())
    assert "search_title_chars" in tables and "search_title_grams" not in tables
    with engine.connect() as conn:
        assert conn.scalar(text("SELECT count(*) FROM search_title_chars WHERE search_title_chars MATCH '\"教 育\"'")) == \
            conn.scalar(text("SELECT count(*) FROM search_titles WHERE instr(title_search, '教育') > 0")) > 0
    db.upgrade(engine)
    assert "search_title_chars" not in set(inspect(engine).get_table_names())
    engine.dispose()
    compared, _, group = compare(url, monkeypatch)
    assert compared >= 100 and group > 0
