"""The archive researchers search in these tests: the sample portals served on loopback and
crawled once with ``edunotice crawl`` (Scrapy's real downloader, in a subprocess) into a
SQLite file; the PostgreSQL copy is filled in-process from it through ``Archive.record_notice``.

Once per test run, not once per xdist worker: the first worker that needs the archive crawls
it under a lock in the run's shared temporary directory, and every worker works on a copy of
its own (the archive file and its WARC files), as it did when each crawled its own.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from sqlalchemy import select

from archive.models import Document, PortalRow, Version
from archive.store import Archive
from crawler.demo import rebase, sample_portals
from crawler.localportals import build_sites, serve_site
from tests import warmcli


@dataclass
class Crawled:
    db_url: str
    data_dir: Path
    summaries: list[dict]


@pytest.fixture(scope="session")
def crawled(tmp_path_factory) -> Crawled:
    shared = _crawled_once(tmp_path_factory)
    root = tmp_path_factory.mktemp("research")
    for path in shared.glob("archive.sqlite*"):
        shutil.copyfile(path, root / path.name)
    shutil.copytree(shared / "data", root / "data")
    summaries = json.loads((shared / "summaries.json").read_text(encoding="utf-8"))
    return Crawled(f"sqlite:///{root / 'archive.sqlite'}", root / "data", summaries)


def _crawled_once(tmp_path_factory) -> Path:
    """The directory of this test run's crawl (archive.sqlite, data/, summaries.json), made by
    the first worker that asks; a failed attempt leaves no summaries.json, so the next one crawls."""
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # the run's directory, shared by its workers
    done = base / "research-crawl"
    with open(base / "research-crawl.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (done / "summaries.json").exists():
            shutil.rmtree(done, ignore_errors=True)
            summaries = _crawl(done)
            (done / "summaries.json").write_text(json.dumps(summaries), encoding="utf-8")
    return done


def _crawl(root: Path) -> list[dict]:
    sites = build_sites(root / "sites")
    with ExitStack() as stack:
        servers = {pid: stack.enter_context(serve_site(path)) for pid, path in sites.items()}
        args = []
        for portal in sample_portals():
            path = root / f"{portal.id}.yaml"
            moved = rebase(portal, servers[portal.id].base_url)
            path.write_text(yaml.safe_dump(moved.as_dict(), allow_unicode=True), encoding="utf-8")
            args += ["--portal-file", str(path)]
        db_url = f"sqlite:///{root / 'archive.sqlite'}"
        env = {**os.environ, "EDUNOTICE_DATA_DIR": str(root / "data")}
        result = warmcli.run(["crawl", *args, "--db", db_url, "--json"], env=env, timeout=600)
    assert result.stdout.strip(), result.stderr[-2000:]
    edit_one_notice(db_url)
    return json.loads(result.stdout)


EDITED_FROM, EDITED_TO = "2023", "2024"


def edit_one_notice(db_url: str) -> int:
    """Store a second version of one kaiping notice (a year changed, a word added), through
    the store as a re-fetch would: the diff page and --all-versions need a history."""
    with Archive(db_url) as archive:
        with archive.sessions() as s:
            doc, v = s.execute(select(Document, Version).join(Version, Version.document_id == Document.id)
                               .where(Document.portal_id == "kaiping_edu", Version.text_normalized.contains(EDITED_FROM))
                               .order_by(Document.id).limit(1)).one()
        record = {k: getattr(v, k) for k in ("title", "published", "mirror_posted", "source", "issuer",
                                             "doc_number", "index_number", "script", "flags", "attachments")}
        record["url"] = doc.url
        record["text"] = v.text.replace(EDITED_FROM, EDITED_TO, 1) + "\n（修订）"
        record["text_normalized"] = v.text_normalized.replace(EDITED_FROM, EDITED_TO, 1) + "\n(修订)"
        outcome = archive.record_notice(portal_id=doc.portal_id, record=record, fetch_url=v.fetch_url,
                                        http_status=200)
        assert outcome.kind == "new_version"
        return doc.id


def copy_archive(source_url: str, target_url: str) -> None:
    """Store every version of the source archive again in the target, in version order."""
    with Archive(source_url) as src, Archive(target_url) as dst, src.sessions() as s:
        for portal in s.scalars(select(PortalRow)):
            dst.register_portal(portal.definition)
        rows = s.execute(select(Document, Version).join(Version, Version.document_id == Document.id)
                         .order_by(Version.id)).all()
        for doc, v in rows:
            record = {k: getattr(v, k) for k in ("title", "published", "mirror_posted", "source", "issuer",
                                                 "doc_number", "index_number", "text", "text_normalized",
                                                 "script", "flags", "attachments")}
            record["url"] = doc.url
            dst.record_notice(portal_id=doc.portal_id, record=record, fetch_url=v.fetch_url,
                              http_status=v.http_status, fetched_at=v.fetched_at, warc_file=v.warc_file,
                              warc_offset=v.warc_offset)


@pytest.fixture(scope="session")
def crawled_postgres(crawled, tmp_path_factory):
    """The crawled archive copied into a fresh database on the local PostgreSQL."""
    import uuid

    from sqlalchemy import create_engine, text

    from tests.conftest import POSTGRES_ADMIN_URL

    name = f"edunotice_research_{uuid.uuid4().hex[:8]}"
    admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    copy_archive(crawled.db_url, url)
    yield url
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()
