"""``edunotice portals check`` and ``portals new``: the maintainer's commands for adding a
portal. A thin layer over ``crawler.portaltools``; registered in the ``portals`` group."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from archive.query import portal_status
from crawler.cli.common import ConfigProblem, db_option, emit_json, json_option, open_archive
from crawler.cli.output import echo
from crawler.portal import PortalConfigError, load_portal, portal_files, portals_dir
from crawler.portaldirectory import (
    LEVELS,
    all_portals,
    default_list_target,
    directory_dir,
    entry_problems,
    find_portal,
    known_definitions,
    new_from_list,
    read_portal_list,
    record_verdict,
    select,
    verdict_text,
)
from crawler.portaltools import PageUnreachable, PortalExists, check_portal, new_portal


@click.group()
def portals():
    """List, validate, check and add portal definitions (crawler/portals/<id>.yaml)."""


def _check_lines(report) -> list[str]:
    out = [f"portal {report.portal} ({report.name}, {report.kind})"]
    for p in report.list_pages:
        out.append(f"list {p.page_no}  {p.url}")
        if p.error:
            out.append(f"        ERROR {p.error}")
            continue
        out.append(f"        {p.links} notice links via {p.strategy or '-'}; next page: {p.next_page or '-'}"
                   f" ({p.pagination or 'none'})")
        out += [f"        + {t['date'] or '----------'}  {t['url']}  {t['title'] or ''}"
                + ("  [off-host]" if t.get("off_host") else "") for t in p.taken]
        out += [f"        ! NOT TAKEN ({m['reason']})  {m['url']}  {m['title']}" for m in p.not_taken]
        out += [f"        note: {note}" for note in p.notes]
    for n in report.notices:
        out.append(f"notice  {n.url}" + ("  [off-host: linked by the portal's list]" if n.off_host else ""))
        if n.error:
            out.append(f"        ERROR {n.error}")
            continue
        out.append(f"        title: {n.title or '-'}")
        out.append(f"        published: {n.published or '-'}  source: {n.source or '-'}  "
                   f"body: {n.body_length} chars  flags: {', '.join(n.flags) or '-'}")
    need = report.needs_browser
    if need is not None:
        out.append(f"verdict: needs_browser ({need.kind}): set 'render: browser' in the definition "
                   "and check again")
        out += [f"  - {problem}" for problem in report.problems]
    elif report.ok:
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
@click.option("--record", is_flag=True,
              help="Store the verdict and today's date in the definition (verified, verified_at, verdict).")
@json_option
def portals_check(id_or_file, pages, record, as_json):
    """Try a portal definition on the live site: discovery on a few list pages, extraction
    on the first 3 notices, and a verdict saying what to fix.

    Every notice link taken is printed (+; [off-host] when a row of the list links it on
    another host, taken as off_host_notices: take does), and every row of the list that
    looks like a notice but was not taken (! NOT TAKEN, with the reason: off_portal,
    attachment, script_link, not_selected, unrecognised); such rows, and a list paged by
    script, fail the verdict.

    A one-shot diagnostic (one request at a time, the portal's hosts and the off-host
    notices its list links, robots.txt obeyed), not a crawl: nothing is archived. Exit 1 when something needs fixing (no
    notice links, a pager discovery does not follow, notices without title or date, a
    dead host, or verdict needs_browser: a JavaScript challenge or a list built by a script,
    fixed by 'render: browser'), 2 for a broken definition or an unknown id.

    \b
    Examples:
      edunotice portals check qingyuan_edu
      edunotice portals check ~/portals/foshan_edu.yaml --pages 3 --json
      edunotice portals check guangdong_edu --record
    """

    try:
        portal = find_portal(id_or_file)
    except PortalConfigError as exc:
        raise ConfigProblem(str(exc)) from None
    report = check_portal(portal, pages=pages)
    if as_json:
        emit_json(report.to_dict())
    else:
        for line in _check_lines(report):
            echo(line)
    if record:
        _record(portal, report)
    sys.exit(0 if report.ok else 1)


def _record(portal, report) -> None:
    """Write the verdict into the definition the check read (stderr says where)."""
    try:
        record_verdict(Path(portal.source_file), report.ok, verdict_text(report))
    except (OSError, PortalConfigError) as exc:
        raise ConfigProblem(f"{portal.source_file}: cannot record the verdict: {exc}") from None
    echo(f"recorded verified: {str(report.ok).lower()} in {portal.source_file}", err=True)


@portals.command("new")
@click.argument("url", required=False)
@click.option("--id", "portal_id", help="Portal id: lower-case letters, digits, _ (e.g. foshan_edu).")
@click.option("--name", help="The issuing body's name, e.g. 佛山市教育局.")
@click.option("--kind", type=click.Choice(["official", "mirror"]), default="official", show_default=True,
              help="official: the issuer's own site; mirror: a repost or content farm.")
@click.option("--dir", "directory", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where to write <id>.yaml. Default: the portals directory ($EDUNOTICE_PORTALS_DIR).")
@click.option("--fixture-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where to freeze the pages. Default: $EDUNOTICE_DATA_DIR/frozen/<id>/; "
                   "in a repository, tests/sites/<id>/frozen/.")
@click.option("--force", is_flag=True, help="Overwrite an existing definition and fixture.")
@click.option("--from-list", "from_list", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write many definitions from a TSV file (name, URL, region code[, id]) into the portal "
                   "directory (or --dir); --fixture-dir is then a root holding <id>/frozen/.")
def portals_new(url, portal_id, name, kind, directory, fixture_dir, force, from_list):
    """Write a portal definition from its notice list page URL and freeze a test fixture.

    Fetches URL, runs discovery, writes <id>.yaml (id, name, kind, start_urls) and checks
    it loads. Then saves the list page and the first notice page under the fixture
    directory with an expected.json holding the extractor's current output, marked
    "confirmed": false: tests/test_frozen_portals.py fails until a person has checked
    those values and set it to true. Exit 1 when discovery needs help (nothing frozen).

    With --from-list FILE.tsv, one definition per row (columns: name, URL, 6-digit 行政区划代码,
    optional id; default id from the host), each with its region, agency, the saved list page as
    evidence and verified: false. Rows whose URL is already a start URL of a definition are
    refused. Prints one line per row and exits 1 if any needs attention.

    \b
    Examples:
      edunotice portals new https://www.example.gov.cn/jyj/tzgg/ --id foshan_edu --name 佛山市教育局
      edunotice portals new --from-list bureaus.tsv --fixture-dir tests/sites
    """
    if from_list is not None:
        if url or portal_id or name or force:
            raise click.UsageError("--from-list takes no URL, --id, --name or --force (they come from the file)")
        _new_from_list(from_list, directory, fixture_dir, kind)
        return
    if not (url and portal_id and name):
        raise click.UsageError("give URL, --id and --name (or --from-list FILE.tsv)")
    try:
        result = new_portal(url, portal_id, name, kind, directory, fixture_dir, force)
    except (PortalConfigError, PortalExists) as exc:
        raise ConfigProblem(str(exc)) from None
    except PageUnreachable as exc:
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


def _new_from_list(from_list: Path, directory: Path | None, fixture_root: Path | None, kind: str) -> None:
    target = directory or default_list_target()
    try:
        entries = read_portal_list(from_list)
        known = known_definitions(target)
    except PortalConfigError as exc:
        raise ConfigProblem(str(exc)) from None
    outcomes = new_from_list(entries, target, fixture_root, known, kind)
    for o in outcomes:
        mark = "!" if o.needs_attention else "ok"
        written = f"{o.links} notice links via {o.strategy or '-'}" if o.definition else "not written"
        echo(f"{mark:<3}{o.entry.portal_id:<24} line {o.entry.line:<4} {written}  {o.entry.url}")
        for problem in o.problems:
            echo(f"      - {problem}")
    attention = sum(o.needs_attention for o in outcomes)
    written = sum(o.definition is not None for o in outcomes)
    echo(f"{written} of {len(outcomes)} definitions written to {target}; {attention} need attention")
    sys.exit(1 if attention else 0)


@portals.command("list")
@click.option("--region", "region_prefix", metavar="CODE",
              help="Only portals whose 行政区划代码 starts with CODE (44 Guangdong, 4418 Qingyuan).")
@click.option("--level", type=click.Choice(LEVELS), help="Only portals at this level of government.")
@click.option("--unverified/--verified", "unverified", default=None,
              help="Only portals a recorded check has not (or has) verified.")
@json_option
def portals_list(region_prefix, level, unverified, as_json):
    """List the portal definitions: the portals directory ($EDUNOTICE_PORTALS_DIR), then the
    portal directory of real education authorities (crawler/portals/directory/, marked D).

    \b
    Examples:
      edunotice portals list --json
      edunotice portals list --region 44 --level county --unverified
    """
    if region_prefix is not None and not region_prefix.isdigit():
        raise click.BadParameter("give the leading digits of a 行政区划代码, e.g. 44 or 4418", param_hint="--region")
    try:
        found = all_portals()
    except PortalConfigError as exc:
        raise ConfigProblem(str(exc)) from None
    verified = None if unverified is None else not unverified
    chosen = {id(p) for p in select((p for _, p in found), region_prefix, level, verified)}
    for origin, p in found:
        if id(p) not in chosen:
            continue
        if as_json:
            emit_json(p.as_dict() | {"directory": origin == "directory"})
            continue
        mark = "D" if origin == "directory" else " "
        state = ("verified" if p.verified else "unverified") if origin == "directory" else ""
        echo(f"{mark} {p.id:<28} {p.kind:<9} {p.region_code or '-':<7} {p.region_level or '-':<10} "
                   f"{state:<10} {p.name}  {' '.join(p.start_urls)}")
        if origin == "directory":
            for problem in entry_problems(p):
                echo(f"    ! {problem}")


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

    With no FILE, checks every definition in the portals directory and the portal directory
    (where each entry also needs evidence, a region level and an agency). Every problem is
    printed, naming the file and field; exit 2 if there was any.

    \b
    Example:
      edunotice portals validate crawler/portals/qingyuan_edu.yaml
    """
    paths = [Path(f) for f in files] or portal_files() + portal_files(directory_dir())
    problems = 0
    for path in paths:
        try:
            portal = load_portal(path)
        except PortalConfigError as exc:
            problems += 1
            echo(f"error: {exc}", err=True)
            continue
        missing = entry_problems(portal) if path.parent.resolve() == directory_dir().resolve() else []
        for problem in missing:
            echo(f"error: {path}: {problem}", err=True)
        problems += bool(missing)
        if not missing:
            echo(f"ok: {path} ({portal.id})")
    if problems:
        sys.exit(2)


COMMANDS = (portals,)
