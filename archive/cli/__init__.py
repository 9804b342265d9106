"""The ``edunotice`` command line (click). A thin layer: the work happens in archive/ and crawler/.

Every command takes ``--db URL`` (default ``EDUNOTICE_DB``, else ``sqlite:///`` under
``EDUNOTICE_DATA_DIR``). Data goes to stdout, logs to stderr. Exit codes: 0 ok, 1 the job
ran but needs attention, 2 bad usage or bad config.
"""

from __future__ import annotations

import logging

import click

from archive.cli import admin, copies, crawl, ops, research
from archive.cli.common import ConfigProblem


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="edunotice")
@click.option("-v", "--verbose", count=True, help="More log output on stderr (-vv for debug).")
def cli(verbose: int) -> None:
    """edunotice: a faithful, versioned archive of Chinese government education notices.

    \b
    Quick start:
      edunotice demo                       # crawl the bundled sample portals
      edunotice search 招生                 # find archived notices
      edunotice show 1                      # one notice and its versions
    """
    configure_logging(verbose)


class _NoLibraryTracebacks(logging.Filter):
    """Without -v, a library's traceback (Scrapy's, for a dead portal) is noise: our own
    message names the URL and what to do; -v shows the traceback again."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not record.name.startswith(("archive", "crawler")):
            record.exc_info, record.exc_text = None, None
        return True


def configure_logging(verbose: int) -> None:
    """Log to stderr at WARNING (-v INFO, -vv DEBUG), filtered on the handler because Scrapy
    resets the root logger's level when a crawl starts."""
    level = (logging.WARNING, logging.INFO, logging.DEBUG)[min(verbose, 2)]
    handler = logging.StreamHandler()
    handler.setLevel(level)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    if verbose < 2:
        handler.addFilter(_NoLibraryTracebacks())
    logging.root.handlers[:] = [handler]
    logging.root.setLevel(level)


for module in (crawl, research, copies, ops, admin):
    for command in module.COMMANDS:
        cli.add_command(command)


def main() -> None:
    try:
        cli(prog_name="edunotice")
    except ConfigProblem as exc:  # raised outside click's own handling (should not happen)
        exc.show()
        raise SystemExit(exc.exit_code) from None
