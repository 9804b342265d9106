"""Every real-site fixture (tests/sites/<id>/real/expected.json) follows the format of
tests/sites/README.md: files present with the recorded sha256, a directory portal, the notice
among the list's links, values confirmed by a person. A fixture that does not fails here,
each line naming the file and what to fix. The crawl itself: tests/e2e/test_real_sites.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crawler.localportals.realsites import check_fixture, real_fixtures
from tests.realsite_fixture import synthetic_fixture

SITES = Path(__file__).parent / "sites"
FIXTURES = real_fixtures(SITES)

if FIXTURES:  # parametrize over an empty list would add a skipped placeholder, not a failure

    @pytest.mark.parametrize("fixture_dir", FIXTURES, ids=[p.parent.name for p in FIXTURES])
    def test_real_site_fixture_is_well_formed(fixture_dir):
        problems = check_fixture(fixture_dir)
        if problems:
            pytest.fail("\n".join(problems), pytrace=False)


# --- the checks themselves, on a made-up fixture -------------------------------------------

@pytest.fixture
def fixture(tmp_path) -> Path:
    return synthetic_fixture(tmp_path)


def edit(fixture_dir: Path, change) -> None:
    path = fixture_dir / "expected.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def test_a_well_formed_fixture_has_no_problem(fixture):
    assert real_fixtures(fixture.parent.parent) == [fixture]
    assert check_fixture(fixture) == []


def test_an_unconfirmed_fixture_is_a_problem_saying_to_read_the_pages(fixture):
    edit(fixture, lambda d: d.update(confirmed=False))
    assert check_fixture(fixture) == [f"{fixture / 'expected.json'}: confirmed: not true: read list.html and "
                                      "notice.html, check every value, then set it to true"]


def test_a_resaved_page_fails_its_sha256(fixture):
    (fixture / "notice.html").write_bytes((fixture / "notice.html").read_bytes().replace(b"\n", b"\r\n") + b" ")
    [problem] = check_fixture(fixture)
    assert "notice.provenance.sha256: notice.html does not have this sha256" in problem


def test_a_notice_the_list_does_not_link_is_a_problem(fixture):
    edit(fixture, lambda d: d["notice"]["provenance"].update(url="https://jyt.hubei.gov.cn/other/1.shtml"))
    [problem] = check_fixture(fixture)
    assert "notice.provenance.url: https://jyt.hubei.gov.cn/other/1.shtml is not among list.links" in problem


def test_a_portal_outside_the_directory_is_a_problem(tmp_path):
    fixture = synthetic_fixture(tmp_path)
    renamed = tmp_path / "nowhere_edu"
    fixture.parent.rename(renamed)
    edit(renamed / "real", lambda d: d.update(portal="nowhere_edu"))
    assert check_fixture(renamed / "real") == [f"{renamed / 'real' / 'expected.json'}: portal: no "
                                               "crawler/portals/directory/nowhere_edu.yaml; a fixture "
                                               "freezes a directory portal"]


def test_malformed_values_are_each_named(fixture):
    def spoil(d):
        d["list"]["links"][1]["date"] = "2023/01/02"
        d["list"]["links"][2]["url"] = "202301/t20230103_3.shtml"
        d["list"]["pagination"] = "pages"
        d["list"]["cms"] = "wordpress"
        d["notice"]["published"] = "2023年1月1日"
        del d["notice"]["issuer"]
        d["notice"]["body_end"] = ""
        d["notice"]["provenance"]["commit"] = "abc"

    edit(fixture, spoil)
    problems = [p.split(": ", 1)[1] for p in check_fixture(fixture)]
    assert [p.split(":")[0] for p in problems] == [
        "list.cms", "notice.provenance.commit", "list.links[1].date", "list.links[2].url", "list.pagination",
        "notice.published", "notice.issuer", "notice.body_end"], problems


def test_unreadable_json_is_one_line(fixture):
    (fixture / "expected.json").write_text("{", encoding="utf-8")
    [problem] = check_fixture(fixture)
    assert problem.startswith(f"{fixture / 'expected.json'}: not readable JSON")
