"""``edunotice reextract``: re-derive stored versions from their WARC records with today's extractor."""

from __future__ import annotations

from datetime import datetime

import click

from archive import db
from crawler.cli.common import db_option, emit_json, json_option, open_archive
from crawler.cli.output import echo
from crawler.cli.research import _iso_date


@click.command()
@click.option("--portal", metavar="ID", default=None, help="Only this portal's versions.")
@click.option("--since", callback=_iso_date, metavar="DATE", help="Only versions fetched on or after DATE (YYYY-MM-DD).")
@click.option("--dry-run", is_flag=True, help="Count what would change; write nothing.")
@db_option
@json_option
def reextract(portal, since, dry_run, db_url, as_json):
    """Re-derive archived versions from their WARC records with today's extractor.

    After a change to the extraction rules or their tables, each version's page (as the
    portal served it) is read back from the WARC files and extracted again. The new record
    is added as a derivation of that version (earlier derivations stay: history, not
    overwrite); search, show and export read the latest one and name its extractor. No
    version is ever created: a version means the portal changed. Versions whose latest
    derivation is already today's are skipped. WARC files are read from
    $EDUNOTICE_DATA_DIR. Exit 1 when some versions' WARC records could not be read.

    \b
    Examples:
      edunotice reextract --dry-run
      edunotice reextract --portal qingyuan_edu --since 2026-01-01 --json
    """
    since_at = datetime.fromisoformat(since) if since else None
    from crawler.reextract import reextract as run_reextract

    with open_archive(db_url) as archive:
        report = run_reextract(archive, db.data_dir(), portal=portal, since=since_at, dry_run=dry_run)
    summary = report.as_dict()
    if as_json:
        emit_json(summary)
    else:
        verb = "would change" if dry_run else "changed"
        echo(f"extractor {report.extractor}: {report.examined} versions examined, "
                   f"{report.rederived} re-derived, {report.already_current} already current; "
                   f"{report.records_changed} records {verb}"
                   + (f" ({summary['versions_per_second']} versions/s)" if summary["versions_per_second"] else ""))
        for name, count in summary["fields_changed"].items():
            echo(f"  {name:<16}{count:>6}")
        for line in report.missing:
            echo(f"not re-derived (WARC record unreadable; check EDUNOTICE_DATA_DIR): {line}", err=True)
    if report.missing:
        raise SystemExit(1)


COMMANDS = (reextract,)
