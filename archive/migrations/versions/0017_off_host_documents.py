"""``documents.off_host``: a notice on another host than its portal's, taken because a dated
row of the portal's own list links it (a WeChat mp.weixin.qq.com article, a sibling site).

Before this revision such rows were only reported (``list_incomplete``), never archived, so
every existing document is on its portal's hosts: the column starts false.
"""

import sqlalchemy as sa
from alembic import op

revision = "0017_off_host_documents"
down_revision = "0016_lz4_search_text"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN (with its default) on both databases: no table rebuild, which on
    # SQLite would drop ``documents`` under the tables that reference it.
    op.add_column("documents", sa.Column("off_host", sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade() -> None:
    op.drop_column("documents", "off_host")  # SQLite 3.35+ drops a column in place
