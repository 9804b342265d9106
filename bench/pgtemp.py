"""A throw-away PostgreSQL database on the local server, for benchmarks that compare backends.

Reads ``EDUNOTICE_TEST_POSTGRES`` (admin URL; default the machine's trust-auth ``test`` database).
"""

from __future__ import annotations

import os
import random
from collections.abc import Callable

from sqlalchemy import create_engine, text

POSTGRES = os.environ.get("EDUNOTICE_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def fresh_postgres(prefix: str) -> tuple[str, Callable[[], None]]:
    """(URL of a new empty database, a function that drops it)."""
    name = f"{prefix}_{os.getpid()}_{random.randrange(10**6)}"
    admin = create_engine(POSTGRES, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return POSTGRES.rsplit("/", 1)[0] + f"/{name}", drop
