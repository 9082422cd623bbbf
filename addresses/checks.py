from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, register


@register()
def address_provider_settings(app_configs, **kwargs):
    name = getattr(settings, "ADDRESS_PROVIDER", "offline")
    if name not in ("offline", "http"):
        return [
            Error(
                f"ADDRESS_PROVIDER er {name!r}.",
                hint="Brug 'offline' (standard) eller 'http' (SOR_ADDRESS_PROVIDER).",
                id="addresses.E001",
            )
        ]
    if name == "http" and urlsplit(getattr(settings, "ADDRESS_HTTP_BASE_URL", "")).scheme not in (
        "http",
        "https",
    ):
        return [
            Error(
                "ADDRESS_PROVIDER er 'http', men ADDRESS_HTTP_BASE_URL er ikke en http(s)-adresse.",
                hint="Sæt SOR_ADDRESS_HTTP_BASE_URL til en DAWA-kompatibel tjeneste, fx https://adresser.example.dk.",
                id="addresses.E002",
            )
        ]
    return []
