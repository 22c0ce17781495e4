from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "lotse.agreements"
    verbose_name = _("Integration agreements")

    def ready(self) -> None:
        from lotse.agreements.rules import ensure_agreement_rules
        from lotse.core.apps import install_after_migrate

        install_after_migrate(self, ensure_agreement_rules)
