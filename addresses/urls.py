from django.urls import path

from . import views

app_name = "addresses"
urlpatterns = [
    path("postnumre/", views.postal_codes, name="postal_codes"),
    path("postnumre/options/", views.postal_code_options, name="postal_code_options"),
    path("postnummer/", views.postal_code_lookup, name="postal_code_lookup"),
    path("postnummer/by/", views.postal_code_name, name="postal_code_name"),
    path("veje/", views.streets, name="streets"),
    path("veje/options/", views.street_options, name="street_options"),
    path("soeg/", views.address_search, name="address_search"),
    path("husnumre/", views.house_numbers, name="house_numbers"),
    path("husnumre/options/", views.house_number_options, name="house_number_options"),
    path("dar/", views.dar_lookup, name="dar_lookup"),
]
