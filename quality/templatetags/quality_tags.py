"""The Kvalitetstjek in the unit panel: `{% unit_findings unit %}` in the Detaljer tab shows the
unit's open findings from the newest run that covered its kommune, to those who may see that
kommune's findings on /kvalitet/ (SDS and support: all; a municipal administrator: the own
kommune's units)."""

from django import template

from hierarchy import permissions

from ..selectors import unit_findings as findings_of

register = template.Library()


def may_see(user, unit) -> bool:
    if permissions.is_sds(user) or permissions.is_support(user):
        return True
    return permissions.is_municipal_admin(user) and permissions.in_scope(user, unit)


@register.inclusion_tag("quality/_unit_findings.html", takes_context=True)
def unit_findings(context, unit):
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not may_see(user, unit):
        return {"shown": False}
    found = findings_of(unit)
    # A finding links to the tab that fixes it only where the panel offers this user that tab
    # (a municipal administrator has no Rediger OE on an IE): never a link to a refusal.
    offered = {t["label"]: t["url"] for t in context.get("tabs") or []}
    rows = [(rule, finding, offered.get(rule.tab_label)) for rule, finding in found.findings]
    return {"shown": found.run is not None, "run": found.run, "findings": rows, "unit": unit}
