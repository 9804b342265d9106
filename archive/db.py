"""Database location, engine and schema upgrades.

Reads ``EDUNOTICE_DB`` (SQLAlchemy URL) and ``EDUNOTICE_DATA_DIR`` (default ``./data``;
holds the default SQLite file and WARC files). A new, empty database is brought to the
current schema automatically when the caller may create an archive (a crawl, ``db
upgrade``); read commands open only an existing archive (:class:`NoArchive` otherwise).
An older schema asks for ``edunotice db upgrade``.

Schema creation and upgrades are serialised, so eight first runs started at once on a new
database make one schema: on PostgreSQL by a session advisory lock, on SQLite by an OS
lock on ``<database file>.schema-lock`` (a SQLite file is only ever shared on one host;
the lock file is left in place, deleting it would race with a waiting process).
"""

from __future__ import annotations

import fcntl
import os
import re
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
_REVISION_LINE = re.compile(r'^revision = "([^"]+)"', re.MULTILINE)
# pg_advisory_lock key for schema changes: any fixed 64-bit number ("edunotic" in ASCII).
SCHEMA_LOCK_KEY = 0x6564756E6F746963


class SchemaOutdated(RuntimeError):
    """The database was made by an older edunotice; it needs ``edunotice db upgrade``."""


class NoArchive(RuntimeError):
    """A read command was pointed at a database that holds no archive; nothing was created."""


def data_dir() -> Path:
    return Path(os.environ.get("EDUNOTICE_DATA_DIR") or "data")


def default_db_url() -> str:
    return os.environ.get("EDUNOTICE_DB") or f"sqlite:///{data_dir() / 'archive.sqlite'}"


def describe(url: str) -> str:
    """A URL fit for printing (password hidden)."""
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def sqlite_path(url: str) -> Path | None:
    """The file of a file-backed SQLite URL; None for other databases and in-memory SQLite."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    if parsed.database.startswith("file:"):  # a URI filename (?uri=true): not ours to interpret
        return None
    return Path(parsed.database).expanduser()


def missing_archive(url: str) -> str | None:
    """Why ``url`` certainly holds no archive without connecting (a SQLite file that does not
    exist), else None. Connecting to SQLite would create the file."""
    path = sqlite_path(url)
    if path is not None and not path.exists():
        return f"no archive at {path} (run a crawl or `edunotice db upgrade`)"
    return None


def make_engine(url: str, create: bool = True) -> Engine:
    """An engine for ``url``; with ``create`` a SQLite file's directory is made if missing."""
    path = sqlite_path(url)
    if path is not None and create:
        path.parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _switch_to_wal(cur, wait: float = 30.0) -> None:
    """``PRAGMA journal_mode=WAL``, retried: while other processes open the same new file at
    once, SQLite can answer "database is locked" here without waiting on its busy timeout
    (seen with eight first runs on a loaded machine)."""
    deadline = time.monotonic() + wait
    while True:
        try:
            cur.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    # WAL lets researchers read while a crawl writes; foreign keys are off by default in SQLite.
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA busy_timeout=30000")  # first: switching to WAL needs a moment alone
    _switch_to_wal(cur)
    # In WAL mode NORMAL syncs at checkpoints, not at every commit: a killed process loses
    # nothing committed and a power cut can only roll back whole transactions (the WARC files
    # are not synced either, and resume fetches the notices again). FULL spent a quarter of
    # the archive writer's time in fsync, one per fetch (make bench-throughput).
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


def alembic_config(engine: Engine) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["engine"] = engine
    return cfg


def head_revision() -> str:
    """The newest migration's revision, read from the last ``versions/NNNN_*.py`` file.

    Migrations are one numbered line, so the last file is the head; reading it instead of
    loading Alembic's script directory keeps Alembic (about a third of a read command's
    start-up) out of every command that does not migrate. A test checks it equals Alembic's head.
    """
    last = max((MIGRATIONS_DIR / "versions").glob("[0-9][0-9][0-9][0-9]_*.py"))
    found = _REVISION_LINE.search(last.read_text(encoding="utf-8"))
    if found is None:
        raise RuntimeError(f"{last}: no `revision = \"...\"` line")
    return found.group(1)


def current_revision(engine: Engine) -> str | None:
    """The database's schema revision (Alembic's ``alembic_version`` row), None when it has none."""
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.scalar(text("SELECT version_num FROM alembic_version"))


@contextmanager
def schema_lock(engine: Engine) -> Iterator[None]:
    """Hold the database's schema lock: one process at a time creates or upgrades a schema."""
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            conn.execute(text("SELECT pg_advisory_lock(:key)"), {"key": SCHEMA_LOCK_KEY})
            conn.commit()
            try:
                yield
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": SCHEMA_LOCK_KEY})
                conn.commit()
        return
    path = sqlite_path(str(engine.url))
    if path is None:  # in-memory SQLite is private to this process
        yield
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(f"{path}.schema-lock", "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)  # released by the kernel however the process ends
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def upgrade(engine: Engine) -> tuple[str | None, str]:
    """Run migrations to head under the schema lock; return (revision before, revision after)."""
    with schema_lock(engine):
        before = current_revision(engine)
        _upgrade_to_head(engine)
        return before, current_revision(engine) or ""


def ensure_schema(engine: Engine, create: bool = True) -> None:
    """Check the archive's schema; create it in an empty database when ``create``.

    Raises :class:`NoArchive` for an empty database when not ``create``, and
    :class:`SchemaOutdated` for an older schema or a database holding other tables.
    A schema another process is creating right now is waited for, not misread.
    """
    head = head_revision()
    current = current_revision(engine)
    if current == head:
        return
    if current is None and not create and not inspect(engine).get_table_names():
        raise NoArchive(f"no archive at {describe(str(engine.url))} "
                        "(run a crawl or `edunotice db upgrade`)")
    with schema_lock(engine):
        # Re-read under the lock: a first run may have been creating the schema meanwhile
        # (on SQLite its half-made tables and revision are visible until it finishes).
        current = current_revision(engine)
        if current == head:
            return
        if current is None:
            if inspect(engine).get_table_names():
                raise SchemaOutdated(_not_ours(engine))
            if not create:
                raise NoArchive(f"no archive at {describe(str(engine.url))} "
                                "(run a crawl or `edunotice db upgrade`)")
            _upgrade_to_head(engine)
            return
    raise SchemaOutdated(
        f"{describe(str(engine.url))} is at schema {current}, this edunotice needs "
        f"{head}: back it up, then run 'edunotice db upgrade --db URL'"
    )


def _upgrade_to_head(engine: Engine) -> None:
    from alembic import command

    command.upgrade(alembic_config(engine), "head")


def _not_ours(engine: Engine) -> str:
    return (f"{describe(str(engine.url))} has tables but no edunotice schema version; "
            "point --db at an edunotice archive or an empty database")
