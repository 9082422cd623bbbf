"""Opret OE, Rediger OE, Flyt OE and Luk OE through the views (R1-R5, R7): each rule with a
positive and a refused case, the refused ones answering in Danish with nothing saved, and no
way for a municipal administrator into another kommune's forms."""

import dataclasses
import re
from datetime import timedelta

import pytest
from django.urls import reverse

from addresses.models import Address
from audit.models import AuditEvent
from exchange import location_numbers
from hierarchy import contact, forms, permissions, services
from hierarchy.identifiers import make_gln, make_sor_id
from hierarchy.models import Unit, UnitVersion
from tests import factories
from tests.forms import form_data

HX_DETAILS = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "details"}
REQUIRED = '<span class="sor-required" aria-hidden="true"> *</span>'


def d(days: int) -> str:
    return (services.today() + timedelta(days=days)).strftime("%d-%m-%Y")


@dataclasses.dataclass(frozen=True)
class Day:
    """`days` from today, as dd-mm-åååå, worked out when the test runs: parametrize lists are
    built at collection, and a run that crosses midnight (Europe/Copenhagen) would otherwise
    expect yesterday's dates."""

    days: int

    def __str__(self) -> str:
        return d(self.days)


@dataclasses.dataclass(frozen=True)
class DayMessage:
    """A message that names a date, formatted when the test runs (see `Day`)."""

    template: str
    key: str
    days: int

    def __str__(self) -> str:
        return self.template.format(**{self.key: d(self.days)})


def resolved(data: dict) -> dict:
    return {k: str(v) if isinstance(v, Day) else v for k, v in data.items() if v is not None}


def url(name, unit, query=""):
    return reverse(f"hierarchy:{name}", args=[unit.sor_id]) + query


def input_tag(content: str, element_id: str) -> str:
    match = re.search(rf'<input[^>]*\bid="{element_id}"[^>]*>', content)
    assert match, element_id
    return match.group(0)


def create_data(**overrides):
    data = {
        "name": "Tandplejen Lynge Skole",
        "unit_type": "tandplejeklinik",
        "valid_from": d(7),
        "postal_address_postal_code": "3540",
        "postal_address_street_name": "Ved Gadekæret",
        "postal_address_house_number": "15A",
        "postal_address_floor": "2",
        "postal_address_door": "222",
        "visiting_same_as_postal": "on",
        "activity_same_as_visiting": "on",
        "phone": "48 10 01 00",
        "email": "lynge@alleroed.dk",
        "website": "www.alleroed.dk",
        "reason": "Ny klinik",
    }
    data.update(overrides)
    return resolved(data)


def edit_data(unit, **overrides):
    data = form_data(forms.EditUnitForm(unit=unit))
    data["reason"] = "Rettelse"  # required for every write (issue 23 item 8)
    data.update(overrides)
    return resolved(data)


# --- Opret OE (R2) ------------------------------------------------------------------------------


def test_create_form_defaults(admin_client, demo):
    content = admin_client.get(url("unit_create", demo.tandpleje)).content.decode()
    assert f'value="{d(7)}"' in content
    assert 'list="unit-type-options"' in content
    assert '<option value="tandplejeklinik">' in content
    assert 'name="visiting_same_as_postal" class="form-checkbox"' in content and "checked" in content
    for label in (
        "Navn",
        "Enhedstype",
        "Gældende fra",
        "Postnummer",
        "Vejnavn",
        "Husnummer",
        "Etage",
        "Dør",
        "Samme som postadresse",
        "Samme som besøgsadresse",
        "Telefonnummer",
        "E-mail",
        "Hjemmeside",
        "Begrundelse",
    ):
        assert f">{label}</label>" in content, label
    assert ">Opret</button>" in content


def test_create(admin_client, demo, municipal_admin):
    response = admin_client.post(url("unit_create", demo.tandpleje, "?mine=1"), create_data())
    unit = Unit.objects.get(name="Tandplejen Lynge Skole")
    assert response.status_code == 303
    assert response["Location"] == url("unit_detail", unit, "?mine=1")
    assert unit.parent_id == demo.tandpleje.pk and unit.kind == Unit.Kind.ORGANISATIONAL_UNIT
    assert unit.valid_from == services.today() + timedelta(days=7)
    assert unit.unit_type.code == factories.TANDPLEJEKLINIK
    assert unit.postal_address.one_line() == "Ved Gadekæret 15A, 2. 222, 3540 Lynge"
    assert unit.visiting_same_as_postal and unit.activity_same_as_visiting
    assert unit.website == "https://www.alleroed.dk"
    event = AuditEvent.objects.filter(action="hierarchy.unit.create", object_id=unit.sor_id).get()
    assert event.actor_id == municipal_admin.pk and event.reason == "Ny klinik"
    page = admin_client.get(response["Location"]).content.decode()
    assert f"er oprettet med SOR-koden {unit.sor_id} og gælder fra {d(7)}" in page


def test_create_with_own_visiting_and_activity_addresses(admin_client, demo):
    data = create_data(
        visiting_same_as_postal=None,
        visiting_address_postal_code="3540",
        visiting_address_street_name="Idrætsvej",
        visiting_address_house_number="4",
        activity_same_as_visiting=None,
        activity_address_postal_code="3540",
        activity_address_street_name="Uggeløse Bygade",
        activity_address_house_number="1",
    )
    assert admin_client.post(url("unit_create", demo.tandpleje), data).status_code == 303
    unit = Unit.objects.get(name="Tandplejen Lynge Skole")
    assert unit.visiting_address.street_name == "Idrætsvej" and not unit.visiting_same_as_postal
    assert unit.activity_address.street_name == "Uggeløse Bygade" and not unit.activity_same_as_visiting


def test_create_over_htmx_redirects_the_whole_page(admin_client, demo):
    response = admin_client.post(url("unit_create", demo.tandpleje), create_data(), **HX_DETAILS)
    unit = Unit.objects.get(name="Tandplejen Lynge Skole")
    assert response.status_code == 200
    assert response["HX-Redirect"] == url("unit_detail", unit)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"phone": ""}, "phone", services.MSG_PHONE_REQUIRED),
        ({"phone": "12"}, "phone", services.MSG_PHONE_FORMAT),
        ({"name": ""}, "name", services.MSG_NAME),
        ({"unit_type": "kommune"}, "unit_type", services.MSG_UNIT_TYPE),
        ({"unit_type": "tandpleje"}, "unit_type", services.MSG_UNIT_TYPE),
        ({"email": "ikke-en-adresse"}, "email", services.MSG_EMAIL),
        ({"valid_from": "31-02-2026"}, "valid_from", "Datoen 31-02-2026 findes ikke."),
        ({"valid_from": "1. juni"}, "valid_from", forms.MSG_DATE_INVALID),
        ({"valid_from": ""}, "valid_from", forms.MSG_DATE_REQUIRED),
        ({"valid_from": Day(-1)}, "valid_from", DayMessage(services.MSG_DATE_PAST, "today", 0)),
        (
            {
                "postal_address_postal_code": "",
                "postal_address_street_name": "",
                "postal_address_house_number": "",
                "postal_address_floor": "",
                "postal_address_door": "",
            },
            "postal_address_postal_code",
            services.MSG_POSTAL_REQUIRED,
        ),
        (
            {"postal_address_postal_code": "9999"},
            "postal_address_postal_code",
            "Postnummeret 9999 findes ikke.",
        ),
        ({"visiting_same_as_postal": None}, "visiting_address_postal_code", services.MSG_VISITING_REQUIRED),
        ({"activity_same_as_visiting": None}, "activity_address_postal_code", services.MSG_ACTIVITY_REQUIRED),
    ],
)
def test_create_refused(admin_client, demo, overrides, field, message):
    before = Unit.objects.count()
    response = admin_client.post(url("unit_create", demo.tandpleje), create_data(**overrides), **HX_DETAILS)
    content = response.content.decode()
    assert response.status_code == 422
    assert Unit.objects.count() == before
    summary = content.split('data-module="error-summary"')[1].split("</ul>")[0]
    assert str(message) in summary
    assert f'href="#id_{field}"' in summary
    assert f'id="id_{field}_error"' in content  # next to the field
    widget = input_tag(content, f"id_{field}")
    assert 'aria-invalid="true"' in widget
    assert f"id_{field}_error" in widget.split('aria-describedby="')[1].split('"')[0]
    if "name" not in overrides:
        assert 'value="Tandplejen Lynge Skole"' in content  # the user's input is kept


def test_create_unknown_street_needs_confirmation(admin_client, demo):
    data = create_data(postal_address_postal_code="3450", postal_address_street_name="Blovstrød Allé")
    response = admin_client.post(url("unit_create", demo.tandpleje), data)
    content = response.content.decode()
    assert response.status_code == 422
    assert "findes ikke i vejregisteret for 3450 Allerød" in content
    assert forms.LABEL_CONFIRM_STREET in content
    assert not Unit.objects.filter(name="Tandplejen Lynge Skole").exists()
    data["postal_address_confirm_unknown_street"] = "on"
    assert admin_client.post(url("unit_create", demo.tandpleje), data).status_code == 303
    unit = Unit.objects.get(name="Tandplejen Lynge Skole")
    assert unit.postal_address.validation == Address.Validation.CONFIRMED


def test_create_under_ie_is_forbidden(admin_client, demo):
    assert admin_client.get(url("unit_create", demo.kommune)).status_code == 403
    assert admin_client.post(url("unit_create", demo.kommune), create_data()).status_code == 403
    assert not Unit.objects.filter(name="Tandplejen Lynge Skole").exists()


def test_create_in_other_kommune_is_forbidden(admin_client, demo):
    response = admin_client.get(url("unit_create", demo.other_si))
    assert response.status_code == 403
    assert "uden for din kommunes organisation" in response.content.decode()
    assert admin_client.post(url("unit_create", demo.other_si), create_data()).status_code == 403
    assert (
        admin_client.post(url("unit_create", demo.other_oe), create_data(), **HX_DETAILS).status_code == 403
    )
    assert not Unit.objects.filter(name="Tandplejen Lynge Skole").exists()


def test_sds_creates_anywhere(client, demo, sds_user):
    client.force_login(sds_user)
    assert client.post(url("unit_create", demo.other_si), create_data()).status_code == 303
    assert Unit.objects.get(name="Tandplejen Lynge Skole").parent_id == demo.other_si.pk


def test_unit_type_options(admin_client, db):
    content = admin_client.get(reverse("hierarchy:unit_type_options") + "?unit_type=tand").content.decode()
    assert content.count("<option") == 3
    assert '<option value="tandplejeklinik">' in content
    owner = admin_client.get(reverse("hierarchy:unit_type_options") + "?q=komm&ejertype=1").content.decode()
    assert owner.strip() == '<option value="kommune"></option>'


# --- Rediger OE (R3) ----------------------------------------------------------------------------


def test_edit_form_is_filled_in(admin_client, demo):
    unit = demo.tandplejen_blovstrod
    content = admin_client.get(url("unit_edit", unit)).content.decode()
    assert 'value="Tandplejen Blovstrød Skole"' in content
    assert 'value="tandplejeklinik"' in content
    assert 'value="Bjarkesvej"' in content
    assert f'name="expected_revision" value="{unit.revision}"' in content
    assert f'name="effective_date" value="{d(0)}"' in content
    assert ">Gem ændringer</button>" in content


def test_edit_of_future_unit_defaults_to_its_start(admin_client, demo):
    future = factories.oe(demo.tandpleje, "Kommende Klinik", valid_from=services.today() + timedelta(days=20))
    content = admin_client.get(url("unit_edit", future)).content.decode()
    assert f'name="effective_date" value="{d(20)}"' in content


def test_edit_from_a_date(admin_client, demo):
    unit = demo.tandplejen_blovstrod
    data = edit_data(unit, name="Tandplejen Blovstrød", effective_date=d(14), reason="Nyt navn")
    response = admin_client.post(url("unit_edit", unit), data)
    assert response.status_code == 303
    unit.refresh_from_db()
    assert unit.name == "Tandplejen Blovstrød Skole"
    versions = list(UnitVersion.objects.filter(unit=unit).order_by("valid_from"))
    assert [v.name for v in versions] == ["Tandplejen Blovstrød Skole", "Tandplejen Blovstrød"]
    assert versions[0].valid_to == services.today() + timedelta(days=13)


def test_edit_today(admin_client, demo):
    unit = demo.tandplejen_blovstrod
    assert admin_client.post(url("unit_edit", unit), edit_data(unit, phone="48 99 99 99")).status_code == 303
    unit.refresh_from_db()
    assert unit.phone == "48 99 99 99"


def test_edit_refused_when_stale(admin_client, demo):
    unit = demo.tandplejen_blovstrod
    data = edit_data(unit, name="Mit navn")
    concurrent = services.UnitData.from_unit(unit)
    concurrent.phone = "48 77 77 77"  # a real change: a save without changes writes nothing
    services.unit_update(actor=None, unit=unit, data=concurrent, reason="samtidig")
    response = admin_client.post(url("unit_edit", unit), data)
    assert response.status_code == 409
    assert services.MSG_STALE in response.content.decode()
    assert not UnitVersion.objects.filter(name="Mit navn").exists()
    # A fresh form: the current revision and values, not the stale input.
    unit.refresh_from_db()
    form = response.context["form"]
    assert form.initial["expected_revision"] == unit.revision
    assert 'value="Mit navn"' not in response.content.decode()


def test_edit_refused_in_the_past(admin_client, demo):
    unit = demo.tandplejen_blovstrod
    response = admin_client.post(url("unit_edit", unit), edit_data(unit, name="X", effective_date=d(-3)))
    assert response.status_code == 422
    assert services.MSG_DATE_PAST.format(today=d(0)) in response.content.decode()
    assert not UnitVersion.objects.filter(name="X").exists()


def test_edit_refused_without_phone(admin_client, demo):
    unit = demo.tandplejen_blovstrod
    response = admin_client.post(url("unit_edit", unit), edit_data(unit, phone=""))
    assert response.status_code == 422
    assert services.MSG_PHONE_REQUIRED in response.content.decode()
    unit.refresh_from_db()
    assert unit.phone == "48 10 01 00"


@pytest.mark.parametrize("method", ["get", "post"])
def test_edit_forbidden_outside_scope_and_on_si_ie(admin_client, demo, method):
    for unit in (demo.other_oe, demo.si, demo.kommune):
        before = unit.revision
        response = getattr(admin_client, method)(url("unit_edit", unit), edit_data(unit, name="Hacket"))
        assert response.status_code == 403, unit
        unit.refresh_from_db()
        assert unit.revision == before and unit.name != "Hacket"


def test_edit_forbidden_on_communication_unit(admin_client, demo):
    adviser = factories.oe(demo.si, "Sygehusadviser, Allerød Kommune", is_municipal_communication=True)
    response = admin_client.get(url("unit_edit", adviser))
    assert response.status_code == 403
    assert "Kommunens kommunikation" in response.content.decode()


def test_forbidden_over_htmx_is_a_fragment(admin_client, demo):
    response = admin_client.get(url("unit_edit", demo.other_oe), **HX_DETAILS)
    assert response.status_code == 403
    assert "<html" not in response.content.decode()
    assert "Du har ikke adgang" in response.content.decode()


# --- Flyt OE (R4, R7) ---------------------------------------------------------------------------


def move_data(unit, target, **overrides):
    data = {
        "new_parent": target.sor_id,
        "effective_date": d(1),
        "reason": "Omorganisering",
        "expected_revision": str(unit.revision),
    }
    data.update(overrides)
    return resolved(data)


def test_move_form_defaults(admin_client, demo):
    content = admin_client.get(url("unit_move", demo.tandplejen_blovstrod)).content.decode()
    assert f'name="effective_date" value="{d(1)}"' in content
    assert ">Ny overliggende enhed (SOR-kode)</label>" + REQUIRED in content
    assert ">Dato for flytning</label>" + REQUIRED in content
    assert ">Flyt til ny overliggende enhed</button>" in content
    assert "data-move-form" in content


def test_move(admin_client, demo):
    unit = demo.tandplejen_blovstrod
    response = admin_client.post(url("unit_move", unit), move_data(unit, demo.blovstrod_skole))
    assert response.status_code == 303
    version = UnitVersion.objects.get(unit=unit, valid_from=services.today() + timedelta(days=1))
    assert version.parent_id == demo.blovstrod_skole.pk
    assert AuditEvent.objects.filter(action="hierarchy.unit.move", object_id=unit.sor_id).exists()


@pytest.mark.parametrize(
    ("target", "overrides", "message"),
    [
        ("blovstrod_skole", {"effective_date": Day(0)}, DayMessage(services.MSG_MOVE_DATE_MIN, "day", 1)),
        ("other_oe", {}, "Flytning skal foretages inden for egen kommune. Hjemmeplejen Aarhus Midt"),
        ("tandplejen_blovstrod", {}, services.MSG_MOVE_SELF),
        ("blovstrod_skole", {"reason": ""}, services.MSG_REASON_REQUIRED),
        ("blovstrod_skole", {"new_parent": ""}, forms.MSG_NEW_PARENT_REQUIRED),
        ("blovstrod_skole", {"new_parent": "11000016003"}, "forkert kontrolciffer"),
        (
            "blovstrod_skole",
            {"new_parent": make_sor_id(999999)},
            f"Der findes ingen enhed med SOR-koden {make_sor_id(999999)}",
        ),
        ("kommune", {}, services.MSG_PARENT_KIND),
    ],
)
def test_move_refused(admin_client, demo, target, overrides, message):
    unit = demo.tandplejen_blovstrod
    response = admin_client.post(url("unit_move", unit), move_data(unit, getattr(demo, target), **overrides))
    assert response.status_code == 422
    assert str(message) in response.content.decode()
    assert UnitVersion.objects.filter(unit=unit).count() == 1


def test_move_under_own_descendant_refused(admin_client, demo):
    unit = demo.tandpleje
    response = admin_client.post(url("unit_move", unit), move_data(unit, demo.tandplejen_blovstrod))
    assert response.status_code == 422
    assert "en af sine egne underenheder" in response.content.decode()


def test_move_with_impact_needs_confirmation(admin_client, demo, sds_user):
    unit = demo.tandplejen_blovstrod
    gln = make_gln("579000054321")
    location_numbers.location_number_create(
        actor=sds_user,
        unit=unit,
        gln=gln,
        message_types=services.message_types_by_code("XDIS19"),
        reason="Testændring",
    )
    unit.refresh_from_db()
    data = move_data(unit, demo.blovstrod_skole)
    response = admin_client.post(url("unit_move", unit), data)
    content = response.content.decode()
    assert response.status_code == 422  # nothing saved yet
    assert "Konsekvenser for lokationsnumre" in content and gln in content and "XDIS19" in content
    # A warning to confirm, not an error (issue 13): no error summary, the box to tick.
    assert 'class="alert alert-warning mt-0 mb-5" role="alert" id="impact-warning"' in content
    assert 'data-module="error-summary"' not in content and forms.MSG_CONFIRM_IMPACT not in content
    assert 'name="confirm_impact"' in content and 'name="impact_shown" value="1"' in content
    assert UnitVersion.objects.filter(unit=unit).count() == 1
    # Sent again without the tick, it is an error next to the box.
    response = admin_client.post(url("unit_move", unit), {**data, "impact_shown": "1"})
    content = response.content.decode()
    assert response.status_code == 422 and 'data-module="error-summary"' in content
    assert forms.MSG_CONFIRM_IMPACT in content
    assert UnitVersion.objects.filter(unit=unit).count() == 1
    data["confirm_impact"] = "on"
    assert admin_client.post(url("unit_move", unit), data).status_code == 303
    assert UnitVersion.objects.filter(unit=unit).count() == 2


@pytest.mark.parametrize("method", ["get", "post"])
def test_move_forbidden_outside_scope(admin_client, demo, method):
    unit = demo.other_oe
    response = getattr(admin_client, method)(url("unit_move", unit), move_data(unit, demo.other_si))
    assert response.status_code == 403
    assert UnitVersion.objects.filter(unit=unit).count() == 1


def test_move_forbidden_for_communication_unit(admin_client, demo):
    adviser = factories.oe(demo.si, "Sygehusadviser, Allerød Kommune", is_municipal_communication=True)
    response = admin_client.post(url("unit_move", adviser), move_data(adviser, demo.skoler))
    assert response.status_code == 403
    assert UnitVersion.objects.filter(unit=adviser).count() == 1


def test_move_and_close_not_offered_for_si(admin_client, demo):
    assert admin_client.get(url("unit_move", demo.si)).status_code == 403
    assert admin_client.get(url("unit_close", demo.si)).status_code == 403


# --- Luk OE (R5, R7) ----------------------------------------------------------------------------


def close_data(unit, **overrides):
    data = {
        "closing_date": d(7),
        "reason": "Lukker",
        "expected_revision": str(unit.revision),
        "confirm": "1",
    }
    data.update(overrides)
    return resolved(data)


def test_close_form_defaults(admin_client, demo):
    content = admin_client.get(url("unit_close", demo.aeldre)).content.decode()
    assert f'name="closing_date" value="{d(7)}"' in content
    assert ">Dato for enhedens ophør</label>" + REQUIRED in content
    assert ">Luk enhed</button>" in content
    # The dialog (OK, Annuller) comes only once the close has passed every check.
    assert 'class="fds-modal"' not in content


def test_close_needs_confirmation_without_javascript(admin_client, demo):
    unit = demo.aeldre
    response = admin_client.post(url("unit_close", unit), close_data(unit, confirm=""))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Bekræft lukning" in content
    assert 'name="confirm" value="1">OK</button>' in content
    unit.refresh_from_db()
    assert unit.valid_to is None


def test_close(admin_client, demo):
    unit = demo.aeldre
    response = admin_client.post(url("unit_close", unit), close_data(unit, closing_date=d(10)))
    assert response.status_code == 303
    unit.refresh_from_db()
    assert unit.valid_to == services.today() + timedelta(days=10)
    page = admin_client.get(response["Location"]).content.decode()
    assert f"Sidste gyldige dag er {d(10)}" in page
    assert f"Lukker {d(10)}" in page


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"closing_date": Day(6)}, DayMessage(services.MSG_CLOSE_DATE_MIN, "day", 7)),
        ({"closing_date": Day(0)}, DayMessage(services.MSG_CLOSE_DATE_MIN, "day", 7)),
        ({"reason": ""}, services.MSG_REASON_REQUIRED),
        ({"closing_date": "i morgen"}, forms.MSG_DATE_INVALID),
    ],
)
def test_close_refused(admin_client, demo, overrides, message):
    unit = demo.aeldre
    response = admin_client.post(url("unit_close", unit), close_data(unit, **overrides))
    assert response.status_code == 422
    assert str(message) in response.content.decode()
    unit.refresh_from_db()
    assert unit.valid_to is None


def test_close_refused_with_open_children(admin_client, demo):
    unit = demo.tandpleje
    response = admin_client.post(url("unit_close", unit), close_data(unit))
    content = response.content.decode()
    assert response.status_code == 422
    assert "fordi disse underenheder stadig er åbne" in content
    assert f"Tandplejen Blovstrød Skole ({demo.tandplejen_blovstrod.sor_id})" in content
    unit.refresh_from_db()
    assert unit.valid_to is None


def test_close_with_impact_needs_confirmation(admin_client, demo, sds_user):
    unit = demo.aeldre
    location_numbers.location_number_create(
        actor=sds_user, unit=unit, gln=make_gln("579000011111"), reason="Testændring"
    )
    unit.refresh_from_db()
    response = admin_client.post(url("unit_close", unit), close_data(unit))
    assert response.status_code == 422
    assert "Konsekvenser for lokationsnumre" in response.content.decode()
    unit.refresh_from_db()
    assert unit.valid_to is None
    assert (
        admin_client.post(url("unit_close", unit), close_data(unit, confirm_impact="on")).status_code == 303
    )
    unit.refresh_from_db()
    assert unit.valid_to is not None


@pytest.mark.parametrize("method", ["get", "post"])
def test_close_forbidden_outside_scope(admin_client, demo, method):
    unit = demo.other_oe
    response = getattr(admin_client, method)(url("unit_close", unit), close_data(unit))
    assert response.status_code == 403
    unit.refresh_from_db()
    assert unit.valid_to is None


def test_close_forbidden_for_user_without_role(client, demo, support_user):
    client.force_login(support_user)
    unit = demo.aeldre
    response = client.post(url("unit_close", unit), close_data(unit))
    assert response.status_code == 403
    assert permissions.MSG_NOT_ADMIN in response.content.decode()
    unit.refresh_from_db()
    assert unit.valid_to is None


# --- issue 11: the revision, validation before confirmation, Begrundelse, lengths, digits -------


def audit_count():
    return AuditEvent.objects.count()


@pytest.mark.parametrize("revision", [None, "", "abc", "²"], ids=["missing", "empty", "text", "superscript"])
@pytest.mark.parametrize("action", ["edit", "move", "close"])
def test_write_forms_require_the_revision(admin_client, demo, action, revision):
    """A POST without the revision it was opened at would overwrite a newer change unseen."""
    unit = demo.tandplejen_blovstrod
    data = {
        "edit": lambda: edit_data(unit, name="Uden revision", expected_revision=revision),
        "move": lambda: move_data(unit, demo.blovstrod_skole, expected_revision=revision),
        "close": lambda: close_data(unit, expected_revision=revision),
    }[action]()
    if revision is None:
        data.pop("expected_revision", None)
    before_revision, before_events = unit.revision, audit_count()
    response = admin_client.post(url(f"unit_{action}", unit), data)
    assert response.status_code == 422
    assert forms.MSG_REVISION_REQUIRED in response.content.decode()
    unit.refresh_from_db()
    assert unit.revision == before_revision and unit.valid_to is None
    assert UnitVersion.objects.filter(unit=unit).count() == 1
    assert audit_count() == before_events


def test_withdraw_requires_the_revision(admin_client, demo):
    unit = demo.tandplejen_blovstrod
    admin_client.post(url("unit_close", unit), close_data(unit, closing_date=d(10)))
    unit.refresh_from_db()
    assert unit.valid_to is not None
    events = audit_count()
    withdraw = reverse("hierarchy:unit_withdraw", args=[unit.sor_id])
    response = admin_client.post(withdraw, {"what": "close", "reason": "Fortrudt"})
    assert response.status_code == 422
    assert forms.MSG_REVISION_REQUIRED in response.content.decode()
    unit.refresh_from_db()
    assert unit.valid_to is not None and audit_count() == events
    # The page offers the revision it was opened at, and with it the withdrawal goes through.
    page = admin_client.get(reverse("hierarchy:unit_history", args=[unit.sor_id])).content.decode()
    assert f'name="expected_revision" value="{unit.revision}"' in page
    data = {"what": "close", "reason": "Fortrudt", "expected_revision": str(unit.revision)}
    assert admin_client.post(withdraw, data).status_code == 303
    unit.refresh_from_db()
    assert unit.valid_to is None


def test_withdraw_refused_when_stale(admin_client, demo):
    unit = demo.tandplejen_blovstrod
    admin_client.post(url("unit_close", unit), close_data(unit, closing_date=d(10)))
    unit.refresh_from_db()
    opened_at = unit.revision
    # A real change by someone else (a save without changes writes nothing, item 3).
    changed = dataclasses.replace(services.UnitData.from_unit(unit), phone="+45 12 34 56 78")
    services.unit_update(actor=None, unit=unit, data=changed, reason="samtidig")
    data = {"what": "close", "reason": "Fortrudt", "expected_revision": str(opened_at)}
    response = admin_client.post(reverse("hierarchy:unit_withdraw", args=[unit.sor_id]), data)
    assert response.status_code == 422
    assert services.MSG_STALE in response.content.decode()
    unit.refresh_from_db()
    assert unit.valid_to is not None


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"closing_date": Day(3)}, DayMessage(services.MSG_CLOSE_DATE_MIN, "day", 7)),
        ({"closing_date": Day(0)}, DayMessage(services.MSG_CLOSE_DATE_MIN, "day", 7)),
    ],
)
def test_close_refuses_before_asking_for_confirmation(admin_client, demo, overrides, message):
    """The first submit (no confirm) runs every rule: a close that cannot succeed is refused at
    once instead of first asking "Sidste gyldige dag bliver …?"."""
    unit = demo.aeldre
    response = admin_client.post(url("unit_close", unit), close_data(unit, confirm="", **overrides))
    content = response.content.decode()
    assert response.status_code == 422
    assert str(message) in content
    assert "Bekræft lukning" not in content and "data-open-on-load" not in content
    unit.refresh_from_db()
    assert unit.valid_to is None


def test_close_with_open_children_refused_before_confirmation(admin_client, demo):
    unit = demo.tandpleje
    response = admin_client.post(url("unit_close", unit), close_data(unit, confirm=""))
    content = response.content.decode()
    assert response.status_code == 422
    assert "fordi disse underenheder stadig er åbne" in content
    assert "Bekræft lukning" not in content


def test_close_confirmation_step_opens_the_dialog(admin_client, demo):
    unit = demo.aeldre
    events = audit_count()
    response = admin_client.post(url("unit_close", unit), close_data(unit, confirm="", closing_date=d(10)))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Bekræft lukning" in content and f"Sidste gyldige dag bliver {d(10)}" in content
    assert "data-open-on-load" in content  # with JavaScript the dialog opens by itself
    assert 'class="fds-modal"' in content and ">OK</button>" in content and ">Annuller</button>" in content
    assert f"Sidste gyldige dag bliver <strong>{d(10)}</strong>" in content  # in the dialog
    unit.refresh_from_db()
    assert unit.valid_to is None and audit_count() == events


def picker(content: str, field: str) -> str:
    match = re.search(rf'<div class="date-picker"[^>]*>\s*<input[^>]*name="{field}"', content)
    assert match, field
    return match.group(0)


def iso(days: int) -> str:
    return (services.today() + timedelta(days=days)).isoformat()


def test_date_pickers_start_at_the_earliest_allowed_day(admin_client, demo):
    unit = demo.tandplejen_blovstrod
    pages = {
        "unit_create": ("valid_from", 0, demo.tandpleje),
        "unit_edit": ("effective_date", 0, unit),
        "unit_move": ("effective_date", services.MOVE_MIN_DAYS, unit),
        "unit_close": ("closing_date", services.CLOSE_MIN_DAYS, unit),
    }
    for view, (field, days, target) in pages.items():
        content = admin_client.get(url(view, target)).content.decode()
        assert f'data-min-date="{iso(days)}"' in picker(content, field), view


def test_date_pickers_for_sds_start_at_the_unit_start(client, demo, sds_user):
    client.force_login(sds_user)
    unit = demo.tandplejen_blovstrod
    content = client.get(url("unit_close", unit)).content.decode()
    assert f'data-min-date="{unit.valid_from.isoformat()}"' in picker(content, "closing_date")


def test_reason_policy():
    # Issue 23 item 8: one rule, every write needs a Begrundelse.
    actions = ("create", "update", "move", "close", "withdraw")
    assert {a: services.reason_required(a) for a in actions} == dict.fromkeys(actions, True)


def label_of(content: str, field: str) -> str:
    match = re.search(
        rf'<label class="form-label" for="id_{field}">(.*?)</label>(<span [^>]*>)?', content, re.S
    )
    assert match, field
    return match.group(0)


def test_required_fields_are_marked(admin_client, demo):
    unit = demo.tandplejen_blovstrod
    marker = 'class="sor-required"'
    move = admin_client.get(url("unit_move", unit)).content.decode()
    close = admin_client.get(url("unit_close", unit)).content.decode()
    create = admin_client.get(url("unit_create", demo.tandpleje)).content.decode()
    edit = admin_client.get(url("unit_edit", unit)).content.decode()
    for content in (move, close, create, edit):
        assert "Felter markeret med * skal udfyldes." in content
    for field in ("new_parent", "effective_date", "reason"):
        assert marker in label_of(move, field), field
    for field in ("new_parent", "effective_date"):
        assert 'aria-required="true"' in input_tag(move, f"id_{field}"), field
    for field in ("closing_date", "reason"):
        assert marker in label_of(close, field), field
    for content in (create, edit):
        for field in (
            "name",
            "unit_type",
            "postal_address_postal_code",
            "postal_address_street_name",
            "phone",
        ):
            assert marker in label_of(content, field), field
        assert marker in label_of(content, "reason")  # required for every write (issue 23 item 8)
        for field in ("email", "website", "postal_address_floor", "postal_address_door"):
            assert marker not in label_of(content, field), field


def test_move_reports_reason_and_scope_together(admin_client, demo):
    """Begrundelse missing and a target outside the kommune: both on the first submit."""
    unit = demo.tandplejen_blovstrod
    response = admin_client.post(url("unit_move", unit), move_data(unit, demo.other_oe, reason=""))
    content = response.content.decode()
    assert response.status_code == 422
    assert "Flytning skal foretages inden for egen kommune" in content
    assert services.MSG_REASON_REQUIRED in content
    assert UnitVersion.objects.filter(unit=unit).count() == 1


def test_move_reports_reason_and_date_together(admin_client, demo):
    unit = demo.tandplejen_blovstrod
    response = admin_client.post(
        url("unit_move", unit), move_data(unit, demo.blovstrod_skole, reason=" ", effective_date=d(0))
    )
    content = response.content.decode()
    assert response.status_code == 422
    assert services.MSG_MOVE_DATE_MIN.format(day=d(1)) in content
    assert services.MSG_REASON_REQUIRED in content


def test_move_reports_reason_with_form_errors(admin_client, demo):
    unit = demo.tandplejen_blovstrod
    response = admin_client.post(
        url("unit_move", unit), move_data(unit, demo.blovstrod_skole, reason="", new_parent="")
    )
    content = response.content.decode()
    assert response.status_code == 422
    assert forms.MSG_NEW_PARENT_REQUIRED in content and services.MSG_REASON_REQUIRED in content


def test_close_reports_reason_and_rules_together(admin_client, demo):
    unit = demo.tandpleje
    response = admin_client.post(
        url("unit_close", unit), close_data(unit, reason="", closing_date=d(3), confirm="")
    )
    content = response.content.decode()
    assert response.status_code == 422
    assert services.MSG_CLOSE_DATE_MIN.format(day=d(7)) in content
    assert services.MSG_REASON_REQUIRED in content


def test_create_and_edit_need_a_reason(admin_client, demo):
    """Issue 23 item 8: Begrundelse is required for Opret and Rediger as for Flyt and Luk, and is
    reported with the other problems of the same submit."""
    before = Unit.objects.count()
    response = admin_client.post(url("unit_create", demo.tandpleje), create_data(reason=" ", phone=""))
    assert response.status_code == 422
    content = response.content.decode()
    assert services.MSG_REASON_REQUIRED in content and contact.MSG_PHONE_REQUIRED in content
    assert Unit.objects.count() == before
    unit = demo.tandplejen_blovstrod
    response = admin_client.post(url("unit_edit", unit), edit_data(unit, name="Uden begrundelse", reason=""))
    assert response.status_code == 422
    assert services.MSG_REASON_REQUIRED in response.content.decode()
    assert not UnitVersion.objects.filter(name="Uden begrundelse").exists()
    response = admin_client.post(
        url("unit_edit", unit), edit_data(unit, name="Med begrundelse", reason="Nyt navn")
    )
    assert response.status_code == 303
    assert AuditEvent.objects.get(action="hierarchy.unit.update", object_id=unit.sor_id).reason == "Nyt navn"


def test_long_name_is_told_the_rule(admin_client, demo):
    before = Unit.objects.count()
    response = admin_client.post(url("unit_create", demo.tandpleje), create_data(name="x" * 10000))
    content = response.content.decode()
    assert response.status_code == 422
    assert "Navnet må højst have 60 tegn (du skrev 10000)." in content
    assert "200 tegn" not in content and "x" * 61 not in content
    assert 'maxlength="60"' in input_tag(content, "id_name")
    assert Unit.objects.count() == before
    unit = demo.tandplejen_blovstrod
    response = admin_client.post(url("unit_edit", unit), edit_data(unit, name="y" * 61))
    assert response.status_code == 422
    assert "Navnet må højst have 60 tegn (du skrev 61)." in response.content.decode()
    assert admin_client.post(url("unit_edit", unit), edit_data(unit, name="z" * 60)).status_code == 303


def test_move_does_not_echo_an_absurd_sor_code(admin_client, demo):
    unit = demo.tandplejen_blovstrod
    response = admin_client.post(
        url("unit_move", unit), move_data(unit, demo.blovstrod_skole, new_parent="1" * 10000)
    )
    content = response.content.decode()
    assert response.status_code == 422
    assert "SOR-koden må højst have 20 tegn (du skrev 10000)." in content
    assert "1" * 100 not in content
    assert UnitVersion.objects.filter(unit=unit).count() == 1


@pytest.mark.parametrize(
    ("field", "value", "limit"),
    [
        ("phone", "4" * 21, 20),
        ("email", "a" * 250 + "@x.dk", 254),
        ("website", "w" * 201, 200),
        ("unit_type", "t" * 121, 120),
        ("postal_address_street_name", "V" * 41, 40),
        ("reason", "r" * 1001, 1000),
    ],
)
def test_form_lengths_agree_with_the_model(admin_client, demo, field, value, limit):
    before = Unit.objects.count()
    response = admin_client.post(url("unit_create", demo.tandpleje), create_data(**{field: value}))
    content = response.content.decode()
    assert response.status_code == 422
    assert f"højst have {limit} tegn (du skrev {len(value)})." in content
    assert f'maxlength="{limit}"' in content
    assert Unit.objects.count() == before


# 200 characters as typed, 208 once the service has added https://
LONG_WEBSITE = "www." + ".".join(c * 60 for c in "abc") + "." + "d" * 10 + ".dk"


def test_website_too_long_after_adding_the_scheme(admin_client, demo):
    """The service adds https://; the stored value must still fit the column (200)."""
    before = Unit.objects.count()
    response = admin_client.post(url("unit_create", demo.tandpleje), create_data(website=LONG_WEBSITE))
    assert response.status_code == 422
    assert services.MSG_WEBSITE_LENGTH.format(limit=200) in response.content.decode()
    assert Unit.objects.count() == before


@pytest.mark.parametrize(
    ("part", "value", "message"),
    [
        ("door", "²", "Døren skal være"),
        ("door", "¹²", "Døren skal være"),
        ("door", "١٢", "Døren skal være"),
        ("floor", "²", "Etagen skal være"),
        ("house_number", "²", "Husnummeret skal være"),
        ("postal_code", "³⁵⁴⁰", "Postnummeret skal være 4 cifre"),
    ],
)
@pytest.mark.parametrize("action", ["create", "edit"])
def test_unicode_digits_in_the_address_are_refused(admin_client, demo, action, part, value, message):
    before, events = Unit.objects.count(), audit_count()
    unit = demo.tandplejen_blovstrod
    key = f"postal_address_{part}"
    if action == "create":
        response = admin_client.post(url("unit_create", demo.tandpleje), create_data(**{key: value}))
    else:
        response = admin_client.post(url("unit_edit", unit), edit_data(unit, **{key: value}))
    content = response.content.decode()
    assert response.status_code == 422
    assert message in content and f'id="id_{key}_error"' in content
    assert Unit.objects.count() == before and audit_count() == events


def test_move_reports_a_form_error_and_the_rules_together(admin_client, demo):
    """A Begrundelse the form refuses (too long) does not hide the service's rules: the target
    outside the kommune is reported on the same submit, and nothing is written."""
    unit = demo.tandplejen_blovstrod
    data = move_data(unit, demo.other_oe, reason="x" * (forms.REASON_MAX_LENGTH + 1))
    response = admin_client.post(url("unit_move", unit), data)
    content = response.content.decode()
    assert response.status_code == 422
    assert "Flytning skal foretages inden for egen kommune" in content
    assert "Begrundelsen må højst have" in content
    assert UnitVersion.objects.filter(unit=unit).count() == 1
    assert not AuditEvent.objects.filter(object_id=unit.sor_id, action="hierarchy.unit.move").exists()


def test_close_reports_a_form_error_and_the_date_rule_together(admin_client, demo):
    unit = demo.aeldre
    data = close_data(unit, closing_date=d(2), reason="x" * (forms.REASON_MAX_LENGTH + 1), confirm="")
    response = admin_client.post(url("unit_close", unit), data)
    content = response.content.decode()
    assert response.status_code == 422
    assert "Dato for enhedens ophør skal tidligst være" in content
    assert "Begrundelsen må højst have" in content
    unit.refresh_from_db()
    assert unit.valid_to is None


@pytest.mark.parametrize("view", ["unit_edit", "unit_move", "unit_close"])
def test_an_empty_post_is_validated_not_shown_as_a_new_form(admin_client, demo, view):
    unit = demo.tandplejen_blovstrod
    revision = Unit.objects.get(pk=unit.pk).revision
    response = admin_client.post(url(view, unit), {})
    assert response.status_code == 422
    assert forms.MSG_REVISION_REQUIRED in response.content.decode()
    assert Unit.objects.get(pk=unit.pk).revision == revision


def test_a_reason_with_control_characters_is_reported_with_the_rules(admin_client, demo):
    unit = demo.tandplejen_blovstrod
    response = admin_client.post(url("unit_move", unit), move_data(unit, demo.other_oe, reason="A\x1bB"))
    content = response.content.decode()
    assert response.status_code == 422
    assert "Flytning skal foretages inden for egen kommune" in content
    assert "Begrundelsen indeholder tegn, som ikke er tilladt" in content
