"""Link addresses read right (issue 28, "Also found"): bracketed IPv6 and
trailing-dot hosts are well formed, and IPv6 addresses that carry a private
IPv4 address (NAT64, 6to4, IPv4-compatible, IPv4-mapped, Teredo) or lie in
site-local space are refused like the IPv4 address itself. No network: the
resolver is replaced and connecting is forbidden."""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import replace

import pytest

from govlint.checks.link import probe
from govlint.checks.link.urls import host_of, malformed
from govlint.config import Config
from govlint.engine import check_document
from govlint.readers.markdown import read_markdown

PRIVATE_IN_IPV6 = [
    "64:ff9b::7f00:1",  # NAT64 of 127.0.0.1
    "64:ff9b::a9fe:a9fe",  # NAT64 of 169.254.169.254 (cloud metadata)
    "64:ff9b::a00:1",  # NAT64 of 10.0.0.1
    "64:ff9b:1::a00:1",  # local-use NAT64 prefix: the embedding is the site's
    "2002:7f00:1::1",  # 6to4 of 127.0.0.1
    "2002:c0a8:101::1",  # 6to4 of 192.168.1.1
    "2002:a9fe:a9fe::1",  # 6to4 of 169.254.169.254
    "::127.0.0.1",  # IPv4-compatible
    "::10.0.0.1",
    "::ffff:127.0.0.1",  # IPv4-mapped
    "::ffff:169.254.169.254",
    "fec0::1",  # site-local
    "feff::1",
    "2001:0:4136:e378:8000:63bf:3fff:fdd2",  # Teredo
]
PUBLIC = ["8.8.8.8", "2400:3200::1", "64:ff9b::808:808", "2002:808:808::1"]


@pytest.mark.parametrize("address", PRIVATE_IN_IPV6)
def test_ipv6_forms_of_private_addresses_are_not_public(address):
    assert not probe.is_public(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", PUBLIC)
def test_public_addresses_and_their_nat64_and_6to4_forms_stay_public(address):
    assert probe.is_public(ipaddress.ip_address(address))


@pytest.fixture
def resolver(monkeypatch):
    """``name`` resolves to ``answers[name]``; connecting is an error."""
    answers: dict[str, str] = {}
    connects: list[object] = []

    def getaddrinfo(host, port, *args, **kwargs):
        address = answers.get(host, host)
        family = socket.AF_INET6 if ":" in address else socket.AF_INET
        sockaddr = (address, port, 0, 0) if family == socket.AF_INET6 else (address, port)
        return [(family, socket.SOCK_STREAM, 6, "", sockaddr)]

    def create_connection(address, *args, **kwargs):
        connects.append(address)
        raise ConnectionRefusedError("no network in tests")

    monkeypatch.setattr(probe.socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(probe.socket, "create_connection", create_connection)
    probe.clear_cache()
    yield answers, connects
    probe.clear_cache()


@pytest.mark.parametrize("address", PRIVATE_IN_IPV6)
def test_a_name_resolving_to_a_private_address_in_ipv6_form_is_refused_without_connecting(resolver, address):
    answers, connects = resolver
    answers["sneaky.example.cn"] = address
    with pytest.raises(probe.RefusedError):
        probe.public_address("sneaky.example.cn", 80, allow_private=False)
    answer = probe.check_url("http://sneaky.example.cn/", timeout=2)
    assert answer.skipped and not answer.ok and "内网或保留地址" in answer.reason
    assert connects == []


def test_a_literal_mapped_address_in_a_url_is_refused(resolver):
    _, connects = resolver
    answer = probe.check_url("http://[::ffff:169.254.169.254]/latest/meta-data/", timeout=2)
    assert answer.skipped and connects == []


def test_request_host_of_ipv6_literals_and_trailing_dots():
    assert probe.request_host("::1") == "::1"
    assert probe.request_host("fe80::1%25eth0") == "fe80::1%eth0"
    assert probe.request_host("www.gov.cn.") == "www.gov.cn."  # resolved as an absolute name
    assert probe._without_root_dot("www.gov.cn.") == "www.gov.cn"  # Host header and TLS name
    assert probe.request_host("政府.cn") == "xn--mxtq1m.cn"


@pytest.mark.parametrize(
    "href",
    [
        "http://[::1]/",
        "http://[2001:db8::1]:8080/a?b=1",
        "http://user@[2400:3200::1]/",
        "https://www.gov.cn./",
        "http://www.gov.cn.:80/zhengce/",
        "http://localhost./",
    ],
)
def test_bracketed_ipv6_and_trailing_dot_hosts_are_well_formed(href):
    assert malformed(href) is None
    source = f"# 标题\n\n详见[中国政府网]({href})。\n"
    document = read_markdown(source, "draft.md", "utf-8")
    result = check_document(document, replace(Config(), select=("link.dead",)))
    assert [f.rule for f in result.findings] == []


def test_an_ipv6_literal_with_a_zone_is_well_formed():
    # Not through the Markdown reader: it percent-encodes the brackets of this one.
    assert malformed("http://[fe80::1%25eth0]/") is None
    assert malformed("http://[fe80::1%25]/") is not None


@pytest.mark.parametrize(
    "href", ["http://[::1", "http://[zz]/", "http://[::1]x/", "http://a..cn/", "http://www.gov.cn../", "http://./"]
)
def test_broken_literals_and_empty_labels_stay_malformed(href):
    reason = malformed(href)
    assert reason and "\n" not in reason


def test_host_of_ipv6_and_trailing_dot():
    assert host_of("http://[::1]:8080/") == "::1"
    assert host_of("http://[2001:DB8::1]/") == "2001:db8::1"
    assert host_of("https://WWW.gov.cn./") == "www.gov.cn"
    assert host_of("http://./") is None
