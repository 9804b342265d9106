"""attachments by sha256

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 14:01:35.577071
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('attachments',
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('media_type', sa.String(length=200), nullable=True),
    sa.Column('filename', sa.Text(), nullable=True),
    sa.Column('first_url', sa.String(length=2000), nullable=False),
    sa.Column('first_seen', sa.DateTime(), nullable=False),
    sa.Column('warc_file', sa.String(length=500), nullable=True),
    sa.Column('warc_offset', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('sha256')
    )


def downgrade() -> None:
    op.drop_table('attachments')
