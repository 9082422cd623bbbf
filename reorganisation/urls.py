from django.urls import path

from . import views

app_name = "reorganisation"
urlpatterns = [
    path("", views.package_list, name="list"),
    path("forhaandsvisning/", views.package_preview, name="preview"),
    path("gem/", views.package_store, name="store"),
    path("<int:pk>/", views.package_detail, name="detail"),
]
