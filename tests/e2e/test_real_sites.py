"""Frozen real pages of directory portals (tests/sites/<id>/real/) crawled through the real
downloader: one `crawl` process for every fixture, each portal on its own 127.0.0.1 server(s).

Per portal the server answers the saved list page at its own path (real hosts rewritten to
the local server in the served copy only), the saved notice page at its path, and a small
generated page behind every other gold link. The portal file is the directory definition
with its start URL moved there, one list page, no delay. Asserted per portal (one test id
each):
- the archived notice URLs are exactly the gold links (every notice, nothing else);
- the page cap names the gold next page (a problem row), or no page_cap row when gold has none;
- the archived record of notice.html, read through the archive API, has the gold title,
  published, source (issuer and doc_number when gold gives them), and a body starting with
  body_start and ending with body_end (compared with all whitespace removed).
A fixture with ``known_wrong`` is a strict xfail with that reason: it must fail, and says why.
With no fixture at all the only test here is a skip naming the empty directory, and the
report header and terminal summary say so (tests/conftest.py): an empty set never passes.
The fixture format is checked in tests/test_real_site_fixtures.py; a malformed fixture fails
here too, with what to fix.
"""

from __future__ import annotations

import json
import os
import re
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml
from sqlalchemy import select

from archive.api import open_archive
from archive.models import FetchError
from archive.store import Archive
from archive.urls import canonical_url
from crawler.localportals.realsites import (
    RealSite,
    check_fixture,
    local_url,
    real_fixtures,
    replay_definition,
    replay_pages,
)
from crawler.localportals.replay import serve_pages
from crawler.portal import PortalConfigError, portal_from_dict
from tests import warmcli
from tests.realsite_fixture import synthetic_fixture

SITES = Path(__file__).resolve().parent.parent / "sites"
FIXTURES = real_fixtures(SITES)
_SPACE = re.compile(r"\s+")


@dataclass
class Outcome:
    """What the crawl did for one portal, or why the portal was not crawled."""

    problem: str | None = None
    bases: dict[str, str] = field(default_factory=dict)
    summary: dict | None = None
    records: list[dict] = field(default_factory=list)
    errors: list[FetchError] = field(default_factory=list)


def _prepare(site: RealSite, stack: ExitStack, folder: Path) -> tuple[Outcome, Path | None]:
    servers = {host: stack.enter_context(serve_pages({})) for host in site.hosts()}
    bases = {host: server.base_url for host, server in servers.items()}
    for host, pages in replay_pages(site, bases).items():
        servers[host].pages = pages
    definition = replay_definition(site, bases)
    try:
        portal_from_dict(definition, f"crawler/portals/directory/{site.portal}.yaml")
    except PortalConfigError as exc:
        return Outcome(problem=f"the directory definition does not load: {exc}", bases=bases), None
    path = folder / f"{site.portal}.yaml"
    path.write_text(yaml.safe_dump(definition, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return Outcome(bases=bases), path


def crawl_fixtures(fixture_dirs: list[Path], root: Path) -> dict[str, Outcome]:
    """Every fixture crawled in one `python -m crawler crawl --portal-file ... --full` process."""
    outcomes: dict[str, Outcome] = {}
    files = []
    with ExitStack() as stack:
        for fixture_dir in fixture_dirs:
            name = fixture_dir.parent.name
            problems = check_fixture(fixture_dir)
            if problems:
                outcomes[name] = Outcome(problem="malformed fixture:\n" + "\n".join(problems))
                continue
            try:
                outcomes[name], path = _prepare(RealSite.load(fixture_dir), stack, root)
            except (OSError, ValueError, yaml.YAMLError) as exc:  # an unreadable directory definition
                outcomes[name], path = Outcome(problem=f"{fixture_dir}: cannot replay it: {exc}"), None
            files += [path] if path else []
        if not files:
            return outcomes
        db_url = f"sqlite:///{root / 'archive.sqlite'}"
        args = ["crawl", *[a for f in files for a in ("--portal-file", str(f))], "--full", "--db", db_url, "--json"]
        env = {**os.environ, "EDUNOTICE_DATA_DIR": str(root / "data")}
        result = warmcli.run(args, env=env, timeout=900)
    try:
        summaries = {s["portal_id"]: s for s in json.loads(result.stdout)}
    except ValueError:
        failure = f"the crawl printed no JSON summary (exit {result.returncode}):\n{result.stderr[-3000:]}"
        return {name: o if o.problem else Outcome(problem=failure) for name, o in outcomes.items()}
    with open_archive(db_url) as reader, Archive(db_url) as archive, archive.sessions() as s:
        for name, outcome in outcomes.items():
            if outcome.problem:
                continue
            outcome.summary = summaries.get(name)
            outcome.records = reader.records(portal=name)
            outcome.errors = list(s.scalars(select(FetchError).where(FetchError.portal_id == name)))
    return outcomes


@pytest.fixture(scope="module")
def crawled(tmp_path_factory) -> dict[str, Outcome]:
    return crawl_fixtures(FIXTURES, tmp_path_factory.mktemp("realsites"))


def _squeeze(text: str | None) -> str:
    return _SPACE.sub("", text or "")


def _mismatches(site: RealSite, outcome: Outcome) -> list[str]:
    """Every way the crawl of one portal differs from its gold values."""
    bases, gold = outcome.bases, site.data
    out = []
    want = {canonical_url(local_url(u, bases)) for u in site.gold_urls}
    got = {r["url"] for r in outcome.records}
    if got != want:
        out.append(f"archived notices differ from the gold links: missing {sorted(want - got)}, "
                   f"not in gold {sorted(got - want)}")
    next_page = gold["list"]["next_page"]
    capped = sorted(e.url for e in outcome.errors if e.kind == "page_cap")
    wanted_cap = [canonical_url(local_url(next_page, bases))] if next_page else []
    if [canonical_url(u) for u in capped] != wanted_cap:
        out.append(f"next list page: gold {next_page}, the page cap named {capped or 'none'}")
    record = next((r for r in outcome.records if r["url"] == canonical_url(local_url(site.notice_url, bases))), None)
    if record is None:
        return [*out, f"notice {site.notice_url} was not archived"]
    notice = gold["notice"]
    keys = ["title", "published", "source"] + [k for k in ("issuer", "doc_number") if notice.get(k) is not None]
    for key in keys:
        if record[key] != notice[key]:
            out.append(f"notice.{key}: expected {notice[key]!r}, got {record[key]!r}")
    text = _squeeze(record["text"])
    if not text.startswith(_squeeze(notice["body_start"])):
        out.append(f"notice.body_start: expected {notice['body_start']!r}, body starts {record['text'][:60]!r}")
    if not text.endswith(_squeeze(notice["body_end"])):
        out.append(f"notice.body_end: expected {notice['body_end']!r}, body ends {record['text'][-60:]!r}")
    return out


# With no fixture nothing is collected here (parametrize over an empty list would add a skipped
# placeholder): the pytest header and terminal summary say "real-site fixtures: none" instead
# (tests/conftest.py), so an empty folder never reads as a guarded portal.
if FIXTURES:

    @pytest.mark.parametrize("fixture_dir", FIXTURES, ids=[p.parent.name for p in FIXTURES])
    def test_real_site_crawl_gives_the_confirmed_values(fixture_dir, crawled, request):
        outcome = crawled[fixture_dir.parent.name]
        if outcome.problem:
            pytest.fail(outcome.problem, pytrace=False)
        site = RealSite.load(fixture_dir)
        if site.known_wrong:
            request.applymarker(pytest.mark.xfail(strict=True, reason=site.known_wrong))
        problems = _mismatches(site, outcome)
        errors = [f"{e.kind} {e.url}: {e.message}" for e in outcome.errors]
        if problems:
            pytest.fail(f"{site.portal} ({fixture_dir}):\n  " + "\n  ".join(problems)
                        + "\n problem rows:\n  " + ("\n  ".join(errors) or "none")
                        + f"\n summary: {outcome.summary}", pytrace=False)


# --- the harness itself, on a synthetic fixture (made here, never committed as a real one) ---

def test_harness_passes_a_right_fixture_and_names_each_wrong_value(tmp_path):
    right = synthetic_fixture(tmp_path / "right")
    wrong = synthetic_fixture(tmp_path / "wrong", title="湖北省教育厅关于做好第9批教师培训工作的通知")
    data = json.loads((wrong / "expected.json").read_text(encoding="utf-8"))
    data["list"]["links"].append({"url": "https://jyt.hubei.gov.cn/bmdt/tzgg/202301/t20230109_9.shtml",
                                  "title": "不在列表上的通知", "date": None})
    (wrong / "expected.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    for fixture in (right, wrong):
        outcome = crawl_fixtures([fixture], fixture.parent.parent)["hubei_edu"]
        assert outcome.problem is None and outcome.summary is not None
        found = _mismatches(RealSite.load(fixture), outcome)
        if fixture is right:
            assert found == [], found
        else:
            assert len(found) == 2, found
            assert found[0].startswith("archived notices differ") and "t20230109_9.shtml" in found[0]
            assert found[1].startswith("notice.title: expected '湖北省教育厅关于做好第9批")


def test_a_malformed_fixture_is_not_crawled_and_says_what_to_fix(tmp_path):
    fixture = synthetic_fixture(tmp_path)
    (fixture / "list.html").write_bytes((fixture / "list.html").read_bytes() + b"\n")
    outcome = crawl_fixtures([fixture], tmp_path)["hubei_edu"]
    assert outcome.summary is None and "list.provenance.sha256: list.html does not have this sha256" in outcome.problem
