"""Shared fixtures: archive databases (real SQLite files, the real local PostgreSQL)."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

POSTGRES_ADMIN_URL = os.environ.get("EDUNOTICE_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'archive.sqlite'}"


@contextmanager
def _postgres_database(template: str | None = None) -> Iterator[str]:
    """A new database on the local server (a copy of ``template`` if given), dropped afterwards."""
    name = f"edunotice_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else "")))
    try:
        yield POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def postgres_url():
    """A fresh, empty PostgreSQL database on the local server, dropped afterwards."""
    with _postgres_database() as url:
        yield url


@pytest.fixture(scope="session")
def _archive_templates(tmp_path_factory):
    """An empty archive at the current schema on each backend, made once per test process:
    ``db_url`` copies it instead of running every migration for every test."""
    from archive.store import Archive

    sqlite_template = tmp_path_factory.mktemp("template") / "archive.sqlite"
    Archive(f"sqlite:///{sqlite_template}").close()
    with _postgres_database() as url:
        Archive(url).close()
        yield sqlite_template, url.rsplit("/", 1)[1]


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path, _archive_templates) -> Iterator[str]:
    """An empty archive at the current schema on both supported backends."""
    sqlite_template, postgres_template = _archive_templates
    if request.param == "sqlite":
        path = tmp_path / "archive.sqlite"
        shutil.copyfile(sqlite_template, path)
        yield f"sqlite:///{path}"
        return
    with _postgres_database(template=postgres_template) as url:
        yield url


def _frozen_portal_count() -> int:
    from crawler.portaltools import frozen_fixtures

    return len(frozen_fixtures(Path(__file__).parent / "sites"))


def _real_site_count() -> int:
    from crawler.localportals.realsites import real_fixtures

    return len(real_fixtures(Path(__file__).parent / "sites"))


def pytest_report_header(config) -> list[str]:
    count, real = _frozen_portal_count(), _real_site_count()
    return [f"frozen portals: {count} under tests/sites/*/frozen" if count else
            "frozen portals: NONE under tests/sites/*/frozen: no portal is guarded against extraction changes",
            f"real-site fixtures: {real} directory portals under tests/sites/*/real" if real else
            "real-site fixtures: NONE under tests/sites/*/real: no directory portal is crawled on its real pages"]


def pytest_terminal_summary(terminalreporter) -> None:
    if not _real_site_count():
        terminalreporter.write_line(
            "real-site fixtures: none in tests/sites/*/real: no directory portal is crawled on its real pages "
            "(format and how to add one: tests/sites/README.md)", yellow=True)
    if not _frozen_portal_count():
        terminalreporter.write_line(
            "frozen portals: none confirmed in tests/sites/*/frozen (add one with `edunotice portals new "
            "URL --id ID --name NAME --fixture-dir tests/sites/ID/frozen`)", yellow=True)
