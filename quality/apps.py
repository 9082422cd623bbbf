from django.apps import AppConfig


class QualityConfig(AppConfig):
    name = "quality"
    verbose_name = "Kvalitetstjek"

    def ready(self):
        from . import audit_actions

        audit_actions.register()
