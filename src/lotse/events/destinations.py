"""Where a webhook may send client data: checked when it is created and before every delivery.

A webhook carries client numbers to another system, so its URL must not become a way to send
them anywhere (SSRF, a forgotten test endpoint, an internal service):

- ``https`` only; plain ``http`` only to the hosts in ``LOTSE_WEBHOOK_HTTP_HOSTS``;
- no user name or password in the URL;
- never to loopback, link-local, private, multicast or reserved addresses — checked on every
  address the host name resolves to, when the webhook is made and again before each
  delivery (a name that resolves elsewhere later is caught) — unless the host is listed in
  ``LOTSE_WEBHOOK_INTERNAL_HOSTS`` (the Jobcenter's own data warehouse, say);
- redirects are not followed (:func:`lotse.events.delivery.opener`).
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

from lotse.core.errors import Refused


def _listed(host: str, setting: str) -> bool:
    return host.lower() in {h.strip().lower() for h in getattr(settings, setting, ()) if h.strip()}


def _addresses(host: str, port: int) -> list[str]:
    try:
        return sorted({info[4][0] for info in socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)})
    except (OSError, UnicodeError):
        return []


def refuse_destination(url: str) -> None:
    """Raise :class:`Refused` (field ``url``) unless a webhook may send to ``url``."""
    try:
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise Refused(_("This is not a URL."), field="url") from None
    host = parts.hostname or ""
    if parts.scheme not in ("https", "http") or not host:
        raise Refused(_("The URL must start with https:// and name a host."), field="url")
    if parts.scheme == "http" and not _listed(host, "WEBHOOK_HTTP_HOSTS"):
        raise Refused(
            _(
                "Client data leave Lotse only encrypted: use https "
                "(plain http only to the hosts the operator lists)."
            ),
            field="url",
        )
    if parts.username or parts.password:
        raise Refused(_("The URL must not contain a user name or password."), field="url")
    if _listed(host, "WEBHOOK_INTERNAL_HOSTS"):
        return
    addresses = _addresses(host, port)
    if not addresses:
        raise Refused(_("The host %(host)s cannot be resolved.") % {"host": host}, field="url")
    for address in addresses:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
        if (
            ip.is_loopback
            or ip.is_private
            or ip.is_link_local
            or ip.is_multicast
            or ip.is_reserved
            or ip.is_unspecified
        ):
            raise Refused(
                _(
                    "%(host)s resolves to the internal address %(address)s; webhooks go to internal "
                    "addresses only when the operator lists the host."
                )
                % {"host": host, "address": address},
                field="url",
            )
