"""Search index that answers phrases itself (archive.fts): on SQLite, characters with positions.

SQLite: ``search_chars`` (FTS5, ``detail=full``, one token per character, titles and
texts) and ``search_title_chars`` (the titles alone, for ranking) join ``search_fts``, which
now holds only each version's distinct bigrams (its unigrams are served by ``search_chars``)
and no column sizes. Words of 3+ characters become FTS5 phrases, so a search no longer reads
the text of every candidate. All three tables are dropped and refilled from the stored
versions (``archive.fts.rebuild``, as ``edunotice db reindex`` does).

Both backends: ``search_titles.published`` is indexed (``ix_search_titles_published``): the
first-page shortcuts read the newest versions by the date their latest derivation gives, and
the index is refilled from each version's latest derivation (``archive.fts.indexed_source``;
a PostgreSQL body is still matched on ``versions.text_normalized``).

Downgrade drops ``search_chars`` and ``search_title_chars`` and refills ``search_fts`` in the
0012 layout (unigrams and bigrams), which 0012's query code reads.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014_positional_search"
down_revision = "0013_compact_bands"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from archive import fts

    op.create_index("ix_search_titles_published", "search_titles", ["published"])
    fts.rebuild(op.get_bind())


# The 0012 layout, frozen here (archive.fts moves on).
_OLD_FTS_DDL = ("CREATE VIRTUAL TABLE search_fts USING fts5("
                "title, body, content='', detail=none, tokenize='ascii')")


def downgrade() -> None:
    bind = op.get_bind()
    op.drop_index("ix_search_titles_published", "search_titles")
    if bind.dialect.name != "sqlite":
        return
    from archive.fts import fold, fts_token, title_search_form

    op.execute("DROP TABLE IF EXISTS search_chars")
    op.execute("DROP TABLE IF EXISTS search_title_chars")
    op.execute("DROP TABLE IF EXISTS search_fts")
    op.execute(_OLD_FTS_DDL)

    def document(value: str) -> str:
        grams = set(value) | {value[i:i + 2] for i in range(len(value) - 1)}
        return " ".join(fts_token(g) for g in grams)

    last = 0
    while True:
        rows = bind.execute(sa.text("SELECT id, title, text_normalized FROM versions WHERE id > :last "
                                    "ORDER BY id LIMIT 2000"), {"last": last}).all()
        if not rows:
            break
        bind.execute(sa.text("INSERT INTO search_fts(rowid, title, body) VALUES (:rowid, :title, :body)"), [
            {"rowid": vid, "title": document(title_search_form(title)), "body": document(fold(body or ""))}
            for vid, title, body in rows])
        last = rows[-1][0]
