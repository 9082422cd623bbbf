from django.contrib import admin

from sor_admin.admin_base import ReadOnlyAdmin

from .models import Reorganisation


@admin.register(Reorganisation)
class ReorganisationAdmin(ReadOnlyAdmin):
    """Read only: packages are stored, applied and withdrawn through reorganisation.services
    (the Omstruktureringer pages and the commands), never edited here."""

    list_display = ("name", "case_number", "effective_date", "status", "created_by")
    list_filter = ("status",)
    search_fields = ("name", "case_number")
