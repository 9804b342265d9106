"""Options and helpers shared by every edunotice command."""

from __future__ import annotations

import functools
import json
import sys

import click

# SQLAlchemy and the archive are imported inside the functions that use them: every command's
# --help (and the command list) answers without loading the database stack (< 0.3 s).


class ConfigProblem(click.ClickException):
    """Bad usage or bad configuration: printed without a traceback, exit code 2."""

    exit_code = 2


class JobFailed(click.ClickException):
    """The command could not do its job (a write failed, the input is not what it needs): exit 1."""

    exit_code = 1


def db_option(func):
    """``--db URL``: the archive's SQLAlchemy URL."""

    @click.option("--db", "db_url", metavar="URL", default=None,
                  help="Archive database (SQLAlchemy URL). Default: $EDUNOTICE_DB, else "
                       "sqlite:///$EDUNOTICE_DATA_DIR/archive.sqlite (data dir default ./data).")
    @functools.wraps(func)
    def wrapper(*args, db_url=None, **kwargs):
        from sqlalchemy.engine import make_url
        from sqlalchemy.exc import ArgumentError

        from archive import db

        db_url = db_url or db.default_db_url()
        try:
            make_url(db_url)
        except ArgumentError:
            raise ConfigProblem(f"--db / $EDUNOTICE_DB {db_url!r} is not a database URL; use e.g. "
                                "sqlite:///data/archive.sqlite or postgresql+psycopg://user@host/dbname") from None
        return func(*args, db_url=db_url, **kwargs)

    return wrapper


json_option = click.option("--json", "as_json", is_flag=True,
                           help="Machine-readable output: one JSON document, or JSON lines for many.")


def open_archive(db_url: str, *, create: bool = False):
    """Open the archive or fail with a message that says what to do.

    Only a crawl (``create=True``) makes a new archive: a read command pointed at a mistyped
    --db exits 2 naming it, instead of answering from an empty archive it just created.
    """
    from archive import db
    from archive.db import NoArchive, SchemaOutdated
    from archive.store import Archive

    try:
        return Archive(db_url, create=create)
    except (SchemaOutdated, NoArchive) as exc:
        raise ConfigProblem(str(exc)) from None
    except Exception as exc:  # noqa: BLE001 - connection failures arrive as many driver types
        raise ConfigProblem(
            f"cannot open the archive at {db.describe(db_url)}: {type(exc).__name__}: {exc}. "
            "Check --db / $EDUNOTICE_DB."
        ) from None


def emit_json(data) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
