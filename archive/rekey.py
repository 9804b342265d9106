"""Re-key an archive's documents when the canonical URL rule changes (migration 0011_lease_urls).

A document's key is ``documents.url``. Release 0.1 decoded query strings as UTF-8, so a
GBK query became U+FFFD and distinct notices could share a key; its rule is kept here,
frozen, as :func:`release_0_1_key`. The new key of a document is computed from the URLs
its versions were fetched from when they carry the same old key (they hold the query's
real bytes), else from the old key itself.

Nothing is merged: when two documents would get one key, both keep their old keys and the
clash is reported; a document whose versions came from URLs that are now distinct keeps
all its versions under one key and is reported too. The migration records each report
as a ``fetch_errors`` row (kind ``url_rekey``) and in the log.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from w3lib.url import canonicalize_url

_RELEASE_0_1_TRACKERS = frozenset(
    {"spm", "from", "isappinstalled", "share_token", "share_from", "timestamp", "fbclid", "gclid"})


def release_0_1_key(url: str) -> str:
    """The document key as release 0.1 computed it (lossy on non-UTF-8 queries)."""
    parts = urlsplit(url.strip())
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
             if k.lower() not in _RELEASE_0_1_TRACKERS and not k.lower().startswith("utm_")]
    host = (parts.hostname or "").lower()
    default_port = {"http": 80, "https": 443}.get(parts.scheme.lower())
    netloc = host if parts.port in (None, default_port) else f"{host}:{parts.port}"
    rebuilt = urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", urlencode(query), ""))
    return canonicalize_url(rebuilt, keep_fragments=False)


@dataclass(frozen=True)
class StoredDocument:
    id: int
    portal_id: str
    key: str  # documents.url now
    fetch_urls: tuple[str, ...]  # versions.fetch_url, oldest first


@dataclass
class RekeyPlan:
    new_keys: dict[int, str] = field(default_factory=dict)  # document id -> key, changed ones only
    unchanged: int = 0
    collisions: list[tuple[str, list[int]]] = field(default_factory=list)  # key, documents kept apart
    conflated: list[tuple[int, list[str]]] = field(default_factory=list)  # document, its distinct keys

    def reports(self, documents: dict[int, StoredDocument]) -> list[tuple[str, str, str]]:
        """(portal, url, message) per problem, for fetch_errors rows and the log."""
        out = []
        for key, ids in self.collisions:
            out.append((documents[ids[0]].portal_id, key,
                        f"documents {', '.join(map(str, ids))} would share the key {key} under the new "
                        "URL rule; each kept its old key (nothing merged): compare them with "
                        "'edunotice show' and merge by hand only if they are one notice"))
        for doc_id, keys in self.conflated:
            out.append((documents[doc_id].portal_id, documents[doc_id].key,
                        f"document {doc_id} was archived from URLs that are distinct under the new "
                        f"URL rule ({', '.join(keys)}); its versions stay together under {keys[0]}; "
                        "later versions may belong to another notice"))
        return out


def plan_rekey(documents: Iterable[StoredDocument], new_key: Callable[[str], str],
               old_key: Callable[[str], str] = release_0_1_key) -> RekeyPlan:
    """Decide every document's key under ``new_key``, merging nothing."""
    plan = RekeyPlan()
    wanted: dict[int, str] = {}
    docs = list(documents)
    for doc in docs:
        own = list(dict.fromkeys(new_key(u) for u in doc.fetch_urls if old_key(u) == doc.key))
        if len(own) > 1:
            plan.conflated.append((doc.id, own))
        wanted[doc.id] = own[0] if own else new_key(doc.key)
    final = {doc.id: wanted[doc.id] for doc in docs}
    old = {doc.id: doc.key for doc in docs}
    while True:  # keep old keys for every clash until the keys are unique
        holders: dict[str, list[int]] = defaultdict(list)
        for doc_id, key in final.items():
            holders[key].append(doc_id)
        clashes = {key: ids for key, ids in holders.items() if len(ids) > 1}
        if not clashes:
            break
        for key, ids in clashes.items():
            movable = [i for i in ids if final[i] != old[i]]
            if not movable:  # cannot happen with unique old keys; never loop forever
                raise ValueError(f"documents {ids} share the key {key} before re-keying")
            if key not in dict(plan.collisions):
                plan.collisions.append((key, sorted(ids)))
            for i in movable:
                final[i] = old[i]
    for doc in docs:
        if final[doc.id] == doc.key:
            plan.unchanged += 1
        else:
            plan.new_keys[doc.id] = final[doc.id]
    return plan
