"""Portal definitions: the minimal form works, broken files name the file and field."""

from __future__ import annotations

import pytest

from crawler.portal import PortalConfigError, load_all, load_portal, portal_from_dict
from tests import warmcli

MINIMAL = "id: qingyuan_edu\nname: 清远市教育局\nstart_urls: [https://www.example.gov.cn/jyj/tzgg/]\n"


def write(tmp_path, text, name="portal.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_minimal_three_key_definition_loads_with_discovered_defaults(tmp_path):
    portal = load_portal(write(tmp_path, MINIMAL))
    assert portal.id == "qingyuan_edu"
    assert portal.kind == "official"
    assert portal.allowed_hosts == ("www.example.gov.cn",)
    assert portal.allows("https://www.example.gov.cn/jyj/tzgg/202203/t20220328_1.html")
    assert not portal.allows("https://evil.example.com/jyj/")


def test_allowed_hosts_keep_the_port_so_two_local_portals_stay_apart():
    portal = portal_from_dict({"id": "a", "name": "A", "start_urls": ["http://127.0.0.1:8731/x/"],
                               "allow_private_addresses": True}, "test")
    assert portal.allows("http://127.0.0.1:8731/x/t20220101_1.html")
    assert not portal.allows("http://127.0.0.1:8732/x/t20220101_1.html")


def test_loopback_start_url_needs_allow_private_addresses():
    with pytest.raises(PortalConfigError) as err:
        portal_from_dict({"id": "a", "name": "A", "start_urls": ["http://127.0.0.1:8731/"]}, "a.yaml")
    assert err.value.field_path == "start_urls.0"
    assert "allow_private_addresses" in str(err.value)


@pytest.mark.parametrize(
    ("text", "field", "words"),
    [
        ("id: qingyuan_edu\nstart_urls: [https://a.gov.cn/]\n", "(top level)", "'name' is a required property"),
        ("id: Qingyuan-Edu\nname: x\nstart_urls: [https://a.gov.cn/]\n", "id", "lower-case"),
        ("id: a\nname: x\nstart_urls: [www.a.gov.cn/tzgg]\n", "start_urls.0", "absolute"),
        ("id: a\nname: x\nstart_urls: []\n", "start_urls", "should be non-empty"),
        ("id: a\nname: x\nstart_urls: [https://a.gov.cn/]\nkind: copy\n", "kind", "is not one of"),
        ("id: a\nname: x\nstart_urls: [https://a.gov.cn/]\nselector: {}\n", "(top level)", "selector"),
        ("id: a\nname: x\nstart_urls: [https://a.gov.cn/]\nlimits: {concurrency: 99}\n", "limits.concurrency", "maximum"),
        ("id: a\nname: [unclosed\n", "line 3", "invalid YAML"),
        ("- just\n- a list\n", "", "expected a mapping"),
    ],
)
def test_broken_definition_names_file_field_and_problem(tmp_path, text, field, words):
    path = write(tmp_path, text)
    with pytest.raises(PortalConfigError) as err:
        load_portal(path)
    message = str(err.value)
    assert message.startswith(str(path))
    assert err.value.field_path.startswith(field)
    assert words in message


def test_duplicate_ids_in_a_directory_are_refused(tmp_path):
    write(tmp_path, MINIMAL, "qingyuan_edu.yaml")
    write(tmp_path, MINIMAL, "copy.yaml")
    with pytest.raises(PortalConfigError, match="duplicate id 'qingyuan_edu'"):
        load_all(tmp_path)


def test_every_bundled_definition_is_valid():
    portals = load_all()
    assert portals, "crawler/portals/ holds the sample portal definitions"
    for pid, portal in portals.items():
        assert portal.source_file.endswith(f"{pid}.yaml")


def run_cli(*args, env=None):
    return warmcli.run(list(args), env=env, timeout=120)


def test_validate_command_reports_bad_file_with_exit_2_and_no_traceback(tmp_path):
    bad = write(tmp_path, "id: a\nname: x\nstart_urls: [ftp://a.gov.cn/]\n", "a.yaml")
    result = run_cli("portals", "validate", str(bad))
    assert result.returncode == 2
    assert f"{bad}: start_urls.0" in result.stderr
    assert "Traceback" not in result.stderr


def test_crawl_with_broken_portal_file_exits_2_naming_it(tmp_path):
    bad = write(tmp_path, "id: a\nstart_urls: [https://a.gov.cn/]\n", "a.yaml")
    result = run_cli("crawl", "--portal-file", str(bad), "--db", f"sqlite:///{tmp_path}/a.sqlite")
    assert result.returncode == 2
    assert str(bad) in result.stderr and "name" in result.stderr
    assert "Traceback" not in result.stderr


def test_crawl_unknown_portal_id_exits_2_listing_known_ones(tmp_path):
    result = run_cli("crawl", "no_such_portal", "--db", f"sqlite:///{tmp_path}/a.sqlite")
    assert result.returncode == 2
    assert "unknown portal 'no_such_portal'" in result.stderr


def test_off_host_notices_is_take_or_report_and_round_trips():
    base = {"id": "p", "name": "P", "start_urls": ["https://www.example.gov.cn/tzgg/"]}
    assert portal_from_dict(base, "t.yaml").off_host_notices == "take"
    kept = portal_from_dict({**base, "off_host_notices": "report"}, "t.yaml")
    assert kept.as_dict()["off_host_notices"] == "report" and "off_host_notices" not in portal_from_dict(base, "t").as_dict()
    assert not kept.takes_off_host("https://mp.weixin.qq.com/s/x")
    taking = portal_from_dict(base, "t.yaml")
    assert taking.takes_off_host("https://mp.weixin.qq.com/s/x") and not taking.takes_off_host("https://www.example.gov.cn/a")
    with pytest.raises(PortalConfigError, match=r"t.yaml: off_host_notices: 'follow' is not one of \['take', 'report'\]"):
        portal_from_dict({**base, "off_host_notices": "follow"}, "t.yaml")
