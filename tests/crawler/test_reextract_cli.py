"""``edunotice reextract`` on a copy of the archive written by release 0.1.0 (real SQLite, real WARC files)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine, func, select

from archive import db
from archive.health import RunFigures, assess
from archive.models import Derivation, Document, Version
from archive.store import Archive
from archive.versioning import Fetch
from crawler.cli import cli

FIXTURE = Path(__file__).resolve().parents[1] / "archive" / "fixtures" / "release_0_1"


@pytest.fixture
def archive_copy(tmp_path, monkeypatch) -> tuple[str, Path]:
    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    url = f"sqlite:///{data / 'archive.sqlite'}"
    engine = create_engine(url)
    db.upgrade(engine)
    engine.dispose()
    monkeypatch.setenv("EDUNOTICE_DATA_DIR", str(data))
    return url, data


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["reextract", *args])
    return result.exit_code, result.stdout, result.stderr


def counts(url: str) -> tuple[int, int]:
    with Archive(url) as archive, archive.sessions() as s:
        return (s.scalar(select(func.count()).select_from(Version)),
                s.scalar(select(func.count()).select_from(Derivation)))


def test_dry_run_counts_and_writes_nothing(archive_copy):
    url, _ = archive_copy
    code, out, _ = run("--dry-run", "--json", "--db", url)
    report = json.loads(out)
    assert code == 0 and report["dry_run"] and report["rederived"] == 78
    assert counts(url) == (78, 0)


def test_portal_and_since_select_the_versions(archive_copy):
    url, _ = archive_copy
    code, out, _ = run("--portal", "kaiping_edu", "--json", "--db", url)
    report = json.loads(out)
    with Archive(url) as archive, archive.sessions() as s:
        kaiping = s.scalar(select(func.count()).select_from(Version).join(Document)
                           .where(Document.portal_id == "kaiping_edu"))
    assert code == 0 and report["examined"] == kaiping and counts(url) == (78, kaiping)
    code, out, _ = run("--since", "2999-01-01", "--json", "--db", url)
    assert json.loads(out)["examined"] == 0
    code, out, _ = run("--db", url)  # text output: one summary line, fields that changed under it
    assert code == 0 and f"{78 - kaiping} re-derived, {kaiping} already current" in out


def test_a_missing_warc_file_is_named_and_exits_1(archive_copy):
    url, data = archive_copy
    lost = next((data / "warc" / "docshare_mirror").glob("*.warc.gz"))
    lost.unlink()
    code, _, err = run("--db", url)
    assert code == 1
    assert "docshare_mirror" in err and "EDUNOTICE_DATA_DIR" in err
    assert counts(url)[0] == 78  # never a version, even when something failed


def test_a_bad_date_is_a_usage_error(archive_copy):
    url, _ = archive_copy
    code, _, err = run("--since", "yesterday", "--db", url)
    assert code == 2 and "YYYY-MM-DD" in err


def test_a_night_of_mostly_suspect_pages_is_broken_with_a_reason():
    usual = RunFigures(links_found=20, notices_seen=20, errors=0, extraction_failures=0, list_pages=2)
    bad = RunFigures(links_found=20, notices_seen=20, errors=0, extraction_failures=0, list_pages=2, suspect=15)
    health = assess(bad, [usual] * 3)
    assert health.broken and "15 of 20 notice pages were suspect" in health.reasons[0]
    assert not assess(RunFigures(links_found=20, notices_seen=20, errors=0, extraction_failures=0,
                                 list_pages=2, suspect=1), [usual] * 3).broken


def test_show_of_a_document_whose_fetches_were_all_suspect_says_so(tmp_path):
    url = f"sqlite:///{tmp_path / 'archive.sqlite'}"
    with Archive(url) as archive:
        archive.register_portal({"id": "test_edu", "name": "测试", "start_urls": ["https://example.gov.cn/"]})
        outcome = archive.store_fetch(Fetch(portal_id="test_edu", url="https://example.gov.cn/1.html",
                                            record={"title": "", "text": ""}, suspect="empty"))
    for command in ("show", "raw", "diff"):
        result = CliRunner().invoke(cli, [command, str(outcome.document_id), "--db", url])
        assert result.exit_code == 2 and "no version yet" in result.stderr, (command, result.output)
