"""Redirects on a real crawl: a moved notice keeps its document; a notice redirected to the
home page (a "soft 404") is withdrawn, not archived as a new document."""

from __future__ import annotations

import json
import os

import yaml
from sqlalchemy import select

from archive.models import Document, Version
from archive.store import Archive
from archive.urls import canonical_url
from crawler.demo import rebase, sample_portals
from crawler.localportals import build_sites
from crawler.localportals.faults import serve_faulty
from tests import warmcli

MOVED = "/jyj/tzgg/202311/t20231121_1234501.html"
DELETED = "/jyj/tzgg/202310/t20231018_1234502.html"


def test_moved_notice_keeps_its_document_and_soft_404_withdraws(tmp_path):
    site = build_sites(tmp_path / "sites")["qingyuan_edu"]
    db_url = f"sqlite:///{tmp_path / 'archive.sqlite'}"
    env = {**os.environ, "EDUNOTICE_DATA_DIR": str(tmp_path / "data")}
    with serve_faulty(site) as server:
        portal = next(p for p in sample_portals() if p.id == "qingyuan_edu")
        definition = tmp_path / "qingyuan_edu.yaml"
        definition.write_text(yaml.safe_dump(rebase(portal, server.base_url).as_dict(), allow_unicode=True),
                              encoding="utf-8")

        def crawl() -> dict:
            result = warmcli.run(["crawl", "--portal-file", str(definition), "--full", "--db", db_url, "--json"],
                                 env=env, timeout=300)
            assert result.returncode == 0, result.stderr[-2000:]
            return json.loads(result.stdout)[0]

        first = crawl()
        # The CMS moves one notice (same bytes at a new path) and sends a deleted one to its list page.
        moved_to = MOVED.replace(".html", "_v2.html")
        (site / moved_to.lstrip("/")).write_bytes((site / MOVED.lstrip("/")).read_bytes())
        server.faults.redirects = {MOVED: moved_to, DELETED: "/jyj/tzgg/index.html"}
        second = crawl()

    assert first["new_documents"] == 32
    assert (second["new_documents"], second["new_versions"]) == (0, 0)
    with Archive(db_url) as archive, archive.sessions() as s:
        urls = set(s.scalars(select(Document.url)))
        assert canonical_url(server.base_url + moved_to) not in urls
        moved = s.scalar(select(Document).where(Document.url == canonical_url(server.base_url + MOVED)))
        fetched = s.scalars(select(Version.fetch_url).where(Version.document_id == moved.id)).all()
        assert len(fetched) == 1 and moved.withdrawn_at is None
        deleted = s.scalar(select(Document).where(Document.url == canonical_url(server.base_url + DELETED)))
        assert deleted.withdrawn_at is not None
