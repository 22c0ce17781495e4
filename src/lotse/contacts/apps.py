from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContactsConfig(AppConfig):
    name = "lotse.contacts"
    label = "contacts"
    verbose_name = _("Contacts")

    def ready(self) -> None:
        from lotse.contacts.outcomes import ensure_outcome_presets
        from lotse.contacts.rulesets import ensure_presets
        from lotse.core.apps import install_after_migrate

        install_after_migrate(self, lambda: (ensure_presets(), ensure_outcome_presets()))
