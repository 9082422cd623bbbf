from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Log ind"

    def ready(self):
        from . import audit_actions, checks  # noqa: F401  (checks register themselves)

        audit_actions.register()
