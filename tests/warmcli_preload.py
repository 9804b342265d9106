"""Imported once, by tests/warmcli.py's forkserver and nowhere else: everything a command
loads (the CLI and its command modules, the archive, Scrapy's components, the extractor),
with no reactor installed and no database opened."""

import archive.dedup  # noqa: F401
import archive.store  # noqa: F401
import crawler.cli  # noqa: F401
import crawler.cli.admin  # noqa: F401
import crawler.cli.copies  # noqa: F401
import crawler.cli.crawl  # noqa: F401
import crawler.cli.ops  # noqa: F401
import crawler.cli.portals  # noqa: F401
import crawler.cli.reextract  # noqa: F401
import crawler.cli.research  # noqa: F401
from crawler.workers import _warm_up

_warm_up("sqlite://", {})
