"""The read API for systems, under /api/ (see openapi.py)."""

from django.urls import path, re_path

from . import api

app_name = "exchange"
urlpatterns = [
    path("openapi.json", api.openapi, name="api_openapi"),
    path("enheder/", api.unit_search, name="api_search"),
    path("enheder/<str:sor_id>/", api.unit_detail, name="api_unit"),
    path("enheder/<str:sor_id>/underenheder/", api.unit_children, name="api_children"),
    path("aendringer/", api.changes, name="api_changes"),
    # Last: anything else under /api/ that ends in a slash is a JSON 404, not the HTML page. Paths
    # without the slash are left unmatched, so APPEND_SLASH still redirects /api/enheder as before.
    re_path(r"^(?P<path>(?:.*/)?)$", api.no_such_path, name="api_not_found"),
]
