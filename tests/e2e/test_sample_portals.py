"""End to end: serve the sample portals on loopback, crawl them with `edunotice crawl`
(Scrapy's real downloader, in a subprocess), and check the archive against gold values
written by hand in tests/sites/<id>/expected.json.

The tests in this module share one archive and run in file order: first crawl, checks,
then re-crawls that change the sites.
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

from archive.models import Document, Version
from archive.query import SearchFilters, latest_records
from archive.store import Archive
from archive.urls import canonical_url
from crawler.demo import rebase, sample_portals
from crawler.localportals import build_sites, serve_site
from tests import warmcli
from tests.notice_schema import check_exports

SITES_GOLD = Path(__file__).resolve().parents[1] / "sites"


def load_gold() -> dict[str, dict]:
    return {p.parent.name: json.loads(p.read_text(encoding="utf-8")) for p in SITES_GOLD.glob("*/expected.json")}


GOLD = load_gold()


class World:
    """Sites on disk, their servers, portal files and the archive of this module."""

    def __init__(self, root: Path):
        self.root = root
        self.sites = build_sites(root / "sites")
        self.stack = ExitStack()
        self.servers = {pid: self.stack.enter_context(serve_site(path)) for pid, path in self.sites.items()}
        self.data_dir = root / "data"
        self.db_url = f"sqlite:///{root / 'archive.sqlite'}"
        self.portal_files = []
        for portal in sample_portals():
            moved = rebase(portal, self.servers[portal.id].base_url)
            path = root / f"{portal.id}.yaml"
            path.write_text(yaml.safe_dump(moved.as_dict(), allow_unicode=True), encoding="utf-8")
            self.portal_files.append(path)

    def crawl(self, *files: Path, full: bool = False) -> tuple[subprocess.CompletedProcess, list[dict]]:
        args = [a for f in (files or self.portal_files) for a in ("--portal-file", str(f))]
        args += ["--full"] if full else []
        env = {**os.environ, "EDUNOTICE_DATA_DIR": str(self.data_dir)}
        result = warmcli.run(["crawl", *args, "--db", self.db_url, "--json"], env=env, timeout=300)
        summaries = json.loads(result.stdout) if result.stdout.strip() else []
        return result, summaries

    def url(self, portal_id: str, path: str) -> str:
        return canonical_url(self.servers[portal_id].base_url + path)

    def records(self) -> dict[str, dict]:
        with Archive(self.db_url) as archive, archive.sessions() as s:
            return {r["url"]: r for r in latest_records(s, SearchFilters())}


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    w = World(tmp_path_factory.mktemp("e2e"))
    with w.stack:
        result, summaries = w.crawl()
        w.first = (result, summaries)
        yield w


def test_gold_files_cover_every_sample_portal(world):
    assert set(GOLD) == set(world.sites)


def test_first_crawl_archives_every_notice_of_every_portal_without_errors(world):
    result, summaries = world.first
    assert result.returncode == 0, result.stderr[-3000:]
    by_portal = {s["portal_id"]: s for s in summaries}
    for pid, gold in GOLD.items():
        s = by_portal[pid]
        assert s["status"] == "ok", (pid, s["error_samples"])
        assert s["notices_seen"] == gold["notice_count"], pid
        assert s["new_documents"] == gold["notice_count"], pid
        assert s["list_pages"] == gold["list_pages"], pid
        assert s["errors"] == 0, (pid, s["error_samples"])


@pytest.mark.parametrize(
    ("portal_id", "notice"),
    [(pid, n) for pid, gold in GOLD.items() for n in gold["notices"]],
    ids=lambda v: v if isinstance(v, str) else v["path"].rsplit("/", 1)[-1],
)
def test_archived_values_match_gold(world, portal_id, notice):
    record = world.records().get(world.url(portal_id, notice["path"]))
    assert record is not None, f"{notice['path']} not archived"
    assert record["portal"] == portal_id
    assert record["title"] == notice["title"]
    assert record["published"] == notice["published"]
    for key in ("source", "doc_number", "index_number", "issuer", "mirror_posted"):
        if key in notice:
            assert record[key] == notice[key], key
    text = record["text"]
    if "body_start" in notice:
        assert text.startswith(notice["body_start"]), text[:80]
    if "body_end" in notice:
        assert text.rstrip().endswith(notice["body_end"]), text[-80:]
    for unwanted in notice.get("must_not_contain", []):
        assert unwanted not in text, unwanted
    assert set(notice.get("flags", [])) <= set(record["flags"]), record["flags"]
    if "attachment_names" in notice:
        assert sorted(a["title"] for a in record["attachments"]) == sorted(notice["attachment_names"])
        assert all(a["sha256"] and a["size"] for a in record["attachments"]), record["attachments"]
    assert record["warc_file"] and record["warc_offset"] is not None


@pytest.mark.parametrize(
    ("original", "copy"),
    [
        (("kaiping_edu", "/jyj/art/2022/1/12/art_2461_118000.html"),  # traditional, pinyin-damaged copy
         ("xinwenmi_mirror", "/wenmi/jiaoyu/2022/0302/305001.html")),
        (("qingyuan_edu", "/jyj/tzgg/202203/t20220328_1234500.html"),  # paywall-truncated repost
         ("xinwenmi_mirror", "/wenmi/jiaoyu/2022/0402/305002.html")),
        (("qingyuan_edu", "/jyj/tzgg/202311/t20231121_1234501.html"),  # a verbatim repost
         ("xinwenmi_mirror", "/wenmi/jiaoyu/2023/1124/305003.html")),
        (("kaiping_edu", "/jyj/art/2023/11/11/art_2461_118001.html"),  # re-hosted on a doc-share site
         ("docshare_mirror", "/p-1897290.html")),
    ],
    ids=["traditional-mirror", "truncated-repost", "verbatim-repost", "doc-share-rehost"],
)
def test_copies_on_mirrors_join_the_official_notice_and_it_is_the_best_copy(world, original, copy):
    records = world.records()
    official, mirrored = records[world.url(*original)], records[world.url(*copy)]
    assert official["cluster_id"] is not None
    assert mirrored["cluster_id"] == official["cluster_id"]
    result = warmcli.run(["dupes", str(mirrored["document_id"]), "--db", world.db_url, "--json"], timeout=60)
    assert result.returncode == 0, result.stderr
    copies = json.loads(result.stdout)["copies"]
    best = [c for c in copies if c["best"]]
    assert [c["document_id"] for c in best] == [official["document_id"]]
    shown = warmcli.run(["show", str(official["document_id"]), "--db", world.db_url], timeout=60).stdout
    assert f"copies:        1 on other pages ({copy[0]}): edunotice dupes {official['document_id']}" in shown


def test_different_notices_of_one_template_stay_apart(world):
    kaiping = [r for r in world.records().values() if r["portal"] == "kaiping_edu"]
    clusters = {r["cluster_id"] for r in kaiping}
    assert len(clusters) == len(kaiping) == 25


def test_raw_returns_the_served_bytes_exactly_for_a_gbk_page(world):
    notice = GOLD["kaiping_edu"]["notices"][0]
    record = world.records()[world.url("kaiping_edu", notice["path"])]
    env = {**os.environ, "EDUNOTICE_DATA_DIR": str(world.data_dir)}
    raw = warmcli.run(["raw", str(record["document_id"]), "--db", world.db_url], env=env, timeout=60, text=False)
    assert raw.returncode == 0, raw.stderr
    on_disk = world.sites["kaiping_edu"] / notice["path"].lstrip("/")
    assert raw.stdout == on_disk.read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.stdout.decode("utf-8")


def test_warc_files_pass_warcio_check(world):
    files = sorted(world.data_dir.glob("warc/*/*.warc.gz"))
    assert {f.parent.name for f in files} == set(world.sites)
    check = subprocess.run([str(Path(sys.executable).parent / "warcio"), "check", *map(str, files)],
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr


def test_every_exported_record_of_the_crawled_sample_portals_follows_the_schema(world):
    assert check_exports(world.db_url) == sum(g["notice_count"] for g in GOLD.values())


def test_unreachable_portal_is_reported_with_exit_1(world, tmp_path):
    dead = tmp_path / "dead_edu.yaml"
    dead.write_text("id: dead_edu\nname: 不在线的教育局\nstart_urls: [http://127.0.0.1:9/jyj/tzgg/]\n"
                    "allow_private_addresses: true\nlimits: {download_delay: 0}\n", encoding="utf-8")
    result, summaries = world.crawl(dead)
    assert result.returncode == 1
    assert summaries[0]["status"] == "broken"
    assert "http://127.0.0.1:9/jyj/tzgg/" in result.stderr
    assert "connection refused" in result.stderr


def test_incremental_second_crawl_fetches_little_and_adds_nothing(world):
    first_pages = sum(s["pages_fetched"] for s in world.first[1])
    result, summaries = world.crawl()
    assert result.returncode == 0, result.stderr[-3000:]
    assert sum(s["new_versions"] for s in summaries) == 0
    assert all(s["status"] == "ok" for s in summaries), summaries
    # Old notices are not due for a re-check and each walk stops at its first list page.
    assert sum(s["pages_fetched"] for s in summaries) < first_pages / 4


def test_full_recrawl_adds_no_versions_and_an_edited_page_gets_exactly_one(world):
    with Archive(world.db_url) as archive, archive.sessions() as s:
        versions_before = s.scalar(select(func.count()).select_from(Version))
        documents = s.scalar(select(func.count()).select_from(Document))
    assert versions_before == documents

    result, summaries = world.crawl(full=True)
    assert result.returncode == 0, result.stderr[-3000:]
    assert sum(s["new_versions"] for s in summaries) == 0
    assert sum(s["unchanged"] for s in summaries) == documents

    notice = GOLD["qingyuan_edu"]["notices"][0]
    page = world.sites["qingyuan_edu"] / notice["path"].lstrip("/")
    html = page.read_text(encoding="utf-8")
    edited = html.replace(notice["body_end"], notice["body_end"] + "（本条已于发布后修订）", 1)
    assert edited != html
    page.write_text(edited, encoding="utf-8")

    result, summaries = world.crawl(full=True)
    assert result.returncode == 0, result.stderr[-3000:]
    assert sum(s["new_versions"] for s in summaries) == 1
    record = world.records()[world.url("qingyuan_edu", notice["path"])]
    assert record["version"] == 2
    assert "本条已于发布后修订" in record["text"]
