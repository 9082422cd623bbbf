"""{% dar_status address %}: whether an address shown in the GUI is validated in DAR."""

from django import template
from django.conf import settings
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def dar_status(address):
    """ "Valideret i DAR" for an address with DAR identities; "Ikke valideret" for one without
    while the national register is the configured provider (with the offline provider no
    address can be validated, so nothing is said)."""
    if address is None or not hasattr(address, "is_dar_validated"):
        return ""
    if address.is_dar_validated:
        return format_html(' <span class="sor-note sor-dar sor-dar--ok">{}</span>', address.dar_label)
    if getattr(settings, "ADDRESS_PROVIDER", "offline") == "adressevaelger":
        return format_html(' <span class="sor-note sor-dar sor-dar--pending">{}</span>', address.dar_label)
    return ""
