from django.apps import AppConfig


class ReorganisationConfig(AppConfig):
    name = "reorganisation"
    verbose_name = "Omstruktureringer"

    def ready(self):
        from . import audit_actions

        audit_actions.register()
