"""Withdrawals and restores: nothing is deleted, every change of standing is an event."""

from __future__ import annotations

from sqlalchemy import select

from archive.models import Document, DocumentEvent, Version
from archive.store import Archive
from archive.urls import scheme_twin
from tests.archive.test_store import PORTAL, record, store

URL = record()["url"]


def events(archive):
    with archive.sessions() as s:
        return [(e.kind, e.reason) for e in s.scalars(select(DocumentEvent).order_by(DocumentEvent.id))]


def test_gone_page_withdraws_document_keeps_versions_and_reappearance_restores(db_url):
    with Archive(db_url) as archive:
        archive.register_portal(PORTAL)
        store(archive, record())
        assert archive.record_gone(url=URL, http_status=404) == "withdrawn"
        assert archive.record_gone(url=URL, http_status=410) == "already_withdrawn"
        with archive.sessions() as s:
            assert s.scalar(select(Document.withdrawn_at)) is not None
            assert len(s.scalars(select(Version)).all()) == 1
        assert store(archive, record()).kind == "unchanged"
        with archive.sessions() as s:
            assert s.scalar(select(Document.withdrawn_at)) is None
        assert events(archive) == [("withdrawn", "HTTP 404"), ("restored", "answered HTTP 200 again")]


def test_unknown_gone_url_withdraws_nothing(sqlite_url):
    with Archive(sqlite_url) as archive:
        assert archive.record_gone(url="https://jyj.example.gov.cn/nothing.html", http_status=404) == "unknown"


def test_absence_from_list_pages_withdraws_only_after_n_complete_runs(sqlite_url):
    other = URL.replace("_1.html", "_2.html")
    with Archive(sqlite_url) as archive:
        archive.register_portal(PORTAL)
        store(archive, record())
        store(archive, {**record(), "url": other})
        for _ in range(2):
            assert archive.record_listing(portal_id="test_edu", listed_urls={other}, run_id=None,
                                          withdraw_after=3) == 0
        assert archive.record_listing(portal_id="test_edu", listed_urls={other}, run_id=None,
                                      withdraw_after=3) == 1
        assert events(archive) == [("withdrawn", "absent from every list page for 3 runs")]
        # Listed again: the counter resets (the fetch that follows restores it).
        archive.record_listing(portal_id="test_edu", listed_urls={URL, other}, run_id=None, withdraw_after=3)
        with archive.sessions() as s:
            assert s.scalars(select(Document.missing_runs)).all() == [0, 0]


def test_a_list_page_that_lost_most_notices_withdraws_none_and_says_so(sqlite_url):
    from archive.models import FetchError

    urls = [URL.replace("_1.html", f"_{n}.html") for n in range(1, 21)]
    with Archive(sqlite_url) as archive:
        archive.register_portal(PORTAL)
        for url in urls:
            store(archive, {**record(), "url": url, "text": f"第{url}号通知正文。" * 5})
        kept = set(urls[:10])  # half the notices vanish from the list pages at once
        for _ in range(3):
            assert archive.record_listing(portal_id="test_edu", listed_urls=kept, run_id=None, withdraw_after=3) == 0
        with archive.sessions() as s:
            assert s.scalars(select(Document.withdrawn_at).where(Document.withdrawn_at.is_not(None))).all() == []
            problem = s.scalars(select(FetchError).where(FetchError.kind == "mass_withdrawal")).one()
        assert problem.message.startswith("10 of 20 documents are absent from every list page")
        # A few notices gone at once is a normal withdrawal.
        assert archive.record_listing(portal_id="test_edu", listed_urls=set(urls[:18]), run_id=None,
                                      withdraw_after=1) == 2


def test_a_notice_linked_under_the_other_scheme_after_a_move_is_the_same_document(db_url):
    moved = scheme_twin(URL)  # the portal moved between http and https
    assert moved and moved != URL
    with Archive(db_url) as archive:
        archive.register_portal(PORTAL)
        store(archive, record())
        assert store(archive, {**record(), "url": moved}).kind == "unchanged"
        assert archive.record_listing(portal_id="test_edu", listed_urls={moved}, run_id=None, withdraw_after=1) == 0
        assert archive.record_not_modified(url=moved) != "unknown"
        assert archive.record_gone(url=moved, http_status=404) == "withdrawn"
        with archive.sessions() as s:
            assert s.scalars(select(Document.url)).all() == [URL]
            assert s.scalars(select(Version.fetch_url)).all() == [URL]
    # another scheme, another host or port is not the same address
    assert scheme_twin("ftp://a.gov.cn/x") is None
    assert scheme_twin("https://a.gov.cn:8443/x") == "http://a.gov.cn:8443/x"
