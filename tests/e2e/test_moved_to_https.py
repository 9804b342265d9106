"""A portal that moves to HTTPS on a real crawl: night 1 over http://127.0.0.1, night 2 with
http answering 301 to https://127.0.0.1 (TLS on 443), so the list pages are read at https://
and their relative links now name https:// notices. The same notices keep their documents:
no new document, no new version, none counted absent from the list (which would withdraw every
notice a few nights later)."""

from __future__ import annotations

import json
import os

import pytest
import yaml
from sqlalchemy import select

from archive.models import Document, Observation
from archive.store import Archive
from crawler.demo import rebase, sample_portals
from crawler.localportals import build_sites
from crawler.localportals.server import serve_site
from crawler.localportals.tls import serve_moved_to_https
from tests import warmcli


@pytest.mark.parametrize("mode", [["--full"], []], ids=["full", "incremental"])
def test_a_portal_moving_to_https_keeps_its_documents(tmp_path, mode):
    site = build_sites(tmp_path / "sites")["qingyuan_edu"]
    db_url = f"sqlite:///{tmp_path / 'archive.sqlite'}"
    env = {**os.environ, "EDUNOTICE_DATA_DIR": str(tmp_path / "data")}
    portal = next(p for p in sample_portals() if p.id == "qingyuan_edu")
    definition = tmp_path / "qingyuan_edu.yaml"
    definition.write_text(yaml.safe_dump(rebase(portal, "http://127.0.0.1").as_dict(), allow_unicode=True),
                          encoding="utf-8")

    def crawl() -> dict:
        result = warmcli.run(["crawl", "--portal-file", str(definition), *mode, "--db", db_url, "--json"],
                             env=env, timeout=300)
        assert result.returncode == 0, result.stderr[-2000:]
        return json.loads(result.stdout)[0]

    with serve_site(site, 80):
        first = crawl()
    with serve_moved_to_https(site) as https:
        second = crawl()
        assert https.requests > 0
    assert first["new_documents"] == 32
    assert (second["new_documents"], second["new_versions"], second["withdrawn"]) == (0, 0, 0)
    with Archive(db_url) as archive, archive.sessions() as s:
        docs = s.scalars(select(Document)).all()
        night_2 = s.scalars(select(Observation.document_id).where(Observation.run_id == second["run_id"])).all()
    assert len(docs) == 32 and all(d.url.startswith("http://127.0.0.1/") for d in docs)
    assert all(d.missing_runs == 0 and d.withdrawn_at is None for d in docs)
    if mode:  # a full walk fetched every notice again, over https, each seen as its old document
        assert set(night_2) == {d.id for d in docs}
