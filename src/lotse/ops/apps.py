from django.apps import AppConfig
from django.conf import settings
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _grant_after_migrate(sender, using="default", **kwargs) -> None:
    """After every ``migrate`` by the owner: the application role gets its privileges on every
    table, the new ones included (lotse.ops.database_role)."""
    role = getattr(settings, "DB_APP_ROLE", "")
    if role:
        from lotse.ops.database_role import grant_app_role

        grant_app_role(role, using)


class OpsConfig(AppConfig):
    """Operator commands that span several areas (the top layer, beside ``web``)."""

    name = "lotse.ops"
    verbose_name = _("Operations")

    def ready(self) -> None:
        post_migrate.connect(_grant_after_migrate, sender=self, dispatch_uid="lotse-db-app-role")
