from django.apps import AppConfig


class AddressesConfig(AppConfig):
    name = "addresses"
    verbose_name = "Adresser"

    def ready(self):
        from . import audit_actions, checks  # noqa: F401  (checks registers the settings check)

        audit_actions.register()
