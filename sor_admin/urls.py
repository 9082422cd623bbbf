from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("adresser/", include("addresses.urls")),
    path("api/", include("exchange.urls")),
    path("udveksling/", include("exchange.download_urls")),
    path("aendringslog/", include("auditlog.urls")),
    path("omstruktureringer/", include("reorganisation.urls")),
    path("login/", include("accounts.urls")),
    path("", include("hierarchy.urls")),
]
