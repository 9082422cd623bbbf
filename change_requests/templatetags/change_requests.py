"""{% request_button unit %}: the "Anmod om ændring" link on a unit's panel, for the changes the
user may not make alone (services.requestable_kinds); {% request_pointer %}: the same way out
where a unit action is refused (issue 25: the request replaces the e-mail to SDS)."""

from django import template
from django.urls import reverse
from django.utils.html import format_html

from change_requests import services
from hierarchy.models import Unit
from sor_admin import authority

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
        '<p class="mt-5"><a class="button button-secondary" href="{}">Anmod om ændring</a></p>'
        '<p class="form-hint">Det, du ikke selv kan ændre her, sender du som en anmodning til '
        "{} i stedet for en e-mail.</p>",
        reverse("change_requests:new", args=[unit.sor_id]),
        authority.fill("{medcom_or_authority}"),
    )


# The unit actions (hierarchy/urls.py) and the request that asks for each instead.
ACTION_KINDS = {"unit_edit": "rediger", "unit_create": "opret", "unit_move": "flyt", "unit_close": "luk"}


@register.simple_tag(takes_context=True)
def request_pointer(context) -> str:
    """On the refusal of a unit action (the 403 page, also inside the details panel): the way to
    ask for the change instead, where the user may ask for it. The refusal's own text (from
    hierarchy.permissions) keeps its e-mail address as the fallback."""
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    if match is None or match.namespace != "hierarchy" or match.url_name not in ACTION_KINDS:
        return ""
    unit = Unit.objects.filter(sor_id=match.kwargs.get("sor_id", "")).first()
    kind = ACTION_KINDS[match.url_name]
    if unit is None or kind not in services.requestable_kinds(request.user, unit):
        return ""
    return format_html(
        '<p class="mt-5" id="request-pointer">I stedet for en e-mail kan du anmode om ændringen her i '
        "SOR Admin. {} behandler anmodningen, og du kan følge den under "
        'Anmodninger.</p><p><a class="button button-secondary" href="{}?type={}">Anmod om ændring</a></p>',
        authority.authority_name(),
        reverse("change_requests:new", args=[unit.sor_id]),
        kind,
    )
