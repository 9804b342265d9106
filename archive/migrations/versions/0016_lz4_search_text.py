"""PostgreSQL: ``versions.text_normalized`` compressed with lz4 instead of pglz.

Search checks a word of 3+ characters by substring on the text of every version its
bigrams point to, and that check is mostly decompressing the text: on the 100k bench
archive (docs/DESIGN.md) ``strpos`` over every ``text_normalized`` took 7.5-8 µs a row with
pglz and 4.5 µs with lz4, whose values were also smaller (CJK text barely compresses with
either; pglz stored 827 MB of TOAST for text and text_normalized, lz4 281 MB for
text_normalized alone against 356 MB uncompressed).

The stored values are rewritten (a compression setting alone reaches new rows only): the
table is rewritten once, its indexes rebuilt (the body's GIN index most of the time: about
as long as ``edunotice db reindex`` on PostgreSQL). Nothing else changes;
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
    # A rewrite of the table, not an UPDATE: an UPDATE leaves every old row behind until a
    # VACUUM, which cannot run in the migration's transaction, and the body's GIN index,
    # rebuilt in the same transaction, then held both (438 MB instead of 254 MB at 100k).
    # Changing the column to its own type through an expression makes PostgreSQL write every
    # row anew and rebuild the table's indexes once. Both in one statement: a type change
    # alone sets the column's compression back to the default before the rows are written.
    op.execute("ALTER TABLE versions ALTER COLUMN text_normalized TYPE text USING text_normalized || '', "
               "ALTER COLUMN text_normalized SET COMPRESSION lz4")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE versions ALTER COLUMN text_normalized SET COMPRESSION pglz")
