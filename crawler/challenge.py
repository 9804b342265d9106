"""Tell when a portal needs a browser: a JavaScript challenge, or a list built by JavaScript.

Many government sites answer a plain HTTP client with a tiny page whose script sets a cookie
and reloads (瑞数-style 412/202, 加速乐-style 521), or serve list pages whose notices a script
fetches and writes into an empty container. Read as plain HTML both look like "no notice
links": this module names the real cause with its evidence (HTTP status, cookie name, script
URLs, data endpoints), for ``portals check`` and for the run's problems (kind
``needs_browser``). Pure functions of (status, headers, HTML, URL); rules are named
constants. The fix is ``render: browser`` in the portal's definition (crawler/browser.py).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from urllib.parse import urljoin

import lxml.etree
import lxml.html

# Statuses challenge products answer with before the cookie is set: 412 (瑞数), 202 (some
# WAFs "accepted, run this script"), 521 (加速乐), 403 only together with a cookie script.
CHALLENGE_STATUSES = frozenset({202, 412, 521})
MAX_CHALLENGE_TEXT = 200  # visible characters: a challenge page shows (almost) nothing
MAX_CHALLENGE_BYTES = 256 * 1024  # larger responses are never inspected (瑞数 pages are a few KB)
SETS_COOKIE = re.compile(r"document\.cookie\s*=(?!=)")
STRING_LITERAL = re.compile(r"'([^']*)'|\"([^\"]*)\"|`([^`]*)`")
COOKIE_NAME = re.compile(r"^\s*([A-Za-z0-9_$.-]+)\s*=")
RELOADS = re.compile(r"location\.(reload|replace|href|assign)|window\.location\s*=|document\.location\s*=")
# 瑞数 pages carry `$_ts` state and a meta tag the bootstrap script reads.
RUISHU_MARKER = re.compile(r"\$_ts\s*=|\$_ts\[")
# Literal text SETS_COOKIE or RUISHU_MARKER cannot match without (inline script text is raw page text):
# a page holding neither, served without a challenge status, is not a challenge.
CHALLENGE_MARKERS = ("document.cookie", "$_ts")
# A script that loads list data, or writes links into the page.
FETCHES_DATA = re.compile(r"\bfetch\s*\(|XMLHttpRequest|\$\.(ajax|get|getJSON|post)\s*\(|\baxios\b|\.load\s*\(")
BUILDS_LINKS = re.compile(r"(innerHTML|insertAdjacentHTML|document\.write|\.append(Child)?\s*\(|\.html\s*\()"
                          r"[\s\S]{0,400}(<a\b|href)|(<a\b|href)[\s\S]{0,400}"
                          r"(innerHTML|insertAdjacentHTML|document\.write|\.append(Child)?\s*\()")
# String literals in a script that name a data endpoint.
ENDPOINT = re.compile(r"['\"]([^'\"\s]+?(\.json|\.do|\.action|\.jsp|\.aspx|/api/[^'\"\s]*)(\?[^'\"\s]*)?)['\"]")
# Libraries every site loads; their presence says nothing about how the list is built.
LIBRARY_SCRIPT = re.compile(r"(jquery|bootstrap|layui|vue|react|swiper|echarts|common|analytics|"
                            r"hm\.js|baidu|cnzz|ucap|wza|aria)", re.I)


@dataclass(frozen=True)
class BrowserNeed:
    """Why a page needs a browser, with what a person can check."""

    kind: str  # js_challenge | script_built_list
    url: str
    status: int
    cookie: str | None = None  # cookie the challenge script (or Set-Cookie) sets
    scripts: tuple[str, ...] = ()  # script URLs; "inline" for a script in the page
    endpoints: tuple[str, ...] = ()  # data URLs a list script fetches
    rendered: bool = False  # the page came through the browser already

    def message(self) -> str:
        evidence = [f"HTTP {self.status}"]
        if self.cookie:
            evidence.append(f"cookie {self.cookie}")
        if self.scripts:
            evidence.append("script " + ", ".join(self.scripts[:3]))
        if self.endpoints:
            evidence.append("data " + ", ".join(self.endpoints[:3]))
        what = ("the page is a JavaScript challenge (a script sets a cookie and reloads)"
                if self.kind == "js_challenge" else
                "no notice links in the HTML: a script builds the list")
        fix = ("the browser did not get past it either: the portal cannot be crawled automatically yet"
               if self.rendered else "set 'render: browser' in the portal's definition")
        return f"needs a browser: {what} [{'; '.join(evidence)}]: {fix}"

    def as_dict(self) -> dict:
        data = asdict(self)
        data["scripts"], data["endpoints"] = list(self.scripts), list(self.endpoints)
        return data


def _scripts(tree, url: str) -> tuple[list[str], str]:
    """External script URLs and the text of the inline scripts."""
    external, inline = [], []
    for script in tree.iter("script"):
        src = (script.get("src") or "").strip()
        if src:
            external.append(urljoin(url, src))
        elif script.text:
            inline.append(script.text)
    return external, "\n".join(inline)


def _cookie_name(inline: str) -> str | None:
    """The cookie a script assigns, from the string literals after ``document.cookie=`` joined
    up to the first ``=`` (challenge scripts build the name by concatenation: '_'+'_jsl...=')."""
    match = SETS_COOKIE.search(inline)
    if match is None:
        return None
    joined = ""
    for literal in STRING_LITERAL.finditer(inline, match.end(), match.end() + 300):
        joined += next(g for g in literal.groups() if g is not None)
        if "=" in joined:
            name = COOKIE_NAME.match(joined)
            return name.group(1) if name else None
    return None


def _visible_text(tree) -> str:
    for bad in tree.xpath("//script|//style|//noscript"):
        bad.drop_tree()
    return "".join(tree.text_content().split())


def _parse(html: str):
    try:
        return lxml.html.fromstring(html) if html and html.strip() else None
    except (lxml.etree.ParserError, ValueError):
        return None


def detect_challenge(status: int, html: str, url: str, set_cookies: tuple[str, ...] = (),
                     rendered: bool = False) -> BrowserNeed | None:
    """A JavaScript challenge page: little visible text, scripts, and a challenge status or a
    script that sets a cookie and reloads. ``set_cookies``: cookie names from Set-Cookie."""
    if status not in CHALLENGE_STATUSES and not any(marker in html for marker in CHALLENGE_MARKERS):
        return None  # no challenge status and no script could match: skip parsing (every notice page)
    tree = _parse(html)
    if tree is None:
        return None
    external, inline = _scripts(tree, url)
    if not external and not inline:
        return None
    if len(_visible_text(tree)) > MAX_CHALLENGE_TEXT:
        return None
    cookie_match = SETS_COOKIE.search(inline)
    cookie = _cookie_name(inline) or (set_cookies[0] if set_cookies else None)
    cookie_and_reload = bool(cookie_match and RELOADS.search(inline))
    challenge_status = status in CHALLENGE_STATUSES or (status == 403 and cookie_match is not None)
    if not (challenge_status or cookie_and_reload or RUISHU_MARKER.search(inline)):
        return None
    scripts = tuple(external) + (("inline",) if inline.strip() else ())
    return BrowserNeed("js_challenge", url, status, cookie, scripts, rendered=rendered)


def detect_script_list(status: int, html: str, url: str, rendered: bool = False) -> BrowserNeed | None:
    """A list page with no notice links whose own scripts load data or write links.

    Call it only when discovery found no notice links: the evidence is the scripts (inline
    code that fetches data or writes links; the site's own script files), never a guess
    from an empty page alone."""
    tree = _parse(html)
    if tree is None:
        return None
    external, inline = _scripts(tree, url)
    loads = FETCHES_DATA.search(inline) is not None
    builds = BUILDS_LINKS.search(inline) is not None
    own = [s for s in external if not LIBRARY_SCRIPT.search(s.rsplit("/", 1)[-1])]
    if not (loads or builds):
        return None
    endpoints = tuple(dict.fromkeys(urljoin(url, m.group(1)) for m in ENDPOINT.finditer(inline)))
    scripts = tuple(own) + ("inline",)
    return BrowserNeed("script_built_list", url, status, None, scripts, endpoints, rendered)


def needs_browser(status: int, html: str, url: str, set_cookies: tuple[str, ...] = (),
                  rendered: bool = False, list_page: bool = True) -> BrowserNeed | None:
    """The challenge, else (for a list page without notice links) the script-built list."""
    return detect_challenge(status, html, url, set_cookies, rendered) or (
        detect_script_list(status, html, url, rendered) if list_page else None)


def cookie_names(set_cookie_headers: list[bytes] | list[str]) -> tuple[str, ...]:
    """Cookie names from Set-Cookie header values."""
    names = []
    for value in set_cookie_headers:
        text = value.decode("latin-1") if isinstance(value, bytes) else value
        name = text.split("=", 1)[0].strip()
        if name:
            names.append(name)
    return tuple(names)


def response_need(response, list_page: bool = True) -> BrowserNeed | None:
    """:func:`needs_browser` for a Scrapy response (the spider's and errback's hook)."""
    if len(response.body) > MAX_CHALLENGE_BYTES or b"<script" not in response.body.lower():
        return None  # a full page, or no script at all: not a challenge (and cheap on every notice)
    text = getattr(response, "text", None)
    if text is None:
        try:
            text = response.body.decode("utf-8", errors="replace")
        except AttributeError:
            return None
    return needs_browser(response.status, text, response.url,
                         cookie_names(response.headers.getlist("Set-Cookie")),
                         rendered="playwright" in (response.flags or []), list_page=list_page)
