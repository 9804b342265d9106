"""Portal files are parsed safely on every path that loads them: no anchors or aliases (a
"billion laughs" file expands to gigabytes), nothing over 1 MB; the error names the file."""

from __future__ import annotations

import time

import pytest
from click.testing import CliRunner
from scrapy.settings import Settings

from crawler.cli import cli
from crawler.portal import MAX_PORTAL_FILE_BYTES, PortalConfigError, load_portal
from crawler.spiderloader import PortalSpiderLoader

BOMB = "\n".join(
    ["id: bomb", "name: bomb", "start_urls: [http://www.example.gov.cn/]", 'a: &a ["lol","lol","lol","lol","lol"]']
    + [f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},"
       f"*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)}]" for i in range(8)]
) + "\n"
PLAIN = "id: plain_edu\nname: 样例\nstart_urls: [http://www.example.gov.cn/tzgg/]\n"


@pytest.fixture
def bomb(tmp_path):
    path = tmp_path / "bomb.yaml"
    path.write_text(BOMB, encoding="utf-8")
    return path


def test_an_alias_bomb_is_refused_at_once_naming_the_file(bomb):
    started = time.monotonic()
    with pytest.raises(PortalConfigError, match="aliases") as caught:
        load_portal(bomb)
    assert time.monotonic() - started < 1
    assert str(bomb) in str(caught.value) and "line 4" in str(caught.value)


def test_a_single_anchor_is_refused_too(tmp_path):
    path = tmp_path / "anchor.yaml"
    path.write_text(PLAIN + "region: &r 广东省\nagency: *r\n", encoding="utf-8")
    with pytest.raises(PortalConfigError, match="anchors and aliases"):
        load_portal(path)


def test_a_file_over_one_megabyte_is_refused_unread(tmp_path):
    path = tmp_path / "huge.yaml"
    path.write_text(PLAIN + "# " + "x" * MAX_PORTAL_FILE_BYTES + "\n", encoding="utf-8")
    with pytest.raises(PortalConfigError, match="larger than 1024 KB") as caught:
        load_portal(path)
    assert str(path) in str(caught.value)


def test_a_plain_definition_still_loads(tmp_path):
    path = tmp_path / "plain_edu.yaml"
    path.write_text(PLAIN + "limits: {max_page_bytes: 2000000}\n", encoding="utf-8")
    portal = load_portal(path)
    assert portal.id == "plain_edu" and portal.max_page_bytes == 2_000_000
    assert portal.as_dict()["limits"] == {"max_page_bytes": 2_000_000}


@pytest.mark.parametrize("args", [["crawl", "--portal-file", "{f}"], ["portals", "validate", "{f}"],
                                  ["portals", "check", "{f}"]])
def test_every_command_refuses_the_bomb_in_one_line(bomb, tmp_path, args):
    started = time.monotonic()
    result = CliRunner().invoke(cli, [a.format(f=bomb) for a in args] + (
        ["--db", f"sqlite:///{tmp_path / 'a.sqlite'}"] if args[0] == "crawl" else []))
    assert result.exit_code == 2 and time.monotonic() - started < 5
    assert str(bomb) in result.stderr and "aliases" in result.stderr
    assert "Traceback" not in result.output + result.stderr


def test_scrapy_crawl_loads_definitions_through_the_same_guard(bomb, monkeypatch):
    monkeypatch.setenv("EDUNOTICE_PORTALS_DIR", str(bomb.parent))
    with pytest.raises(PortalConfigError, match="aliases"):
        PortalSpiderLoader(Settings())
