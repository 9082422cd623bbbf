from django.apps import AppConfig


class AddressesConfig(AppConfig):
    name = "addresses"
    verbose_name = "Adresser"

    def ready(self):
        from . import checks  # noqa: F401  (registers the settings check)
