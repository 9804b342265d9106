"""`edunotice extract`: one saved page (or stdin) in any Chinese encoding → the notice record."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from archive.record import EXTRACTED_FIELDS
from crawler.localportals import build_sites
from tests import warmcli

SCHEMA_KEYS = set(EXTRACTED_FIELDS)  # the extracted part of the record (archive/record.py)


@pytest.fixture(scope="module")
def kaiping_page(tmp_path_factory) -> Path:
    site = build_sites(tmp_path_factory.mktemp("sites"))["kaiping_edu"]
    return site / "jyj/art/2022/1/12/art_2461_118000.html"


def run(args: list[str], stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return warmcli.run(["extract", *args], input=stdin, text=False, timeout=60)


@pytest.mark.parametrize("via_stdin", [False, True], ids=["file", "stdin"])
def test_gbk_page_gives_the_record_as_json(kaiping_page, via_stdin):
    url = "http://www.kaiping.gov.cn/jyj/art/2022/1/12/art_2461_118000.html"
    raw = kaiping_page.read_bytes()
    args = ["-" if via_stdin else str(kaiping_page), "--url", url, "--json"]
    result = run(args, raw if via_stdin else None)
    assert result.returncode == 0, result.stderr.decode()
    record = json.loads(result.stdout)
    assert SCHEMA_KEYS <= set(record)
    assert record["title"] == "开平市教育局2022年工作计划"
    assert record["published"] == "2022-01-12T17:20"
    assert record["flags"] == ["spam_removed"]
    assert [a["url"] for a in record["attachments"]] == ["http://www.kaiping.gov.cn/jyj/attach/kp2022plan.pdf"]


def test_a_wrong_encoding_option_is_survived_by_what_the_bytes_say(kaiping_page):
    result = run([str(kaiping_page), "--encoding", "utf-8", "--json"])
    assert result.returncode == 0
    assert json.loads(result.stdout)["title"] == "开平市教育局2022年工作计划"


def test_a_missing_file_is_a_usage_error_naming_it(tmp_path):
    result = run([str(tmp_path / "nope.html")])
    assert result.returncode == 2
    assert "nope.html" in result.stderr.decode()
