from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = "Ændringslog"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the deploy check)
