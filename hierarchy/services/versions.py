"""The version engine: a unit's ordered versions, the change from a date, the no-overlap guard,
today's projection on `Unit` and the nightly `apply_due_changes`, with the unit's audit event."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction

from audit import services as audit

from ..models import Unit, UnitVersion
from ..policy import MSG_NOT_ACTIVE, fmt, today
from ..snapshots import unit_snapshot, version_snapshot
from .locking import lock_trees

# --- versions and projection ----------------------------------------------------------------


def _ordered_versions(unit: Unit) -> list[UnitVersion]:
    versions = list(
        UnitVersion.objects.filter(unit=unit)
        .select_related("postal_address__postal_code")
        .order_by("valid_from")
    )
    for version in versions:
        version.unit = unit  # saving a version puts the unit's SOR-kode in its search keys
    return versions


def _covering(versions: list[UnitVersion], day: date) -> UnitVersion | None:
    return next((v for v in versions if v.in_force_on(day)), None)


def _check_no_overlap(unit: Unit) -> None:
    """The service-level guard behind the PostgreSQL exclusion constraint (and its only guard on
    SQLite): a unit's periods are ordered and disjoint."""
    previous = None
    for version in _ordered_versions(unit):
        if previous is not None and (previous.valid_to is None or previous.valid_to >= version.valid_from):
            raise RuntimeError(f"overlapping versions for unit {unit.pk}")
        previous = version


def _apply_from(unit: Unit, day: date, changes: dict, *, actor, reason: str) -> dict | None:
    """Make `changes` (field -> value) hold from `day` onwards. The version in force on `day` is
    split there; the change then carries forward through later versions until one that had
    already scheduled its own change of that field.

    When a version starts on `day` itself there is nothing to split: that version is corrected
    in place. It keeps who registered it and why; the correction is returned (the version's
    start and its changed values before and after) for the audit event, from which Historik
    shows it."""
    versions = _ordered_versions(unit)
    covering = _covering(versions, day)
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
            **{name: getattr(covering, name) for name in Unit.VERSIONED_FIELDS},
        )
        covering.valid_to = day - timedelta(days=1)
        covering.save(update_fields=["valid_to"])
        tail.save()
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
    _check_no_overlap(unit)
    if corrected_before is None:
        return None
    corrected_after = version_snapshot(covering)
    keys = [k for k in corrected_after if corrected_after[k] != corrected_before[k]]
    return {
        "valid_from": covering.valid_from.isoformat(),
        "before": {k: corrected_before[k] for k in keys},
        "after": {k: corrected_after[k] for k in keys},
    }


def _project(unit: Unit, on: date) -> None:
    """Write the version in force on `on` (or the first one, for a unit not yet started; or the
    last one, for a closed unit) onto the Unit row, moving it in the MPTT tree if needed."""
    versions = _ordered_versions(unit)
    current = _covering(versions, on)
    if current is None:
        current = versions[0] if on < versions[0].valid_from else versions[-1]
    for name in Unit.VERSIONED_FIELDS:
        attname = Unit._meta.get_field(name).attname
        setattr(unit, attname, getattr(current, attname))
    unit.valid_from = versions[0].valid_from
    unit.valid_to = versions[-1].valid_to
    if unit.parent_id != current.parent_id:
        unit.parent_id = current.parent_id
    unit.revision += 1
    unit.save()
    UnitVersion.objects.filter(unit=unit, valid_from__lte=on, applied=False).update(applied=True)


# --- checks shared by the services ----------------------------------------------------------


def root_sor_id(unit: Unit) -> str:
    """The SOR-ID of the unit's IE, recorded on audit events so a kommune's changes can be found."""
    # The root is the node at lft 1 of the tree: one index probe, unordered (an ORDER BY pk would
    # let the planner walk the units' primary key instead).
    found = list(
        Unit.objects.filter(node__tree_id=unit.tree_id, node__lft=1)
        .order_by()
        .values_list("sor_id", flat=True)[:1]
    )
    return found[0] if found else ""


def _audit(actor, action: str, unit: Unit, *, before, after, effective_date, reason, extra=None):
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


# --- scheduled projection -------------------------------------------------------------------


def _due_trees(unit_id: int, on: date) -> set[int]:
    """The trees a projection of the unit to `on` touches: its own and, when the version in force
    then has its parent in another IE's tree (a move across trees), that one too."""
    tree_ids = set(Unit.objects.filter(pk=unit_id).values_list("node__tree_id", flat=True))
    parent_id = (
        UnitVersion.objects.filter(unit_id=unit_id, valid_from__lte=on)
        .order_by("-valid_from")
        .values_list("parent_id", flat=True)
        .first()
    )
    if parent_id is not None:
        tree_ids |= set(Unit.objects.filter(pk=parent_id).values_list("node__tree_id", flat=True))
    return tree_ids


def _apply_due_locked(unit_id: int, on: date) -> bool:
    """Project one unit to `on`, audited; the caller holds the locks of every tree it touches."""
    unit = Unit.objects.select_related("parent", "unit_type").get(pk=unit_id)
    if not UnitVersion.objects.filter(unit=unit, applied=False, valid_from__lte=on).exists():
        return False
    before = unit_snapshot(unit)
    _project(unit, on)
    audit.record(
        actor=None,
        actor_name="system:apply_due_changes",
        action="hierarchy.unit.apply_due",
        object_type="hierarchy.unit",
        object_id=unit.sor_id,
        object_repr=unit.name,
        scope_id=root_sor_id(unit),
        effective_date=on,
        reason="Planlagt ændring er trådt i kraft.",
        before=before,
        after=unit_snapshot(unit),
    )
    return True


def apply_due_unit(unit_id: int, on: date) -> bool:
    """Project one unit to `on` if a version of it has taken effect by then, under the locks of
    every tree the projection touches, with its `hierarchy.unit.apply_due` event; in the
    caller's transaction if there is one. Returns whether anything was due."""
    with transaction.atomic():
        held: set[int] = set()
        while True:
            needed = _due_trees(unit_id, on)
            if needed <= held:
                break
            lock_trees(*needed)  # re-read under the locks: the unit may have moved meanwhile
            held |= needed
        return _apply_due_locked(unit_id, on)


DUE_BATCH = 250  # units per transaction: a commit costs more than projecting a unit


def due_unit_ids(on: date, *, unit_ids=None) -> list[int]:
    """Units with a version that has taken effect by `on` and is not yet projected (of
    `unit_ids` only, when given), parents before children so a moved subtree lands whole."""
    due = UnitVersion.objects.filter(applied=False, valid_from__lte=on)
    if unit_ids is not None:
        due = due.filter(unit_id__in=list(unit_ids))
    ids = set(due.values_list("unit_id", flat=True))
    levels = dict(Unit.objects.filter(pk__in=ids).values_list("pk", "node__level"))
    return sorted(ids, key=lambda pk: (levels.get(pk, 0), pk))


def _batch_trees(unit_ids: list[int], on: date) -> dict[int, set[int]]:
    """`_due_trees` of many units in three queries."""
    own = dict(Unit.objects.filter(pk__in=unit_ids).values_list("pk", "node__tree_id"))
    parents = {}
    for unit_id, parent_id in (
        UnitVersion.objects.filter(unit_id__in=unit_ids, valid_from__lte=on)
        .order_by("unit_id", "valid_from")
        .values_list("unit_id", "parent_id")
    ):
        parents[unit_id] = parent_id  # the latest start wins
    parent_trees = dict(
        Unit.objects.filter(pk__in={p for p in parents.values() if p}).values_list("pk", "node__tree_id")
    )
    return {
        u: {own[u]} | ({parent_trees[parents[u]]} if parents.get(u) in parent_trees else set())
        for u in unit_ids
        if u in own
    }


def apply_due_changes(*, on: date | None = None) -> int:
    """Bring today's projection (or that of `on`) up to date with every version that has taken
    effect. Safe to run twice or concurrently: the units go in batches, each one transaction
    holding the locks of every tree its units touch (taken at once, in order), and each unit is
    re-checked under them; a unit that moved to another tree meanwhile is done on its own."""
    on = on or today()
    ids = due_unit_ids(on)
    applied = 0
    for start in range(0, len(ids), DUE_BATCH):
        batch = ids[start : start + DUE_BATCH]
        later = []
        with transaction.atomic():
            held = set().union(*_batch_trees(batch, on).values())
            lock_trees(*held)
            fresh = _batch_trees(batch, on)  # read again under the locks
            for unit_id in batch:
                if unit_id not in fresh:
                    continue
                if fresh[unit_id] <= held:
                    applied += _apply_due_locked(unit_id, on)
                else:
                    later.append(unit_id)
        applied += sum(apply_due_unit(unit_id, on) for unit_id in later)
    return applied


def _project_and_audit(actor, action: str, unit: Unit, before: dict, *, effective_date, reason, extra=None):
    """After a write to the unit's versions: today's projection, then the audit event."""
    _project(unit, today())
    _audit(
        actor,
        action,
        unit,
        before=before,
        after=unit_snapshot(unit),
        effective_date=effective_date,
        reason=reason,
        extra=extra,
    )


def _change_from(
    actor, action: str, unit: Unit, day: date, changes: dict, *, reason: str, extra: dict
) -> None:
    """Make `changes` hold from `day` (`_apply_from`), project today, and audit it as `action`
    (with the corrected version, when the change corrected one in place)."""
    before = unit_snapshot(unit)
    corrected = _apply_from(unit, day, changes, actor=actor, reason=reason)
    if corrected is not None:
        extra = {**extra, "corrected_version": corrected}
    _project_and_audit(actor, action, unit, before, effective_date=day, reason=reason, extra=extra)


def _set_last_day(
    actor,
    action: str,
    unit: Unit,
    last: UnitVersion,
    valid_to,
    *,
    reason: str,
    effective_date: date,
    extra=None,
) -> None:
    """End the unit's last version on `valid_to` (None: open-ended again), project today, audit."""
    before = unit_snapshot(unit)
    last.valid_to = valid_to
    last.save(update_fields=["valid_to"])
    _project_and_audit(actor, action, unit, before, effective_date=effective_date, reason=reason, extra=extra)
