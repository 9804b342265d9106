"""Database location, engine and schema upgrades.

Reads ``EDUNOTICE_DB`` (SQLAlchemy URL) and ``EDUNOTICE_DATA_DIR`` (default ``./data``;
holds the default SQLite file and WARC files). A new, empty database is brought to the
current schema automatically; an older schema asks for ``edunotice db upgrade``.
"""

from __future__ import annotations

import os
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, inspect

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


class SchemaOutdated(RuntimeError):
    """The database was made by an older edunotice; it needs ``edunotice db upgrade``."""


def data_dir() -> Path:
    return Path(os.environ.get("EDUNOTICE_DATA_DIR") or "data")


def default_db_url() -> str:
    return os.environ.get("EDUNOTICE_DB") or f"sqlite:///{data_dir() / 'archive.sqlite'}"


def describe(url: str) -> str:
    """A URL fit for printing (password hidden)."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite:///") and not url.startswith("sqlite:///:memory:"):
        Path(url.removeprefix("sqlite:///")).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    # WAL lets researchers read while a crawl writes; foreign keys are off by default in SQLite.
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


def alembic_config(engine: Engine) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["engine"] = engine
    return cfg


def head_revision() -> str:
    return ScriptDirectory(str(MIGRATIONS_DIR)).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine) -> tuple[str | None, str]:
    """Run migrations to head; return (revision before, revision after)."""
    before = current_revision(engine)
    command.upgrade(alembic_config(engine), "head")
    return before, current_revision(engine) or ""


def ensure_schema(engine: Engine) -> None:
    """Create the schema in an empty database; refuse to use an outdated one."""
    current = current_revision(engine)
    if current is None:
        if inspect(engine).get_table_names():
            raise SchemaOutdated(
                f"{describe(str(engine.url))} has tables but no edunotice schema version; "
                "point --db at an edunotice archive or an empty database"
            )
        upgrade(engine)
    elif current != head_revision():
        raise SchemaOutdated(
            f"{describe(str(engine.url))} is at schema {current}, this edunotice needs "
            f"{head_revision()}: back it up, then run 'edunotice db upgrade --db URL'"
        )
