"""Canonical document URLs: one notice, one key, however the link was written."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from w3lib.url import canonicalize_url

# Query parameters that track the visitor, not the document.
TRACKING_PARAMS = frozenset(
    {"spm", "from", "isappinstalled", "share_token", "share_from", "timestamp", "fbclid", "gclid"}
)
TRACKING_PREFIXES = ("utm_",)


def canonical_url(url: str) -> str:
    """w3lib canonical form, lower-case host, default port and fragment dropped, trackers removed."""
    parts = urlsplit(url.strip())
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if k.lower() not in TRACKING_PARAMS and not k.lower().startswith(TRACKING_PREFIXES)
    ]
    host = (parts.hostname or "").lower()
    default_port = {"http": 80, "https": 443}.get(parts.scheme.lower())
    netloc = host if parts.port in (None, default_port) else f"{host}:{parts.port}"
    rebuilt = urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", urlencode(query), ""))
    return canonicalize_url(rebuilt, keep_fragments=False)
