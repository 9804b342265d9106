"""PostgreSQL: ``ix_search_titles_rank`` on search_titles (publish date descending, undated
last, then document and version), the ranking's date order as an index.

Search's title-group walk on PostgreSQL sorted every title holding a word by date (a tenth
of all titles for a topic word: ~90,000 rows at 1M versions). With this index it first reads
the newest titles in rank order, checking each by substring, and stops once the page is
settled (archive.search._walk_newest_titles). A backward scan of ``ix_search_titles_published``
cannot serve it: it puts undated titles first. Building it reads search_titles once (seconds
per million versions). SQLite is untouched (its titles' FTS5 table is keyed by day, 0019).
"""

from __future__ import annotations

from alembic import op

revision = "0020_rank_index"
down_revision = "0019_dated_title_index"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    from archive import fts

    op.execute(fts.POSTGRES_RANK_DDL)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_search_titles_rank")
