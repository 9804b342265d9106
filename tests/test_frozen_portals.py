"""Every frozen portal fixture (tests/sites/<id>/frozen/, written by `edunotice portals new`)
still extracts the values a person confirmed in its expected.json.

A fixture whose expected.json says "confirmed": false fails on purpose: its values are the
extractor's output at capture time, and only a person reading the page can say they are
right. With no frozen fixture in the repository this file runs only its own logic tests,
and the session's report header and summary say so (tests/conftest.py), so an empty
directory never reads as a guarded portal.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crawler.localportals import build_sites, serve_site
from crawler.portaltools import check_frozen, frozen_fixtures, new_portal

SITES_DIR = Path(__file__).parent / "sites"
FROZEN = frozen_fixtures(SITES_DIR)

if FROZEN:  # parametrize over an empty list would add a skipped placeholder, not zero cases

    @pytest.mark.parametrize("fixture_dir", FROZEN, ids=[p.parent.name for p in FROZEN])
    def test_frozen_portal_gives_its_confirmed_values(fixture_dir):
        failure = check_frozen(fixture_dir)
        if failure:
            pytest.fail(failure, pytrace=False)


# --- the comparison itself, on a fixture captured from the local TRS sample portal --------

@pytest.fixture(scope="module")
def captured(tmp_path_factory):
    root = tmp_path_factory.mktemp("frozen")
    site = build_sites(root / "sites")["qingyuan_edu"]
    portals = root / "portals"
    fixture_dir = root / "tests_sites" / "qingyuan_edu" / "frozen"
    with serve_site(site) as server, pytest.MonkeyPatch.context() as mp:
        mp.setenv("EDUNOTICE_PORTALS_DIR", str(portals))
        new_portal(server.base_url + "/jyj/tzgg/index.html", "qingyuan_edu", "清远市教育局",
                   directory=portals, fixture_dir=fixture_dir)
    return portals, fixture_dir


@pytest.fixture
def fixture(captured, tmp_path, monkeypatch):
    """A private copy of the captured fixture, read with the captured definition."""
    portals, source = captured
    monkeypatch.setenv("EDUNOTICE_PORTALS_DIR", str(portals))
    copy = tmp_path / "qingyuan_edu" / "frozen"
    copy.mkdir(parents=True)
    for f in source.iterdir():
        (copy / f.name).write_bytes(f.read_bytes())
    return copy


def edit(fixture_dir, change) -> None:
    path = fixture_dir / "expected.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def confirm(data) -> None:
    data["confirmed"] = True


def test_frozen_fixtures_are_found_by_directory(fixture):
    assert frozen_fixtures(fixture.parent.parent) == [fixture]


def test_an_unconfirmed_fixture_fails_and_tells_the_maintainer_to_review_it(fixture):
    failure = check_frozen(fixture)
    assert failure is not None and "is not confirmed yet" in failure
    assert "set 'confirmed' to true" in failure and "Already differing" not in failure


def test_a_confirmed_fixture_passes_while_extraction_gives_the_same_values(fixture):
    edit(fixture, confirm)
    assert check_frozen(fixture) is None


def test_a_confirmed_value_extraction_no_longer_gives_is_reported(fixture):
    def wrong(data):
        confirm(data)
        data["expected"]["notice"]["title"] = "清远市2023年教育工作要点"
        data["expected"]["list"]["notice_links"] = 9

    edit(fixture, wrong)
    failure = check_frozen(fixture)
    assert "notice.title: expected '清远市2023年教育工作要点', got '清远市2022年教育工作要点'" in failure
    assert "list.notice_links: expected 9, got 8" in failure


def test_body_start_and_end_are_prefixes_and_must_not_contain_catches_leaks(fixture):
    def shorten(data):
        confirm(data)
        notice = data["expected"]["notice"]
        notice["body_start"] = notice["body_start"][:10]
        notice["body_end"] = notice["body_end"][-5:]
        notice["must_not_contain"] = ["扫一扫在手机打开当前页", "全市教育工作"]

    edit(fixture, shorten)
    assert check_frozen(fixture) == (f"{fixture / 'expected.json'}: extraction no longer gives the confirmed "
                                     "values:\n  notice.body contains ['全市教育工作']")


def test_a_broken_fixture_says_how_to_recapture_it(fixture):
    (fixture / "notice.html").unlink()
    assert "recapture it with `edunotice portals new" in check_frozen(fixture)
