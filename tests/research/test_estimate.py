"""Estimated totals (archive.estimate): past the count limit a search says its total is an
estimate, everywhere it shows it (API, JSON, CLI text, facets, 'more'); --exact-count gives
the brute-force scan's figure; the stated 95 % interval holds the true count about 95 % of
the time; the page of hits stays the exact one. A limit of 1 forces the estimate on the
small crawled archive, on SQLite and PostgreSQL."""

from __future__ import annotations

import json

import pytest

from archive import estimate as estimates
from archive.search import SearchRequest, _sampled, scan, search
from archive.store import Archive
from tests import warmcli

COMMON = ("中小学", "教育局", "中小学 通知", "学校")  # 3+ characters, several words, 2 characters


@pytest.fixture(params=["sqlite", "postgresql"])
def archive_url(request, crawled) -> str:
    return crawled.db_url if request.param == "sqlite" else request.getfixturevalue("crawled_postgres")


def test_estimated_total_is_labelled_and_the_page_is_exact(archive_url):
    with Archive(archive_url) as archive, archive.sessions() as s:
        for query in COMMON[:3]:
            truth = len(scan(s, SearchRequest(query=query)))
            estimated = search(s, SearchRequest(query=query, count_limit=1, per_page=5))
            exact = search(s, SearchRequest(query=query, count_limit=1, per_page=5, exact_count=True))
            assert truth > 5, query
            assert not estimated.count_exact and exact.count_exact, query
            assert exact.total == truth, query
            data = estimated.as_dict()
            assert data["count_exact"] is False and data["facets_exact"] is False
            est = data["count_estimate"]
            assert est["method"] and est["sample"] > 0 and est["confidence"] == 0.95
            assert est["low"] <= data["total"] <= est["high"]
            assert estimated.describe_total().startswith(f"about {estimated.total:,} (95 % interval ")
            assert [(h["document_id"], h["version"]) for h in estimated.hits] == [(h["document_id"], h["version"]) for h in exact.hits], query
            assert estimated.more == estimated.total - 5
            assert estimated.facets["portal"] and exact.facets["portal"]
            # Within the default limit the small archive is counted exactly.
            assert search(s, SearchRequest(query=query)).count_exact


def test_estimate_interval_holds_the_scan_count_about_95_percent_of_the_time(archive_url):
    """Coverage of the 95 % interval over many seeded samples of a fifth of the ids (a
    deterministic test: the seeds are fixed)."""
    with Archive(archive_url) as archive, archive.sessions() as s:
        covered = tried = 0
        for query in COMMON:
            req = SearchRequest(query=query)
            truth = len(scan(s, req))
            population = _sampled(s, req, sample=1)[0].population
            errors = []
            for seed in range(100):
                est, found = _sampled(s, req, sample=population // 5, seed=str(seed))
                assert len(found) == est.sample_hits <= truth
                tried += 1
                covered += est.low <= truth <= est.high
                errors.append(est.count - truth)
            assert abs(sum(errors) / len(errors)) < 0.1 * truth, (query, truth, errors)  # unbiased
        print("interval coverage", covered, "of", tried)
        assert covered >= 0.88 * tried


def test_a_sample_of_every_id_is_the_exact_count(crawled):
    with Archive(crawled.db_url) as archive, archive.sessions() as s:
        req = SearchRequest(query="中小学")
        population = _sampled(s, req, sample=1)[0].population
        est, _ = _sampled(s, req, sample=population)
        assert est.low == est.count == est.high == len(scan(s, req))


def test_cli_says_about_and_exact_count_gives_the_scan_count(crawled):
    def cli(*args):
        out = warmcli.run(["search", "中小学", "--db", crawled.db_url, "--limit", "5", *args], timeout=120)
        assert out.returncode == 0, out.stderr
        return out.stdout

    text = cli("--count-limit", "1")
    first = text.splitlines()[0]
    assert first.startswith("about ") and "95 % interval" in first and "more: --page 2" in first, first
    assert "--exact-count" in text and "portal (estimated): " in text
    estimated = json.loads(cli("--count-limit", "1", "--json"))
    exact = json.loads(cli("--count-limit", "1", "--exact-count", "--json"))
    with Archive(crawled.db_url) as archive, archive.sessions() as s:
        truth = len(scan(s, SearchRequest(query="中小学")))
    assert estimated["count_exact"] is False and estimated["count_estimate"]["sample"] > 0
    assert exact["count_exact"] is True and exact["count_estimate"] is None and exact["total"] == truth
    assert [(h["document_id"], h["version"]) for h in estimated["hits"]] == [(h["document_id"], h["version"]) for h in exact["hits"]]
    assert not cli("--exact-count").startswith("about")


def test_estimate_never_below_the_hits_known():
    est = estimates.estimate(population=1000, sample=100, sample_hits=0, known=7)
    assert est.low == est.count == 7 and est.high > 7


def test_postgres_skips_the_candidate_count_for_a_clearly_common_word(crawled_postgres, monkeypatch):
    """A word whose 100-id pre-sample puts the total above the limit is estimated without the
    candidate count (its GIN bitmap is the dear part at 1M versions), to the same estimate;
    a word the pre-sample does not show as common is still decided by the count."""
    from archive import search as search_module

    calls = []
    counted = estimates.count_is_dear
    monkeypatch.setattr(estimates, "count_is_dear", lambda *a: calls.append(a[1]) or counted(*a))
    with Archive(crawled_postgres) as archive, archive.sessions() as s:
        common = search(s, SearchRequest(query="通知", count_limit=1, per_page=5))
        assert common.estimate is not None and calls == []
        monkeypatch.setattr(search_module, "PRESAMPLE", 0)  # no pre-sample: the count decides, as before
        before = search(s, SearchRequest(query="通知", count_limit=1, per_page=5))
        assert calls == [("通知",)]
        assert (before.total, before.estimate, before.hits) == (common.total, common.estimate, common.hits)
        monkeypatch.setattr(search_module, "PRESAMPLE", 100)
        calls.clear()
        rare = search(s, SearchRequest(query="量子霸权", count_limit=1, per_page=5))
        assert rare.total == 0 and rare.estimate is None and calls == [("量子霸权",)]
