"""incremental crawls

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22 14:15:59.803272
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('crawl_runs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('links_found', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('walk_complete', sa.Boolean(), server_default=sa.false(), nullable=False))

    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.add_column(sa.Column('last_checked', sa.DateTime(), nullable=True))

    with op.batch_alter_table('observations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('etag', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('last_modified', sa.String(length=64), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('observations', schema=None) as batch_op:
        batch_op.drop_column('last_modified')
        batch_op.drop_column('etag')

    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.drop_column('last_checked')

    with op.batch_alter_table('crawl_runs', schema=None) as batch_op:
        batch_op.drop_column('walk_complete')
        batch_op.drop_column('links_found')

