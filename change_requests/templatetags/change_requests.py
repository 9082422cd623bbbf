"""{% request_button unit %}: the "Anmod om ændring" link on a unit's panel, for the changes the
user may not make alone (services.requestable_kinds)."""

from django import template
from django.urls import reverse
from django.utils.html import format_html

from change_requests import services

register = template.Library()


@register.simple_tag(takes_context=True)
def request_button(context, unit, details=None) -> str:
    """`details`: the panel's `hierarchy.selectors.UnitDetails`, whose lokationsnummer is read
    already (so the button costs no query of its own)."""
    request = context.get("request")
    if request is None or unit is None:
        return ""
    own = None
    if details is not None:
        own = details.location_number is not None and not details.location_number_inherited
    if not services.requestable_kinds(request.user, unit, has_own_number=own):
        return ""
    return format_html(
        '<p class="mt-5"><a class="button button-secondary" href="{}">Anmod om ændring</a></p>',
        reverse("change_requests:new", args=[unit.sor_id]),
    )
