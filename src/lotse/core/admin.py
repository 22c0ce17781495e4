"""Users and roles in the admin, without a way to give oneself client access.

The administrator manages users and their roles (the Django groups of
:class:`lotse.core.roles.Role`), and every such change is written to Lotse's audit trail
(action ``access``, with what changed), not only to Django's admin log. Three things are not
possible in the web admin:

- giving oneself a role that reads client data (caseworker, team lead, outreach worker,
  integration): another administrator must do it — the refused attempt is audited too;
- superuser status and single permissions: roles come only from the groups, and the groups'
  permissions are set by Lotse after every ``migrate`` (the group admin is read-only);
- deleting a user: the audit trail names them; a user who leaves is deactivated.

The link between a staff record and a user (which gives a caseload) is guarded the same
way in :mod:`lotse.organisation.admin`.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User
from django.utils.translation import gettext_lazy as _

from lotse.core.audit import record
from lotse.core.models import AuditAction, JobRun
from lotse.core.roles import CLIENT_READERS, Role

# Roles that reach client data: nobody grants one of them to themselves.
CLIENT_ACCESS_ROLES = frozenset({r.value for r in CLIENT_READERS} | {Role.INTEGRATION.value})


def access_state(user_pk: int | None) -> dict[str, object]:
    """What decides a user's access: roles, active, admin access (for the audit diff)."""
    if user_pk is None:
        return {}
    user = User.objects.filter(pk=user_pk).first()
    if user is None:
        return {}
    return {
        "roles": sorted(user.groups.values_list("name", flat=True)),
        "active": user.is_active,
        "admin": user.is_staff,
    }


def access_diff(before: dict[str, object], after: dict[str, object]) -> str:
    """The change in words for the audit trail: ``roles +caseworker -controlling; active: no``."""
    parts = []
    old_roles, new_roles = set(before.get("roles", [])), set(after.get("roles", []))
    changed = [f"+{r}" for r in sorted(new_roles - old_roles)] + [
        f"-{r}" for r in sorted(old_roles - new_roles)
    ]
    if changed:
        parts.append("roles " + " ".join(changed))
    for key in ("active", "admin"):
        if key in after and before.get(key) != after[key]:
            parts.append(f"{key}: {'yes' if after[key] else 'no'}")
    return "; ".join(parts)


def record_access_change(request, what: str, detail: str, action: AuditAction = AuditAction.ACCESS) -> None:
    record(action=action, what=what, user=request.user, detail=detail)


class NoSelfGrantForm(forms.ModelForm):
    """The user change form: refuses a client-reading role for the acting user's own account."""

    acting_user_pk: int | None = None

    def clean_groups(self):
        groups = self.cleaned_data["groups"]
        if self.instance.pk is not None and self.instance.pk == self.acting_user_pk:
            current = set(self.instance.groups.values_list("name", flat=True))
            gained = ({g.name for g in groups} - current) & CLIENT_ACCESS_ROLES
            if gained:
                record(
                    action=AuditAction.DENIED,
                    what=f"user:{self.instance.get_username()}",
                    user=self.instance,
                    detail="refused: own roles +" + " +".join(sorted(gained)),
                )
                raise forms.ValidationError(
                    _(
                        "You cannot give yourself a role that reads client data (%(roles)s); "
                        "another administrator must do that."
                    ),
                    params={"roles": ", ".join(sorted(gained))},
                    code="self_grant",
                )
        return groups


class LotseUserAdmin(UserAdmin):
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email")}),
        (_("Access"), {"fields": ("is_active", "is_staff", "groups")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    list_display = ("username", "first_name", "last_name", "is_active", "is_staff", "roles")
    list_filter = ("is_active", "is_staff", "groups")
    filter_horizontal = ("groups",)
    readonly_fields = ("last_login", "date_joined")

    @admin.display(description=_("roles"))
    def roles(self, obj: User) -> str:
        return ", ".join(sorted(g.name for g in obj.groups.all()))

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is None:
            return form
        return type("UserChangeForm", (NoSelfGrantForm, form), {"acting_user_pk": request.user.pk})

    def save_model(self, request, obj, form, change):
        request._lotse_access_before = access_state(obj.pk) if change else {}
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        user = form.instance
        before = getattr(request, "_lotse_access_before", {})
        detail = access_diff(before, access_state(user.pk))
        if not change:
            detail = "created" + (f"; {detail}" if detail else "")
        if detail:
            record_access_change(request, f"user:{user.get_username()}", detail)

    def user_change_password(self, request, id, form_url=""):
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            target = User.objects.filter(pk=id).first()
            if target is not None:
                record_access_change(request, f"user:{target.get_username()}", "password set")
        return response

    def has_delete_permission(self, request, obj=None):
        return False  # the audit trail names users: deactivate instead


class ReadOnlyGroupAdmin(GroupAdmin):
    """The roles are Lotse's: their names and permissions are set by code after ``migrate``."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.unregister(User)
admin.site.unregister(Group)
admin.site.register(User, LotseUserAdmin)
admin.site.register(Group, ReadOnlyGroupAdmin)

admin.site.site_header = admin.site.site_title = _("Lotse configuration")


@admin.register(JobRun)
class JobRunAdmin(admin.ModelAdmin):
    """The runs of the scheduled jobs, for the operator: read-only (the jobs write them)."""

    list_display = ("job", "started_at", "finished_at", "outcome", "attempt", "counts")
    list_filter = ("job", "outcome")
    readonly_fields = ("job", "started_at", "finished_at", "outcome", "attempt", "counts", "error")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
