"""``edunotice portals check`` and ``portals new``: the maintainer's commands for adding a
portal. A thin layer over ``crawler.portaltools``; registered in the ``portals`` group."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from archive.query import portal_status
from crawler.cli.common import ConfigProblem, db_option, emit_json, json_option, open_archive
from crawler.cli.output import echo
from crawler.portal import PortalConfigError, load_all, load_portal, portal_files, portals_dir
from crawler.portaltools import FetchError, PortalExists, check_portal, new_portal, resolve_portal


@click.group()
def portals():
    """List, validate, check and add portal definitions (crawler/portals/<id>.yaml)."""


def _check_lines(report) -> list[str]:
    out = [f"portal {report.portal} ({report.name}, {report.kind})"]
    for p in report.list_pages:
        out.append(f"list {p.page_no}  {p.url}")
        out.append(f"        ERROR {p.error}" if p.error else
                   f"        {p.links} notice links via {p.strategy or '-'}; next page: {p.next_page or '-'}")
    for n in report.notices:
        out.append(f"notice  {n.url}")
        if n.error:
            out.append(f"        ERROR {n.error}")
            continue
        out.append(f"        title: {n.title or '-'}")
        out.append(f"        published: {n.published or '-'}  source: {n.source or '-'}  "
                   f"body: {n.body_length} chars  flags: {', '.join(n.flags) or '-'}")
    if report.ok:
        links = sum(p.links for p in report.list_pages)
        out.append(f"verdict: OK ({len(report.list_pages)} list pages, {links} notice links, "
                   f"{len(report.notices)} notices sampled)")
    else:
        out.append(f"verdict: {len(report.problems)} problem{'s' if len(report.problems) > 1 else ''}")
        out += [f"  - {problem}" for problem in report.problems]
    return out


@portals.command("check")
@click.argument("id_or_file", metavar="ID_OR_FILE")
@click.option("--pages", type=click.IntRange(min=1), default=2, show_default=True,
              help="List pages to walk per start URL, following pagination.")
@json_option
def portals_check(id_or_file, pages, as_json):
    """Try a portal definition on the live site: discovery on a few list pages, extraction
    on the first 3 notices, and a verdict saying what to fix.

    A one-shot diagnostic (one request at a time, the portal's hosts only, robots.txt
    obeyed), not a crawl: nothing is archived. Exit 1 when something needs fixing (no
    notice links, a pager discovery does not follow, notices without title or date, a
    dead host), 2 for a broken definition or an unknown id.

    \b
    Examples:
      edunotice portals check qingyuan_edu
      edunotice portals check ~/portals/foshan_edu.yaml --pages 3 --json
    """

    try:
        portal = resolve_portal(id_or_file)
    except PortalConfigError as exc:
        raise ConfigProblem(str(exc)) from None
    report = check_portal(portal, pages=pages)
    if as_json:
        emit_json(report.to_dict())
    else:
        for line in _check_lines(report):
            echo(line)
    sys.exit(0 if report.ok else 1)


@portals.command("new")
@click.argument("url")
@click.option("--id", "portal_id", required=True, help="Portal id: lower-case letters, digits, _ (e.g. foshan_edu).")
@click.option("--name", required=True, help="The issuing body's name, e.g. 佛山市教育局.")
@click.option("--kind", type=click.Choice(["official", "mirror"]), default="official", show_default=True,
              help="official: the issuer's own site; mirror: a repost or content farm.")
@click.option("--dir", "directory", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where to write <id>.yaml. Default: the portals directory ($EDUNOTICE_PORTALS_DIR).")
@click.option("--fixture-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where to freeze the pages. Default: tests/sites/<id>/frozen/.")
@click.option("--force", is_flag=True, help="Overwrite an existing definition and fixture.")
def portals_new(url, portal_id, name, kind, directory, fixture_dir, force):
    """Write a portal definition from its notice list page URL and freeze a test fixture.

    Fetches URL, runs discovery, writes <id>.yaml (id, name, kind, start_urls) and checks
    it loads. Then saves the list page and the first notice page under the fixture
    directory with an expected.json holding the extractor's current output, marked
    "confirmed": false: tests/test_frozen_portals.py fails until a person has checked
    those values and set it to true. Exit 1 when discovery needs help (nothing frozen).

    \b
    Example:
      edunotice portals new https://www.example.gov.cn/jyj/tzgg/ --id foshan_edu --name 佛山市教育局
    """

    try:
        result = new_portal(url, portal_id, name, kind, directory, fixture_dir, force)
    except (PortalConfigError, PortalExists) as exc:
        raise ConfigProblem(str(exc)) from None
    except FetchError as exc:
        raise click.ClickException(f"{exc}; nothing written") from None
    listing = result.list_page
    echo(f"wrote {result.definition}")
    echo(f"  discovery: {listing.links} notice links via {listing.strategy}; next page: {listing.next_page or '-'}")
    for path in result.fixture:
        echo(f"wrote {path}")
    for problem in result.problems:
        echo(f"! {problem}")
    if result.fixture:
        echo(f"next: check the values in {result.fixture[-1]}, then set \"confirmed\": true")
    target = portal_id if result.definition.parent.resolve() == portals_dir().resolve() else result.definition
    echo(f"next: edunotice portals check {target}")
    sys.exit(1 if result.problems else 0)


@portals.command("list")
@json_option
def portals_list(as_json):
    """List the portal definitions in the portals directory ($EDUNOTICE_PORTALS_DIR).

    \b
    Example:
      edunotice portals list --json
    """
    try:
        found = load_all()
    except PortalConfigError as exc:
        raise ConfigProblem(str(exc)) from None
    for p in found.values():
        if as_json:
            emit_json(p.as_dict())
        else:
            echo(f"{p.id:<20} {p.kind:<9} {p.name}  {' '.join(p.start_urls)}")


@portals.command("status")
@db_option
@json_option
def portals_status(db_url, as_json):
    """Each archived portal's last run, last success, notice trend and health.

    \b
    Example:
      edunotice portals status --json
    """
    with open_archive(db_url) as archive, archive.sessions() as s:
        rows = portal_status(s)
    for row in rows:
        if as_json:
            emit_json(row)
            continue
        trend = " ".join(str(n) for n in row["notices_trend"]) or "-"
        echo(f"{row['portal']:<20} {row['last_run_status'] or 'never':<9} "
             f"last success {row['last_success_at'] or 'never':<21} "
             f"docs {row['documents']:>5} (withdrawn {row['withdrawn']})  notices/run: {trend}")
        for reason in row["health_reasons"]:
            echo(f"    ! {reason}")


@portals.command("validate")
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False))
def portals_validate(files):
    """Check portal definition files against schemas/portal.schema.json.

    With no FILE, checks every definition in the portals directory. Every problem is
    printed, naming the file and field; exit 2 if there was any.

    \b
    Example:
      edunotice portals validate crawler/portals/qingyuan_edu.yaml
    """
    paths = [Path(f) for f in files] or portal_files()
    problems = 0
    for path in paths:
        try:
            portal = load_portal(path)
        except PortalConfigError as exc:
            problems += 1
            echo(f"error: {exc}", err=True)
            continue
        echo(f"ok: {path} ({portal.id})")
    if problems:
        sys.exit(2)


COMMANDS = (portals,)
