"""``edunotice crawl --set KEY=VALUE``: any Scrapy or EDUNOTICE_ setting for one run, applied
over the portal definition; a misspelt key is refused before anything is fetched."""

from __future__ import annotations

import json
import os
import subprocess

import yaml

from crawler.demo import rebase, sample_portals
from crawler.localportals import build_sites, serve_site
from tests import warmcli


def test_set_overrides_a_scrapy_setting_for_one_run_and_refuses_unknown_keys(tmp_path):
    site = build_sites(tmp_path / "sites")["qingyuan_edu"]
    (site / "robots.txt").write_text("User-agent: *\nDisallow: /\n", encoding="utf-8")
    env = {**os.environ, "EDUNOTICE_DATA_DIR": str(tmp_path / "data")}
    db_url = f"sqlite:///{tmp_path / 'archive.sqlite'}"
    with serve_site(site) as server:
        portal = next(p for p in sample_portals() if p.id == "qingyuan_edu")
        definition = tmp_path / "qingyuan_edu.yaml"
        data = rebase(portal, server.base_url).as_dict() | {"limits": {"download_delay": 0, "concurrency": 8}}
        definition.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")

        def crawl(*extra: str) -> subprocess.CompletedProcess:
            return warmcli.run(["crawl", "--portal-file", str(definition), "--db", db_url, "--json", *extra],
                               env=env, timeout=300)

        typo = crawl("--set", "ROBOTSTXT_OBAY=false")
        assert typo.returncode == 2 and "ROBOTSTXT_OBAY is not a Scrapy or edunotice setting" in typo.stderr
        assert "Traceback" not in typo.stderr
        obeyed = crawl()
        assert obeyed.returncode == 1  # robots.txt forbids everything: nothing archived, attention
        assert json.loads(obeyed.stdout)[0]["new_documents"] == 0
        told = crawl("--set", "ROBOTSTXT_OBEY=false", "--set", "CONCURRENT_REQUESTS_PER_DOMAIN=8")
    assert told.returncode == 0, told.stderr[-2000:]
    assert json.loads(told.stdout)[0]["new_documents"] == 32
