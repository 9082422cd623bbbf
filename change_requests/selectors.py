"""Reads of the Anmodninger: who sees which (the requester, the administrators of its kommune,
the deciding team), the queue with its filters and counts, a request's difference against the
unit on the requested date, what changed since filing, and its own history."""

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet

from addresses.models import Address, PostalCode
from addresses.text import address_line
from audit import registry
from audit.models import AuditEvent
from hierarchy import permissions
from hierarchy.dates import today
from hierarchy.models import EdiMessageType, LocationNumber, Unit, UnitType, UnitVersion
from hierarchy.snapshots import unit_snapshot, version_snapshot

from . import audit_actions as codes
from .models import ChangeRequest

Kind = ChangeRequest.Kind
Team = ChangeRequest.Team

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
    "new_parent": "Overliggende enhed",
    "valid_to": "Ophørsdato",
    "gln": "Lokationsnummer",
    "message_types": "Meddelelsestyper",
}


def teams_of(user: Any) -> list[str]:
    """The queues the user decides."""
    teams: list[str] = []
    if permissions.is_sds(user):
        teams.append(Team.SDS)
    if permissions.is_medcom(user):
        teams.append(Team.MEDCOM)
    return teams


def visible(user: Any) -> QuerySet[ChangeRequest]:
    """Every request the user may see."""
    if not getattr(user, "is_authenticated", False):
        return ChangeRequest.objects.none()
    match = Q(requester=user) | Q(team__in=teams_of(user))
    if permissions.is_municipal_admin(user):
        match |= Q(owner_id__in=user.sor_scopes.values("institution_owner_id"))
    return ChangeRequest.objects.filter(match).select_related("unit", "owner", "requester", "reviewer")


@dataclass
class Filters:
    status: str = ""
    kind: str = ""
    kommune: str = ""  # the owner IE's SOR-kode
    open_only: bool = False


def listing(user: Any, filters: Filters) -> tuple[list[ChangeRequest], dict[str, int]]:
    """The requests shown and the counts by status (before the status filter). A team's queue
    is oldest first (first come, first served); a requester's own list newest first."""
    qs = visible(user)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.kommune:
        qs = qs.filter(owner__sor_id=filters.kommune)
    counts = Counter(qs.values_list("status", flat=True))
    if filters.status:
        qs = qs.filter(status=filters.status)
    elif filters.open_only:
        qs = qs.filter(status__in=ChangeRequest.OPEN)
    ordering = ["created_at", "pk"] if teams_of(user) else ["-created_at", "-pk"]
    return list(qs.order_by(*ordering)[:500]), {s: counts.get(s, 0) for s, _ in ChangeRequest.Status.choices}


def kommuner(user: Any) -> QuerySet[Unit]:
    """The kommuner (IEs) of the requests the user sees, for the filter."""
    return Unit.objects.filter(pk__in=visible(user).values("owner_id")).order_by("name")


def _type_name(code: Any) -> str:
    return UnitType.objects.filter(code=str(code or "")).values_list("name", flat=True).first() or str(
        code or ""
    )


def _types(urns: list[str]) -> str:
    return ", ".join(str(t) for t in EdiMessageType.objects.filter(urn__in=urns)) or "–"


def _unit_name(sor_id: str) -> str:
    unit = Unit.objects.filter(sor_id=sor_id).first()
    return f"{unit.name} ({unit.sor_id})" if unit is not None else sor_id


# A Rediger or Opret proposal holds the address groups as the real form has them
# (hierarchy.forms.UnitForm, hierarchy.services.UnitData): the postadresse an address or None
# (none); the besøgs- and aktivitetsadresse None for "samme som" (postadresse, besøgsadresse),
# else their own address ({} if left empty, which the service refuses).
ADDRESS_KEYS = ("postal_address", "visiting_address", "activity_address")
SAME_AS = {"visiting_address": "Samme som postadresse", "activity_address": "Samme som besøgsadresse"}
ADDRESS_PARTS = ("postal_code", "street_name", "house_number", "floor", "door")


def address_value(address: Address | None) -> dict[str, str] | None:
    return address.as_dict() if address is not None else None


def unit_values(unit: Unit | UnitVersion, kind: str) -> dict[str, Any]:
    """The proposable attributes of a unit of `kind` (or one of its versions) as a proposal
    holds them."""
    values: dict[str, Any] = {
        "name": unit.name,
        "unit_type": unit.unit_type_id or "",
        "phone": unit.phone,
        "email": unit.email,
        "website": unit.website,
        "postal_address": address_value(unit.postal_address),
        "visiting_address": None
        if unit.visiting_same_as_postal
        else address_value(unit.visiting_address) or {},
    }
    if kind == Unit.Kind.ORGANISATIONAL_UNIT:
        values["activity_address"] = (
            None if unit.activity_same_as_visiting else address_value(unit.activity_address) or {}
        )
    return values


def same_address(a: Any, b: Any) -> bool:
    """Do two address values of a proposal name the same address (the confirmation of an unknown
    street name is how it was typed, not part of the address)?"""
    if a is None or b is None:
        return a is b
    return all(str(a.get(p) or "").strip() == str(b.get(p) or "").strip() for p in ADDRESS_PARTS)


def _address_shown(key: str, value: Any) -> str:
    if value is None:
        return SAME_AS.get(key, "–")
    if not any(value.get(p) for p in ADDRESS_PARTS):
        return "–"
    nr = str(value.get("postal_code") or "")
    city = PostalCode.objects.filter(nr=nr).values_list("name", flat=True).first() or ""
    street, house_number, floor, door = (str(value.get(p) or "") for p in ADDRESS_PARTS[1:])
    return address_line(street, house_number, floor, door, nr, city)


def _shown(key: str, value: Any) -> str:
    if key in ADDRESS_KEYS:
        return _address_shown(key, value)
    if key == "unit_type":
        return _type_name(value)
    if key == "message_types":
        return _types(list(value or []))
    if key == "new_parent":
        return _unit_name(str(value))
    if key == "kind":
        return dict(Unit.Kind.choices).get(value, str(value))
    return str(value) if value not in (None, "") else "–"


@dataclass
class DiffRow:
    key: str
    label: str
    on_date: str
    proposed: str
    differs: bool


def day_of(request: ChangeRequest) -> date:
    return request.applied_date or request.effective_date or today()


def diff(request: ChangeRequest, day: date | None = None) -> list[DiffRow]:
    """The proposal against the unit as it is on `day` (default the requested date)."""
    day = day or day_of(request)
    unit = request.unit
    version = (
        UnitVersion.objects.filter(unit=unit, valid_from__lte=day)
        .exclude(valid_to__lt=day)
        .select_related("parent", "postal_address", "visiting_address", "activity_address")
        .first()
    )
    rows: list[tuple[str, str, str]] = []
    if request.kind == Kind.EDIT:
        current = unit_values(version, unit.kind) if version is not None else {}
        for key, value in request.proposed.items():
            rows.append((key, _shown(key, current.get(key, "")), _shown(key, value)))
    elif request.kind == Kind.CREATE:
        rows = [(key, "–", _shown(key, value)) for key, value in request.proposed.items()]
    elif request.kind == Kind.MOVE:
        parent = version.parent if version is not None else None
        now = f"{parent.name} ({parent.sor_id})" if parent is not None else "–"
        rows.append(("new_parent", now, _shown("new_parent", request.proposed.get("new_parent"))))
    elif request.kind == Kind.CLOSE:
        rows.append(
            (
                "valid_to",
                unit.valid_to.strftime("%d-%m-%Y") if unit.valid_to else "–",
                day.strftime("%d-%m-%Y"),
            )
        )
    else:
        number = LocationNumber.objects.filter(unit=unit).prefetch_related("message_types").first()
        current = {
            "gln": number.gln if number else "–",
            "message_types": [t.urn for t in number.message_types.all()] if number else [],
        }
        for key, value in request.proposed.items():
            rows.append((key, _shown(key, current[key]), _shown(key, value)))
    return [DiffRow(key, LABELS.get(key, key), now, new, now != new) for key, now, new in rows]


def snapshot_on(unit: Unit, day: date) -> dict[str, Any] | None:
    """The unit's version in force on `day` as the audit trail writes a version, or None."""
    version = UnitVersion.objects.filter(unit=unit, valid_from__lte=day).exclude(valid_to__lt=day).first()
    return version_snapshot(version) if version is not None else None


def _changed_rows(
    then: dict[str, Any] | None, now: dict[str, Any] | None, suffix: str
) -> list[tuple[str, str, str]]:
    then, now = then or {}, now or {}
    rows = []
    for key in dict.fromkeys([*then, *now]):
        if key.endswith("_name") or then.get(key) == now.get(key):
            continue
        shown = [
            registry.render_value("hierarchy.unit", key, v) or "–" for v in (then.get(key), now.get(key))
        ]
        rows.append((registry.field_label("hierarchy.unit", key) + suffix, shown[0], shown[1]))
    return rows


def changes_since_filing(request: ChangeRequest) -> list[tuple[str, str, str]]:
    """(what, when filed, now) of each value of the unit that has changed since filing: today's
    values, the version on the requested date, and for a lokationsnummer request its number."""
    unit = Unit.objects.select_related("parent", "unit_type").get(pk=request.unit_id)
    state = request.unit_state
    rows = _changed_rows(state.get("unit"), unit_snapshot(unit), " (i dag)")
    if request.effective_date is not None and "on_date" in state:
        day = request.effective_date
        rows += _changed_rows(state["on_date"], snapshot_on(unit, day), f" (pr. {day.strftime('%d-%m-%Y')})")
    if request.kind in (Kind.LOCATION_NUMBER, Kind.MESSAGE_TYPES):
        number = LocationNumber.objects.filter(unit=unit).prefetch_related("message_types").first()
        now = {
            "gln": number.gln if number else None,
            "message_types": sorted(t.urn for t in number.message_types.all()) if number else [],
        }
        for key in ("gln", "message_types"):
            if state.get(key) != now[key]:
                rows.append((LABELS[key], _shown(key, state.get(key)), _shown(key, now[key])))
    if not rows and unit.revision != request.unit_revision:
        rows.append(
            ("Enhedens udgave (ændret på andre datoer)", str(request.unit_revision), str(unit.revision))
        )
    return rows


def history(request: ChangeRequest) -> QuerySet[AuditEvent]:
    """The request's own events, oldest first, with the change an approval made: its Begrundelse
    names the request (`services.change_reason`)."""
    own = Q(object_type=codes.OBJECT_TYPE, after__request=request.pk)
    change = Q(reason__startswith=f"Anmodning {request.number} fra ") & ~Q(object_type=codes.OBJECT_TYPE)
    return AuditEvent.objects.filter(own | change).order_by("seq")
