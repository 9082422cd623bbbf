"""The date rule of R3-R5 has one home (policy.first_allowed_day): the first day the date picker
offers (policy.earliest_date) is the first day the service accepts, for every action, and the
day before it is refused (issue 27 item 8)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from hierarchy import policy, services
from tests.factories import UnitDataFactory


def attempt(action, actor, tree, day):
    if action == "create":
        return services.unit_create(
            actor=actor,
            kind="OE",
            parent=tree.tand,
            data=UnitDataFactory(name="Ny klinik"),
            valid_from=day,
            reason="Ny",
        )
    if action == "update":
        data = services.UnitData.from_unit(tree.blovstrod)
        data.name = "Tandplejen Blovstrød"
        return services.unit_update(
            actor=actor, unit=tree.blovstrod, data=data, effective_date=day, reason="Navn"
        )
    if action == "move":
        return services.unit_move(
            actor=actor,
            unit=tree.blovstrod,
            new_parent=tree.pleje,
            effective_date=day,
            reason="Flyt",
            validate_only=True,
        )
    return services.unit_close(
        actor=actor, unit=tree.lillerod, closing_date=day, reason="Luk", validate_only=True
    )


def unit_of(action, tree):
    return {"create": tree.tand, "update": tree.blovstrod, "move": tree.blovstrod, "close": tree.lillerod}[
        action
    ]


@pytest.mark.parametrize("action", ["create", "update", "move", "close"])
def test_the_picker_starts_where_the_service_starts(action, tree, municipal_admin, today):
    first = policy.earliest_date(action, actor=municipal_admin, unit=unit_of(action, tree))
    assert first == today + timedelta(days=policy.EARLIEST_DAYS[action])
    with pytest.raises(ValidationError):
        attempt(action, municipal_admin, tree, first - timedelta(days=1))
    attempt(action, municipal_admin, tree, first)


@pytest.mark.parametrize("action", ["create", "update", "move", "close"])
def test_sds_and_the_system_may_use_any_day_in_the_units_life(action, tree, sds_user, today):
    unit = unit_of(action, tree)
    assert policy.first_allowed_day(action, sds_user) is None
    assert policy.first_allowed_day(action, None) is None
    assert policy.earliest_date(action, actor=sds_user, unit=unit) == unit.valid_from
    attempt(action, sds_user, tree, today - timedelta(days=3))
