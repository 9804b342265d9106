"""Canonical document URLs: one notice, one key, however the link was written.

The key is w3lib's canonical form (scheme and host lower-cased, query sorted, percent
escapes upper-cased, fragment dropped) after four changes of our own: the tracking
parameters in :data:`TRACKING_PARAMS` are removed (w3lib's ``url_query_cleaner``), so is a
session id (a servlet's ``;jsessionid=…`` path parameter, a ``PHPSESSID`` query: a crawl
keeps no cookie from one night to the next, so a servlet portal writes a new one into every
link each night, and the same notice must keep its key), a default port is dropped
(:func:`netloc_key`, shared with the portal scope check in ``crawler.portal``), and an empty
path becomes ``/``. The URL a version was fetched from keeps its session id (provenance).

The query's bytes are never decoded: ``?q=%D6%D0%CE%C4`` (GBK 中文) and
``?q=%B9%FA%BC%D2`` (GBK 国家) stay two keys. A link written with raw non-ASCII characters
is percent-encoded with the encoding of the page it was found on (``encoding=``), as a
browser would send it; the path is always UTF-8.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

from w3lib.url import canonicalize_url, safe_url_string, url_query_cleaner

# Query parameters that track the visitor or the share, not the document; compared
# case-insensitively. Each names where it comes from.
TRACKING_PARAMS: dict[str, str] = {
    "spm": "Alibaba/Aliyun page-position tracking",
    "from": "WeChat/Weibo share source (timeline, singlemessage, groupmessage)",
    "isappinstalled": "WeChat share: whether the app was installed",
    "share_token": "share links",
    "share_from": "share links",
    "scene": "WeChat share scene",
    "timestamp": "cache-busting time stamp added by share widgets",
    "fbclid": "Facebook click id",
    "gclid": "Google Ads click id",
    "msclkid": "Microsoft Ads click id",
    "_hsenc": "HubSpot",
    "_hsmi": "HubSpot",
    "jsessionid": "Java servlet session id (the query form of ;jsessionid=)",
    "phpsessid": "PHP session id (session.use_trans_sid)",
}
SESSION_PARAMS = frozenset({"jsessionid", "phpsessid"})  # in TRACKING_PARAMS since migration 0018
TRACKING_PREFIXES: tuple[str, ...] = ("utm_",)  # utm_source, utm_medium, utm_campaign, ...

# A servlet's session id written into the path (URL rewriting): /a/b.html;jsessionid=0A1B?x=1
SESSION_PATH_PARAM = re.compile(r";jsessionid=[^/?#;]*", re.I)
DEFAULT_PORTS = {"http": 80, "https": 443}


def netloc_key(url: str) -> str:
    """``host`` or ``host:port`` of ``url``: host lower-cased, the scheme's default port dropped.

    One rule for document keys and for a portal's scope (``Portal.allows``), so the two
    never disagree about whether ``:80`` is the same site. Raises ValueError for a
    malformed port.
    """
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if ":" in host:  # an IPv6 literal keeps its brackets
        host = f"[{host}]"
    port = parts.port
    return host if port in (None, DEFAULT_PORTS.get(parts.scheme.lower())) else f"{host}:{port}"


def tracking_params(url: str) -> list[str]:
    """The query parameter names of ``url`` (as written) that only track the visitor."""
    query = urlsplit(url).query
    names = {pair.partition("=")[0] for pair in query.split("&") if pair}
    return sorted(n for n in names
                  if n.lower() in TRACKING_PARAMS or n.lower().startswith(TRACKING_PREFIXES))


def canonical_url(url: str, encoding: str | None = None, drop_session_ids: bool = True) -> str:
    """The document key of ``url``; ``encoding`` is the charset of the page that linked it.
    ``drop_session_ids=False`` is the rule before migration 0018 (``archive.rekey``), which
    kept them, and the one that test only."""
    url = safe_url_string(url.strip(), encoding=encoding or "utf-8")
    if drop_session_ids:
        parts = urlsplit(url)
        url = urlunsplit(parts._replace(path=SESSION_PATH_PARAM.sub("", parts.path)))
    trackers = tracking_params(url) if drop_session_ids else [
        n for n in tracking_params(url) if n.lower() not in SESSION_PARAMS]
    if trackers:
        url = url_query_cleaner(url, trackers, remove=True, unique=False, keep_fragments=False)
    parts = urlsplit(url)
    rebuilt = urlunsplit((parts.scheme.lower(), netloc_key(url) if parts.hostname else parts.netloc,
                          parts.path or "/", parts.query, ""))
    return canonicalize_url(rebuilt, keep_fragments=False, encoding=encoding)


def scheme_twin(key: str) -> str | None:
    """The same document key under the other of http and https, or None for another scheme.

    A portal that moves to HTTPS (its list pages now fetched at https://, so their relative
    links resolve there) links the same notices under new URLs: the archive looks a document up
    by its twin before it makes a new one, so the move is not a new document per notice and a
    withdrawal of every old one. The key stays the URL first archived; versions keep the URL
    each was fetched from."""
    scheme, sep, rest = key.partition("://")
    other = {"http": "https", "https": "http"}.get(scheme)
    return f"{other}{sep}{rest}" if other and sep else None
