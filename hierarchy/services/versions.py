"""The version engine: a unit's ordered versions, the change from a date, the no-overlap guard,
today's projection on `Unit`, with the unit's audit event. The nightly projection of changes
whose day has come is `due.py`."""

from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db.models import Field

from audit import services as audit

from ..dates import fmt, today
from ..models import Unit, UnitVersion
from ..policy import MSG_NOT_ACTIVE
from ..snapshots import unit_snapshot, version_snapshot

# --- versions and projection ----------------------------------------------------------------


def attname_of(name: str) -> str:
    """The column of a versioned attribute (`unit_type_id` for `unit_type`)."""
    field = Unit._meta.get_field(name)
    assert isinstance(field, Field)  # a versioned attribute is a concrete field
    return field.attname


_VERSIONED_ATTNAMES = tuple(attname_of(name) for name in Unit.VERSIONED_FIELDS)


def ordered_versions(unit: Unit) -> list[UnitVersion]:
    versions = list(
        UnitVersion.objects.filter(unit=unit)
        .select_related("postal_address__postal_code")
        .order_by("valid_from")
    )
    for version in versions:
        version.unit = unit  # saving a version puts the unit's SOR-kode in its search keys
    return versions


def covering_version(versions: list[UnitVersion], day: date) -> UnitVersion | None:
    return next((v for v in versions if v.in_force_on(day)), None)


def projected_version(versions: list[UnitVersion], on: date) -> UnitVersion:
    """The version a projection to `on` writes onto the Unit row: the one in force then, else
    the first (a unit not yet started) or the last (a closed unit)."""
    current = covering_version(versions, on)
    if current is None:
        current = versions[0] if on < versions[0].valid_from else versions[-1]
    return current


def check_no_overlap(unit: Unit, versions: list[UnitVersion] | None = None) -> None:
    """The service-level guard behind the PostgreSQL exclusion constraint (and its only guard on
    SQLite): a unit's periods are ordered and disjoint. `versions`: the unit's versions as the
    caller has just written them (all of them), else they are read."""
    previous = None
    for version in (
        sorted(versions, key=lambda v: v.valid_from) if versions is not None else ordered_versions(unit)
    ):
        if previous is not None and (previous.valid_to is None or previous.valid_to >= version.valid_from):
            raise RuntimeError(f"overlapping versions for unit {unit.pk}")
        previous = version


def apply_from(
    unit: Unit,
    day: date,
    changes: dict[str, Any],
    *,
    actor: User | None,
    reason: str,
    versions: list[UnitVersion] | None = None,
) -> dict[str, Any] | None:
    """Make `changes` (field -> value) hold from `day` onwards. The version in force on `day` is
    split there; the change then carries forward through later versions until one that had
    already scheduled its own change of that field.

    When a version starts on `day` itself there is nothing to split: that version is corrected
    in place. It keeps who registered it and why; the correction is returned (the version's
    start and its changed values before and after) for the audit event, from which Historik
    shows it. `versions` (the unit's, read under its lock) is updated in place to what is
    written, so the caller can project from it without reading them again."""
    if versions is None:
        versions = ordered_versions(unit)
    covering = covering_version(versions, day)
    if covering is None:
        raise ValidationError(MSG_NOT_ACTIVE.format(day=fmt(day)))
    old_values = {name: getattr(covering, name) for name in changes}
    corrected_before = None
    if covering.valid_from < day:
        tail = UnitVersion(
            unit=unit,
            parent_id=covering.parent_id,
            valid_from=day,
            valid_to=covering.valid_to,
            created_by=actor if actor is not None and actor.pk else None,
            reason=reason,
            **{attname: getattr(covering, attname) for attname in _VERSIONED_ATTNAMES},
        )
        tail.postal_address = covering.postal_address  # loaded with its postal code: no query
        covering.valid_to = day - timedelta(days=1)
        covering.save(update_fields=["valid_to"])
        tail.save()
        versions.append(tail)
        versions.sort(key=lambda v: v.valid_from)
        later = [tail] + [v for v in versions if v.valid_from > day]
    else:
        corrected_before = version_snapshot(covering)
        later = [covering] + [v for v in versions if v.valid_from > day]
    for name, value in changes.items():
        for version in later:
            if version is not later[0] and getattr(version, name) != old_values[name]:
                break
            setattr(version, name, value)
    for version in later:
        version.applied = False
        version.save()
    check_no_overlap(unit, versions)
    if corrected_before is None:
        return None
    corrected_after = version_snapshot(covering)
    keys = [k for k in corrected_after if corrected_after[k] != corrected_before[k]]
    return {
        "valid_from": covering.valid_from.isoformat(),
        "before": {k: corrected_before[k] for k in keys},
        "after": {k: corrected_after[k] for k in keys},
    }


def assign_projection(unit: Unit, versions: list[UnitVersion], on: date) -> set[str]:
    """Put the projection of the unit's `versions` to `on` on `unit`: the attributes of the
    version in force then (`projected_version`), the unit's first and last day, the parent.
    Returns the attnames that changed; the others are left as they are (with any related row
    already loaded)."""
    current = projected_version(versions, on)
    values = {attname: getattr(current, attname) for attname in _VERSIONED_ATTNAMES}
    values.update(
        valid_from=versions[0].valid_from, valid_to=versions[-1].valid_to, parent_id=current.parent_id
    )
    changed = {name for name, value in values.items() if getattr(unit, name) != value}
    for name in changed:
        setattr(unit, name, values[name])
    return changed


def project(
    unit: Unit, on: date, versions: list[UnitVersion] | None = None, known: Sequence[Unit] = ()
) -> None:
    """Write the version in force on `on` (or the first one, for a unit not yet started; or the
    last one, for a closed unit) onto the Unit row, moving it in the MPTT tree if needed.
    `versions`: the unit's versions as just written (else read); `known`: units read under the
    lock (a move's new parent), put on the unit instead of read again. Only the columns that
    change are written, so the search keys are rewritten only when one of theirs does."""
    changed = assign_projection(unit, versions if versions is not None else ordered_versions(unit), on)
    if "parent_id" in changed:
        parent = next((u for u in known if u.pk == unit.parent_id), None)
        if parent is not None:
            unit.parent = parent
    unit.revision += 1
    unit.save(update_fields=[*sorted(changed), "revision", "updated_at"])
    UnitVersion.objects.filter(unit=unit, valid_from__lte=on, applied=False).update(applied=True)


# --- checks shared by the services ----------------------------------------------------------


def root_sor_id(unit: Unit) -> str:
    """The SOR-ID of the unit's IE, recorded on audit events so a kommune's changes can be found.
    Without a query when the unit or its loaded parent was read by `locked_units` in the tree it
    is in now (`tree_root`: the tree id and its IE, as read; a tree's IE never changes within a
    transaction); else one probe of (tree_id, parent)."""
    if unit.parent_id is None:
        return unit.sor_id
    parent = unit.parent if Unit.parent.is_cached(unit) else None
    for holder in (unit, parent):
        if holder is None:
            continue
        known = getattr(holder, "tree_root", None)
        if (
            known is not None
            and Unit.node.is_cached(holder)
            and holder.node.tree_id == known[0]
            and (holder is unit or holder.node.tree_id == unit.tree_id)
        ):
            return str(known[1])
    return roots_of({unit.tree_id}).get(unit.tree_id, "")


def roots_of(tree_ids: Iterable[int]) -> dict[int, str]:
    """The SOR-ID of each tree's IE, by tree id: the node of the tree without a parent, one
    probe of (tree_id, parent) per tree, unordered (an ORDER BY pk would let the planner walk
    the units' primary key instead)."""
    return dict(
        Unit.objects.filter(node__tree_id__in=list(tree_ids), node__parent__isnull=True)
        .order_by()
        .values_list("node__tree_id", "sor_id")
    )


def audit_unit(
    actor: User | None,
    action: str,
    unit: Unit,
    *,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    effective_date: date | None,
    reason: str,
    extra: dict[str, Any] | None = None,
) -> None:
    if extra:
        after = {**(after or {}), **extra}
    audit.record(
        actor=actor,
        action=action,
        object_type="hierarchy.unit",
        object_id=unit.sor_id,
        object_repr=unit.name,
        scope_id=root_sor_id(unit),
        effective_date=effective_date,
        reason=reason,
        before=before,
        after=after,
    )


def project_and_audit(
    actor: User | None,
    action: str,
    unit: Unit,
    before: dict[str, Any],
    *,
    effective_date: date | None,
    reason: str,
    extra: dict[str, Any] | None = None,
    versions: list[UnitVersion] | None = None,
    known: Sequence[Unit] = (),
) -> None:
    """After a write to the unit's versions: today's projection, then the audit event."""
    project(unit, today(), versions, known)
    audit_unit(
        actor,
        action,
        unit,
        before=before,
        after=unit_snapshot(unit),
        effective_date=effective_date,
        reason=reason,
        extra=extra,
    )


def change_from(
    actor: User | None,
    action: str,
    unit: Unit,
    day: date,
    changes: dict[str, Any],
    *,
    reason: str,
    extra: dict[str, Any],
    versions: list[UnitVersion] | None = None,
    known: Sequence[Unit] = (),
) -> None:
    """Make `changes` hold from `day` (`apply_from`), project today, and audit it as `action`
    (with the corrected version, when the change corrected one in place). `versions` and
    `known`: what the caller read under the lock (see `apply_from`, `project`)."""
    before = unit_snapshot(unit)
    if versions is None:
        versions = ordered_versions(unit)
    corrected = apply_from(unit, day, changes, actor=actor, reason=reason, versions=versions)
    if corrected is not None:
        extra = {**extra, "corrected_version": corrected}
    project_and_audit(
        actor,
        action,
        unit,
        before,
        effective_date=day,
        reason=reason,
        extra=extra,
        versions=versions,
        known=known,
    )


def set_last_day(
    actor: User | None,
    action: str,
    unit: Unit,
    last: UnitVersion,
    valid_to: date | None,
    *,
    reason: str,
    effective_date: date,
    extra: dict[str, Any] | None = None,
    versions: list[UnitVersion] | None = None,
) -> None:
    """End the unit's last version on `valid_to` (None: open-ended again), project today, audit.
    `versions`: all the unit's versions, `last` among them, when the caller has read them."""
    before = unit_snapshot(unit)
    last.valid_to = valid_to
    last.save(update_fields=["valid_to"])
    project_and_audit(
        actor,
        action,
        unit,
        before,
        effective_date=effective_date,
        reason=reason,
        extra=extra,
        versions=versions,
    )
