"""What each kind of request asks, and how it is carried out: through the register's own
services (`hierarchy.services`, `exchange.location_numbers`), never around them. Filing runs the
same call as a dry run (written, then rolled back), so a request is refused with the service's
own Danish messages at once, and approval makes the same call for real as the reviewer."""

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from addresses.services import AddressInput
from exchange import location_numbers
from hierarchy import services as hierarchy
from hierarchy.models import EdiMessageType, LocationNumber, Unit, UnitType, UnitVersion
from hierarchy.snapshots import unit_snapshot

from . import selectors
from .models import ChangeRequest

Kind = ChangeRequest.Kind
Team = ChangeRequest.Team

# Who carries out each kind: the team whose role the register's services require for it
# (hierarchy.permissions). IE/SI data, moves and closes are SDS's; message types MedCom's. A new
# lokationsnummer goes to SDS: only SDS may create one (R6, require_can_manage_location_numbers),
# although the slides sent lokationsnumre to MedCom's mailbox (README, "Anmodninger").
TEAM = {
    Kind.EDIT: Team.SDS,
    Kind.CREATE: Team.SDS,
    Kind.MOVE: Team.SDS,
    Kind.CLOSE: Team.SDS,
    Kind.LOCATION_NUMBER: Team.SDS,
    Kind.MESSAGE_TYPES: Team.MEDCOM,
}
DATED = {Kind.EDIT, Kind.CREATE, Kind.MOVE, Kind.CLOSE}
GLN_KINDS = {Kind.LOCATION_NUMBER, Kind.MESSAGE_TYPES}

# The attributes a Rediger request may propose, each approvable on its own: those of the real
# Rediger form (hierarchy.forms.UnitForm), an address group with its "samme som" as one field
# (selectors.ADDRESS_KEYS says how a proposal holds it).
TEXT_FIELDS = ("name", "unit_type", "phone", "email", "website")
EDIT_FIELDS = (*TEXT_FIELDS, *selectors.ADDRESS_KEYS)
CREATE_FIELDS = ("kind", *EDIT_FIELDS)
KEYS = {
    Kind.EDIT: EDIT_FIELDS,
    Kind.CREATE: CREATE_FIELDS,
    Kind.MOVE: ("new_parent",),
    Kind.CLOSE: (),
    Kind.LOCATION_NUMBER: ("gln", "message_types"),
    Kind.MESSAGE_TYPES: ("message_types",),
}
LABELS = {
    "kind": "Niveau",
    "name": "Navn",
    "unit_type": "Enhedstype",
    "phone": "Telefonnummer",
    "email": "E-mail",
    "website": "Hjemmeside",
    "postal_address": "Postadresse",
    "visiting_address": "Besøgsadresse",
    "activity_address": "Aktivitetsadresse",
    "parent": "Overliggende enhed",
    "new_parent": "Ny overliggende enhed",
    "valid_to": "Ophørsdato",
    "gln": "Lokationsnummer",
    "message_types": "Meddelelsestyper",
}

MSG_NO_PARENT = "Der findes ingen enhed med SOR-koden {value}."
MSG_NO_OWN_GLN = (
    "Enheden har intet eget lokationsnummer, så der er ingen meddelelsestyper at ændre. "
    "Anmod om et lokationsnummer, eller vælg enheden, der bærer nummeret."
)
MSG_UNKNOWN_TYPES = "Ukendte meddelelsestyper: {values}."


class _DryRun(Exception):
    """Raised to roll a dry run back."""


def dry_run(call: Callable[[], Any]) -> None:
    """Run `call` (a service call) in a savepoint and roll it back: its refusals come out as the
    service raises them; nothing it wrote (versions, audit events, ids) stays."""
    try:
        with transaction.atomic():
            call()
            raise _DryRun
    except _DryRun:
        return


def version_on(unit: Unit, day: date) -> UnitVersion | Unit:
    """The unit's version in force on `day` (its attributes and parent then), else the unit."""
    version = (
        UnitVersion.objects.filter(unit=unit, valid_from__lte=day)
        .exclude(valid_to__lt=day)
        .select_related("unit_type", "parent", "postal_address", "visiting_address", "activity_address")
        .first()
    )
    return version if version is not None else unit


def _unit_type(code: Any) -> UnitType | None:
    return UnitType.objects.filter(code=str(code or "")).first()


def _message_types(urns: list[str]) -> list[EdiMessageType]:
    found = list(EdiMessageType.objects.filter(urn__in=urns))
    missing = sorted(set(urns) - {t.urn for t in found})
    if missing:
        raise ValidationError({"message_types": MSG_UNKNOWN_TYPES.format(values=", ".join(missing))})
    return found


def _data(base: Any, values: dict[str, Any]) -> hierarchy.UnitData:
    """UnitData of `base` (a unit or version) with `values` (proposed, JSON-native) put in."""
    data = (
        hierarchy.UnitData.from_unit(base)
        if base is not None
        else hierarchy.UnitData(name="", unit_type=None)
    )
    changes: dict[str, Any] = {}
    for key, value in values.items():
        if key == "unit_type":
            changes[key] = _unit_type(value)
        elif key == "postal_address":
            changes[key] = AddressInput.from_dict(value)
        elif key == "visiting_address":
            changes["visiting_same_as_postal"] = value is None
            changes[key] = AddressInput.from_dict(value)
        elif key == "activity_address":
            changes["activity_same_as_visiting"] = value is None
            changes[key] = AddressInput.from_dict(value)
        elif key in TEXT_FIELDS:
            changes[key] = str(value or "")
    return replace(data, **changes)


def locked(kind: str, unit: Unit, proposed: dict[str, Any]) -> Unit:
    """Take the tree locks the change needs, all at once and in order (a move's new parent's
    tree too), and return the unit read under them. The service's own locks are then the same
    ones again, so a request never waits for one tree while holding another."""
    target = (
        Unit.objects.filter(sor_id=str(proposed.get("new_parent", ""))).first() if kind == Kind.MOVE else None
    )
    if target is not None and target.pk != unit.pk:
        return hierarchy.locked_units(unit, target)[0]
    return hierarchy.locked_unit(unit)


def own_number(unit: Unit) -> LocationNumber:
    number = LocationNumber.objects.filter(unit=unit).first()
    if number is None:
        raise ValidationError({"message_types": MSG_NO_OWN_GLN})
    return number


def carry_out(
    kind: str,
    unit: Unit,
    proposed: dict[str, Any],
    *,
    actor: User | None,
    day: date | None,
    reason: str,
    fields: list[str] | None = None,
    confirm_impact: bool = True,
) -> None:
    """Make the change through the register's service, as `actor` (None: the system, for the
    dry run of a filing). `fields`: the Rediger fields to carry out (default all proposed).
    `confirm_impact`: a move's or close's consequences for lokationsnumre have been seen (the
    reviewer's to confirm; a filing does not ask the requester)."""
    if kind == Kind.EDIT:
        assert day is not None
        chosen = {k: v for k, v in proposed.items() if fields is None or k in fields}
        data = _data(version_on(unit, day), chosen)
        hierarchy.unit_update(actor=actor, unit=unit, data=data, effective_date=day, reason=reason)
    elif kind == Kind.CREATE:
        values = {k: v for k, v in proposed.items() if k != "kind"}
        data = _data(None, values)
        hierarchy.unit_create(
            actor=actor, kind=proposed.get("kind", ""), parent=unit, data=data, valid_from=day, reason=reason
        )
    elif kind == Kind.MOVE:
        sor_id = str(proposed.get("new_parent", ""))
        new_parent = Unit.objects.filter(sor_id=sor_id).first()
        if new_parent is None:
            raise ValidationError({"new_parent": MSG_NO_PARENT.format(value=sor_id)})
        assert day is not None
        hierarchy.unit_move(
            actor=actor,
            unit=unit,
            new_parent=new_parent,
            effective_date=day,
            reason=reason,
            confirm_impact=confirm_impact,
        )
    elif kind == Kind.CLOSE:
        hierarchy.unit_close(
            actor=actor, unit=unit, closing_date=day, reason=reason, confirm_impact=confirm_impact
        )
    elif kind == Kind.LOCATION_NUMBER:
        location_numbers.location_number_create(
            actor=actor,
            unit=unit,
            gln=str(proposed.get("gln", "")),
            message_types=_message_types(list(proposed.get("message_types", []))),
            reason=reason,
        )
    elif kind == Kind.MESSAGE_TYPES:
        location_numbers.location_number_set_message_types(
            actor=actor,
            location_number=own_number(unit),
            message_types=_message_types(list(proposed.get("message_types", []))),
            reason=reason,
        )
    else:
        raise ValueError(f"unknown request kind {kind!r}")


def may_do_it_oneself(
    kind: str, unit: Unit, proposed: dict[str, Any], *, actor: User, day: date | None, reason: str
) -> bool:
    """Would the register's service accept this change from `actor` now? Then it is no request."""
    try:
        dry_run(lambda: carry_out(kind, unit, proposed, actor=actor, day=day, reason=reason))
    except (PermissionDenied, ValidationError):
        return False
    return True


def unit_state(unit: Unit, day: date | None) -> dict[str, Any]:
    """The unit as a request finds it: today's snapshot, its version on the requested `day`, and
    its own lokationsnummer."""
    number = LocationNumber.objects.filter(unit=unit).prefetch_related("message_types").first()
    return {
        "unit": unit_snapshot(unit),
        "on_date": selectors.snapshot_on(unit, day) if day is not None else None,
        "gln": number.gln if number is not None else None,
        "message_types": sorted(t.urn for t in number.message_types.all()) if number is not None else [],
    }


def changed_since(request: ChangeRequest, unit: Unit) -> bool:
    """Has the unit (or, for a lokationsnummer request, its number) changed since filing?"""
    if unit.revision != request.unit_revision:
        return True
    if request.kind in GLN_KINDS:
        now = unit_state(unit, None)
        return (now["gln"], now["message_types"]) != (
            request.unit_state.get("gln"),
            request.unit_state.get("message_types", []),
        )
    return False
