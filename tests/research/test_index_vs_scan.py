"""The full-text index returns exactly what a brute-force scan returns, on SQLite (FTS5
bigrams) and PostgreSQL (GIN on edunotice_grams), over the crawled sample portals.

Queries: every 2-character word of every archived title, single characters, longer
substrings of the texts, several words, phrases with punctuation, traditional-script
forms, ASCII case variants and words that are nowhere. The scan is archive.search.scan:
Python substring tests on every version, no index.
"""

from __future__ import annotations

import random

import opencc
import pytest
from sqlalchemy import select

from archive.models import Version
from archive.search import SearchRequest, iter_records, scan, search
from archive.store import Archive

S2T = opencc.OpenCC("s2t")


def build_queries(db_url: str) -> dict[str, list[str]]:
    with Archive(db_url) as archive, archive.sessions() as s:
        rows = s.execute(select(Version.title, Version.text_normalized)).all()
    titles = sorted({t for t, _ in rows if t})
    texts = [body for _, body in rows if body]
    rng = random.Random(13)
    two = sorted({t[i:i + 2] for t in titles for i in range(len(t) - 1) if not t[i:i + 2].isspace()})
    one = sorted({c for t in titles for c in t if not c.isspace()})
    longer = []
    for _ in range(120):
        body = rng.choice(texts)
        size = rng.choice((3, 4, 5, 8, 12))
        start = rng.randrange(0, max(1, len(body) - size))
        piece = body[start:start + size].strip()
        if piece and "\n" not in piece and '"' not in piece:
            longer.append(piece)
    multi = [f"{rng.choice(two)} {rng.choice(two)}" for _ in range(60)]
    multi += [f"{rng.choice(longer)} {rng.choice(one)}" for _ in range(20)]
    phrases = [f'"{p}"' for p in longer if " " in p or "," in p][:30]
    traditional = sorted({S2T.convert(w) for w in two + longer} - set(two + longer))[:80]
    absent = ["量子霸权", "火星基地", "zzqx", "双减双减双减双减"]
    ascii_case = ["PDF", "pdf", "Doc", "2022年", "2O22"]
    return {"two_char_title_words": two, "one_char": one, "three_plus": longer, "multi_word": multi,
            "phrase": phrases, "traditional": traditional, "absent": absent, "ascii_case": ascii_case}


def agreement(db_url: str, every: int = 1, thin: int = 1) -> dict[str, tuple[int, int, int]]:
    """{class: (queries, queries that disagree, hits compared)}.

    ``every``: one query in so many of every class; ``thin``: one in so many of the large
    classes other than the titles' 2-character words, which are always all checked. Every query is
    checked on the latest versions, every second one on all versions too (one code path
    apart: the latest-version filter)."""
    queries = build_queries(db_url)
    out = {}
    with Archive(db_url) as archive, archive.sessions() as s:
        for name, items in queries.items():
            wrong, hits = [], 0
            items = items[::every if name == "two_char_title_words" or len(items) < 20 else every * thin]
            for i, q in enumerate(items):
                for all_versions in (False, True) if i % 2 == 0 else (False,):
                    req = SearchRequest(query=q, all_versions=all_versions, facets=False, snippets=False)
                    expected = scan(s, req)
                    want = {(v.document_id, v.version)
                            for v in s.scalars(select(Version).where(Version.id.in_(expected)))}
                    got = [(r["document_id"], r["version"]) for r in iter_records(s, req)]
                    total = search(s, req).total
                    ok = set(got) == want and len(got) == total == len(expected)
                    hits += len(expected)
                    if not ok:
                        wrong.append((q, all_versions, total, len(expected)))
            out[name] = (len(items), len(wrong), hits)
            assert not wrong, f"{name}: index and scan disagree on {wrong[:5]}"
    return out


def test_index_agrees_with_scan_on_sqlite(crawled):
    figures = agreement(crawled.db_url)
    print("sqlite agreement", figures)
    assert sum(n for n, _, _ in figures.values()) >= 300
    assert figures["two_char_title_words"][0] >= 100
    assert all(hits > 0 for name, (_, _, hits) in figures.items() if name != "absent")


def test_index_agrees_with_scan_on_postgres(crawled_postgres):
    figures = agreement(crawled_postgres, thin=2)  # half of the other classes: the same queries, another backend
    print("postgres agreement", figures)
    assert sum(n for n, _, _ in figures.values()) >= 300


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


def test_search_reads_the_latest_derivation(crawled, tmp_path):
    """After `reextract` appends a derivation, search matches its text and title, not the
    captured one's (the index and the scan both read the latest derivation), before and after
    a rebuild; a quarter of the agreement test's queries, of every class, still agree (all of
    them are checked on the archive without the derivation)."""
    import shutil
    from datetime import datetime

    from archive import fts, versioning
    from archive.record import VERSION_COLUMNS

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
            record.update(title=f"{version.title}（{NEW_WORD}）", text_normalized=old_text.replace(gone, NEW_WORD))
            before = versioning.latest_interpretation(s, version)
            versioning.add_derivation(s, version, record, "test-extractor", datetime(2026, 1, 1), before, "0" * 64)
            s.commit()
            key = {(version.document_id, version.version)}

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
        with archive.engine.begin() as conn:
            fts.rebuild(conn)
        assert found(NEW_WORD) == (key, key)
        assert found(gone) == (hits, hits)
    figures = agreement(url, every=4)
    assert all(n > 0 for n, _, _ in figures.values()) and sum(n for n, _, _ in figures.values()) >= 75


def replace_per_page(req: SearchRequest) -> SearchRequest:
    from dataclasses import replace

    return replace(req, per_page=200)
