"""Full-text index for Chinese (archive.fts): search_titles, plus FTS5 on SQLite or GIN on PostgreSQL.

Filled from every stored version here, so an upgraded archive is searchable at once;
``edunotice db reindex`` rebuilds it later the same way.
"""

import sqlalchemy as sa
from alembic import op

revision = "0012_search_index"
down_revision = "0011_lease_urls"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from archive import fts

    op.create_table(
        "search_titles",
        sa.Column("version_id", sa.Integer(), sa.ForeignKey("versions.id"), primary_key=True),
        sa.Column("document_id", sa.Integer(), sa.ForeignKey("documents.id"), nullable=False),
        sa.Column("title_search", sa.Text(), nullable=False),
        sa.Column("is_latest", sa.Boolean(), nullable=False),
        sa.Column("published", sa.String(32)),
        sa.Column("flags", sa.JSON()),
        sa.Column("attachment_count", sa.Integer(), nullable=False),
    )
    op.create_index("ix_search_titles_document_id", "search_titles", ["document_id"])
    op.create_index("ix_search_titles_is_latest", "search_titles", ["is_latest"])
    fts.rebuild(op.get_bind())


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS search_fts")
        for table in ("search_chars", "search_title_chars"):  # made by archive.fts.rebuild since 0014
            op.execute(f"DROP TABLE IF EXISTS {table}")
    else:
        op.execute("DROP INDEX IF EXISTS ix_versions_grams")
        op.execute("DROP INDEX IF EXISTS ix_search_titles_grams")
        op.execute("DROP FUNCTION IF EXISTS edunotice_grams(text)")
    op.drop_index("ix_search_titles_is_latest", "search_titles")
    op.drop_index("ix_search_titles_document_id", "search_titles")
    op.drop_table("search_titles")
