"""Bad nights do not become history: real crawls (``edunotice crawl --full`` in a subprocess)
of a local copy of the qingyuan_edu sample portal served by the glitch server
(crawler/localportals/glitches.py).

Night 1 archives the portal. Night 2 serves six notices as glitches (maintenance page,
random bytes, a body cut with and without Content-Length, an empty body, the site's frame
without the notice): each is kept as a ``suspect`` observation, counted in the run, and
no version is made; export still gives the real notices. Night 3 serves the real pages:
nothing changed. Nights 4-6 serve one lasting change (the notice replaced by a short
"withdrawn" page): quarantined twice, accepted as a version on night 3 of 3.

Tests run in file order and share one site and archive.
"""

from __future__ import annotations

import json
import os
import subprocess
from contextlib import ExitStack
from pathlib import Path

import pytest
import yaml
from sqlalchemy import func, select
from warcio.archiveiterator import ArchiveIterator

from archive.models import CrawlRun, Document, Observation, Version
from archive.store import Archive
from crawler.demo import rebase, sample_portals
from crawler.localportals import build_sites
from crawler.localportals.glitches import GLITCHES, serve_glitchy
from tests import warmcli

PORTAL = "qingyuan_edu"


class Site:
    def __init__(self, root: Path):
        self.root = build_sites(root / "sites")[PORTAL]
        self.stack = ExitStack()
        self.server = self.stack.enter_context(serve_glitchy(self.root))
        portal = next(p for p in sample_portals() if p.id == PORTAL)
        self.portal_file = root / f"{PORTAL}.yaml"
        self.portal_file.write_text(yaml.safe_dump(rebase(portal, self.server.base_url).as_dict(),
                                                   allow_unicode=True), encoding="utf-8")
        self.data_dir = root / "data"
        self.db_url = f"sqlite:///{root / 'archive.sqlite'}"
        self.env = {**os.environ, "EDUNOTICE_DATA_DIR": str(self.data_dir)}
        self.paths: list[str] = []

    def run(self, *args: str) -> subprocess.CompletedProcess:
        return warmcli.run([*args, "--db", self.db_url], env=self.env, timeout=300)

    def crawl(self) -> dict:
        result = self.run("crawl", "--portal-file", str(self.portal_file), "--full", "--json")
        assert result.returncode in (0, 1), result.stderr[-3000:]
        return json.loads(result.stdout)[0]

    def last_run(self) -> CrawlRun:
        with Archive(self.db_url) as archive, archive.sessions() as s:
            return s.scalars(select(CrawlRun).order_by(CrawlRun.id.desc()).limit(1)).one()

    def versions(self) -> int:
        with Archive(self.db_url) as archive, archive.sessions() as s:
            return s.scalar(select(func.count()).select_from(Version))


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    s = Site(tmp_path_factory.mktemp("glitches"))
    with s.stack:
        yield s


def test_night_1_archives_the_portal(site):
    site.crawl()
    with Archive(site.db_url) as archive, archive.sessions() as s:
        urls = s.scalars(select(Document.url).order_by(Document.id)).all()
    site.paths = [u.removeprefix(site.server.base_url) for u in urls]
    assert len(site.paths) >= len(GLITCHES) + 1
    assert site.versions() == len(urls)
    assert site.last_run().status == "ok" and site.last_run().suspect == 0


def test_night_2_glitches_are_quarantined_not_versioned(site):
    before = site.versions()
    site.server.glitches = dict(zip(site.paths, GLITCHES, strict=False))
    summary = site.crawl()
    assert summary["suspect"] == len(GLITCHES) and summary["needs_attention"]
    run = site.last_run()
    assert site.versions() == before, "a glitch became a version"
    assert run.new_versions == 0 and run.suspect == len(GLITCHES)
    assert run.status in ("attention", "broken")
    with Archive(site.db_url) as archive, archive.sessions() as s:
        reasons = dict(s.execute(
            select(Document.url, Observation.suspect).join(Observation, Observation.document_id == Document.id)
            .where(Observation.run_id == run.id, Observation.suspect.is_not(None))).all())
        captured = s.scalars(select(Observation).where(Observation.run_id == run.id,
                                                       Observation.suspect.is_not(None))).all()
    expected = {"maintenance": "maintenance", "garbage": "garbage", "cut": "truncated",
                "short": "truncated", "empty": "empty", "chrome": "shrunk"}
    got = {glitch: reasons.get(site.server.base_url + path) for path, glitch in site.server.glitches.items()}
    assert got == expected
    # Each glitch is kept as served: its observation points at a WARC record of the bytes.
    for obs in captured:
        assert obs.payload_digest and obs.warc_file
        with (site.data_dir / obs.warc_file).open("rb") as fh:
            fh.seek(obs.warc_offset)
            record = next(iter(ArchiveIterator(fh)))
            assert record.rec_type in ("response", "revisit")
    # A researcher's export still reads the real notices.
    result = site.run("export", "--format", "jsonl")
    titles = [json.loads(line)["title"] for line in result.stdout.splitlines()]
    assert len(titles) == len(site.paths) and "系统维护中" not in titles and "首页" not in titles
    runs = site.run("runs", "--json", "--limit", "1")
    assert json.loads(runs.stdout)["suspect"] == len(GLITCHES)


def test_night_3_real_pages_again_change_nothing(site):
    before = site.versions()
    site.server.glitches = {}
    site.crawl()
    run = site.last_run()
    assert site.versions() == before
    assert (run.new_versions, run.suspect, run.status) == (0, 0, "ok")
    # Every observation points at the WARC record of what was served, a 304 included.
    with Archive(site.db_url) as archive, archive.sessions() as s:
        seen = s.scalars(select(Observation).where(Observation.run_id == run.id)).all()
    assert seen and all(o.warc_file and o.payload_digest for o in seen)
    assert {o.http_status for o in seen} >= {304}


def test_a_lasting_change_is_accepted_on_night_n(site):
    before = site.versions()
    path = site.paths[-1]
    site.server.glitches = {path: "chrome"}  # the notice page now shows only the site's frame
    statuses = []
    for _night in range(3):  # accept_change_after defaults to 3
        site.crawl()
        run = site.last_run()
        statuses.append((run.suspect, run.new_versions))
    assert statuses == [(1, 0), (1, 0), (0, 1)]
    assert site.versions() == before + 1
