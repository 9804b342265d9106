"""Every tune page of the real-page corpus must come out of ``crawler.extract.extract``
right: title, date, 来源/发布机构/文号 (both ways), body char-F1 ≥ 0.97, no ``absent``
line in the body. Check pages are scored by ``make bench-extract`` only, never here.

No tune page at all is a failure, not an empty pass: the corpus is what these rules
answer to. ``KNOWN_MISSES`` names the tune pages the rules still get wrong, each with why;
they are strict xfails, so a page that starts passing must leave the list.
"""

from __future__ import annotations

import pytest

from tests.realweb.scoring import extract_page, load_detail_pages, score_record

PAGES = load_detail_pages("tune")
KNOWN_MISSES: dict[str, str] = {  # page id -> why the rules still get it wrong
}


def _marked(page):
    reason = KNOWN_MISSES.get(page.id)
    return pytest.param(page, id=page.id, marks=pytest.mark.xfail(reason=reason, strict=True) if reason else ())


def test_tune_corpus_is_present():
    assert PAGES, "no tune pages in tests/realweb/detail/tune/: the real-page corpus is missing"


def test_known_misses_are_tune_pages():
    assert set(KNOWN_MISSES) <= {p.id for p in PAGES}


@pytest.mark.parametrize("page", [_marked(p) for p in PAGES])
def test_tune_page_matches_gold(page):
    found = score_record(page, extract_page(page)).problems
    assert not found, "\n".join(found)
