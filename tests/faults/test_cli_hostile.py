"""Hostile archived text and bad input at the command line: escape sequences never reach the
terminal (JSON stays exact), and every bad input is one line with exit 2 or 1, no traceback."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from archive.store import Archive
from archive.warc import WarcCapture
from crawler.cli import cli
from crawler.cli.output import terminal_safe
from crawler.localportals.faultsuite import ESCAPES

PORTAL = {"id": "hostile_edu", "name": "测试教育局", "start_urls": ["https://jyj.example.gov.cn/tzgg/"]}
URL = "https://jyj.example.gov.cn/tzgg/202401/t20240101_1.html"
TITLE = f"关于{ESCAPES}的通知"
UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@pytest.fixture
def archive_env(tmp_path) -> tuple[str, dict]:
    """An archive holding one notice (two versions) whose title and text carry terminal escapes,
    captured in a real WARC file."""
    db_url = f"sqlite:///{tmp_path / 'archive.sqlite'}"
    data_dir = tmp_path / "data"
    with Archive(db_url) as archive:
        archive.register_portal(PORTAL)
        capture = WarcCapture(data_dir, PORTAL["id"], archive)
        for n in (1, 2):
            text = f"第{n}版正文{ESCAPES}结束。\n第二段。"
            body = f"<html><body><h1>{TITLE}</h1><p>{text}</p></body></html>".encode()
            where = capture.capture(url=URL, method="GET", request_headers=[], status=200,
                                    response_headers=[("Content-Type", "text/html")], body=body)
            record = {"url": URL, "title": TITLE, "published": "2024-01-01", "text": text, "text_normalized": text}
            archive.record_notice(portal_id=PORTAL["id"], record=record, fetch_url=URL, http_status=200,
                                  warc_file=where.warc_file, warc_offset=where.offset)
        capture.close()
    return db_url, {"EDUNOTICE_DATA_DIR": str(data_dir)}


def _run(args: list[str], env: dict) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, args, env=env)
    assert "Traceback" not in result.output + result.stderr
    return result.exit_code, result.stdout, result.stderr


def test_terminal_safe_removes_sequences_whole_and_keeps_text():
    assert terminal_safe(f"前{ESCAPES}后\n\t下一行") == "前红字后\n\t下一行"
    assert terminal_safe("普通文字 plain") == "普通文字 plain"


@pytest.mark.parametrize("args", [["show", "1"], ["show", "1", "--version", "1"], ["search", "通知"],
                                  ["diff", "1"], ["runs"]])
def test_human_output_carries_no_escape_sequences(archive_env, args):
    db_url, env = archive_env
    code, out, err = _run([*args, "--db", db_url], env)
    assert code in (0, 1), out + err
    assert not UNSAFE.search(out.replace("\n", "").replace("\t", "")), repr(out[:300])
    if args[0] in ("show", "search"):
        assert "红字" in out  # the text around the sequences is kept


def test_json_and_export_keep_archived_text_exact(archive_env):
    db_url, env = archive_env
    code, out, _ = _run(["show", "1", "--json", "--db", db_url], env)
    assert code == 0 and json.loads(out)["title"] == TITLE
    code, out, _ = _run(["export", "--db", db_url], env)
    assert code == 0 and json.loads(out.splitlines()[0])["title"] == TITLE


def test_an_overlong_query_is_one_line_naming_the_limit(archive_env):
    db_url, env = archive_env
    code, out, err = _run(["search", "招生 " * 15000, "--db", db_url], env)
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and "1000 characters" in err


@pytest.mark.parametrize("target, code", [("/dev/full", 1), ("{tmp}", 2), ("{tmp}/no/such/dir/x.jsonl", 2)])
def test_export_write_errors_are_one_line(archive_env, tmp_path, target, code):
    db_url, env = archive_env
    target = target.format(tmp=tmp_path)
    got, out, err = _run(["export", "-o", target, "--db", db_url], env)
    assert got == code, err
    assert len(err.strip().splitlines()) == 1 and target in err


def test_export_to_a_file_it_may_not_write_is_one_line(archive_env, tmp_path):
    db_url, env = archive_env
    target = Path("/sys/kernel/notes")  # read-only even for root
    if os.geteuid() != 0:
        target = tmp_path / "locked.jsonl"
        target.touch(mode=0o444)
    got, _, err = _run(["export", "-o", str(target), "--db", db_url], env)
    assert got == 2 and "Permission denied" in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("command", [["raw", "1"], ["export"], ["show", "1"]])
def test_a_full_disk_on_stdout_is_one_line_and_exit_1(archive_env, command):
    db_url, env = archive_env
    with open("/dev/full", "wb") as full:
        result = subprocess.run([sys.executable, "-m", "crawler", *command, "--db", db_url], stdout=full,
                                stderr=subprocess.PIPE, text=True, env={**os.environ, **env}, timeout=60)
    assert result.returncode == 1, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "No space left on device" in lines[0], result.stderr


@pytest.mark.parametrize("content, reason", [(b"", "empty input"), (b"  \n", "empty input"),
                                             (bytes(range(256)) * 64, "binary data"),
                                             ("纯文本，没有标记。".encode(), "no HTML markup")])
def test_extract_refuses_what_is_not_an_html_page(tmp_path, content, reason):
    page = tmp_path / "page.html"
    page.write_bytes(content)
    code, out, err = _run(["extract", str(page)], {})
    assert code == 1 and out == ""
    assert "not an HTML page" in err and reason in err and str(page) in err
    assert len(err.strip().splitlines()) == 1


def test_extract_still_reads_a_real_page(tmp_path):
    page = tmp_path / "page.html"
    page.write_text("<html><body><h1>关于开展工作的通知</h1><p>正文内容。</p></body></html>", encoding="utf-8")
    code, out, _ = _run(["extract", str(page), "--json"], {})
    assert code == 0 and json.loads(out)["title"] == "关于开展工作的通知"
