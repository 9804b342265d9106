"""Crawl scope enforced on the connection: the host, the port and the address actually dialled.

A portal definition names the hosts (with ports) a crawl may visit, and real portals are on
public addresses. Checking the URL string is not enough: a name can resolve to 127.0.0.1,
``2130706433``, ``0x7f000001`` and ``0177.0.0.1`` are all loopback to the C resolver, and a
redirect can point at another port of the same machine. Three checks, one rule:

1. :class:`ScopeMiddleware` (downloader middleware, priority 40: before Scrapy's
   OffsiteMiddleware and RobotsTxtMiddleware, so a refused request costs no robots.txt
   fetch either) sees every request the crawl sends (list, notice, attachment, robots.txt
   and every redirect hop, which Scrapy sends back through the middlewares). It refuses a
   scheme other than http(s), a host or port the portal does not list, and, unless the
   portal sets ``allow_private_addresses``, any host whose address (a literal in any
   numeric form, or what the name resolves to now) is not public.
2. :class:`ScopedResolver` (``TWISTED_DNS_RESOLVER``) is what the downloader's connections
   resolve names with: it refuses a non-public answer for any name that no
   ``allow_private_addresses`` portal lists, so a name that changes its answer between
   the check and the connection (DNS rebinding) still cannot reach the inside.
3. ``process_response`` compares the peer address of the connection that answered.

:class:`RobotsTxtMiddleware` replaces Scrapy's (same priority, 100): with the asyncio reactor,
Scrapy 2.19 hands the parsed robots.txt to the first request that waited for it and
``None`` ("no robots.txt: allowed") to every other request queued meanwhile, so the
disallowed notices of a run's first batch were fetched. Each waiter here gets the parser.

An off-host notice (``Portal.takes_off_host``: a dated row of the portal's own list links it,
the request carries ``meta["edunotice_off_host"]``) passes the host check but not the address
checks; the robots.txt of its host passes too (both are let past Scrapy's offsite filter).
Its host is its own download slot, so the portal's delay and concurrency apply to it per
host. A local test portal (``allow_private_addresses``) may reach its off-host server on a
loopback name too.

A refused request raises :class:`OutOfScope` (an ``IgnoreRequest``): the request's errback
records it as an error row of kind ``scope`` with the reason. Settings read: none; the
portal comes from the spider class (``crawler.spiders.portal.spider_class_for``).
Stats: ``edunotice/scope/refused``.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from typing import Any
from urllib.parse import urlsplit

from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware as ScrapyRobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.resolver import CachingThreadedResolver
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet import defer
from twisted.internet.error import DNSLookupError

from crawler.portal import Portal

DEFAULT_PORTS = {"http": 80, "https": 443}
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# Host names that private-address portals list: only these may resolve to a non-public address.
_PRIVATE_NAMES_ALLOWED: set[str] = set()


class OutOfScope(IgnoreRequest):
    """A request outside the portal's hosts, ports or public addresses; the message says which."""


class AddressRefused(DNSLookupError):
    """A name that resolves to a loopback, private, link-local, multicast or reserved address."""


def non_public_reason(ip: IPAddress) -> str | None:
    """Why ``ip`` is not a public unicast address (None when it is)."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return non_public_reason(ip.ipv4_mapped)
    for label, test in (("loopback", ip.is_loopback), ("unspecified", ip.is_unspecified),
                        ("link-local", ip.is_link_local), ("multicast", ip.is_multicast),
                        ("reserved", ip.is_reserved), ("private", ip.is_private)):
        if test:
            return label
    return None if ip.is_global else "not globally routable"


_NUMERIC_HOST = re.compile(r"[0-9a-fA-FxX.]+")


def literal_address(host: str) -> IPAddress | None:
    """The address a host written as a number denotes, in every form the C resolver accepts
    (``127.0.0.1``, ``2130706433``, ``0x7f000001``, ``0177.0.0.1``, ``127.1``, ``::ffff:7f00:1``)."""
    host = host.strip("[]").rstrip(".")
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        pass
    if _NUMERIC_HOST.fullmatch(host) and any(c.isdigit() for c in host):
        try:
            return ipaddress.IPv4Address(socket.inet_aton(host))
        except OSError:
            return None
    return None


def port_of(url: str) -> int | None:
    parts = urlsplit(url)
    try:
        return parts.port or DEFAULT_PORTS.get(parts.scheme)
    except ValueError:  # a port that is not a number or out of range
        return None


def _allowed_ports(portal: Portal) -> dict[str, set[int]]:
    """host -> ports the portal may use: a host listed without a port means the default
    ports (80 and 443: a portal moving to https stays in scope); host:port means that port."""
    ports: dict[str, set[int]] = {}
    for entry in portal.allowed_hosts:
        host, _, port = entry.rpartition(":") if entry.count(":") == 1 else (entry, "", "")
        if port.isdigit():
            ports.setdefault(host.lower(), set()).add(int(port))
        else:
            ports.setdefault(entry.lower().strip("[]"), set()).update(DEFAULT_PORTS.values())
    return ports


def scope_problem(portal: Portal, url: str, off_host: bool = False) -> str | None:
    """Why ``url`` is outside the portal's hosts and ports, judged on the string (None: inside).
    ``off_host``: a notice the portal's list links off its hosts, allowed where
    ``Portal.takes_off_host`` says so (the address rules still apply)."""
    parts = urlsplit(url)
    if parts.scheme not in DEFAULT_PORTS:
        return f"scheme {parts.scheme!r} is not http or https"
    host = (parts.hostname or "").lower()
    port = port_of(url)
    if not host or port is None:
        return "no host or an invalid port in the URL"
    allowed = _allowed_ports(portal).get(host) or _allowed_ports(portal).get(host.rstrip("."))
    if off_host and portal.takes_off_host(url):
        pass
    elif allowed is None:
        return f"host {host} is not one of the portal's hosts ({', '.join(portal.allowed_hosts)})"
    elif port not in allowed:
        return (f"port {port} of {host} is not one the portal lists ({', '.join(portal.allowed_hosts)}); "
                "add host:port to allowed_domains if the portal really serves there")
    literal = literal_address(host)
    if literal is not None and not portal.allow_private_addresses:
        reason = non_public_reason(literal)
        if reason:
            return f"{host} is the {reason} address {literal}; portals are on public addresses"
    return None


def allow_private_names(portal: Portal) -> None:
    """Let the resolver answer non-public addresses for this portal's host names."""
    if portal.allow_private_addresses:
        _PRIVATE_NAMES_ALLOWED.update(_allowed_ports(portal))


class ScopedResolver(CachingThreadedResolver):
    """Scrapy's caching resolver, refusing non-public answers for names not allowed them."""

    def getHostByName(self, name: str, timeout: Any = ()) -> defer.Deferred:  # noqa: N802 - Twisted API
        result = super().getHostByName(name, timeout)
        result.addCallback(self._check, name)
        return result

    @staticmethod
    def _check(address: str, name: str) -> str:
        if name.lower().rstrip(".") in _PRIVATE_NAMES_ALLOWED or name.lower() in _PRIVATE_NAMES_ALLOWED:
            return address
        try:
            reason = non_public_reason(ipaddress.ip_address(address))
        except ValueError:
            return address
        if reason:
            raise AddressRefused(f"{name} resolves to the {reason} address {address}; "
                                 "portals are on public addresses")
        return address


class ScopeMiddleware:
    """Refuse every request outside the portal's hosts, ports and public addresses."""

    def __init__(self, crawler):
        portal = getattr(crawler.spidercls, "portal", None)
        if portal is None:
            raise NotConfigured("not a portal spider")
        self.crawler = crawler
        self.portal: Portal = portal
        self.off_host_netlocs: set[str] = set()  # hosts of off-host notices requested: their robots.txt passes
        allow_private_names(portal)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def _refuse(self, request, reason: str):
        self.crawler.stats.inc_value("edunotice/scope/refused")
        raise OutOfScope(f"out of scope: {request.url}: {reason}")

    async def process_request(self, request):
        parts = urlsplit(request.url)
        off_host = bool(request.meta.get("edunotice_off_host")) or (
            parts.path == "/robots.txt" and parts.netloc.lower() in self.off_host_netlocs)
        reason = scope_problem(self.portal, request.url, off_host=off_host)
        if off_host and not reason:
            self.off_host_netlocs.add(parts.netloc.lower())
            request.meta["allow_offsite"] = True  # Scrapy's offsite filter knows only allowed_domains
            if self.portal.allow_private_addresses:  # a local test portal: its off-host server is local too
                _PRIVATE_NAMES_ALLOWED.add((parts.hostname or "").lower())
        if reason:
            self._refuse(request, reason)
        host = urlsplit(request.url).hostname or ""
        if self.portal.allow_private_addresses or literal_address(host) is not None:
            return None
        from twisted.internet import reactor

        try:
            address = await maybe_deferred_to_future(reactor.resolve(host))
        except AddressRefused as exc:
            self._refuse(request, str(exc))
        except Exception:  # noqa: BLE001 - an unresolvable name fails in the download, as a dns row
            return None
        try:
            reason = non_public_reason(ipaddress.ip_address(address))
        except ValueError:
            reason = None
        if reason:
            self._refuse(request, f"{host} resolves to the {reason} address {address}; "
                                  "portals are on public addresses")
        return None

    def process_response(self, request, response):
        ip = getattr(response, "ip_address", None)
        if ip is not None and not self.portal.allow_private_addresses:
            reason = non_public_reason(ip)
            if reason:
                self._refuse(request, f"the connection went to the {reason} address {ip}")
        return response


class RobotsTxtMiddleware(ScrapyRobotsTxtMiddleware):
    """Scrapy's robots.txt middleware, giving the parser to every request that waited for it."""

    async def robot_parser(self, request):
        pending = self._parsers.get(urlparse_cached(request).netloc)
        if isinstance(pending, defer.Deferred):
            # Awaiting a Deferred consumes its result: wait on a copy, pass the result on.
            mine: defer.Deferred = defer.Deferred()

            def relay(result):
                mine.callback(result)
                return result

            pending.addBoth(relay)
            return await maybe_deferred_to_future(mine)
        return await super().robot_parser(request)
