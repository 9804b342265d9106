"""Database administration commands."""

from __future__ import annotations

import click

from archive import db
from crawler.cli.common import ConfigProblem, db_option
from crawler.cli.output import echo


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
    echo(f"{db.describe(db_url)}: schema {before or '(empty)'} -> {after}")


COMMANDS = (db_group,)
