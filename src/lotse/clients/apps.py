from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClientsConfig(AppConfig):
    name = "lotse.clients"
    label = "clients"
    verbose_name = _("Clients")

    def ready(self) -> None:
        from lotse.clients.services import ensure_profile_mapping
        from lotse.core.apps import install_after_migrate

        install_after_migrate(self, ensure_profile_mapping)
