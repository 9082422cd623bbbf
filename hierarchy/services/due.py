"""The nightly projection (`manage.py apply_due_changes`): changes whose day has come are put
on today's `Unit` rows, each with its `hierarchy.unit.apply_due` event. Units whose projection
keeps their parent go together, set-based; a move goes alone through `versions._project`."""

import logging
from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from addresses.models import Address
from audit import services as audit

from ..dates import today
from ..models import Unit, UnitSearch, UnitType, UnitVersion
from ..snapshots import unit_snapshot
from .locking import attach_addresses, lock_trees
from .versions import assign_projection as _assign_projection
from .versions import project as _project
from .versions import projected_version as _projected_version
from .versions import root_sor_id, roots_of

logger = logging.getLogger(__name__)


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


_DUE_ACTOR_NAME = "system:apply_due_changes"
_DUE_REASON = "Planlagt ændring er trådt i kraft."


def _due_event(unit: Unit, on: date, *, before: dict[str, Any], scope_id: str) -> dict[str, Any]:
    """The fields of a projected unit's `hierarchy.unit.apply_due` event (for `audit.record`
    and `audit.record_many` alike)."""
    return {
        "actor": None,
        "actor_name": _DUE_ACTOR_NAME,
        "action": "hierarchy.unit.apply_due",
        "object_type": "hierarchy.unit",
        "object_id": unit.sor_id,
        "object_repr": unit.name,
        "scope_id": scope_id,
        "effective_date": on,
        "reason": _DUE_REASON,
        "before": before,
        "after": unit_snapshot(unit),
    }


def _apply_due_locked(unit_id: int, on: date) -> bool:
    """Project one unit to `on`, audited; the caller holds the locks of every tree it touches."""
    unit = Unit.objects.select_related("parent", "unit_type").get(pk=unit_id)
    if not UnitVersion.objects.filter(unit=unit, applied=False, valid_from__lte=on).exists():
        return False
    before = unit_snapshot(unit)
    _project(unit, on)
    audit.record(**_due_event(unit, on, before=before, scope_id=root_sor_id(unit)))
    return True


# What a projection reads of a version.
_VERSION_FIELDS = ("unit", "parent", "valid_from", "valid_to", "applied", *Unit.VERSIONED_FIELDS)


def _versions_by_unit(unit_ids: list[int]) -> dict[int, list[UnitVersion]]:
    """Every version of the units, each unit's in order, in one query."""
    by_unit = defaultdict(list)
    for version in (
        UnitVersion.objects.filter(unit_id__in=unit_ids)
        .only(*_VERSION_FIELDS)
        .order_by("unit_id", "valid_from")
    ):
        by_unit[version.unit_id].append(version)
    return by_unit


def _bulk_set(model: Any, objects: list[Any], fields: list[str]) -> None:  # reads _meta internals
    """`bulk_update` of the objects' `fields` (attnames). On PostgreSQL one
    `UPDATE ... FROM (VALUES ...)` per 1,000 rows instead: Django's CASE WHEN per row and field
    cost more time in Python than the update in the database (measured at 250 units a batch:
    ~2 s of 4 for 1,000 due units)."""
    if not objects:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_update(objects, fields)
        return
    meta = model._meta
    columns = [meta.pk, *(meta.get_field(name) for name in fields)]
    quote = connection.ops.quote_name
    table = quote(meta.db_table)
    # Each value cast to its column's type without a length (a cast to varchar(60) would cut a
    # longer value where the column refuses it).
    row = "(" + ", ".join(f"%s::{field.db_type(connection).split('(')[0]}" for field in columns) + ")"
    assignments = ", ".join(f"{quote(field.column)} = v.{quote(field.column)}" for field in columns[1:])
    names = ", ".join(quote(field.column) for field in columns)
    with connection.cursor() as cursor:
        for start in range(0, len(objects), 1000):
            chunk = objects[start : start + 1000]
            cursor.execute(
                f"UPDATE {table} SET {assignments} FROM (VALUES {', '.join([row] * len(chunk))}) "
                f"AS v({names}) WHERE {table}.{quote(meta.pk.column)} = v.{quote(meta.pk.column)}",
                [
                    field.get_db_prep_save(getattr(obj, field.attname), connection)
                    for obj in chunk
                    for field in columns
                ],
            )


def _attach(objects: Iterable[Unit], addresses: dict[int, Address], unit_types: dict[str, UnitType]) -> None:
    """Put the loaded unit type and addresses on each object (a Unit), so its snapshot and
    search keys need no query of their own."""
    for obj in objects:
        obj.unit_type = unit_types[obj.unit_type_id]
    attach_addresses(objects, addresses)


def _project_attributes(unit_ids: list[int], versions: dict[int, list[UnitVersion]], on: date) -> int:
    """Set-based `_project` and `_apply_due_locked` of units whose projection to `on` keeps
    their parent (attributes, dates): the rows read at once under the caller's locks, one
    bulk update each of `Unit` and `UnitSearch`, one of the versions' `applied`, the events
    through `audit.record_many` (one chain lock) in `unit_ids`' order, with the same content
    as `_apply_due_locked` writes one at a time. `versions` were read under the same locks."""
    if not unit_ids:
        return 0
    order = {pk: i for i, pk in enumerate(unit_ids)}
    units = sorted(
        Unit.objects.select_related("parent", "node").filter(pk__in=unit_ids), key=lambda u: order[u.pk]
    )
    current = {unit.pk: _projected_version(versions[unit.pk], on) for unit in units}
    rows = [*units, *current.values()]
    addresses = Address.objects.select_related("postal_code").in_bulk(
        {getattr(obj, f"{name}_id") for obj in rows for name in Unit.ADDRESS_FIELDS} - {None}
    )
    unit_types = UnitType.objects.in_bulk({obj.unit_type_id for obj in rows})
    roots = roots_of({unit.tree_id for unit in units})
    _attach(units, addresses, unit_types)
    now = timezone.now()
    events, changed = [], set()
    for unit in units:
        before = unit_snapshot(unit)
        changed |= _assign_projection(unit, versions[unit.pk], on)  # the parent stays (see caller)
        unit.revision += 1
        unit.updated_at = now  # auto_now, which bulk_update leaves alone
        _attach([unit], addresses, unit_types)
        events.append(_due_event(unit, on, before=before, scope_id=roots.get(unit.tree_id, "")))
    _bulk_set(Unit, units, [*sorted(changed), "revision", "updated_at"])
    keys = [UnitSearch(unit_id=unit.pk, **unit.search_keys(addresses)) for unit in units]
    existing = set(UnitSearch.objects.filter(unit_id__in=unit_ids).values_list("unit_id", flat=True))
    _bulk_set(UnitSearch, [k for k in keys if k.unit_id in existing], ["name", "text", "valid_to"])
    UnitSearch.objects.bulk_create([k for k in keys if k.unit_id not in existing])
    UnitVersion.objects.filter(unit_id__in=unit_ids, valid_from__lte=on, applied=False).update(applied=True)
    audit.record_many(events)
    return len(units)


def _apply_due_batch(unit_ids: list[int], on: date) -> int:
    """Project the units (parents before children) to `on`, audited; the caller holds the locks
    of every tree they touch, and each unit is re-checked under them (one already done by
    another run is skipped). A unit whose projection keeps its parent goes with the others
    (`_project_attributes`); one that moves in the tree goes alone (`_apply_due_locked`, the
    MPTT move). The units before a move are written before it, so the events follow the
    batch's order and a unit below a unit that moved to another IE is audited in its new tree."""
    versions = _versions_by_unit(unit_ids)
    parents = dict(Unit.objects.filter(pk__in=unit_ids).values_list("pk", "parent_id"))
    applied, group = 0, []
    for unit_id in unit_ids:
        own: list[UnitVersion] = versions.get(unit_id) or []
        if unit_id not in parents or not any(not v.applied and v.valid_from <= on for v in own or ()):
            continue
        if _projected_version(own, on).parent_id == parents[unit_id]:
            group.append(unit_id)
            continue
        applied += _project_attributes(group, versions, on)
        group = []
        applied += _apply_due_locked(unit_id, on)
    return applied + _project_attributes(group, versions, on)


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


def due_unit_ids(on: date, *, unit_ids: Iterable[int] | None = None) -> list[int]:
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


MSG_UNIT_FAILED = (
    "Enhed {sor_id}: den planlagte ændring kunne ikke anvendes på grund af en uventet fejl "
    "({error}); enheden viser stadig den tidligere version. Fejlen er logget: kontakt driften."
)


def apply_due_changes(*, on: date | None = None, problems: list[str] | None = None) -> int:
    """Bring today's projection (or that of `on`) up to date with every version that has taken
    effect. Safe to run twice or concurrently: the units go in batches, each one transaction
    holding the locks of every tree its units touch (taken at once, in order), and each unit is
    re-checked under them; a unit that moved to another tree meanwhile is done on its own. In a
    batch the units that keep their parent are projected together, set-based
    (`_apply_due_batch`); only moves cost a unit's own queries.

    With `problems` (the nightly run), an unexpected error does not stop the run: the batch it
    broke is rolled back and its units are done one at a time, each in its own transaction, and
    the Danish report of each unit that still fails is appended; without it, the error is raised."""
    on = on or today()
    ids = due_unit_ids(on)
    applied = 0
    for start in range(0, len(ids), DUE_BATCH):
        batch = ids[start : start + DUE_BATCH]
        try:
            with transaction.atomic():
                held = set().union(*_batch_trees(batch, on).values())
                lock_trees(*held)
                fresh = _batch_trees(batch, on)  # read again under the locks
                later = [u for u in batch if u in fresh and not fresh[u] <= held]
                applied += _apply_due_batch([u for u in batch if u in fresh and fresh[u] <= held], on)
        except Exception:
            if problems is None:
                raise
            logger.exception(
                "Planlagte ændringer: en batch kunne ikke anvendes; enhederne tages én ad gangen"
            )
            later = batch
        for unit_id in later:
            applied += _apply_one(unit_id, on, problems)
    return applied


def _apply_one(unit_id: int, on: date, problems: list[str] | None) -> bool:
    """`apply_due_unit`; with `problems`, an unexpected error is reported there instead of raised."""
    try:
        return apply_due_unit(unit_id, on)
    except Exception as exc:
        if problems is None:
            raise
        logger.exception("Planlagt ændring af enhed %s kunne ikke anvendes", unit_id)
        sor_id = Unit.objects.filter(pk=unit_id).values_list("sor_id", flat=True).first()
        problems.append(MSG_UNIT_FAILED.format(sor_id=sor_id or unit_id, error=type(exc).__name__))
        return False
