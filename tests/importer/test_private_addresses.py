"""The download check's classifier: an address on this machine or a private network is found
in every form an IPv6 address can carry it. Nothing here connects anywhere."""

import pytest

from importer.write.fetch import not_public


@pytest.mark.parametrize(
    ("address", "private"),
    [
        ("10.0.0.1", "10.0.0.1"),
        ("::1", "::1"),
        ("::ffff:127.0.0.1", "127.0.0.1"),  # IPv4-mapped
        ("64:ff9b::10.0.0.1", "10.0.0.1"),  # NAT64, well-known prefix
        ("64:ff9b::a9fe:a9fe", "169.254.169.254"),  # NAT64 to cloud metadata
        ("64:ff9b:1::808:808", "64:ff9b:1::808:808"),  # a network's own NAT64 prefix
        ("2002:c0a8:0101::1", "192.168.1.1"),  # 6to4
        ("2002:7f00:1::", "127.0.0.1"),  # 6to4 of loopback
        ("::10.0.0.1", "10.0.0.1"),  # IPv4-compatible
        ("::127.0.0.1", "127.0.0.1"),
        ("::ffff:0:10.0.0.1", "10.0.0.1"),  # IPv4-translated
        ("::ffff:0:192.168.0.1", "192.168.0.1"),
        ("fe80::1%eth0", "fe80::1"),
    ],
)
def test_private_addresses_are_found_in_every_form(address, private):
    assert str(not_public(address)) == private


@pytest.mark.parametrize(
    "address",
    [
        "8.8.8.8",
        "2606:4700:4700::1111",
        "64:ff9b::8.8.8.8",
        "2002:808:808::1",
        "::ffff:0:8.8.8.8",
        "::ffff:8.8.8.8",
    ],
)
def test_public_addresses_pass_in_every_form(address):
    assert not_public(address) is None
