"""A notice printed over several pages (TRS's createPageHTML pager: t…_1.html, t…_2.html) on a
real crawl: its pages are fetched and its record is their text joined, each page in the WARC,
so re-extraction reads the same; a further page that fails leaves the first page's text, said
(``more_pages``) and named in a problem row."""

from __future__ import annotations

from sqlalchemy import select

from archive.models import FetchError, Version
from archive.store import Archive
from crawler.localportals.faults import serve_faulty
from crawler.reextract import rederive_version
from tests.minisite import crawl, db_url, definition

TITLE = "某某市中小学学籍管理办法"
PAGES = ["第一章 总则\n第一条 为规范中小学学籍管理，根据有关规定，制定本办法。",
         "第二章 入学\n第五条 学生入学后，学校应当为其建立学籍档案。",
         "第三章 附则\n第二十条 本办法自发布之日起施行。"]


def _page(text: str) -> str:
    paragraphs = "".join(f"<p>{line}</p>" for line in text.splitlines())
    return (f"<html><head><title>{TITLE}</title></head><body><h1>{TITLE}</h1><p>发布日期：2024-03-01</p>"
            f"<div class='TRS_Editor'>{paragraphs}</div>"
            "<script>createPageHTML(3, 0, \"t20240301_1\", \"html\");</script></body></html>")


def _site(root):
    (root / "jyj/tzgg/202403").mkdir(parents=True)
    (root / "jyj/tzgg/index.html").write_text(
        f"<html><body><ul class='list'><li><a href='202403/t20240301_1.html'>{TITLE}</a><span>2024-03-01</span></li>"
        "</ul></body></html>", encoding="utf-8")
    for name, text in zip(("t20240301_1", "t20240301_1_1", "t20240301_1_2"), PAGES, strict=True):
        (root / f"jyj/tzgg/202403/{name}.html").write_text(_page(text), encoding="utf-8")


def test_a_notice_over_three_pages_is_one_record_of_all_their_text(tmp_path):
    site = tmp_path / "site"
    _site(site)
    with serve_faulty(site) as server:
        portal_file = definition(tmp_path, server.base_url + "/jyj/tzgg/index.html")
        first = crawl(tmp_path, portal_file, "--full")
        second = crawl(tmp_path, portal_file, "--full")
        # the last page alone is amended: page 1 answers as before, but is not asked conditionally
        (site / "jyj/tzgg/202403/t20240301_1_2.html").write_text(
            _page(PAGES[2] + "\n第二十一条 本办法由市教育局负责解释。"), encoding="utf-8")
        third = crawl(tmp_path, portal_file, "--full")
    assert (first["new_documents"], first["errors"]) == (1, 0)
    assert (second["new_documents"], second["new_versions"]) == (0, 0)
    assert third["new_versions"] == 1
    with Archive(db_url(tmp_path)) as archive, archive.sessions() as s:
        version, amended = s.scalars(select(Version).order_by(Version.version)).all()
        assert version.text.splitlines() == "\n".join(PAGES).splitlines()
        assert amended.text.endswith("第二十一条 本办法由市教育局负责解释。")
        assert "low_confidence" not in (version.flags or [])
        assert [p["url"].rsplit("/", 1)[1] for p in version.extract_input["more_pages"]] == [
            "t20240301_1_1.html", "t20240301_1_2.html"]
        # re-extraction reads the three pages back from the WARC: the same text
        again = rederive_version(version, data_dir=tmp_path / "data", payload_index=archive, definition=None)
        assert again["text"] == version.text


def test_a_further_page_that_fails_leaves_the_first_pages_text_said(tmp_path):
    site = tmp_path / "site"
    _site(site)
    with serve_faulty(site, fail_status=503, fail_paths=r"_1_2\.html$") as server:
        portal_file = definition(tmp_path, server.base_url + "/jyj/tzgg/index.html")
        # one notice, two problems: the run's health says so (exit 1)
        crawl(tmp_path, portal_file, "--full", "--set", "RETRY_ENABLED=False", exit_code=1)
    with Archive(db_url(tmp_path)) as archive, archive.sessions() as s:
        [version] = s.scalars(select(Version)).all()
        problems = s.scalars(select(FetchError).where(FetchError.kind == "more_pages")).all()
    assert version.text.splitlines() == PAGES[0].splitlines()
    assert "low_confidence" in version.flags
    assert len(problems) == 1 and problems[0].url.endswith("t20240301_1_2.html")


def test_portals_check_reads_a_notice_over_several_pages_as_the_crawl_does(tmp_path):
    import json

    from click.testing import CliRunner

    from crawler.cli import cli

    site = tmp_path / "site"
    _site(site)
    with serve_faulty(site) as server:
        result = CliRunner().invoke(cli, ["portals", "check", str(definition(tmp_path, server.base_url + "/jyj/tzgg/index.html")),
                                          "--json"])
    [sample] = json.loads(result.output)["notices"]
    assert sample["body_length"] == len("\n".join(PAGES)) and "low_confidence" not in sample["flags"], sample
