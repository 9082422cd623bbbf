from django.contrib import admin

from .models import Reorganisation


@admin.register(Reorganisation)
class ReorganisationAdmin(admin.ModelAdmin):
    """Read only: packages are stored, applied and withdrawn through reorganisation.services
    (the Omstruktureringer pages and the commands), never edited here."""

    list_display = ("name", "case_number", "effective_date", "status", "created_by")
    list_filter = ("status",)
    search_fields = ("name", "case_number")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
