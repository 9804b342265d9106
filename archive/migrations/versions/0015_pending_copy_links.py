"""Copy links made after the crawl: ``pending_copy_links`` lists versions not linked yet.

A crawl now stores a version without its copy detection (``archive.dedup.link_copies``)
and links the versions listed here in one batch when it ends (``archive.dedup.link_pending``;
``edunotice db link-copies`` does it for a crawl that was killed first). Nothing is
pending in an archive being upgraded, so the table starts empty.
"""

import sqlalchemy as sa
from alembic import op

revision = "0015_pending_copy_links"
down_revision = "0014_positional_search"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pending_copy_links",
        sa.Column("version_id", sa.Integer(), primary_key=True),
        sa.ForeignKeyConstraint(["version_id"], ["versions.id"], name="fk_pending_copy_links_version_id"),
    )


def downgrade() -> None:
    # The 0014 code links every version as it is stored: link what is pending first.
    from sqlalchemy.orm import Session

    from archive import dedup

    with Session(op.get_bind()) as s:
        while dedup.link_next(s):
            pass
        s.flush()
    op.drop_table("pending_copy_links")
