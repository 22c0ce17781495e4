from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MunicipalConfig(AppConfig):
    name = "lotse.municipal"
    verbose_name = _("Municipal integration services")
