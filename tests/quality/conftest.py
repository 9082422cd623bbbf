from datetime import timedelta

import pytest

from hierarchy import services
from hierarchy.models import Unit, UnitType
from hierarchy.periods import in_force_q
from quality.rules import RULES
from tests.factories import LONG_AGO, UnitDataFactory


def make_unit(parent, name, *, kind="OE", type_code=None, strict=True, **data):
    """A unit through the services; `strict=False` as the SOR import writes (inherited phone
    and postadresse allowed)."""
    if type_code:
        data["unit_type"] = UnitType.objects.get(code=type_code)
    return services.unit_create(
        actor=None,
        kind=kind,
        parent=parent,
        data=UnitDataFactory(name=name, **data),
        valid_from=LONG_AGO,
        strict=strict,
        reason="Testændring",
    )


def found(rule_id, day):
    """The names of the units in force on `day` that break the rule."""
    rule = RULES[rule_id]
    return set(rule.query(Unit.objects.filter(in_force_q(day)), day).values_list("name", flat=True))


@pytest.fixture
def soon(today):
    return today + timedelta(days=10)
