"""The read-only web UI of ``edunotice serve``: a small WSGI app over archive.search and archive.query.

Pages (each also as JSON: add ``.json`` to the path, same query string):

- ``/`` and ``/search``: search with facets, snippets, paging (``archive.search``, as the CLI;
  ``exact_count=1`` counts every hit where the total would be estimated, ``count_limit=N``)
- ``/notice/<id>``: a notice, its versions, attachments, copies, and links to its capture
- ``/notice/<id>/diff?from=N&to=M``: inline word/character diff (``archive.diffview``)
- ``/notice/<id>/capture?version=N``: the extracted text, and the archived page in a sandboxed
  frame. The archived bytes (``/notice/<id>/raw``) are sent with ``Content-Security-Policy:
  sandbox`` (an opaque origin, no scripts, no requests out), so an archived page never runs
  as a live page on the UI's origin, even when opened directly.
- ``/runs``: past crawl runs; ``/portals``: each portal's health

Only GET and HEAD; nothing here writes to the archive.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from urllib.parse import parse_qs, urlencode

from archive import db
from archive.diffview import inline_html
from archive.estimate import EXACT_COUNT_LIMIT
from archive.history import metadata_changes
from archive.query import (
    copies_of,
    current_record,
    document_history,
    portal_status,
    run_rows,
)
from archive.search import SearchRequest, UnknownPortal, search
from archive.store import Archive

RAW_CSP = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:"
PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; frame-src 'self'; img-src 'self' data:"
STYLE = """
body{font-family:"Noto Sans CJK SC","Source Han Sans SC",sans-serif;margin:0;color:#222;background:#fafafa}
header{background:#234;color:#fff;padding:.6em 1.2em}header a{color:#fff;margin-right:1.2em;text-decoration:none}
main{display:flex;gap:1.5em;padding:1em 1.2em}aside{min-width:14em;font-size:.9em}section{flex:1;max-width:60em}
input[type=search]{width:24em;font-size:1.05em;padding:.3em}mark{background:#ffe066}
.hit{background:#fff;border:1px solid #ddd;border-radius:4px;padding:.6em .8em;margin:.6em 0}
.hit h3{margin:.1em 0;font-size:1.05em}.meta{color:#666;font-size:.85em}.badge{background:#dde;border-radius:3px;padding:0 .3em;margin-left:.3em;font-size:.8em}
del{background:#fdd;text-decoration:line-through}ins{background:#dfd;text-decoration:none}
table{border-collapse:collapse;background:#fff}td,th{border:1px solid #ddd;padding:.25em .5em;font-size:.9em;text-align:left}
pre.text{white-space:pre-wrap;background:#fff;border:1px solid #ddd;padding:.8em}iframe{width:100%;height:40em;border:1px solid #999;background:#fff}
.pager a{margin-right:1em}
"""


class HttpError(Exception):
    def __init__(self, status: str, message: str):
        super().__init__(message)
        self.status, self.message = status, message


def esc(value) -> str:
    return html.escape("" if value is None else str(value))


def layout(title: str, body: str, json_href: str) -> str:
    return (f"<!doctype html><html lang=zh-CN><head><meta charset=utf-8><title>{esc(title)} · edunotice</title>"
            f"<style>{STYLE}</style></head><body><header><a href='/'><b>edunotice</b></a>"
            f"<a href='/search'>搜索 search</a><a href='/runs'>runs</a><a href='/portals'>portals</a>"
            f"<a href='{esc(json_href)}' id=json-link>JSON</a></header>{body}</body></html>")


class App:
    """The WSGI application: ``App(db_url)`` is callable by any WSGI server."""

    def __init__(self, db_url: str, data_dir: Path | None = None):
        self.archive = Archive(db_url)
        self.data_dir = data_dir or db.data_dir()
        self.routes: list[tuple[re.Pattern, Callable]] = [
            (re.compile(r"^/(?:search)?$"), self.search_page),
            (re.compile(r"^/notice/(\d+)$"), self.notice_page),
            (re.compile(r"^/notice/(\d+)/diff$"), self.diff_page),
            (re.compile(r"^/notice/(\d+)/capture$"), self.capture_page),
            (re.compile(r"^/runs$"), self.runs_page),
            (re.compile(r"^/portals$"), self.portals_page),
        ]

    def __call__(self, environ, start_response) -> Iterable[bytes]:
        path = environ.get("PATH_INFO") or "/"
        params = {k: v[-1] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}
        if environ.get("REQUEST_METHOD", "GET") not in ("GET", "HEAD"):
            return self._send(start_response, "405 Method Not Allowed", "text/plain", b"read-only")
        try:
            raw = re.match(r"^/notice/(\d+)/raw$", path)
            if raw:
                return self._send(start_response, "200 OK", "text/html", self._raw(int(raw[1]), params),
                                  [("Content-Security-Policy", RAW_CSP)])
            as_json = path.endswith(".json")
            route = path.removesuffix(".json") if as_json else path
            route = "/" if route in ("", "/index") else route
            for pattern, handler in self.routes:
                m = pattern.match(route)
                if m:
                    data, render = handler(params, *m.groups())
                    if as_json:
                        body = json.dumps(data, ensure_ascii=False, indent=1).encode()
                        return self._send(start_response, "200 OK", "application/json; charset=utf-8", body)
                    title, content = render(data)
                    query = environ.get("QUERY_STRING")
                    page = layout(title, content, route.rstrip("/") + ".json" + (f"?{query}" if query else ""))
                    return self._send(start_response, "200 OK", "text/html; charset=utf-8", page.encode())
            raise HttpError("404 Not Found", f"no page {path}")
        except HttpError as exc:
            if path.endswith(".json"):
                body = json.dumps({"error": exc.message}, ensure_ascii=False).encode()
                return self._send(start_response, exc.status, "application/json; charset=utf-8", body)
            page = layout(exc.status, f"<main><section><h2>{esc(exc.status)}</h2><p>{esc(exc.message)}</p>"
                                      "</section></main>", "#")
            return self._send(start_response, exc.status, "text/html; charset=utf-8", page.encode())

    @staticmethod
    def _send(start_response, status: str, ctype: str, body: bytes, extra=()) -> list[bytes]:
        headers = [("Content-Type", ctype), ("Content-Length", str(len(body))),
                   ("X-Content-Type-Options", "nosniff"), ("Referrer-Policy", "no-referrer"), *extra]
        if not any(h == "Content-Security-Policy" for h, _ in extra):
            headers.append(("Content-Security-Policy", PAGE_CSP))
        start_response(status, headers)
        return [body]

    # -- search ---------------------------------------------------------------------------
    def search_page(self, params: dict):
        req = request_from_params(params)
        with self.archive.sessions() as s:
            try:
                result = search(s, req)
            except UnknownPortal as exc:
                raise HttpError("400 Bad Request", str(exc)) from None
        return result.as_dict(), lambda data: ("搜索 " + req.query, render_search(data, params))

    # -- a notice ---------------------------------------------------------------------------
    def _history(self, s, doc_id: str):
        found = document_history(s, int(doc_id))
        if found is None:
            raise HttpError("404 Not Found", f"no document {doc_id} in the archive")
        return found

    def notice_page(self, params: dict, doc_id: str):
        with self.archive.sessions() as s:
            doc, versions, observations = self._history(s, doc_id)
            if not versions:
                raise HttpError("404 Not Found", f"document {doc_id} has no version yet: every fetch of it "
                                "looked like a glitch (suspect); see /runs")
            record = current_record(s, doc, versions[-1])
            data = {"notice": record, "observations": observations,
                    "versions": [{"version": v.version, "fetched_at": v.fetched_at.isoformat(timespec="seconds") + "Z",
                                  "content_sha256": v.content_sha256, "http_status": v.http_status,
                                  "has_capture": bool(v.warc_file)} for v in versions],
                    "copies": (copies_of(s, doc.id) or {}).get("copies", [])}
        return data, lambda d: (d["notice"]["title"] or doc_id, render_notice(d))

    def diff_page(self, params: dict, doc_id: str):
        with self.archive.sessions() as s:
            doc, versions, _ = self._history(s, doc_id)
            by_number = {v.version: v for v in versions}
            to_no = _int(params.get("to"), versions[-1].version)
            from_no = _int(params.get("from"), to_no - 1)
            if from_no not in by_number or to_no not in by_number:
                raise HttpError("404 Not Found", f"document {doc_id} has versions 1..{len(versions)}; "
                                + ("only one version, nothing to compare" if len(versions) == 1
                                   else f"cannot compare {from_no} with {to_no}"))
            old, new = by_number[from_no], by_number[to_no]
            data = {"document_id": doc.id, "title": new.title, "from": from_no, "to": to_no,
                    "metadata_changes": [{"field": f, "from": a, "to": b} for f, a, b in metadata_changes(old, new)],
                    "diff_html": inline_html(old.text, new.text)}
        return data, lambda d: (f"diff {doc_id}", render_diff(d))

    def capture_page(self, params: dict, doc_id: str):
        with self.archive.sessions() as s:
            doc, versions, _ = self._history(s, doc_id)
            chosen = _version(versions, params)
            data = {"document_id": doc.id, "version": chosen.version, "url": doc.url, "title": chosen.title,
                    "fetched_at": chosen.fetched_at.isoformat(timespec="seconds") + "Z", "text": chosen.text,
                    "warc_file": chosen.warc_file, "warc_offset": chosen.warc_offset,
                    "raw_url": f"/notice/{doc.id}/raw?version={chosen.version}" if chosen.warc_file else None}
        return data, lambda d: (f"capture {doc_id}", render_capture(d))

    def _raw(self, doc_id: int, params: dict) -> bytes:
        from archive.warc import read_payload

        with self.archive.sessions() as s:
            _doc, versions, _ = self._history(s, str(doc_id))
            chosen = _version(versions, params)
        if not chosen.warc_file:
            raise HttpError("404 Not Found", "this version was archived without a WARC capture")
        try:
            return read_payload(self.data_dir, chosen.warc_file, chosen.warc_offset, self.archive)
        except FileNotFoundError:
            raise HttpError("404 Not Found", f"{chosen.warc_file} is not in the data directory "
                                             f"{self.data_dir}; start serve with EDUNOTICE_DATA_DIR set") from None

    # -- operations ---------------------------------------------------------------------------
    def runs_page(self, params: dict):
        with self.archive.sessions() as s:
            rows = run_rows(s, limit=_int(params.get("limit"), 50))
        return {"runs": rows}, lambda d: ("runs", render_table("Crawl runs", d["runs"], (
            "run_id", "portal", "started_at", "seconds", "status", "pages_fetched", "notices_seen",
            "new_documents", "new_versions", "withdrawn", "errors", "health_reasons")))

    def portals_page(self, params: dict):
        with self.archive.sessions() as s:
            rows = portal_status(s)
        return {"portals": rows}, lambda d: ("portals", render_table("Portal health", d["portals"], (
            "portal", "name", "kind", "last_run_status", "last_run_at", "last_success_at", "notices_trend",
            "documents", "withdrawn", "health_reasons")))


def _int(value, default: int) -> int:
    try:
        return int(value) if value not in (None, "") else default
    except ValueError:
        raise HttpError("400 Bad Request", f"{value!r} is not a number") from None


def _version(versions, params: dict):
    number = _int(params.get("version"), versions[-1].version)
    chosen = next((v for v in versions if v.version == number), None)
    if chosen is None:
        raise HttpError("404 Not Found", f"versions are 1..{len(versions)}, not {number}")
    return chosen


def _tristate(value: str | None) -> bool | None:
    return {"1": True, "yes": True, "true": True, "0": False, "no": False, "false": False}.get((value or "").lower())


def request_from_params(params: dict) -> SearchRequest:
    """A SearchRequest from a query string (the UI's form and the .json API share it)."""
    return SearchRequest(
        query=params.get("q", ""), portal=tuple(p for p in params.get("portal", "").split(",") if p),
        since=params.get("since") or None, until=params.get("until") or None, kind=params.get("kind") or None,
        withdrawn=_tristate(params.get("withdrawn")), has_attachments=_tristate(params.get("has_attachments")),
        changed_since=params.get("changed_since") or None, collapse_copies=_tristate(params.get("collapse")) or False,
        page=max(1, _int(params.get("page"), 1)), per_page=min(200, max(1, _int(params.get("per_page"), 20))),
        exact_count=_tristate(params.get("exact_count")) or False,
        count_limit=max(0, _int(params.get("count_limit"), EXACT_COUNT_LIMIT)))


# -- rendering -------------------------------------------------------------------------------
def _link(params: dict, **changes) -> str:
    merged = {k: v for k, v in {**params, **changes}.items() if v not in (None, "")}
    return "/search?" + urlencode(merged)


def render_search(data: dict, params: dict) -> tuple[str, str] | str:
    facet_param = {"portal": "portal", "kind": "kind"}
    about = "" if data["count_exact"] else "about "
    facets = []
    for name, values in data["facets"].items():
        items = []
        for v in values:
            label = f"{esc(v['value'] or '-')} <span class=meta>{about}{v['count']}</span>"
            if name in facet_param and v["value"]:
                label = f"<a href='{esc(_link(params, **{facet_param[name]: v['value'], 'page': None}))}'>{label}</a>"
            elif name == "year" and v["value"]:
                y = v["value"]
                label = f"<a href='{esc(_link(params, since=f'{y}-01-01', until=f'{y}-12-31', page=None))}'>{label}</a>"
            items.append(f"<li>{label}</li>")
        facets.append(f"<h4>{esc(name)}{' (estimated)' if about else ''}</h4><ul class=facet id=facet-{esc(name)}>{''.join(items)}</ul>")
    hits = []
    for h in data["hits"]:
        badges = "".join(f"<span class=badge>{esc(f)}</span>" for f in h["flags"])
        if h["title_match"]:
            badges = "<span class=badge>标题</span>" + badges
        hits.append(f"<div class=hit><h3><a class=hit-link href='/notice/{h['document_id']}'>{esc(h['title'] or '(no title)')}"
                    f"</a>{badges}</h3><div class=meta>{esc(h['published'] or '-')} · {esc(h['portal'])} · "
                    f"#{h['document_id']} v{h['version']}</div><div class=snippet>{h['snippet_html']}</div></div>")
    pager = []
    if data["page"] > 1:
        pager.append(f"<a id=prev href='{esc(_link(params, page=data['page'] - 1))}'>← 上一页</a>")
    if data["more"]:
        pager.append(f"<a id=next href='{esc(_link(params, page=data['page'] + 1))}'>下一页 → ({about}{data['more']} more)</a>")
    unit = "copy clusters" if data["collapse_copies"] else "notices"
    estimate = data["count_estimate"]
    total = (f"about {estimate['count']:,} (95 % interval {estimate['low']:,}–{estimate['high']:,}, estimated from "
             f"{estimate['sample']:,} sampled versions; <a id=exact-count href='{esc(_link(params, exact_count=1))}'>"
             "exact count</a>)") if estimate else f"{data['total']:,}"
    summary = (f"<p id=summary>{total} {unit}; showing {data['first']}–{data['last']}"
               + (f", {about}{data['more']} more" if data["more"] else "") + "</p>")
    checked = " checked" if data["collapse_copies"] else ""
    form = (f"<form action='/search'><input type=search name=q value='{esc(data['query'])}' placeholder='双减 / 招生 / \"工作 要点\"' autofocus>"
            f" <label><input type=checkbox name=collapse value=1{checked}> collapse copies</label>"
            f" <input type=text name=since size=10 placeholder=since value='{esc(params.get('since', ''))}'>"
            f" <input type=text name=until size=10 placeholder=until value='{esc(params.get('until', ''))}'>"
            " <button>搜索</button></form>")
    return (f"<main><aside>{''.join(facets)}</aside><section>{form}{summary}<div id=hits>{''.join(hits)}</div>"
            f"<div class=pager>{''.join(pager)}</div></section></main>")


def render_notice(d: dict) -> str:
    n = d["notice"]
    rows = "".join(f"<tr><th>{esc(k)}</th><td>{esc(n[k])}</td></tr>" for k in (
        "url", "portal", "published", "mirror_posted", "source", "issuer", "doc_number", "index_number",
        "script", "flags", "cluster_id", "withdrawn_at", "content_sha256"))
    versions = "".join(
        f"<tr><td>v{v['version']}</td><td>{esc(v['fetched_at'])}</td><td>{v['http_status']}</td>"
        f"<td><code>{esc(v['content_sha256'][:12])}</code></td><td>"
        + (f"<a class=diff-link href='/notice/{n['document_id']}/diff?to={v['version']}'>diff with v{v['version'] - 1}</a> "
           if v["version"] > 1 else "first capture ")
        + f"<a href='/notice/{n['document_id']}/capture?version={v['version']}'>capture</a></td></tr>"
        for v in d["versions"])
    attachments = "".join(f"<li>{esc(a.get('title'))} <code>{esc(a.get('url'))}</code> "
                          f"{esc(a.get('media_type') or '')} {esc(a.get('size') or '')}</li>" for a in n["attachments"])
    copies = "".join(
        f"<tr><td><a href='/notice/{c['document_id']}'>#{c['document_id']}</a>{' <b>best</b>' if c['best'] else ''}</td>"
        f"<td>{esc(c['portal'])} ({esc(c['portal_kind'])})</td><td>{esc(c['title'])}</td><td>{esc(c['published'])}</td>"
        f"<td>{esc(', '.join(c['flags']))}</td></tr>" for c in d["copies"] if c["document_id"] != n["document_id"])
    return (f"<main><section><h2 id=notice-title>{esc(n['title'] or '(no title)')}</h2><table>{rows}</table>"
            f"<h3>Versions ({len(d['versions'])}; {d['observations']} fetches)</h3><table id=versions>{versions}</table>"
            + (f"<h3>Attachments</h3><ul>{attachments}</ul>" if attachments else "")
            + (f"<h3>Copies on other pages</h3><table id=copies>{copies}</table>" if copies else "")
            + f"<h3>Text (v{n['version']})</h3><pre class=text>{esc(n['text'])}</pre></section></main>")


def render_diff(d: dict) -> str:
    meta = "".join(f"<tr><th>{esc(c['field'])}</th><td><del>{esc(c['from'])}</del></td><td><ins>{esc(c['to'])}</ins></td></tr>"
                   for c in d["metadata_changes"])
    return (f"<main><section><h2><a href='/notice/{d['document_id']}'>{esc(d['title'])}</a></h2>"
            f"<p>version {d['from']} → {d['to']}</p>" + (f"<table id=meta-changes>{meta}</table>" if meta else "")
            + f"<div id=diff class=text style='background:#fff;border:1px solid #ddd;padding:.8em'>{d['diff_html']}</div>"
            "</section></main>")


def render_capture(d: dict) -> str:
    frame = (f"<h3>Archived page (sandboxed: no scripts, no requests)</h3>"
             f"<iframe sandbox src='{esc(d['raw_url'])}' title='archived page' referrerpolicy=no-referrer></iframe>"
             if d["raw_url"] else "<p>archived without a WARC capture</p>")
    return (f"<main><section><h2><a href='/notice/{d['document_id']}'>{esc(d['title'])}</a> v{d['version']}</h2>"
            f"<p class=meta>{esc(d['url'])} fetched {esc(d['fetched_at'])}; WARC {esc(d['warc_file'])} @ {esc(d['warc_offset'])}</p>"
            f"{frame}<h3>Extracted text</h3><pre class=text>{esc(d['text'])}</pre></section></main>")


def render_table(title: str, rows: list[dict], columns: tuple[str, ...]) -> str:
    head = "".join(f"<th>{esc(c)}</th>" for c in columns)
    body = "".join("<tr>" + "".join(f"<td>{esc(r.get(c))}</td>" for c in columns) + "</tr>" for r in rows)
    return f"<main><section><h2>{esc(title)}</h2><table id=rows><tr>{head}</tr>{body}</table></section></main>"
