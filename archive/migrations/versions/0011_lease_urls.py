"""Run ownership in the archive (portal_leases) and document keys re-computed with w3lib.

- ``portal_leases``: one row per portal being crawled (archive.lease), so runs with
  different data directories on one database see each other.
- ``documents.url`` re-keyed with today's ``archive.urls.canonical_url``: GBK queries no
  longer collapse to one key. Nothing is merged; clashes are recorded as ``fetch_errors``
  rows of kind ``url_rekey`` (archive.rekey).

It follows 0010_capture.
"""

import logging
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from archive import rekey
from archive.urls import canonical_url

revision = "0011_lease_urls"
down_revision = "0010_capture"
branch_labels = None
depends_on = None

log = logging.getLogger("alembic.runtime.migration")


def upgrade() -> None:
    op.create_table(
        "portal_leases",
        sa.Column("portal_id", sa.String(length=64), primary_key=True),
        sa.Column("token", sa.String(length=32), nullable=False),
        sa.Column("host", sa.String(length=255), nullable=False),
        sa.Column("pid", sa.Integer(), nullable=False),
        sa.Column("process_key", sa.String(length=128), nullable=True),
        sa.Column("data_dir", sa.Text(), nullable=False),
        sa.Column("acquired_at", sa.DateTime(), nullable=False),
        sa.Column("heartbeat_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
    )
    _rekey(canonical_url, rekey.release_0_1_key)


def downgrade() -> None:
    _rekey(rekey.release_0_1_key, canonical_url)
    op.drop_table("portal_leases")


def _rekey(new_key, old_key) -> None:
    conn = op.get_bind()
    docs = sa.table("documents", sa.column("id"), sa.column("portal_id"), sa.column("url"))
    versions = sa.table("versions", sa.column("document_id"), sa.column("version"), sa.column("fetch_url"))
    errors = sa.table("fetch_errors", sa.column("run_id"), sa.column("portal_id"), sa.column("url"),
                      sa.column("kind"), sa.column("message"), sa.column("at", sa.DateTime))
    fetched: dict[int, list[str]] = {}
    for doc_id, url in conn.execute(sa.select(versions.c.document_id, versions.c.fetch_url)
                                    .order_by(versions.c.document_id, versions.c.version)):
        fetched.setdefault(doc_id, []).append(url)
    stored = {row.id: rekey.StoredDocument(row.id, row.portal_id, row.url, tuple(fetched.get(row.id, ())))
              for row in conn.execute(sa.select(docs.c.id, docs.c.portal_id, docs.c.url))}
    plan = rekey.plan_rekey(stored.values(), new_key, old_key)
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
