"""The client's address, also behind the reverse proxies the README recommends.

Without configuration Teilhabe trusts nobody and takes the address of the TCP peer
(`REMOTE_ADDR`). Behind N reverse proxies (`TEILHABE_TRUSTED_PROXIES=N`), each proxy appends the
address it received the request from to `X-Forwarded-For`; the client is the N-th entry from the
right. Entries further left can be written by the client itself and are never used, so nobody
can choose the address that login throttling and the audit log see."""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str | None:
    peer = _valid(request.META.get("REMOTE_ADDR", "") or "")
    proxies = getattr(settings, "TEILHABE_TRUSTED_PROXIES", 0)
    if not proxies:
        return peer
    forwarded = [a for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
    if len(forwarded) < proxies:
        return peer  # not the chain we were told about: trust only what we see ourselves
    return _valid(forwarded[-proxies]) or peer
