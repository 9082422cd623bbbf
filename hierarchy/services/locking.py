"""The tree locks (one per IE), SOR-ID allocation, and the one "lock and re-check" helper of the
unit services."""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import OuterRef, Subquery

from addresses.models import Address
from sor_admin import submissions
from sor_admin.models import FormSubmission

from .. import policy
from ..identifiers import make_sor_id
from ..models import IdCounter, Unit, UnitNode, UnitVersion
from .messages import MSG_STALE

# --- locking and ids ------------------------------------------------------------------------

_TREE_LOCK_NS = 5011  # advisory lock namespace: one lock per MPTT tree (= per IE)
_NEW_TREE_KEY = 0  # tree id 0 is never used by MPTT; its lock guards creation of new IE trees


def lock_trees(*tree_ids: int) -> None:
    if connection.vendor != "postgresql":
        return  # SQLite serialises writers itself
    with connection.cursor() as cursor:
        for tree_id in sorted(set(tree_ids)):
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [_TREE_LOCK_NS, tree_id])


def _cached_tree_id(unit: Unit) -> int | None:
    """The tree id from the unit's loaded node, or None when its node was not loaded."""
    return unit.node.tree_id if Unit.node.is_cached(unit) else None


# The SOR-ID of the IE at the root of a unit's tree (the audit events' scope), read with the unit.
_ROOT_OF_TREE = Unit.objects.filter(
    node__tree_id=OuterRef("node__tree_id"), node__parent__isnull=True
).values("sor_id")[:1]


def locked_units(*units: Unit, addresses: bool = True) -> list[Unit]:
    """Take the tree locks of all the units (once each, in order) and return fresh copies read
    under them, in one query (with parent, type, node, own lokationsnummer, addresses, and as
    `tree_root` the tree id and its IE's SOR-ID, for `versions.root_sor_id`). A unit that moved to
    another tree meanwhile has that tree locked too, and all are read again. Three queries
    when the units' nodes were loaded: the locks of one or two trees and the read (and one for
    the addresses, unless `addresses` is false: a create needs none of its parent's)."""
    pks = [unit.pk for unit in units]
    cached = {unit.pk: _cached_tree_id(unit) for unit in units}
    trees = {pk: tree_id for pk, tree_id in cached.items() if tree_id is not None}
    if len(trees) < len(cached):
        trees = dict(UnitNode.objects.filter(pk__in=pks).values_list("pk", "tree_id"))
    held: set[int] = set()
    while True:
        lock_trees(*(set(trees.values()) - held))
        held |= set(trees.values())
        fresh = (
            Unit.objects.select_related("parent", "unit_type", "node", "location_number")
            .annotate(root_sor_id_read=Subquery(_ROOT_OF_TREE))
            .in_bulk(pks)
        )
        trees = {pk: unit.node.tree_id for pk, unit in fresh.items()}
        if set(trees.values()) <= held:
            for unit in fresh.values():
                # Read by versions.root_sor_id: the tree and its IE as read under the lock.
                setattr(unit, "tree_root", (unit.node.tree_id, unit.root_sor_id_read))  # noqa: B010
            if addresses:
                attach_addresses(fresh.values())
            return [fresh[pk] for pk in pks]


def locked_unit(unit: Unit, *, addresses: bool = True) -> Unit:
    """Take the unit's tree lock and return a fresh copy read under it."""
    return locked_units(unit, addresses=addresses)[0]


def attach_addresses(units: Iterable[Unit | UnitVersion], found: dict[int, Address] | None = None) -> None:
    """Put the addresses (with their postal codes) on `units` (units or versions), so snapshots
    and search keys read none of their own: from `found` (by pk) when the caller loaded them,
    else in one query."""
    units = list(units)
    if found is None:
        ids = {getattr(u, f"{name}_id") for u in units for name in Unit.ADDRESS_FIELDS} - {None}
        found = Address.objects.select_related("postal_code").in_bulk(ids) if ids else {}
    for unit in units:
        for name in Unit.ADDRESS_FIELDS:
            pk = getattr(unit, f"{name}_id")
            setattr(unit, name, found[pk] if pk is not None else None)


_NEXT_SOR_NUMBER = f"UPDATE {IdCounter._meta.db_table} SET value = value + 1 WHERE name = %s RETURNING value"


def next_sor_id() -> str:
    """The next free SOR-ID from the counter, in one statement: the UPDATE holds the counter's
    row lock to the end of the transaction, so no two writers get the same number; numbers a unit
    already carries (imported SOR-IDs) are skipped."""
    while True:
        with connection.cursor() as cursor:
            cursor.execute(_NEXT_SOR_NUMBER, ["sor_id"])
            row = cursor.fetchone()
        if row is None:  # the first SOR-ID of a new register
            IdCounter.objects.get_or_create(name="sor_id", defaults={"value": 2_000_000})
            continue
        candidate = make_sor_id(row[0])
        if not Unit.objects.filter(sor_id=candidate).exists():
            return candidate


def _check_revision(unit: Unit, expected_revision: int | None) -> None:
    if expected_revision is not None and expected_revision != unit.revision:
        raise ValidationError(MSG_STALE, code="stale")


class ActionLock:
    """Roles and scope for `action` on `unit`, checked when made (before any lock, with the
    cheap checks of the input), then again with the revision the caller saw under the unit's
    tree lock (`hold`), since the unit may have moved or changed meanwhile. Every unit service
    uses it, so no service skips the second check.

    `hold(form_key=...)` also claims the key of the GUI form that asked for the change
    (`sor_admin.submissions`) under the lock, before the revision check: a second submit of the
    same opened form raises `AlreadySubmitted` with the first one's unit instead of being
    refused as stale or making a second change."""

    # The audit code of each action, which names what a form key was used for.
    SUBMITTED_AS = {
        policy.CREATE: "hierarchy.unit.create",
        policy.EDIT: "hierarchy.unit.update",
        policy.MOVE: "hierarchy.unit.move",
        policy.CLOSE: "hierarchy.unit.close",
    }

    def __init__(
        self, actor: User | None, unit: Unit | None, action: str, *, kind: str | None = None
    ) -> None:
        self.actor, self.unit, self.action, self.kind = actor, unit, action, kind
        self.submission: FormSubmission | None = None
        self._require(unit)

    def _require(self, unit: Unit | None) -> None:
        if self.action == policy.CREATE:
            if self.kind is None:
                raise ValueError("a create names the kind of the unit it creates")
            policy.require_can_create_under(self.actor, unit, self.kind)
        elif unit is None:
            raise ValueError(f"{self.action} needs the unit it acts on")
        else:
            policy.REQUIRE[self.action](self.actor, unit)

    @contextmanager
    def hold(
        self,
        *,
        expected_revision: int | None = None,
        target: Unit | None = None,
        form_key: str | None = None,
    ) -> Iterator[Any]:
        """A transaction holding the tree lock of the unit (and of `target`, a move's new
        parent): yields the unit read afresh under it (or `(unit, target)`), re-checked. Creating
        an IE (no parent) takes the lock that guards new trees. `form_key` (None for a check
        that writes nothing) is claimed under the lock; a create records its unit with `done`."""
        with transaction.atomic():
            if self.unit is None:
                lock_trees(_NEW_TREE_KEY)
                self._claim(form_key, None)
                yield None
                return
            if target is not None and target.pk != self.unit.pk:
                unit, target = locked_units(self.unit, target)
            else:
                unit = locked_unit(self.unit, addresses=self.action != policy.CREATE)
                target = unit if target is not None else None
            self._require(unit)
            self._claim(form_key, unit)
            _check_revision(unit, expected_revision)
            yield unit if target is None else (unit, target)

    def _claim(self, form_key: str | None, unit: Unit | None) -> None:
        # The unit acted on is the result, except for a create: its new unit, given to `done`.
        result = unit.sor_id if unit is not None and self.action != policy.CREATE else ""
        self.submission = submissions.claim(
            self.actor, form_key, self.SUBMITTED_AS.get(self.action, self.action), result=result
        )

    def done(self, unit: Unit) -> None:
        """A create's new unit, recorded as its form key's result (in the same transaction)."""
        submissions.done(self.submission, unit.sor_id)


def locked_for(actor: User | None, unit: Unit | None, action: str, *, kind: str | None = None) -> ActionLock:
    """Check `actor` may take `action` on `unit` now; `.hold(...)` locks and checks again."""
    return ActionLock(actor, unit, action, kind=kind)
