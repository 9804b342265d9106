"""Local sample portals built from the seed notices, and the server that serves them.

``build_sites(dest)`` writes the static trees; ``serve_site(path)`` serves one on
127.0.0.1. The demo (``edunotice demo``) and the end-to-end tests share them;
``python -m crawler.localportals`` serves them by hand for a maintainer to look at.
"""

from crawler.localportals.build import SAMPLE_PORTALS, build_sites
from crawler.localportals.server import SiteServer, serve_site

__all__ = ["SAMPLE_PORTALS", "SiteServer", "build_sites", "serve_site"]
