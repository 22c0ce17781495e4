"""State changes of the target dialogue: the monthly comment, the steering measures, and a
year's agreement copied from a template. Each is one transaction and audited; edits refuse a
stale save (optimistic locking)."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from lotse.core.audit import record
from lotse.core.errors import Refused
from lotse.core.locking import save_versioned
from lotse.core.models import AuditAction
from lotse.targets.models import SteeringAction, Target, TargetAgreement, TargetComment, TeamShare


def _followed_up(target: Target) -> None:
    if not target.followed_up:
        raise Refused(
            _("A municipal target is not part of the target follow-up; no comment or steering measure.")
        )


@transaction.atomic
def comment_save(
    *, user, target: Target, month: date, text: str, version: int | None, seen: str = ""
) -> TargetComment:
    """Create the month's comment on a target, or change it if ``version`` is still current."""
    _followed_up(target)
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
    _followed_up(target)
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


@transaction.atomic
def agreement_copy_to_year(*, user, agreement: TargetAgreement, today: date) -> TargetAgreement:
    """The agreement with its targets and team shares for the next year, or for this year when
    it is an older template (the 2014 preset becomes this year's); the name follows the year."""
    year = max(agreement.year + 1, today.year)
    old = str(agreement.year)
    name = agreement.name.replace(old, str(year)) if old in agreement.name else f"{agreement.name} {year}"
    if TargetAgreement.objects.filter(name=name).exists():
        raise Refused(_("'%(name)s' exists already.") % {"name": name}, field="name")
    copy = TargetAgreement.objects.create(year=year, name=name, partners=agreement.partners, is_preset=False)
    for target in agreement.targets.prefetch_related("team_shares"):
        shares = list(target.team_shares.all())
        target.pk = None
        target.agreement = copy
        target.save()
        TeamShare.objects.bulk_create(
            TeamShare(target=target, team_id=s.team_id, plan=s.plan) for s in shares
        )
    record(action=AuditAction.WRITE, what=f"target_agreement:{copy.pk} from {agreement.pk}", user=user)
    return copy
