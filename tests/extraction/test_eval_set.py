"""The extraction evaluation set: every gold page in ``pages/`` must come out of
``crawler.extract.extract`` right (see README.md here for what "right" means per field).

The page bytes are passed without an HTTP charset (the extractor must find the encoding)
and without list-page hints; mirror pages are extracted as a ``kind: mirror`` portal would.
"""

from __future__ import annotations

import pytest

from tests.extraction.scoring import load_pages, problems

PAGES = load_pages()


def run_extract(page):
    from crawler.extract import extract

    return extract(page.html, page.gold["url"], mirror=page.is_mirror)


def test_eval_set_is_large_enough():
    assert len(PAGES) >= 60


@pytest.mark.parametrize("page", PAGES, ids=[p.slug for p in PAGES])
def test_extraction_matches_gold(page):
    found = problems(run_extract(page), page.gold)
    assert not found, "\n".join(found)
