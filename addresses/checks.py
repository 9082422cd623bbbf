from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Warning, register

from .providers import RETIRED_PROVIDERS


@register()
def address_provider_settings(app_configs, **kwargs):
    name = getattr(settings, "ADDRESS_PROVIDER", "offline")
    if name in RETIRED_PROVIDERS:
        return [
            Warning(
                f"ADDRESS_PROVIDER er {name!r}: DAWA lukkede 1. oktober 2026, og der findes ingen "
                "DAWA-kompatibel offentlig tjeneste længere. Adresseopslag bruger nu det lokale register.",
                hint="Sæt SOR_ADDRESS_PROVIDER=adressevaelger (Adressevælgeren, med SOR_ADDRESS_TOKEN) "
                "eller offline.",
                id="addresses.W003",
            )
        ]
    if name not in ("offline", "adressevaelger"):
        return [
            Error(
                f"ADDRESS_PROVIDER er {name!r}.",
                hint="Brug 'offline' (standard) eller 'adressevaelger' (SOR_ADDRESS_PROVIDER).",
                id="addresses.E001",
            )
        ]
    base_url = getattr(settings, "ADDRESS_HTTP_BASE_URL", "")
    if name == "adressevaelger" and base_url and urlsplit(base_url).scheme not in ("http", "https"):
        return [
            Error(
                "ADDRESS_PROVIDER er 'adressevaelger', men ADDRESS_HTTP_BASE_URL er ikke en http(s)-adresse.",
                hint="Sæt SOR_ADDRESS_HTTP_BASE_URL til fx https://adressevaelger.dk, eller lad den være tom.",
                id="addresses.E002",
            )
        ]
    return []
