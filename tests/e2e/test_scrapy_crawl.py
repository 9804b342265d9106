"""`scrapy crawl ID` works as well as `edunotice crawl ID`: same spiders, same archive."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml
from sqlalchemy import func, select

from archive.models import Document, Version
from archive.store import Archive
from crawler.demo import rebase, sample_portals
from crawler.localportals import build_sites, serve_site

PROJECT = Path(__file__).resolve().parents[2]


def test_scrapy_crawl_of_a_portal_id_archives_its_notices(tmp_path):
    site = build_sites(tmp_path / "sites")["qingyuan_edu"]
    portals_dir = tmp_path / "portals"
    portals_dir.mkdir()
    db_url = f"sqlite:///{tmp_path / 'archive.sqlite'}"
    with serve_site(site) as server:
        portal = next(p for p in sample_portals() if p.id == "qingyuan_edu")
        (portals_dir / "qingyuan_edu.yaml").write_text(
            yaml.safe_dump(rebase(portal, server.base_url).as_dict(), allow_unicode=True), encoding="utf-8")
        env = {**os.environ, "EDUNOTICE_PORTALS_DIR": str(portals_dir), "EDUNOTICE_DB": db_url,
               "EDUNOTICE_DATA_DIR": str(tmp_path / "data")}
        listed = subprocess.run([str(Path(sys.executable).parent / "scrapy"), "list"], cwd=PROJECT, env=env,
                                capture_output=True, text=True, timeout=60)
        assert listed.stdout.split() == ["qingyuan_edu"]
        result = subprocess.run([str(Path(sys.executable).parent / "scrapy"), "crawl", "qingyuan_edu"],
                                cwd=PROJECT, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    with Archive(db_url) as archive, archive.sessions() as s:
        assert s.scalar(select(func.count()).select_from(Document)) == 32
        assert s.scalar(select(func.count()).select_from(Version)) == 32
