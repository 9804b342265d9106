"""warc payload index

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 13:59:15.492039
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('payloads',
    sa.Column('digest', sa.String(length=80), nullable=False),
    sa.Column('warc_file', sa.String(length=500), nullable=False),
    sa.Column('warc_offset', sa.Integer(), nullable=False),
    sa.Column('target_uri', sa.String(length=2000), nullable=False),
    sa.Column('warc_date', sa.String(length=32), nullable=False),
    sa.Column('record_id', sa.String(length=100), nullable=False),
    sa.Column('length', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('digest')
    )


def downgrade() -> None:
    op.drop_table('payloads')
