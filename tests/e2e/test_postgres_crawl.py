"""The same crawl into PostgreSQL: the archive at scale uses the same code path as SQLite."""

from __future__ import annotations

import json
import os

import yaml
from sqlalchemy import create_engine, text

from crawler.demo import rebase, sample_portals
from crawler.localportals import build_sites, serve_site
from tests import warmcli


def test_crawl_into_postgresql_twice_archives_every_notice_once(tmp_path, postgres_url):
    sites = build_sites(tmp_path / "sites")
    env = {**os.environ, "EDUNOTICE_DATA_DIR": str(tmp_path / "data")}
    with serve_site(sites["kaiping_edu"]) as kaiping, serve_site(sites["xinwenmi_mirror"]) as mirror:
        files = []
        for portal in sample_portals():
            server = {"kaiping_edu": kaiping, "xinwenmi_mirror": mirror}.get(portal.id)
            if server:
                files.append(tmp_path / f"{portal.id}.yaml")
                files[-1].write_text(yaml.safe_dump(rebase(portal, server.base_url).as_dict(), allow_unicode=True),
                                     encoding="utf-8")
        args = [a for f in files for a in ("--portal-file", str(f))]
        runs = [warmcli.run(["crawl", *args, "--full", "--db", postgres_url, "--json"], env=env, timeout=300)
                for _ in range(2)]
    for run in runs:
        assert run.returncode == 0, run.stderr[-2000:]
    first, second = (json.loads(r.stdout) for r in runs)
    assert sum(s["new_documents"] for s in first) == 25 + 11
    assert sum(s["new_versions"] for s in second) == 0
    engine = create_engine(postgres_url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*), count(DISTINCT document_id) FROM versions")).one() == (36, 36)
        # The traditional-script repost and the official notice share one copy cluster.
        pair = conn.execute(text("SELECT count(DISTINCT cluster_id) FROM documents WHERE url LIKE :a OR url LIKE :b"),
                            {"a": "%art_2461_118000.html", "b": "%/305001.html"}).scalar()
        assert pair == 1
    engine.dispose()
