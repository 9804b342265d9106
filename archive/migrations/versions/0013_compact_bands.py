"""Storage per notice down: compact copy-detection bands, and ``text`` compressed on SQLite.

Before, every band row lived in three b-trees: the table (with a rowid on SQLite), its
primary key (version_id, band) and the lookup index (band, hash); rows are only ever read
by (band, hash). Now the primary key is (band, hash, version_id) and there is no other
index; on SQLite the table is WITHOUT ROWID, so the key *is* the table. The band value is
folded from the two packed 32-bit MinHash values into one 32-bit key
(``archive.similarity.band_hashes``): the fold is computed here in SQL from the stored
64-bit value, the same arithmetic on both backends, so no text is read and no sketch is
recomputed. Rows are copied into a new table that then takes the old one's name (a
PostgreSQL archive with many versions rewrites the table once, as ALTER TYPE would).

On SQLite, ``versions.text`` and ``derivations.text`` (the body in the page's script; search
and copy detection read ``text_normalized``, which stays plain) are rewritten zlib-compressed
where that is smaller (``archive.models.PackedText``): a BLOB in the same TEXT column, so the
table is not rebuilt. Only the encoding changes; the text read back is the same. PostgreSQL
is left as is: its TOAST compresses long values already.

Downgrade recomputes the 64-bit band values from the indexed versions' ``text_normalized``
(a 32-bit key cannot be unfolded) and decompresses the texts.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013_compact_bands"
down_revision = "0012_search_index"
branch_labels = None
depends_on = None

_LOW = "(hash & 4294967295)"
_HIGH = "((hash >> 32) & 4294967295)"
# (high × BAND_FOLD + low) mod 2^32 as a signed 32-bit integer: < 2^49 before the mask, so
# neither SQLite (which would turn an overflow into a REAL) nor PostgreSQL overflows.
_FOLDED = f"(({_HIGH} * {{fold}} + {_LOW}) & 4294967295)"
_SIGNED = f"CASE WHEN {_FOLDED} >= 2147483648 THEN {_FOLDED} - 4294967296 ELSE {_FOLDED} END"


def upgrade() -> None:
    from archive.similarity import BAND_FOLD

    op.create_table(
        "shingle_bands_new",
        sa.Column("band", sa.SmallInteger(), nullable=False),
        sa.Column("hash", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["version_id"], ["versions.id"], name="fk_shingle_bands_version_id"),
        sa.PrimaryKeyConstraint("band", "hash", "version_id", name="pk_shingle_bands"),
        sqlite_with_rowid=False,
    )
    op.execute("INSERT INTO shingle_bands_new (band, hash, version_id) "
               f"SELECT band, {_SIGNED.format(fold=BAND_FOLD)}, version_id FROM shingle_bands")
    op.drop_index("ix_shingle_bands_band_hash", table_name="shingle_bands")
    op.drop_table("shingle_bands")
    op.rename_table("shingle_bands_new", "shingle_bands")
    if op.get_bind().dialect.name == "sqlite":
        from archive.models import pack_text

        for table in ("versions", "derivations"):
            _rewrite_texts(table, pack_text, "typeof(text) = 'text'")


def _rewrite_texts(table: str, encode, which: str, batch: int = 2000) -> None:
    """Re-encode ``table.text`` row by row (in id order, ``batch`` rows per read)."""
    bind = op.get_bind()
    last = 0
    while True:
        rows = bind.execute(sa.text(f"SELECT id, text FROM {table} WHERE id > :last AND {which} "
                                    f"ORDER BY id LIMIT {batch}"), {"last": last}).all()
        if not rows:
            return
        changed = [{"id": i, "text": encode(value)} for i, value in rows]
        changed = [row for row, (_, value) in zip(changed, rows, strict=True) if row["text"] != value]
        if changed:
            bind.execute(sa.text(f"UPDATE {table} SET text = :text WHERE id = :id"), changed)
        last = rows[-1][0]


def downgrade() -> None:
    import numpy as np

    from archive import similarity

    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        from archive.models import unpack_text

        for table in ("versions", "derivations"):
            _rewrite_texts(table, unpack_text, "typeof(text) = 'blob'")
    indexed = bind.execute(sa.text(
        "SELECT v.id, v.text_normalized FROM versions v WHERE v.id IN "
        "(SELECT version_id FROM shingle_bands WHERE band = 0)")).all()
    op.drop_table("shingle_bands")
    table = op.create_table(
        "shingle_bands",
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("band", sa.SmallInteger(), nullable=False),
        sa.Column("hash", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(["version_id"], ["versions.id"]),
        sa.PrimaryKeyConstraint("version_id", "band"),
    )
    op.create_index("ix_shingle_bands_band_hash", "shingle_bands", ["band", "hash"], unique=False)
    rows = []
    for version_id, text in indexed:
        values = similarity.minhash(similarity.shingles(text))
        packed = np.ascontiguousarray(values, dtype=np.uint32).view(np.int64)  # as before 0013
        rows += [{"version_id": version_id, "band": band, "hash": int(value)} for band, value in enumerate(packed)]
    if rows:
        op.bulk_insert(table, rows)
