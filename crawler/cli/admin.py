"""Database administration commands."""

from __future__ import annotations

import sys

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

    Creates the archive in an empty database. Back up the database first; versions are
    never rewritten. A migration may recompute document keys (0003_lease_urls does, with
    the new URL rule): it never merges documents and records every clash as an error of
    kind url_rekey.

    \b
    Example:
      edunotice db upgrade --db postgresql+psycopg://127.0.0.1/test
    """

    engine = db.make_engine(db_url)
    try:
        reported = _rekey_reports(engine)
        before, after = db.upgrade(engine)
        reported = _rekey_reports(engine) - reported
    except Exception as exc:  # noqa: BLE001 - report any driver error with the URL
        raise ConfigProblem(f"cannot upgrade {db.describe(db_url)}: {type(exc).__name__}: {exc}") from None
    finally:
        engine.dispose()
    echo(f"{db.describe(db_url)}: schema {before or '(empty)'} -> {after}")
    if reported:
        echo(f"{reported} document key problem(s) need a person (warnings above): keys kept to "
                   "avoid merging notices, or one document archived from URLs now distinct. Nothing "
                   "was merged; they are recorded in fetch_errors with kind 'url_rekey'.", err=True)
        sys.exit(1)


def _rekey_reports(engine) -> int:
    """How many url_rekey problems the archive holds (0 before it has the table)."""
    from sqlalchemy import inspect, text

    if "fetch_errors" not in inspect(engine).get_table_names():
        return 0
    with engine.connect() as conn:
        return conn.scalar(text("SELECT count(*) FROM fetch_errors WHERE kind = 'url_rekey'")) or 0


@db_group.command("reindex")
@db_option
def db_reindex(db_url):
    """Rebuild the full-text search index from every stored version, as its latest derivation reads it (archive.fts).

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


@db_group.command("link-copies")
@db_option
def db_link_copies(db_url):
    """Make the copy links a crawl left pending (archive.dedup): clusters and best copies.

    A crawl stores its versions first and links their copies in one batch when it ends
    (EDUNOTICE_COPY_LINKS=after_crawl). A crawl killed before that leaves them pending:
    'edunotice show' and 'edunotice dupes' say so, and the next crawl or this command links
    them, with the same result as linking each when it was stored.

    \b
    Example:
      edunotice db link-copies --db sqlite:///data/archive.sqlite
    """
    import time

    from crawler.cli.common import open_archive

    started = time.monotonic()
    with open_archive(db_url) as archive:
        count = archive.link_pending_copies()
    echo(f"{db.describe(db_url)}: copy links made for {count} versions in {time.monotonic() - started:.1f} s")


COMMANDS = (db_group,)
