"""Directory log-in: staff log in with their authority's LDAP / Active Directory account.

django-auth-ldap checks the password against the directory. On every log-in this backend
then makes Lotse's roles exactly those the directory's groups grant (``LOTSE_LDAP_ROLE_GROUPS``
maps role codes to group DNs): a user moved to another group has the new role and loses the
old one at the next log-in, a user in none of the groups cannot log in. The staff record is
found by a directory attribute (``LOTSE_LDAP_STAFF_ATTRIBUTE``, e.g. ``employeeNumber``,
matched against the staff member's personnel number). Every change of roles or staff link
is an ``access`` entry in the audit trail.

Local accounts stay: the administrator's account has a password in Lotse and logs in through
Django's own backend; directory users get no usable local password.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from django_auth_ldap.backend import LDAPBackend

from lotse.core.audit import record
from lotse.core.models import AuditAction, AuditChannel
from lotse.core.roles import Role
from lotse.organisation.models import Staff

logger = logging.getLogger(__name__)
ROLE_CODES = {role.value for role in Role} - {Role.INTEGRATION.value}  # service accounts: tokens only


def parse_role_groups(text: str) -> dict[str, str]:
    """``caseworker=cn=…;team_lead=cn=…`` → {role code: group DN, lower-cased}. A DN holds
    commas and equals signs, so entries are separated by semicolons and split at the first ``=``."""
    mapping = {}
    for entry in (part.strip() for part in text.split(";")):
        if not entry:
            continue
        role, sep, dn = entry.partition("=")
        if not sep or role.strip() not in ROLE_CODES or not dn.strip():
            raise ValueError(f"LOTSE_LDAP_ROLE_GROUPS: '{entry}' is not role=group DN with a role of Lotse")
        mapping[role.strip()] = dn.strip().lower()
    return mapping


class DirectoryBackend(LDAPBackend):
    """django-auth-ldap with Lotse's roles and staff link taken from the directory."""

    def authenticate_ldap_user(self, ldap_user, password):
        user = super().authenticate_ldap_user(ldap_user, password)
        if user is not None:
            apply_directory(user, {dn.lower() for dn in ldap_user.group_dns}, ldap_user.attrs or {})
        return user


@transaction.atomic
def apply_directory(user, group_dns: set[str], attrs: dict) -> None:
    """Set the user's roles to those the directory grants, and link the staff record."""
    mapping = settings.LOTSE_LDAP_ROLE_GROUPS
    granted = {role for role, dn in mapping.items() if dn in group_dns}
    current = set(user.groups.filter(name__in=ROLE_CODES).values_list("name", flat=True))
    if granted != current:
        user.groups.remove(*Group.objects.filter(name__in=current - granted))
        user.groups.add(*Group.objects.filter(name__in=granted - current))
        user._lotse_roles = None
        before, after = ", ".join(sorted(current)) or "-", ", ".join(sorted(granted))
        record(
            action=AuditAction.ACCESS,
            what="directory_roles",
            user=user,
            channel=AuditChannel.WEB,
            detail=f"{user.get_username()}: {before} → {after}",
        )
    attribute = settings.LOTSE_LDAP_STAFF_ATTRIBUTE
    values = attrs.get(attribute) or attrs.get(attribute.lower()) or []
    if attribute and values:
        _link_staff(user, str(values[0]))


def _link_staff(user, personnel_number: str) -> None:
    staff = Staff.objects.filter(external_id=personnel_number).first()
    if staff is None or staff.user_id == user.pk:
        return
    if staff.user_id is not None:  # another account holds the record: the administrator decides
        logger.warning("staff %s is linked to another user account; not relinked", staff.pk)
        return
    Staff.objects.filter(user=user).update(user=None)
    staff.user = user
    staff.save(update_fields=["user"])
    record(
        action=AuditAction.ACCESS,
        what="directory_staff_link",
        user=user,
        detail=f"{user.get_username()} → {staff.external_id}",
    )
