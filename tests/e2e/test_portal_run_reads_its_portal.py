"""A portal's run reads its own definition only: with 3,000 files in the portals directory,
parsing all of them in every portal's crawl process was 84% of that process's CPU (py-spy on
a simulated national night), so the night grew with the square of the portal count."""

from __future__ import annotations

import json
import os

import yaml

from crawler.demo import rebase, sample_portals
from crawler.localportals import build_sites, serve_site
from tests import warmcli


def test_a_broken_file_elsewhere_in_the_portals_directory_is_not_read_by_this_portals_run(tmp_path):
    site = build_sites(tmp_path / "sites")["qingyuan_edu"]
    portals_dir = tmp_path / "portals"
    portals_dir.mkdir()
    (portals_dir / "zz_broken.yaml").write_text("id: [never closed\n", encoding="utf-8")
    env = {**os.environ, "EDUNOTICE_DATA_DIR": str(tmp_path / "data"), "EDUNOTICE_PORTALS_DIR": str(portals_dir)}
    db_url = f"sqlite:///{tmp_path / 'archive.sqlite'}"
    with serve_site(site) as server:
        portal = next(p for p in sample_portals() if p.id == "qingyuan_edu")
        definition = tmp_path / "qingyuan_edu.yaml"
        data = rebase(portal, server.base_url).as_dict() | {"limits": {"download_delay": 0, "concurrency": 8}}
        definition.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        done = warmcli.run(["crawl", "--portal-file", str(definition), "--db", db_url, "--json",
                            "--set", "ROBOTSTXT_OBEY=false"], env=env, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "zz_broken" not in done.stderr
    assert json.loads(done.stdout)[0]["new_documents"] == 32
