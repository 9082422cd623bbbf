"""Read-only views of the address register: it changes only through the shipped data and
`manage.py import_streets`, which records each import in the audit trail."""

from django.contrib import admin

from sor_admin.admin_base import ReadOnlyAdmin

from .models import PostalCode, Street


@admin.register(PostalCode)
class PostalCodeAdmin(ReadOnlyAdmin):
    list_display = ["nr", "name", "is_large_volume_receiver", "streets_complete"]
    list_filter = ["streets_complete", "is_large_volume_receiver"]
    search_fields = ["nr", "name"]


@admin.register(Street)
class StreetAdmin(ReadOnlyAdmin):
    list_display = ["name", "municipality_code", "code", "source"]
    list_filter = ["source"]
    search_fields = ["name", "municipality_code", "code"]
