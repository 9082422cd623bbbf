"""The details panel: a unit with its inherited addresses and contact, its lokationsnummer and
its planned changes, in a fixed number of queries."""

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet

from addresses.models import Address

from .. import inheritance
from ..dates import today
from ..models import LocationNumber, Unit, UnitVersion

_ADDRESS_RELATED = tuple(f"{name}__postal_code" for name in Unit.ADDRESS_FIELDS)


@dataclass
class UnitDetails:
    unit: Unit
    ancestors: list[Unit]
    postal_address: inheritance.Value
    visiting_address: inheritance.Value
    activity_address: inheritance.Value | None
    contact: inheritance.Value  # value: an inheritance.Contact
    location_number: LocationNumber | None
    location_number_inherited: bool
    message_types: list
    pending_versions: list[UnitVersion]
    today: date

    @property
    def is_future(self) -> bool:
        return self.unit.valid_from > self.today

    @property
    def is_closed(self) -> bool:
        return self.unit.valid_to is not None and self.unit.valid_to < self.today

    @property
    def closes(self) -> bool:
        return self.unit.valid_to is not None and self.unit.valid_to >= self.today


def details_queryset(*, addresses: bool = True) -> QuerySet[Unit]:
    """Units with their type and parent, and (`addresses`) their addresses joined in. Without,
    `unit_details` loads them together with its ancestors' in one short query: six joins cost
    more to plan and compile than the row costs to read."""
    related = ("unit_type", "parent", "node", *(_ADDRESS_RELATED if addresses else ()))
    return Unit.objects.select_related(*related)


def unit_by_sor_id(sor_id: str, *, addresses: bool = True) -> Unit:
    """The unit as `details_queryset` loads it; Unit.DoesNotExist if none has the code."""
    return details_queryset(addresses=addresses).get(sor_id=sor_id)


def _load_addresses(units: list[Unit]) -> None:
    """Give every unit not yet holding them its three addresses (with postal codes), in one
    query for all of them."""
    fields = [Unit._meta.get_field(name) for name in Unit.ADDRESS_FIELDS]
    pending = [u for u in units if not all(f.is_cached(u) for f in fields)]
    ids = {getattr(u, f.attname) for u in pending for f in fields} - {None}
    found = Address.objects.select_related("postal_code").in_bulk(ids) if ids else {}
    for unit in pending:
        for f in fields:
            setattr(unit, f.name, found.get(getattr(unit, f.attname)))


def inherited_location_number(unit: Unit, ancestors: list[Unit] | None = None) -> LocationNumber | None:
    """The unit's own lokationsnummer, else the nearest ancestor's (R6, `inheritance`): a read, so
    the details panel and the services' impact of a move (`services.location_impact`) share it.
    `ancestors` (IE first) when the caller has them loaded; either way one query."""
    if ancestors is None:
        # One query (the services' move impact asks twice per move): the numbers on the unit and
        # its ancestors, nearest first; a unit without a number cannot be the one R6 picks.
        numbers = list(
            LocationNumber.objects.filter(unit__in=unit.ancestors(include_self=True))
            .select_related("unit")
            .order_by("-unit__node__level")
        )
        lineage = [n.unit_id for n in numbers]
    else:
        lineage = [unit.pk, *(a.pk for a in reversed(ancestors))]
        numbers = list(LocationNumber.objects.filter(unit_id__in=lineage).select_related("unit"))
    return inheritance.lineage_location_number(lineage, {n.unit_id: n for n in numbers})


def unit_details(unit: Unit, *, on: date | None = None) -> UnitDetails:
    """Everything the details panel shows, with inherited values resolved (R6 and the SOR
    address and contact rules of `hierarchy.inheritance`). Five queries after the unit itself
    (ancestors, their addresses, lokationsnummer, its message types, planned changes), whatever
    the tree's size."""
    on = on or today()
    ancestors = list(unit.ancestors())
    _load_addresses([unit, *ancestors])
    effective = inheritance.resolve([unit, *reversed(ancestors)], kind=unit.kind)

    number = inherited_location_number(unit, ancestors)
    message_types = list(number.message_types.all()) if number is not None else []
    # A future unit's first version is its start, shown as "Fremtidig", not as a change.
    pending = list(
        UnitVersion.objects.filter(unit=unit, valid_from__gt=max(on, unit.valid_from))
        .select_related("parent", "unit_type")
        .order_by("valid_from")
    )
    return UnitDetails(
        unit=unit,
        ancestors=ancestors,
        postal_address=effective.postal_address,
        visiting_address=effective.visiting_address,
        activity_address=effective.activity_address,
        contact=effective.contact,
        location_number=number,
        location_number_inherited=number is not None and number.unit_id != unit.pk,
        message_types=message_types,
        pending_versions=pending,
        today=on,
    )
