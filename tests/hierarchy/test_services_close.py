"""R5: closing date default and earliest today + 7; open sub-units block the close."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import AuditEvent
from exchange import location_numbers
from hierarchy import services
from tests import factories
from tests.factories import refresh


def close(actor, unit, day=None, **kwargs):
    kwargs.setdefault("reason", "Enheden nedlægges")
    return services.unit_close(actor=actor, unit=unit, closing_date=day, **kwargs)


def test_default_closing_date_is_today_plus_7(tree, municipal_admin, today):
    unit = close(municipal_admin, tree.blovstrod)
    assert unit.valid_to == today + timedelta(days=7)
    assert unit.versions.get().valid_to == today + timedelta(days=7)
    assert unit.in_force_on(today + timedelta(days=7))
    assert not unit.in_force_on(today + timedelta(days=8))


def test_close_at_today_plus_7_is_allowed_and_plus_6_refused(tree, municipal_admin, today):
    with pytest.raises(ValidationError) as exc:
        close(municipal_admin, tree.blovstrod, today + timedelta(days=6))
    assert exc.value.message_dict["closing_date"] == [
        "Dato for enhedens ophør skal tidligst være 09-03-2026 (dags dato + 7 dage)."
    ]
    assert refresh(tree.blovstrod).valid_to is None
    assert close(municipal_admin, tree.blovstrod, today + timedelta(days=7)).valid_to == today + timedelta(
        days=7
    )


def test_unit_with_open_sub_units_cannot_be_closed(tree, municipal_admin, today):
    with pytest.raises(ValidationError) as exc:
        close(municipal_admin, tree.tand, today + timedelta(days=10))
    message = exc.value.message_dict["closing_date"][0]
    assert "Tandplejen Blovstrød Skole" in message and "Tandplejen Lillerød Skole" in message
    assert refresh(tree.tand).valid_to is None


def test_unit_closes_once_its_sub_units_close_first(tree, municipal_admin, today):
    close(municipal_admin, tree.blovstrod, today + timedelta(days=8))
    close(municipal_admin, tree.lillerod, today + timedelta(days=10))
    with pytest.raises(ValidationError):
        close(municipal_admin, refresh(tree.tand), today + timedelta(days=9))  # Lillerød still open on day 10
    assert close(
        municipal_admin, refresh(tree.tand), today + timedelta(days=10)
    ).valid_to == today + timedelta(days=10)


def test_sub_unit_moving_away_before_the_date_does_not_block(tree, municipal_admin, today):
    services.unit_move(
        actor=municipal_admin,
        unit=tree.skole,
        new_parent=tree.tand,
        effective_date=today + timedelta(days=5),
        reason="Flyttes",
    )
    assert close(municipal_admin, refresh(tree.pleje), today + timedelta(days=7)).valid_to


def test_pending_change_after_the_closing_date_blocks(tree, municipal_admin, today):
    data = services.UnitData.from_unit(tree.blovstrod)
    data.name = "Senere navn"
    services.unit_update(
        actor=municipal_admin,
        unit=tree.blovstrod,
        data=data,
        effective_date=today + timedelta(days=20),
        reason="Testændring",
    )
    with pytest.raises(ValidationError) as exc:
        close(municipal_admin, refresh(tree.blovstrod), today + timedelta(days=10))
    assert (
        "planlagte ændringer efter lukkedatoen (pr. 22-03-2026)" in exc.value.message_dict["closing_date"][0]
    )


def test_already_closing_unit_cannot_be_closed_again(tree, municipal_admin, today):
    close(municipal_admin, tree.blovstrod)
    with pytest.raises(ValidationError) as exc:
        close(municipal_admin, refresh(tree.blovstrod), today + timedelta(days=30))
    assert "lukkes pr. 09-03-2026" in exc.value.message_dict["closing_date"][0]


def test_close_requires_a_reason(tree, municipal_admin, today):
    with pytest.raises(ValidationError) as exc:
        close(municipal_admin, tree.blovstrod, reason="")
    assert exc.value.message_dict["reason"] == [services.MSG_REASON_REQUIRED]


def test_close_outside_scope_is_refused(tree, other_kommune, municipal_admin, today):
    foreign = factories.oe(factories.si(other_kommune), "Fremmed")
    with pytest.raises(PermissionDenied):
        close(municipal_admin, foreign)
    assert refresh(foreign).valid_to is None


def test_closing_a_gln_carrier_needs_confirmation(tree, municipal_admin, today):
    location_numbers.location_number_create(
        actor=None,
        unit=tree.blovstrod,
        gln="5790000141227",
        message_types=services.message_types_by_code("XDIS15"),
        reason="Testændring",
    )
    with pytest.raises(services.ImpactConfirmationRequired) as exc:
        close(municipal_admin, refresh(tree.blovstrod))
    assert exc.value.impact["own"]["gln"] == "5790000141227"
    assert refresh(tree.blovstrod).valid_to is None
    assert close(municipal_admin, refresh(tree.blovstrod), confirm_impact=True).valid_to


def test_close_is_audited(tree, municipal_admin, today):
    close(municipal_admin, tree.blovstrod)
    event = AuditEvent.objects.get(action="hierarchy.unit.close")
    assert event.before["valid_to"] is None and event.after["valid_to"] == "2026-03-09"
    assert event.effective_date == today + timedelta(days=7)
