"""Commands for archivists: crawl, demo, extract."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path

import click

from archive import db
from archive.record import DISPLAY_FIELDS
from crawler.browser import browser_settings
from crawler.cli.common import (
    ConfigProblem,
    JobFailed,
    db_option,
    emit_json,
    json_option,
    open_archive,
)
from crawler.cli.output import echo
from crawler.cli.settings_option import set_option
from crawler.demo import run_demo
from crawler.extract import extract as run_extract
from crawler.guards import not_html_reason
from crawler.pipelines.store import copy_links_after_crawl
from crawler.portal import PortalConfigError, load_all, load_portal, portals_dir
from crawler.run import crawl_settings, run_crawl


def _load_portals(ids: tuple[str, ...], all_: bool, files: tuple[str, ...]):
    try:
        known = load_all() if (ids or all_) else {}
        chosen = list(known.values()) if all_ else []
        for pid in ids:
            if pid not in known:
                raise ConfigProblem(
                    f"unknown portal '{pid}'. Known portals in {portals_dir()}: "
                    f"{', '.join(sorted(known)) or '(none)'}; or pass --portal-file FILE.yaml"
                )
            chosen.append(known[pid])
        chosen += [load_portal(f) for f in files]
        for portal in chosen:
            browser_settings(portal)  # render: browser without Chromium: exit 2 with what to install
    except PortalConfigError as exc:
        raise ConfigProblem(str(exc)) from None
    if not chosen:
        raise ConfigProblem("name at least one PORTAL_ID, or use --all or --portal-file FILE.yaml")
    return list({p.id: p for p in chosen}.values())


def _summary_dicts(summaries) -> list[dict]:
    return [asdict(s) | {"needs_attention": s.needs_attention} for s in summaries]


def _print_summaries(summaries, as_json: bool) -> None:
    """The summaries on stdout (a table, or JSON); what needs attention on stderr, always."""
    if as_json:
        emit_json(_summary_dicts(summaries))
    else:
        _print_table(summaries)
    for s in summaries:
        if s.resumed_runs:
            echo(f"  {s.portal_id}: resumed interrupted run {', '.join(map(str, s.resumed_runs))}",
                 err=True)
        if s.needs_attention:
            by_kind = ", ".join(f"{kind} {n}" for kind, n in s.errors_by_kind.items())
            echo(f"! {s.portal_id} {s.status}:" + (f" errors: {by_kind}" if by_kind else ""), err=True)
            for line in s.error_samples:
                echo(f"    {line}", err=True)


def _print_table(summaries) -> None:
    header = f"{'portal':<20} {'status':<9} {'lists':>5} {'pages':>5} {'notices':>7} {'new docs':>8} {'new vers':>8} {'errors':>6} {'archived':>8}"
    echo(header)
    for s in summaries:
        echo(f"{s.portal_id:<20} {s.status:<9} {s.list_pages:>5} {s.pages_fetched:>5} "
             f"{s.notices_seen:>7} {s.new_documents:>8} {s.new_versions:>8} {s.errors:>6} "
             f"{s.documents_total:>8}")


@click.command()
@click.argument("portal_ids", nargs=-1, metavar="[PORTAL_ID]...")
@click.option("--all", "all_", is_flag=True, help="Crawl every portal in the portals directory.")
@click.option("--portal-file", "portal_files", multiple=True, type=click.Path(dir_okay=False),
              help="A portal definition kept outside the package (repeatable).")
@click.option("--full", is_flag=True,
              help="Walk every list page and re-check every known notice (default: incremental).")
@click.option("--report", "report", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Also write the summaries as JSON to FILE (for monitoring).")
@click.option("--quiet", "-q", is_flag=True,
              help="No live progress lines (they are shown only when stderr is a terminal).")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Share the portals among N worker processes through a queue in Redis "
                   "(EDUNOTICE_REDIS_URL); one portal per worker at a time, two portals of one host never at once.")
@click.option("--night", default=None, metavar="NAME",
              help="With --workers: the queue's name, so the same command on other machines (same database, "
                   "same Redis) joins this night's queue instead of starting its own.")
@set_option
@db_option
@json_option
def crawl(portal_ids, all_, portal_files, full, report, quiet, workers, night, overrides, db_url, as_json):
    """Crawl portals into the archive and print one summary line per portal.

    Incremental by default: known notices are re-checked with conditional requests on a
    schedule that follows their age, and the list walk stops at pages holding only known
    notices. A portal whose last run was killed is resumed: notices that run stored are not
    fetched again. A portal another run is crawling is skipped (status locked). On a
    terminal a live line per portal shows progress. Exits 1 when any portal needs
    attention (errors recorded, broken, or locked).

    \b
    Examples:
      edunotice crawl qingyuan_edu
      edunotice crawl --all --db postgresql+psycopg://localhost/test
      edunotice crawl --portal-file ~/portals/foshan_edu.yaml
      edunotice crawl --all --report /var/log/edunotice/last.json --quiet
      edunotice crawl qingyuan_edu --set DOWNLOAD_TIMEOUT=60 --set AUTOTHROTTLE_ENABLED=false
      EDUNOTICE_REDIS_URL=redis://127.0.0.1:6379/0 edunotice crawl --all --workers 8
      # on each machine, same database and Redis:
      edunotice crawl --all --workers 8 --night "$(date +%F)" --db postgresql+psycopg://archive/edunotice
    """

    portals = _load_portals(portal_ids, all_, portal_files)
    progress = not quiet and sys.stderr.isatty()
    if night and not workers:
        raise ConfigProblem("--night names the shared queue of --workers: add --workers N")
    if workers:
        _check_redis()
    open_archive(db_url, create=True).close()  # an unreachable or outdated archive: exit 2 with what to do
    try:
        copy_links_after_crawl(crawl_settings(db_url, overrides))
    except ValueError as exc:
        raise ConfigProblem(str(exc)) from None
    if workers:
        summaries = _crawl_with_workers(portals, db_url, {**overrides, "EDUNOTICE_FULL": full}, workers, night)
    else:
        summaries = run_crawl(portals, db_url, {**overrides, "EDUNOTICE_FULL": full, "EDUNOTICE_PROGRESS": progress})
    _print_summaries(summaries, as_json)
    if report:
        Path(report).write_text(json.dumps(_summary_dicts(summaries), ensure_ascii=False, indent=2) + "\n",
                                encoding="utf-8")
    sys.exit(1 if any(s.needs_attention for s in summaries) else 0)


def _check_redis() -> None:
    from crawler.workers import RedisNeeded, connect, redis_settings

    try:
        connect(redis_settings()[0]).close()
    except RedisNeeded as exc:
        raise ConfigProblem(str(exc)) from None


def _crawl_with_workers(portals, db_url, overrides: dict, workers: int, night: str | None):
    from crawler.workers import NightFinished, RedisNeeded, run_workers

    try:
        summaries, deaths = run_workers(portals, db_url, overrides, workers, night)
    except (RedisNeeded, NightFinished) as exc:
        raise ConfigProblem(str(exc)) from None
    for line in deaths:
        echo(f"! {line}", err=True)
    return summaries


@click.command()
@click.option("--port-base", type=int, default=None,
              help="Serve the sample portals from this port on (default: the ports in their definitions).")
@db_option
@json_option
def demo(port_base, db_url, as_json):
    """Serve the bundled sample portals on 127.0.0.1 and crawl them into the archive.

    Running it again archives no new versions (unless the sample pages changed).

    \b
    Example:
      edunotice demo && edunotice search 工作要点
    """

    try:
        open_archive(db_url, create=True).close()
        summaries = run_demo(db_url, db.data_dir() / "localportals", port_base,
                             progress=not as_json and sys.stderr.isatty())
    except OSError as exc:
        raise ConfigProblem(f"{exc}. Free the port or pass --port-base N.") from None
    _print_summaries(summaries, as_json)
    if not as_json:
        echo(f"\narchive: {db.describe(db_url)}")
        echo("next: edunotice search 教育 | edunotice show 1 | edunotice export --format jsonl")
    sys.exit(1 if any(s.needs_attention for s in summaries) else 0)


@click.command()
@click.argument("file", type=click.File("rb"))
@click.option("--url", default=None, help="The page's URL (resolves links; dates in URLs). Default: file://FILE.")
@click.option("--encoding", default=None, help="Charset the server declared, if known (e.g. gbk).")
@click.option("--mirror", is_flag=True, help="The page is a repost (content farm, doc-share): its own dates go to mirror_posted.")
@json_option
def extract(file, url, encoding, mirror, as_json):
    """Run extraction on one saved page and print the notice record.

    FILE is a saved HTML page, or - for standard input.

    \b
    Example:
      curl -s URL | edunotice extract - --url URL --json
    """

    body = file.read()
    problem = not_html_reason(body)
    if problem:
        name = "standard input" if file.name == "<stdin>" else file.name
        raise JobFailed(f"{name}: not an HTML page ({problem}); give a saved HTML page")
    if not url:
        url = "file://" + str(Path(file.name).resolve()) if file.name != "<stdin>" else "file:///stdin"
    record = run_extract(body, url, encoding=encoding, mirror=mirror).to_dict()
    if as_json:
        emit_json(record)
        return
    for key in ("url", *DISPLAY_FIELDS):
        echo(f"{key + ':':<15}{record[key] if record[key] not in (None, []) else '-'}")
    reasons = "; ".join(record["confidence_reasons"])
    echo(f"{'confidence:':<15}{record['confidence']:.2f}" + (f" ({reasons})" if reasons else ""))
    for a in record["attachments"]:
        echo(f"{'attachment:':<15}{a['title']} <{a['url']}>")
    echo("")
    echo(record["text"])


COMMANDS = (crawl, demo, extract)
