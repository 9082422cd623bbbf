from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    name = "exchange"
    verbose_name = "SOR-dataudveksling"

    def ready(self):
        from . import audit_actions

        audit_actions.register()
