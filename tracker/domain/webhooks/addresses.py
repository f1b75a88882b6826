"""Which webhook URLs may be called: http(s) only, and in production no private or loopback address
unless the configuration's allow-list names it (a webhook must not reach into the server's network)."""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from tracker.workflow.i18n import N_

MAX_URL = 500  # webhook_endpoint.url's length


@dataclass(frozen=True)
class AddressPolicy:
    """`private_ok`: any address may be called (the demo and the tests, whose receivers are on this
    machine); else only public ones and the hosts or networks of `allowed` (TRACKER_WEBHOOK_ALLOW_HOSTS)."""

    private_ok: bool = False
    allowed: tuple[str, ...] = field(default=())

    @classmethod
    def from_config(cls, config) -> AddressPolicy:
        allowed = tuple(
            h.strip().lower() for h in config.get("WEBHOOK_ALLOW_HOSTS", "").split(",") if h.strip()
        )
        return cls(private_ok=config.get("TRACKER_ENV") != "production", allowed=allowed)

    def allows(self, host: str, address: ipaddress._BaseAddress) -> bool:
        for entry in self.allowed:
            if entry == host:
                return True
            try:
                if address in ipaddress.ip_network(entry, strict=False):
                    return True
            except ValueError:
                continue  # a host name entry
        return False


def _private(address: ipaddress._BaseAddress) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return not address.is_global or address.is_multicast


def _addresses(host: str, port: int) -> list[ipaddress._BaseAddress]:
    try:
        return [ipaddress.ip_address(host)]
    except ValueError:
        pass
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos]


def refusal(url: str, policy: AddressPolicy) -> str | None:
    """Why this URL may not be called (a msgid), or None. Resolves the host when the policy needs it:
    the sender asks again at each attempt, so a name that later points inward is refused then."""
    url = (url or "").strip()
    if not url:
        return N_("This field is required.")
    if len(url) > MAX_URL:
        return N_("The address is too long.")
    try:
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
        host = (parts.hostname or "").lower()
    except ValueError:
        return N_("This is not a web address.")
    if parts.scheme not in ("http", "https") or not host:
        return N_("The address must start with https:// or http://.")
    if parts.username or parts.password:
        return N_("The address must not carry a user name or password.")
    if policy.private_ok:
        return None
    try:
        found = _addresses(host, port)
    except (OSError, UnicodeError, ValueError):
        return N_("The address's host name cannot be resolved.")
    if any(_private(a) and not policy.allows(host, a) for a in found):
        return N_("The address is on a private or local network; only public addresses may receive webhooks.")
    return None
