"""A small local portal written by a test: its notice pages, its definition, its crawl.

Tests of one real-web shape (a refresh stub, a list in a frame, a row linking a file, a
notice over several pages, a list sorted oldest first) write the few pages the shape needs
and crawl them with the real ``edunotice crawl`` (tests/warmcli.py) on a real HTTP server.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import yaml

from tests import warmcli

NOTICE_TEXT = "各学校：现将有关事项通知如下，请认真贯彻执行并按时报送材料。"


def notice_page(title: str, day: str, paragraphs: str = f"<p>{NOTICE_TEXT}</p>", tail: str = "") -> str:
    """A notice page: its heading, a 发布日期 line (``day``: YYYY-MM-DD) and its body box."""
    return (f"<html><head><title>{title}</title></head><body><h1>{title}</h1><p>发布日期：{day}</p>"
            f"<div class='content'>{paragraphs}</div>{tail}</body></html>")


def definition(tmp_path: Path, start_url: str, **extra) -> Path:
    """A portal definition file for a local test portal starting at ``start_url``."""
    path = tmp_path / "t.yaml"
    path.write_text(yaml.safe_dump({"id": "t_edu", "name": "测试", "allow_private_addresses": True,
                                    "start_urls": [start_url], **extra}, allow_unicode=True), encoding="utf-8")
    return path


def crawl(tmp_path: Path, portal_file: Path, *extra: str, exit_code: int = 0) -> dict:
    """``edunotice crawl`` of the portal into ``tmp_path``'s archive (data dir beside it); the
    run's JSON report, after checking the command's exit code."""
    result = warmcli.run(["crawl", "--portal-file", str(portal_file), "--db", db_url(tmp_path), "--json", *extra],
                         env={**os.environ, "EDUNOTICE_DATA_DIR": str(tmp_path / "data")}, timeout=300)
    assert result.returncode == exit_code, result.stderr[-2000:]
    return json.loads(result.stdout)[0]


def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'archive.sqlite'}"
