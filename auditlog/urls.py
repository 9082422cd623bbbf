from django.urls import path

from . import views

# The namespace stays "audit": the header and the pages link to audit:log (README.md: the URLs are public).
app_name = "audit"
urlpatterns = [
    path("", views.log, name="log"),
    path("csv/", views.log_csv, name="log_csv"),
    path("<int:seq>/", views.event_detail, name="event_detail"),
]
