"""Every tune page of the real-page corpus must come out of ``crawler.extract.extract``
right: title, date, 来源/发布机构/文号 (both ways), body char-F1 ≥ 0.97, no ``absent``
line in the body. Check pages are scored by ``make bench-extract`` only, never here.

No tune page at all is a failure, not an empty pass: the corpus is what these rules
answer to.
"""

from __future__ import annotations

import pytest

from tests.realweb.scoring import extract_page, load_detail_pages, score_record

PAGES = load_detail_pages("tune")


def test_tune_corpus_is_present():
    assert PAGES, "no tune pages in tests/realweb/detail/tune/: the real-page corpus is missing"


@pytest.mark.parametrize("page", PAGES, ids=[p.id for p in PAGES])
def test_tune_page_matches_gold(page):
    found = score_record(page, extract_page(page)).problems
    assert not found, "\n".join(found)
