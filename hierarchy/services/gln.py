"""What unit writes do to lokationsnumre (R6, R7): the inherited GLN, the impact of a move or a
close, and the message-type lookup. The GLN writes are in `exchange/location_numbers.py`."""

from typing import Any

from django.core.exceptions import ValidationError

from .. import inheritance
from ..models import EdiMessageType, LocationNumber, Unit
from ..selectors.details import inherited_location_number
from .messages import ImpactConfirmationRequired

# --- lokationsnummer impact (R6, R7) --------------------------------------------------------


def _inheritors(unit: Unit) -> list[Unit]:
    """Descendants that inherit their lokationsnummer through `unit` (no own GLN on the way)."""
    descendants = list(unit.descendants().select_related("location_number"))
    # R6 within the subtree (`unit` itself left out): whoever finds no number below `unit`
    # takes the one `unit` has or passes down.
    parent = {d.pk: d.parent_id for d in descendants}
    own = {d.pk: d.location_number for d in descendants if hasattr(d, "location_number")}
    from_below = inheritance.location_numbers(parent, parent, own)
    return [d for d in descendants if from_below[d.pk] is None]


def _gln_info(number: LocationNumber | None) -> dict[str, Any] | None:
    if number is None:
        return None
    return {
        "gln": number.gln,
        "unit": number.unit.name,
        "unit_sor_id": number.unit.sor_id,
        "message_types": [str(t) for t in number.message_types.all()],
    }


def location_impact(
    unit: Unit, *, new_parent: Unit | None = None, closing: bool = False
) -> dict[str, Any] | None:
    """What a move (to new_parent) or a close does to lokationsnumre; None when nothing."""
    own = getattr(unit, "location_number", None) if hasattr(unit, "location_number") else None
    impact: dict[str, Any] = {"own": _gln_info(own), "before": None, "after": None, "subunits": []}
    if own is not None:
        impact["subunits"] = [{"name": u.name, "sor_id": u.sor_id} for u in _inheritors(unit)]
        return impact
    if closing:
        return None
    before = inherited_location_number(unit)
    after = inherited_location_number(new_parent) if new_parent is not None else None
    if (before and before.pk) == (after and after.pk):
        return None
    inheritors = _inheritors(unit)
    impact["before"] = _gln_info(before)
    impact["after"] = _gln_info(after)
    impact["subunits"] = [{"name": unit.name, "sor_id": unit.sor_id}] + [
        {"name": u.name, "sor_id": u.sor_id} for u in inheritors
    ]
    return impact


def _gln_text(info: dict[str, Any] | None) -> str:
    if info is None:
        return "intet"
    types = info["message_types"]
    return f"{info['gln']} fra {info['unit']}" + (f" ({', '.join(types)})" if types else "")


def impact_lines(impact: dict[str, Any]) -> list[str]:
    """The impact of `location_impact` as Danish sentences, for pages that show it as text (the
    admin); the GUI's panel shows the same (templates/hierarchy/panels/_impact.html)."""
    lines = []
    own = impact.get("own")
    if own is not None:
        types = own["message_types"]
        lines.append(
            f"Enheden har sit eget lokationsnummer {own['gln']}"
            + (f" med meddelelsestyperne {', '.join(types)}." if types else ".")
        )
    if impact.get("before") or impact.get("after"):
        lines.append(f"Lokationsnummer før: {_gln_text(impact.get('before'))}.")
        lines.append(f"Lokationsnummer efter: {_gln_text(impact.get('after'))}.")
    if impact.get("subunits"):
        names = ", ".join(f"{u['name']} ({u['sor_id']})" for u in impact["subunits"])
        lines.append(f"Berørte enheder: {names}.")
    lines.append("Intet er gemt endnu. Sæt kryds for at bekræfte, at du har set konsekvenserne, og gem igen.")
    return lines


def message_types_by_code(*codes: str) -> list[EdiMessageType]:
    """The newest listed version of each named message type (e.g. "XDIS19")."""
    found = []
    for code in codes:
        match = EdiMessageType.objects.filter(code=code).order_by("-version").first()
        if match is None:
            raise ValidationError(f"Ukendt meddelelsestype: {code}")
        found.append(match)
    return found


def confirmed_impact(
    unit: Unit, *, confirm: bool, new_parent: Unit | None = None, closing: bool = False
) -> dict[str, Any] | None:
    """The impact of a move or close on lokationsnumre (R7); refused until the caller confirms it."""
    impact = location_impact(unit, new_parent=new_parent, closing=closing)
    if impact is not None and not confirm:
        raise ImpactConfirmationRequired(impact)
    return impact
