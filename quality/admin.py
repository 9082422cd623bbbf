from django.contrib import admin

from sor_admin.admin_base import ReadOnlyAdmin

from .models import QualityRun


@admin.register(QualityRun)
class QualityRunAdmin(ReadOnlyAdmin):
    """Read only: runs are written by quality.runs (the /kvalitet/ page and manage.py
    kvalitetstjek) and never changed afterwards."""

    list_display = ("started_at", "day", "municipality", "source", "started_by", "total", "duration_ms")
    list_filter = ("municipality",)
    exclude = ("counts",)
    readonly_fields = ("started_at", "day", "municipality", "source", "started_by", "total", "duration_ms")
