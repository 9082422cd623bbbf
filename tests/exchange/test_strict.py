"""The one relaxation the importer needs in hierarchy.services: `strict=False` (system imports
only) lets an OE inherit telephone and postadresse from its parent, as SOR allows."""

import pytest
from django.core.exceptions import ValidationError

from hierarchy import services
from hierarchy.models import UnitType
from tests import factories


def _data(**overrides):
    values = {"name": "Importeret enhed", "unit_type": UnitType.objects.get(code=factories.PLEJEHJEM)}
    values.update(overrides)
    return services.UnitData(**values)


def test_strict_create_still_requires_phone_and_postal_address_of_an_oe(tree):
    with pytest.raises(ValidationError) as exc:
        services.unit_create(
            actor=None,
            kind="OE",
            parent=tree.si,
            data=_data(),
            valid_from=tree.ie.valid_from,
            reason="Testændring",
        )
    assert set(exc.value.message_dict) == {"phone", "postal_address"}


def test_non_strict_create_lets_an_oe_inherit_phone_and_postal_address(tree):
    unit = services.unit_create(
        actor=None,
        kind="OE",
        parent=tree.si,
        data=_data(),
        valid_from=tree.ie.valid_from,
        strict=False,
        reason="Testændring",
    )
    assert unit.phone == "" and unit.postal_address is None


def test_non_strict_keeps_every_other_check(tree):
    with pytest.raises(ValidationError) as exc:
        services.unit_create(
            actor=None,
            kind="OE",
            parent=tree.si,
            data=_data(name="", phone="12", email="ikke en adresse"),
            valid_from=tree.ie.valid_from,
            strict=False,
            reason="Testændring",
        )
    assert set(exc.value.message_dict) == {"name", "phone", "email"}


def test_non_strict_update_lets_an_oe_drop_its_own_phone_and_address(tree):
    data = services.UnitData.from_unit(tree.skole)
    data.phone = ""
    data.postal_address = None
    with pytest.raises(ValidationError):
        services.unit_update(actor=None, unit=tree.skole, data=data, reason="Testændring")
    unit = services.unit_update(actor=None, unit=tree.skole, data=data, strict=False, reason="Testændring")
    assert unit.phone == "" and unit.postal_address is None


def test_non_strict_is_refused_for_a_user(tree, sds_user):
    with pytest.raises(ValueError, match="reserved for system imports"):
        services.unit_create(
            actor=sds_user,
            kind="OE",
            parent=tree.si,
            data=_data(),
            valid_from=tree.ie.valid_from,
            strict=False,
            reason="Testændring",
        )
    with pytest.raises(ValueError, match="reserved for system imports"):
        services.unit_update(
            actor=sds_user, unit=tree.skole, data=_data(), strict=False, reason="Testændring"
        )
