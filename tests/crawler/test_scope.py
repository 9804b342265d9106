"""crawler.scope judged on strings and addresses: hosts, ports, numeric spellings, ranges."""

from __future__ import annotations

import ipaddress

import pytest

from crawler.portal import portal_from_dict
from crawler.scope import (
    AddressRefused,
    ScopedResolver,
    literal_address,
    non_public_reason,
    scope_problem,
)


def _portal(start: str, private: bool = False, **extra):
    return portal_from_dict({"id": "p", "name": "p", "start_urls": [start],
                             "allow_private_addresses": private, **extra}, "test")


@pytest.mark.parametrize("host", ["2130706433", "0x7f000001", "0177.0.0.1", "127.1", "[::ffff:7f00:1]",
                                  "::ffff:127.0.0.1", "127.0.0.1."])
def test_every_numeric_spelling_of_loopback_is_loopback(host):
    assert literal_address(host) is not None
    assert non_public_reason(literal_address(host)) == "loopback"


@pytest.mark.parametrize("address, reason", [("10.1.2.3", "private"), ("169.254.169.254", "link-local"),
                                             ("224.0.0.1", "multicast"), ("0.0.0.0", "unspecified"),
                                             ("240.0.0.1", "reserved"), ("100.64.0.1", "not globally routable"),
                                             ("fe80::1", "link-local"), ("202.96.134.133", None)])
def test_non_public_ranges_are_named(address, reason):
    assert non_public_reason(ipaddress.ip_address(address)) == reason


def test_names_are_not_mistaken_for_numbers():
    assert literal_address("www.gd.gov.cn") is None
    assert literal_address("deadbeef.cn") is None


def test_another_port_of_the_same_host_is_out_of_scope_unless_listed():
    portal = _portal("http://www.example.gov.cn/tzgg/")
    assert scope_problem(portal, "http://www.example.gov.cn/a.html") is None
    assert scope_problem(portal, "https://www.example.gov.cn/a.html") is None
    assert "port 8080" in scope_problem(portal, "http://www.example.gov.cn:8080/a.html")
    listed = _portal("http://www.example.gov.cn/tzgg/", allowed_domains=["www.example.gov.cn", "www.example.gov.cn:8080"])
    assert scope_problem(listed, "http://www.example.gov.cn:8080/a.html") is None
    assert "not one of the portal's hosts" in scope_problem(portal, "http://evil.example.com/")
    assert "scheme" in scope_problem(portal, "ftp://www.example.gov.cn/")


def test_private_portals_keep_their_port_but_may_use_loopback():
    portal = _portal("http://127.0.0.1:8000/list.html", private=True)
    assert scope_problem(portal, "http://127.0.0.1:8000/n/1.html") is None
    assert "port 8001" in scope_problem(portal, "http://127.0.0.1:8001/n/1.html")


def test_the_resolver_refuses_private_answers_for_names_not_allowed_them():
    with pytest.raises(AddressRefused, match="loopback address 127.0.0.1"):
        ScopedResolver._check("127.0.0.1", "rebinding.example.cn")
    assert ScopedResolver._check("202.96.134.133", "www.example.gov.cn") == "202.96.134.133"


def test_an_off_host_notice_passes_the_host_check_but_not_the_address_checks():
    # A notice a dated row of the portal's list links on another host (Portal.takes_off_host).
    portal = _portal("http://www.example.gov.cn/tzgg/")
    wechat = "https://mp.weixin.qq.com/s/a9JIaBnAcut0EJFVvDtl8Q"
    assert "not one of the portal's hosts" in scope_problem(portal, wechat)  # a request not marked off-host
    assert scope_problem(portal, wechat, off_host=True) is None
    assert "loopback" in scope_problem(portal, "http://127.0.0.1/s/1", off_host=True)
    assert "loopback" in scope_problem(portal, "http://2130706433/s/1", off_host=True)
    assert "not one of the portal's hosts" in scope_problem(portal, "http://mp.weixin.qq.com:8080/s/1", off_host=True)
    kept = _portal("http://www.example.gov.cn/tzgg/", off_host_notices="report")
    assert "not one of the portal's hosts" in scope_problem(kept, wechat, off_host=True)
