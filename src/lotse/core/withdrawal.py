"""Correcting and withdrawing a recorded steering item (:class:`lotse.core.models.Withdrawable`).

A correction is a versioned edit of the item (someone else's save in between is a
:class:`~lotse.core.locking.StaleEdit`); a withdrawal keeps the item for the audit but leaves
every report, list and export as if it had never been recorded. Frozen months keep their
figures (they are stored, not recomputed). Both are audited writes of the client's record.
"""

from __future__ import annotations

from typing import Any

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from lotse.core.audit import record_person
from lotse.core.errors import Refused
from lotse.core.locking import StaleEdit, save_versioned
from lotse.core.models import AuditAction, Withdrawable, refuse_too_long

MIN_REASON = 10  # characters: a reason, not "x"


def item_correct(
    item: Withdrawable, *, version: int, changes: dict[str, Any], what: str, user
) -> Withdrawable:
    """Save ``changes`` (column names) if the item is still at ``version``; audited."""
    model = type(item)
    refuse_too_long(model, **{name: value for name, value in changes.items() if isinstance(value, str)})
    try:
        current = save_versioned(item, version=version, changes=changes, seen={})
    except model.DoesNotExist:  # withdrawn by someone else since the form was opened
        raise Refused(_("The entry has been withdrawn in the meantime; nothing was changed.")) from None
    record_person(action=AuditAction.WRITE, what=f"{what}_corrected", person=current.person, user=user)
    return current


def item_withdraw(item: Withdrawable, *, reason: str, version: int, what: str, user) -> None:
    """Withdraw the item with a reason, if it is still at ``version``; audited with the reason."""
    text = reason.strip()
    if len(text) < MIN_REASON:
        raise Refused(
            _("Say why the entry is withdrawn (at least %(n)d characters).") % {"n": MIN_REASON},
            field="reason",
        )
    model = type(item)
    refuse_too_long(model, withdrawn_reason=text)
    done = model.objects.filter(pk=item.pk, version=version).update(
        withdrawn_at=timezone.now(),
        withdrawn_reason=text,
        withdrawn_by=user if getattr(user, "is_authenticated", False) else None,
        version=F("version") + 1,
    )
    if not done:
        raise StaleEdit(model.all_objects.get(pk=item.pk), [])
    record_person(
        action=AuditAction.WRITE, what=f"{what}_withdrawn", person=item.person, user=user, detail=text
    )
