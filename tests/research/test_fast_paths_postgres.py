"""search()'s shortcuts and counts agree with the full ranking on PostgreSQL (the SQLite side and
what is compared: test_fast_paths.py)."""

from __future__ import annotations

from tests.research.fastpaths import compare, counts_agree_probed_and_joined


def test_postgres_count_with_many_superseded_versions_counts_by_join(crawled_postgres, monkeypatch):
    counts_agree_probed_and_joined(crawled_postgres, monkeypatch)


def test_shortcuts_agree_with_full_ranking_on_postgres(crawled_postgres, monkeypatch):
    compared, newest, group = compare(crawled_postgres, monkeypatch)
    print("postgres pages compared", compared, "served by the newest titles", newest, "by the title group", group)
    assert compared >= 300
    assert 0 < newest and 0 < group and newest + group < compared
