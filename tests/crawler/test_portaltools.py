"""`edunotice portals check` and `portals new` against real local portals on 127.0.0.1."""

from __future__ import annotations

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import yaml
from click.testing import CliRunner

from crawler.cli import cli
from crawler.demo import rebase, sample_portals
from crawler.localportals import build_sites, serve_site
from crawler.portal import PortalConfigError, load_portal, portal_from_dict
from crawler.portaltools import (
    PageUnreachable,
    PortalExists,
    check_portal,
    definition_data,
    new_portal,
    resolve_portal,
)

QINGYUAN_LIST = "/jyj/tzgg/index.html"
NOTICE = ("<html><head><title>{title}</title></head><body><h1>{title}</h1>"
          "<div class='content'><p>各县（市、区）教育局：</p><p>现将有关事项通知如下，请认真贯彻落实。</p>"
          "<p>一、高度重视，加强组织领导，确保各项工作落到实处。</p></div></body></html>")


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    return build_sites(tmp_path_factory.mktemp("sites"))


@pytest.fixture
def qingyuan(sites):
    with serve_site(sites["qingyuan_edu"]) as server:
        yield server


def sample(portal_id: str, base_url: str):
    return rebase(next(p for p in sample_portals() if p.id == portal_id), base_url)


def local_portal(url: str, **extra):
    return portal_from_dict({"id": "local_test", "name": "测试", "start_urls": [url],
                             "allow_private_addresses": True, **extra}, "test")


def dead_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/jyj/tzgg/index.html"


def write_site(root, files: dict[str, str]):
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def list_page(items: str, tail: str = "") -> str:
    return f"<html><body><div class='nav'><a href='/'>首页</a></div><ul class='list'>{items}</ul>{tail}</body></html>"


# --- check -------------------------------------------------------------------------------

def test_check_walks_two_list_pages_and_extracts_three_notices_of_the_trs_sample(qingyuan):
    report = check_portal(sample("qingyuan_edu", qingyuan.base_url))
    assert report.ok, report.problems
    assert [(p.page_no, p.strategy, p.links) for p in report.list_pages] == [(1, "cms-url", 8), (2, "cms-url", 8)]
    assert report.list_pages[0].next_page == qingyuan.base_url + "/jyj/tzgg/index_1.html"
    assert report.list_pages[1].next_page == qingyuan.base_url + "/jyj/tzgg/index_2.html"
    assert [n.title for n in report.notices][:2] == ["清远市2022年教育工作要点", "关于开展2023年中小学体质健康监测工作的通知"]
    assert all(n.published and n.body_length > 100 for n in report.notices) and len(report.notices) == 3


def test_check_decodes_the_gbk_hanweb_sample_without_a_charset_header(sites):
    with serve_site(sites["kaiping_edu"]) as server:
        report = check_portal(sample("kaiping_edu", server.base_url), pages=3)
    assert report.ok, report.problems
    assert len(report.list_pages) == 3 and report.list_pages[-1].next_page is None
    assert all("\ufffd" not in (n.title or "\ufffd") for n in report.notices)


def test_check_of_a_dead_host_reports_one_problem_naming_the_url():
    url = dead_url()
    report = check_portal(local_portal(url))
    assert report.problems == [f"cannot fetch {url}: connection refused: the host is down or the port is wrong"]
    assert report.list_pages[0].error and report.notices == []


def test_check_of_a_page_without_notice_links_asks_for_a_notice_links_selector(tmp_path):
    write_site(tmp_path, {"tzgg/index.html": list_page("<li><a href='/about.html'>关于我们</a></li>")})
    with serve_site(tmp_path) as server:
        report = check_portal(local_portal(server.base_url + "/tzgg/index.html"))
    assert len(report.problems) == 1 and "add selectors.notice_links" in report.problems[0]


def test_check_reports_a_pager_discovery_cannot_follow(tmp_path):
    items = "".join(f"<li><a href='/tzgg/202401/t2024010{i}_{i}.html'>关于做好第{i}批招生工作的通知</a></li>" for i in range(1, 4))
    pager = "<div class='page'>共5页 <a href='javascript:goPage(2)'>下一页</a></div>"
    files = {"tzgg/index.html": list_page(items, pager)}
    files |= {f"tzgg/202401/t2024010{i}_{i}.html": NOTICE.format(title=f"关于做好第{i}批招生工作的通知")
              .replace("</h1>", f"</h1><p>发布时间：2024-01-0{i}</p>") for i in range(1, 4)}
    write_site(tmp_path, files)
    with serve_site(tmp_path) as server:
        report = check_portal(local_portal(server.base_url + "/tzgg/index.html"))
    assert len(report.problems) == 1, report.problems
    assert "共5页" in report.problems[0] and "selectors.next_page" in report.problems[0]


def test_check_asks_for_a_published_selector_when_notices_carry_no_date(tmp_path):
    items = "".join(f"<li><a href='/news/detail.jsp?id={i}'>关于做好第{i}批招生工作的通知</a></li>" for i in range(1, 3))
    write_site(tmp_path, {"news/index.html": list_page(items), "news/detail.jsp": NOTICE.format(title="关于做好招生工作的通知")})
    with serve_site(tmp_path) as server:
        report = check_portal(local_portal(server.base_url + "/news/index.html"))
    assert [n.published for n in report.notices] == [None, None]
    assert report.problems == [f"2 of 2 sampled notices have no publish date (first: {report.notices[0].url}): "
                               "add selectors.published"]


def test_check_obeys_robots_txt_and_says_the_crawl_would_not_fetch_the_page(tmp_path):
    write_site(tmp_path, {"tzgg/index.html": list_page(""), "robots.txt": "User-agent: *\nDisallow: /tzgg/\n"})
    with serve_site(tmp_path) as server:
        report = check_portal(local_portal(server.base_url + "/tzgg/index.html"))
    assert len(report.problems) == 1 and "robots.txt disallows" in report.problems[0]


def test_check_does_not_follow_a_redirect_off_the_portal_hosts():
    class Redirect(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server naming
            self.send_response(302 if self.path != "/robots.txt" else 404)
            self.send_header("Location", "http://127.0.0.2:9/elsewhere.html")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Redirect)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        report = check_portal(local_portal(f"http://127.0.0.1:{server.server_address[1]}/tzgg/"))
    finally:
        server.shutdown()
        server.server_close()
    assert len(report.problems) == 1
    assert "redirects to http://127.0.0.2:9/elsewhere.html, off the portal's hosts" in report.problems[0]


def test_cli_check_prints_pages_notices_and_verdict_and_exits_0(qingyuan, tmp_path):
    path = tmp_path / "qingyuan_edu.yaml"
    path.write_text(yaml.safe_dump(sample("qingyuan_edu", qingyuan.base_url).as_dict(), allow_unicode=True),
                    encoding="utf-8")
    result = CliRunner().invoke(cli, ["portals", "check", str(path), "--pages", "1"])
    assert result.exit_code == 0, result.output
    assert "8 notice links via cms-url; next page: " + qingyuan.base_url in result.output
    assert "title: 清远市2022年教育工作要点" in result.output
    assert result.output.strip().splitlines()[-1] == "verdict: OK (1 list pages, 8 notice links, 3 notices sampled)"
    as_json = CliRunner().invoke(cli, ["portals", "check", str(path), "--pages", "1", "--json"])
    assert json.loads(as_json.output)["ok"] is True


def test_cli_check_of_a_dead_host_exits_1_without_a_traceback(tmp_path):
    url = dead_url()
    path = tmp_path / "dead.yaml"
    path.write_text(yaml.safe_dump(local_portal(url).as_dict()), encoding="utf-8")
    result = CliRunner().invoke(cli, ["portals", "check", str(path)])
    assert result.exit_code == 1
    assert f"  - cannot fetch {url}: connection refused" in result.output and "Traceback" not in result.output


def test_cli_check_of_an_unknown_id_or_broken_file_exits_2(tmp_path, monkeypatch):
    monkeypatch.setenv("EDUNOTICE_PORTALS_DIR", str(tmp_path))
    result = CliRunner().invoke(cli, ["portals", "check", "nowhere_edu"])
    assert result.exit_code == 2 and "unknown portal" in result.output
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: Broken\nname: x\nstart_urls: [https://a.gov.cn/]\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["portals", "check", str(broken)])
    assert result.exit_code == 2 and "lower-case" in result.output


def test_resolve_portal_finds_ids_in_the_portals_directory():
    assert resolve_portal("qingyuan_edu").id == "qingyuan_edu"
    with pytest.raises(PortalConfigError, match="unknown portal"):
        resolve_portal("nowhere_edu")


# --- new ---------------------------------------------------------------------------------

def test_new_writes_a_loadable_definition_and_an_unconfirmed_frozen_fixture(qingyuan, tmp_path):
    url = qingyuan.base_url + QINGYUAN_LIST
    result = new_portal(url, "qingyuan_edu", "清远市教育局", directory=tmp_path / "portals",
                        fixture_dir=tmp_path / "frozen")
    assert result.problems == []
    data = yaml.safe_load(result.definition.read_text(encoding="utf-8"))
    assert data == {"id": "qingyuan_edu", "name": "清远市教育局", "kind": "official", "start_urls": [url],
                    "allow_private_addresses": True}
    assert load_portal(result.definition).start_urls == (url,)
    assert [p.name for p in result.fixture] == ["list.html", "notice.html", "expected.json"]
    assert (tmp_path / "frozen" / "list.html").read_bytes() == (qingyuan.root / "jyj/tzgg/index.html").read_bytes()
    expected = json.loads((tmp_path / "frozen" / "expected.json").read_text(encoding="utf-8"))
    assert expected["confirmed"] is False and "confirmed" in expected["how_to_confirm"]
    assert expected["expected"]["list"]["notice_links"] == 8
    assert expected["expected"]["notice"]["title"] == "清远市2022年教育工作要点"
    assert expected["expected"]["notice"]["published"] == "2022-03-28"


def test_new_refuses_to_overwrite_without_force(qingyuan, tmp_path):
    url = qingyuan.base_url + QINGYUAN_LIST
    kwargs = {"directory": tmp_path, "fixture_dir": tmp_path / "frozen"}
    new_portal(url, "qingyuan_edu", "清远市教育局", **kwargs)
    with pytest.raises(PortalExists, match="--force"):
        new_portal(url, "qingyuan_edu", "清远市教育局", **kwargs)
    assert new_portal(url, "qingyuan_edu", "清远市教育局", force=True, **kwargs).fixture


def test_new_on_a_dead_host_writes_nothing(tmp_path):
    with pytest.raises(PageUnreachable, match="connection refused"):
        new_portal(dead_url(), "dead_edu", "死站", directory=tmp_path, fixture_dir=tmp_path / "frozen")
    assert list(tmp_path.iterdir()) == []


def test_new_without_notice_links_writes_the_definition_but_no_fixture(tmp_path):
    site = write_site(tmp_path / "site", {"index.html": list_page("<li><a href='/about.html'>关于</a></li>")})
    with serve_site(site) as server:
        result = new_portal(server.base_url + "/index.html", "empty_edu", "空站", directory=tmp_path / "portals",
                            fixture_dir=tmp_path / "frozen")
    assert result.definition.is_file() and result.fixture == []
    assert "add selectors.notice_links" in result.problems[0]
    assert not (tmp_path / "frozen").exists()


def test_allow_private_addresses_is_written_only_for_local_hosts():
    assert "allow_private_addresses" not in definition_data("https://jyj.example.gov.cn/tzgg/", "a", "A")
    assert definition_data("http://localhost:8000/", "a", "A", "mirror") == {
        "id": "a", "name": "A", "kind": "mirror", "start_urls": ["http://localhost:8000/"],
        "allow_private_addresses": True}


def test_cli_new_prints_what_it_wrote_and_the_next_step(qingyuan, tmp_path, monkeypatch):
    monkeypatch.setenv("EDUNOTICE_PORTALS_DIR", str(tmp_path / "portals"))
    args = ["portals", "new", qingyuan.base_url + QINGYUAN_LIST, "--id", "qingyuan_edu", "--name", "清远市教育局",
            "--fixture-dir", str(tmp_path / "frozen")]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert f"wrote {tmp_path / 'portals' / 'qingyuan_edu.yaml'}" in result.output
    assert f"wrote {tmp_path / 'frozen' / 'expected.json'}" in result.output
    assert result.output.strip().splitlines()[-1] == "next: edunotice portals check qingyuan_edu"
    again = CliRunner().invoke(cli, args)
    assert again.exit_code == 2 and "--force" in again.output
    bad_id = CliRunner().invoke(cli, [*args[:3], "--id", "Bad-Id", "--name", "x"])
    assert bad_id.exit_code == 2 and "lower-case" in bad_id.output


def test_cli_new_on_a_dead_host_gives_one_line_naming_the_url(tmp_path):
    url = dead_url()
    result = CliRunner().invoke(cli, ["portals", "new", url, "--id", "dead_edu", "--name", "x",
                                      "--dir", str(tmp_path), "--fixture-dir", str(tmp_path / "f")])
    assert result.exit_code == 1
    assert result.output.strip() == f"Error: cannot fetch {url}: connection refused: the host is down or the port is wrong; nothing written"
