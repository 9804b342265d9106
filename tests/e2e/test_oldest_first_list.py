"""A list sorted oldest first puts a new notice on its last page: an incremental night must not
stop its walk at the first page of known notices (it would miss the new one until --full)."""

from __future__ import annotations

from crawler.discovery import NoticeLink
from crawler.incremental import oldest_first
from crawler.localportals.server import serve_site
from tests.minisite import crawl, definition, notice_page

TITLES = [f"关于做好第{n}批学校招生工作的通知" for n in range(1, 8)]


def _write(site, count: int) -> None:
    """Notices 1..count, oldest first, three a page: index.html, index_1.html, index_2.html."""
    pages = [list(range(1, count + 1))[i:i + 3] for i in range(0, count, 3)]
    for p, numbers in enumerate(pages):
        rows = "".join(f"<li><a href='t{n}.html'>{TITLES[n - 1]}</a><span>2024-03-{n:02d}</span></li>" for n in numbers)
        nxt = f"<a href='index_{p + 1}.html'>下一页</a>" if p + 1 < len(pages) else ""
        (site / ("index.html" if p == 0 else f"index_{p}.html")).write_text(
            f"<html><body><ul class='list'>{rows}</ul><div class='page'>{nxt}</div></body></html>", encoding="utf-8")
    for n in range(1, count + 1):
        (site / f"t{n}.html").write_text(notice_page(TITLES[n - 1], f"2024-03-{n:02d}"), encoding="utf-8")


def test_rows_running_old_to_new_are_told_from_a_newest_first_list():
    def links(*days):
        return [NoticeLink(f"http://a/{d}", "t", f"2024-03-{d:02d}" if d else None) for d in days]
    assert oldest_first(links(1, 2, 3)) and oldest_first(links(9, 1, 2, 3, 4))  # a pinned row first
    assert not oldest_first(links(3, 2, 1)) and not oldest_first(links(1, 9, 8, 7))
    assert not oldest_first(links(1, 0, 0, 2))  # too few dated rows to say


def test_an_incremental_night_finds_a_new_notice_on_the_last_page_of_an_oldest_first_list(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    _write(site, 5)
    with serve_site(site) as server:
        portal_file = definition(tmp_path, server.base_url + "/index.html")
        first = crawl(tmp_path, portal_file)
        _write(site, 6)  # notice 6 lands on the last page, after two known ones
        second = crawl(tmp_path, portal_file)
    assert first["new_documents"] == 5
    assert second["new_documents"] == 1
