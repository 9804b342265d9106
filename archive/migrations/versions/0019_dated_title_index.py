"""SQLite: the titles' index in publish-day order, as bigrams (``search_title_grams``).

``search_title_chars`` held each title as characters under its version id. Search's
title-group walk wants the newest titles holding a word first: with the id as rowid it
sorted the whole group by date (a sixth of all titles for ``教育 2022``: 264 ms p95 for
multi-word queries at 1M versions, docs/DESIGN.md), and a phrase of characters checked
positions in every title holding its characters. ``search_title_grams`` keys each title by
``archive.fts.title_key`` (publish day above version id), so ``ORDER BY rowid DESC LIMIT k``
stops after the first page, and holds its bigrams, whose phrases meet far fewer titles.

Filled from ``search_titles`` (folded title and publish date of every version): no text is
read, ~1 min per million versions. PostgreSQL is untouched. Downgrade rebuilds the index in
the 0018 layout (``edunotice db reindex`` of that release would do the same).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0019_dated_title_index"
down_revision = "0018_session_id_keys"
branch_labels = None
depends_on = None

# The 0018 layout, frozen here (archive.fts moves on).
_OLD_TITLE_DDL = ("CREATE VIRTUAL TABLE search_title_chars USING fts5("
                  "title, content='', columnsize=0, detail=full, tokenize='ascii')")


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    from archive import fts

    fts.refill_title_grams(bind)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    from archive.fts import fts_token

    op.execute("DROP TABLE IF EXISTS search_title_grams")
    op.execute("DROP TABLE IF EXISTS search_title_chars")
    op.execute(_OLD_TITLE_DDL)
    last = 0
    while rows := bind.execute(sa.text("SELECT version_id, title_search FROM search_titles WHERE version_id > :last "
                                       "ORDER BY version_id LIMIT 20000"), {"last": last}).all():
        bind.execute(sa.text("INSERT INTO search_title_chars(rowid, title) VALUES (:rowid, :title)"),
                     [{"rowid": vid, "title": " ".join(fts_token(title or ""))} for vid, title in rows])
        last = rows[-1][0]
