"""Scrapy spider loader that makes one PortalSpider per portal definition file.

``scrapy list`` and ``scrapy crawl ID`` see every file in the portals directory
(``EDUNOTICE_PORTALS_DIR``, default ``crawler/portals/``).
"""

from __future__ import annotations

from scrapy.settings import BaseSettings

from crawler.portal import load_all
from crawler.spiders.portal import PortalSpider, spider_class_for


class PortalSpiderLoader:
    def __init__(self, settings: BaseSettings):
        self._portals = load_all()

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
