"""``edunotice serve``: the read-only web UI (archive.web) on a local threaded WSGI server."""

from __future__ import annotations

import socketserver
import sys
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import click

from archive import db
from crawler.cli.common import ConfigProblem, db_option


class ThreadingWSGIServer(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True


class QuietHandler(WSGIRequestHandler):
    """Access lines go to stderr only with -v (stdout carries the URL, nothing else)."""

    def log_message(self, format, *args):  # noqa: A002 - the stdlib's signature
        import logging

        logging.getLogger("archive.web").info("%s " + format, self.address_string(), *args)


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to bind. Anything but 127.0.0.1/localhost exposes the archive to the network.")
@click.option("--port", type=click.IntRange(0, 65535), default=8740, show_default=True,
              help="Port (0: any free port; the URL is printed).")
@db_option
def serve(host, port, db_url):
    """Serve a read-only web UI on the archive: search with facets, notices, versions, diffs,
    copies, captures, runs and portal health. Every page is also JSON: add .json to its path.

    Archived pages are shown as text, or in a sandboxed frame with scripts off; they are
    never served as live pages on the UI's origin.

    \b
    Examples:
      edunotice serve                        # http://127.0.0.1:8740/
      edunotice serve --port 0 --db postgresql+psycopg://127.0.0.1/archive
      curl 'http://127.0.0.1:8740/search.json?q=双减&collapse=1'
    """
    from archive.web import App

    if db_url.startswith("sqlite:///") and not db_url.startswith("sqlite:///:memory:"):
        from pathlib import Path

        path = Path(db_url.removeprefix("sqlite:///")).expanduser()
        if not path.exists():
            raise ConfigProblem(f"{path} does not exist: crawl first (edunotice demo) or point --db at an archive")
    try:
        app = App(db_url)
    except db.SchemaOutdated as exc:
        raise ConfigProblem(str(exc)) from None
    try:
        server = make_server(host, port, app, server_class=ThreadingWSGIServer, handler_class=QuietHandler)
    except OSError as exc:
        raise ConfigProblem(f"cannot listen on {host}:{port}: {exc.strerror}; try --port 0") from None
    click.echo(f"serving {db.describe(db_url)} read-only at http://{host}:{server.server_port}/", err=False)
    sys.stdout.flush()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


COMMANDS = (serve,)
