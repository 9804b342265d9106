"""The portal directory of real education authorities: its definitions and rules, the region
filters of `portals list`, `portals check --record` and `portals new --from-list`, tried
against local portals on 127.0.0.1 only (nothing here contacts a real government site)."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

import pytest
import yaml
from click.testing import CliRunner
from sqlalchemy import select

from archive.models import PortalRow
from archive.store import Archive
from crawler.cli import cli
from crawler.demo import rebase, sample_portals
from crawler.localportals import build_sites, serve_site
from crawler.portal import BUNDLED_PORTALS_DIR, PortalConfigError, load_all, portal_from_dict
from crawler.portaldirectory import (
    entry_problems,
    id_from_url,
    level_of,
    load_directory,
    read_portal_list,
    url_key,
)
from crawler.portaldirectory import (
    select as select_portals,
)

DIRECTORY = BUNDLED_PORTALS_DIR / "directory"


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    return build_sites(tmp_path_factory.mktemp("sites"))


@pytest.fixture
def empty_directory(tmp_path, monkeypatch):
    """An empty portal directory and portals directory, so the bundled ones do not interfere."""
    directory, portals = tmp_path / "directory", tmp_path / "portals"
    directory.mkdir()
    portals.mkdir()
    monkeypatch.setenv("EDUNOTICE_DIRECTORY_DIR", str(directory))
    monkeypatch.setenv("EDUNOTICE_PORTALS_DIR", str(portals))
    return directory


def definition(pid: str, code: str | None, level: str, url: str, **extra) -> dict:
    region = {"name": "某地", "level": level} | ({"code": code} if code else {})
    return {"id": pid, "name": f"{pid} 教育局", "agency": f"{pid} 教育局", "start_urls": [url], "region": region,
            "evidence": [{"file": "tests/realweb/x/list.html", "seen": "list page"}], "verified": False, **extra}


def write(directory, data: dict, header: str = "") -> None:
    (directory / f"{data['id']}.yaml").write_text(header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                                                  encoding="utf-8")


# --- the bundled directory ---------------------------------------------------------------

def test_bundled_directory_has_the_ministry_and_provinces_each_with_evidence_region_and_agency():
    directory = load_directory(DIRECTORY)
    levels = Counter(p.region_level for p in directory.values())
    assert levels["national"] == 1 and levels["province"] >= 30
    for portal in directory.values():
        assert entry_problems(portal) == [], portal.id
        assert portal.kind == "official" and portal.verified is False
        assert not portal.allow_private_addresses, portal.id
        for item in portal.evidence:
            assert ("repo" in item and len(item["commit"]) == 40) or "file" in item
    province_codes = [p.region_code for p in directory.values() if p.region_level == "province"]
    assert len(set(province_codes)) == len(province_codes)


def test_no_two_definitions_share_a_start_url_or_an_id():
    everything = list(load_directory(DIRECTORY).values()) + list(load_all(BUNDLED_PORTALS_DIR).values())
    keys = [url_key(u) for p in everything for u in p.start_urls]
    assert len(keys) == len(set(keys))
    assert len({p.id for p in everything}) == len(everything)


def test_crawl_all_and_scrapy_list_never_see_the_real_directory():
    bundled = load_all(BUNDLED_PORTALS_DIR)
    assert not set(bundled) & set(load_directory(DIRECTORY))
    assert all(p.allow_private_addresses for p in bundled.values())  # only local sample portals


# --- region codes ------------------------------------------------------------------------

@pytest.mark.parametrize(("code", "level", "field"), [
    ("440000", "county", "region.level"),      # a province code called a county
    ("441800", "province", "region.level"),
    ("991800", "prefecture", "region.code"),   # no province 99
    (None, "county", "region.code"),           # a county needs its code
    ("110000", "national", "region.code"),     # the nation has no code
])
def test_a_region_code_that_contradicts_its_level_is_refused_naming_the_field(code, level, field):
    with pytest.raises(PortalConfigError) as info:
        portal_from_dict(definition("x_edu", code, level, "https://jyj.example.gov.cn/tzgg/"), "x.yaml")
    assert info.value.field_path == field


def test_free_text_region_still_works_and_the_object_form_round_trips():
    legacy = portal_from_dict({"id": "a", "name": "A", "start_urls": ["https://a.gov.cn/"], "region": "广东省清远市"}, "a")
    assert (legacy.region, legacy.region_code, legacy.region_level) == ("广东省清远市", None, None)
    assert legacy.as_dict()["region"] == "广东省清远市"
    data = definition("qy_edu", "441802", "county", "https://jyj.example.gov.cn/tzgg/")
    portal = portal_from_dict(data, "qy.yaml")
    assert (portal.region_code, portal.region_level) == ("441802", "county")
    again = portal_from_dict(portal.as_dict(), "again")
    assert again == portal_from_dict(portal.as_dict(), "again") and again.as_dict()["region"] == data["region"]
    assert [level_of(c) for c in ("440000", "441800", "441802")] == ["province", "prefecture", "county"]


def test_registering_a_directory_portal_keeps_its_region_code_for_faceting(tmp_path):
    portal = load_directory(DIRECTORY)["guangdong_edu"]
    with Archive(f"sqlite:///{tmp_path / 'a.sqlite'}") as archive:
        archive.register_portal(portal.as_dict())
        archive.register_portal({"id": "legacy", "name": "L", "start_urls": ["https://l.gov.cn/"], "region": "某市"})
        with archive.sessions() as s:
            regions = dict(s.execute(select(PortalRow.id, PortalRow.region)).all())
    assert regions == {"guangdong_edu": "440000", "legacy": "某市"}


# --- portals list filters ----------------------------------------------------------------

def test_list_filters_by_region_prefix_level_and_verification(empty_directory):
    write(empty_directory, definition("gd_edu", "440000", "province", "https://edu.gd.example/"))
    write(empty_directory, definition("qc_edu", "441802", "county", "https://qc.example/"))
    write(empty_directory, definition("kp_edu", "440783", "county", "https://kp.example/", verified=True,
                                      verified_at="2026-11-01", verdict="OK: 1 list pages"))
    write(empty_directory, definition("hz_edu", "330102", "county", "https://hz.example/"))
    runner = CliRunner()

    def listed(*args: str) -> list[str]:
        result = runner.invoke(cli, ["portals", "list", *args])
        assert result.exit_code == 0, result.output
        return [line.split()[1] for line in result.output.splitlines() if line.startswith("D ")]

    assert listed("--region", "44", "--level", "county", "--unverified") == ["qc_edu"]
    assert listed("--region", "44", "--level", "county") == ["kp_edu", "qc_edu"]
    assert listed("--region", "4418") == ["qc_edu"]
    assert listed("--verified") == ["kp_edu"]
    assert listed("--level", "province") == ["gd_edu"]
    assert sorted(listed()) == ["gd_edu", "hz_edu", "kp_edu", "qc_edu"]
    bad = runner.invoke(cli, ["portals", "list", "--region", "广东"])
    assert bad.exit_code == 2 and "--region" in bad.output


def test_select_on_the_bundled_directory_by_province_prefix():
    chosen = select_portals(load_directory(DIRECTORY).values(), region="44", level="province")
    assert [p.id for p in chosen] == ["guangdong_edu"]


# --- check --record ----------------------------------------------------------------------

HEADER = "# 清远 (local copy for the test); this comment must survive --record\n"


def local_entry(directory, base_url: str, pid: str = "qingyuan_local") -> dict:
    sample = rebase(next(p for p in sample_portals() if p.id == "qingyuan_edu"), base_url)
    data = definition(pid, "441800", "prefecture", sample.start_urls[0], allow_private_addresses=True)
    write(directory, data, HEADER)
    return data


def test_check_record_stores_an_ok_verdict_and_the_date_keeping_the_file(empty_directory, sites):
    with serve_site(sites["qingyuan_edu"]) as server:
        local_entry(empty_directory, server.base_url)
        result = CliRunner().invoke(cli, ["portals", "check", "qingyuan_local", "--record"])
    assert result.exit_code == 0, result.output
    text = (empty_directory / "qingyuan_local.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert text.startswith(HEADER)
    assert data["verified"] is True and data["verified_at"] == datetime.now(UTC).date().isoformat()
    assert data["verdict"].startswith("OK: 2 list pages, 16 notice links")
    assert data["evidence"] and data["region"]["code"] == "441800"
    assert list(data).count("verified") == 1


def test_check_record_of_a_failing_portal_stores_false_and_the_problems(empty_directory, sites):
    with serve_site(sites["qingyuan_edu"]) as server:
        local_entry(empty_directory, server.base_url)
        CliRunner().invoke(cli, ["portals", "check", "qingyuan_local", "--record"])
    # the server is gone: the same check now fails, and the record says so
    result = CliRunner().invoke(cli, ["portals", "check", "qingyuan_local", "--record"])
    assert result.exit_code == 1
    data = yaml.safe_load((empty_directory / "qingyuan_local.yaml").read_text(encoding="utf-8"))
    assert data["verified"] is False
    assert data["verdict"].startswith("1 problem(s): cannot fetch") and "connection refused" in data["verdict"]


def test_check_without_record_leaves_the_definition_alone(empty_directory, sites):
    with serve_site(sites["qingyuan_edu"]) as server:
        local_entry(empty_directory, server.base_url)
        before = (empty_directory / "qingyuan_local.yaml").read_bytes()
        result = CliRunner().invoke(cli, ["portals", "check", "qingyuan_local"])
    assert result.exit_code == 0
    assert (empty_directory / "qingyuan_local.yaml").read_bytes() == before


# --- new --from-list ---------------------------------------------------------------------

def test_from_list_writes_definitions_with_discovery_and_refuses_duplicates(empty_directory, sites, tmp_path,
                                                                              monkeypatch):
    empty = tmp_path / "empty_site"
    (empty / "jyj").mkdir(parents=True)
    (empty / "jyj" / "index.html").write_text("<html><body><p>维护中</p></body></html>", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    with serve_site(sites["qingyuan_edu"]) as qy, serve_site(sites["kaiping_edu"]) as kp, serve_site(empty) as em:
        existing = local_entry(empty_directory, kp.base_url, "kaiping_existing")
        existing_url = existing["start_urls"][0]
        qy_url = qy.base_url + "/jyj/tzgg/index.html"
        rows = ["name\turl\tregion code",
                f"清远市教育局\t{qy_url}\t441800\tqingyuan_bulk",
                f"清远市教育局（重复）\t{qy.base_url}/jyj/tzgg/\t441800\tqingyuan_again",
                f"开平市教育局\t{existing_url.replace('http://', 'https://').replace('index.html', '')}\t440783\tkaiping_bulk",
                f"某县教育局\t{em.base_url}/jyj/index.html\t441821"]
        (tmp_path / "list.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
        result = CliRunner().invoke(cli, ["portals", "new", "--from-list", str(tmp_path / "list.tsv"),
                                          "--fixture-dir", str(tmp_path / "sites")])
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    assert lines[-1] == f"2 of 4 definitions written to {empty_directory}; 3 need attention"
    assert any(line.startswith("ok qingyuan_bulk") and "8 notice links via cms-url" in line for line in lines)
    assert "already a start URL of 'qingyuan_bulk'" in result.output
    assert "already a start URL of 'kaiping_existing'" in result.output
    empty_id = id_from_url(f"{em.base_url}/jyj/index.html")
    assert any(line.startswith(f"!  {empty_id}") for line in lines)
    assert "discovery found no notice links" in result.output

    written = load_directory(empty_directory)
    assert set(written) == {"kaiping_existing", "qingyuan_bulk", empty_id}
    bulk = written["qingyuan_bulk"]
    assert (bulk.region_code, bulk.region_level, bulk.agency, bulk.verified) == ("441800", "prefecture", "清远市教育局", False)
    assert bulk.evidence[0]["file"] == "sites/qingyuan_bulk/frozen/list.html"
    assert (tmp_path / "sites" / "qingyuan_bulk" / "frozen" / "list.html").is_file()
    assert written[empty_id].region_level == "county"
    assert entry_problems(written[empty_id]) == [entry_problems(written[empty_id])[0]]  # only: no evidence
    assert "no evidence" in entry_problems(written[empty_id])[0]


def test_from_list_bad_rows_are_a_usage_error_naming_the_line(tmp_path, empty_directory):
    path = tmp_path / "bad.tsv"
    path.write_text("清远市教育局\thttps://jyj.example.gov.cn/\t4418\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["portals", "new", "--from-list", str(path)])
    assert result.exit_code == 2
    assert f"{path}: line 1: '4418' is not a 6-digit 行政区划代码" in result.output
    assert "Traceback" not in result.output
    with pytest.raises(PortalConfigError, match="expected tab-separated columns"):
        path.write_text("清远市教育局,https://jyj.example.gov.cn/,441800\n", encoding="utf-8")
        read_portal_list(path)
    both = CliRunner().invoke(cli, ["portals", "new", "https://x.gov.cn/", "--from-list", str(path)])
    assert both.exit_code == 2 and "--from-list takes no URL" in both.output


def test_url_key_treats_scheme_slash_and_index_page_as_the_same_list():
    assert url_key("http://JYJ.Example.gov.cn/tzgg/index.html") == url_key("https://jyj.example.gov.cn/tzgg/")
    assert url_key("https://jyj.example.gov.cn/tzgg/") != url_key("https://jyj.example.gov.cn/zcwj/")
    assert id_from_url("https://jyj.foshan.gov.cn/tzgg/") == "foshan_jyj"
