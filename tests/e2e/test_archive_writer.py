"""The crawl thread only crawls: archive writes run on the writer thread (crawler/writer.py),
and a crawl stores the same archive as one writing inline on the reactor.

The four sample portals (copies across portals, GBK, attachments) are crawled in one process
through Scrapy's real downloader, twice into two SQLite files: with the writer thread and
extraction in a worker process (the defaults), and with ``EDUNOTICE_WRITER_THREAD=false`` and
``EDUNOTICE_EXTRACT_PROCESSES=0`` (everything on the reactor, as before). A child process
records the thread of every archive write; the archives are compared on everything but ids
and clock times.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from contextlib import ExitStack

import pytest
import yaml
from sqlalchemy import select

from archive.models import (
    AttachmentFile,
    CrawlRun,
    Document,
    FetchError,
    Observation,
    Payload,
    Version,
)
from archive.store import Archive
from crawler.demo import rebase, sample_portals
from crawler.localportals import build_sites, serve_site

# Runs a crawl like `edunotice crawl` does (crawler.run.run_crawl) and records which thread made
# each archive call: wrapped methods still do the real work on the real database.
CHILD = """
import json, sys, threading
from dataclasses import asdict
from archive.store import Archive
from crawler.portal import load_portal
from crawler.run import run_crawl

calls = []
for name in ("start_run", "fetch_work", "write_batch", "not_modified_work", "error_work", "add_payloads",
             "finish_run"):
    def spy(self, *args, _name=name, _original=getattr(Archive, name), **kwargs):
        calls.append([_name, threading.get_ident()])
        return _original(self, *args, **kwargs)
    setattr(Archive, name, spy)
db_url, settings, files = sys.argv[1], json.loads(sys.argv[2]), sys.argv[3:]
summaries = run_crawl([load_portal(f) for f in files], db_url, settings)
print(json.dumps({"main": threading.main_thread().ident, "calls": calls,
                  "summaries": [asdict(s) for s in summaries]}, default=str))
"""


@pytest.fixture(scope="module")
def crawls(tmp_path_factory):
    """{"thread": (child report, db url), "inline": (...)}: the same sites crawled both ways."""
    root = tmp_path_factory.mktemp("writer")
    sites = build_sites(root / "sites")
    done = {}
    with ExitStack() as stack:
        files = []
        for portal in sample_portals():
            server = stack.enter_context(serve_site(sites[portal.id]))
            path = root / f"{portal.id}.yaml"
            path.write_text(yaml.safe_dump(rebase(portal, server.base_url).as_dict(), allow_unicode=True),
                            encoding="utf-8")
            files.append(str(path))
        children = {}
        for mode, threaded in (("thread", True), ("inline", False)):  # both at once: each waits on its servers
            db_url = f"sqlite:///{root / f'{mode}.sqlite'}"
            settings = {"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False, "EDUNOTICE_WRITER_THREAD": threaded,
                        "EDUNOTICE_EXTRACT_PROCESSES": 1 if threaded else 0, "EDUNOTICE_EXTRACT_POOL_AFTER": 0}
            env = {**os.environ, "EDUNOTICE_DATA_DIR": str(root / f"data-{mode}"), "EDUNOTICE_LOG_LEVEL": "WARNING"}
            children[mode] = (subprocess.Popen([sys.executable, "-c", CHILD, db_url, json.dumps(settings), *files],
                                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env),
                              db_url)
        try:
            for mode, (child, db_url) in children.items():
                stdout, stderr = child.communicate(timeout=600)
                assert child.returncode == 0, stderr[-3000:]
                done[mode] = (json.loads(stdout.strip().splitlines()[-1]), db_url)
        finally:
            for child, _ in children.values():
                child.kill()
    return done


def test_archive_writes_run_off_the_reactor_thread(crawls):
    report, _ = crawls["thread"]
    reactor = {ident for name, ident in report["calls"] if name == "start_run"}
    assert reactor == {report["main"]}  # runs open on the reactor, which runs in the main thread
    writes = [(name, ident) for name, ident in report["calls"] if name != "start_run"]
    stored = sum(name == "fetch_work" for name, _ in writes)  # a fetch's unit of work, for a batch
    assert stored >= sum(s["new_documents"] for s in report["summaries"]) > 0
    assert {name for name, _ in writes} >= {"fetch_work", "write_batch", "add_payloads", "finish_run"}
    assert not [w for w in writes if w[1] == report["main"]], "an archive write ran on the reactor thread"
    assert len({ident for _, ident in writes}) == 1  # one writer thread for every portal of the process


def test_inline_reference_writes_on_the_reactor(crawls):
    report, _ = crawls["inline"]
    assert {ident for _, ident in report["calls"]} == {report["main"]}


def _content(db_url: str) -> dict:
    """The archive without ids and clock times: what a researcher would see."""
    with Archive(db_url) as archive, archive.sessions() as s:
        url = dict(s.execute(select(Document.id, Document.url)).all())
        clusters: dict[int, set[str]] = {}
        for doc in s.scalars(select(Document)):
            clusters.setdefault(doc.cluster_id, set()).add(doc.url)
        return {
            "documents": sorted((d.portal_id, d.url, d.withdrawn_at is None) for d in s.scalars(select(Document))),
            "versions": sorted((url[v.document_id], v.version, v.content_sha256, v.text_sha256, v.title, v.published,
                                v.payload_digest, v.extractor) for v in s.scalars(select(Version))),
            "observations": sorted((url[o.document_id], o.http_status, o.new_version, o.content_sha256,
                                    o.payload_digest, o.suspect or "") for o in s.scalars(select(Observation))),
            "clusters": sorted(sorted(members) for key, members in clusters.items() if key is not None),
            "errors": sorted((e.portal_id, e.url, e.kind) for e in s.scalars(select(FetchError))),
            "attachments": sorted((a.sha256, a.size) for a in s.scalars(select(AttachmentFile))),
            "payloads": sorted(p.digest for p in s.scalars(select(Payload))),
            "runs": sorted((r.portal_id, r.status, r.finish_reason, r.notices_seen, r.new_documents, r.new_versions,
                            r.unchanged, r.errors, r.suspect, r.list_pages, r.links_found)
                           for r in s.scalars(select(CrawlRun))),
        }


def test_the_writer_stores_the_archive_an_inline_crawl_stores(crawls):
    threaded, inline = _content(crawls["thread"][1]), _content(crawls["inline"][1])
    assert threaded["versions"] and threaded["clusters"] and threaded["payloads"]
    assert any(len(members) > 1 for members in threaded["clusters"])  # copies across portals were linked
    for part in threaded:
        assert threaded[part] == inline[part], part
    assert [s["status"] for s in crawls["thread"][0]["summaries"]] == [
        s["status"] for s in crawls["inline"][0]["summaries"]]
