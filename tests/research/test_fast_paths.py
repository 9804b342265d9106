"""search()'s shortcuts return the same page and total as the full ranking.

search() counts words the index decides in the index alone (SQLite) and serves the first
pages from the newest versions' titles when they settle the ranking, or from the versions
whose title holds a word, walked in rank order (archive/search.py, "fast paths"; both backends). The reference is the full ranked query iter_records() runs (every hit joined
and sorted, no shortcut). The sample archive is small, so the window the shortcut reads is
shrunk to the newest half of the archive here, which makes it succeed for some queries and give up for
others: both outcomes are checked, and the test fails if the shortcut never served a page.
"""

from __future__ import annotations

from sqlalchemy import select

from archive import search as search_module
from archive.models import Version
from archive.search import SearchRequest, iter_records, search
from archive.store import Archive


def queries(db_url: str) -> list[str]:
    with Archive(db_url) as archive, archive.sessions() as s:
        titles = sorted({t for t in s.scalars(select(Version.title)) if t})
    two = sorted({t[i:i + 2] for t in titles for i in range(len(t) - 1) if not t[i:i + 2].isspace()})
    one = sorted({c for t in titles for c in t if not c.isspace()})
    longer = sorted({t[2:6] for t in titles if len(t) >= 6})
    return two[::3] + one[::4] + longer[::3] + [f"{a} {b}" for a, b in zip(two[::7], two[3::7], strict=False)]


def compare(db_url: str, monkeypatch) -> tuple[int, int, int]:
    """(pages compared, pages the newest-titles shortcut served, pages the title-group shortcut
    served); asserts every page equals the reference."""
    served = {"_first_pages": 0, "_title_group_pages": 0}

    def counting(name):
        original = getattr(search_module, name)

        def counted(s, req):
            rows = original(s, req)
            served[name] += rows is not None
            return rows
        return counted

    with Archive(db_url) as archive, archive.sessions() as s:
        dated = len(s.scalars(select(Version.id).where(Version.published.is_not(None))).all())
    monkeypatch.setattr(search_module, "TOP_WINDOW", dated // 2)  # the newest half of the archive
    for name in served:
        monkeypatch.setattr(search_module, name, counting(name))
    compared, wrong = 0, []
    with Archive(db_url) as archive, archive.sessions() as s:
        for q in queries(db_url):
            for all_versions in (False, True):
                base = SearchRequest(query=q, all_versions=all_versions, facets=False, snippets=False, per_page=3)
                reference = [(r["document_id"], r["version"]) for r in iter_records(s, base)]
                for page in (1, 2, 3):
                    got = search(s, SearchRequest(**{**base.__dict__, "page": page}))
                    want = reference[(page - 1) * 3:page * 3]
                    compared += 1
                    if [(h["document_id"], h["version"]) for h in got.hits] != want or got.total != len(reference):
                        wrong.append((q, all_versions, page, got.total, len(reference)))
    assert not wrong, f"shortcut and full ranking disagree on {wrong[:5]}"
    return compared, served["_first_pages"], served["_title_group_pages"]


def test_shortcuts_agree_with_full_ranking_on_sqlite(crawled, monkeypatch):
    compared, newest, group = compare(crawled.db_url, monkeypatch)
    print("sqlite pages compared", compared, "served by the newest titles", newest, "by the title group", group)
    assert compared >= 300
    assert 0 < newest and 0 < group and newest + group < compared  # each served pages, both gave up on others


def test_title_group_shortcut_gives_up_above_its_limit(crawled, monkeypatch):
    """A title group larger than TITLE_GROUP_LIMIT is left to the full ranking: same pages."""
    monkeypatch.setattr(search_module, "TITLE_GROUP_LIMIT", 2)
    compared, _, group = compare(crawled.db_url, monkeypatch)
    assert compared >= 300 and group > 0  # words in two titles or fewer are still served


def test_index_count_with_many_superseded_versions_counts_by_join(crawled, monkeypatch):
    """Above OLDER_PROBE_LIMIT superseded versions the count joins instead of probing: same totals."""
    counts_agree_probed_and_joined(crawled.db_url, monkeypatch)


def test_postgres_count_with_many_superseded_versions_counts_by_join(crawled_postgres, monkeypatch):
    counts_agree_probed_and_joined(crawled_postgres, monkeypatch)


def counts_agree_probed_and_joined(db_url: str, monkeypatch) -> None:
    with Archive(db_url) as archive, archive.sessions() as s:
        probed = {q: search(s, SearchRequest(query=q, facets=False, snippets=False)).total
                  for q in ("教育", "通知", "学", "2023", "中小学")}  # 2023: in the superseded version
        monkeypatch.setattr(search_module, "OLDER_PROBE_LIMIT", 0)
        joined = {q: search(s, SearchRequest(query=q, facets=False, snippets=False)).total for q in probed}
        reference = {q: sum(1 for _ in iter_records(s, SearchRequest(query=q))) for q in probed}
    assert probed == joined == reference
    assert all(n > 0 for n in reference.values())


def test_shortcuts_agree_with_full_ranking_on_postgres(crawled_postgres, monkeypatch):
    compared, newest, group = compare(crawled_postgres, monkeypatch)
    print("postgres pages compared", compared, "served by the newest titles", newest, "by the title group", group)
    assert compared >= 300
    assert 0 < newest and 0 < group and newest + group < compared
