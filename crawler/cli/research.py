"""Commands for researchers: search, show, export."""

from __future__ import annotations

import csv
import html
import json
import re
import sys
from contextlib import contextmanager
from datetime import date
from typing import TYPE_CHECKING

import click

from crawler.cli.common import (
    ConfigProblem,
    JobFailed,
    db_option,
    emit_json,
    json_option,
    open_archive,
)
from crawler.cli.output import detach_stdout, echo, terminal_safe, write_problem

if TYPE_CHECKING:
    from archive.search import SearchRequest, SearchResult

# The archive (and SQLAlchemy under it) is imported inside each command: `--help` answers
# without loading the database stack.

MAX_QUERY_CHARS = 1000  # longer queries are pasted documents; SQL expressions have depth limits
MAX_QUERY_TERMS = 32


def _iso_date(ctx, param, value):
    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise click.BadParameter(f"'{value}' is not a date; use YYYY-MM-DD") from None


def _version_of(s, doc_id: int, version_no: int | None):
    """(document, its versions, observations, the chosen version: latest or ``version_no``), or
    one line saying why there is none (a document whose every fetch was quarantined has none)."""
    from archive.query import document_history

    found = document_history(s, doc_id)
    if found is None:
        raise ConfigProblem(f"no document {doc_id} in the archive; find ids with 'edunotice search'")
    doc, versions, observations = found
    if not versions:
        raise ConfigProblem(f"document {doc_id} has no version yet: every fetch of it looked like a glitch "
                            "(suspect); see 'edunotice runs' and its observations")
    chosen = versions[-1] if version_no is None else next((v for v in versions if v.version == version_no), None)
    if chosen is None:
        raise ConfigProblem(f"document {doc_id} has versions 1..{len(versions)}, not {version_no}")
    return doc, versions, observations, chosen


def _checked_query(ctx, param, value: str) -> str:
    if len(value) > MAX_QUERY_CHARS or len(value.split()) > MAX_QUERY_TERMS:
        raise ConfigProblem(f"the query has {len(value):,} characters and {len(value.split())} words; the limit "
                            f"is {MAX_QUERY_CHARS} characters and {MAX_QUERY_TERMS} words: search for a "
                            "few distinctive words")
    return value


def search_filter_options(func):
    """The filters search and export share (archive.search.SearchRequest)."""
    options = [
        click.option("--portal", multiple=True, metavar="ID", help="Only this portal (repeatable); unknown ids are an error."),
        click.option("--since", callback=_iso_date, metavar="DATE", help="Published on or after DATE (YYYY-MM-DD)."),
        click.option("--until", callback=_iso_date, metavar="DATE", help="Published on or before DATE."),
        click.option("--kind", type=click.Choice(["official", "mirror"]), help="Only portals of this kind."),
        click.option("--withdrawn/--live", "withdrawn", default=None,
                     help="Only notices the portal has withdrawn (--live: only those still up)."),
        click.option("--has-attachments/--no-attachments", "has_attachments", default=None,
                     help="Only notices with (or without) attachments."),
        click.option("--changed-since", callback=_iso_date, metavar="DATE",
                     help="Only notices that got a new version (2nd or later) fetched on or after DATE."),
        click.option("--collapse-copies", is_flag=True,
                     help="One hit per copy cluster (the same notice on several portals): its best copy."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _request(query: str, **kw) -> SearchRequest:
    from archive.search import SearchRequest

    return SearchRequest(query=query, **{k: v for k, v in kw.items() if k in SearchRequest.__dataclass_fields__})


def _run_search(s, req: SearchRequest) -> SearchResult:
    from archive.search import UnknownPortal
    from archive.search import search as search_notices

    try:
        return search_notices(s, req)
    except UnknownPortal as exc:
        raise ConfigProblem(str(exc)) from None


def _plain_snippet(snippet: str) -> str:
    """A highlighted snippet for the terminal: archived text made safe first (escapes
    stripped), then the match marked (bold on a terminal, [brackets] otherwise)."""
    bold, plain = ("\x1b[1m", "\x1b[0m") if sys.stdout.isatty() else ("[", "]")
    parts = re.split(r"(</?mark>)", snippet)
    marks = {"<mark>": bold, "</mark>": plain}
    return "".join(marks.get(part) or terminal_safe(html.unescape(part)) for part in parts)


@click.command()
@click.argument("query", default="", callback=_checked_query)
@search_filter_options
@click.option("--page", type=click.IntRange(min=1), default=1, show_default=True, help="Page of results.")
@click.option("--limit", "per_page", type=click.IntRange(min=1, max=1000), default=20, show_default=True,
              help="Hits per page.")
@click.option("--exact-count", is_flag=True,
              help="Count every hit exactly, however many (slow for a common word in a large archive).")
@click.option("--count-limit", type=click.IntRange(min=0), default=None, metavar="N",
              help="Count exactly when at most N versions match (default 10,000); past it, without filters, "
                   "the total, facets and 'more' are estimated and labelled 'about'.")
@click.option("--reindex", is_flag=True, help="Rebuild the full-text index first (as 'edunotice db reindex').")
@db_option
@json_option
def search(query, page, per_page, exact_count, count_limit, reindex, db_url, as_json, **filters):
    """Find archived notices whose title or text contains every word of QUERY.

    Matches the latest version of each notice in simplified script, so a traditional-script
    word (中小學) finds simplified text too; a "quoted phrase" is one word with its spaces.
    Prints the total, facets and one page of hits (title matches and official portals
    first, then newest), and how many more there are. --json prints one JSON document:
    total, page, more, facets and the hits (notice records with a highlighted snippet).

    A common word in a large archive is counted by estimate (the hits shown are always
    exact): the total reads "about N" with its 95 % interval, facets are marked estimated,
    and the JSON has count_exact false and count_estimate (method, sample, interval).
    --exact-count counts every hit instead.

    \b
    Examples:
      edunotice search 双减
      edunotice search "工作要点 2022" --portal qingyuan_edu --since 2022-01-01 --json
      edunotice search 中小学 --collapse-copies --page 2
      edunotice search 义务教育 --exact-count
    """
    with open_archive(db_url) as archive:
        if reindex:
            _reindex(archive)
        with archive.sessions() as s:
            limits = {"exact_count": exact_count} | ({} if count_limit is None else {"count_limit": count_limit})
            result = _run_search(s, _request(query, page=page, per_page=per_page, **limits, **filters))
    if as_json:
        emit_json(result.as_dict())
        return
    if not result.total:
        echo(f"no archived notice contains {query!r}" if query else "no archived notice matches", err=True)
        return
    unit = "copy clusters" if result.request.collapse_copies else "notices"
    about = "" if result.count_exact else "about "
    echo(f"{result.describe_total()} {unit}; showing {result.first}-{result.last}"
         + (f" ({about}{result.more:,} more: --page {page + 1})" if result.more else ""))
    if not result.count_exact:
        echo("  (estimated: --exact-count for the exact figure)")
    for name in ("portal", "year", "kind", "flags"):
        values = result.facets.get(name) or []
        if values:
            echo(f"  {name}{' (estimated)' if about else ''}: "
                 + ", ".join(f"{v['value'] or '-'} {about}{v['count']}" for v in values[:8]))
    for record in result.hits:
        mark = "T" if record["title_match"] else " "
        echo(f"{record['document_id']:>6} {mark} {record['published'] or '-':<16}  "
                   f"{record['portal']:<18} {record['title'] or '(no title)'}")
        click.echo(f"{'':>9}{_plain_snippet(record['snippet_html'])}")  # made safe in _plain_snippet


def _reindex(archive) -> int:
    from archive import fts

    with archive.engine.begin() as conn:
        return fts.rebuild(conn)


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
    from archive.history import change_summary
    from archive.query import current_record, pending_links
    from archive.record import DISPLAY_FIELDS

    with open_archive(db_url) as archive, archive.sessions() as s:
        doc, versions, observations, chosen = _version_of(s, doc_id, version_no)
        record = current_record(s, doc, chosen)
        if as_json:
            emit_json(record | {"versions": [
                {"version": v.version, "fetched_at": v.fetched_at.isoformat(timespec="seconds") + "Z",
                 "content_sha256": v.content_sha256, "payload_digest": v.payload_digest,
                 "extractor": v.extractor} for v in versions],
                "copy_links_pending": pending_links(s, doc.id)})
            return
        echo(f"document {doc.id}  {doc.url}")
        echo(f"portal {doc.portal_id}; first seen {doc.first_seen:%Y-%m-%d %H:%M}, "
             f"last seen {doc.last_seen:%Y-%m-%d %H:%M}, {observations} fetches"
             + (f"; WITHDRAWN {doc.withdrawn_at:%Y-%m-%d}" if doc.withdrawn_at else ""))
        if doc.off_host:
            echo("OFF-HOST: on another host than the portal's; a row of the portal's own list links it")
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
        if pending := pending_links(s, doc.id):
            echo(f"{'copies:':<15}links PENDING for {pending} version(s) (the crawl that stored them has not "
                 "linked copies yet): edunotice db link-copies")
        echo("")
        echo(record["text"])


@click.command()
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "parquet"]), default="jsonl", show_default=True)
@click.option("-o", "--output", type=click.Path(allow_dash=True), default="-",
              help="Write to FILE instead of stdout (required for parquet).")
@click.option("--query", default="", metavar="QUERY", help="Only notices matching QUERY (as edunotice search).")
@click.option("--all-versions", is_flag=True, help="Every archived version, not only the latest of each notice.")
@search_filter_options
@db_option
def export(fmt, output, query, all_versions, db_url, **filters):
    """Export archived notices (latest version of each, or --all-versions), one record per line/row.

    Fields follow schemas/notice.schema.json. CSV stores lists (flags, attachments) as JSON;
    Parquet (pyarrow) keeps them as list and list-of-struct columns. Takes the same filters
    as search; without any, every notice is exported.

    \b
    Examples:
      edunotice export --format jsonl -o notices.jsonl
      edunotice export --format csv --portal kaiping_edu > kaiping.csv
      edunotice export --format parquet --all-versions -o versions.parquet
    """
    from archive.record import EXPORT_FIELDS, csv_row
    from archive.search import UnknownPortal, check_portals, iter_records

    if fmt == "parquet" and output == "-":
        raise ConfigProblem("parquet is binary: give a file with -o FILE.parquet")
    req = _request(query, all_versions=all_versions, facets=False, snippets=False, **filters)
    with open_archive(db_url) as archive, archive.sessions() as s:
        try:
            check_portals(s, req.portal)
        except UnknownPortal as exc:
            raise ConfigProblem(str(exc)) from None
        records = iter_records(s, req)
        if fmt == "parquet":
            from archive.parquet import write_parquet

            try:
                count = write_parquet(records, output)
            except OSError as exc:
                raise JobFailed(write_problem(output, exc)) from None
            echo(f"{count} records -> {output}", err=True)
            return
        with _writing(output) as out:
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
    from archive import db
    from archive.warc import read_payload


    with open_archive(db_url) as archive, archive.sessions() as s:
        _doc, _versions, _observations, chosen = _version_of(s, doc_id, version_no)
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
    from archive.history import unified_diff

    with open_archive(db_url) as archive, archive.sessions() as s:
        doc, versions, _observations, _latest = _version_of(s, doc_id, None)
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
