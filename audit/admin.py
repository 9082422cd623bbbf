from django.contrib import admin
from django.http import HttpRequest

from sor_admin.admin_base import ReadOnlyAdmin

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """Read-only: the trail is written by services and never edited."""

    list_display = ("seq", "occurred_at", "actor_name", "action", "object_repr", "effective_date")
    list_filter = ("action", "source")
    search_fields = ("object_id", "object_repr", "actor_name", "reason", "request_id")
    date_hierarchy = "occurred_at"
    show_full_result_count = False

    def get_readonly_fields(self, request: HttpRequest, obj: AuditEvent | None = None) -> list[str]:
        return [f.name for f in self.model._meta.fields]
