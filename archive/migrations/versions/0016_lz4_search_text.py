"""PostgreSQL: ``versions.text_normalized`` compressed with lz4 instead of pglz.

Search checks a word of 3+ characters by substring on the text of every version its
bigrams point to, and that check is mostly decompressing the text: on the 100k bench
archive (docs/DESIGN.md) ``strpos`` over every ``text_normalized`` took 7.5-8 µs a row with
pglz and 4.5 µs with lz4, whose values were also smaller (CJK text barely compresses with
either; pglz stored 827 MB of TOAST for text and text_normalized, lz4 281 MB for
text_normalized alone against 356 MB uncompressed).

The stored values are rewritten (``|| ''`` makes a new value, which the column's new
compression applies to): a compression setting alone reaches new rows only. The body's
GIN index is an expression on the column, so it is dropped first and built once after the
rewrite (updating through it would recompute every row's grams). Nothing else changes;
SQLite is untouched, and a PostgreSQL built without lz4 keeps pglz (a log line says so).

Downgrade sets pglz for new values; lz4 values stay readable by any PostgreSQL 14+.
"""

from __future__ import annotations

import logging

import sqlalchemy as sa
from alembic import op

revision = "0016_lz4_search_text"
down_revision = "0015_pending_copy_links"
branch_labels = None
depends_on = None

log = logging.getLogger(__name__)
# archive.fts's body index at this revision, frozen here (archive.fts moves on).
_INDEX_DDL = "CREATE INDEX ix_versions_grams ON versions USING gin (edunotice_grams(text_normalized))"


def _has_lz4(bind) -> bool:
    return bool(bind.scalar(sa.text(
        "SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'")))


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    if not _has_lz4(bind):
        log.warning("this PostgreSQL has no lz4: versions.text_normalized stays pglz (search checks stay slower)")
        return
    op.execute("ALTER TABLE versions ALTER COLUMN text_normalized SET COMPRESSION lz4")
    had_index = bind.scalar(sa.text("SELECT to_regclass('ix_versions_grams') IS NOT NULL"))
    if had_index:
        op.execute("DROP INDEX ix_versions_grams")
    # Only values stored compressed with pglz (short ones are stored plain and stay so).
    op.execute("UPDATE versions SET text_normalized = text_normalized || '' "
               "WHERE pg_column_compression(text_normalized) = 'pglz'")
    if had_index:
        op.execute(_INDEX_DDL)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE versions ALTER COLUMN text_normalized SET COMPRESSION pglz")
