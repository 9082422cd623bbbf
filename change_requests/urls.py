from django.urls import path

from . import views

app_name = "change_requests"

urlpatterns = [
    path("", views.index, name="index"),
    path("ny/<str:sor_id>/", views.new_request, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/<str:step>/", views.step, name="step"),
]
