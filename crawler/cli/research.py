"""Commands for researchers: search, show, export."""

from __future__ import annotations

import csv
import json
import sys
from contextlib import contextmanager
from datetime import date

import click

from archive import db
from archive.history import change_summary, unified_diff
from archive.normalize import normalize_text
from archive.query import (
    SearchFilters,
    document_history,
    latest_derivation,
    latest_records,
    notice_record,
)
from archive.record import DISPLAY_FIELDS, EXPORT_FIELDS, csv_row
from archive.warc import read_payload
from crawler.cli.common import (
    ConfigProblem,
    JobFailed,
    db_option,
    emit_json,
    json_option,
    open_archive,
)
from crawler.cli.output import detach_stdout, echo, write_problem

MAX_QUERY_CHARS = 1000  # longer queries are pasted documents; SQL expressions have depth limits
MAX_QUERY_TERMS = 32


def _iso_date(ctx, param, value):
    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise click.BadParameter(f"'{value}' is not a date; use YYYY-MM-DD") from None


def _require_versions(doc_id: int, versions: list) -> None:
    """A document whose every fetch was quarantined (archive.quarantine) has no version yet."""
    if not versions:
        raise ConfigProblem(f"document {doc_id} has no version yet: every fetch of it looked like a glitch "
                            "(suspect); see 'edunotice runs' and its observations")


def _checked_query(ctx, param, value: str) -> str:
    if len(value) > MAX_QUERY_CHARS or len(value.split()) > MAX_QUERY_TERMS:
        raise ConfigProblem(f"the query has {len(value):,} characters and {len(value.split())} words; the limit "
                            f"is {MAX_QUERY_CHARS} characters and {MAX_QUERY_TERMS} words: search for a "
                            "few distinctive words")
    return value


def _query_terms(query: str) -> tuple[str, ...]:
    """Search terms in the archive's normalised script (a traditional query finds simplified text)."""
    return tuple(normalize_text(term)[0] for term in query.split() if term)


@click.command()
@click.argument("query", callback=_checked_query)
@click.option("--portal", multiple=True, metavar="ID", help="Only this portal (repeatable).")
@click.option("--since", callback=_iso_date, metavar="DATE", help="Published on or after DATE (YYYY-MM-DD).")
@click.option("--until", callback=_iso_date, metavar="DATE", help="Published on or before DATE.")
@click.option("--withdrawn", is_flag=True, help="Only notices the portal has withdrawn.")
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True)
@db_option
@json_option
def search(query, portal, since, until, withdrawn, limit, db_url, as_json):
    """Find archived notices whose title or text contains every word of QUERY.

    Matches the latest version of each notice, in simplified script, so 招生 also finds
    招生 written in traditional characters. --json prints one record per line.

    \b
    Examples:
      edunotice search 双减
      edunotice search "工作要点 2022" --portal qingyuan_edu --since 2022-01-01 --json
    """
    filters = SearchFilters(portal=portal, since=since, until=until, withdrawn=withdrawn)
    with open_archive(db_url) as archive, archive.sessions() as s:
        hits = 0
        for record in latest_records(s, filters, _query_terms(query), limit=limit):
            hits += 1
            if as_json:
                emit_json(record)
            else:
                echo(f"{record['document_id']:>6}  {record['published'] or '-':<16}  "
                     f"{record['portal']:<18} {record['title'] or '(no title)'}")
    if not hits and not as_json:
        echo(f"no archived notice contains {query!r}", err=True)


@click.command()
@click.argument("doc_id", type=int)
@click.option("--version", "version_no", type=int, default=None, help="Show version N (default: latest).")
@db_option
@json_option
def show(doc_id, version_no, db_url, as_json):
    """Show one archived notice (latest version, or --version N) and its version history.

    \b
    Example:
      edunotice show 12 --version 1
    """
    with open_archive(db_url) as archive, archive.sessions() as s:
        found = document_history(s, doc_id)
        if found is None:
            raise ConfigProblem(f"no document {doc_id} in the archive; find ids with 'edunotice search'")
        doc, versions, observations = found
        _require_versions(doc_id, versions)
        chosen = versions[-1] if version_no is None else next(
            (v for v in versions if v.version == version_no), None)
        if chosen is None:
            raise ConfigProblem(f"document {doc_id} has versions 1..{len(versions)}, not {version_no}")
        record = notice_record(doc, chosen, latest_derivation(s, chosen))
        if as_json:
            emit_json(record | {"versions": [
                {"version": v.version, "fetched_at": v.fetched_at.isoformat(timespec="seconds") + "Z",
                 "content_sha256": v.content_sha256, "payload_digest": v.payload_digest,
                 "extractor": v.extractor} for v in versions]})
            return
        echo(f"document {doc.id}  {doc.url}")
        echo(f"portal {doc.portal_id}; first seen {doc.first_seen:%Y-%m-%d %H:%M}, "
             f"last seen {doc.last_seen:%Y-%m-%d %H:%M}, {observations} fetches"
             + (f"; WITHDRAWN {doc.withdrawn_at:%Y-%m-%d}" if doc.withdrawn_at else ""))
        echo("versions:")
        for previous, v in zip([None, *versions], versions, strict=False):
            mark = "*" if v is chosen else " "
            echo(f" {mark} {v.version:>3}  fetched {v.fetched_at:%Y-%m-%d %H:%M}  "
                       f"{v.content_sha256[:12]}  {change_summary(previous, v)}")
        echo("")
        for key in (*DISPLAY_FIELDS, "extractor"):  # extractor: archived records only
            value = record[key]
            echo(f"{key + ':':<15}{value if value not in (None, []) else '-'}")
        for a in record["attachments"]:
            echo(f"{'attachment:':<15}{a.get('title')} <{a.get('url')}>")
        if doc.cluster_id is not None:
            from archive.dedup import cluster_members

            others = [m for m, _, _ in cluster_members(s, doc.cluster_id) if m.id != doc.id]
            if others:
                echo(f"{'copies:':<15}{len(others)} on other pages "
                     f"({', '.join(sorted({m.portal_id for m in others}))}): edunotice dupes {doc.id}")
        echo("")
        echo(record["text"])


@click.command()
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl", show_default=True)
@click.option("-o", "--output", type=click.Path(allow_dash=True), default="-",
              help="Write to FILE instead of stdout.")
@click.option("--portal", multiple=True, metavar="ID", help="Only this portal (repeatable).")
@db_option
def export(fmt, output, portal, db_url):
    """Export the latest version of every archived notice, one record per line/row.

    Fields follow schemas/notice.schema.json. CSV stores lists (flags, attachments) as JSON.

    \b
    Examples:
      edunotice export --format jsonl -o notices.jsonl
      edunotice export --format csv --portal kaiping_edu > kaiping.csv
    """
    with open_archive(db_url) as archive, archive.sessions() as s, _writing(output) as out:
        records = latest_records(s, SearchFilters(portal=portal))
        if fmt == "jsonl":
            for record in records:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
        else:
            writer = csv.DictWriter(out, fieldnames=EXPORT_FIELDS)
            writer.writeheader()
            for record in records:
                writer.writerow(csv_row(record))


@contextmanager
def _writing(path: str):
    """The output file (or stdout for -): a path that cannot be opened is a usage error (2),
    a write that fails on the way (a full disk) a failed job (1); one line either way."""
    target = "standard output" if path == "-" else path
    try:
        handle = sys.stdout if path == "-" else open(path, "w", encoding="utf-8", newline="")  # noqa: SIM115
    except OSError as exc:
        raise ConfigProblem(f"cannot open {path} for writing: {exc.strerror or exc}") from None
    try:
        yield handle
        handle.flush()
    except OSError as exc:
        if handle is sys.stdout:
            detach_stdout()
        raise JobFailed(write_problem(target, exc)) from None
    finally:
        if handle is not sys.stdout:
            try:
                handle.close()
            except OSError as exc:
                raise JobFailed(write_problem(target, exc)) from None


@click.command()
@click.argument("doc_id", type=int)
@click.option("--version", "version_no", type=int, default=None, help="Version N (default: latest).")
@db_option
def raw(doc_id, version_no, db_url):
    """Write the original bytes of a version's capture (from its WARC record) to stdout.

    The bytes are the page as the portal served it, in its own encoding (HTTP transfer
    and content encodings undone).

    \b
    Example:
      edunotice raw 12 --version 1 > notice-v1.html
    """

    with open_archive(db_url) as archive, archive.sessions() as s:
        found = document_history(s, doc_id)
        if found is None:
            raise ConfigProblem(f"no document {doc_id} in the archive; find ids with 'edunotice search'")
        _doc, versions, _ = found
        _require_versions(doc_id, versions)
        chosen = versions[-1] if version_no is None else next(
            (v for v in versions if v.version == version_no), None)
        if chosen is None:
            raise ConfigProblem(f"document {doc_id} has versions 1..{len(versions)}, not {version_no}")
        if not chosen.warc_file:
            raise ConfigProblem(f"document {doc_id} version {chosen.version} was archived without a "
                                "WARC capture (EDUNOTICE_WARC_ENABLED was off)")
        try:
            body = read_payload(db.data_dir(), chosen.warc_file, chosen.warc_offset, archive)
        except FileNotFoundError:
            raise ConfigProblem(f"{db.data_dir() / chosen.warc_file} is missing: set EDUNOTICE_DATA_DIR "
                                "to the data directory the crawl wrote to") from None
    try:
        sys.stdout.buffer.write(body)
        sys.stdout.buffer.flush()
    except OSError as exc:
        detach_stdout()
        raise JobFailed(write_problem("standard output", exc)) from None


@click.command()
@click.argument("doc_id", type=int)
@click.option("--from", "from_no", type=int, default=None, help="Older version (default: the one before --to).")
@click.option("--to", "to_no", type=int, default=None, help="Newer version (default: the latest).")
@db_option
def diff(doc_id, from_no, to_no, db_url):
    """Print what changed between two versions of a notice: metadata, then a unified text diff.

    \b
    Examples:
      edunotice diff 12                 # latest version against the one before
      edunotice diff 12 --from 1 --to 3
    """
    with open_archive(db_url) as archive, archive.sessions() as s:
        found = document_history(s, doc_id)
        if found is None:
            raise ConfigProblem(f"no document {doc_id} in the archive; find ids with 'edunotice search'")
        doc, versions, _ = found
        _require_versions(doc_id, versions)
        by_number = {v.version: v for v in versions}
        to_no = to_no or versions[-1].version
        from_no = from_no or to_no - 1
        if from_no not in by_number or to_no not in by_number:
            raise ConfigProblem(
                f"document {doc_id} has versions 1..{len(versions)}; "
                + ("it has only one version, nothing to compare" if len(versions) == 1
                   else f"cannot compare {from_no} with {to_no}"))
        echo(unified_diff(by_number[from_no], by_number[to_no], doc.url))


COMMANDS = (search, show, export, raw, diff)
