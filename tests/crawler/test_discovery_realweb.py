"""Discovery on every TUNE page of the real list corpus (tests/realweb/lists/tune): a minimal
definition (no selectors) must take every gold notice link (recall ≥ 0.99), nothing else
(precision ≥ 0.98), and find the gold next page. Check pages are only scored
(``make bench-discovery``), never asserted here: rules are not tuned on them."""

from __future__ import annotations

import pytest

from bench.discovery import list_pages, score, summary

TUNE = list_pages("tune")


def test_the_tune_corpus_is_there():
    assert len(TUNE) >= 10 and len({p.parent.name for p in TUNE}) >= 6


@pytest.mark.parametrize("gold_file", TUNE, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_tune_list_page(gold_file):
    s = score(gold_file)
    # Notices on other hosts cannot be taken with a definition allowing only the page's host;
    # they must be reported (list_incomplete), never missed silently.
    recall = s.in_scope_hits / s.in_scope if s.in_scope else 1.0
    assert not s.silent, f"silent misses {s.silent[:5]}"
    precision = s.hits / s.found if s.found else 1.0
    assert recall >= 0.99, f"missed {s.missed[:5]}"
    assert precision >= 0.98, f"not notices: {s.wrong[:5]}"
    assert s.next_ok, f"next page {s.predicted_next}, gold {s.gold_next}"
    assert s.kind_ok


def test_tune_figures_and_no_silent_miss():
    figures = summary([score(p) for p in TUNE])
    assert figures["precision"] >= 0.98 and figures["next_page"] == 1.0
    assert figures["silent"] == 0
