"""Copy links made after the crawl (``pending_copy_links``, ``archive.dedup.link_pending``):
the same clusters and best copies as linking each version when it is stored, on the real
SQLite and PostgreSQL; ``show``/``dupes`` say when links are pending and ``edunotice db
link-copies`` makes them."""

from __future__ import annotations

import json

from click.testing import CliRunner
from sqlalchemy import func, select

from archive.models import CopyCluster, Document, PendingCopyLink
from archive.store import Archive
from crawler.cli import cli
from tests.archive.test_dedup import (
    DOCSHARE,
    MIRROR,
    OFFICIAL,
    OFFICIAL_2,
    kaiping_official,
    kaiping_traditional,
    qingyuan_official,
    quoting_notices,
    record,
    spun,
)

PORTALS = (OFFICIAL, OFFICIAL_2, MIRROR, DOCSHARE)


def first_night() -> list[tuple[dict, dict]]:
    """Order matters in these: a fragment stored before its source, two fragments a full
    text later merges, a traditional mirror before its original, an exact copy."""
    first, second, fragment = quoting_notices()
    full = qingyuan_official()
    return [
        (OFFICIAL, second), (MIRROR, fragment), (OFFICIAL, first),
        (MIRROR, record("https://www.wm114.cn/a/3.html", full[:len(full) // 3], "要点", flags=["truncated"])),
        (DOCSHARE, record("https://www.wnwk.com/p/3.html", spun(full[-len(full) // 3:]), "要点",
                          flags=["truncated", "spun"])),
        (OFFICIAL_2, record("https://www.qingyuan.gov.cn/jyj/t3.html", full, "清远市2022年教育工作要点")),
        (MIRROR, record("https://www.wm114.cn/a/1.html", kaiping_traditional(), "開平市教育局2022年工作計劃")),
        (OFFICIAL, record("https://www.kaiping.gov.cn/jyj/t1.html", kaiping_official(), "开平市教育局2022年工作计划")),
        (DOCSHARE, record("https://www.wnwk.com/p/1.html", kaiping_official(), "开平市教育局2022年工作计划")),
    ]


def second_night() -> list[tuple[dict, dict]]:
    """New versions of documents linked the night before, and a new copy of one of them."""
    full = qingyuan_official()
    return [
        (OFFICIAL, record("https://www.kaiping.gov.cn/jyj/t1.html", [*kaiping_official(), "附件：报名表"],
                          "开平市教育局2022年工作计划")),
        (MIRROR, record("https://www.wm114.cn/a/3.html", full[:len(full) // 2], "要点", flags=["truncated"])),
        (DOCSHARE, record("https://www.wnwk.com/p/8.html", full, "清远市2022年教育工作要点")),
    ]


def store_all(archive: Archive, fetches: list[tuple[dict, dict]]) -> None:
    for portal, rec in fetches:
        archive.record_notice(portal_id=portal["id"], record=rec, fetch_url=rec["url"], http_status=200)


def clusters(archive: Archive) -> dict[frozenset[str], str | None]:
    """Each cluster as the set of its documents' URLs, with its best copy's URL."""
    with archive.sessions() as s:
        members: dict[int | None, set[str]] = {}
        for url, cluster_id in s.execute(select(Document.url, Document.cluster_id)):
            members.setdefault(cluster_id, set()).add(url)
        assert None not in members, "a document was left without a cluster"
        return {frozenset(urls): s.scalar(select(Document.url).join(CopyCluster, CopyCluster.best_document_id
                                                                    == Document.id).where(CopyCluster.id == cid))
                for cid, urls in members.items()}


def pending(archive: Archive) -> int:
    with archive.sessions() as s:
        return s.scalar(select(func.count()).select_from(PendingCopyLink)) or 0


def open_with_portals(url: str, **kwargs) -> Archive:
    archive = Archive(url, **kwargs)
    for portal in PORTALS:
        archive.register_portal(portal)
    return archive


def test_linking_after_the_crawl_makes_the_clusters_linking_at_store_time_makes(db_url, tmp_path):
    with open_with_portals(f"sqlite:///{tmp_path / 'inline.sqlite'}") as inline, \
            open_with_portals(db_url, defer_copy_links=True) as deferred:
        expected = []
        for night in (first_night(), second_night()):
            store_all(inline, night)
            expected.append(clusters(inline))
        assert len(expected[0]) < len(first_night())  # the nights do make copies

        store_all(deferred, first_night())
        assert pending(deferred) == len(first_night())
        with deferred.sessions() as s:  # stored, not linked yet
            assert s.scalar(select(func.count()).select_from(Document).where(Document.cluster_id.is_not(None))) == 0
        assert deferred.link_pending_copies() == len(first_night())
        assert pending(deferred) == 0
        assert clusters(deferred) == expected[0]

        store_all(deferred, second_night())
        assert pending(deferred) == len(second_night())
        assert deferred.link_pending_copies() == len(second_night())
        assert clusters(deferred) == expected[1]
        assert deferred.link_pending_copies() == 0


def test_show_and_dupes_say_links_are_pending_until_db_link_copies_makes_them(tmp_path):
    db_url = f"sqlite:///{tmp_path / 'archive.sqlite'}"
    with open_with_portals(db_url, defer_copy_links=True) as archive:
        store_all(archive, first_night()[-3:])  # a mirror, its original and an exact copy
        with archive.sessions() as s:
            mirror, official, copy = s.scalars(select(Document.id).order_by(Document.id)).all()
    runner = CliRunner()

    dupes = runner.invoke(cli, ["dupes", str(official), "--db", db_url])
    assert dupes.exit_code == 0, dupes.output
    assert "copy links PENDING for 1 of its versions" in dupes.output and "db link-copies" in dupes.output
    found = json.loads(runner.invoke(cli, ["dupes", str(official), "--json", "--db", db_url]).output)
    assert found["copy_links_pending"] == 1 and found["cluster_id"] is None
    shown = runner.invoke(cli, ["show", str(mirror), "--db", db_url])
    assert shown.exit_code == 0, shown.output
    assert "links PENDING for 1 version(s)" in shown.output
    assert json.loads(runner.invoke(cli, ["show", str(mirror), "--json", "--db", db_url]).output)[
        "copy_links_pending"] == 1

    linked = runner.invoke(cli, ["db", "link-copies", "--db", db_url])
    assert linked.exit_code == 0, linked.output
    assert "copy links made for 3 versions" in linked.output

    found = json.loads(runner.invoke(cli, ["dupes", str(official), "--json", "--db", db_url]).output)
    assert found["copy_links_pending"] == 0
    assert found["best_document_id"] == official
    assert {c["document_id"] for c in found["copies"]} == {mirror, official, copy}
    assert "PENDING" not in runner.invoke(cli, ["dupes", str(official), "--db", db_url]).output
    shown = runner.invoke(cli, ["show", str(mirror), "--db", db_url]).output
    assert "PENDING" not in shown and f"edunotice dupes {mirror}" in shown


def test_a_version_fetched_again_while_pending_is_queued_once_and_linked_by_an_inline_store(tmp_path):
    """A resumed crawl may store the same page twice before linking; an inline store of it
    (an API caller) links it and clears its marker."""
    db_url = f"sqlite:///{tmp_path / 'archive.sqlite'}"
    portal, rec = first_night()[-2]
    with open_with_portals(db_url, defer_copy_links=True) as archive:
        store_all(archive, [(portal, rec), (portal, rec)])
        assert pending(archive) == 1
        archive.defer_copy_links = False
        store_all(archive, [(portal, rec)])
        assert pending(archive) == 0
        assert len(clusters(archive)) == 1
        assert archive.link_pending_copies() == 0
