"""Frozen real pages of directory portals (``tests/sites/<id>/real/``), checked and replayed.

A fixture is a real list page and a real notice page of a portal in
``crawler/portals/directory/``, taken whole from a public repository, with an
``expected.json`` a person wrote by reading them (format: tests/sites/README.md).

- :func:`real_fixtures` finds them; :func:`check_fixture` lists what is wrong with one
  (each line names the file and what to fix);
- :func:`replay_pages` maps one fixture onto local servers: the list and notice bytes at
  their own paths (real hosts rewritten to the local servers in the served copy only), a
  small generated page behind every other gold link;
- :func:`replay_definition` builds the portal file a crawl of those servers uses: the
  directory definition with its start URL and hosts moved to the local servers, one list
  page, no delay, everything else (selectors, pattern, pagination, encoding) kept.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from crawler.localportals.replay import page_key

REAL = "real"  # tests/sites/<id>/real/
DIRECTORY = Path(__file__).resolve().parent.parent / "portals" / "directory"
CMS = ("trs", "hanweb", "vsb", "epoint", "dede", "empire", "static", "other", "unknown")
ENCODINGS = ("utf-8", "gbk", "gb18030", "big5")
PAGINATION = ("next_link", "index_n", "page_param", "create_page_html", "select", "ajax", "none")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_PUBLISHED = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?)?$")
_SHA = re.compile(r"^[0-9a-f]{64}$")
_COMMIT = re.compile(r"^[0-9a-f]{40}$")


def real_fixtures(sites_dir: Path) -> list[Path]:
    """Every ``<sites_dir>/<id>/real/`` directory holding an expected.json, sorted by id."""
    return sorted(p.parent for p in Path(sites_dir).glob(f"*/{REAL}/expected.json"))


def _absolute(url: object) -> bool:
    return isinstance(url, str) and urlsplit(url).scheme in ("http", "https") and bool(urlsplit(url).hostname)


def _text(value: object) -> bool:
    return isinstance(value, str) and value.strip() != ""


def _check_page(fixture_dir: Path, name: str, page: object) -> list[str]:
    """Problems of the "list" or "notice" part's common keys (file, provenance, cms, encoding)."""
    if not isinstance(page, dict):
        return [f"{name}: missing or not an object"]
    problems = []
    path = fixture_dir / str(page.get("file"))
    prov = page.get("provenance")
    if not _text(page.get("file")) or not path.is_file():
        problems.append(f"{name}.file: {page.get('file')!r} is not a file in {fixture_dir}")
    if not isinstance(prov, dict):
        return [*problems, f"{name}.provenance: missing (repo, path, commit, sha256, url)"]
    for key in ("repo", "path"):
        if not _text(prov.get(key)):
            problems.append(f"{name}.provenance.{key}: missing")
    if not _COMMIT.match(str(prov.get("commit", ""))):
        problems.append(f"{name}.provenance.commit: give the 40-hex commit the file was taken from")
    if not _SHA.match(str(prov.get("sha256", ""))):
        problems.append(f"{name}.provenance.sha256: give the sha256 (64 lower-case hex) of {page.get('file')}")
    elif path.is_file() and hashlib.sha256(path.read_bytes()).hexdigest() != prov["sha256"]:
        problems.append(f"{name}.provenance.sha256: {path.name} does not have this sha256: the file must be "
                        "the repository's bytes exactly (take it with git show, never re-save it)")
    if not _absolute(prov.get("url")):
        problems.append(f"{name}.provenance.url: give the page's original absolute URL")
    problems += _one_of(f"{name}.cms", page.get("cms"), CMS)
    problems += _one_of(f"{name}.encoding", page.get("encoding"), ENCODINGS)
    return problems


def _one_of(field: str, value, allowed) -> list[str]:
    return [] if value in allowed else [f"{field}: {value!r} is not one of {', '.join(allowed)}"]


def _check_list(data: dict) -> list[str]:
    lst = data["list"]
    problems = []
    links = lst.get("links")
    if not isinstance(links, list) or not links:
        return ["list.links: give every notice link of the main list, in page order"]
    seen = set()
    for i, link in enumerate(links):
        if not isinstance(link, dict) or not _absolute(link.get("url")):
            problems.append(f"list.links[{i}].url: give an absolute URL")
            continue
        if link["url"] in seen:
            problems.append(f"list.links[{i}].url: {link['url']} is listed twice")
        seen.add(link["url"])
        if not _text(link.get("title")):
            problems.append(f"list.links[{i}].title: give the title as the list shows it")
        if link.get("date") is not None and not _DATE.match(str(link["date"])):
            problems.append(f"list.links[{i}].date: {link['date']!r} is not YYYY-MM-DD or null")
    if lst.get("next_page") is not None and not _absolute(lst["next_page"]):
        problems.append(f"list.next_page: {lst['next_page']!r} is not an absolute URL or null")
    problems += _one_of("list.pagination", lst.get("pagination"), PAGINATION)
    return problems


def _check_notice(data: dict) -> list[str]:
    notice = data["notice"]
    problems = []
    urls = [link.get("url") for link in data["list"].get("links") or [] if isinstance(link, dict)]
    url = (notice.get("provenance") or {}).get("url")
    if url not in urls:
        problems.append(f"notice.provenance.url: {url} is not among list.links: the notice must be one the list "
                        "page links (copy its URL from list.links)")
    if not _text(notice.get("title")):
        problems.append("notice.title: give the title as the page shows it")
    if notice.get("published") is not None and not _PUBLISHED.match(str(notice["published"])):
        problems.append(f"notice.published: {notice['published']!r} is not YYYY-MM-DD[THH:MM[:SS]] or null")
    for key in ("source", "issuer", "doc_number"):
        if key not in notice:
            problems.append(f"notice.{key}: missing (give the value, or null when the page has none)")
        elif notice[key] is not None and not _text(notice[key]):
            problems.append(f"notice.{key}: give a non-empty string or null")
    for key in ("body_start", "body_end"):
        if not _text(notice.get(key)):
            problems.append(f"notice.{key}: give the first/last ~20-40 characters of the body text")
    return problems


def check_fixture(fixture_dir: Path) -> list[str]:
    """What is wrong with one fixture, each line prefixed by its expected.json path (empty: fine)."""
    where = fixture_dir / "expected.json"
    try:
        data = json.loads(where.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return [f"{where}: not readable JSON ({exc})"]
    if not isinstance(data, dict):
        return [f"{where}: expected an object with portal, confirmed, list, notice, known_wrong"]
    portal = data.get("portal")
    problems = []
    if portal != fixture_dir.parent.name:
        problems.append(f"portal: {portal!r} differs from the directory name {fixture_dir.parent.name!r}")
    if not (DIRECTORY / f"{portal}.yaml").is_file():
        problems.append(f"portal: no crawler/portals/directory/{portal}.yaml; a fixture freezes a directory portal")
    if data.get("confirmed") is not True:
        problems.append("confirmed: not true: read list.html and notice.html, check every value, then set it to true")
    if data.get("known_wrong") is not None and not _text(data.get("known_wrong")):
        problems.append("known_wrong: null, or say what extraction/discovery gets wrong on this portal")
    problems += _check_page(fixture_dir, "list", data.get("list"))
    problems += _check_page(fixture_dir, "notice", data.get("notice"))
    if isinstance(data.get("list"), dict):
        problems += _check_list(data)
        if isinstance(data.get("notice"), dict):
            problems += _check_notice(data)
    return [f"{where}: {p}" for p in problems]


# --- replaying a fixture on local servers ----------------------------------------------------

@dataclass(frozen=True)
class RealSite:
    portal: str
    dir: Path
    data: dict

    @classmethod
    def load(cls, fixture_dir: Path) -> RealSite:
        data = json.loads((fixture_dir / "expected.json").read_text(encoding="utf-8"))
        return cls(data["portal"], fixture_dir, data)

    @property
    def list_url(self) -> str:
        return self.data["list"]["provenance"]["url"]

    @property
    def notice_url(self) -> str:
        return self.data["notice"]["provenance"]["url"]

    @property
    def gold_urls(self) -> list[str]:
        return [link["url"] for link in self.data["list"]["links"]]

    @property
    def known_wrong(self) -> str | None:
        return self.data.get("known_wrong")

    def hosts(self) -> list[str]:
        """Every real host the replay serves: the list's, the notice's, the gold links', and
        the definition's ``allowed_domains`` (so that no host the crawl may visit stays real)."""
        urls = [self.list_url, self.notice_url, *self.gold_urls]
        named = [str(h).split(":")[0].lower() for h in self.definition().get("allowed_domains") or ()]
        return sorted({urlsplit(u).hostname for u in urls if urlsplit(u).hostname} | set(named))

    def definition(self) -> dict:
        path = DIRECTORY / f"{self.portal}.yaml"
        return yaml.safe_load(path.read_text(encoding="utf-8"))


def _host_pattern(host: str) -> re.Pattern[bytes]:
    """``http://host``, ``https://host`` or ``//host`` (default port) not followed by more host name."""
    return re.compile(rb"(?:https?:)?//" + re.escape(host.encode()) + rb"(?::(?:80|443))?(?![\w.:-])", re.I)


def local_url(url: str, bases: dict[str, str]) -> str:
    """``url`` with its real host replaced by its local server's base (scheme, host, port)."""
    parts = urlsplit(url)
    base = bases.get(parts.hostname or "")
    if base is None:
        return url
    return base + (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def rewrite_hosts(body: bytes, bases: dict[str, str]) -> bytes:
    """Absolute links to the fixture's real hosts point at the local servers (longest host first)."""
    for host in sorted(bases, key=len, reverse=True):
        body = _host_pattern(host).sub(bases[host].encode(), body)
    return body


def _generated_notice(link: dict) -> bytes:
    title = html.escape(link["title"])
    date = link.get("date") or ""
    return (f"<html><head><meta charset='utf-8'><title>{title}</title></head><body><h1>{title}</h1>"
            f"<p>发布日期：{date}</p><div class='content'><p>{title}。"
            "本通知全文如下，请各单位认真贯彻落实，按时完成相关工作。</p></div></body></html>").encode()


def replay_pages(site: RealSite, bases: dict[str, str]) -> dict[str, dict[str, tuple[bytes, str]]]:
    """{real host: {page_key: (bytes, content type)}}: what each local server answers."""
    pages: dict[str, dict[str, tuple[bytes, str]]] = {host: {} for host in bases}

    def put(url: str, body: bytes, charset: str) -> None:
        host = urlsplit(url).hostname or ""
        pages[host].setdefault(page_key(url), (body, f"text/html; charset={charset}"))

    for part in ("list", "notice"):
        page = site.data[part]
        put(page["provenance"]["url"], rewrite_hosts((site.dir / page["file"]).read_bytes(), bases), page["encoding"])
    for link in site.data["list"]["links"]:
        put(link["url"], _generated_notice(link), "utf-8")
    return pages


def replay_definition(site: RealSite, bases: dict[str, str]) -> dict:
    """The directory definition, crawling the local servers: start URL the local list page,
    hosts moved, one list page, no delay; selectors and other settings kept."""
    data = site.definition()
    data["start_urls"] = [local_url(site.list_url, bases)]
    netlocs = {host: urlsplit(base).netloc for host, base in bases.items()}
    if data.get("allowed_domains"):
        data["allowed_domains"] = [netlocs[str(h).split(":")[0].lower()] for h in data["allowed_domains"]]
    for key in ("notice_url_pattern", "pagination"):
        if data.get(key):
            text = json.dumps(data[key], ensure_ascii=False)
            for host, netloc in netlocs.items():
                text = text.replace(re.escape(host).replace("\\", "\\\\"), re.escape(netloc).replace("\\", "\\\\"))
                text = rewrite_hosts(text.encode(), {host: bases[host]}).decode()
            data[key] = json.loads(text)
    data["allow_private_addresses"] = True
    data["limits"] = {**(data.get("limits") or {}), "max_list_pages": 1, "download_delay": 0}
    return data
