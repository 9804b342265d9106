"""``portals check`` for a ``render: browser`` portal: the same one-shot GETs as
``crawler.portaltools.Fetcher``, but each page is loaded in headless Chromium (Playwright's
sync API; the browser of crawler/browser.py) so the check sees what the crawl will see.

robots.txt is still read with plain HTTP (a browser would wrap it in HTML). The page's status
is the last main-frame navigation's (after a challenge reloads), its body the rendered HTML
encoded as UTF-8. Reads EDUNOTICE_CHROMIUM (see crawler/browser.py).
"""

from __future__ import annotations

from crawler.browser import browser_unavailable, chromium_path
from crawler.portal import Portal, PortalConfigError
from crawler.portaltools import TIMEOUT, Fetcher, PageUnreachable


class BrowserFetcher(Fetcher):
    """A Fetcher whose pages come from Chromium; use it as a context manager."""

    renders = True

    def __init__(self, portal: Portal, timeout: float = TIMEOUT):
        super().__init__(portal, timeout)
        problem = browser_unavailable(portal)
        if problem:
            raise PortalConfigError(portal.source_file or portal.id, "render", problem)
        self._playwright = None
        self._browser = None
        self._context = None

    def __enter__(self) -> BrowserFetcher:
        from playwright.sync_api import sync_playwright

        from crawler.settings import USER_AGENT

        self._playwright = sync_playwright().start()
        self._browser = self._playwright.chromium.launch(
            executable_path=chromium_path(), headless=True,
            args=["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"])
        self._context = self._browser.new_context(user_agent=USER_AGENT)
        return self

    def __exit__(self, *exc) -> None:
        for closing in (self._context, self._browser):
            if closing is not None:
                closing.close()
        if self._playwright is not None:
            self._playwright.stop()

    def _open(self, url: str) -> tuple[int, str, bytes, str | None]:
        if url.endswith("/robots.txt"):
            return super()._open(url)
        from playwright.sync_api import Error as PlaywrightError

        page = self._context.new_page()
        navigations: list[int] = []
        page.on("response", lambda r: navigations.append(r.status)
                if r.request.is_navigation_request() and r.frame.parent_frame is None else None)
        try:
            page.goto(url, timeout=self.timeout * 1000)
            page.wait_for_load_state("networkidle", timeout=self.timeout * 1000)
            html = page.content()
            final_url = page.url
        except PlaywrightError as exc:
            raise PageUnreachable(url, f"the browser could not load it: {str(exc).splitlines()[0]}") from None
        finally:
            page.close()
        # Chromium decoded the page; re-encode it the way the check will decode it.
        codec = self.portal.encoding or "utf-8"
        return (navigations[-1] if navigations else 200), final_url, html.encode(codec, "xmlcharrefreplace"), codec
