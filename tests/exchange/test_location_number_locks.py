"""Every lokationsnummer write takes the register's one lock protocol (issue 22 item 6): the
tree lock of the number's unit, then a re-read under it, and the lock of the new tree when the
unit moved to another IE's tree between the read and the lock."""

import pytest

from audit.models import AuditEvent
from exchange import location_numbers
from hierarchy import services
from hierarchy.identifiers import make_gln
from hierarchy.services import locking
from tests import factories


@pytest.fixture
def moving(tree, other_kommune, monkeypatch):
    """Record every tree lock taken; the first one is the moment another writer moves the
    number's unit (Allerød's Tandpleje) under an SI of another kommune, a tree the writer
    under test has not locked yet."""
    number = location_numbers.location_number_create(
        actor=None, unit=tree.tand, gln=make_gln("579000033333"), reason="Testændring"
    )
    target = factories.si(other_kommune, "Sundhed og Omsorg Aarhus")
    original = locking.lock_trees
    state = {"locked": [], "moved": False}

    def lock_trees(*tree_ids):
        if state["moved"] is None:  # the other writer's own locks
            return original(*tree_ids)
        state["locked"].append(set(tree_ids))
        if not state["moved"]:
            state["moved"] = None
            services.unit_move(
                actor=None,
                unit=tree.tand,
                new_parent=target,
                effective_date=services.today(),
                reason="Flyttes til Aarhus",
                confirm_impact=True,
            )
            state["moved"] = True
        original(*tree_ids)

    monkeypatch.setattr(locking, "lock_trees", lock_trees)
    monkeypatch.setattr(location_numbers, "lock_trees", lock_trees, raising=False)
    return number, state, other_kommune


def test_a_number_whose_unit_moved_to_another_tree_meanwhile_is_written_under_that_trees_lock(moving, tree):
    number, state, aarhus = moving
    location_numbers.location_number_update(
        actor=None, location_number=number, note="Ny note", reason="Testændring"
    )
    assert state["moved"]
    assert any(aarhus.tree_id in locked for locked in state["locked"]), state["locked"]
    event = AuditEvent.objects.get(action=location_numbers.UPDATE)
    assert event.scope_id == aarhus.sor_id and event.after["note"] == "Ny note"


def test_a_number_that_moved_to_another_unit_meanwhile_is_read_again(tree, sds_user):
    """The protocol's loop: the number is re-read under the lock, and followed to its new unit."""
    number = location_numbers.location_number_create(
        actor=None, unit=tree.tand, gln=make_gln("579000044444"), reason="Testændring"
    )
    stale = location_numbers.LocationNumber.objects.get(pk=number.pk)
    location_numbers.location_number_move(
        actor=sds_user, location_number=number, new_unit=tree.pleje, reason="x"
    )
    locked = location_numbers._locked_number(stale)
    assert locked.unit == tree.pleje and locked.unit.node.tree_id == tree.ie.tree_id
