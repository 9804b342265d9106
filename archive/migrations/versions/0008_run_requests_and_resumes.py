"""crawl_runs: requests sent, attachments downloaded, and which run a run resumed.

Until now ``requests`` and ``attachments`` lived only in the crawler's stats, so
``edunotice runs`` could not show them; ``resumed_from_run_id`` links a run to the
interrupted run it continued (archive.resume).
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


# Plain ADD/DROP COLUMN (no batch rebuild): SQLite rebuilding crawl_runs would trip the
# foreign keys other tables hold on it in a populated archive.
def upgrade() -> None:
    op.add_column("crawl_runs", sa.Column("requests", sa.Integer(), nullable=False, server_default="0"))
    op.add_column("crawl_runs", sa.Column("attachments", sa.Integer(), nullable=False, server_default="0"))
    op.add_column("crawl_runs", sa.Column("resumed_from_run_id", sa.Integer(), nullable=True))


def downgrade() -> None:
    op.drop_column("crawl_runs", "resumed_from_run_id")
    op.drop_column("crawl_runs", "attachments")
    op.drop_column("crawl_runs", "requests")
