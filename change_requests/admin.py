"""Anmodninger in the Django admin: read-only (every write is a service with its audit event)."""

from django.contrib import admin

from .models import ChangeRequest


@admin.register(ChangeRequest)
class ChangeRequestAdmin(admin.ModelAdmin):
    list_display = ("pk", "kind", "unit", "status", "team", "requester", "created_at")
    list_filter = ("status", "team", "kind")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
