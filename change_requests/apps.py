from django.apps import AppConfig


class ChangeRequestsConfig(AppConfig):
    name = "change_requests"
    verbose_name = "Anmodninger"

    def ready(self):
        from . import audit_actions

        audit_actions.register()
