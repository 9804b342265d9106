"""Capture kept apart from interpretation: a version means the portal's content changed.

Store-level rules (archive.versioning) on real SQLite files and the real PostgreSQL.
"""

from __future__ import annotations

from sqlalchemy import func, select

from archive.models import AttachmentFile, CrawlRun, Derivation, FetchError, Observation, Version
from archive.store import Archive
from archive.versioning import AttachmentCapture, Fetch
from archive.warc import payload_digest

PORTAL = {"id": "test_edu", "name": "测试市教育局", "start_urls": ["https://jyj.example.gov.cn/tzgg/"]}
URL = "https://jyj.example.gov.cn/tzgg/202203/t20220301_1.html"
TEXT = "各学校：\n" + "为做好2022年招生工作，现将有关事项通知如下。" * 20
PAGE_A = "<html><body><h1>招生</h1><p>…</p><!-- visitors 1 --></body></html>".encode()
PAGE_B = "<html><body><h1>招生</h1><p>…</p><!-- visitors 2 --></body></html>".encode()


def notice(title="关于做好招生工作的通知", text=TEXT, attachments=()):
    return {"url": URL, "title": title, "published": "2022-03-01", "text": text,
            "text_normalized": text, "attachments": [dict(a) for a in attachments]}


def fetch(record, page=PAGE_A, extractor="1.0+aaaa", run_id=None, **extra) -> Fetch:
    return Fetch(portal_id="test_edu", url=URL, record=record, payload_digest=payload_digest(page),
                 extractor=extractor, run_id=run_id, **extra)


def count(archive, model, *where):
    with archive.sessions() as s:
        return s.scalar(select(func.count()).select_from(model).where(*where))


def test_unchanged_payload_under_a_new_extractor_is_not_a_version(db_url):
    with Archive(db_url) as archive:
        archive.register_portal(PORTAL)
        assert archive.store_fetch(fetch(notice())).kind == "new_document"
        # New rules read the same bytes differently: that is not the portal changing.
        outcome = archive.store_fetch(fetch(notice(title="关于做好招生工作的通知（新规则）"), extractor="1.1+bbbb"))
        assert outcome.kind == "unchanged" and outcome.version == 1
        assert count(archive, Version) == 1
        with archive.sessions() as s:
            obs = s.scalars(select(Observation).order_by(Observation.id)).all()
            assert [o.payload_digest for o in obs] == [payload_digest(PAGE_A)] * 2
            assert s.scalar(select(Version.extractor)) == "1.0+aaaa"


def test_changed_payload_is_compared_under_the_same_extractor(db_url):
    """A visitor counter changes the bytes; new rules change the record. Re-deriving the old
    payload with today's rules shows the notice itself did not change: no version, and the
    re-derivation is kept as the old version's derivation."""
    with Archive(db_url) as archive:
        archive.register_portal(PORTAL)
        archive.store_fetch(fetch(notice()))
        new_rules = notice(title="关于做好招生工作的通知（新规则）")
        calls = []

        def rederive(version):
            calls.append(version.version)
            return new_rules  # what today's extractor reads from version 1's WARC record

        outcome = archive.store_fetch(fetch(new_rules, page=PAGE_B, extractor="1.1+bbbb"), rederive=rederive)
        assert outcome.kind == "unchanged" and calls == [1]
        assert count(archive, Version) == 1
        with archive.sessions() as s:
            derivation = s.scalars(select(Derivation)).one()
            assert derivation.extractor == "1.1+bbbb" and derivation.changed_fields == ["title"]
        # The same extractor now reads a real edit: a version, no second re-derivation.
        edited = notice(title="关于做好招生工作的通知（新规则）", text=TEXT + "\n补充：报名延期。")
        page_c = PAGE_B + b"<!-- edit -->"
        assert archive.store_fetch(fetch(edited, page=page_c, extractor="1.1+bbbb"), rederive=rederive).kind == "new_version"
        assert calls == [1] and count(archive, Version) == 2


def test_changed_payload_with_changed_record_under_one_extractor_is_a_version(db_url):
    with Archive(db_url) as archive:
        archive.register_portal(PORTAL)
        archive.store_fetch(fetch(notice()))
        outcome = archive.store_fetch(fetch(notice(text=TEXT + "\n附：报名表。"), page=PAGE_B))
        assert (outcome.kind, outcome.version) == ("new_version", 2)
        with archive.sessions() as s:
            v2 = s.scalars(select(Version).where(Version.version == 2)).one()
            assert v2.payload_digest == payload_digest(PAGE_B) and v2.extractor == "1.0+aaaa"


def test_a_replaced_attachment_is_a_change_though_the_page_bytes_are_the_same(db_url):
    first = [{"title": "报名表", "url": URL + ".pdf", "sha256": "a" * 64}]
    second = [{"title": "报名表", "url": URL + ".pdf", "sha256": "b" * 64}]
    with Archive(db_url) as archive:
        archive.register_portal(PORTAL)
        archive.store_fetch(fetch(notice(attachments=first)))
        assert archive.store_fetch(fetch(notice(attachments=second))).kind == "new_version"


def test_new_rules_finding_another_attachment_link_on_the_same_page_is_not_a_change(db_url):
    known = [{"title": "报名表", "url": URL + ".pdf", "sha256": "a" * 64}]
    found = [*known, {"title": "细则", "url": URL + ".doc", "sha256": "d" * 64}]
    with Archive(db_url) as archive:
        archive.register_portal(PORTAL)
        archive.store_fetch(fetch(notice(attachments=known)))
        assert archive.store_fetch(fetch(notice(attachments=found), extractor="1.1+bbbb")).kind == "unchanged"


def test_one_fetch_stores_version_observation_attachments_and_problems_together(db_url):
    pdf = AttachmentCapture(sha256="c" * 64, size=10, url=URL + ".pdf", media_type="application/pdf",
                            filename="报名表", warc_file="warc/x.warc.gz", warc_offset=0)
    with Archive(db_url) as archive:
        archive.register_portal(PORTAL)
        run_id = archive.start_run("test_edu")
        rec = notice(attachments=[{"title": "报名表", "url": pdf.url, "sha256": pdf.sha256}])
        archive.store_fetch(fetch(rec, run_id=run_id, attachments=[pdf],
                                  problems=[(URL + ".doc", "attachment", "attachment answered HTTP 500")]))
        assert count(archive, AttachmentFile) == 1 and count(archive, FetchError) == 1
        with archive.sessions() as s:
            run = s.get(CrawlRun, run_id)
            assert (run.notices_seen, run.new_documents, run.errors) == (1, 1, 1)


def test_a_failing_write_leaves_nothing_of_the_fetch(db_url):
    """The problem row is invalid (no kind): the version and observation must roll back too."""
    with Archive(db_url) as archive:
        archive.register_portal(PORTAL)
        try:
            archive.store_fetch(fetch(notice(), problems=[(URL, None, "x")]))
        except Exception:  # noqa: BLE001 - the database refuses the NULL kind
            pass
        else:
            raise AssertionError("a NULL problem kind was accepted")
        assert (count(archive, Version), count(archive, Observation)) == (0, 0)


# -- glitch quarantine ------------------------------------------------------------------------

def test_a_suspect_fetch_is_an_observation_not_a_version(db_url):
    with Archive(db_url) as archive:
        archive.register_portal(PORTAL)
        archive.store_fetch(fetch(notice(), etag='"v1"'))
        run_id = archive.start_run("test_edu")
        glitch = notice(title="系统维护中", text="系统维护中，请稍后再试。")
        outcome = archive.store_fetch(fetch(glitch, page=b"maint", suspect="maintenance", run_id=run_id,
                                            etag='"maint"'))
        assert (outcome.kind, outcome.version, outcome.suspect) == ("suspect", 1, "maintenance")
        assert count(archive, Version) == 1
        with archive.sessions() as s:
            obs = s.scalars(select(Observation).order_by(Observation.id.desc()).limit(1)).one()
            assert (obs.suspect, obs.version_id, obs.etag) == ("maintenance", None, None)
            assert s.get(CrawlRun, run_id).suspect == 1
        archive.count(run_id, links_found=5, list_pages=1)
        run = archive.finish_run(run_id, "finished")
        assert run.status == "attention"  # one suspect page: a person should look, not "ok"


def test_a_body_that_lost_its_text_and_title_is_shrunk(db_url):
    with Archive(db_url) as archive:
        archive.register_portal(PORTAL)
        archive.store_fetch(fetch(notice()))
        outcome = archive.store_fetch(fetch(notice(title="首页", text="首页 | 关于我们"), page=PAGE_B))
        assert outcome.kind == "suspect" and outcome.suspect == "shrunk"
        # Shorter text with the same title is an edit, not a glitch.
        assert archive.store_fetch(fetch(notice(text=TEXT[:80]), page=b"short")).kind == "new_version"


def test_the_same_new_content_for_n_runs_is_accepted_as_a_change(db_url):
    with Archive(db_url) as archive:
        archive.register_portal(PORTAL)
        archive.store_fetch(fetch(notice()))
        notice_gone = notice(title="该信息已撤销", text="该信息已撤销。")
        kinds = [archive.store_fetch(fetch(notice_gone, page=b"x", suspect=None, accept_after=3)).kind
                 for _ in range(3)]
        assert kinds == ["suspect", "suspect", "new_version"]
        with archive.sessions() as s:
            last = s.scalars(select(Observation).order_by(Observation.id.desc()).limit(1)).one()
            assert last.new_version and last.suspect == "shrunk"


def test_a_glitch_between_two_glitches_restarts_the_count(db_url):
    with Archive(db_url) as archive:
        archive.register_portal(PORTAL)
        archive.store_fetch(fetch(notice()))
        maint = notice(title="系统维护中", text="系统维护中")
        empty = notice(title="", text="")
        for rec, reason in ((maint, "maintenance"), (empty, "empty"), (maint, "maintenance")):
            assert archive.store_fetch(fetch(rec, page=b"g", suspect=reason)).kind == "suspect"
        # The real page again: unchanged, the glitches left no version.
        assert archive.store_fetch(fetch(notice())).kind == "unchanged"
        assert count(archive, Version) == 1


def test_a_first_fetch_that_is_a_glitch_creates_no_version(db_url):
    with Archive(db_url) as archive:
        archive.register_portal(PORTAL)
        outcome = archive.store_fetch(fetch(notice(title="", text=""), page=b"", suspect="empty"))
        assert outcome.kind == "suspect" and outcome.version == 0
        assert count(archive, Version) == 0
        assert archive.store_fetch(fetch(notice())).kind == "new_version"
