"""crawl_runs.bytes_received as BIGINT: a --full run with attachments passes 2 GiB.

PostgreSQL's INTEGER is 32-bit; SQLite's INTEGER is already 64-bit, so only PostgreSQL
changes.
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.alter_column("crawl_runs", "bytes_received", type_=sa.BigInteger(), existing_type=sa.Integer())


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.alter_column("crawl_runs", "bytes_received", type_=sa.Integer(), existing_type=sa.BigInteger())
