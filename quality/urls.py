from django.urls import path

from . import views

app_name = "quality"

urlpatterns = [
    path("", views.index, name="index"),
    path("fund.csv", views.findings_csv, name="csv"),
    path("koer/", views.start_run, name="run"),
    path("afvigelse/", views.accept_deviation, name="accept"),
    path("afvigelse/<int:pk>/tilbagetraek/", views.withdraw_deviation, name="withdraw"),
]
