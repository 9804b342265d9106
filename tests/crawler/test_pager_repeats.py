"""A pager that ignores its page number (every index_N.html serves the first page): the walk
names it (``pager_repeats``) at the first repeat instead of reading the same page up to the
page cap, and does not vouch for the list (no withdrawals from it)."""

from __future__ import annotations

from sqlalchemy import select

from archive.models import FetchError
from archive.store import Archive
from crawler.localportals.server import serve_site
from tests.minisite import crawl, db_url, definition, notice_page


def test_a_pager_that_ignores_its_page_number_is_named_not_walked_to_the_cap(tmp_path):
    site = tmp_path / "site"
    (site / "jyj/tzgg/2024").mkdir(parents=True)
    rows = "".join(f"<li><a href='2024/t{n}.html'>关于做好第{n}项招生工作的通知</a><span>2024-03-0{n}</span></li>"
                   for n in (1, 2, 3))
    # index_1.html, index_2.html… all serve the first page (a CMS that ignores the number)
    for name in ["index"] + [f"index_{n}" for n in range(1, 30)]:
        nxt = f"index_{int(name.split('_')[1]) + 1 if '_' in name else 1}.html"
        (site / f"jyj/tzgg/{name}.html").write_text(
            f"<html><body><ul class='list'>{rows}</ul><a href='{nxt}'>下一页</a></body></html>", encoding="utf-8")
    for n in (1, 2, 3):
        (site / f"jyj/tzgg/2024/t{n}.html").write_text(notice_page(f"关于做好第{n}项招生工作的通知", f"2024-03-0{n}"),
                                                      encoding="utf-8")
    with serve_site(site) as server:
        report = crawl(tmp_path, definition(tmp_path, server.base_url + "/jyj/tzgg/index.html"), "--full", exit_code=1)
        requested = server.requests
    assert report["new_documents"] == 3
    assert requested < 10, requested
    with Archive(db_url(tmp_path)) as archive, archive.sessions() as s:
        kinds = s.scalars(select(FetchError.kind)).all()
    assert "pager_repeats" in kinds


def test_portals_check_names_a_pager_that_does_not_page(tmp_path):
    from click.testing import CliRunner

    from crawler.cli import cli

    site = tmp_path / "site"
    (site / "jyj/tzgg").mkdir(parents=True)
    rows = "".join(f"<li><a href='t{n}.html'>关于做好第{n}项招生工作的通知</a><span>2024-03-0{n}</span></li>" for n in (1, 2, 3))
    for name, nxt in (("index", "index_1"), ("index_1", "index_2")):
        (site / f"jyj/tzgg/{name}.html").write_text(
            f"<html><body><ul class='list'>{rows}</ul><a href='{nxt}.html'>下一页</a></body></html>", encoding="utf-8")
    with serve_site(site) as server:
        result = CliRunner().invoke(cli, ["portals", "check", str(definition(tmp_path, server.base_url + "/jyj/tzgg/index.html")),
                                          "--pages", "3"])
    assert "the pager does not page" in result.output, result.output
    assert result.exit_code == 1
