from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoutingConfig(AppConfig):
    name = "lotse.routing"
    label = "routing"
    verbose_name = _("Routing")

    def ready(self) -> None:
        from lotse.core.apps import install_after_migrate
        from lotse.routing.rulesets import ensure_default_rule_set

        install_after_migrate(self, ensure_default_rule_set)
