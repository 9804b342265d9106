"""The ``edunotice`` command line (click). A thin layer: the work happens in archive/ and crawler/.

Every command takes ``--db URL`` (default ``EDUNOTICE_DB``, else ``sqlite:///`` under
``EDUNOTICE_DATA_DIR``). Data goes to stdout, logs to stderr. Exit codes: 0 ok, 1 the job
ran but needs attention, 2 bad usage or bad config.
"""

from __future__ import annotations

import errno
import importlib
import logging
import sys

import click

from crawler.cli.common import ConfigProblem

# Each command's module, imported only when that command runs (or help lists it): a
# researcher's ``edunotice search`` never pays for Scrapy, Twisted or trafilatura.
COMMAND_MODULES = {
    "crawl": "crawl", "demo": "crawl", "extract": "crawl",
    "portals": "portals",
    "search": "research", "show": "research", "export": "research", "raw": "research",
    "diff": "research",
    "dupes": "copies",
    "runs": "ops",
    "db": "admin",
    "reextract": "reextract",
    "serve": "serve",
}


class LazyGroup(click.Group):
    """A click group that imports a subcommand's module on first use (click's documented
    "lazily loading subcommands" pattern)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMAND_MODULES)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        module_name = COMMAND_MODULES.get(cmd_name)
        if module_name is None:
            return None
        module = importlib.import_module(f"crawler.cli.{module_name}")
        return {command.name: command for command in module.COMMANDS}[cmd_name]


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
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


def main() -> None:
    try:
        cli(prog_name="edunotice")
    except ConfigProblem as exc:  # raised outside click's own handling (should not happen)
        exc.show()
        raise SystemExit(exc.exit_code) from None
    except OSError as exc:
        # Output that cannot be written (a full disk, a closed pipe): one line, exit 1.
        if exc.errno not in (errno.ENOSPC, errno.EPIPE, errno.EDQUOT, errno.EFBIG, errno.EIO):
            raise
        from crawler.cli.output import detach_stdout, write_problem

        detach_stdout()
        sys.stderr.write(f"Error: {write_problem('standard output', exc)}\n")
        raise SystemExit(1) from None
