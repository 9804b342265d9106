"""Run ownership in the archive (portal_leases) and document keys re-computed with w3lib.

- ``portal_leases``: one row per portal being crawled (archive.lease), so runs with
  different data directories on one database see each other.
- ``documents.url`` re-keyed with today's ``archive.urls.canonical_url``: GBK queries no
  longer collapse to one key. Nothing is merged; clashes are recorded as ``fetch_errors``
  rows of kind ``url_rekey`` (archive.rekey).

It follows 0010_capture.
"""

import logging

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
    rekey.rekey_documents(op.get_bind(), new_key, old_key, log)
