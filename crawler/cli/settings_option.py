"""``--set KEY=VALUE``: any Scrapy or EDUNOTICE_ setting for one crawl, like ``scrapy -s``.

Values are read as JSON where they parse (``8``, ``0.5``, ``false``, ``["a", "b"]``) and as
plain strings otherwise. A key that is neither a Scrapy setting nor one of ours is refused
(exit 2): a typo must not silently leave the default in force.
"""

from __future__ import annotations

import json
import re

import click
from scrapy.settings import default_settings

import crawler.settings

KEY = re.compile(r"[A-Z][A-Z0-9_]*")


def known_setting(key: str) -> bool:
    return hasattr(default_settings, key) or hasattr(crawler.settings, key) or key.startswith("EDUNOTICE_")


def parse_settings(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> dict:
    overrides = {}
    for item in values:
        key, sep, raw = item.partition("=")
        key = key.strip()
        if not sep or not KEY.fullmatch(key):
            raise click.BadParameter(f"{item!r}: use KEY=VALUE with an upper-case setting name, "
                                     "e.g. --set CONCURRENT_REQUESTS_PER_DOMAIN=4", param=param)
        if not known_setting(key):
            raise click.BadParameter(f"{key} is not a Scrapy or edunotice setting (see "
                                     "https://docs.scrapy.org/en/latest/topics/settings.html and "
                                     "crawler/settings.py)", param=param)
        try:
            value = json.loads(raw)
        except ValueError:
            value = raw
        overrides[key] = value
    return overrides


set_option = click.option(
    "--set", "overrides", multiple=True, metavar="KEY=VALUE", callback=parse_settings,
    help="Set a Scrapy or EDUNOTICE_ setting for this run (repeatable), e.g. "
         "--set CONCURRENT_REQUESTS=64 --set AUTOTHROTTLE_ENABLED=false. Overrides portal definitions.")
