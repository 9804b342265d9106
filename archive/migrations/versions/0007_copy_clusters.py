"""copy clusters

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23 13:40:00

Adds ``copy_clusters``, ``shingle_bands`` and ``documents.cluster_id``. Documents archived
before this revision get a cluster the next time a fetch stores or observes them
(``archive.dedup.link_copies``); nothing is computed during the upgrade.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('copy_clusters',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('best_document_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('merged_into_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['best_document_id'], ['documents.id'], name='fk_copy_clusters_best_document_id'),
    sa.ForeignKeyConstraint(['merged_into_id'], ['copy_clusters.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('shingle_bands',
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('band', sa.SmallInteger(), nullable=False),
    sa.Column('hash', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['version_id'], ['versions.id'], ),
    sa.PrimaryKeyConstraint('version_id', 'band')
    )
    op.create_index('ix_shingle_bands_band_hash', 'shingle_bands', ['band', 'hash'], unique=False)
    # ADD COLUMN ... REFERENCES in one statement: SQLite accepts it for a nullable column,
    # so the documents table is not rebuilt (a rebuild would trip the foreign keys on it).
    op.add_column('documents', sa.Column('cluster_id', sa.Integer(), sa.ForeignKey('copy_clusters.id'),
                                         nullable=True), inline_references=True)
    op.create_index('ix_documents_cluster_id', 'documents', ['cluster_id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_documents_cluster_id', table_name='documents')
    op.drop_column('documents', 'cluster_id')  # ALTER TABLE ... DROP COLUMN (SQLite >= 3.35), no rebuild
    op.drop_index('ix_shingle_bands_band_hash', table_name='shingle_bands')
    op.drop_table('shingle_bands')
    op.drop_table('copy_clusters')
