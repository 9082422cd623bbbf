from django.contrib import admin
from django.urls import include, path

from accounts.views import LoginView, LogoutView
from fhir.views_docs import developers
from sor_admin import authority
from sor_admin.ui import views as ui_views

# The Django admin (SDS and MedCom) is part of the same product: its name, Danish titles and a
# link back to the GUI (templates/admin/base_site.html).
admin.site.site_header = authority.text("SOR Admin — {authority}")
admin.site.site_title = "SOR Admin"
admin.site.index_title = "Administration af registeret"
admin.site.site_url = "/"

handler500 = "sor_admin.ui.views.server_error"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("adresser/", include("addresses.urls")),
    path("api/", include("exchange.urls")),
    path("fhir/", include("fhir.urls")),
    path("udveksling/", include("exchange.download_urls")),
    path("aendringslog/", include("auditlog.urls")),
    path("omstruktureringer/", include("reorganisation.urls")),
    path("kvalitet/", include("quality.urls")),
    path("anmodninger/", include("change_requests.urls")),
    # Signing in and out is the project's, not the register's: the URLconf is the one module that
    # wires every app (hierarchy imports no accounts).
    path("login/", LoginView.as_view(), name="login"),
    path("logout/", LogoutView.as_view(), name="logout"),
    path("login/", include("accounts.urls")),
    path("tilgaengelighed/", ui_views.accessibility_statement, name="accessibility"),
    path("udviklere/", developers, name="developers"),
    path("session/forlaeng/", ui_views.session_keepalive, name="session_keepalive"),
    path("", include("hierarchy.urls")),
]
