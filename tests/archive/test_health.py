"""Health rules judge a run against the portal's own history."""

from __future__ import annotations

from archive.health import RunFigures, assess

USUAL = [RunFigures(links_found=40, notices_seen=40, errors=0, extraction_failures=1)] * 5


def test_a_normal_run_is_healthy():
    assert assess(RunFigures(40, 40, 1, 1), USUAL).broken is False


def test_an_incremental_run_fetching_nothing_new_is_healthy():
    assert assess(RunFigures(links_found=40, notices_seen=0, errors=0, extraction_failures=0), USUAL).broken is False


def test_zero_notice_links_is_broken_with_a_reason_saying_what_to_check():
    verdict = assess(RunFigures(0, 0, 0, 0), USUAL)
    assert verdict.broken and "no notice links" in verdict.reasons[0]


def test_errors_dominating_is_broken():
    verdict = assess(RunFigures(3, 3, 30, 0), USUAL)
    assert verdict.broken and any("errors dominate" in r for r in verdict.reasons)


def test_every_notice_page_failing_is_broken_but_a_few_failures_are_not():
    assert assess(RunFigures(links_found=30, notices_seen=0, errors=30, extraction_failures=0), USUAL).broken
    assert not assess(RunFigures(links_found=30, notices_seen=0, errors=2, extraction_failures=0), USUAL).broken


def test_extraction_failures_are_judged_against_the_portals_usual_rate():
    assert assess(RunFigures(40, 40, 20, 20), USUAL).broken
    sloppy_portal = [RunFigures(40, 40, 14, 14)] * 5  # this portal always loses a third
    assert not assess(RunFigures(40, 40, 14, 14), sloppy_portal).broken


def test_a_sudden_drop_in_notices_is_broken_only_with_enough_history():
    assert assess(RunFigures(10, 10, 0, 0), USUAL).broken
    assert not assess(RunFigures(10, 10, 0, 0), USUAL[:2]).broken


def test_an_early_stopped_walk_is_not_compared_with_full_walks():
    early = RunFigures(links_found=10, notices_seen=0, errors=0, extraction_failures=0, walk_complete=False)
    assert not assess(early, USUAL).broken
