"""Effective addresses and contact details under SOR's inheritance rules."""

from dataclasses import replace
from types import SimpleNamespace

import pytest

from addresses.inheritance import (
    Contact,
    effective_activity_address,
    effective_contact,
    effective_details,
    effective_postal_address,
    effective_visiting_address,
)
from addresses.services import AddressInput
from hierarchy import services
from hierarchy.models import UnitType
from tests import factories


def unit(name, parent=None, kind="OE", **attrs):
    defaults = {
        "postal_address": None,
        "visiting_same_as_postal": True,
        "visiting_address": None,
        "activity_same_as_visiting": True,
        "activity_address": None,
        "phone": "",
        "email": "",
        "website": "",
    }
    return SimpleNamespace(name=name, parent=parent, kind=kind, **(defaults | attrs))


def test_postal_address_inherited_up_the_tree_with_note():
    ie = unit("Allerød Kommune", kind="IE", postal_address="Bjarkesvej 2, 3450 Allerød")
    si = unit("Center for Sundhed og Omsorg", ie, kind="SI")
    oe = unit("Tandplejen", si)
    postal = effective_postal_address(oe)
    assert (postal.value, postal.holder, postal.inherited) == ("Bjarkesvej 2, 3450 Allerød", ie, True)
    assert postal.note == "Nedarvet fra Allerød Kommune"
    own = effective_postal_address(ie)
    assert (own.inherited, own.note) == (False, "")


def test_visiting_and_activity_follow_same_as():
    ie = unit("Allerød Kommune", kind="IE", postal_address="P")
    oe = unit("Tandplejen", ie)
    visiting = effective_visiting_address(oe)
    assert (visiting.value, visiting.note) == ("P", "Samme som postadresse, nedarvet fra Allerød Kommune")
    activity = effective_activity_address(oe)
    assert (activity.value, activity.note) == ("P", "Samme som besøgsadresse, nedarvet fra Allerød Kommune")

    oe2 = unit("Klinik", ie, postal_address="P2", visiting_same_as_postal=False, visiting_address="B2")
    assert effective_visiting_address(oe2).value == "B2"
    assert effective_visiting_address(oe2).note == ""
    assert effective_activity_address(oe2).note == "Samme som besøgsadresse"
    oe3 = unit("Klinik 3", ie, activity_same_as_visiting=False, activity_address="A3")
    assert (effective_activity_address(oe3).value, effective_activity_address(oe3).note) == ("A3", "")


def test_missing_visiting_means_postal_and_ie_si_have_no_activity_address():
    ie = unit("Kommune", kind="IE", postal_address="P", visiting_same_as_postal=False, visiting_address=None)
    assert effective_visiting_address(ie).value == "P"
    assert effective_activity_address(ie) is None
    assert effective_activity_address(unit("SI", ie, kind="SI")) is None


def test_contact_block_inherited_only_when_the_unit_has_none():
    ie = unit(
        "Allerød Kommune",
        kind="IE",
        phone="48 10 01 00",
        email="post@alleroed.dk",
        website="https://alleroed.dk",
    )
    si = unit("Center", ie, kind="SI")
    oe = unit("Tandplejen", si, email="tand@alleroed.dk")
    inherited = effective_contact(si)
    assert inherited.value == Contact("48 10 01 00", "post@alleroed.dk", "https://alleroed.dk")
    assert inherited.note == "Nedarvet fra Allerød Kommune"
    own = effective_contact(oe)
    assert own.value == Contact("", "tand@alleroed.dk", "")  # the block is not mixed field by field
    assert not own.inherited


def test_nothing_anywhere_and_cyclic_parents_end():
    lonely = unit("Alene")
    assert effective_postal_address(lonely).value is None
    assert not effective_contact(lonely).value
    a = unit("A")
    b = unit("B", a)
    a.parent = b
    assert effective_postal_address(a).value is None


# --- through the real models and services ---------------------------------------------------


@pytest.mark.django_db
def test_si_without_own_postal_address_and_contact_inherits_from_ie(kommune):
    data = factories.UnitDataFactory(
        name="Center for Sundhed",
        unit_type=UnitType.objects.get(code=factories.SUNDHEDSFORVALTNING),
        phone="",
        email="",
        website="",
        postal_address=None,
    )
    si = services.unit_create(actor=None, kind="SI", parent=kommune, data=data, valid_from=factories.LONG_AGO)
    details = effective_details(si)
    assert details["postal"].value == kommune.postal_address
    assert details["postal"].note == f"Nedarvet fra {kommune.name}"
    assert details["visiting"].note == f"Samme som postadresse, nedarvet fra {kommune.name}"
    assert details["activity"] is None
    assert details["contact"].value.phone == kommune.phone
    assert details["contact"].holder == kommune


@pytest.mark.django_db
def test_same_as_addresses_follow_their_source_through_unit_update(kommune):
    si = factories.si(kommune)
    oe = factories.oe(si, "Tandplejen Lynge Skole")
    assert oe.visiting_same_as_postal and oe.activity_same_as_visiting
    assert oe.visiting_address is None and oe.activity_address is None
    assert effective_visiting_address(oe).value.one_line() == "Bjarkesvej 2, 3450 Allerød"

    data = replace(
        services.UnitData.from_unit(oe),
        postal_address=AddressInput(postal_code="3540", street_name="Ved Gadekæret", house_number="15A"),
    )
    oe = services.unit_update(actor=None, unit=oe, data=data, reason="Ny adresse")
    oe.refresh_from_db()
    assert oe.visiting_address is None  # still "same as", not a copy
    assert effective_visiting_address(oe).value.one_line() == "Ved Gadekæret 15A, 3540 Lynge"
    assert effective_activity_address(oe).value.one_line() == "Ved Gadekæret 15A, 3540 Lynge"
    assert effective_activity_address(oe).note == "Samme som besøgsadresse"


@pytest.mark.django_db
def test_unchanged_unit_update_keeps_the_address_row(kommune):
    si = factories.si(kommune)
    oe = factories.oe(si)
    address_before = oe.postal_address_id
    data = replace(services.UnitData.from_unit(oe), phone="48 10 99 99")
    oe = services.unit_update(actor=None, unit=oe, data=data, reason="Nyt nummer")
    assert oe.postal_address_id == address_before
