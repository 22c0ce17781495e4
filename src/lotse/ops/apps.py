from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    """Operator commands that span several areas (the top layer, beside ``web``)."""

    name = "lotse.ops"
    verbose_name = _("Operations")
