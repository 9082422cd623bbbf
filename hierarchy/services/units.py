"""The four unit actions: create (R2), update from a date (R3), move (R4, R7), close (R5, R7)."""

from datetime import date, timedelta
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db.models import Field

from .. import permissions, policy
from ..dates import fmt, today
from ..identifiers import sor_id_problem
from ..models import Municipality, Unit, UnitType, UnitVersion
from ..periods import open_after, open_on
from ..policy import (
    CLOSE_MIN_DAYS,
    CREATE_DEFAULT_DAYS,
    check_movable,
    check_not_closing,
    check_open_on,
    check_parent_alive,
    check_parent_for,
    first_allowed_day,
)
from ..snapshots import unit_snapshot
from .gln import confirmed_impact
from .locking import locked_for, next_sor_id
from .messages import (
    MSG_BEFORE_START,
    MSG_CLOSE_DATE_MIN,
    MSG_CLOSE_OPEN_CHILDREN,
    MSG_CLOSE_PENDING,
    MSG_DATE_PAST,
    MSG_MOVE_DATE_MIN,
    MSG_MOVE_DESCENDANT,
    MSG_MOVE_OTHER_KOMMUNE,
    MSG_MOVE_SAME_PARENT,
    MSG_MOVE_SELF,
    MSG_MUNICIPALITY_TAKEN,
    MSG_SOR_ID_TAKEN,
    NoChanges,
)
from .validation import UnitData, check_strict, clean_data, reports_missing_reason, require_reason
from .versions import audit_unit, change_from, covering_version, ordered_versions, set_last_day

# --- create ---------------------------------------------------------------------------------


@reports_missing_reason("create")
def unit_create(
    *,
    actor: User | None,
    kind: str,
    parent: Unit | None,
    data: UnitData,
    valid_from: date | None = None,
    reason: str = "",
    sor_id: str | None = None,
    owner_type: UnitType | None = None,
    municipality: Municipality | None = None,
    is_municipal_communication: bool = False,
    strict: bool = True,
    form_key: str | None = None,
) -> Unit:
    """Create an IE, SI or OE (R1, R2). Municipal administrators create only OEs under their own
    kommune, from today at the earliest; the default date is today + 7. `strict=False` is for
    system imports only (see `clean_data`). `form_key`: the GUI form's key; a second submit of
    it raises `AlreadySubmitted` with the unit the first created (`sor_admin.submissions`)."""
    check_strict(actor, strict)
    lock = locked_for(actor, parent, policy.CREATE, kind=kind)
    if valid_from is None:
        valid_from = today() + timedelta(days=CREATE_DEFAULT_DAYS)
    first = first_allowed_day("create", actor)
    if first is not None and valid_from < first:
        raise ValidationError({"valid_from": MSG_DATE_PAST.format(today=fmt(first))})
    if sor_id is not None:
        problem = sor_id_problem(sor_id)
        if problem:
            raise ValidationError({"sor_id": problem})
    check_parent_for(kind, parent)
    if kind == Unit.Kind.INSTITUTION_OWNER and owner_type is None:
        owner_type = data.unit_type

    with lock.hold(form_key=form_key) as parent:
        if parent is not None:
            check_parent_alive(parent, valid_from, until=None, key="parent")
        else:
            if municipality is not None and Unit.objects.filter(municipality=municipality).exists():
                raise ValidationError({"municipality": MSG_MUNICIPALITY_TAKEN.format(name=municipality.name)})
        values = clean_data(data, kind=kind, strict=strict)
        require_reason("create", reason)
        if sor_id is None:
            sor_id = next_sor_id()
        elif Unit.objects.filter(sor_id=sor_id).exists():
            raise ValidationError({"sor_id": MSG_SOR_ID_TAKEN.format(value=sor_id)})
        unit = Unit(
            sor_id=sor_id,
            kind=kind,
            parent=parent,
            owner_type=owner_type if kind == Unit.Kind.INSTITUTION_OWNER else None,
            municipality=municipality if kind == Unit.Kind.INSTITUTION_OWNER else None,
            valid_from=valid_from,
            is_municipal_communication=is_municipal_communication,
            **values,
        )
        unit.save()
        UnitVersion.objects.create(
            unit=unit,
            parent=parent,
            valid_from=valid_from,
            created_by=actor if actor is not None and actor.pk else None,
            reason=reason,
            applied=valid_from <= today(),
            **values,
        )
        audit_unit(
            actor,
            "hierarchy.unit.create",
            unit,
            before=None,
            after=unit_snapshot(unit),
            effective_date=valid_from,
            reason=reason,
        )
        lock.done(unit)
    return unit


def _differs(version: UnitVersion, name: str, value: Any) -> bool:
    """Whether a cleaned value differs from the version's; a related row by its key, so the
    version's own row is not read for the comparison."""
    field = UnitVersion._meta.get_field(name)
    assert isinstance(field, Field)  # a versioned attribute is a concrete field
    if field.is_relation:
        return bool(getattr(version, field.attname) != (value.pk if value is not None else None))
    return bool(getattr(version, name) != value)


# --- update ---------------------------------------------------------------------------------


@reports_missing_reason("update")
def unit_update(
    *,
    actor: User | None,
    unit: Unit,
    data: UnitData,
    effective_date: date | None = None,
    reason: str = "",
    expected_revision: int | None = None,
    strict: bool = True,
    form_key: str | None = None,
) -> Unit:
    """Change the attributes from a date (R3, default today) as a new version; the former
    version stays in the history. `strict=False` is for system imports only (see `clean_data`)."""
    check_strict(actor, strict)
    lock = locked_for(actor, unit, policy.EDIT)
    if effective_date is None:
        effective_date = today()
    first = first_allowed_day("update", actor)
    if first is not None and effective_date < first:
        raise ValidationError({"effective_date": MSG_DATE_PAST.format(today=fmt(first))})
    with lock.hold(expected_revision=expected_revision, form_key=form_key) as unit:
        if effective_date < unit.valid_from:
            raise ValidationError({"effective_date": MSG_BEFORE_START.format(start=fmt(unit.valid_from))})
        check_open_on(unit, effective_date, key="effective_date")
        values = clean_data(data, kind=unit.kind, strict=strict)
        versions = ordered_versions(unit)
        covering = covering_version(versions, effective_date)
        assert covering is not None  # check_open_on: the unit is in force on the day
        changes = {k: v for k, v in values.items() if _differs(covering, k, v)}
        if not changes:
            raise NoChanges()
        require_reason("update", reason)
        change_from(
            actor,
            "hierarchy.unit.update",
            unit,
            effective_date,
            changes,
            reason=reason,
            extra={"changed_fields": sorted(changes)},
            versions=versions,
        )
    return unit


# --- move -----------------------------------------------------------------------------------


def descendants_from(unit: Unit, day: date) -> set[int]:
    """Ids of every unit that is below `unit` in any version in force on or after `day`."""
    found: set[int] = set()
    frontier = {unit.pk}
    while frontier:
        children = set(
            UnitVersion.objects.filter(parent_id__in=frontier)
            .filter(open_on(day))
            .values_list("unit_id", flat=True)
        )
        frontier = children - found - {unit.pk}
        found |= frontier
    return found


@reports_missing_reason("move")
def unit_move(
    *,
    actor: User | None,
    unit: Unit,
    new_parent: Unit,
    effective_date: date,
    reason: str,
    confirm_impact: bool = False,
    expected_revision: int | None = None,
    validate_only: bool = False,
    form_key: str | None = None,
) -> Unit:
    """Give the unit a new parent from a date (R4). For municipal administrators: an OE of their
    own kommune, moved under an SI/OE of the same kommune, from tomorrow at the earliest. Where
    lokationsnumre are affected the caller must confirm the impact (R7). `validate_only` runs
    every check and writes nothing (the GUI reports the rules beside a form's own errors)."""
    lock = locked_for(actor, unit, policy.MOVE)
    first = first_allowed_day("move", actor)
    if first is not None and effective_date < first:
        raise ValidationError({"effective_date": MSG_MOVE_DATE_MIN.format(day=fmt(first))})
    key = None if validate_only else form_key  # a check alone uses no form key
    with lock.hold(expected_revision=expected_revision, target=new_parent, form_key=key) as (
        unit,
        new_parent,
    ):
        if actor is not None:
            if not permissions.is_sds(actor) and not permissions.in_scope(actor, new_parent):
                raise ValidationError({"new_parent": MSG_MOVE_OTHER_KOMMUNE.format(target=new_parent.name)})
            if not permissions.may_place_under(actor, new_parent):
                raise ValidationError(
                    {"new_parent": permissions.MSG_COMMUNICATION_PARENT.format(unit=new_parent.name)}
                )
        check_movable(unit)
        if new_parent.pk == unit.pk:
            raise ValidationError({"new_parent": MSG_MOVE_SELF})
        check_parent_for(unit.kind, new_parent, key="new_parent")
        if effective_date < unit.valid_from:
            raise ValidationError({"effective_date": MSG_BEFORE_START.format(start=fmt(unit.valid_from))})
        check_open_on(unit, effective_date, key="effective_date")
        if new_parent.pk in descendants_from(unit, effective_date):
            raise ValidationError({"new_parent": MSG_MOVE_DESCENDANT.format(target=new_parent.name)})
        check_parent_alive(new_parent, effective_date, until=unit.valid_to, key="new_parent")
        versions = ordered_versions(unit)
        covering = covering_version(versions, effective_date)
        assert covering is not None  # check_open_on: the unit is in force on the day
        if covering.parent_id == new_parent.pk:
            raise ValidationError(
                {"new_parent": MSG_MOVE_SAME_PARENT.format(parent=new_parent.name, day=fmt(effective_date))}
            )
        require_reason("move", reason)
        impact = confirmed_impact(unit, confirm=confirm_impact, new_parent=new_parent)
        if validate_only:
            return unit
        from_parent = None
        if covering.parent_id:
            known_parent = unit.parent if covering.parent_id == unit.parent_id else covering.parent
            from_parent = known_parent.sor_id if known_parent is not None else None
        change_from(
            actor,
            "hierarchy.unit.move",
            unit,
            effective_date,
            {"parent_id": new_parent.pk},
            reason=reason,
            extra={"from_parent": from_parent, "to_parent": new_parent.sor_id, "impact": impact},
            versions=versions,
            known=(new_parent,),
        )
    return unit


# --- close ----------------------------------------------------------------------------------


@reports_missing_reason("close")
def unit_close(
    *,
    actor: User | None,
    unit: Unit,
    closing_date: date | None = None,
    reason: str,
    confirm_impact: bool = False,
    expected_revision: int | None = None,
    validate_only: bool = False,
    form_key: str | None = None,
) -> Unit:
    """Close the unit: `closing_date` is its last valid day (R5; default and earliest today + 7
    for municipal administrators). Refused while sub-units stay open after the date.
    `validate_only` runs every check and writes nothing, so the GUI asks for confirmation only
    of a close that can succeed."""
    lock = locked_for(actor, unit, policy.CLOSE)
    if closing_date is None:
        closing_date = today() + timedelta(days=CLOSE_MIN_DAYS)
    first = first_allowed_day("close", actor)
    if first is not None and closing_date < first:
        raise ValidationError({"closing_date": MSG_CLOSE_DATE_MIN.format(day=fmt(first))})
    key = None if validate_only else form_key  # a check alone uses no form key
    with lock.hold(expected_revision=expected_revision, form_key=key) as unit:
        check_not_closing(unit)
        if closing_date < unit.valid_from:
            raise ValidationError({"closing_date": MSG_BEFORE_START.format(start=fmt(unit.valid_from))})
        open_children = (
            Unit.objects.filter(
                pk__in=UnitVersion.objects.filter(parent=unit)
                .filter(open_after(closing_date))
                .values("unit_id")
            )
            .exclude(pk=unit.pk)
            .order_by("name")
        )
        if open_children:
            names = ", ".join(f"{c.name} ({c.sor_id})" for c in open_children)
            raise ValidationError(
                {"closing_date": MSG_CLOSE_OPEN_CHILDREN.format(day=fmt(closing_date), children=names)}
            )
        versions = ordered_versions(unit)
        pending = [v for v in versions if v.valid_from > closing_date]
        if pending:
            raise ValidationError(
                {"closing_date": MSG_CLOSE_PENDING.format(days=", ".join(fmt(v.valid_from) for v in pending))}
            )
        require_reason("close", reason)
        impact = confirmed_impact(unit, confirm=confirm_impact, closing=True)
        if validate_only:
            return unit
        set_last_day(
            actor,
            "hierarchy.unit.close",
            unit,
            versions[-1],
            closing_date,
            reason=reason,
            effective_date=closing_date,
            extra={"impact": impact},
            versions=versions,
        )
    return unit
