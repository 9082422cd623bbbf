"""Every write of a lokationsnummer (GLN, R6): create, message types (MedCom), move, close (and
the removal of closed numbers the day after), EDI attributes. The one module that writes
`LocationNumber`, its SOR-tillæg (`LocationNumberExtra`) and its closures; every action code
is `exchange.location_number.<verb>` (the object type stays `hierarchy.location_number`, the
model's app). It lives in exchange, beside the closure and SOR-tillæg models: exchange imports
the register, never the reverse. What a unit's move or close does to lokationsnumre (the impact,
the inherited number) is the unit services' (`hierarchy.services.gln`).

Like every service: keyword-only arguments with the acting user first (None = the system, a
command that declared itself with `audit_context`), the permission check from
`hierarchy.permissions`, then checks and effects in one transaction with the audit event, under
the register's tree lock (one per IE), so a GLN change never interleaves with a move or close of
the units involved. Municipal administrators only read lokationsnumre (R6): creating, moving,
closing and changing a number needs SDS, its message types SDS or MedCom.
"""

import logging
from datetime import date, timedelta

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from audit import services as audit
from hierarchy import permissions
from hierarchy.identifiers import gln_problem
from hierarchy.models import LocationNumber, Unit
from hierarchy.policy import fmt, today
from hierarchy.services import (
    NoChanges,
    location_impact,
    locked_unit,
    locked_units,
    require_reason,
    root_sor_id,
)

from .models import LocationNumberClosure, LocationNumberExtra

logger = logging.getLogger(__name__)

OBJECT_TYPE = "hierarchy.location_number"
CREATE = "exchange.location_number.create"
SET_MESSAGE_TYPES = "exchange.location_number.set_message_types"
MOVE = "exchange.location_number.move"
CLOSE = "exchange.location_number.close"
APPLY_CLOSE = "exchange.location_number.apply_close"
UPDATE = "exchange.location_number.update"

MSG_GLN_TAKEN = "Lokationsnummeret {gln} er allerede i brug i SOR."
MSG_GLN_EXISTS = "Enheden har allerede lokationsnummeret {gln}."
MSG_CLOSED_GLN = "Lokationsnummeret {gln} har været brugt og er lukket pr. {day}; det kan ikke genbruges."
MSG_GLN_STALE = (
    "Lokationsnummerets meddelelsestyper er blevet ændret af en anden, siden du åbnede siden. "
    "Intet er gemt: se de nye meddelelsestyper og prøv igen."
)
MSG_SAME_UNIT = "Lokationsnummeret {gln} ligger allerede på {unit}."
MSG_TARGET_HAS_GLN = "{unit} har allerede sit eget lokationsnummer ({gln}). Flyt eller luk det først."
MSG_TARGET_CLOSED = "{unit} er lukket pr. {day}. Vælg en aktiv enhed."
MSG_ALREADY_CLOSING = "Lokationsnummeret {gln} er allerede lukket pr. {day}."
MSG_ATTRIBUTE = "Ukendt oplysning på et lokationsnummer: {name}."

LOCATION_FIELDS = ("system_supplier", "communication_supplier", "only_internal", "note")


def gln_snapshot(number: LocationNumber) -> dict:
    extra = LocationNumberExtra.objects.filter(location_number=number).first()
    data = {
        "gln": number.gln,
        "unit": number.unit.sor_id,
        "unit_name": number.unit.name,
        "message_types": sorted(t.urn for t in number.message_types.all()),
        **{name: getattr(number, name) for name in LOCATION_FIELDS},
    }
    if extra is not None:
        for name in LocationNumberExtra.EXTRA_FIELDS:
            value = getattr(extra, name)
            data[name] = value.isoformat() if isinstance(value, date) else value
    return data


def _record(
    actor: User | None, action: str, gln: str, unit: Unit, *, reason, before, after, effective_date=None, **kw
):
    audit.record(
        actor=actor,
        action=action,
        object_type=OBJECT_TYPE,
        object_id=gln,
        object_repr=f"{gln} på {unit.name}",
        scope_id=root_sor_id(unit),
        effective_date=effective_date,
        reason=reason,
        before=before,
        after=after,
        **kw,
    )


def _locked_number(location_number: LocationNumber, *also: Unit) -> LocationNumber:
    """The register's one lock protocol (`hierarchy.services.locked_units`) for a number: take
    the tree locks of the number's unit (and of `also`), read under them, and re-read whenever
    something moved meanwhile: the unit to another tree (`locked_units` locks that one too) or
    the number to another unit (then that unit's tree is locked in turn). Returns the number,
    locked, with its unit read under the lock; `also` read afresh as `number.also`."""
    unit_id = LocationNumber.objects.filter(pk=location_number.pk).values_list("unit_id", flat=True).get()
    while True:
        unit, *others = locked_units(Unit(pk=unit_id), *also, addresses=False)
        number = LocationNumber.objects.select_for_update().get(pk=location_number.pk)
        if number.unit_id == unit.pk:
            number.unit = unit
            number.also = others
            return number
        unit_id = number.unit_id  # the number moved to another unit meanwhile


def pending_closure(gln: str) -> LocationNumberClosure | None:
    """SDS's closing record of `gln`, if it was ever closed: a closed GLN is never handed out
    again (GS1)."""
    return LocationNumberClosure.objects.filter(gln=gln).first()


def location_number_create(
    *, actor: User | None, unit: Unit, gln: str, message_types=(), reason: str = "", **attributes
) -> LocationNumber:
    """Give the unit its own lokationsnummer (SDS)."""
    if actor is not None:
        permissions.require_can_manage_location_numbers(actor)
    problem = gln_problem(gln)
    if problem:
        raise ValidationError({"gln": problem})
    with transaction.atomic():
        unit = locked_unit(unit)
        if LocationNumber.objects.filter(gln=gln).exists():
            raise ValidationError({"gln": MSG_GLN_TAKEN.format(gln=gln)})
        closure = pending_closure(gln)
        if closure is not None:
            raise ValidationError({"gln": MSG_CLOSED_GLN.format(gln=gln, day=fmt(closure.closing_date))})
        existing = LocationNumber.objects.filter(unit=unit).first()
        if existing is not None:
            raise ValidationError({"unit": MSG_GLN_EXISTS.format(gln=existing.gln)})
        require_reason("create", reason)
        number = LocationNumber.objects.create(gln=gln, unit=unit, **attributes)
        number.message_types.set(message_types)
        _record(actor, CREATE, gln, unit, reason=reason, before=None, after=gln_snapshot(number))
    return number


def location_number_set_message_types(
    *,
    actor: User | None,
    location_number: LocationNumber,
    message_types,
    reason: str = "",
    expected_message_types=None,
) -> LocationNumber:
    """Replace the number's message types (SDS or MedCom). `expected_message_types` (the ids the
    caller saw when it opened the number) guards against overwriting someone else's newer change."""
    if actor is not None:
        permissions.require_can_manage_message_types(actor)
    with transaction.atomic():
        number = _locked_number(location_number)
        current = set(number.message_types.values_list("pk", flat=True))
        if expected_message_types is not None and set(expected_message_types) != current:
            raise ValidationError(MSG_GLN_STALE, code="stale")
        message_types = list(message_types)
        if {t.pk for t in message_types} == current:
            raise NoChanges()
        require_reason("update", reason)
        before = gln_snapshot(number)
        number.message_types.set(message_types)
        _record(
            actor,
            SET_MESSAGE_TYPES,
            number.gln,
            number.unit,
            reason=reason,
            before=before,
            after=gln_snapshot(number),
        )
    return number


def location_number_move(
    *, actor: User | None, location_number: LocationNumber, new_unit: Unit, reason: str
) -> LocationNumber:
    """Put the GLN on another unit (SDS). Its message types go with it; the units that
    inherited it through the old unit now inherit from their next ancestor instead (the impact
    is in the audit event)."""
    if actor is not None:
        permissions.require_can_manage_location_numbers(actor)
    require_reason("move", reason)
    with transaction.atomic():
        number = _locked_number(location_number, new_unit)
        [new_unit] = number.also
        old_unit = number.unit
        if new_unit.pk == old_unit.pk:
            raise ValidationError({"new_unit": MSG_SAME_UNIT.format(gln=number.gln, unit=new_unit.name)})
        existing = LocationNumber.objects.filter(unit=new_unit).first()
        if existing is not None:
            raise ValidationError(
                {"new_unit": MSG_TARGET_HAS_GLN.format(unit=new_unit.name, gln=existing.gln)}
            )
        if new_unit.valid_to is not None and new_unit.valid_to < today():
            raise ValidationError(
                {"new_unit": MSG_TARGET_CLOSED.format(unit=new_unit.name, day=fmt(new_unit.valid_to))}
            )
        closure = pending_closure(number.gln)
        if closure is not None:
            raise ValidationError(
                {"gln": MSG_ALREADY_CLOSING.format(gln=number.gln, day=fmt(closure.closing_date))}
            )
        impact = location_impact(old_unit, closing=True)
        before = gln_snapshot(number)
        number.unit = new_unit
        number.save(update_fields=["unit"])
        after = {**gln_snapshot(number), "from_unit": old_unit.sor_id, "impact": impact}
        _record(actor, MOVE, number.gln, new_unit, reason=reason, before=before, after=after)
    return number


def location_number_close(
    *, actor: User | None, location_number: LocationNumber, closing_date: date | None = None, reason: str
) -> LocationNumberClosure:
    """Close the GLN (SDS): `closing_date` (default today) is its last valid day. A date before
    today takes it off its unit at once; otherwise `location_number_apply_closures` does so the
    day after. The closure is kept, so the GLN is never reused."""
    if actor is not None:
        permissions.require_can_manage_location_numbers(actor)
    require_reason("close", reason)
    closing_date = closing_date or today()
    with transaction.atomic():
        number = _locked_number(location_number)
        existing = pending_closure(number.gln)
        if existing is not None:
            raise ValidationError(
                {"closing_date": MSG_ALREADY_CLOSING.format(gln=number.gln, day=fmt(existing.closing_date))}
            )
        unit = number.unit
        before = gln_snapshot(number)
        impact = location_impact(unit, closing=True)
        closure = LocationNumberClosure.objects.create(
            gln=number.gln,
            unit_sor_id=unit.sor_id,
            closing_date=closing_date,
            reason=reason,
            snapshot=before,
            created_by=actor if actor is not None and actor.pk else None,
        )
        removed = closing_date < today()
        if removed:
            _remove(number, closure)
        _record(
            actor,
            CLOSE,
            closure.gln,
            unit,
            reason=reason,
            before=before,
            after={"closing_date": closing_date.isoformat(), "removed": removed, "impact": impact},
            effective_date=closing_date,
        )
    return closure


def _remove(number: LocationNumber, closure: LocationNumberClosure) -> None:
    number.message_types.clear()
    number.delete()
    closure.applied_at = timezone.now()
    closure.save(update_fields=["applied_at"])


MSG_CLOSURE_FAILED = (
    "Lokationsnummer {gln}: lukningen kunne ikke gennemføres på grund af en uventet fejl ({error}); "
    "nummeret står stadig på sin enhed. Fejlen er logget: kontakt driften."
)


def location_number_apply_closures(*, on: date | None = None, problems: list[str] | None = None) -> int:
    """Take every GLN whose last valid day has passed off its unit, each in its own transaction
    under its unit's tree lock. Safe to run twice. With `problems` (the nightly run), a closure
    that fails unexpectedly is rolled back and reported there in Danish, and the others go on."""
    on = on or today()
    done = 0
    due = LocationNumberClosure.objects.filter(applied_at__isnull=True, closing_date__lt=on)
    for closure_id, gln in list(due.values_list("pk", "gln")):
        try:
            done += _apply_closure(closure_id)
        except Exception as exc:
            if problems is None:
                raise
            logger.exception("Lukning af lokationsnummer %s kunne ikke gennemføres", gln)
            problems.append(MSG_CLOSURE_FAILED.format(gln=gln, error=type(exc).__name__))
    return done


def _apply_closure(closure_id: int) -> bool:
    with transaction.atomic():
        found = LocationNumber.objects.filter(
            gln=LocationNumberClosure.objects.filter(pk=closure_id).values("gln")[:1]
        ).first()
        try:  # the tree lock before the closure's row, as every other writer takes them
            number = _locked_number(found) if found is not None else None
        except LocationNumber.DoesNotExist:  # removed by another run meanwhile
            number = None
        closure = LocationNumberClosure.objects.select_for_update().get(pk=closure_id)
        if closure.applied_at is not None:
            return False
        if number is None:
            closure.applied_at = timezone.now()
            closure.save(update_fields=["applied_at"])
            return False
        before = gln_snapshot(number)
        unit = number.unit
        _remove(number, closure)
        _record(
            None,
            APPLY_CLOSE,
            closure.gln,
            unit,
            actor_name="system:lokationsnummer",
            effective_date=closure.closing_date + timedelta(days=1),
            reason="Lukket lokationsnummer fjernet efter sidste gyldige dag.",
            before=before,
            after=None,
        )
        return True


def location_number_update(
    *, actor: User | None, location_number: LocationNumber, reason: str = "", **values
) -> LocationNumber:
    """Change the GLN's EDI attributes (SDS): system/communication supplier, only-internal, note,
    and the SOR attributes kept beside it (system type, region code, EDI administrator, …).
    Nothing is written, and nothing audited, when no value changes."""
    if actor is not None:
        permissions.require_can_manage_location_numbers(actor)
    unknown = set(values) - set(LOCATION_FIELDS) - set(LocationNumberExtra.EXTRA_FIELDS)
    if unknown:
        raise ValidationError(MSG_ATTRIBUTE.format(name=", ".join(sorted(unknown))))
    with transaction.atomic():
        number = _locked_number(location_number)
        extra = LocationNumberExtra.objects.filter(location_number=number).first()
        own = {k: v for k, v in values.items() if k in LOCATION_FIELDS and getattr(number, k) != v}
        extra_values = {k: v for k, v in values.items() if k in LocationNumberExtra.EXTRA_FIELDS}
        if extra is None:
            extra_changes = {k: v for k, v in extra_values.items() if v not in ("", None, False)}
        else:
            extra_changes = {k: v for k, v in extra_values.items() if getattr(extra, k) != v}
        if not own and not extra_changes:
            return number
        require_reason("update", reason)
        before = gln_snapshot(number)
        for key, value in own.items():
            setattr(number, key, value)
        if own:
            number.save(update_fields=list(own))
        if extra_changes:
            extra = extra or LocationNumberExtra(location_number=number)
            for key, value in extra_changes.items():
                setattr(extra, key, value)
            extra.save()
        _record(
            actor,
            UPDATE,
            number.gln,
            number.unit,
            reason=reason,
            before=before,
            after={**gln_snapshot(number), "changed_fields": sorted({*own, *extra_changes})},
        )
    return number
