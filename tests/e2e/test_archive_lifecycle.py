"""A portal that changes between nightly runs: edits, deletions, re-additions, replaced
attachments. Real crawls (``edunotice crawl --full`` in a subprocess) of a local copy of
the GBK sample portal; exact version counts, withdrawal and restore events, WARC validity
and byte-exact ``raw`` output are checked after each step.

Tests run in file order and share one site and archive.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from contextlib import ExitStack
from pathlib import Path

import pytest
import yaml
from sqlalchemy import func, select

from archive.models import AttachmentFile, CrawlRun, Document, DocumentEvent, Version
from archive.store import Archive
from archive.urls import canonical_url
from crawler.demo import rebase, sample_portals
from crawler.localportals import build_sites, serve_site
from tests import warmcli

EDITED = "/jyj/art/2022/1/12/art_2461_118000.html"  # the seed notice: its text is edited
DELETED = "/jyj/art/2023/11/11/art_2461_118001.html"  # answers 404 for one run, then returns
UNLISTED = "/jyj/art/2023/9/29/art_2461_118002.html"  # dropped from the list page, file stays
WITH_ATTACHMENTS = "/jyj/art/2023/5/22/art_2461_118005.html"  # its pdf is replaced
REPLACED = "/jyj/attach/kp-xize.pdf"


class Site:
    def __init__(self, root: Path):
        self.root = build_sites(root / "sites")["kaiping_edu"]
        self.stack = ExitStack()
        self.server = self.stack.enter_context(serve_site(self.root))
        portal = next(p for p in sample_portals() if p.id == "kaiping_edu")
        self.portal_file = root / "kaiping_edu.yaml"
        self.portal_file.write_text(yaml.safe_dump(rebase(portal, self.server.base_url).as_dict(),
                                                   allow_unicode=True), encoding="utf-8")
        self.data_dir = root / "data"
        self.db_url = f"sqlite:///{root / 'archive.sqlite'}"
        self.env = {**os.environ, "EDUNOTICE_DATA_DIR": str(self.data_dir)}

    def crawl(self) -> dict:
        result = warmcli.run(["crawl", "--portal-file", str(self.portal_file), "--full", "--db", self.db_url, "--json"],
                             env=self.env, timeout=300)
        assert result.returncode == 0, result.stderr[-3000:]
        return json.loads(result.stdout)[0]

    def path(self, rel: str) -> Path:
        return self.root / rel.lstrip("/")

    def edit(self, rel: str, old: str, new: str) -> None:
        page = self.path(rel)
        html = page.read_bytes().decode("gbk")
        assert old in html
        page.write_bytes(html.replace(old, new, 1).encode("gbk"))

    def document(self, s, rel: str) -> Document:
        return s.scalar(select(Document).where(Document.url == canonical_url(self.server.base_url + rel)))

    def raw(self, document_id: int, version: int) -> bytes:
        result = warmcli.run(["raw", str(document_id), "--version", str(version), "--db", self.db_url],
                             env=self.env, timeout=60, text=False)
        assert result.returncode == 0, result.stderr
        return result.stdout


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    s = Site(tmp_path_factory.mktemp("lifecycle"))
    with s.stack:
        yield s


def versions(s, doc: Document) -> list[int]:
    return list(s.scalars(select(Version.version).where(Version.document_id == doc.id).order_by(Version.version)))


def events(s, doc: Document) -> list[str]:
    return list(s.scalars(select(DocumentEvent.kind).where(DocumentEvent.document_id == doc.id)
                          .order_by(DocumentEvent.id)))


def test_first_run_archives_every_notice_once_with_its_attachments(site):
    site.original = site.path(EDITED).read_bytes()
    summary = site.crawl()
    assert (summary["new_documents"], summary["new_versions"], summary["errors"]) == (25, 25, 0)
    with Archive(site.db_url) as archive, archive.sessions() as s:
        assert s.scalar(select(func.count()).select_from(Version)) == 25
        assert s.scalar(select(func.count()).select_from(AttachmentFile)) == 3
        doc = site.document(s, WITH_ATTACHMENTS)
        assert sorted(a["title"] for a in doc.versions[0].attachments) == ["附件1：报名汇总表.docx", "附件2：实施细则.pdf"]


def test_edit_delete_unlist_and_replaced_attachment_each_have_their_exact_effect(site):
    site.edit(EDITED, "指导各高中全面做好高考备考和总结工作。", "指导各高中全面做好高考备考和总结工作（修订）。")
    site.deleted_bytes = site.path(DELETED).read_bytes()
    site.path(DELETED).unlink()
    index = site.path("/jyj/tzgg/index.htm")
    listing = index.read_bytes().decode("gbk")
    row = next(line for line in listing.splitlines() if UNLISTED in line)
    index.write_bytes(listing.replace(row + "\n", "", 1).encode("gbk"))
    site.path(REPLACED).write_bytes(site.path(REPLACED).read_bytes().replace(b"%%EOF", b"% v2\n%%EOF"))

    summary = site.crawl()
    assert summary["new_versions"] == 2  # the edited text, the replaced attachment
    with Archive(site.db_url) as archive, archive.sessions() as s:
        assert s.get(CrawlRun, summary["run_id"]).withdrawn == 1  # the 404
        assert versions(s, site.document(s, EDITED)) == [1, 2]
        doc = site.document(s, WITH_ATTACHMENTS)
        assert versions(s, doc) == [1, 2]
        old, new = ({a["title"]: a["sha256"] for a in v.attachments} for v in doc.versions)
        assert old["附件1：报名汇总表.docx"] == new["附件1：报名汇总表.docx"]  # unchanged: stored once
        assert old["附件2：实施细则.pdf"] != new["附件2：实施细则.pdf"]
        assert s.scalar(select(func.count()).select_from(AttachmentFile)) == 4
        gone = site.document(s, DELETED)
        assert gone.withdrawn_at is not None and events(s, gone) == ["withdrawn"]
        assert versions(s, gone) == [1]  # nothing is deleted
        unlisted = site.document(s, UNLISTED)
        assert unlisted.withdrawn_at is None and unlisted.missing_runs == 1


def test_raw_returns_each_versions_own_bytes(site):
    with Archive(site.db_url) as archive, archive.sessions() as s:
        doc_id = site.document(s, EDITED).id
    assert site.raw(doc_id, 1) == site.original
    assert site.raw(doc_id, 2) == site.path(EDITED).read_bytes()
    assert site.raw(doc_id, 1) != site.raw(doc_id, 2)


def test_a_page_that_comes_back_is_restored_without_a_new_version(site):
    site.path(DELETED).write_bytes(site.deleted_bytes)
    summary = site.crawl()
    assert summary["new_versions"] == 0
    with Archive(site.db_url) as archive, archive.sessions() as s:
        back = site.document(s, DELETED)
        assert back.withdrawn_at is None
        assert events(s, back) == ["withdrawn", "restored"]
        assert versions(s, back) == [1]
        assert site.document(s, UNLISTED).missing_runs == 2


def test_absence_from_every_list_page_withdraws_after_three_complete_runs(site):
    site.crawl()
    with Archive(site.db_url) as archive, archive.sessions() as s:
        doc = site.document(s, UNLISTED)
        assert doc.withdrawn_at is not None
        reason = s.scalar(select(DocumentEvent.reason).where(DocumentEvent.document_id == doc.id))
        assert "absent from every list page for 3 runs" in reason
        assert s.scalar(select(func.count()).select_from(Version)) == 27


def test_warc_files_of_all_runs_pass_warcio_check_and_repeat_payloads_are_revisits(site):
    files = sorted((site.data_dir / "warc" / "kaiping_edu").glob("*.warc.gz"))
    assert len(files) >= 4
    warcio = str(Path(sys.executable).parent / "warcio")
    check = subprocess.run([warcio, "check", *map(str, files)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    index = subprocess.run([warcio, "index", "-f", "warc-type,warc-target-uri", str(files[-1])],
                           capture_output=True, text=True)
    kinds = [json.loads(line)["warc-type"] for line in index.stdout.splitlines()]
    assert kinds[0] == "warcinfo"
    # The last run re-fetched unchanged list pages: identical payloads are revisit records.
    assert "revisit" in kinds and "request" in kinds


def cli(site: Site, *args: str) -> str:
    result = warmcli.run([*args, "--db", site.db_url], env=site.env, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_show_diff_search_and_export_tell_the_history(site):
    with Archive(site.db_url) as archive, archive.sessions() as s:
        edited, gone, unlisted = (site.document(s, p).id for p in (EDITED, DELETED, UNLISTED))
    shown = cli(site, "show", str(edited))
    assert "first capture" in shown and "text" in shown.split("versions:")[1]
    diff = cli(site, "diff", str(edited), "--from", "1", "--to", "2")
    changed = [line for line in diff.splitlines() if line[:1] in "-+" and not line.startswith(("---", "+++"))]
    assert [line[0] for line in changed] == ["-", "+"]
    assert changed[0].endswith("高考备考和总结工作。") and changed[1].endswith("高考备考和总结工作（修订）。")
    withdrawn = json.loads(cli(site, "search", "", "--withdrawn", "--json"))["hits"]
    assert {r["document_id"] for r in withdrawn} == {unlisted}  # the 404 came back; the unlisted one did not
    exported = {r["document_id"]: r for r in map(json.loads, cli(site, "export", "--format", "jsonl").splitlines())}
    assert exported[unlisted]["withdrawn_at"] and exported[gone]["withdrawn_at"] is None
    assert exported[edited]["version"] == 2
