"""Scrapy spider loader that makes one PortalSpider per portal definition file.

``scrapy list`` and ``scrapy crawl ID`` see every file in the portals directory
(``EDUNOTICE_PORTALS_DIR``, default ``crawler/portals/``). ``edunotice crawl`` has read its
portals already and hands them over (``for_portals``): a run of one portal among 3,000 must not
parse the other 2,999 files, which was 84% of a portal run's CPU on a 3,000-portal night.
"""

from __future__ import annotations

from scrapy.settings import BaseSettings

from crawler.portal import Portal, load_all
from crawler.spiders.portal import PortalSpider, spider_class_for


class PortalSpiderLoader:
    given: dict[str, Portal] | None = None  # set by for_portals: these, and no file is read

    def __init__(self, settings: BaseSettings):
        self._portals = dict(self.given) if self.given is not None else load_all()

    @classmethod
    def for_portals(cls, portals: list[Portal]) -> type[PortalSpiderLoader]:
        """A loader class of exactly these definitions (a class, so Scrapy's deep copies of the
        settings share it instead of copying every portal into every crawler)."""
        return type(cls.__name__, (cls,), {"given": {p.id: p for p in portals}})

    @classmethod
    def from_settings(cls, settings: BaseSettings) -> PortalSpiderLoader:
        return cls(settings)

    def load(self, spider_name: str) -> type[PortalSpider]:
        try:
            return spider_class_for(self._portals[spider_name])
        except KeyError:
            raise KeyError(f"Spider not found: {spider_name}") from None

    def list(self) -> list[str]:
        return sorted(self._portals)

    def find_by_request(self, request) -> list[str]:
        return [pid for pid, p in self._portals.items() if p.allows(request.url)]
