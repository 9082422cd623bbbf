from django.urls import path

from . import views

app_name = "reorganisation"
urlpatterns = [
    path("", views.package_list, name="list"),
    path("forhaandsvisning/", views.package_preview, name="preview"),
    path("gem/", views.package_store, name="store"),
    path("<int:pk>/", views.package_detail, name="detail"),
    # the step-by-step builder: its draft is in the session until the preview's "Gem"
    path("ny/", views.draft, name="draft"),
    path("ny/operation/", views.draft_add, name="draft_add"),
    path("ny/operation/fjern/", views.draft_remove, name="draft_remove"),
    path("ny/kasser/", views.draft_discard, name="draft_discard"),
    path("ny/forhaandsvisning/", views.draft_preview, name="draft_preview"),
    path("ny/planfil/", views.draft_download, name="draft_download"),
    path("ny/indlaes/", views.draft_load, name="draft_load"),
]
