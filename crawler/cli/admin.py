"""Database administration commands."""

from __future__ import annotations

import click

from archive import db
from crawler.cli.common import ConfigProblem, db_option


@click.group("db")
def db_group():
    """Manage the archive database schema."""


@db_group.command("upgrade")
@db_option
def db_upgrade(db_url):
    """Bring the archive's schema up to date (Alembic migrations).

    Back up the database first; versions are never rewritten, only new tables and columns
    are added.

    \b
    Example:
      edunotice db upgrade --db postgresql+psycopg://127.0.0.1/test
    """

    try:
        engine = db.make_engine(db_url)
        before, after = db.upgrade(engine)
    except Exception as exc:  # noqa: BLE001 - report any driver error with the URL
        raise ConfigProblem(f"cannot upgrade {db.describe(db_url)}: {type(exc).__name__}: {exc}") from None
    click.echo(f"{db.describe(db_url)}: schema {before or '(empty)'} -> {after}")


@db_group.command("reindex")
@db_option
def db_reindex(db_url):
    """Rebuild the full-text search index from every stored version (archive.fts).

    The index is kept up to date as versions are stored; rebuild it after restoring a
    backup made without it, or if 'edunotice search' says the index is behind.

    \b
    Example:
      edunotice db reindex --db sqlite:///data/archive.sqlite
    """
    import time

    from archive import fts
    from crawler.cli.common import open_archive

    started = time.monotonic()
    with open_archive(db_url) as archive, archive.engine.begin() as conn:
        count = fts.rebuild(conn)
    click.echo(f"{db.describe(db_url)}: {count} versions indexed in {time.monotonic() - started:.1f} s")


COMMANDS = (db_group,)
