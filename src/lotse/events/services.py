"""Making and removing webhooks: the owning integration account's holder does it through the
API (the administrator can only deactivate one), every change audited."""

from __future__ import annotations

import secrets

from django.db import transaction
from django.utils.translation import gettext as _

from lotse.core.audit import record
from lotse.core.errors import Refused
from lotse.core.models import AuditAction, AuditChannel, refuse_too_long
from lotse.core.roles import Role, has_role
from lotse.events.destinations import refuse_destination
from lotse.events.models import EventKind, Webhook


@transaction.atomic
def webhook_create(*, owner, name: str, url: str, kinds: list[str]) -> tuple[Webhook, str]:
    """A webhook of ``owner`` (an integration account) and its signing secret, shown once."""
    if not has_role(owner, Role.INTEGRATION):
        raise Refused(_("Only an integration account receives webhooks."))
    name = name.strip()
    if not name:
        raise Refused(_("Give the webhook a name."), field="name")
    refuse_too_long(Webhook, name=name, url=url)
    unknown = set(kinds) - set(EventKind.values)
    if unknown:
        raise Refused(
            _("Unknown event kinds: %(kinds)s") % {"kinds": ", ".join(sorted(unknown))}, field="kinds"
        )
    refuse_destination(url)
    if Webhook.objects.filter(name=name).exists():
        raise Refused(_("A webhook of this name exists already."), field="name")
    secret = secrets.token_urlsafe(32)
    hook = Webhook.objects.create(name=name, url=url, kinds=sorted(set(kinds)), secret=secret, owner=owner)
    record(
        action=AuditAction.ACCESS,
        what=f"webhook:{name}",
        user=owner,
        channel=AuditChannel.API,
        detail=f"created: {url} ({', '.join(hook.kinds) or 'all kinds'})",
    )
    return hook, secret


@transaction.atomic
def webhook_delete(*, hook: Webhook, user) -> None:
    """Remove the webhook; pending deliveries are not sent."""
    record(
        action=AuditAction.ACCESS,
        what=f"webhook:{hook.name}",
        user=user,
        channel=AuditChannel.API,
        detail="deleted",
    )
    hook.delete()  # with its delivery log; the audit trail keeps every delivered client number
