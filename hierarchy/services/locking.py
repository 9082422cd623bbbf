"""The tree locks (one per IE), SOR-ID allocation, and the one "lock and re-check" helper of the
unit services."""

from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db import connection, transaction

from .. import policy
from ..identifiers import make_sor_id
from ..models import IdCounter, Unit
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


def locked_unit(unit: Unit) -> Unit:
    """Take the unit's tree lock and return a fresh copy read under it."""
    while True:
        lock_trees(unit.tree_id)
        fresh = Unit.objects.select_related("parent", "unit_type", "node").get(pk=unit.pk)
        if fresh.tree_id == unit.tree_id:
            return fresh
        unit = fresh  # moved to another tree meanwhile: lock that one instead


def _next_sor_id() -> str:
    counter, _ = IdCounter.objects.select_for_update().get_or_create(
        name="sor_id", defaults={"value": 2_000_000}
    )
    while True:
        counter.value += 1
        candidate = make_sor_id(counter.value)
        if not Unit.objects.filter(sor_id=candidate).exists():
            counter.save(update_fields=["value"])
            return candidate


def _check_revision(unit: Unit, expected_revision: int | None) -> None:
    if expected_revision is not None and expected_revision != unit.revision:
        raise ValidationError(MSG_STALE, code="stale")


class ActionLock:
    """Roles and scope for `action` on `unit`, checked when made (before any lock, with the
    cheap checks of the input), then again with the revision the caller saw under the unit's
    tree lock (`hold`), since the unit may have moved or changed meanwhile. Every unit service
    uses it, so no service skips the second check."""

    def __init__(self, actor, unit: Unit | None, action: str, *, kind: str | None = None):
        self.actor, self.unit, self.action, self.kind = actor, unit, action, kind
        self._require(unit)

    def _require(self, unit: Unit | None) -> None:
        if self.action == policy.CREATE:
            policy.require_can_create_under(self.actor, unit, self.kind)
        else:
            policy.REQUIRE[self.action](self.actor, unit)

    @contextmanager
    def hold(self, *, expected_revision: int | None = None, target: Unit | None = None):
        """A transaction holding the tree lock of the unit (and of `target`, a move's new
        parent): yields the unit read afresh under it (or `(unit, target)`), re-checked. Creating
        an IE (no parent) takes the lock that guards new trees."""
        with transaction.atomic():
            if self.unit is None:
                lock_trees(_NEW_TREE_KEY)
                yield None
                return
            if target is not None:
                lock_trees(self.unit.tree_id, target.tree_id)
            unit = locked_unit(self.unit)
            self._require(unit)
            _check_revision(unit, expected_revision)
            yield unit if target is None else (unit, locked_unit(target))


def locked_for(actor, unit: Unit | None, action: str, *, kind: str | None = None) -> ActionLock:
    """Check `actor` may take `action` on `unit` now; `.hold(...)` locks and checks again."""
    return ActionLock(actor, unit, action, kind=kind)
