"""Capture kept apart from interpretation; glitch quarantine.

- ``versions``: ``payload_digest`` (the page as served), ``extractor`` (which extractor
  derived its record), ``extract_input`` (hints and charset given to extraction).
- ``derivations``: later re-derivations of a version from its WARC record (history).
- ``observations``: the capture of each fetch (payload digest, WARC record), the record it
  derived (``content_sha256``) and a ``suspect`` reason for a quarantined fetch.
- ``crawl_runs.suspect``: quarantined fetches in the run.

Existing rows: versions are marked as derived by extractor ``0.1.0`` (the release that
wrote them, before extractors were versioned); their payload digest is read from the WARC
payload index where the version's record is a ``response``; the observation that created a
version gets the version's capture. Nothing is deleted or rewritten.
"""

import sqlalchemy as sa
from alembic import op

revision = "0010_capture"
down_revision = "0009"
branch_labels = None
depends_on = None

LEGACY_EXTRACTOR = "0.1.0"


# Plain ADD COLUMN (no batch rebuild): SQLite rebuilding a table would trip the foreign keys
# other tables hold on it in a populated archive.
def upgrade() -> None:
    op.add_column("versions", sa.Column("payload_digest", sa.String(80), nullable=True))
    op.add_column("versions", sa.Column("extractor", sa.String(100), nullable=True))
    op.add_column("versions", sa.Column("extract_input", sa.JSON(), nullable=True))
    op.create_index("ix_versions_payload_digest", "versions", ["payload_digest"])
    op.add_column("observations", sa.Column("payload_digest", sa.String(80), nullable=True))
    op.add_column("observations", sa.Column("warc_file", sa.String(500), nullable=True))
    op.add_column("observations", sa.Column("warc_offset", sa.BigInteger(), nullable=True))
    op.add_column("observations", sa.Column("content_sha256", sa.String(64), nullable=True))
    op.add_column("observations", sa.Column("suspect", sa.String(32), nullable=True))
    op.add_column("crawl_runs", sa.Column("suspect", sa.Integer(), nullable=False, server_default="0"))
    op.create_table(
        "derivations",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("version_id", sa.Integer(), sa.ForeignKey("versions.id"), nullable=False),
        sa.Column("extractor", sa.String(100), nullable=False),
        sa.Column("derived_at", sa.DateTime(), nullable=False),
        sa.Column("content_sha256", sa.String(64), nullable=False),
        sa.Column("changed_fields", sa.JSON(), nullable=False),
        sa.Column("title", sa.Text()),
        sa.Column("published", sa.String(32)),
        sa.Column("mirror_posted", sa.String(32)),
        sa.Column("source", sa.Text()),
        sa.Column("issuer", sa.Text()),
        sa.Column("doc_number", sa.String(200)),
        sa.Column("index_number", sa.String(200)),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("text_normalized", sa.Text(), nullable=False),
        sa.Column("script", sa.String(16), nullable=False),
        sa.Column("flags", sa.JSON(), nullable=False),
        sa.Column("attachments", sa.JSON(), nullable=False),
    )
    op.create_index("ix_derivations_version_id", "derivations", ["version_id"])
    op.execute(sa.text("UPDATE versions SET extractor = :legacy WHERE extractor IS NULL")
               .bindparams(legacy=LEGACY_EXTRACTOR))
    op.execute("""
        UPDATE versions SET payload_digest = (
            SELECT p.digest FROM payloads p
            WHERE p.warc_file = versions.warc_file AND p.warc_offset = versions.warc_offset)
        WHERE payload_digest IS NULL AND warc_file IS NOT NULL
    """)
    op.execute("""
        UPDATE observations SET
            payload_digest = (SELECT v.payload_digest FROM versions v WHERE v.id = observations.version_id),
            warc_file = (SELECT v.warc_file FROM versions v WHERE v.id = observations.version_id),
            warc_offset = (SELECT v.warc_offset FROM versions v WHERE v.id = observations.version_id),
            content_sha256 = (SELECT v.content_sha256 FROM versions v WHERE v.id = observations.version_id)
        WHERE new_version AND version_id IS NOT NULL
    """)


def downgrade() -> None:
    op.drop_index("ix_derivations_version_id", table_name="derivations")
    op.drop_table("derivations")
    op.drop_column("crawl_runs", "suspect")
    for column in ("suspect", "content_sha256", "warc_offset", "warc_file", "payload_digest"):
        op.drop_column("observations", column)
    op.drop_index("ix_versions_payload_digest", table_name="versions")
    for column in ("extract_input", "extractor", "payload_digest"):
        op.drop_column("versions", column)
