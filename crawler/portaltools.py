"""The maintainer's portal tools: ``check`` a definition against the live site, write a
``new`` one from a list page URL, and compare a frozen fixture with its confirmed values.

``check_portal`` fetches a few list pages and notice pages of a portal (one request at a
time, plain ``urllib``: a diagnostic, not a crawl), runs the same discovery and extraction
the crawl runs, and says what to fix. ``new_portal`` writes ``<dir>/<id>.yaml`` and captures
a frozen fixture under ``<data dir>/frozen/<id>/`` (or ``--fixture-dir``; a repository
keeps its fixtures in ``tests/sites/<id>/frozen/``): the list page, the first notice page
and an ``expected.json`` whose values are the extractor's current output, marked
``"confirmed": false`` until a person has checked them. ``check_frozen`` re-runs extraction
on a frozen fixture (``tests/test_frozen_portals.py``). Reads no settings beyond the
crawler's User-Agent; fetches respect the portal's hosts and robots.txt.
"""

from __future__ import annotations

import http.client
import ipaddress
import json
import re
import socket
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

import lxml.html
import yaml

from archive.db import data_dir
from archive.record import DISPLAY_FIELDS
from crawler.challenge import BrowserNeed, detect_challenge, detect_script_list
from crawler.discovery import NoticeLink, parse_list_page
from crawler.extract.articlepages import MAX_ARTICLE_PAGES, article_pages, may_have_article_pages
from crawler.extract.decode import decode_html
from crawler.extract.filenotice import file_type
from crawler.extract.record import Attachment, NoticeRecord
from crawler.portal import (
    Portal,
    PortalConfigError,
    _is_private,
    load_all,
    load_portal,
    portal_from_dict,
    portals_dir,
)
from crawler.refresh import refresh_target
from crawler.settings import USER_AGENT

FROZEN = "frozen"  # tests/sites/<id>/frozen/: list.html, notice.html, expected.json
NOTICE_SAMPLES = 3  # notice pages `check` fetches and extracts
MAX_HOPS = 5  # refresh stubs and frames `check` follows from one start URL (the crawl: MAX_REDIRECTS hops)
TIMEOUT = 20.0  # seconds per request
MAX_BYTES = 10 * 1024 * 1024
BODY_EDGE = 40  # characters of body start and end kept as expectations
CONFIRM_HOWTO = (
    "Open list.html and notice.html (or their URLs) and check every value under 'expected'. "
    "Correct values the extractor got wrong and fix the portal (selectors in its YAML), "
    "drop keys the page does not have, add phrases that must not leak into the body to "
    "must_not_contain, then set 'confirmed' to true. tests/test_frozen_portals.py fails until then."
)
# A pager on a list page: "共5页", or a next/last-page link discovery did not follow.
PAGER_TOTAL = re.compile(r"共\s*(\d+)\s*页")
PAGER_LINK_TEXTS = ("下一页", "下页", "后一页", "下一頁", "尾页", "末页", "尾頁")


class PageUnreachable(Exception):
    """A page that could not be fetched: the message names the URL and the reason."""

    def __init__(self, url: str, reason: str, need: BrowserNeed | None = None):
        self.url = url
        self.reason = reason
        self.need = need  # the page is a JavaScript challenge: the portal needs `render: browser`
        super().__init__(f"cannot fetch {url}: {reason}")


class PortalExists(FileExistsError):
    """`new` would overwrite a definition or fixture; --force allows it."""


@dataclass(frozen=True)
class Page:
    url: str  # after redirects
    body: bytes
    charset: str | None  # what the Content-Type header declared
    text: str


class _PortalRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects only within the portal's hosts, as the crawl's offsite filter does."""

    def __init__(self, portal: Portal):
        self.portal = portal

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        same_off_host = (urlsplit(req.full_url).hostname == urlsplit(newurl).hostname
                         and self.portal.takes_off_host(newurl))  # an off-host notice moving on its own host
        if not self.portal.allows(newurl) and not same_off_host:
            raise PageUnreachable(req.full_url, f"redirects to {newurl}, off the portal's hosts "
                                           f"({', '.join(self.portal.allowed_hosts)}); use that URL or set allowed_domains")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


class Fetcher:
    """One-shot GETs for a portal: its hosts only, robots.txt obeyed, decoded like the crawl."""

    renders = False  # crawler.browsercheck.BrowserFetcher runs the pages' scripts

    def __init__(self, portal: Portal, timeout: float = TIMEOUT):
        self.portal = portal
        self.timeout = timeout
        handlers: list = [_PortalRedirects(portal)]
        if portal.allow_private_addresses:
            handlers.append(urllib.request.ProxyHandler({}))  # local portals are never behind a proxy
        self.opener = urllib.request.build_opener(*handlers)
        self._robots: dict[str, RobotFileParser | None] = {}

    def get(self, url: str, off_host: bool = False) -> Page:
        """``off_host``: a notice a row of the portal's own list links on another host
        (``Portal.takes_off_host``), fetched like the crawl does, public addresses only."""
        if off_host and self.portal.takes_off_host(url):
            if reason := _non_public(url, self.portal):
                raise PageUnreachable(url, reason)
        elif not self.portal.allows(url):
            raise PageUnreachable(url, f"not on the portal's hosts ({', '.join(self.portal.allowed_hosts)})")
        robots = self._robots_for(url)
        if robots is not None and not robots.can_fetch(USER_AGENT, url):
            raise PageUnreachable(url, "robots.txt disallows it, so the crawl will not fetch it either")
        status, final_url, body, charset = self._open(url)
        text, _codec = decode_html(body, self.portal.encoding or charset)
        need = detect_challenge(status, text, final_url, rendered=self.renders)
        if need is not None:
            raise PageUnreachable(url, need.message(), need)
        if status >= 400:
            raise PageUnreachable(url, f"HTTP {status}")
        return Page(final_url, body, self.portal.encoding or charset, text)

    def _robots_for(self, url: str) -> RobotFileParser | None:
        parts = urlsplit(url)
        key = f"{parts.scheme}://{parts.netloc}"
        if key not in self._robots:
            try:
                status, _, body, _ = self._open(key + "/robots.txt")
            except PageUnreachable as exc:
                raise PageUnreachable(url, exc.reason) from None
            parser = None
            if status == 200:
                parser = RobotFileParser()
                parser.parse(body.decode("utf-8", errors="replace").splitlines())
            self._robots[key] = parser  # no robots.txt (or an error page): everything allowed
        return self._robots[key]

    def _open(self, url: str) -> tuple[int, str, bytes, str | None]:
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                body = response.read(MAX_BYTES + 1)
                status, final_url = response.status, response.geturl()
                charset = response.headers.get_content_charset()
        except urllib.error.HTTPError as exc:  # the body stays: a 412 challenge page is evidence
            with exc:
                return exc.code, url, exc.read(MAX_BYTES), exc.headers.get_content_charset()
        except urllib.error.URLError as exc:
            raise PageUnreachable(url, _reason(exc.reason, self.timeout)) from None
        except (OSError, http.client.HTTPException) as exc:
            raise PageUnreachable(url, _reason(exc, self.timeout)) from None
        if len(body) > MAX_BYTES:
            raise PageUnreachable(url, f"larger than {MAX_BYTES // 1024 // 1024} MB; not a list or notice page")
        return status, final_url, body, charset


def _non_public(url: str, portal: Portal) -> str | None:
    """Why an off-host URL may not be fetched: its host is, or resolves to, a non-public
    address (the crawl's scope middleware refuses the same); None when it may."""
    from crawler.scope import literal_address, non_public_reason

    if portal.allow_private_addresses:
        return None
    host = urlsplit(url).hostname or ""
    addresses = [literal_address(host)]
    if addresses[0] is None:
        try:
            addresses = [ipaddress.ip_address(info[4][0].split("%")[0]) for info in socket.getaddrinfo(host, None)]
        except (OSError, ValueError):
            return None  # unresolvable: the fetch itself says so
    for address in addresses:
        if reason := non_public_reason(address):
            return f"{host} is the {reason} address {address}; notices are on public addresses"
    return None


def _reason(exc: object, timeout: float) -> str:
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused: the host is down or the port is wrong"
    if isinstance(exc, socket.gaierror):
        return "host name does not resolve: check the URL"
    if isinstance(exc, TimeoutError):
        return f"no answer within {timeout:g} s"
    if isinstance(exc, http.client.HTTPException):
        return f"the server broke the connection ({type(exc).__name__})"
    return f"{type(exc).__name__}: {exc}" if isinstance(exc, BaseException) else str(exc)


def pager_evidence(html: str, page_no: int) -> str | None:
    """What on a list page says more pages follow ("共5页", a '下一页' link), or None."""
    m = PAGER_TOTAL.search(html)
    if m and int(m[1]) > page_no:
        return m[0]
    if page_no == 1:  # later pages may show a next/last link that points to themselves
        tree = lxml.html.fromstring(html or "<html></html>")
        for a in tree.iter("a"):
            text = " ".join(a.text_content().split())
            hit = next((t for t in PAGER_LINK_TEXTS if t in text), None)
            if hit:
                return f"a '{hit}' link"
    return None


def _hints(portal: Portal, link: NoticeLink) -> dict:
    """What the list page said about a notice, as the spider passes it to extraction."""
    date_key = "mirror_posted" if portal.kind == "mirror" else "published"
    return {k: v for k, v in (("title", link.title), (date_key, link.published)) if v}


def _extract(portal: Portal, page: Page, hints: dict, more: list[tuple[str, bytes]] | None = None) -> NoticeRecord:
    """The record the crawl would make of ``page`` (a file notice, or a page whose further
    pages ``more`` are joined to it: crawler.reextract.derive)."""
    from crawler.reextract import (
        derive,  # the crawl's own call; it loads the archive, which `portals list` need not
    )

    record = derive(page.body, url=page.url, encoding=page.charset, hints=hints, portal_id=portal.id,
                    definition=portal.as_dict(), more=more)
    return NoticeRecord(**{**record, "attachments": [Attachment(**a) for a in record["attachments"]]})


def _further_pages(fetcher: Fetcher, page: Page, link: NoticeLink) -> list[tuple[str, bytes]] | None:
    """The further pages of a notice printed over several pages, fetched as the crawl fetches
    them; None when it has none or one of them cannot be fetched (the record then says so)."""
    if file_type(page.body, page.url) or not may_have_article_pages(page.text, page.url):
        return None
    try:
        pages = article_pages(lxml.html.fromstring(page.text, base_url=page.url), page.url)[:MAX_ARTICLE_PAGES]
        return [(url, fetcher.get(url, off_host=link.off_host).body) for url in pages] or None
    except (PageUnreachable, ValueError):
        return None


# --- check -------------------------------------------------------------------------------

@dataclass
class ListPageReport:
    url: str
    page_no: int
    strategy: str | None = None  # discovery strategy that found the links
    links: int = 0
    next_page: str | None = None
    error: str | None = None
    pagination: str | None = None  # pager kind (crawler.pagination)
    taken: list[dict] = field(default_factory=list)  # every notice link taken: url, title, date
    not_taken: list[dict] = field(default_factory=list)  # main-list rows not taken: url, title, reason
    notes: list[str] = field(default_factory=list)


@dataclass
class NoticeReport:
    url: str
    title: str | None = None
    published: str | None = None
    source: str | None = None
    body_length: int = 0
    flags: list[str] = field(default_factory=list)
    error: str | None = None
    off_host: bool = False  # on another host than the portal's, linked by a row of its list


@dataclass
class CheckReport:
    portal: str
    name: str
    kind: str
    list_pages: list[ListPageReport] = field(default_factory=list)
    notices: list[NoticeReport] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    needs_browser: BrowserNeed | None = None  # a JavaScript challenge or a script-built list

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def verdict(self) -> str:
        return "needs_browser" if self.needs_browser else ("ok" if self.ok else "needs_fix")

    def to_dict(self) -> dict:
        return {"portal": self.portal, "ok": self.ok, "verdict": self.verdict,
                "needs_browser": self.needs_browser.as_dict() if self.needs_browser else None,
                "problems": self.problems,
                "list_pages": [asdict(p) for p in self.list_pages], "notices": [asdict(n) for n in self.notices]}


def check_portal(portal: Portal, pages: int = 2, samples: int = NOTICE_SAMPLES,
                 fetcher: Fetcher | None = None) -> CheckReport:
    """Walk up to ``pages`` list pages per start URL and extract the first ``samples`` notices."""
    if fetcher is None and portal.render == "browser":
        from crawler.browsercheck import BrowserFetcher

        with BrowserFetcher(portal) as browser:
            return check_portal(portal, pages, samples, browser)
    fetcher = fetcher or Fetcher(portal)
    report = CheckReport(portal.id, portal.name, portal.kind)
    links: dict[str, NoticeLink] = {}
    for start in portal.start_urls:
        url: str | None = start
        page_no = 1
        framed: list[str] = []  # further pages a list without links shows in frames
        seen_pages: dict[frozenset, str] = {}  # notice links shown -> the first list page showing them
        hops = 0  # refresh stubs and frames followed, as the crawl follows them
        while url and page_no <= min(pages, portal.max_list_pages):
            entry = ListPageReport(url, page_no)
            report.list_pages.append(entry)
            try:
                page = fetcher.get(url)
            except PageUnreachable as exc:
                entry.error = exc.reason
                report.problems.append(str(exc))
                report.needs_browser = report.needs_browser or exc.need
                break
            if (target := refresh_target(page.text, page.url)) and hops < MAX_HOPS:
                entry.notes.append(f"a refresh stub: it sends the browser on to {target}, which is read instead")
                url, hops = target, hops + 1
                continue
            found = parse_list_page(page.text, page.url, portal, page_no)
            if (found.frames or framed) and not found.notices and hops < MAX_HOPS:
                framed = found.frames + framed
                entry.notes.append(f"no notice link; the page shows {', '.join(found.frames) or 'nothing'} in frames")
                url, hops = framed.pop(0), hops + 1
                continue
            entry.strategy, entry.links = found.strategy, len(found.notices)
            entry.next_page = found.pages[0][0] if found.pages else None
            entry.pagination, entry.notes = found.pagination, list(found.notes)
            entry.taken = [{"url": n.url, "title": n.title, "date": n.published, "off_host": n.off_host}
                           for n in found.notices]
            entry.not_taken = [{"url": m.url, "title": m.title, "reason": m.reason} for m in found.missed]
            if found.missed:
                report.problems.append(
                    f"{len(found.missed)} row(s) of the list on {url} look like notices but were not taken "
                    f"(first: {found.missed[0].shown()}): fix selectors.notice_links / "
                    "notice_url_pattern, or add the host to allowed_domains")
            if found.needs_config == "ajax_pagination":
                report.problems.append(
                    f"{url} pages by script ({found.endpoint}): later pages cannot be followed as links; "
                    "set 'pagination' to the endpoint's URL template with {n}")
            if found.guessed:
                report.problems.append(f"{url}: {found.guessed}: check the links below, then confirm with "
                                       "selectors.notice_links (a CSS selector for the list's links)")
            shown = frozenset(n.url for n in found.notices)
            if shown and page_no > 1 and shown in seen_pages:
                report.problems.append(f"{url} shows the same {len(shown)} notice links as {seen_pages[shown]}: the "
                                       "pager does not page (the crawl stops there: pager_repeats); check the "
                                       "next-page link, or set 'pagination' in the definition")
                break
            seen_pages.setdefault(shown, url)
            for link in found.notices:
                links.setdefault(link.url, link)
            need = None if found.notices else detect_script_list(200, page.text, page.url, fetcher.renders)
            if need is not None:
                report.problems.append(f"{url}: {need.message()}")
                report.needs_browser = report.needs_browser or need
            elif not found.notices:
                report.problems.append(f"no notice links on {url}: add selectors.notice_links "
                                       "(a CSS selector for the links in the list, e.g. 'ul.list li a')")
            if entry.next_page is None:
                evidence = pager_evidence(page.text, page_no)
                if found.pager_unread:  # a pager discovery saw but could not follow, and the fix
                    report.problems.append(f"{url}: {found.pager_unread}")
                elif evidence or (page_no == 1 and portal.selectors.get("next_page")):
                    report.problems.append(
                        f"no next page found on {url} although "
                        f"{('the page shows ' + evidence) if evidence else 'selectors.next_page is set'}: "
                        "add (or fix) selectors.next_page, or a pagination template like 'index_{n}.html'")
            url, page_no = entry.next_page, page_no + 1
    for link in list(links.values())[:samples]:
        report.notices.append(_sample_notice(portal, fetcher, link))
    _notice_problems(report)
    return report


def _sample_notice(portal: Portal, fetcher: Fetcher, link: NoticeLink) -> NoticeReport:
    entry = NoticeReport(link.url, off_host=link.off_host)
    try:
        page = fetcher.get(link.url, off_host=link.off_host)
        if not file_type(page.body, page.url) and (target := refresh_target(page.text, page.url)):
            page = fetcher.get(target, off_host=link.off_host)  # a stub sending on, as the crawl follows it
    except PageUnreachable as exc:
        entry.error = exc.reason
        return entry
    record = _extract(portal, page, _hints(portal, link), _further_pages(fetcher, page, link))
    entry.title, entry.published, entry.source = record.title, record.published, record.source
    entry.body_length, entry.flags = len(record.text), list(record.flags)
    return entry


def _notice_problems(report: CheckReport) -> None:
    fetched = [n for n in report.notices if not n.error]
    report.problems += [f"cannot fetch {n.url}: {n.error}" for n in report.notices if n.error]
    for attr, what, fix in (("title", "no title", "selectors.title"),
                            ("published", "no publish date", "selectors.published"),
                            ("body_length", "an empty body", "selectors.content")):
        missing = [n for n in fetched if not getattr(n, attr)]
        if missing:
            report.problems.append(f"{len(missing)} of {len(fetched)} sampled notices have {what} "
                                   f"(first: {missing[0].url}): add {fix}")


def resolve_portal(id_or_file: str) -> Portal:
    """A definition by id (in the portals directory) or by file path; PortalConfigError if neither."""
    path = Path(id_or_file)
    if path.suffix in (".yaml", ".yml") or path.is_file():
        return load_portal(path)
    known = load_all()
    if id_or_file not in known:
        raise PortalConfigError(
            id_or_file, "", f"unknown portal. Known portals in {portals_dir()}: "
                            f"{', '.join(sorted(known)) or '(none)'}; or give the path of a FILE.yaml")
    return known[id_or_file]


# --- new ---------------------------------------------------------------------------------

@dataclass
class NewPortalResult:
    definition: Path
    portal: Portal
    list_page: ListPageReport
    fixture: list[Path] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def new_portal(url: str, portal_id: str, name: str, kind: str = "official", directory: Path | None = None,
               fixture_dir: Path | None = None, force: bool = False, timeout: float = TIMEOUT) -> NewPortalResult:
    """Write ``<directory>/<id>.yaml`` for the list page at ``url`` and freeze a fixture.

    Raises PortalConfigError for an unusable id/name/URL, PortalExists rather than overwrite,
    PageUnreachable when the list page cannot be fetched (then nothing is written)."""
    data = definition_data(url, portal_id, name, kind)
    draft = portal_from_dict(data, f"{portal_id}.yaml")
    directory = Path(directory) if directory else portals_dir()
    definition = directory / f"{portal_id}.yaml"
    fixture_dir = Path(fixture_dir) if fixture_dir else default_fixture_dir(portal_id)
    for existing in (definition, fixture_dir / "expected.json"):
        if existing.exists() and not force:
            raise PortalExists(f"{existing} exists; pass --force to overwrite it")

    fetcher = Fetcher(draft, timeout)
    page = fetcher.get(url)
    found = parse_list_page(page.text, page.url, draft)
    listing = ListPageReport(url, 1, found.strategy, len(found.notices), found.pages[0][0] if found.pages else None)
    directory.mkdir(parents=True, exist_ok=True)
    definition.write_text(_definition_text(data, listing), encoding="utf-8")
    try:
        portal = load_portal(definition)
    except PortalConfigError:
        definition.unlink()
        raise
    result = NewPortalResult(definition, portal, listing)
    if not found.notices:
        result.problems.append(f"discovery found no notice links on {url}: add selectors.notice_links to "
                               f"{definition}; no fixture was captured")
        return result
    link = found.notices[0]
    try:
        notice = fetcher.get(link.url)
    except PageUnreachable as exc:
        result.problems.append(f"{exc}; no fixture was captured")
        return result
    result.fixture = _freeze(portal, fixture_dir, page, found, link, notice)
    return result


def definition_data(url: str, portal_id: str, name: str, kind: str = "official") -> dict:
    """The YAML mapping `new` writes: the three required keys, kind, and
    allow_private_addresses only for a loopback/private host (the test portal_from_dict applies)."""
    data: dict = {"id": portal_id, "name": name, "kind": kind, "start_urls": [url]}
    if _is_private(urlsplit(url).hostname or ""):
        data["allow_private_addresses"] = True
    return data


def _definition_text(data: dict, listing: ListPageReport) -> str:
    header = (f"# Written by `edunotice portals new` on {datetime.now(UTC):%Y-%m-%d} from {listing.url}\n"
              f"# Discovery found {listing.links} notice links ({listing.strategy}). Add selectors only where\n"
              "# discovery is wrong; every optional key is in schemas/portal.schema.json.\n")
    return header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=None)


def _freeze(portal: Portal, fixture_dir: Path, page: Page, found, link: NoticeLink, notice: Page) -> list[Path]:
    """Save the list page, the notice page and expected.json (unconfirmed) under fixture_dir."""
    hints = _hints(portal, link)
    record = _extract(portal, notice, hints)
    expected = {
        "confirmed": False,
        "how_to_confirm": CONFIRM_HOWTO,
        "captured_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "portal": portal.as_dict(),  # used when crawler/portals/<id>.yaml is absent
        "list": {"file": "list.html", "url": page.url, "encoding": page.charset},
        "notice": {"file": "notice.html", "url": notice.url, "encoding": notice.charset, "hints": hints},
        "expected": {
            "list": {"notice_links": len(found.notices), "first_notice": link.url,
                     "next_page": found.pages[0][0] if found.pages else None},
            "notice": notice_expectations(record),
        },
    }
    fixture_dir.mkdir(parents=True, exist_ok=True)
    files = [fixture_dir / "list.html", fixture_dir / "notice.html", fixture_dir / "expected.json"]
    files[0].write_bytes(page.body)
    files[1].write_bytes(notice.body)
    files[2].write_text(json.dumps(expected, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return files


def notice_expectations(record: NoticeRecord) -> dict:
    """The values of a record a person confirms: fields, attachments, body start and end."""
    data = record.to_dict()
    out = {k: data[k] for k in DISPLAY_FIELDS}
    out["attachments"] = [{"title": a["title"], "url": a["url"]} for a in data["attachments"]]
    out["body_start"] = record.text[:BODY_EDGE]
    out["body_end"] = record.text[-BODY_EDGE:]
    out["must_not_contain"] = []
    return out


# --- frozen fixtures ---------------------------------------------------------------------

def default_fixture_dir(portal_id: str) -> Path:
    """Where ``portals new`` freezes pages unless told: under the data directory, never
    inside the installed package (a wheel's files may be read-only and are not a repository)."""
    return data_dir() / FROZEN / portal_id


def frozen_fixtures(sites_dir: Path) -> list[Path]:
    """Every ``<sites_dir>/<id>/frozen/`` directory (a repository's ``tests/sites``)."""
    return sorted(p for p in Path(sites_dir).glob(f"*/{FROZEN}") if p.is_dir())


def check_frozen(fixture_dir: Path) -> str | None:
    """Why a frozen fixture fails (unconfirmed, or extraction no longer gives its values), or None."""
    fixture_dir = Path(fixture_dir)
    path = fixture_dir / "expected.json"
    try:
        spec = json.loads(path.read_text(encoding="utf-8"))
        portal = _frozen_portal(fixture_dir.parent.name, spec)
        wanted = spec["expected"]
        listing = _replay_list(portal, fixture_dir, spec["list"])
        record = _extract(portal, _frozen_page(fixture_dir, spec["notice"]), spec["notice"].get("hints") or {})
    except (OSError, ValueError, KeyError, TypeError, PortalConfigError) as exc:
        return (f"{path}: unusable fixture ({type(exc).__name__}: {exc}); "
                "recapture it with `edunotice portals new URL --id ID --name NAME --force`")
    differences = _differences(wanted.get("list", {}), listing, "list") + _notice_differences(
        wanted.get("notice", {}), record)
    if spec.get("confirmed") is not True:
        message = f"{path} is not confirmed yet. {CONFIRM_HOWTO}"
        return message + ("\nAlready differing:\n  " + "\n  ".join(differences) if differences else "")
    if differences:
        return f"{path}: extraction no longer gives the confirmed values:\n  " + "\n  ".join(differences)
    return None


def _frozen_portal(portal_id: str, spec: dict) -> Portal:
    """The live definition when there is one (so selector fixes apply), else the snapshot."""
    live = portals_dir() / f"{portal_id}.yaml"
    return load_portal(live) if live.is_file() else portal_from_dict(spec["portal"], "expected.json: portal")


def _frozen_page(fixture_dir: Path, entry: dict) -> Page:
    body = (fixture_dir / entry["file"]).read_bytes()
    return Page(entry["url"], body, entry.get("encoding"), decode_html(body, entry.get("encoding"))[0])


def _replay_list(portal: Portal, fixture_dir: Path, entry: dict) -> dict:
    page = _frozen_page(fixture_dir, entry)
    found = parse_list_page(page.text, page.url, portal)
    return {"notice_links": len(found.notices), "first_notice": found.notices[0].url if found.notices else None,
            "next_page": found.pages[0][0] if found.pages else None}


def _differences(wanted: dict, actual: dict, where: str) -> list[str]:
    out = []
    for key, want in wanted.items():
        if key not in actual:
            out.append(f"{where}.{key}: not a value this fixture can check")
        elif actual[key] != want:
            out.append(f"{where}.{key}: expected {want!r}, got {actual[key]!r}")
    return out


def _notice_differences(wanted: dict, record: NoticeRecord) -> list[str]:
    actual = notice_expectations(record)
    text = record.text
    out = []
    for key, want in wanted.items():
        if key == "body_start":
            ok = text.startswith(want)
        elif key == "body_end":
            ok = text.endswith(want)
        elif key == "must_not_contain":
            leaked = [phrase for phrase in want if phrase in text]
            if leaked:
                out.append(f"notice.body contains {leaked!r}")
            continue
        elif key in actual:
            ok = actual[key] == want
        else:
            out.append(f"notice.{key}: not a field of the notice record")
            continue
        if not ok:
            got = text[:BODY_EDGE] if key == "body_start" else text[-BODY_EDGE:] if key == "body_end" else actual[key]
            out.append(f"notice.{key}: expected {want!r}, got {got!r}")
    return out
