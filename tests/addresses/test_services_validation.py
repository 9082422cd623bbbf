"""address_get_or_create / AddressInput: every check, accepted and refused."""

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError

from addresses.models import Address, PostalCode, PostalCodeMunicipality
from addresses.services import (
    CODE_STREET_NOT_IN_POSTAL_CODE,
    CODE_UNKNOWN_STREET,
    AddressInput,
    address_check,
    address_get_or_create,
)

from .conftest import answer_gadekaeret

pytestmark = pytest.mark.django_db


def make(**kwargs):
    values = {"postal_code": "3450", "street_name": "Bjarkesvej", "house_number": "2"} | kwargs
    return address_get_or_create(AddressInput(**values), field="postal_address")


def refused(**kwargs) -> dict[str, list[ValidationError]]:
    with pytest.raises(ValidationError) as info:
        make(**kwargs)
    return info.value.error_dict


def messages(errors, key):
    return [m for e in errors[key] for m in e.messages]


def test_known_street_is_stored_in_normal_form_and_marked_offline():
    address = make(street_name="  bjarkesvej ", house_number="15 a", floor="1.", door="TH")
    assert (address.street_name, address.house_number, address.floor, address.door) == (
        "Bjarkesvej",
        "15A",
        "1",
        "th",
    )
    assert address.validation == Address.Validation.OFFLINE
    assert address.municipality_code == "0201"
    assert address.one_line() == "Bjarkesvej 15A, 1. th, 3450 Allerød"


def test_seed_address_in_lynge_resolves():
    address = make(postal_code="3540", street_name="Ved Gadekæret", house_number="15A")
    assert address.validation == Address.Validation.OFFLINE
    assert address.one_line() == "Ved Gadekæret 15A, 3540 Lynge"


def test_same_value_gives_the_same_row():
    assert make() == make(street_name="BJARKESVEJ")
    assert Address.objects.filter(street_name="Bjarkesvej", house_number="2").count() == 1


@pytest.mark.parametrize(
    ("postal_code", "code", "text"),
    [
        ("", "required", "Angiv et postnummer."),
        ("345", "invalid", "Postnummeret skal være 4 cifre, fx 3450."),
        ("34a0", "invalid", "Postnummeret skal være 4 cifre, fx 3450."),
        ("9999", "unknown_postal_code", "Postnummeret 9999 findes ikke. Vælg et gyldigt dansk postnummer."),
    ],
)
def test_postnummer_must_exist(postal_code, code, text):
    errors = refused(postal_code=postal_code)
    assert [e.code for e in errors["postal_address_postal_code"]] == [code]
    assert messages(errors, "postal_address_postal_code") == [text]


def test_street_required_and_length():
    assert messages(refused(street_name=" "), "postal_address_street_name") == ["Angiv et vejnavn."]
    assert messages(refused(street_name="x" * 41), "postal_address_street_name") == [
        "Vejnavnet må højst have 40 tegn."
    ]


def test_unknown_street_where_the_list_is_incomplete_needs_confirmation():
    errors = refused(street_name="Ukendtvej")
    (error,) = errors["postal_address_street_name"]
    assert error.code == CODE_UNKNOWN_STREET
    assert error.messages == [
        "«Ukendtvej» findes ikke i vejregisteret for 3450 Allerød. Bekræft navnet, hvis det er rigtigt."
    ]
    address = make(street_name="Ukendtvej", confirm_unknown_street=True)
    assert address.validation == Address.Validation.CONFIRMED
    assert address.street_name == "Ukendtvej"


def test_a_confirmed_address_re_saved_unchanged_needs_no_new_confirmation():
    confirmed = make(street_name="Ukendtvej", house_number="3", confirm_unknown_street=True)
    # As hierarchy.services.UnitData.from_unit rebuilds it: no confirmation flag.
    assert make(street_name="Ukendtvej", house_number="3") == confirmed
    assert refused(street_name="Ukendtvej", house_number="4")["postal_address_street_name"][0].code == (
        CODE_UNKNOWN_STREET
    )


def test_unknown_street_where_the_list_is_complete_is_refused_even_when_confirmed():
    PostalCode.objects.filter(nr="3450").update(streets_complete=True)
    PostalCodeMunicipality.objects.filter(postal_code="3450").update(streets_complete=True)
    for confirm in (False, True):
        (error,) = refused(street_name="Ukendtvej", confirm_unknown_street=confirm)[
            "postal_address_street_name"
        ]
        assert error.code == CODE_STREET_NOT_IN_POSTAL_CODE
        assert error.messages == ["«Ukendtvej» findes ikke i 3450 Allerød. Vælg et vejnavn fra listen."]
    assert make().validation == Address.Validation.OFFLINE


def test_street_from_another_postnummer_is_unknown_here():
    (error,) = refused(postal_code="8000", street_name="Bjarkesvej")["postal_address_street_name"]
    assert error.code == CODE_UNKNOWN_STREET


@pytest.mark.parametrize("value", ["1", "2", "15", "15A", "999", "999Z", "15 a", " 7b "])
def test_house_number_accepted(value):
    make(house_number=value)


@pytest.mark.parametrize("value", ["0", "1000", "15AA", "A", "15-17", "015", "12Æ", "-1"])
def test_house_number_refused(value):
    assert messages(refused(house_number=value), "postal_address_house_number") == [
        "Husnummeret skal være et tal fra 1 til 999, evt. efterfulgt af et bogstav A-Z, fx 15 eller 15A."
    ]


@pytest.mark.parametrize(
    ("value", "stored"),
    [
        ("st", "st"),
        ("ST", "st"),
        ("st.", "st"),
        ("stuen", "st"),
        ("kl", "kl"),
        ("kælder", "kl"),
        ("kl2", "kl2"),
        ("k2", "kl2"),
        ("1", "1"),
        ("1.", "1"),
        ("99", "99"),
    ],
)
def test_floor_accepted(value, stored):
    assert make(floor=value).floor == stored


@pytest.mark.parametrize("value", ["0", "100", "01", "kl10", "2sal", "tv", "-1"])
def test_floor_refused(value):
    assert messages(refused(floor=value), "postal_address_floor") == [
        "Etagen skal være st (stuen), kl (kælder), kl1-kl9 eller et tal fra 1 til 99."
    ]


@pytest.mark.parametrize(
    ("value", "stored"),
    [
        ("th", "th"),
        ("TV", "tv"),
        ("mf", "mf"),
        ("1", "1"),
        ("222", "222"),
        ("9999", "9999"),
        ("12B", "12B"),
        ("a12", "a12"),
        ("3/4", "3/4"),
        ("b-1", "b-1"),
    ],
)
def test_door_accepted(value, stored):
    assert make(floor="1", door=value).door == stored


@pytest.mark.parametrize("value", ["0", "10000", "0222", "12345", "th.x", "1 2 3 4 5", "#1"])
def test_door_refused(value):
    assert messages(refused(floor="1", door=value), "postal_address_door") == [
        "Døren skal være th, tv, mf, et tal fra 1 til 9999 eller højst 4 tegn af bogstaver, cifre, / og -, fx 12B."
    ]


def test_floor_or_door_needs_a_house_number():
    for extra in ({"floor": "1"}, {"door": "th"}):
        errors = refused(house_number="", **extra)
        assert messages(errors, "postal_address_house_number") == [
            "Angiv husnummer, når etage eller dør er udfyldt."
        ]


def test_all_errors_at_once_keyed_by_field():
    errors = refused(postal_code="9999", street_name="", house_number="x", floor="y", door="#")
    assert set(errors) == {
        "postal_address_postal_code",
        "postal_address_street_name",
        "postal_address_house_number",
        "postal_address_floor",
        "postal_address_door",
    }
    with pytest.raises(ValidationError) as info:
        address_check(AddressInput(postal_code="", street_name=""), field="visiting_address")
    assert set(info.value.error_dict) == {"visiting_address_postal_code", "visiting_address_street_name"}


def test_from_dict_parses_the_confirmation_flag():
    base = {"postal_code": " 3450 ", "street_name": " Bjarkesvej "}
    assert AddressInput.from_dict(base) == AddressInput("3450", "Bjarkesvej")
    for raw, expected in (
        ("on", True),
        ("true", True),
        ("1", True),
        (True, True),
        ("", False),
        (None, False),
        ("false", False),
        ("0", False),
    ):
        assert (
            AddressInput.from_dict(base | {"confirm_unknown_street": raw}).confirm_unknown_street is expected
        )
    assert AddressInput.from_dict({}) is None
    assert AddressInput.from_dict(None) is None


def test_checked_against_adressevaelger_keeps_the_dar_identity(av_settings, av):
    answer_gadekaeret(av)
    address = make(postal_code="3540", street_name="ved gadekæret", house_number="15a", floor="2", door="222")
    assert address.validation == Address.Validation.PROVIDER
    assert (address.dar_house_number_id, address.dar_id) == (
        "6c1d2b0e-3a7f-4c1e-9d41-2f0b5e8a7c15",
        "9f8e7d6c-5b4a-4c3d-8e2f-1a0b9c8d7e22",
    )
    assert (address.is_dar_validated, address.dar_label) == (True, "Valideret i DAR")
    assert address.one_line() == "Ved Gadekæret 15A, 2. 222, 3540 Lynge"
    assert (
        make(postal_code="3540", street_name="Ved Gadekæret", house_number="15A", floor="2", door="222")
        == address
    )
    # The service is the full register: a name it does not know is wrong.
    av.answer("/husnumre/soeg", when={"vejnavn": "Ukendtvej"})
    (error,) = refused(postal_code="3540", street_name="Ukendtvej", confirm_unknown_street=True)[
        "postal_address_street_name"
    ]
    assert error.code == CODE_STREET_NOT_IN_POSTAL_CODE


def test_service_down_stores_the_address_ikke_valideret_and_reuses_a_validated_row(av_settings, av):
    answer_gadekaeret(av)
    validated = make(postal_code="3540", street_name="Ved Gadekæret", house_number="15A")
    assert validated.dar_id.endswith("7e00")
    av.answer("/husnumre/soeg", b"down", status=500)
    cache.clear()
    result = address_check(AddressInput("3540", "Ved Gadekæret", "15A"), field="postal_address")
    assert (result.validation, result.notice) == (
        Address.Validation.OFFLINE,
        "Adresseservicen svarer ikke; viser data fra det lokale register.",
    )
    assert make(postal_code="3540", street_name="Ved Gadekæret", house_number="15A") == validated
    typed = make(postal_code="3540", street_name="Ved Gadekæret", house_number="17")
    assert (typed.validation, typed.dar_id, typed.dar_house_number_id) == (Address.Validation.OFFLINE, "", "")
    assert typed.dar_label == "Ikke valideret"


def test_postal_address_needs_a_house_number():
    assert messages(refused(house_number=""), "postal_address_house_number") == [
        "Postadressen skal have et husnummer, fx 15 eller 15A."
    ]
    visiting = address_get_or_create(AddressInput("3450", "Bjarkesvej"), field="visiting_address")
    assert visiting.house_number == ""
