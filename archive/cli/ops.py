"""Commands for archivists watching nightly runs: runs."""

from __future__ import annotations

import click

from archive.cli.common import db_option, emit_json, json_option, open_archive
from archive.query import run_rows


@click.command()
@click.option("--portal", multiple=True, metavar="ID", help="Only this portal (repeatable).")
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True)
@db_option
@json_option
def runs(portal, limit, db_url, as_json):
    """List past crawl runs, newest first, with their counts and health.

    \b
    Example:
      edunotice runs --portal qingyuan_edu --limit 5
    """
    with open_archive(db_url) as archive, archive.sessions() as s:
        rows = run_rows(s, portal, limit)
    for row in rows:
        if as_json:
            emit_json(row)
            continue
        took = f"{row['seconds']:.0f}s" if row["seconds"] is not None else "running"
        click.echo(f"{row['run_id']:>5} {row['started_at']} {took:>7} {row['portal']:<18} {row['status']:<9} "
                   f"notices {row['notices_seen']:>4}  new {row['new_documents']:>3}/{row['new_versions']:>3}v  "
                   f"withdrawn {row['withdrawn']:>2}  errors {row['errors']:>3}")
        for reason in row["health_reasons"]:
            click.echo(f"        ! {reason}")


COMMANDS = (runs,)
