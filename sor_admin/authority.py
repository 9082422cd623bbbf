"""Who runs SOR, as the product names them: the authority (today Sundhedsdatastyrelsen), MedCom
and their addresses, all settings (sor_admin/settings/base.py). From 1 January 2027
Sundhedsdatastyrelsen and MedCom become part of Digital Sundhed Danmark; the operator then sets
SOR_AUTHORITY_NAME, SOR_MEDCOM_NAME and the e-mail settings (README, "Configuration") and no
text in the code changes.

Messages name them with placeholders, {authority}, {authority_s} (genitive), {medcom},
{medcom_or_authority}, {support_email}, {medcom_email}, filled from the settings when shown
(`text`), so a test's or a deployment's settings are the ones the user reads."""

from django.conf import settings
from django.utils.functional import lazy


def authority_name() -> str:
    return str(settings.SOR_AUTHORITY_NAME)


def medcom_name() -> str:
    return str(settings.SOR_MEDCOM_NAME)


def genitive(name: str) -> str:
    """Danish genitive of a name: "Sundhedsdatastyrelsens", "Digital Sundhed Danmarks"."""
    return f"{name}'" if name[-1:].lower() in {"s", "x", "z"} else f"{name}s"


def names() -> dict[str, str]:
    authority, medcom = authority_name(), medcom_name()
    return {
        "authority": authority,
        "authority_s": genitive(authority),
        "medcom": medcom,
        # One name when both are the same organisation (Digital Sundhed Danmark from 2027).
        "medcom_or_authority": medcom if medcom == authority else f"{medcom} eller {authority}",
        "support_email": str(settings.SOR_SUPPORT_EMAIL),
        "medcom_email": str(settings.SOR_MEDCOM_EMAIL),
        "support_or_medcom_email": (
            f"{settings.SOR_SUPPORT_EMAIL} eller {settings.SOR_MEDCOM_EMAIL}"
            if str(settings.SOR_SUPPORT_EMAIL).lower() != str(settings.SOR_MEDCOM_EMAIL).lower()
            else str(settings.SOR_SUPPORT_EMAIL)
        ),
    }


class _KeepOthers(dict):
    """Leaves the message's own placeholders ({unit}, {day} …) for its .format()."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def fill(template: str) -> str:
    """The template with the authority's names and addresses of the current settings."""
    return template.format_map(_KeepOthers(names()))


# For module-level messages: filled from the settings each time the message is shown.
text = lazy(fill, str)
