"""A change of extraction rules is not a change of the portal.

Real crawls (``edunotice crawl --full`` in a subprocess) of a local copy of the qingyuan_edu
sample portal, served WITHOUT ETag/Last-Modified (as many government servers do), so every
page is re-fetched in full. Between the nights the extraction rules change: the crawl runs
with ``PYTHONPATH`` pointing at a copy of the code whose title rule differs. Before this
design every re-fetched page got a new version; now none does, ``reextract`` re-derives
every version with the new rules (history kept), and a real edit still makes one version.

Tests run in file order and share one site and archive.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from contextlib import ExitStack
from pathlib import Path

import pytest
import yaml
from sqlalchemy import func, select

from archive.models import Derivation, Document, Observation, Version
from archive.store import Archive
from crawler.demo import rebase, sample_portals
from crawler.localportals import build_sites
from crawler.localportals.server import SiteHandler, SiteServer, serve_site

PORTAL = "qingyuan_edu"
ROOT = Path(__file__).resolve().parents[2]
RULE = "        title=title,\n"
CHANGED_RULE = "        title=(title or '') + '（新规则）',\n"


def changed_rules_copy(dest: Path) -> Path:
    """A copy of the code whose title rule differs: what a rule change looks like to the archive."""
    for package in ("crawler", "archive", "schemas"):
        shutil.copytree(ROOT / package, dest / package, ignore=shutil.ignore_patterns("__pycache__"))
    rules = dest / "crawler" / "extract" / "__init__.py"
    source = rules.read_text(encoding="utf-8")
    assert source.count(RULE) == 1
    rules.write_text(source.replace(RULE, CHANGED_RULE), encoding="utf-8")
    return dest


class NoValidatorsHandler(SiteHandler):
    """A server that sends neither ETag nor Last-Modified: every re-check is a full fetch."""

    def _not_modified(self, etag: str, mtime: int) -> bool:
        return False

    def send_header(self, keyword: str, value: str) -> None:
        if keyword not in ("ETag", "Last-Modified"):
            super().send_header(keyword, value)


class Site:
    def __init__(self, root: Path):
        self.root = build_sites(root / "sites")[PORTAL]
        self.stack = ExitStack()
        self.server: SiteServer = self.stack.enter_context(serve_site(self.root))
        self.server.RequestHandlerClass = NoValidatorsHandler
        portal = next(p for p in sample_portals() if p.id == PORTAL)
        self.portal_file = root / f"{PORTAL}.yaml"
        self.portal_file.write_text(yaml.safe_dump(rebase(portal, self.server.base_url).as_dict(),
                                                   allow_unicode=True), encoding="utf-8")
        self.db_url = f"sqlite:///{root / 'archive.sqlite'}"
        self.env = {**os.environ, "EDUNOTICE_DATA_DIR": str(root / "data")}
        self.new_rules = changed_rules_copy(root / "new_rules")

    def run(self, *args: str, new_rules: bool = False) -> subprocess.CompletedProcess:
        env = dict(self.env)
        if new_rules:
            env["PYTHONPATH"] = str(self.new_rules)
        return subprocess.run([sys.executable, "-m", "crawler", *args, "--db", self.db_url],
                              capture_output=True, text=True, env=env, timeout=300, cwd=self.new_rules.parent)

    def crawl(self, new_rules: bool = False) -> dict:
        result = self.run("crawl", "--portal-file", str(self.portal_file), "--full", "--json", new_rules=new_rules)
        assert result.returncode == 0, result.stderr[-3000:]
        return json.loads(result.stdout)[0]

    def count(self, model) -> int:
        with Archive(self.db_url) as archive, archive.sessions() as s:
            return s.scalar(select(func.count()).select_from(model))


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    s = Site(tmp_path_factory.mktemp("rulechange"))
    with s.stack:
        yield s


def test_night_1_archives_with_todays_rules(site):
    site.crawl()
    assert site.count(Version) == site.count(Document) > 5


def test_new_rules_on_an_unchanged_portal_make_no_version(site):
    versions = site.count(Version)
    hits = site.server.requests
    summary = site.crawl(new_rules=True)
    assert site.server.requests - hits >= versions, "every notice page should have been re-fetched in full"
    assert site.count(Version) == versions and summary["new_versions"] == 0
    # The new rules did read every page differently: the records differ, the versions do not.
    with Archive(site.db_url) as archive, archive.sessions() as s:
        run_id = s.scalar(select(func.max(Observation.run_id)))
        derived = dict(s.execute(select(Observation.document_id, Observation.content_sha256)
                                 .where(Observation.run_id == run_id)).all())
        stored = dict(s.execute(select(Version.document_id, Version.content_sha256)).all())
    assert len(derived) == versions and all(derived[d] != stored[d] for d in stored)


def test_reextract_rederives_every_version_and_creates_none(site):
    versions = site.count(Version)
    dry = json.loads(site.run("reextract", "--dry-run", "--json", new_rules=True).stdout)
    assert dry["records_changed"] == versions and site.count(Derivation) == 0
    result = site.run("reextract", "--json", new_rules=True)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["rederived"] == versions and report["fields_changed"] == {"title": versions}
    assert site.count(Version) == versions and site.count(Derivation) == versions
    exported = [json.loads(line) for line in site.run("export", new_rules=True).stdout.splitlines()]
    assert all(r["title"].endswith("（新规则）") and r["extractor"] == report["extractor"] for r in exported)
    # Search matches the text as captured (the index is fed at capture; derivations are not
    # indexed yet) but its hits show the latest derivation, like show and export.
    captured_title = exported[0]["title"].removesuffix("（新规则）")
    found = json.loads(site.run("search", f'"{captured_title}"', "--json", "--limit", "1").stdout)
    assert found["total"] >= 1
    assert found["hits"][0]["title"].endswith("（新规则）") and found["hits"][0]["extractor"] == report["extractor"]


def test_a_real_edit_under_the_new_rules_is_one_version(site):
    versions = site.count(Version)
    with Archive(site.db_url) as archive, archive.sessions() as s:
        url = s.scalars(select(Document.url).order_by(Document.id)).first()
    page = site.root / url.removeprefix(site.server.base_url).lstrip("/")
    html = page.read_bytes()
    marker = "为做好".encode()
    assert marker in html
    page.write_bytes(html.replace(marker, "为切实做好".encode(), 1))
    site.crawl(new_rules=True)
    assert site.count(Version) == versions + 1
