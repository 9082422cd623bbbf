"""Issue 11, item 11/12: control, bidi-override and invisible-only text, and non-ASCII digits,
are refused by the services, the GUI form and the Django admin with a Danish message, and
nothing is stored."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from addresses.services import AddressInput
from audit.models import AuditEvent
from hierarchy import services
from hierarchy.identifiers import gln_problem, make_gln, sor_id_problem
from hierarchy.models import LocationNumber, Unit, UnitVersion
from tests.factories import UnitDataFactory
from tests.hierarchy.test_admin import add_payload
from tests.hierarchy.test_views_actions import create_data, url

BAD_NAMES = ["A\x1bB\x07", "Klinik\u202eevol", "\u200b", "\ufeff\u00ad", "To\nlinjer", "Tab\tnavn"]


def counts():
    return Unit.objects.count(), UnitVersion.objects.count(), AuditEvent.objects.count()


def create(actor, parent, **data):
    return services.unit_create(
        actor=actor, kind="OE", parent=parent, data=UnitDataFactory(**data), reason="Testændring"
    )


@pytest.mark.parametrize("name", BAD_NAMES)
def test_service_refuses_a_name_with_forbidden_characters(tree, municipal_admin, today, name):
    before = counts()
    with pytest.raises(ValidationError) as exc:
        create(municipal_admin, tree.tand, name=name)
    assert exc.value.message_dict["name"][0].startswith("Navnet ")
    assert counts() == before


def test_service_accepts_ordinary_unicode_names(tree, municipal_admin, today):
    unit = create(municipal_admin, tree.tand, name="Tandplejen Ærø – Zahnärztin Müller ☺")
    assert unit.name == "Tandplejen Ærø – Zahnärztin Müller ☺"


@pytest.mark.parametrize(
    ("field", "value"),
    [("phone", "48 10\x1b 01 00"), ("email", "a\u202e@example.dk"), ("website", "www.x\x07.dk")],
)
def test_service_refuses_forbidden_characters_in_contact_fields(tree, municipal_admin, today, field, value):
    before = counts()
    with pytest.raises(ValidationError) as exc:
        create(municipal_admin, tree.tand, **{field: value})
    assert "tegn" in exc.value.message_dict[field][0]
    assert counts() == before


@pytest.mark.parametrize("street", ["Bjarke\x1bsvej", "Bjarkesvej\u202e", "\u200b"])
def test_service_refuses_forbidden_characters_in_an_address(tree, municipal_admin, today, street):
    before = counts()
    address = AddressInput(
        postal_code="3450", street_name=street, house_number="2", confirm_unknown_street=True
    )
    with pytest.raises(ValidationError) as exc:
        create(municipal_admin, tree.tand, postal_address=address)
    assert exc.value.message_dict["postal_address_street_name"][0].startswith("Vejnavnet ")
    assert counts() == before


@pytest.mark.parametrize("reason", ["Flyttet\x1b", "\u202eomvendt", "\u200b"])
def test_service_refuses_a_reason_with_forbidden_characters(tree, municipal_admin, today, reason):
    before = counts()
    with pytest.raises(ValidationError) as exc:
        services.unit_create(
            actor=municipal_admin, kind="OE", parent=tree.tand, data=UnitDataFactory(), reason=reason
        )
    assert exc.value.message_dict["reason"][0].startswith("Begrundelsen ")
    assert counts() == before


def test_a_reason_may_have_several_lines(tree, municipal_admin, today):
    unit = services.unit_create(
        actor=municipal_admin,
        kind="OE",
        parent=tree.tand,
        data=UnitDataFactory(),
        reason="Linje 1\r\nLinje 2",
    )
    assert AuditEvent.objects.get(action="hierarchy.unit.create", object_id=unit.sor_id).reason == (
        "Linje 1\r\nLinje 2"
    )


# --- digits (item 12) -----------------------------------------------------------------------


@pytest.mark.parametrize("phone", ["⁴⁸¹⁰⁰¹⁰⁰", "４８１０ ０１００", "٤٨١٠٠١٠٠", "48 10 01 0²"])
def test_phone_takes_only_ascii_digits(tree, municipal_admin, today, phone):
    with pytest.raises(ValidationError) as exc:
        create(municipal_admin, tree.tand, phone=phone)
    assert exc.value.message_dict["phone"] == [services.MSG_PHONE_FORMAT]
    assert create(municipal_admin, tree.tand, phone="+45 48-10-01-00").phone == "+45 48-10-01-00"


@pytest.mark.parametrize("nr", ["３４５０", "٣٤٥٠", "³⁴⁵⁰"])
def test_postnummer_takes_only_ascii_digits(tree, municipal_admin, today, nr):
    with pytest.raises(ValidationError) as exc:
        create(
            municipal_admin, tree.tand, postal_address=AddressInput(postal_code=nr, street_name="Bjarkesvej")
        )
    assert exc.value.message_dict["postal_address_postal_code"] == [
        "Postnummeret skal være 4 cifre, fx 3450."
    ]


def test_sor_id_and_gln_take_only_ascii_digits():
    assert sor_id_problem("11000016002") is None
    full_width = "11000016002".translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    arabic = "311000016009".translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    assert sor_id_problem(full_width) and sor_id_problem(arabic) and sor_id_problem("1100001600²")
    gln = make_gln("579000012311")
    assert gln_problem(gln) is None
    assert gln_problem(gln.translate(str.maketrans("0123456789", "０１２３４５６７８９")))


# --- the GUI form ---------------------------------------------------------------------------


@pytest.fixture
def gui(client, municipal_admin):
    client.force_login(municipal_admin)
    return client


@pytest.mark.parametrize(
    ("field", "value", "start"),
    [
        ("name", "A\x1bB\x07", "Navnet indeholder tegn, som ikke er tilladt"),
        ("name", "\u200b", "Navnet består kun af usynlige tegn"),
        ("name", "Klinik\u202eevol", "Navnet indeholder skjulte tegn"),
        ("phone", "48 10 01 00\x1b", "Telefonnummeret indeholder tegn"),
        ("postal_address_street_name", "Ved Gade\x07kæret", "Vejnavnet indeholder tegn"),
        ("postal_address_floor", "\u200b", "Etagen består kun af usynlige tegn"),
        ("reason", "Ny\x1b klinik", "Begrundelsen indeholder tegn"),
    ],
)
def test_create_form_refuses_forbidden_characters(gui, demo, field, value, start):
    before = counts()
    response = gui.post(url("unit_create", demo.tandpleje), create_data(**{field: value}))
    assert response.status_code == 422
    assert start in response.content.decode()
    assert counts() == before


def test_create_form_still_creates_with_a_multi_line_reason(gui, demo):
    response = gui.post(url("unit_create", demo.tandpleje), create_data(reason="Ny klinik\r\nsom aftalt"))
    assert response.status_code == 303
    unit = Unit.objects.get(name="Tandplejen Lynge Skole")
    assert AuditEvent.objects.get(action="hierarchy.unit.create", object_id=unit.sor_id).reason == (
        "Ny klinik\r\nsom aftalt"
    )


# --- the Django admin -----------------------------------------------------------------------


@pytest.fixture
def sds_client(client, sds_user):
    client.force_login(sds_user)
    return client


@pytest.mark.parametrize(
    ("field", "value", "start"),
    [
        ("name", "A\x1bB\x07", "Navnet indeholder tegn"),
        ("name", "\u2066skjult\u2069", "Navnet indeholder skjulte tegn"),
        ("email", "\u200b", "E-mailadressen består kun af usynlige tegn"),
        ("postal_address_street_name", "Bjarke\x1bsvej", "Vejnavnet indeholder tegn"),
        ("reason", "\u202e", "Begrundelsen indeholder skjulte tegn"),
    ],
)
def test_admin_refuses_forbidden_characters(tree, sds_client, today, field, value, start):
    before = counts()
    response = sds_client.post(reverse("admin:hierarchy_unit_add"), add_payload(tree.tand, **{field: value}))
    assert response.status_code == 200
    assert start in response.content.decode()
    assert counts() == before


@pytest.mark.parametrize(
    ("note", "refused"), [("Kun til \x1bkorrespondance", True), ("Kun korrespondance", False)]
)
def test_admin_refuses_a_location_number_note_with_control_characters(tree, sds_client, today, note, refused):
    payload = {"gln": "5790000123117", "unit": tree.tand.pk, "note": note, "reason": "Nyt nummer"}
    response = sds_client.post(reverse("admin:hierarchy_locationnumber_add"), payload)
    if refused:
        assert response.status_code == 200
        assert "Noten indeholder tegn, som ikke er tilladt" in response.content.decode()
        assert not LocationNumber.objects.exists()
    else:
        assert response.status_code == 302, response.context["adminform"].form.errors
        assert LocationNumber.objects.get().note == note
