"""search()'s shortcuts return the same page and total as the full ranking.

search() counts words the index decides in the index alone (SQLite) and serves the first
pages from the newest versions' titles when they settle the ranking, or from the versions
whose title holds a word, walked in rank order (archive/search.py, "fast paths"; both backends). The reference is the full ranked query iter_records() runs (every hit joined
and sorted, no shortcut). The sample archive is small, so the window the shortcut reads is
shrunk to the newest half of the archive here, which makes it succeed for some queries and give up for
others: both outcomes are checked, and the test fails if the shortcut never served a page.
"""

from __future__ import annotations

from archive import search as search_module
from tests.research.fastpaths import compare, counts_agree_probed_and_joined


def test_shortcuts_agree_with_full_ranking_on_sqlite(crawled, monkeypatch):
    compared, newest, group = compare(crawled.db_url, monkeypatch)
    print("sqlite pages compared", compared, "served by the newest titles", newest, "by the title group", group)
    assert compared >= 300
    # The title group, read newest first from the dated index, serves the pages the newest-titles
    # shortcut served before (which now serves words the index does not decide alone only); both
    # give up on others.
    assert 0 < group and newest + group < compared


def test_title_group_shortcut_gives_up_above_its_limit(crawled, monkeypatch):
    """A page the first TITLE_GROUP_LIMIT sorted titles of its group do not settle is left to
    the full ranking: same pages."""
    monkeypatch.setattr(search_module, "TITLE_GROUP_LIMIT", 2)
    compared, _, group = compare(crawled.db_url, monkeypatch)
    assert compared >= 300 and group > 0  # words in two titles or fewer are still served


def test_index_count_with_many_superseded_versions_counts_by_join(crawled, monkeypatch):
    """Above OLDER_PROBE_LIMIT superseded versions the count joins instead of probing: same totals."""
    counts_agree_probed_and_joined(crawled.db_url, monkeypatch)
