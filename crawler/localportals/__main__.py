"""Serve the sample portals by hand: ``python -m crawler.localportals [--port-base 8731] [--dir DIR]``."""

from __future__ import annotations

import argparse
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

from crawler.localportals import SAMPLE_PORTALS, build_sites, serve_site


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port-base", type=int, default=8731, help="first port; sites get consecutive ports")
    parser.add_argument("--dir", type=Path, default=None, help="where to build the sites (default: a temp dir)")
    args = parser.parse_args()
    dest = args.dir or Path(tempfile.mkdtemp(prefix="edunotice-sites-"))
    sites = build_sites(dest)
    with ExitStack() as stack:
        for i, portal_id in enumerate(SAMPLE_PORTALS):
            server = stack.enter_context(serve_site(sites[portal_id], port=args.port_base + i))
            print(f"{portal_id:18} {server.base_url}  ({sites[portal_id]})", flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
