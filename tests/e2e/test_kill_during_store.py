"""One transaction per fetch: a crawl SIGKILLed anywhere in storing a notice leaves no
version without its attachments and no notice counted done that is not fully stored.

Real crawls (``edunotice crawl`` in a subprocess) of a local copy of the kaiping_edu sample
portal (GBK, notices with attachments). ``EDUNOTICE_TEST_KILL_AT=<step>:<n>`` makes the
archive SIGKILL the crawl the n-th time a fetch passes a step of ``archive.versioning.store``;
a second set of trials kills the crawl at random moments against a slowed server. After
every kill the archive is checked; then a normal run resumes and the archive must equal a
crawl that was never killed.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest
import yaml
from sqlalchemy import func, select

from archive.models import AttachmentFile, CrawlRun, Document, Observation, PendingCopyLink, Version
from archive.resume import take_over
from archive.store import Archive
from crawler.demo import rebase, sample_portals
from crawler.localportals import build_sites, serve_site
from crawler.localportals.faults import serve_faulty
from tests import warmcli

PORTAL = "kaiping_edu"
PER_FETCH = ("document", "version", "observation", "attachments", "problems", "committed")  # passed once a fetch
# attachment_row is passed once per new attachment file (the portal has a few): kill at the
# first and the second, i.e. between two attachment rows of one notice.
TRIALS = [("version", 1)] + [(step, 3) for step in PER_FETCH] + [("attachment_row", 1), ("attachment_row", 2)]


@pytest.fixture(scope="module")
def site_root(tmp_path_factory) -> Path:
    return build_sites(tmp_path_factory.mktemp("killsite"))[PORTAL]


def portal_file(root: Path, base_url: str) -> Path:
    portal = next(p for p in sample_portals() if p.id == PORTAL)
    path = root / f"{PORTAL}.yaml"
    path.write_text(yaml.safe_dump(rebase(portal, base_url).as_dict(), allow_unicode=True), encoding="utf-8")
    return path


def crawl(work: Path, definition: Path, kill_at: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "EDUNOTICE_DATA_DIR": str(work / "data")}
    env.pop("EDUNOTICE_TEST_KILL_AT", None)
    if kill_at:
        env["EDUNOTICE_TEST_KILL_AT"] = kill_at
    return warmcli.run(["crawl", "--portal-file", str(definition), "--json",
                        "--db", f"sqlite:///{work / 'archive.sqlite'}"], env=env, timeout=300)


def check_consistent(db_url: str) -> tuple[int, int]:
    """Every version has its attachment files; every notice a run counted done has its version.
    Returns (documents with a version, attachment files)."""
    with Archive(db_url) as archive, archive.sessions() as s:
        files = set(s.scalars(select(AttachmentFile.sha256)))
        for version in s.scalars(select(Version)):
            listed = {a["sha256"] for a in version.attachments or [] if a.get("sha256")}
            assert listed <= files, f"version {version.id} lacks attachment rows {listed - files}"
        for obs in s.scalars(select(Observation).where(Observation.version_id.is_not(None))):
            assert s.get(Version, obs.version_id) is not None
        for run in s.scalars(select(CrawlRun)):
            stored = s.scalar(select(func.count()).select_from(Observation).where(Observation.run_id == run.id))
            assert run.notices_seen == stored, f"run {run.id} counts {run.notices_seen} notices, {stored} stored"
        versioned = s.scalar(select(func.count(func.distinct(Version.document_id))))
        # Copy links are made after the crawl: a document is in a cluster or has a version
        # whose links are pending (show/dupes say so), never silently unlinked.
        unlinked = s.scalars(select(Document.id).where(
            Document.cluster_id.is_(None), Document.id.in_(select(Version.document_id)),
            Document.id.not_in(select(Version.document_id).join(
                PendingCopyLink, PendingCopyLink.version_id == Version.id)))).all()
        assert not unlinked, f"documents {unlinked} have versions but neither copy links nor pending ones"
        return versioned, len(files)


def pending_links(db_url: str) -> int:
    with Archive(db_url) as archive, archive.sessions() as s:
        return s.scalar(select(func.count()).select_from(PendingCopyLink))


@pytest.fixture(scope="module")
def reference(site_root, tmp_path_factory) -> tuple[int, int]:
    """(documents, attachment files) of a crawl never killed."""
    work = tmp_path_factory.mktemp("reference")
    with serve_site(site_root) as server:
        result = crawl(work, portal_file(work, server.base_url))
    assert result.returncode == 0, result.stderr[-2000:]
    counts = check_consistent(f"sqlite:///{work / 'archive.sqlite'}")
    assert counts[1] >= 2, "the sample portal should have attachments"
    return counts


@pytest.mark.parametrize(("step", "n"), TRIALS)
def test_a_kill_at_any_step_of_storing_leaves_the_archive_consistent(site_root, tmp_path, reference, step, n):
    db_url = f"sqlite:///{tmp_path / 'archive.sqlite'}"
    with serve_site(site_root) as server:
        definition = portal_file(tmp_path, server.base_url)
        killed = crawl(tmp_path, definition, kill_at=f"{step}:{n}")
        assert killed.returncode == -signal.SIGKILL, killed.stderr[-2000:]
        assert not _left_behind(tmp_path / "data"), "a process of the killed crawl (its extraction worker) lives on"
        versioned, files = check_consistent(db_url)
        # The fetch being stored when the kill came is entirely absent, or entirely there. Fetches
        # are committed in batches (StorePipeline, EDUNOTICE_STORE_BATCH), so the ones before it in
        # its batch are absent too: at most n - 1 stored, or at least n once its batch committed.
        if step == "attachment_row":
            assert files <= n - 1
        elif step == "committed":
            assert versioned >= n
        else:
            assert versioned <= n - 1
        assert pending_links(db_url) == versioned  # killed before its end: no copy linked yet
        with Archive(db_url) as archive:
            point = take_over(archive, PORTAL)
        assert point is not None and len(point.done) == versioned
        resumed = crawl(tmp_path, definition)
    assert resumed.returncode == 0, resumed.stderr[-2000:]
    assert check_consistent(db_url) == reference
    assert pending_links(db_url) == 0  # the resumed run linked the killed run's versions too


def _left_behind(data_dir: Path, wait: float = 5.0) -> list[int]:
    """Pids of live processes started for a crawl into ``data_dir`` (its environment says so)."""
    marker = f"EDUNOTICE_DATA_DIR={data_dir}".encode()
    deadline = time.monotonic() + wait
    while True:
        alive = []
        for proc in Path("/proc").iterdir():
            try:
                if proc.name.isdigit() and marker in (proc / "environ").read_bytes().split(b"\0"):
                    alive.append(int(proc.name))
            except OSError:  # gone meanwhile, or not ours
                continue
        if not alive or time.monotonic() > deadline:  # PR_SET_PDEATHSIG acts at once; a moment for /proc
            return alive
        time.sleep(0.1)


def _stored_versions(db_path: Path) -> int:
    """Versions stored so far (read-only; 0 before the crawl made the archive)."""
    if not db_path.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=5) as conn:
            return conn.execute("SELECT COUNT(*) FROM versions").fetchone()[0]
    except sqlite3.OperationalError:  # the schema is being created
        return 0


def test_kills_at_random_moments_of_a_real_crawl(site_root, tmp_path, reference):
    db_url = f"sqlite:///{tmp_path / 'archive.sqlite'}"
    rng = random.Random(8)
    env = {**os.environ, "EDUNOTICE_DATA_DIR": str(tmp_path / "data")}
    env.pop("EDUNOTICE_TEST_KILL_AT", None)
    kills = 0
    with serve_faulty(site_root, delay=0.05) as server:
        definition = portal_file(tmp_path, server.base_url)
        for _trial in range(6):
            before = _stored_versions(tmp_path / "archive.sqlite")
            proc = warmcli.start(["crawl", "--portal-file", str(definition), "--json", "--db", db_url], env=env)
            # Kill after a random number of newly stored versions (1-3) plus a random instant:
            # tied to the crawl's progress, not to wall time, so a fast machine is killed mid-crawl too.
            target, deadline = before + rng.randint(1, 3), time.monotonic() + 120
            while proc.poll() is None and _stored_versions(tmp_path / "archive.sqlite") < target \
                    and time.monotonic() < deadline:
                time.sleep(0.02)
            time.sleep(rng.uniform(0.0, 0.15))
            if proc.poll() is None:
                proc.send_signal(signal.SIGKILL)
                kills += 1
            proc.wait(timeout=60)
            check_consistent(db_url)
        final = crawl(tmp_path, definition)
    print(f"random kills: {kills} of 6 trials landed mid-crawl")
    assert kills >= 3, "the crawl finished before most kills: slow the server down"
    assert final.returncode == 0, final.stderr[-2000:]
    assert json.loads(final.stdout)[0]["status"] in ("ok", "attention")
    assert check_consistent(db_url) == reference
    assert pending_links(db_url) == 0
