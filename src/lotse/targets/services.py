"""State changes of the target dialogue: the monthly comment and the steering measures.
Each is one transaction, audited, and refuses a stale edit (optimistic locking)."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from lotse.core.audit import record
from lotse.core.locking import save_versioned
from lotse.core.models import AuditAction
from lotse.targets.models import SteeringAction, Target, TargetComment


@transaction.atomic
def comment_save(
    *, user, target: Target, month: date, text: str, version: int | None, seen: str = ""
) -> TargetComment:
    """Create the month's comment on a target, or change it if ``version`` is still current."""
    comment = TargetComment.objects.filter(target=target, month=month).first()
    if comment is None:
        comment = TargetComment.objects.create(target=target, month=month, text=text, author=user)
    else:
        comment = save_versioned(
            comment,
            version=version or 0,
            changes={"text": text, "author": user},
            seen={"text": seen},
        )
    record(action=AuditAction.WRITE, what=f"target_comment:{target.pk}:{month:%Y-%m}", user=user)
    return comment


@transaction.atomic
def action_add(*, user, target: Target, month: date, what: str, owner: str, due: date) -> SteeringAction:
    action = SteeringAction.objects.create(target=target, agreed_in=month, what=what, owner=owner, due=due)
    record(action=AuditAction.WRITE, what=f"steering_action:{action.pk}", user=user)
    return action


@transaction.atomic
def action_follow_up(*, user, action: SteeringAction, status: str, follow_up: str, version: int) -> None:
    save_versioned(
        action,
        version=version,
        changes={"status": status, "follow_up": follow_up},
        seen={"status": action.status, "follow_up": action.follow_up},
    )
    record(action=AuditAction.WRITE, what=f"steering_action:{action.pk}", user=user)
