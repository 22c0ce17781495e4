"""Finding a client for an API call: the token's scope, need-to-know, the purpose, and the
audited read — in one call per route (:func:`read_client`, :func:`write_client`).

The checks themselves are :func:`lotse.clients.access.open_client`'s, the same as on the web;
here the purpose comes from the ``Lotse-Purpose`` header, a missing one is answered 403
``purpose-required`` (:mod:`lotse.api.problems`), and the audit entry is named ``api:<what>``.
"""

from __future__ import annotations

from lotse.api.auth import require
from lotse.clients.access import open_client
from lotse.clients.models import Person
from lotse.core.audit import record
from lotse.core.models import AuditAction, AuditChannel


def read_client(request, client_id: str, purpose: str | None, *, scope: str, what: str) -> Person:
    """The client for a read: scope checked, reach and purpose checked, the read audited."""
    require(request, scope)
    return open_client(
        request.user, client_id, purpose=purpose, what=f"api:{what}", channel=AuditChannel.API
    ).person


def write_client(request, client_id: str, purpose: str | None, *, scope: str) -> tuple[Person, str]:
    """The client for a write and the stated purpose: the same checks as a read; the service
    that writes audits the write."""
    require(request, scope)
    opened = open_client(
        request.user, client_id, purpose=purpose, what="", read=False, channel=AuditChannel.API
    )
    return opened.person, opened.purpose


def audited_rows(request, what: str, persons: list[tuple[int, str]], purpose: str = "") -> None:
    """A list of clients is a read of each client shown (one entry per row)."""
    if persons:
        record(
            action=AuditAction.READ,
            what=f"api:{what}",
            persons=persons,
            user=request.user,
            channel=AuditChannel.API,
            purpose=purpose,
        )
