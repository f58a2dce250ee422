"""The client's address, as the login log records it and the lock-out counts it.

``REMOTE_ADDR`` is whoever opened the connection: behind nginx, the proxy itself. When that
peer is one of ``settings.TRUSTED_PROXIES`` (``KAOPING_TRUSTED_PROXIES``: addresses or CIDR
networks), the address is read from ``X-Forwarded-For`` instead: the right-most hop that is
not itself a trusted proxy, because every hop to its left was written by the client and may
be forged. From any other peer ``X-Forwarded-For`` is ignored, so a client cannot choose the
address it is counted under.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING

from django.conf import settings

if TYPE_CHECKING:  # the settings module imports this one: nothing that needs settings at import
    from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(values: Iterable[str]) -> tuple[Network, ...]:
    """``["10.0.0.5", "172.16.0.0/12"]`` → networks; ``ValueError`` naming a value that is neither."""
    networks = []
    for value in values:
        try:
            networks.append(ipaddress.ip_network(value.strip(), strict=False))
        except ValueError:
            raise ValueError(f"“{value}”不是 IP 地址或网段（如 10.0.0.5、172.16.0.0/12）") from None
    return tuple(networks)


@lru_cache(maxsize=8)
def _trusted(values: tuple[str, ...]) -> tuple[Network, ...]:
    return parse_networks(values)


def client_ip(request: HttpRequest | None) -> str | None:
    """The client's address for ``request`` (None without a request)."""
    if request is None:
        return None
    peer = request.META.get("REMOTE_ADDR")
    trusted = _trusted(tuple(getattr(settings, "TRUSTED_PROXIES", ())))
    if not peer or not trusted:
        return peer or None
    return forwarded_client(peer, request.META.get("HTTP_X_FORWARDED_FOR", ""), trusted)


def forwarded_client(peer: str, forwarded_for: str, trusted: tuple[Network, ...]) -> str:
    """The right-most address not in ``trusted``, reading from ``peer`` leftwards through the hops."""
    nearest = peer
    if not _is_trusted(peer, trusted):
        return peer
    for hop in reversed([h.strip() for h in forwarded_for.split(",") if h.strip()]):
        if not _is_address(hop):
            return nearest  # not an address: stop at the last one a trusted proxy vouched for
        if not _is_trusted(hop, trusted):
            return hop
        nearest = hop
    return nearest


def _is_address(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


def _is_trusted(address: str, trusted: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in trusted)
