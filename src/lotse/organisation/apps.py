from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationConfig(AppConfig):
    name = "lotse.organisation"
    label = "organisation"
    verbose_name = _("Organisation")

    def ready(self) -> None:
        from lotse.core.apps import install_after_migrate
        from lotse.organisation.qualifications import ensure_qualification_presets

        install_after_migrate(self, ensure_qualification_presets)
