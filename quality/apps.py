from django.apps import AppConfig


class QualityConfig(AppConfig):
    name = "quality"
    verbose_name = "Kvalitetstjek"

    def ready(self):
        from hierarchy import consequences

        from . import audit_actions, impact

        audit_actions.register()
        consequences.register(impact.consequence_lines)
