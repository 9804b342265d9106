"""Commands for archivists watching nightly runs: runs."""

from __future__ import annotations

import click

from archive.query import errors_by_kind, run_rows
from crawler.cli.common import db_option, emit_json, json_option, open_archive
from crawler.cli.output import echo


@click.command()
@click.option("--portal", multiple=True, metavar="ID", help="Only this portal (repeatable).")
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True)
@db_option
@json_option
def runs(portal, limit, db_url, as_json):
    """List past crawl runs, newest first, with their counts, errors by kind and health.

    Status: ok, attention (errors recorded, or suspect pages: glitches such as a 200
    maintenance page, quarantined and not versioned), broken (a health rule fired; the reason is
    shown), interrupted (killed or crashed; the next run resumed it), running.

    \b
    Example:
      edunotice runs --portal qingyuan_edu --limit 5
      edunotice runs --json | jq 'select(.status != "ok") | .errors_by_kind'
    """
    with open_archive(db_url) as archive, archive.sessions() as s:
        rows = run_rows(s, portal, limit)
        kinds = errors_by_kind(s, [row["run_id"] for row in rows])
    for row in rows:
        row["changed"] = row["new_versions"] - row["new_documents"]
        row["errors_by_kind"] = kinds[row["run_id"]]
        if as_json:
            emit_json(row)
            continue
        took = f"{row['seconds']:.0f}s" if row["seconds"] is not None else "running"
        by_kind = ", ".join(f"{kind} {n}" for kind, n in row["errors_by_kind"].items())
        echo(f"{row['run_id']:>5} {row['started_at']} {took:>7} {row['portal']:<18} {row['status']:<11} "
                   f"notices {row['notices_seen']:>4}  new {row['new_documents']:>3}  changed {row['changed']:>3}  "
                   f"withdrawn {row['withdrawn']:>2}  errors {row['errors']:>3}"
                   + (f" ({by_kind})" if by_kind else "")
                   + (f"  suspect {row['suspect']} (glitches kept, not versioned)" if row["suspect"] else ""))
        for reason in row["health_reasons"]:
            echo(f"        ! {reason}")


COMMANDS = (runs,)
