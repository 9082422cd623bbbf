"""The FHIR R4 API under /fhir/ (fhir.views)."""

from django.urls import path, re_path

from . import views, views_history

app_name = "fhir"
urlpatterns = [
    path("metadata", views.metadata, name="metadata"),
    path("Organization", views.organization_search, name="organization_search"),
    path("Organization/_history", views_history.organization_history, name="organization_history"),
    path("Organization/<str:sor_id>", views.organization_read, name="organization"),
    path(
        "Organization/<str:sor_id>/_history",
        views_history.organization_instance_history,
        name="organization_instance_history",
    ),
    path("Endpoint", views.endpoint_search, name="endpoint_search"),
    path("Endpoint/_history", views_history.endpoint_history, name="endpoint_history"),
    path("Endpoint/<str:gln>", views.endpoint_read, name="endpoint"),
    # Anything else under /fhir/ is an OperationOutcome 404, not the HTML page.
    re_path(r"^(?P<path>.*)$", views.no_such_path, name="not_found"),
]
