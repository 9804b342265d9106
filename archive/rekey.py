"""Re-key an archive's documents when the canonical URL rule changes (migrations 0011_lease_urls, 0018_session_id_keys).

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

import logging
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import sqlalchemy as sa
from w3lib.url import canonicalize_url

from archive.urls import canonical_url

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
               old_key: Callable[[str], str] = release_0_1_key,
               touches: Callable[[StoredDocument], bool] | None = None) -> RekeyPlan:
    """Decide every document's key under ``new_key``, merging nothing. ``touches``: only the
    documents it accepts may change (the others keep theirs, and count in clashes):
    a later rule re-keys only what it is about, not the clashes an earlier one left."""
    plan = RekeyPlan()
    wanted: dict[int, str] = {}
    docs = list(documents)
    for doc in docs:
        if touches is not None and not touches(doc):
            wanted[doc.id] = doc.key
            continue
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


def rekey_documents(conn, new_key: Callable[[str], str], old_key: Callable[[str], str], log: logging.Logger,
                    touches: Callable[[StoredDocument], bool] | None = None,
                    mentioning: tuple[str, ...] = ()) -> None:
    """Re-key every document of the archive on ``conn`` from ``old_key`` to ``new_key`` (a
    migration's step): nothing merged, each clash a ``url_rekey`` fetch_errors row and a
    warning on ``log``. ``mentioning``: the rule changes only URLs holding one of these
    (lower-case) strings, so only the versions of documents whose key or fetch URLs hold one
    are read (every key is, for the clashes)."""
    docs = sa.table("documents", sa.column("id"), sa.column("portal_id"), sa.column("url"))
    versions = sa.table("versions", sa.column("document_id"), sa.column("version"), sa.column("fetch_url"))
    errors = sa.table("fetch_errors", sa.column("run_id"), sa.column("portal_id"), sa.column("url"),
                      sa.column("kind"), sa.column("message"), sa.column("at", sa.DateTime))
    fetched: dict[int, list[str]] = {}
    wanted = sa.select(versions.c.document_id, versions.c.fetch_url)
    if mentioning:
        held = [sa.func.lower(versions.c.fetch_url).contains(word, autoescape=True) for word in mentioning]
        keyed = sa.select(docs.c.id).where(sa.or_(*[sa.func.lower(docs.c.url).contains(word, autoescape=True)
                                                    for word in mentioning]))
        wanted = wanted.where(sa.or_(*held, versions.c.document_id.in_(keyed)))
    for doc_id, url in conn.execute(wanted.order_by(versions.c.document_id, versions.c.version)):
        fetched.setdefault(doc_id, []).append(url)
    stored = {row.id: StoredDocument(row.id, row.portal_id, row.url, tuple(fetched.get(row.id, ())))
              for row in conn.execute(sa.select(docs.c.id, docs.c.portal_id, docs.c.url))}
    plan = plan_rekey(stored.values(), new_key, old_key, touches)
    # Two passes: a key may move to where another document's old key was (a swap chain).
    for doc_id in plan.new_keys:
        conn.execute(docs.update().where(docs.c.id == doc_id).values(url=f"rekey:{doc_id}"))
    for doc_id, key in plan.new_keys.items():
        conn.execute(docs.update().where(docs.c.id == doc_id).values(url=key))
    now = datetime.now(UTC).replace(tzinfo=None)
    for portal_id, url, message in plan.reports(stored):
        log.warning("url re-key: %s", message)
        conn.execute(errors.insert().values(run_id=None, portal_id=portal_id, url=url[:2000],
                                            kind="url_rekey", message=message, at=now))
    changed = plan.new_keys or plan.collisions or plan.conflated
    (log.warning if changed else log.info)("url re-key: %d documents, %d keys changed, %d unchanged, %d clashes kept apart, "
             "%d documents archived from several now-distinct URLs",
             len(stored), len(plan.new_keys), plan.unchanged, len(plan.collisions), len(plan.conflated))


def session_ids_kept_key(url: str) -> str:
    """The document key before migration 0018: a ``;jsessionid=`` or ``PHPSESSID`` was part of it."""
    return canonical_url(url, drop_session_ids=False)


def keyed_with_session_id(doc: StoredDocument) -> bool:
    """A document whose key holds a session id (migration 0018's upgrade re-keys these only)."""
    return _has_session_id(doc.key)


def fetched_with_session_id(doc: StoredDocument) -> bool:
    """A document fetched from a URL holding a session id (0018's downgrade gives it back its key)."""
    return any(_has_session_id(u) for u in doc.fetch_urls)


def _has_session_id(url: str) -> bool:
    return canonical_url(url) != canonical_url(url, drop_session_ids=False)
