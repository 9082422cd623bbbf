"""What a unit inherits and from whom (hierarchy.inheritance), and that the details panel, the
exports and the API show the same: SOR's block rules, not four versions of them."""

import csv
import io
from dataclasses import replace
from types import SimpleNamespace

import pytest
from django.urls import reverse
from lxml import etree, html

from addresses.services import AddressInput
from exchange.auth import token_issue
from exchange.exporter import iter_sor_entity_csv, iter_sor_xml
from exchange.sorxml import XKOM_2005, q
from hierarchy import services
from hierarchy.inheritance import Contact, inherit, resolve
from hierarchy.models import UnitType
from tests import factories


def unit(name, kind="OE", **attrs):
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
    return SimpleNamespace(name=name, kind=kind, **(defaults | attrs))


def effective(*lineage):
    """`lineage` nearest first, as the callers pass it."""
    return resolve(lineage, kind=lineage[0].kind)


IE = dict(kind="IE", postal_address="Bjarkesvej 2", phone="48 10 01 00", email="post@alleroed.dk")


# --- the rule --------------------------------------------------------------------------------


def test_postal_address_comes_from_the_nearest_ancestor_that_has_one():
    ie = unit("Allerød Kommune", **IE)
    si = unit("Center", kind="SI")
    oe = unit("Tandplejen", postal_address="Ved Gadekæret 15A")
    leaf = unit("Klinik")
    postal = effective(leaf, oe, si, ie).postal_address
    assert (postal.value, postal.holder, postal.inherited, postal.source) == (
        "Ved Gadekæret 15A",
        oe,
        True,
        oe,
    )
    postal = effective(si, ie).postal_address
    assert (postal.value, postal.source) == ("Bjarkesvej 2", ie)


def test_own_postal_address_is_not_inherited():
    ie = unit("Allerød Kommune", **IE)
    own = effective(unit("Klinik", postal_address="Kongevejen 8"), ie).postal_address
    assert (own.value, own.inherited, own.source) == ("Kongevejen 8", False, None)


def test_nothing_anywhere_is_nothing_and_from_no_one():
    result = effective(unit("Klinik"), unit("Kommune", kind="IE"))
    assert result.postal_address.value is None and result.postal_address.source is None
    assert not result.contact.value and result.contact.source is None
    assert result.visiting_address.value is None


def test_visiting_and_activity_follow_same_as_and_their_source():
    ie = unit("Allerød Kommune", **IE)
    oe = effective(unit("Tandplejen"), ie)
    assert (oe.visiting_address.value, oe.visiting_address.source) == ("Bjarkesvej 2", ie)
    assert (oe.activity_address.value, oe.activity_address.source) == ("Bjarkesvej 2", ie)

    own_visiting = effective(unit("Klinik", visiting_same_as_postal=False, visiting_address="B2"), ie)
    assert (own_visiting.visiting_address.value, own_visiting.visiting_address.source) == ("B2", None)
    assert own_visiting.activity_address.value == "B2"
    own_activity = effective(unit("Klinik", activity_same_as_visiting=False, activity_address="A3"), ie)
    assert (own_activity.activity_address.value, own_activity.activity_address.inherited) == ("A3", False)


def test_visiting_and_activity_addresses_are_never_taken_from_an_ancestor():
    ie = unit("Allerød Kommune", **IE)
    si = unit("Center", kind="SI", visiting_same_as_postal=False, visiting_address="SI-besøg")
    assert effective(unit("Klinik"), si, ie).visiting_address.value == "Bjarkesvej 2"


def test_missing_visiting_means_postal_and_only_an_oe_has_an_activity_address():
    ie = effective(unit("Kommune", kind="IE", postal_address="P", visiting_same_as_postal=False))
    assert ie.visiting_address.value == "P"
    assert ie.activity_address is None
    assert effective(unit("SI", kind="SI"), unit("Kommune", **IE)).activity_address is None


def test_contact_block_inherited_when_the_unit_has_none_of_the_three():
    ie = unit("Allerød Kommune", **IE, website="https://alleroed.dk")
    si = unit("Center", kind="SI")
    contact = effective(unit("Tandplejen"), si, ie).contact
    assert contact.value == Contact("48 10 01 00", "post@alleroed.dk", "https://alleroed.dk")
    assert contact.source is ie


@pytest.mark.parametrize("field", ["phone", "email", "website"])
def test_any_one_own_contact_field_keeps_the_whole_block_own(field):
    """SOR's VirtualAddressInformation is one block: the missing fields are not filled in from
    the ancestor one by one."""
    ie = unit("Allerød Kommune", **IE, website="https://alleroed.dk")
    own = effective(unit("Center", kind="SI", **{field: "x"}), ie).contact
    assert own.value == Contact(**{field: "x"})
    assert own.source is None and own.holder is not ie


def test_inherit_step_by_step_is_resolve_of_the_lineage():
    """The export's streaming step gives what the lineage gives."""
    ie = unit("Allerød Kommune", **IE)
    si = unit("Center", kind="SI", email="si@alleroed.dk")
    oe = unit("Tandplejen")
    stepped = inherit(oe, inherit(si, inherit(ie, None, kind="IE"), kind="SI"), kind="OE")
    assert stepped == effective(oe, si, ie)
    assert (stepped.contact.value.email, stepped.contact.source) == ("si@alleroed.dk", si)


# --- through the real models and services ----------------------------------------------------


@pytest.mark.django_db
def test_same_as_addresses_follow_their_source_through_unit_update(kommune):
    si = factories.si(kommune)
    oe = factories.oe(si, "Tandplejen Lynge Skole")
    data = replace(
        services.UnitData.from_unit(oe),
        postal_address=AddressInput(postal_code="3540", street_name="Ved Gadekæret", house_number="15A"),
    )
    oe = services.unit_update(actor=None, unit=oe, data=data, reason="Ny adresse")
    oe.refresh_from_db()
    assert oe.visiting_address is None  # still "same as", not a copy
    result = resolve([oe, si, kommune], kind=oe.kind)
    assert result.visiting_address.value.one_line() == "Ved Gadekæret 15A, 3540 Lynge"
    assert result.activity_address.value.one_line() == "Ved Gadekæret 15A, 3540 Lynge"
    assert result.activity_address.source is None


@pytest.mark.django_db
def test_si_without_own_postal_address_and_contact_inherits_both_from_ie(kommune):
    si = services.unit_create(
        actor=None,
        kind="SI",
        parent=kommune,
        data=services.UnitData(
            name="Center for Sundhed", unit_type=UnitType.objects.get(code=factories.SUNDHEDSFORVALTNING)
        ),
        valid_from=factories.LONG_AGO,
        reason="Testændring",
    )
    result = resolve([si, kommune], kind=si.kind)
    assert (result.postal_address.value, result.postal_address.source) == (kommune.postal_address, kommune)
    assert (result.visiting_address.value, result.visiting_address.source) == (
        kommune.postal_address,
        kommune,
    )
    assert result.activity_address is None
    assert (result.contact.value.phone, result.contact.source) == (kommune.phone, kommune)


# --- the details panel, the exports and the API agree ----------------------------------------


@pytest.fixture
def partial(kommune):
    """Under Allerød Kommune (telephone and e-mail of its own): an SI with its own e-mail, no
    telephone and no postadresse, and below it an OE with no address or contact of its own."""
    si = services.unit_create(
        actor=None,
        kind="SI",
        parent=kommune,
        data=services.UnitData(
            name="Center med egen e-mail",
            unit_type=UnitType.objects.get(code=factories.SUNDHEDSFORVALTNING),
            email="center@alleroed.dk",
        ),
        valid_from=factories.LONG_AGO,
        reason="Testændring",
    )
    oe = services.unit_create(
        actor=None,
        kind="OE",
        parent=si,
        data=services.UnitData(
            name="Arvende enhed", unit_type=UnitType.objects.get(code=factories.PLEJEHJEM)
        ),
        valid_from=factories.LONG_AGO,
        strict=False,
        reason="Testændring",
    )
    return SimpleNamespace(ie=kommune, si=si, oe=oe)


def _split_note(text: str) -> tuple[str, str | None]:
    value, _, source = " ".join(text.split()).partition(" nedarvet fra ")
    return ("" if value == "–" else value), (source or None)


def panel_view(client, unit) -> dict:
    """What the details fragment shows: {label: (value, 'nedarvet fra' name or None)}."""
    url = reverse("hierarchy:unit_detail", args=[unit.sor_id])
    response = client.get(url, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="details")
    assert response.status_code == 200
    doc = html.fromstring(response.content.decode())
    shown = {}
    for dt in doc.iter("dt"):
        if dt.text in ("Postadresse", "Telefonnummer", "E-mail", "Hjemmeside"):
            shown[dt.text] = _split_note(dt.getnext().text_content())
    return shown


def api_view(client, token, unit, names) -> dict:
    body = client.get(
        reverse("exchange:api_unit", args=[unit.sor_id]), headers={"Authorization": f"Token {token}"}
    ).json()["effective"]
    postal_from = names[body["postal_address_from_sor_id"]] if body["postal_address_from_sor_id"] else None
    contact_from = names[body["contact_from_sor_id"]] if body["contact_from_sor_id"] else None
    own = unit.name
    return {
        "Postadresse": (
            body["postal_address"]["text"] if body["postal_address"] else "",
            None if postal_from == own else postal_from,
        ),
        "Telefonnummer": (body["phone"], None if contact_from == own or not body["phone"] else contact_from),
        "E-mail": (body["email"], None if contact_from == own or not body["email"] else contact_from),
        "Hjemmeside": (body["website"], None if contact_from == own or not body["website"] else contact_from),
    }


def xml_view(doc, unit) -> dict:
    """SOR's reading of the XML: a block absent on a unit is the nearest enclosing unit's."""
    element = next(e for e in doc.iter() if e.findtext(q("SorIdentifier")) == unit.sor_id)
    chain = [element] + [a.find("*") for a in element.getparent().iterancestors() if a.tag.endswith("Entity")]

    def block(name):
        holder = next((e for e in chain if e.find(q(name)) is not None), None)
        if holder is None:
            return None, None
        name_of = holder.findtext(q("EntityName"))
        return holder.find(q(name)), (None if holder is element else name_of)

    postal, postal_from = block("PostalAddressInformation")
    virtual, contact_from = block("VirtualAddressInformation")
    street = postal.find(".//{*}StreetName").text if postal is not None else ""
    number = postal.find(".//{*}StreetBuildingIdentifier").text if postal is not None else ""
    code = postal.find(".//{*}PostCodeIdentifier").text if postal is not None else ""
    city = postal.find(".//{*}DistrictName").text if postal is not None else ""

    def field(path):
        value = virtual.findtext(path) if virtual is not None else ""
        return (value or "", contact_from if value else None)

    return {
        "Postadresse": (f"{street} {number}, {code} {city}", postal_from),
        "Telefonnummer": field(q("TelephoneNumberIdentifier")),
        "E-mail": field(q("EmailAddressIdentifier", XKOM_2005)),
        "Hjemmeside": field(q("Website")),
    }


def csv_values(unit) -> dict:
    """The SorEntity CSV shows effective values (it has no column for their source)."""

    text = b"".join(iter_sor_entity_csv()).decode("utf-8")[1:]
    row = next(
        r for r in csv.DictReader(io.StringIO(text), delimiter=";") if r["SorId"] == f'="{unit.sor_id}"'
    )
    street = f"{row['PostalAddressStreetName']} {row['PostalAddressStreetBuildingId']}"
    return {
        "Postadresse": f"{street}, {row['PostalAddressPostCodeId']} {row['PostalAddressDistrictName']}",
        "Telefonnummer": row["VirtualAddressTelephoneNumber"],
        "E-mail": row["VirtualAddressEmailAddress"],
        "Hjemmeside": row["VirtualAddressWebsite"],
    }


@pytest.mark.django_db
def test_panel_export_and_api_agree_on_partial_own_contact(client, sds_user, partial):
    """The SI has its own e-mail and no telephone: by SOR's block rule that is its own contact
    block, so nothing of the IE's contact shows on it; the OE below has none and inherits the
    SI's block. Both inherit the IE's postadresse."""
    ie, si, oe = partial.ie, partial.si, partial.oe
    client.force_login(sds_user)
    token = token_issue(actor=None, name="Test")[1]
    names = {u.sor_id: u.name for u in (ie, si, oe)}
    doc = etree.parse(io.BytesIO(b"".join(iter_sor_xml())))
    postal = ie.postal_address.one_line()
    expected = {
        si: {
            "Postadresse": (postal, ie.name),
            "Telefonnummer": ("", None),
            "E-mail": ("center@alleroed.dk", None),
            "Hjemmeside": ("", None),
        },
        oe: {
            "Postadresse": (postal, ie.name),
            "Telefonnummer": ("", None),
            "E-mail": ("center@alleroed.dk", si.name),
            "Hjemmeside": ("", None),
        },
    }
    for unit, want in expected.items():
        assert panel_view(client, unit) == want, unit.name
        assert api_view(client, token, unit, names) == want, unit.name
        assert xml_view(doc, unit) == want, unit.name
        assert csv_values(unit) == {label: value for label, (value, _) in want.items()}, unit.name
