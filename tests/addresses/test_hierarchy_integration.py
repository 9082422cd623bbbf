"""How hierarchy.services (which calls address_get_or_create) sees the address checks."""

from dataclasses import replace

import pytest
from django.core.exceptions import ValidationError

from addresses.models import Address
from addresses.services import AddressInput
from hierarchy import services
from tests import factories

pytestmark = pytest.mark.django_db


def test_unknown_street_is_refused_by_unit_create_until_confirmed(kommune):
    si = factories.si(kommune)
    data = factories.UnitDataFactory(postal_address=AddressInput("3450", "Engholm Allé", "1"))
    with pytest.raises(ValidationError) as info:
        services.unit_create(
            actor=None, kind="OE", parent=si, data=data, valid_from=factories.LONG_AGO, reason="Testændring"
        )
    assert (
        "findes ikke i vejregisteret for 3450 Allerød"
        in info.value.message_dict["postal_address_street_name"][0]
    )

    confirmed = replace(data, postal_address=replace(data.postal_address, confirm_unknown_street=True))
    oe = services.unit_create(
        actor=None, kind="OE", parent=si, data=confirmed, valid_from=factories.LONG_AGO, reason="Testændring"
    )
    assert oe.postal_address.validation == Address.Validation.CONFIRMED

    # Editing another field re-checks the address as stored, without the flag: still accepted.
    again = replace(services.UnitData.from_unit(oe), phone="48 10 99 99")
    oe = services.unit_update(actor=None, unit=oe, data=again, reason="Nyt nummer")
    assert oe.phone == "48 10 99 99"
    assert oe.postal_address.validation == Address.Validation.CONFIRMED


def test_unchanged_unit_update_keeps_the_address_row(kommune):
    si = factories.si(kommune)
    oe = factories.oe(si)
    address_before = oe.postal_address_id
    data = replace(services.UnitData.from_unit(oe), phone="48 10 99 99")
    oe = services.unit_update(actor=None, unit=oe, data=data, reason="Nyt nummer")
    assert oe.postal_address_id == address_before
