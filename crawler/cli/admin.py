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

    Creates the archive in an empty database. Back up the database first; versions are
    never rewritten. A migration may recompute document keys (0003_lease_urls does, with
    the new URL rule): it never merges documents and records every clash as an error of
    kind url_rekey.

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


COMMANDS = (db_group,)
