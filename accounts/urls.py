from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("oidc/", views.oidc_login, name="oidc_login"),
    path("oidc/svar/", views.oidc_callback, name="oidc_callback"),
]
