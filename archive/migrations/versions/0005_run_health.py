"""run health

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22 14:13:25.449439
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('crawl_runs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('extraction_failures', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('health_reasons', sa.JSON(), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('crawl_runs', schema=None) as batch_op:
        batch_op.drop_column('health_reasons')
        batch_op.drop_column('extraction_failures')

