"""The full-text index returns exactly what a brute-force scan returns on SQLite (FTS5), over
the crawled sample portals (queries and comparison: tests/research/agreement.py; PostgreSQL:
test_index_vs_scan_postgres.py), and the index follows reindexing and derivations."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text

from archive.models import Version
from archive.search import SearchRequest, scan, search
from archive.store import Archive
from tests.research.agreement import agreement


def test_index_agrees_with_scan_on_sqlite(crawled):
    figures = agreement(crawled.db_url)
    print("sqlite agreement", figures)
    assert sum(n for n, _, _ in figures.values()) >= 300
    assert figures["two_char_title_words"][0] >= 100
    assert all(hits > 0 for name, (_, _, hits) in figures.items() if name != "absent")


@pytest.mark.parametrize("query, expected", [("中小學", "中小学"), ("雙減", "双减")])
def test_traditional_query_finds_what_its_simplified_form_finds(crawled, query, expected):
    with Archive(crawled.db_url) as archive, archive.sessions() as s:
        a = search(s, SearchRequest(query=query))
        b = search(s, SearchRequest(query=expected))
    assert a.total == b.total > 0
    assert [h["document_id"] for h in a.hits] == [h["document_id"] for h in b.hits]


def test_reindex_rebuilds_an_emptied_index(crawled, tmp_path):
    import shutil

    from sqlalchemy import text

    from archive import fts

    path = tmp_path / "copy.sqlite"
    shutil.copy(crawled.db_url.removeprefix("sqlite:///"), path)
    url = f"sqlite:///{path}"
    with Archive(url) as archive:
        with archive.engine.begin() as conn:
            before = search_total(archive, "双减")
            conn.execute(text("INSERT INTO search_fts(search_fts) VALUES ('delete-all')"))
            conn.execute(fts.search_titles.delete())
        assert search_total(archive, "双减") == 0  # an emptied index finds nothing...
        with archive.engine.begin() as conn:
            assert not fts.is_indexed(conn)
            fts.rebuild(conn)
            assert fts.is_indexed(conn)
        assert search_total(archive, "双减") == before > 0  # ...until it is rebuilt


def search_total(archive: Archive, query: str) -> int:
    with archive.sessions() as s:
        return search(s, SearchRequest(query=query)).total


NEW_WORD = "量子课程改革试点"


def test_search_reads_the_latest_derivation(crawled, tmp_path, monkeypatch):
    """After `reextract` appends a derivation, search matches its text and title, not the
    captured one's (the index and the scan both read the latest derivation), before and after
    a rebuild; a quarter of the agreement test's queries, of every class, still agree (all of
    them are checked on the archive without the derivation). The derivation also moves the
    publish date, which keys the titles' index: the title-group walk's pages still equal the
    full ranking's (an entry left under the old key would show the version twice)."""
    import shutil
    from datetime import datetime

    from archive import fts, versioning
    from archive.record import VERSION_COLUMNS
    from tests.research.fastpaths import compare

    path = tmp_path / "derived.sqlite"
    shutil.copy(crawled.db_url.removeprefix("sqlite:///"), path)
    url = f"sqlite:///{path}"
    with Archive(url) as archive:
        with archive.sessions() as s:
            version = s.scalars(select(Version).where(Version.version == 1).order_by(Version.id.desc())).first()
            old_text = version.text_normalized
            gone = next(old_text[i:i + 6] for i in range(0, len(old_text) - 6)  # a piece of the text only
                        if "\n" not in old_text[i:i + 6] and " " not in old_text[i:i + 6]
                        and old_text[i:i + 6] not in fts.title_search_form(version.title))
            assert version.id in scan(s, SearchRequest(query=gone, all_versions=True))
            record = {k: getattr(version, k) for k in VERSION_COLUMNS}
            record.update(title=f"{version.title}（{NEW_WORD}）", text_normalized=old_text.replace(gone, NEW_WORD),
                          published="2031-02-03")
            before = versioning.latest_interpretation(s, version)
            versioning.add_derivation(s, version, record, "test-extractor", datetime(2026, 1, 1), before, "0" * 64)
            s.commit()
            key = {(version.document_id, version.version)}
            version_id, old_title = version.id, version.title

        def found(query: str) -> tuple[set, set]:
            with archive.sessions() as s:
                req = SearchRequest(query=query, all_versions=True, facets=False, snippets=False)
                hits = {(h["document_id"], h["version"]) for h in search(s, replace_per_page(req)).hits}
                scanned = {(v.document_id, v.version) for v in s.scalars(select(Version).where(
                    Version.id.in_(scan(s, req))))}
                return hits, scanned

        assert found(NEW_WORD) == (key, key)
        hits, scanned = found(gone)
        assert hits == scanned and not key & hits
        with archive.sessions() as s:  # the new title ranks first
            assert search(s, SearchRequest(query=NEW_WORD)).hits[0]["title_match"] is True
        compare(url, monkeypatch)
        with archive.engine.connect() as conn:  # one title entry, under the new day
            keys = conn.scalars(text("SELECT rowid FROM search_title_grams WHERE search_title_grams MATCH :q"),
                                {"q": fts.title_phrase(NEW_WORD)}).all()
        assert [k for k in keys if k & fts.KEY_ID_MASK == version_id] == [fts.title_key("2031-02-03", version_id)]
        with archive.engine.connect() as conn:
            old_keys = conn.scalars(text("SELECT rowid FROM search_title_grams WHERE search_title_grams MATCH :q"),
                                    {"q": fts.title_phrase(fts.title_search_form(old_title)[:2])}).all()
        assert [k for k in old_keys if k & fts.KEY_ID_MASK == version_id] == [fts.title_key("2031-02-03", version_id)]
        with archive.engine.begin() as conn:
            fts.rebuild(conn)
        assert found(NEW_WORD) == (key, key)
        assert found(gone) == (hits, hits)
    figures = agreement(url, every=4)
    assert all(n > 0 for n, _, _ in figures.values()) and sum(n for n, _, _ in figures.values()) >= 75


def replace_per_page(req: SearchRequest) -> SearchRequest:
    from dataclasses import replace

    return replace(req, per_page=200)
