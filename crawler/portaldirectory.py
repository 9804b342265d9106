"""The portal directory: definitions of real education authorities (教育部, the provincial
教育厅/教委, prefecture and county 教育局) kept apart from the runnable sample portals.

The directory lives in ``crawler/portals/directory/<id>.yaml`` (``EDUNOTICE_DIRECTORY_DIR``
overrides it). It is *not* the portals directory: ``crawl --all``, ``scrapy list`` and the
demo never see it, so no test or demo run contacts a real government site by accident. Each
entry carries its region (行政区划代码 + level), its agency, the ``evidence`` of where its
start URLs were seen, and ``verified: false`` until ``portals check ID --record`` passed.

This module filters the directory (``portals list --region 44 --level county``), records a
check's verdict in a definition file without rewriting the rest of it, and writes
definitions in bulk from a TSV list (``portals new --from-list``) on top of
``crawler.portaltools.new_portal``.
"""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from w3lib.url import canonicalize_url

from crawler.portal import (
    BUNDLED_PORTALS_DIR,
    PROVINCE_CODE_PREFIXES,
    Portal,
    PortalConfigError,
    load_all,
    load_portal,
    portal_files,
)
from crawler.portaltools import (
    PageUnreachable,
    PortalExists,
    default_fixture_dir,
    new_portal,
    resolve_portal,
)

DIRECTORY = "directory"
LEVELS = ("national", "province", "prefecture", "county")
RECORDED_KEYS = ("verified", "verified_at", "verdict")  # the keys `check --record` rewrites
VERDICT_MAX = 400  # characters of a recorded verdict


def directory_dir() -> Path:
    """Where the directory's definitions are: $EDUNOTICE_DIRECTORY_DIR or crawler/portals/directory/."""
    return Path(os.environ.get("EDUNOTICE_DIRECTORY_DIR") or BUNDLED_PORTALS_DIR / DIRECTORY)


def load_directory(directory: Path | None = None) -> dict[str, Portal]:
    """Every directory definition by id; a broken file raises PortalConfigError naming it."""
    directory = directory or directory_dir()
    found: dict[str, Portal] = {}
    if not directory.is_dir():
        return found
    for path in portal_files(directory):
        portal = load_portal(path)
        if portal.id != path.stem:
            raise PortalConfigError(str(path), "id", f"id '{portal.id}' must match the file name '{path.stem}'")
        found[portal.id] = portal
    return found


def entry_problems(portal: Portal) -> list[str]:
    """What a directory entry lacks (the directory's rules beyond the schema)."""
    problems = []
    if not portal.evidence:
        problems.append("no evidence: say where its start URLs were seen (evidence: repo/path/commit or file)")
    if not portal.region_level:
        problems.append("no region level: give region: {code: '<6-digit 行政区划代码>', level: ...}")
    if not portal.agency:
        problems.append("no agency: name the issuing body (e.g. 广东省教育厅)")
    return problems


def all_portals() -> list[tuple[str, Portal]]:
    """(origin, portal) for the portals directory ('portals') and the directory ('directory'),
    each file once (EDUNOTICE_PORTALS_DIR may point at the directory itself)."""
    directory = {Path(p.source_file or "").resolve(): p for p in load_directory().values()}
    portals = [("portals", p) for p in load_all().values() if Path(p.source_file or "").resolve() not in directory]
    return portals + [("directory", p) for p in directory.values()]


def find_portal(id_or_file: str) -> Portal:
    """A definition by file path, by id in the portals directory, or by id in the directory."""
    try:
        return resolve_portal(id_or_file)
    except PortalConfigError as exc:
        known = load_directory()
        if id_or_file in known:
            return known[id_or_file]
        if exc.field_path or Path(id_or_file).suffix in (".yaml", ".yml"):
            raise
        raise PortalConfigError(id_or_file, "", f"{exc.problem}; nor in the portal directory {directory_dir()} "
                                                "(edunotice portals list shows both)") from None


def select(portals: Iterable[Portal], region: str | None = None, level: str | None = None,
           verified: bool | None = None) -> list[Portal]:
    """Portals whose region code starts with ``region``, at ``level``, verified or not."""
    return [p for p in portals
            if (region is None or (p.region_code or "").startswith(region))
            and (level is None or p.region_level == level)
            and (verified is None or p.verified == verified)]


# --- check --record ----------------------------------------------------------------------

def verdict_text(report) -> str:
    """One line for a CheckReport: 'OK: …' or the problems, cut to VERDICT_MAX characters."""
    if report.ok:
        links = sum(p.links for p in report.list_pages)
        text = (f"OK: {len(report.list_pages)} list pages, {links} notice links, "
                f"{len(report.notices)} notices sampled")
    else:
        text = f"{len(report.problems)} problem(s): " + "; ".join(report.problems)
    text = " ".join(text.split())  # one line: `record` rewrites the key's line in place
    return text if len(text) <= VERDICT_MAX else text[: VERDICT_MAX - 1] + "…"


def record_verdict(path: Path, ok: bool, verdict: str, today: date | None = None) -> Portal:
    """Set verified/verified_at/verdict in the definition at ``path``, keeping its comments and
    the order of everything else; the file is restored if the result does not validate."""
    path = Path(path)
    original = path.read_text(encoding="utf-8")
    values = {"verified": ok, "verified_at": (today or datetime.now(UTC).date()).isoformat(), "verdict": verdict}
    text = original
    for key in RECORDED_KEYS:
        line = yaml.safe_dump({key: values[key]}, allow_unicode=True, width=10_000).strip()
        pattern = re.compile(rf"^{key}:.*$", re.MULTILINE)
        if pattern.search(text):
            text = pattern.sub(lambda _m, line=line: line, text, count=1)
        else:
            text = text.rstrip("\n") + "\n" + line + "\n"
    path.write_text(text, encoding="utf-8")
    try:
        return load_portal(path)
    except PortalConfigError:
        path.write_text(original, encoding="utf-8")
        raise


# --- new --from-list ---------------------------------------------------------------------

@dataclass
class ListEntry:
    line: int
    name: str
    url: str
    region_code: str
    portal_id: str


@dataclass
class BulkOutcome:
    entry: ListEntry
    definition: Path | None = None
    links: int = 0
    strategy: str | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def needs_attention(self) -> bool:
        return bool(self.problems)


def level_of(code: str) -> str:
    """The level a 6-digit 行政区划代码 names: xx0000 province, xxyy00 prefecture, else county."""
    return "province" if code.endswith("0000") else "prefecture" if code.endswith("00") else "county"


def url_key(url: str) -> str:
    """What makes two start URLs the same list: scheme, case of the host, default port, query
    order, a fragment and a trailing slash or index page do not count."""
    canonical = canonicalize_url(url.strip())
    parts = urlsplit(canonical)
    host = (parts.hostname or "").lower()
    port = f":{parts.port}" if parts.port and parts.port not in (80, 443) else ""
    path = re.sub(r"/(index|default)\.s?html?$", "/", parts.path or "/").rstrip("/")
    return f"{host}{port}{path}" + (f"?{parts.query}" if parts.query else "")


def id_from_url(url: str) -> str:
    """A portal id from the list page's host: jyj.foshan.gov.cn -> foshan_jyj (port appended)."""
    parts = urlsplit(url)
    labels = [x for x in (parts.hostname or "").lower().split(".") if x not in ("www", "gov", "cn", "com")]
    if parts.hostname and re.fullmatch(r"[\d.]+", parts.hostname):
        labels = ["host"] + parts.hostname.split(".")[::-1]
    name = "_".join(reversed(labels)) + (f"_{parts.port}" if parts.port else "")
    return re.sub(r"[^a-z0-9_]+", "_", name).strip("_")[:64] or "portal"


def read_portal_list(path: Path) -> list[ListEntry]:
    """Rows of a TSV list: name, URL, 6-digit region code, optional id. A header row and
    #-comments are skipped; a bad row raises PortalConfigError naming its line."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise PortalConfigError(str(path), "", "file not found") from None
    except UnicodeDecodeError as exc:
        raise PortalConfigError(str(path), "", f"not UTF-8 text ({exc.reason}); save it as UTF-8") from None
    entries = []
    for number, row in enumerate(csv.reader(text.splitlines(), delimiter="\t"), start=1):
        cells = [c.strip() for c in row]
        if not any(cells) or cells[0].startswith("#"):
            continue
        if number == 1 and len(cells) >= 2 and not cells[1].lower().startswith(("http://", "https://")):
            continue  # a header row
        where = f"line {number}"
        if len(cells) < 3:
            raise PortalConfigError(str(path), where, "expected tab-separated columns: name, URL, region code "
                                                      "(and optionally an id)")
        name, url, code = cells[:3]
        if not re.fullmatch(r"https?://[^\s/]+(/\S*)?", url):
            raise PortalConfigError(str(path), where, f"{url!r} is not an absolute http(s) URL")
        if not re.fullmatch(r"[1-9]\d{5}", code) or code[:2] not in PROVINCE_CODE_PREFIXES:
            raise PortalConfigError(str(path), where, f"{code!r} is not a 6-digit 行政区划代码 (e.g. 440600)")
        portal_id = cells[3] if len(cells) > 3 and cells[3] else id_from_url(url)
        if not re.fullmatch(r"[a-z0-9_]+", portal_id):
            raise PortalConfigError(str(path), where, f"id {portal_id!r}: use lower-case letters, digits and _")
        entries.append(ListEntry(number, name, url, code, portal_id))
    if not entries:
        raise PortalConfigError(str(path), "", "no rows: give one portal a line (name<TAB>URL<TAB>region code)")
    return entries


def new_from_list(entries: list[ListEntry], directory: Path, fixture_root: Path | None = None,
                  known: Iterable[Portal] = (), kind: str = "official") -> list[BulkOutcome]:
    """Write one definition per entry with ``new_portal`` (discovery + frozen fixture), then add
    its region, agency, evidence and ``verified: false``. Rows whose URL is already a start URL
    (of ``known`` definitions, or of an earlier row) or whose id is taken are refused."""
    taken_urls = {url_key(u): p.id for p in known for u in p.start_urls}
    taken_ids = {p.id for p in known}
    outcomes = []
    for entry in entries:
        outcome = BulkOutcome(entry)
        outcomes.append(outcome)
        key = url_key(entry.url)
        if key in taken_urls:
            outcome.problems.append(f"refused: {entry.url} is already a start URL of '{taken_urls[key]}'")
            continue
        if entry.portal_id in taken_ids or (directory / f"{entry.portal_id}.yaml").exists():
            outcome.problems.append(f"refused: id '{entry.portal_id}' is taken; give the row a 4th column with a new id")
            continue
        fixture_dir = (fixture_root / entry.portal_id / "frozen") if fixture_root else default_fixture_dir(entry.portal_id)
        try:
            result = new_portal(entry.url, entry.portal_id, entry.name, kind, directory, fixture_dir)
        except (PortalConfigError, PortalExists, PageUnreachable) as exc:
            outcome.problems.append(f"nothing written: {exc}")
            continue
        taken_urls[key] = entry.portal_id
        taken_ids.add(entry.portal_id)
        outcome.definition = result.definition
        outcome.links, outcome.strategy = result.list_page.links, result.list_page.strategy
        outcome.problems += result.problems
        try:
            _add_directory_keys(result.definition, entry, result.fixture[0] if result.fixture else None,
                                result.list_page.links, result.list_page.strategy)
        except PortalConfigError as exc:
            outcome.problems.append(f"written, but the directory keys do not validate: {exc}")
    return outcomes


def _add_directory_keys(definition: Path, entry: ListEntry, saved_list: Path | None, links: int,
                        strategy: str | None) -> None:
    """Append region, agency, evidence (the frozen list page, when one was saved) and verified."""
    extra: dict = {"agency": entry.name, "region": {"code": entry.region_code, "level": level_of(entry.region_code)}}
    if saved_list is not None:
        try:
            where = str(saved_list.resolve().relative_to(Path.cwd().resolve()))
        except ValueError:
            where = str(saved_list)
        extra["evidence"] = [{"file": where, "seen": f"list page saved by `portals new --from-list` on "
                                                      f"{datetime.now(UTC):%Y-%m-%d}: {links} notice links "
                                                      f"via {strategy}"}]
    extra["verified"] = False
    text = definition.read_text(encoding="utf-8").rstrip("\n") + "\n"
    definition.write_text(text + yaml.safe_dump(extra, allow_unicode=True, sort_keys=False), encoding="utf-8")
    load_portal(definition)  # what was appended validates, or this raises naming the file


def known_definitions(directory: Path) -> list[Portal]:
    """Every definition a new one must not duplicate: the portals directory, the portal
    directory and the target directory."""
    seen: dict[str, Portal] = {}
    for source in (load_all(), load_directory(), load_directory(directory) if directory.is_dir() else {}):
        for portal in source.values():
            seen.setdefault(portal.source_file or portal.id, portal)
    return list(seen.values())


def default_list_target() -> Path:
    """Where `new --from-list` writes unless told: the portal directory."""
    return directory_dir()
