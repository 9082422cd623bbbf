from django.urls import path

from . import views

app_name = "audit"
urlpatterns = [
    path("", views.log, name="log"),
    path("csv/", views.log_csv, name="log_csv"),
    path("<int:seq>/", views.event_detail, name="event_detail"),
]
