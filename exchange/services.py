"""Lokationsnumre (GLN) maintained by SDS: move to another unit, close, change the EDI
attributes. Creating a GLN and setting its message types (MedCom) are `hierarchy.services`'
`location_number_create` and `location_number_set_message_types`.

Like every service: keyword-only arguments with the acting user first (None = the system, a
command that declared itself with `audit_context`), the permission check from
`hierarchy.permissions`, then checks and effects in one transaction with the audit event.
Municipal administrators only read lokationsnumre (R6), so every write here needs SDS.
"""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from audit import services as audit
from hierarchy import permissions
from hierarchy.models import LocationNumber, Unit

# The register's own tree lock (one per IE), so a GLN change never interleaves with a move or
# close of the units involved.
from hierarchy.services import location_impact, lock_trees, root_sor_id, today

from .models import LocationNumberClosure, LocationNumberExtra

MSG_REASON_REQUIRED = "Angiv en begrundelse."
MSG_SAME_UNIT = "Lokationsnummeret {gln} ligger allerede på {unit}."
MSG_TARGET_HAS_GLN = "{unit} har allerede sit eget lokationsnummer ({gln}). Flyt eller luk det først."
MSG_TARGET_CLOSED = "{unit} er lukket pr. {day}. Vælg en aktiv enhed."
MSG_ALREADY_CLOSING = "Lokationsnummeret {gln} er allerede lukket pr. {day}."
MSG_CLOSED_GLN = "Lokationsnummeret {gln} har været brugt og er lukket pr. {day}; det kan ikke genbruges."
MSG_ATTRIBUTE = "Ukendt oplysning på et lokationsnummer: {name}."

LOCATION_FIELDS = ("system_supplier", "communication_supplier", "only_internal", "note")


def _fmt(day: date) -> str:
    return day.strftime("%d-%m-%Y")


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


def _require_reason(reason: str) -> None:
    if not (reason or "").strip():
        raise ValidationError({"reason": MSG_REASON_REQUIRED})


def _record(actor, action: str, number_gln: str, unit: Unit, *, reason, before, after, effective_date=None):
    audit.record(
        actor=actor,
        action=action,
        object_type="hierarchy.location_number",
        object_id=number_gln,
        object_repr=f"{number_gln} på {unit.name}",
        scope_id=root_sor_id(unit),
        effective_date=effective_date,
        reason=reason,
        before=before,
        after=after,
    )


def pending_closure(gln: str) -> LocationNumberClosure | None:
    return LocationNumberClosure.objects.filter(gln=gln).first()


def location_number_move(
    *, actor, location_number: LocationNumber, new_unit: Unit, reason: str
) -> LocationNumber:
    """Put the GLN on another unit (SDS). Its message types go with it; the units that
    inherited it through the old unit now inherit from their next ancestor instead (the impact
    is in the audit event)."""
    if actor is not None:
        permissions.require_can_manage_location_numbers(actor)
    _require_reason(reason)
    with transaction.atomic():
        number = LocationNumber.objects.select_related("unit").get(pk=location_number.pk)
        lock_trees(number.unit.tree_id, new_unit.tree_id)
        number = LocationNumber.objects.select_for_update().select_related("unit").get(pk=number.pk)
        new_unit = Unit.objects.get(pk=new_unit.pk)
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
                {"new_unit": MSG_TARGET_CLOSED.format(unit=new_unit.name, day=_fmt(new_unit.valid_to))}
            )
        closure = pending_closure(number.gln)
        if closure is not None:
            raise ValidationError(
                {"gln": MSG_ALREADY_CLOSING.format(gln=number.gln, day=_fmt(closure.closing_date))}
            )
        impact = location_impact(old_unit, closing=True)
        before = gln_snapshot(number)
        number.unit = new_unit
        number.save(update_fields=["unit"])
        after = {**gln_snapshot(number), "from_unit": old_unit.sor_id, "impact": impact}
        _record(
            actor,
            "exchange.location_number.move",
            number.gln,
            new_unit,
            reason=reason,
            before=before,
            after=after,
        )
    return number


def location_number_close(
    *, actor, location_number: LocationNumber, closing_date: date | None = None, reason: str
) -> LocationNumberClosure:
    """Close the GLN (SDS): `closing_date` (default today) is its last valid day. A date before
    today takes it off its unit at once; otherwise `location_number_apply_closures` does so the
    day after. The closure is kept, so the GLN is never reused."""
    if actor is not None:
        permissions.require_can_manage_location_numbers(actor)
    _require_reason(reason)
    closing_date = closing_date or today()
    with transaction.atomic():
        number = LocationNumber.objects.select_related("unit").get(pk=location_number.pk)
        lock_trees(number.unit.tree_id)
        number = LocationNumber.objects.select_for_update().select_related("unit").get(pk=number.pk)
        existing = pending_closure(number.gln)
        if existing is not None:
            raise ValidationError(
                {"closing_date": MSG_ALREADY_CLOSING.format(gln=number.gln, day=_fmt(existing.closing_date))}
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
            "exchange.location_number.close",
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


def location_number_apply_closures(*, on: date | None = None) -> int:
    """Take every GLN whose last valid day has passed off its unit. Safe to run twice."""
    on = on or today()
    done = 0
    due = LocationNumberClosure.objects.filter(applied_at__isnull=True, closing_date__lt=on)
    for closure_id in list(due.values_list("pk", flat=True)):
        with transaction.atomic():
            closure = LocationNumberClosure.objects.select_for_update().get(pk=closure_id)
            if closure.applied_at is not None:
                continue
            number = LocationNumber.objects.select_related("unit").filter(gln=closure.gln).first()
            if number is None:
                closure.applied_at = timezone.now()
                closure.save(update_fields=["applied_at"])
                continue
            lock_trees(number.unit.tree_id)
            before = gln_snapshot(number)
            _remove(number, closure)
            audit.record(
                actor=None,
                actor_name="system:lokationsnummer",
                action="exchange.location_number.apply_close",
                object_type="hierarchy.location_number",
                object_id=closure.gln,
                object_repr=f"{closure.gln} på {number.unit.name}",
                scope_id=root_sor_id(number.unit),
                effective_date=closure.closing_date + timedelta(days=1),
                reason="Lukket lokationsnummer fjernet efter sidste gyldige dag.",
                before=before,
                after=None,
            )
            done += 1
    return done


def location_number_update(
    *, actor, location_number: LocationNumber, reason: str = "", **values
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
        number = LocationNumber.objects.select_related("unit").get(pk=location_number.pk)
        lock_trees(number.unit.tree_id)
        number = LocationNumber.objects.select_for_update().select_related("unit").get(pk=number.pk)
        extra = LocationNumberExtra.objects.filter(location_number=number).first()
        own = {k: v for k, v in values.items() if k in LOCATION_FIELDS and getattr(number, k) != v}
        extra_values = {k: v for k, v in values.items() if k in LocationNumberExtra.EXTRA_FIELDS}
        if extra is None:
            extra_changes = {k: v for k, v in extra_values.items() if v not in ("", None, False)}
        else:
            extra_changes = {k: v for k, v in extra_values.items() if getattr(extra, k) != v}
        if not own and not extra_changes:
            return number
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
            "exchange.location_number.update",
            number.gln,
            number.unit,
            reason=reason,
            before=before,
            after={**gln_snapshot(number), "changed_fields": sorted({*own, *extra_changes})},
        )
    return number
