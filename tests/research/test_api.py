"""The notebook API: ``archive.open`` searches like the CLI and loads no crawler stack."""

from __future__ import annotations

import json
import subprocess
import sys

import archive
from tests import warmcli


def test_import_archive_loads_no_scrapy_twisted_or_trafilatura(crawled):
    code = ("import sys, archive; a = archive.open(sys.argv[1]); a.search('中小學'); "
            "print([m for m in ('scrapy', 'twisted', 'trafilatura') if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code, crawled.db_url], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_api_search_normalises_like_the_cli(crawled):
    cli = json.loads(warmcli.run(["search", "中小學", "--limit", "100", "--json", "--db", crawled.db_url]).stdout)
    with archive.open(crawled.db_url) as a:
        result = a.search("中小學", per_page=100)
        assert result.total == cli["total"] == 32
        assert [h["document_id"] for h in result.hits] == [h["document_id"] for h in cli["hits"]]
        assert len(a.records("中小學")) == 32
        assert a.search("中小学", portal="kaiping_edu").total == len(a.records("中小学", portal=("kaiping_edu",)))


def test_notice_versions_and_pandas(crawled):
    with archive.open(crawled.db_url) as a:
        edited = a.records("修订")[0]["document_id"]
        versions = a.versions(edited)
        assert [v["version"] for v in versions] == [1, 2]
        assert a.notice(edited)["version"] == 2 and a.notice(edited, version=1)["text"] == versions[0]["text"]
        df = a.to_pandas("双减", all_versions=True)
        assert len(df) == a.search("双减", all_versions=True).total == 8
        assert {"document_id", "flags", "attachments", "text_normalized"} <= set(df.columns)
        try:
            a.notice(10**9)
        except KeyError as exc:
            assert "no document" in str(exc)
        else:
            raise AssertionError("an unknown id must raise KeyError")
