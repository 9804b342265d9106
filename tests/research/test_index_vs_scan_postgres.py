"""The full-text index returns exactly what a brute-force scan returns on PostgreSQL (GIN on
edunotice_grams), over the crawled sample portals (the SQLite side: test_index_vs_scan.py)."""

from __future__ import annotations

from tests.research.agreement import agreement


def test_index_agrees_with_scan_on_postgres(crawled_postgres):
    figures = agreement(crawled_postgres, thin=2)  # half of the other classes: the same queries, another backend
    print("postgres agreement", figures)
    assert sum(n for n, _, _ in figures.values()) >= 300
