"""Downloads for SDS staff, the lokationsnummer pages and the API's page for people, under
/udveksling/."""

from django.urls import path

from . import views

app_name = "exchange_gui"
urlpatterns = [
    path("", views.index, name="index"),
    path("sor.xml", views.download_sor_xml, name="sor_xml"),
    path("sor-entity.csv", views.download_sor_entity_csv, name="sor_entity_csv"),
    path("sor-edi.csv", views.download_edi_csv, name="edi_csv"),
    path("api/", views.api_doc, name="api_doc"),
    path("lokationsnumre/", views.location_numbers, name="location_numbers"),
    path("lokationsnumre/<str:gln>/", views.location_number_detail, name="location_number"),
]
