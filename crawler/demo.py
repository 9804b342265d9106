"""``edunotice demo``: serve the bundled sample portals on 127.0.0.1 and crawl them.

The sample sites are generated from the seed notices by ``crawler.localportals`` into
``<data dir>/localportals``; each is served on the port its definition in
``crawler/portals/<id>.yaml`` names (or from ``--port-base`` on), so a second demo run
sees the same URLs and archives no new versions.
"""

from __future__ import annotations

import dataclasses
from contextlib import ExitStack
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from crawler.localportals import SAMPLE_PORTALS, build_sites, serve_site
from crawler.portal import BUNDLED_PORTALS_DIR, Portal, load_portal
from crawler.run import RunSummary, run_crawl


def rebase(portal: Portal, base_url: str) -> Portal:
    """The same portal served from ``base_url`` (scheme://host:port) instead."""
    new = urlsplit(base_url)

    def move(url: str) -> str:
        old = urlsplit(url)
        return urlunsplit((new.scheme, new.netloc, old.path, old.query, old.fragment))

    start_urls = tuple(move(u) for u in portal.start_urls)
    return dataclasses.replace(portal, start_urls=start_urls, allowed_hosts=(new.netloc.lower(),))


def sample_portals(port_base: int | None = None) -> list[Portal]:
    """Definitions of the bundled sample portals, optionally moved to consecutive ports."""
    portals = []
    for i, pid in enumerate(SAMPLE_PORTALS):
        portal = load_portal(BUNDLED_PORTALS_DIR / f"{pid}.yaml")
        if port_base is not None:
            portal = rebase(portal, f"http://127.0.0.1:{port_base + i}")
        portals.append(portal)
    return portals


def run_demo(db_url: str, sites_dir: Path, port_base: int | None = None,
             progress: bool = False) -> list[RunSummary]:
    portals = sample_portals(port_base)
    sites = build_sites(sites_dir)
    with ExitStack() as stack:
        for portal in portals:
            port = urlsplit(portal.start_urls[0]).port
            stack.enter_context(serve_site(sites[portal.id], port=port))
        return run_crawl(portals, db_url, {"EDUNOTICE_PROGRESS": progress})
