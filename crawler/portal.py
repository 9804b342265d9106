"""Portal definitions: load ``crawler/portals/<id>.yaml`` files and validate them.

A definition is validated against ``schemas/portal.schema.json``; a broken file raises
:class:`PortalConfigError` naming the file, the field and what to do. Reads the
``EDUNOTICE_PORTALS_DIR`` environment variable (directory of definitions; default: the
bundled ``crawler/portals/``).
"""

from __future__ import annotations

import ipaddress
import os
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

import jsonschema
import yaml

import schemas
from archive.urls import netloc_key

BUNDLED_PORTALS_DIR = Path(__file__).resolve().parent / "portals"
DEFAULT_MAX_LIST_PAGES = 50
# First two digits of the 行政区划代码 of China's 34 provincial-level divisions (GB/T 2260).
PROVINCE_CODE_PREFIXES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 71 81 82".split()
)
DEFAULT_ACCEPT_CHANGE_AFTER = 3  # archive.quarantine.DEFAULT_ACCEPT_AFTER
MAX_PORTAL_FILE_BYTES = 1024 * 1024  # a definition is a few hundred bytes; more is a mistake or an attack


class PortalConfigError(ValueError):
    """A portal definition that cannot be used; the message says where and how to fix it."""

    def __init__(self, source: str, field_path: str, problem: str):
        self.source = source
        self.field_path = field_path
        self.problem = problem
        where = f"{source}: {field_path}" if field_path else source
        super().__init__(f"{where}: {problem}")


@dataclass(frozen=True)
class Portal:
    id: str
    name: str
    start_urls: tuple[str, ...]
    kind: str = "official"
    region: str | None = None  # the region's name (free text, or region.name)
    agency: str | None = None
    region_code: str | None = None  # 6-digit 行政区划代码 (region.code)
    region_level: str | None = None  # national | province | prefecture | county
    evidence: tuple[dict, ...] = ()  # where the start URLs were seen (schema: evidence)
    verified: bool = False
    verified_at: str | None = None
    verdict: str | None = None
    allowed_hosts: tuple[str, ...] = ()  # host[:port] the crawl may visit
    encoding: str | None = None
    selectors: dict[str, str] = field(default_factory=dict)
    notice_url_pattern: str | None = None
    pagination: str | dict | None = None  # a URL template with {n}, or a request form (schema)
    max_list_pages: int = DEFAULT_MAX_LIST_PAGES
    max_notices: int | None = None
    download_delay: float | None = None
    concurrency: int | None = None
    accept_change_after: int = DEFAULT_ACCEPT_CHANGE_AFTER  # runs a suspect new content must last
    allow_private_addresses: bool = False
    render: str = "html"  # html: Scrapy's downloader; browser: headless Chromium (crawler/browser.py)
    max_page_bytes: int | None = None  # limits.max_page_bytes (crawler/guards.py)
    off_host_notices: str = "take"  # take | report: notice rows of the main list linking off the portal's hosts
    source_file: str | None = None

    def allows(self, url: str) -> bool:
        """True when ``url`` is on one of the portal's hosts (port-aware)."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            return False
        netloc = netloc_key(url)
        return any(netloc == h or (":" not in h and parts.hostname == h) for h in self.allowed_hosts)

    def takes_off_host(self, url: str) -> bool:
        """True when ``url`` is off the portal's hosts but may be taken as a notice that a dated
        row of the portal's own list links (``off_host_notices: take``, the default): http(s)
        on the scheme's default port (any port only for a local test portal, which sets
        ``allow_private_addresses``). Such a notice is fetched under its own host's
        politeness and archived with ``off_host`` set (crawler/scope.py still refuses
        non-public addresses)."""
        if self.off_host_notices != "take":
            return False
        parts = urlsplit(url)
        try:
            port = parts.port
        except ValueError:
            return False
        if parts.scheme not in ("http", "https") or not parts.hostname or self.allows(url):
            return False
        return port is None or self.allow_private_addresses or port == {"http": 80, "https": 443}[parts.scheme]

    def as_dict(self) -> dict:
        """The definition in the YAML/schema shape (for writing a portal file)."""
        data: dict = {"id": self.id, "name": self.name, "start_urls": list(self.start_urls)}
        if self.kind != "official":
            data["kind"] = self.kind
        for key in ("region", "agency", "encoding", "notice_url_pattern", "pagination"):
            if getattr(self, key):
                data[key] = getattr(self, key)
        if self.region_level:
            data["region"] = {k: v for k, v in (("name", self.region), ("code", self.region_code),
                                                 ("level", self.region_level)) if v}
        if self.evidence:
            data["evidence"] = [dict(e) for e in self.evidence]
        if self.verified or self.verified_at or self.evidence:
            data["verified"] = self.verified
        for key in ("verified_at", "verdict"):
            if getattr(self, key):
                data[key] = getattr(self, key)
        if self.selectors:
            data["selectors"] = dict(self.selectors)
        limits = {
            k: v
            for k, v in (
                ("max_list_pages", self.max_list_pages if self.max_list_pages != DEFAULT_MAX_LIST_PAGES else None),
                ("max_notices", self.max_notices),
                ("download_delay", self.download_delay),
                ("concurrency", self.concurrency),
                ("accept_change_after", self.accept_change_after
                 if self.accept_change_after != DEFAULT_ACCEPT_CHANGE_AFTER else None),
                ("max_page_bytes", self.max_page_bytes),
            )
            if v is not None
        }
        if limits:
            data["limits"] = limits
        if self.allow_private_addresses:
            data["allow_private_addresses"] = True
        if self.render != "html":
            data["render"] = self.render
        if self.off_host_notices != "take":
            data["off_host_notices"] = self.off_host_notices
        return data


@cache
def _schema() -> dict:
    return schemas.load(schemas.PORTAL)


def _is_private(host: str) -> bool:
    if host in ("localhost", "localhost.localdomain") or host.endswith(".localhost"):
        return True
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return False
    return ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_reserved


def _check_patterns(data: dict, source: str) -> None:
    """A regular expression or CSS selector that does not compile fails at load, naming it,
    rather than in the middle of a nightly crawl."""
    from lxml.cssselect import CSSSelector, SelectorError

    if data.get("notice_url_pattern"):
        try:
            re.compile(data["notice_url_pattern"])
        except re.error as exc:
            raise PortalConfigError(source, "notice_url_pattern", f"not a valid regular expression: {exc}") from None
    for key, css in (data.get("selectors") or {}).items():
        try:
            CSSSelector(css)
        except SelectorError as exc:
            raise PortalConfigError(source, f"selectors.{key}", f"not a valid CSS selector ({css!r}): {exc}") from None


def portal_from_dict(data: object, source: str) -> Portal:
    """Validate ``data`` (a parsed YAML mapping) and build a :class:`Portal`."""
    if not isinstance(data, dict):
        raise PortalConfigError(source, "", "expected a mapping with at least id, name and start_urls")
    errors = sorted(
        jsonschema.Draft202012Validator(_schema()).iter_errors(data),
        key=lambda e: list(e.absolute_path),
    )
    if errors:
        err = errors[0]
        path = ".".join(str(p) for p in err.absolute_path) or "(top level)"
        hint = _hint(err)
        raise PortalConfigError(source, path, f"{err.message}{hint}")
    limits = data.get("limits", {})
    start_urls = tuple(data["start_urls"])
    for i, url in enumerate(start_urls):
        host = urlsplit(url).hostname or ""
        if _is_private(host) and not data.get("allow_private_addresses", False):
            raise PortalConfigError(
                source,
                f"start_urls.{i}",
                f"{url} is a loopback/private address; real portals never are. "
                "Set 'allow_private_addresses: true' only for local test portals.",
            )
    _check_patterns(data, source)
    region = data.get("region")
    structured = region if isinstance(region, dict) else {"name": region}
    _check_region(structured, source)
    hosts = data.get("allowed_domains") or sorted({netloc_key(u) for u in start_urls})
    return Portal(
        id=data["id"],
        name=data["name"],
        start_urls=start_urls,
        kind=data.get("kind", "official"),
        region=structured.get("name"),
        agency=data.get("agency"),
        region_code=structured.get("code"),
        region_level=structured.get("level"),
        evidence=tuple(dict(e) for e in data.get("evidence", ())),
        verified=bool(data.get("verified", False)),
        verified_at=data.get("verified_at"),
        verdict=data.get("verdict"),
        allowed_hosts=tuple(h.lower() for h in hosts),
        encoding=data.get("encoding"),
        selectors=dict(data.get("selectors", {})),
        notice_url_pattern=data.get("notice_url_pattern"),
        pagination=data.get("pagination"),
        max_list_pages=limits.get("max_list_pages", DEFAULT_MAX_LIST_PAGES),
        max_notices=limits.get("max_notices"),
        download_delay=limits.get("download_delay"),
        concurrency=limits.get("concurrency"),
        accept_change_after=limits.get("accept_change_after", DEFAULT_ACCEPT_CHANGE_AFTER),
        max_page_bytes=limits.get("max_page_bytes"),
        allow_private_addresses=bool(data.get("allow_private_addresses", False)),
        render=data.get("render", "html"),
        off_host_notices=data.get("off_host_notices", "take"),
        source_file=source,
    )


def _check_region(region: dict, source: str) -> None:
    """A 行政区划代码 must agree with its level (xx0000 a province, xxyy00 a prefecture, any other
    a county) and start with a real province's two digits; a wrong code would file a portal's
    notices under another region for every researcher who facets by it."""
    code, level = region.get("code"), region.get("level")
    if level is None:
        return
    if level == "national":
        if code:
            raise PortalConfigError(source, "region.code", "level national takes no code (行政区划代码 "
                                    "start at the provinces); remove region.code")
        return
    if not code:
        raise PortalConfigError(source, "region.code", f"level {level} needs the 6-digit 行政区划代码, e.g. 440000")
    if code[:2] not in PROVINCE_CODE_PREFIXES:
        raise PortalConfigError(source, "region.code", f"{code} does not start with a province's code "
                                "(11 北京 … 65 新疆, 71 台湾, 81 香港, 82 澳门)")
    expected = ("province" if code.endswith("0000") else "prefecture" if code.endswith("00") else "county")
    if expected != level:
        raise PortalConfigError(source, "region.level", f"code {code} is a {expected}-level code but level "
                                f"says {level}: fix one of them (xx0000 province, xxyy00 prefecture, else county)")


def _hint(err: jsonschema.ValidationError) -> str:
    if err.validator == "required":
        return " (a portal needs at least id, name and start_urls)"
    if err.validator == "additionalProperties":
        return f" (allowed keys are listed in {schemas.PORTAL})"
    if err.validator == "pattern" and list(err.absolute_path)[:1] == ["id"]:
        return " (use lower-case letters, digits and _ only, e.g. qingyuan_edu)"
    if err.validator == "pattern" and list(err.absolute_path)[:1] == ["start_urls"]:
        return " (give absolute http:// or https:// URLs)"
    return ""


class _PlainYamlLoader(yaml.SafeLoader):
    """PyYAML's safe loader without anchors and aliases: a definition never needs them, and
    nested aliases expand exponentially (a 400-byte "billion laughs" file eats gigabytes)."""

    def compose_node(self, parent, index):  # noqa: ANN001, ANN201 - PyYAML's API
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise yaml.composer.ComposerError(
                None, None, "anchors and aliases (&name, *name) are not allowed in portal definitions; "
                "write the values out", event.start_mark)
        return super().compose_node(parent, index)


def load_portal(path: str | Path) -> Portal:
    """Load and validate one portal definition file (safely: size-capped, no aliases)."""
    path = Path(path)
    source = str(path)
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_PORTAL_FILE_BYTES + 1)
        text = raw.decode("utf-8")
    except FileNotFoundError:
        raise PortalConfigError(source, "", "file not found") from None
    except IsADirectoryError:
        raise PortalConfigError(source, "", "is a directory, not a portal definition file") from None
    except OSError as exc:
        raise PortalConfigError(source, "", f"cannot read it: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise PortalConfigError(source, "", f"not UTF-8 text ({exc.reason}); save the file as UTF-8") from None
    if len(raw) > MAX_PORTAL_FILE_BYTES:
        raise PortalConfigError(source, "", f"larger than {MAX_PORTAL_FILE_BYTES // 1024} KB; a portal "
                                "definition is a few lines of YAML: is this the right file?")
    try:
        data = yaml.load(text, Loader=_PlainYamlLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise PortalConfigError(source, where, f"invalid YAML: {problem}") from None
    portal = portal_from_dict(data, source)
    if path.suffix in (".yaml", ".yml") and path.stem != portal.id and path.parent == portals_dir():
        raise PortalConfigError(source, "id", f"id '{portal.id}' must match the file name '{path.stem}'")
    return portal


def portals_dir() -> Path:
    return Path(os.environ.get("EDUNOTICE_PORTALS_DIR") or BUNDLED_PORTALS_DIR)


def portal_files(directory: Path | None = None) -> list[Path]:
    directory = directory or portals_dir()
    return sorted(p for p in directory.glob("*.y*ml") if p.suffix in (".yaml", ".yml"))


def load_all(directory: Path | None = None) -> dict[str, Portal]:
    """All definitions in the portals directory, by id; the first broken file raises."""
    portals: dict[str, Portal] = {}
    for path in portal_files(directory):
        portal = load_portal(path)
        if portal.id in portals:
            raise PortalConfigError(str(path), "id", f"duplicate id '{portal.id}' (also in {portals[portal.id].source_file})")
        portals[portal.id] = portal
    return portals
