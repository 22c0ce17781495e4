from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeasuresConfig(AppConfig):
    name = "lotse.measures"
    verbose_name = _("Measures and integrations")
