"""Session ids in links on a real crawl: a servlet portal that writes ``;jsessionid=…`` into
every link (a new id each night, since no crawl keeps yesterday's cookie) keeps one document
per notice: the second night finds no new document and withdraws none."""

from __future__ import annotations

import json
import os

import pytest
import yaml
from sqlalchemy import select

from archive.models import Document, Version
from archive.store import Archive
from crawler.demo import rebase, sample_portals
from crawler.localportals import build_sites
from crawler.localportals.faults import serve_faulty
from tests import warmcli


@pytest.mark.parametrize("mode", [["--full"], []], ids=["full", "incremental"])
def test_a_new_session_id_each_night_is_the_same_notices(tmp_path, mode):
    site = build_sites(tmp_path / "sites")["qingyuan_edu"]
    db_url = f"sqlite:///{tmp_path / 'archive.sqlite'}"
    env = {**os.environ, "EDUNOTICE_DATA_DIR": str(tmp_path / "data")}
    with serve_faulty(site, session_id="0A1B2C3D4E5F60718293A4B5C6D7E8F9") as server:
        portal = next(p for p in sample_portals() if p.id == "qingyuan_edu")
        definition = tmp_path / "qingyuan_edu.yaml"
        definition.write_text(yaml.safe_dump(rebase(portal, server.base_url).as_dict(), allow_unicode=True),
                              encoding="utf-8")

        def crawl() -> dict:
            result = warmcli.run(["crawl", "--portal-file", str(definition), *mode, "--db", db_url, "--json"],
                                 env=env, timeout=300)
            assert result.returncode == 0, result.stderr[-2000:]
            return json.loads(result.stdout)[0]

        first = crawl()
        server.faults.session_id = "F9E8D7C6B5A4938271605F4E3D2C1B0A"
        second = crawl()

    assert first["new_documents"] == 32
    assert (second["new_documents"], second["new_versions"], second["withdrawn"]) == (0, 0, 0)
    with Archive(db_url) as archive, archive.sessions() as s:
        keys = s.scalars(select(Document.url)).all()
        fetched = s.scalars(select(Version.fetch_url)).all()
    assert len(keys) == 32 and not any("jsessionid" in k.lower() for k in keys)
    # the URL really fetched is kept as it was, session id and all (provenance)
    assert sum("jsessionid=0A1B2C3D" in u for u in fetched) >= 30
