"""Withdrawing a pending change (issue 5): gone from the projection, kept in the audit trail."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import AuditEvent
from hierarchy import services
from hierarchy.asof import tree_as_of
from tests import factories
from tests.factories import refresh
from tests.hierarchy.trees import outline


def rename(actor, unit, name, day):
    data = services.UnitData.from_unit(unit)
    data.name = name
    return services.unit_update(actor=actor, unit=unit, data=data, effective_date=day, reason="Testændring")


def test_withdrawn_move_disappears_from_the_projection_and_stays_in_the_audit(tree, municipal_admin, today):
    day = today + timedelta(days=10)
    services.unit_move(
        actor=municipal_admin,
        unit=tree.blovstrod,
        new_parent=tree.skole,
        effective_date=day,
        reason="Flyttes",
    )
    services.unit_withdraw_change(
        actor=municipal_admin, unit=refresh(tree.blovstrod), valid_from=day, reason="Fortrudt"
    )
    unit = refresh(tree.blovstrod)
    assert unit.versions.count() == 1 and unit.versions.get().valid_to is None
    assert "        Tandplejen Blovstrød Skole" not in outline(tree_as_of(tree.ie, day))
    assert AuditEvent.objects.filter(action="hierarchy.unit.move", object_id=unit.sor_id).exists()
    event = AuditEvent.objects.get(action="hierarchy.unit.withdraw_change")
    assert event.reason == "Fortrudt" and event.after["withdrawn_version"]["parent"] == tree.skole.sor_id


def test_withdrawing_keeps_later_changes_of_other_fields(tree, municipal_admin, today):
    rename(municipal_admin, tree.lillerod, "Navn A", today + timedelta(days=5))
    rename(municipal_admin, refresh(tree.lillerod), "Navn B", today + timedelta(days=15))
    services.unit_move(
        actor=municipal_admin,
        unit=refresh(tree.lillerod),
        new_parent=tree.skole,
        effective_date=today + timedelta(days=10),
        reason="Flyttes",
    )
    services.unit_withdraw_change(
        actor=municipal_admin,
        unit=refresh(tree.lillerod),
        valid_from=today + timedelta(days=5),
        reason="Forkert navn",
    )
    versions = list(refresh(tree.lillerod).versions.order_by("valid_from"))
    assert [v.name for v in versions] == ["Tandplejen Lillerød Skole", "Tandplejen Lillerød Skole", "Navn B"]
    assert [v.parent_id for v in versions] == [tree.tand.pk, tree.skole.pk, tree.skole.pk]


def test_a_change_in_force_cannot_be_withdrawn(tree, municipal_admin, today):
    rename(municipal_admin, tree.lillerod, "Nyt navn", today)
    with pytest.raises(ValidationError, match="allerede trådt i kraft"):
        services.unit_withdraw_change(
            actor=municipal_admin, unit=refresh(tree.lillerod), valid_from=today, reason="x"
        )


def test_withdraw_outside_scope_is_refused(tree, other_kommune, municipal_admin, today):
    foreign = factories.oe(factories.si(other_kommune), "Fremmed")
    rename(None, foreign, "Planlagt", today + timedelta(days=3))
    with pytest.raises(PermissionDenied):
        services.unit_withdraw_change(
            actor=municipal_admin, unit=foreign, valid_from=today + timedelta(days=3), reason="x"
        )
    assert refresh(foreign).versions.count() == 2


def test_withdraw_needs_a_reason(tree, municipal_admin, today):
    rename(municipal_admin, tree.lillerod, "Planlagt", today + timedelta(days=3))
    with pytest.raises(ValidationError) as exc:
        services.unit_withdraw_change(
            actor=municipal_admin,
            unit=refresh(tree.lillerod),
            valid_from=today + timedelta(days=3),
            reason="",
        )
    assert exc.value.message_dict["reason"] == [services.MSG_REASON_REQUIRED]


def test_withdraw_a_pending_close(tree, municipal_admin, today):
    services.unit_close(actor=municipal_admin, unit=tree.lillerod, reason="Lukkes")
    unit = services.unit_withdraw_close(
        actor=municipal_admin, unit=refresh(tree.lillerod), reason="Fortsætter"
    )
    assert unit.valid_to is None and unit.versions.get().valid_to is None
    assert AuditEvent.objects.filter(action="hierarchy.unit.withdraw_close").count() == 1
    with pytest.raises(ValidationError, match="ingen planlagt lukning"):
        services.unit_withdraw_close(actor=municipal_admin, unit=unit, reason="igen")
