"""Document keys without session ids: a servlet's ``;jsessionid=…`` path parameter and a
``PHPSESSID`` query are no longer part of ``documents.url`` (archive.urls). Each night's crawl
starts without a cookie, so such a portal wrote a new id into every link and every notice
became a new document each night. Re-keyed as 0011 did: nothing merged; documents that now
share a key (yesterday's and today's copies of one notice) keep their old keys and are named
in ``fetch_errors`` rows of kind ``url_rekey`` for a person to merge.

It follows 0017_off_host_documents.
"""

import logging

from alembic import op

from archive import rekey
from archive.urls import canonical_url

revision = "0018_session_id_keys"
down_revision = "0017_off_host_documents"
branch_labels = None
depends_on = None

log = logging.getLogger("alembic.runtime.migration")
SESSION_WORDS = ("jsessionid", "phpsessid")  # only URLs holding one can change: only theirs are read


def upgrade() -> None:
    rekey.rekey_documents(op.get_bind(), canonical_url, rekey.session_ids_kept_key, log, rekey.keyed_with_session_id,
                          mentioning=SESSION_WORDS)


def downgrade() -> None:
    rekey.rekey_documents(op.get_bind(), rekey.session_ids_kept_key, canonical_url, log,
                          rekey.fetched_with_session_id, mentioning=SESSION_WORDS)
