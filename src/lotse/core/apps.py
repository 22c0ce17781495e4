from django.apps import AppConfig
from django.db.models.signals import post_migrate, post_save
from django.utils.translation import gettext_lazy as _


def _groups_after_migrate(sender, using="default", **kwargs) -> None:
    """After every ``migrate``: the role groups exist and the administrator may configure.

    Runs after each app's migrations (no sender filter), so the permissions of apps listed
    after ``lotse.core`` are granted too once they exist.
    """
    from lotse.core.roles import ensure_role_groups

    if using == "default":
        ensure_role_groups()


def install_after_migrate(app: AppConfig, install) -> None:
    """Run ``install`` (an app's shipped presets, idempotent) after every ``migrate`` and after
    a ``flush`` (which sends the same signal) — never on a read path."""

    def handler(sender, using="default", **kwargs) -> None:
        if using == "default":
            install()

    post_migrate.connect(handler, sender=app, dispatch_uid=f"lotse-presets-{app.label}", weak=False)


def _admin_change(sender, **kwargs) -> None:
    """A change in the Django admin (teams, staff, targets, …) is a write like any other: it
    moves the data version on (the admin logs it inside its own transaction)."""
    from lotse.core import data_version

    data_version.advance()


class CoreConfig(AppConfig):
    name = "lotse.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        post_migrate.connect(_groups_after_migrate, dispatch_uid="lotse-role-groups")
        from django.contrib.admin.models import LogEntry

        post_save.connect(_admin_change, sender=LogEntry, dispatch_uid="lotse-admin-change")
        from lotse.core import converters

        converters.register()
