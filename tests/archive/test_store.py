"""Versioning rules of the archive, on real SQLite files and the real PostgreSQL."""

from __future__ import annotations

import threading

from sqlalchemy import func, select

from archive.models import Document, Observation, Version
from archive.store import Archive

PORTAL = {"id": "test_edu", "name": "测试市教育局", "start_urls": ["https://jyj.example.gov.cn/tzgg/"]}


def record(text="第一段。\n第二段。", title="关于做好招生工作的通知", published="2022-03-01", **extra):
    return {"url": "https://jyj.example.gov.cn/tzgg/202203/t20220301_1.html", "title": title,
            "published": published, "text": text, "text_normalized": text, **extra}


def store(archive, rec, url=None):
    return archive.record_notice(portal_id="test_edu", record=rec,
                                 fetch_url=url or rec["url"], http_status=200)


def counts(archive):
    with archive.sessions() as s:
        return tuple(s.scalar(select(func.count()).select_from(m)) for m in (Document, Version, Observation))


def test_first_fetch_creates_document_with_version_1(db_url):
    with Archive(db_url) as archive:
        archive.register_portal(PORTAL)
        outcome = store(archive, record())
        assert (outcome.kind, outcome.version) == ("new_document", 1)
        assert counts(archive) == (1, 1, 1)


def test_refetch_with_same_text_records_observation_not_version(db_url):
    with Archive(db_url) as archive:
        archive.register_portal(PORTAL)
        store(archive, record())
        outcome = store(archive, record())
        assert (outcome.kind, outcome.version) == ("unchanged", 1)
        assert counts(archive) == (1, 1, 2)


def test_changed_text_title_or_date_each_make_one_new_version(db_url):
    with Archive(db_url) as archive:
        archive.register_portal(PORTAL)
        store(archive, record())
        assert store(archive, record(text="第一段。\n第二段（修订）。")).version == 2
        assert store(archive, record(text="第一段。\n第二段（修订）。", title="新标题")).version == 3
        assert store(archive, record(text="第一段。\n第二段（修订）。", title="新标题",
                                     published="2022-03-02")).version == 4
        # Going back to an earlier state is a new version too: history is append-only.
        assert store(archive, record()).version == 5
        assert counts(archive) == (1, 5, 5)


def test_original_text_change_alone_is_not_a_version(db_url):
    """Only normalised text counts: a script-only difference in `text` is the same content."""
    with Archive(db_url) as archive:
        archive.register_portal(PORTAL)
        store(archive, record(text="教育工作要点", **{"text_normalized": "教育工作要点"}))
        outcome = store(archive, {**record(text="教育工作要點"), "text_normalized": "教育工作要点"})
        assert outcome.kind == "unchanged"


def test_tracking_parameters_and_fragments_do_not_make_new_documents(db_url):
    with Archive(db_url) as archive:
        archive.register_portal(PORTAL)
        base = "https://JYJ.example.gov.cn:443/tzgg/202203/t20220301_1.html"
        store(archive, {**record(), "url": base})
        store(archive, {**record(), "url": base + "?utm_source=wechat#top"})
        assert counts(archive)[:2] == (1, 1)


def concurrent_versions(db_url, write) -> list[int]:
    """The version numbers three threads leave, each running ``write(archive)`` on its own Archive."""
    Archive(db_url).close()
    errors = []

    def writer():
        try:
            with Archive(db_url) as archive:
                archive.register_portal(PORTAL)
                errors.extend(write(archive))
        except Exception as exc:  # surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=writer) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    with Archive(db_url) as archive, archive.sessions() as s:
        numbers = s.scalars(select(Version.version).order_by(Version.version)).all()
    assert numbers == list(range(1, len(numbers) + 1))  # no gaps, no duplicates
    return numbers


def test_concurrent_writers_never_duplicate_a_version(db_url):
    def write(archive):
        for i in range(5):
            store(archive, record(text=f"第{i}版正文"))
        return []

    assert 5 <= len(concurrent_versions(db_url, write)) <= 15


def test_runs_count_what_happened(sqlite_url):
    with Archive(sqlite_url) as archive:
        archive.register_portal(PORTAL)
        run = archive.start_run("test_edu")
        archive.record_notice(portal_id="test_edu", record=record(), fetch_url=record()["url"],
                              http_status=200, run_id=run)
        archive.record_notice(portal_id="test_edu", record=record(), fetch_url=record()["url"],
                              http_status=200, run_id=run)
        archive.record_error(portal_id="test_edu", run_id=run, url="https://x/1", kind="http_status",
                             message="HTTP 500")
        archive.count(run, links_found=2)
        finished = archive.finish_run(run, "finished")
    assert (finished.notices_seen, finished.new_documents, finished.new_versions, finished.unchanged,
            finished.errors, finished.status) == (2, 1, 1, 1, 1, "attention")


def test_a_batch_commits_once_and_a_failing_fetch_rolls_back_alone(db_url):
    """StorePipeline stores fetches in batches (Archive.write_batch): each in its savepoint."""
    from archive.store import Fetch

    def fetch(n, run):
        rec = record(text=f"第{n}份通知正文。", title=f"通知{n}", url=f"https://jyj.example.gov.cn/tzgg/t{n}.html")
        return Fetch(portal_id="test_edu", url=rec["url"], record=rec, run_id=run)

    def fails_after_writing(work):
        def run(s):
            work(s)  # its document, version, observation and counts are written, then it fails
            raise ValueError("extractor bug")
        return run

    with Archive(db_url) as archive:
        archive.register_portal(PORTAL)
        run = archive.start_run("test_edu")
        results = archive.write_batch([archive.fetch_work(fetch(1, run)), fails_after_writing(archive.fetch_work(fetch(2, run))),
                                       archive.error_work(portal_id="test_edu", run_id=run, url="https://x/3",
                                                          kind="http_status", message="HTTP 500"),
                                       archive.fetch_work(fetch(4, run))])
        assert [r.kind if hasattr(r, "kind") else type(r).__name__ for r in results] == [
            "new_document", "ValueError", "NoneType", "new_document"]
        with archive.sessions() as s:
            urls = s.scalars(select(Document.url).order_by(Document.url)).all()
        assert urls == ["https://jyj.example.gov.cn/tzgg/t1.html", "https://jyj.example.gov.cn/tzgg/t4.html"]
        assert counts(archive) == (2, 2, 2)
        alone = archive.write_batch([fails_after_writing(archive.fetch_work(fetch(5, run)))])  # no savepoint
        assert [type(r).__name__ for r in alone] == ["ValueError"]
        assert counts(archive) == (2, 2, 2)
        finished = archive.finish_run(run, "finished")
    assert (finished.notices_seen, finished.new_documents, finished.errors) == (2, 2, 1)  # 2 and 5 not counted


def test_concurrent_batches_never_duplicate_a_version(db_url):
    from archive.store import Fetch

    def write(archive):
        failed = []
        for i in range(3):
            batch = [archive.fetch_work(Fetch(portal_id="test_edu", url=record()["url"],
                                              record=record(text=f"第{i}-{j}版正文"))) for j in range(2)]
            failed.extend(r for r in archive.write_batch(batch) if isinstance(r, BaseException))
        return failed

    assert 6 <= len(concurrent_versions(db_url, write)) <= 18
