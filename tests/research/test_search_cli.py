"""``edunotice search`` / ``export`` / ``db reindex`` as users run them (subprocesses) on the
crawled sample portals, and the index kept up to date by the store."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from archive import fts
from archive.search import SearchRequest, search
from archive.store import Archive
from tests import warmcli

SCHEMA = json.loads((Path(__file__).resolve().parents[2] / "schemas" / "notice.schema.json").read_text())
RELEASE_0_1 = Path(__file__).resolve().parents[1] / "archive" / "fixtures" / "release_0_1"


def run(crawled, *args, db_url=None) -> subprocess.CompletedProcess:
    return warmcli.run([*args, "--db", db_url or crawled.db_url], timeout=120)


def test_search_counts_pages_and_says_how_many_more(crawled):
    out = run(crawled, "search", "教育", "--limit", "10")
    assert out.returncode == 0, out.stderr
    first = out.stdout.splitlines()[0]
    total = int(first.split()[0])
    assert total > 50 and f"showing 1-10 ({total - 10} more: --page 2)" in first
    last_page = (total + 9) // 10
    data = json.loads(run(crawled, "search", "教育", "--limit", "10", "--page", str(last_page), "--json").stdout)
    assert data["more"] == 0 and data["first"] == (last_page - 1) * 10 + 1 and data["last"] == total


def test_search_ranks_title_matches_then_official_copies_first(crawled):
    data = json.loads(run(crawled, "search", "招生", "--limit", "50", "--json").stdout)
    flags = [h["title_match"] for h in data["hits"]]
    assert flags == sorted(flags, reverse=True) and True in flags and False in flags
    assert all("<mark>招生</mark>" in h["snippet_html"] for h in data["hits"] if not h["title_match"])
    body_hits = [h for h in data["hits"] if not h["title_match"]]
    kinds = ["mirror" in h["portal"] for h in body_hits]
    assert kinds == sorted(kinds)  # official portals before mirrors within a title class


def test_collapse_copies_gives_one_hit_per_cluster_and_its_best_copy(crawled):
    plain = json.loads(run(crawled, "search", "中小学", "--limit", "100", "--json").stdout)
    collapsed = json.loads(run(crawled, "search", "中小学", "--collapse-copies", "--limit", "100", "--json").stdout)
    clusters = {h["cluster_id"] for h in plain["hits"]}
    assert collapsed["total"] == len(clusters) < plain["total"]
    assert len({h["cluster_id"] for h in collapsed["hits"]}) == collapsed["total"]
    with Archive(crawled.db_url) as archive, archive.sessions() as s:
        from archive.models import CopyCluster

        best = {c.id: c.best_document_id for c in s.query(CopyCluster)}
    matched = {h["document_id"] for h in plain["hits"]}
    for hit in collapsed["hits"]:
        if best.get(hit["cluster_id"]) in matched:
            assert hit["document_id"] == best[hit["cluster_id"]]


def test_facets_count_the_hits(crawled):
    data = json.loads(run(crawled, "search", "招生", "--json").stdout)
    for name in ("portal", "kind", "year", "agency", "region"):
        assert sum(v["count"] for v in data["facets"][name]) == data["total"], name
    assert data["facets"]["flags"] is not None


def test_filters_narrow_as_the_scan_does(crawled):
    with Archive(crawled.db_url) as archive, archive.sessions() as s:
        everything = search(s, SearchRequest(per_page=500, facets=False)).hits
        cases = {
            "kind": (SearchRequest(kind="mirror", per_page=500), lambda h: "mirror" in h["portal"]),
            "since": (SearchRequest(since="2023-01-01", per_page=500), lambda h: (h["published"] or "") >= "2023-01-01"),
            "until": (SearchRequest(until="2021-12-31", per_page=500),
                      lambda h: bool(h["published"]) and h["published"][:10] <= "2021-12-31"),
            "attachments": (SearchRequest(has_attachments=True, per_page=500), lambda h: bool(h["attachments"])),
            "portal": (SearchRequest(portal=("kaiping_edu",), per_page=500), lambda h: h["portal"] == "kaiping_edu"),
            "changed": (SearchRequest(changed_since="2000-01-01", per_page=500), lambda h: h["version"] > 1),
        }
        for name, (req, keep) in cases.items():
            got = {h["document_id"] for h in search(s, req).hits}
            want = {h["document_id"] for h in everything if keep(h)}
            assert got == want and got, name


def test_unknown_portal_is_a_usage_error(crawled):
    out = run(crawled, "search", "双减", "--portal", "no_such_portal")
    assert out.returncode == 2 and "unknown portal no_such_portal" in out.stderr and "kaiping_edu" in out.stderr
    assert run(crawled, "export", "--portal", "no_such_portal").returncode == 2


def test_parquet_export_has_the_schema_fields_and_types(crawled, tmp_path):
    target = tmp_path / "all.parquet"
    out = run(crawled, "export", "--format", "parquet", "--all-versions", "-o", str(target))
    assert out.returncode == 0, out.stderr
    table = pq.read_table(target)
    assert set(SCHEMA["properties"]) <= set(table.column_names)
    types = {f.name: str(f.type) for f in table.schema}
    assert types["flags"] == "list<element: string>"
    assert types["attachments"].startswith("list<element: struct<title: string, url: string")
    assert types["document_id"] == types["version"] == types["warc_offset"] == "int64"
    rows = table.to_pylist()
    jsonl = [json.loads(line) for line in run(crawled, "export", "--all-versions").stdout.splitlines()]
    assert len(rows) == len(jsonl) == 79  # 78 notices, one with a second version
    by_key = {(r["document_id"], r["version"]): r for r in jsonl}
    for row in rows:
        expected = by_key[(row["document_id"], row["version"])]
        assert row["flags"] == expected["flags"] and row["text"] == expected["text"]
        assert [a["url"] for a in row["attachments"]] == [a["url"] for a in expected["attachments"]]
    filtered = tmp_path / "kaiping.parquet"
    run(crawled, "export", "--format", "parquet", "--portal", "kaiping_edu", "--query", "招生", "-o", str(filtered))
    kaiping = pq.read_table(filtered).to_pylist()
    assert kaiping and {r["portal"] for r in kaiping} == {"kaiping_edu"}
    assert all("招生" in (r["title"] or "") + r["text_normalized"] for r in kaiping)
    assert run(crawled, "export", "--format", "parquet").returncode == 2  # binary needs -o FILE


def test_a_new_version_moves_the_notice_in_search(crawled):
    from tests.research.conftest import EDITED_TO

    with Archive(crawled.db_url) as archive, archive.sessions() as s:
        latest = search(s, SearchRequest(query="修订", per_page=50)).hits
        old = search(s, SearchRequest(query="修订", all_versions=True, per_page=50)).hits
    assert len(latest) == 1 and latest[0]["version"] == 2 and EDITED_TO in latest[0]["text"]
    assert [h["version"] for h in old] == [2]  # version 1 never had the word


def test_upgrading_a_0_1_archive_builds_the_index_and_reindex_rebuilds_it(tmp_path):
    shutil.copytree(RELEASE_0_1, tmp_path / "old")
    url = f"sqlite:///{tmp_path / 'old' / 'archive.sqlite'}"
    out = warmcli.run(["db", "upgrade", "--db", url], timeout=120)
    assert out.returncode == 0, out.stderr
    with Archive(url) as archive:
        with archive.engine.connect() as conn:
            assert fts.is_indexed(conn)
        with archive.sessions() as s:
            assert search(s, SearchRequest(query="双减")).total == 8
    out = warmcli.run(["db", "reindex", "--db", url], timeout=120)
    assert out.returncode == 0 and "78 versions indexed" in out.stdout


@pytest.mark.parametrize("args", [["search", "双减", "--reindex"]])
def test_search_reindex_flag(crawled, tmp_path, args):
    shutil.copy(crawled.db_url.removeprefix("sqlite:///"), tmp_path / "a.sqlite")
    out = run(crawled, *args, db_url=f"sqlite:///{tmp_path / 'a.sqlite'}")
    assert out.returncode == 0 and out.stdout.startswith("8 notices")


def test_case_folding_lowers_ascii_letters_only():
    from archive import fts

    # Full-width Ａ, accented É and Greek Σ keep their case: both backends fold ASCII only.
    assert fts.fold("PDF版《通知》Doc ＡÉΣ 2O22") == "pdf版《通知》doc ＡÉΣ 2o22"
