from django.apps import AppConfig
from django.db.models.signals import post_migrate


class HierarchyConfig(AppConfig):
    name = "hierarchy"
    verbose_name = "SOR-register"

    def ready(self):
        from . import audit_actions
        from .roles import ensure_groups

        audit_actions.register()

        post_migrate.connect(ensure_groups, sender=self, dispatch_uid="hierarchy.ensure_groups")
