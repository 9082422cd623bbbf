"""Rediger and Opret as requests (issue 25 item 1): the real unit form's fields, addresses with
"samme som" included, filed as the proposal, checked at filing by the register's services (a dry
run) and carried out through them on approval; and the reviewer's diff on another date (item 3)."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError

from addresses.services import MSG_POSTAL_CODE_UNKNOWN
from change_requests import selectors, services
from change_requests.forms import UnitRequestForm
from change_requests.models import ChangeRequest
from hierarchy import services as hierarchy
from hierarchy.forms import MSG_CONFIRM_DUPLICATE, MSG_CONFIRM_DUPLICATE_EDIT
from hierarchy.models import Unit, UnitVersion
from tests import factories

from .test_views import form_data, page

pytestmark = pytest.mark.django_db

IDRAETSVEJ = {"postal_code": "3540", "street_name": "Idrætsvej", "house_number": "4"}


@pytest.fixture
def day(today):
    return today + timedelta(days=5)


def rediger_form(unit, day, **changes):
    return {
        **form_data(UnitRequestForm(kind="rediger", unit=unit)),
        "type": "rediger",
        "effective_date": day.strftime("%d-%m-%Y"),
        "reason": "Besøg flytter til Lynge.",
        **changes,
    }


def own_visiting(address):
    return {f"visiting_address_{part}": value for part, value in address.items()}


def test_the_rediger_request_form_is_the_real_form(client, demo, allerod):
    status, html = page(client, allerod, f"/anmodninger/ny/{demo.si.sor_id}/?type=rediger")
    assert status == 200
    for label in ("Navn", "Enhedstype", "Postnummer", "Vejnavn", "Husnummer", "Etage", "Dør"):
        assert f">{label}</label>" in html, label
    for label in ("Samme som postadresse", "Telefonnummer", "E-mail", "Hjemmeside", "Begrundelse"):
        assert f">{label}</label>" in html, label
    assert 'name="postal_address_street_name"' in html and 'value="Bjarkesvej"' in html
    assert 'name="activity_same_as_visiting"' not in html  # an SI has no aktivitetsadresse
    assert html.count('name="form_key"') == 1  # one submit files one request (test_file_once.py)


def test_a_rediger_request_with_a_new_visiting_address_and_phone(client, demo, allerod, sds, day):
    client.force_login(allerod)
    url = f"/anmodninger/ny/{demo.si.sor_id}/?type=rediger"
    form = rediger_form(demo.si, day, phone="48 10 20 30", **own_visiting(IDRAETSVEJ))
    form.pop("visiting_same_as_postal")  # unticked: an own besøgsadresse
    response = client.post(url, form)
    assert response.status_code == 302
    request = ChangeRequest.objects.get()
    assert set(request.proposed) == {"phone", "visiting_address"}
    assert {k: request.proposed["visiting_address"][k] for k in IDRAETSVEJ} == IDRAETSVEJ
    rows = {row.key: (row.label, row.on_date, row.proposed, row.differs) for row in selectors.diff(request)}
    assert rows["visiting_address"] == (
        "Besøgsadresse",
        "Samme som postadresse",
        "Idrætsvej 4, 3540 Lynge",
        True,
    )
    assert rows["phone"] == ("Telefonnummer", "48 10 01 00", "48 10 20 30", True)
    status, html = page(client, sds, f"/anmodninger/{request.pk}/")
    assert status == 200 and "Idrætsvej 4, 3540 Lynge" in html and ">Besøgsadresse</th>" in html

    services.request_approve(actor=sds, request=request)
    request.refresh_from_db()
    assert request.status == "godkendt"
    version = UnitVersion.objects.select_related("visiting_address").get(unit=demo.si, valid_from=day)
    assert not version.visiting_same_as_postal
    assert version.visiting_address.one_line() == "Idrætsvej 4, 3540 Lynge"
    assert version.phone == "48 10 20 30"
    assert version.postal_address.one_line() == "Bjarkesvej 2, 3450 Allerød"  # not proposed: kept
    assert version.reason.startswith(f"Anmodning {request.number} fra ")


def test_an_address_approved_alone_and_back_to_samme_som(demo, allerod, sds, day):
    request = services.request_file(
        actor=allerod,
        unit=demo.si,
        kind="rediger",
        proposed={"phone": "48 10 20 30", "visiting_address": IDRAETSVEJ},
        effective_date=day,
        reason="r",
    )
    services.request_approve(actor=sds, request=request, fields=["visiting_address"])
    version = UnitVersion.objects.get(unit=demo.si, valid_from=day)
    assert (version.visiting_address.street_name, version.phone) == ("Idrætsvej", "48 10 01 00")
    # "Samme som postadresse" again is proposed as None, and carried out as the tick.
    later = day + timedelta(days=1)
    back = services.request_file(
        actor=allerod,
        unit=demo.si,
        kind="rediger",
        proposed={"visiting_address": None},
        effective_date=later,
        reason="r",
    )
    assert selectors.diff(back)[0].on_date == "Idrætsvej 4, 3540 Lynge"
    services.request_approve(actor=sds, request=back)
    assert UnitVersion.objects.get(unit=demo.si, valid_from=later).visiting_same_as_postal


def test_an_impossible_address_is_refused_at_filing_with_the_services_message(client, demo, allerod, day):
    message = MSG_POSTAL_CODE_UNKNOWN.format(nr="9999")
    client.force_login(allerod)
    form = rediger_form(demo.si, day, **own_visiting({**IDRAETSVEJ, "postal_code": "9999"}))
    form.pop("visiting_same_as_postal")
    response = client.post(f"/anmodninger/ny/{demo.si.sor_id}/?type=rediger", form)
    assert response.status_code == 422 and message in response.content.decode()
    with pytest.raises(ValidationError) as refused:
        services.request_file(
            actor=allerod,
            unit=demo.si,
            kind="rediger",
            proposed={"visiting_address": {**IDRAETSVEJ, "postal_code": "9999"}},
            effective_date=day,
            reason="r",
        )
    assert message in refused.value.messages
    # An own besøgsadresse left empty is refused as the real form refuses it.
    with pytest.raises(ValidationError) as empty:
        services.request_file(
            actor=allerod,
            unit=demo.si,
            kind="rediger",
            proposed={"visiting_address": {}},
            effective_date=day,
            reason="r",
        )
    assert hierarchy.MSG_VISITING_REQUIRED in empty.value.messages
    assert not ChangeRequest.objects.exists()


def test_an_opret_request_with_every_field(client, demo, allerod, sds, day):
    client.force_login(allerod)
    url = f"/anmodninger/ny/{demo.kommune.sor_id}/?type=opret"
    status, html = page(client, allerod, url)
    assert status == 200 and ">Samme som postadresse</label>" in html
    assert 'name="activity_same_as_visiting"' not in html  # an SI: post- and besøgsadresse
    form = {
        "type": "opret",
        "name": "Allerød Rehabilitering",
        "unit_type": demo.si.unit_type.name,
        "effective_date": day.strftime("%d-%m-%Y"),
        "postal_address_postal_code": "3540",
        "postal_address_street_name": "Ved Gadekæret",
        "postal_address_house_number": "15A",
        "postal_address_floor": "2",
        "postal_address_door": "222",
        **own_visiting(IDRAETSVEJ),
        "phone": "48 10 01 50",
        "email": "rehab@alleroed.example",
        "website": "https://www.alleroed.dk/rehab",
        "reason": "Nyt rehabiliteringscenter.",
    }
    response = client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:3000]
    request = ChangeRequest.objects.get()
    assert request.proposed["kind"] == "SI" and request.team == "sds"
    assert set(request.proposed) == {
        "kind",
        "name",
        "unit_type",
        "phone",
        "email",
        "website",
        "postal_address",
        "visiting_address",
    }
    rows = {row.key: row.proposed for row in selectors.diff(request)}
    assert rows["postal_address"] == "Ved Gadekæret 15A, 2. 222, 3540 Lynge"
    assert rows["visiting_address"] == "Idrætsvej 4, 3540 Lynge"

    services.request_approve(actor=sds, request=request)
    created = Unit.objects.get(name="Allerød Rehabilitering")
    assert (created.kind, created.parent, created.valid_from) == ("SI", demo.kommune, day)
    assert created.unit_type_id == demo.si.unit_type_id
    assert (created.phone, created.email, created.website) == (
        "48 10 01 50",
        "rehab@alleroed.example",
        "https://www.alleroed.dk/rehab",
    )
    assert created.postal_address.one_line() == "Ved Gadekæret 15A, 2. 222, 3540 Lynge"
    assert not created.visiting_same_as_postal
    assert created.visiting_address.one_line() == "Idrætsvej 4, 3540 Lynge"


def test_an_opret_request_refused_like_the_real_form(client, demo, allerod, day):
    client.force_login(allerod)
    response = client.post(
        f"/anmodninger/ny/{demo.kommune.sor_id}/?type=opret",
        {
            "type": "opret",
            "name": "Allerød Rehabilitering",
            "unit_type": "findes ikke",
            "effective_date": day.strftime("%d-%m-%Y"),
            "visiting_same_as_postal": "on",
            "reason": "r",
        },
    )
    assert response.status_code == 422 and hierarchy.MSG_UNIT_TYPE in response.content.decode()
    assert not ChangeRequest.objects.exists()


def test_the_diff_is_recomputed_for_the_reviewers_date(client, demo, allerod, sds, day):
    request = services.request_file(
        actor=allerod,
        unit=demo.si,
        kind="rediger",
        proposed={"name": "Center for Sundhed og Ældre"},
        effective_date=day,
        reason="r",
    )
    later = day + timedelta(days=10)
    data = hierarchy.UnitData.from_unit(Unit.objects.get(pk=demo.si.pk))
    data.name = "Center for Sundhed"
    hierarchy.unit_update(actor=sds, unit=demo.si, data=data, effective_date=later, reason="planlagt")
    url = f"/anmodninger/{request.pk}/"
    html = page(client, sds, url)[1]
    assert f"Pr. {day:%d-%m-%Y}</th><th" in html and "<td>Center for Sundhed og Omsorg</td>" in html
    status, html = page(client, sds, f"{url}?dato={later:%d-%m-%Y}")
    assert status == 200
    assert f"Pr. {later:%d-%m-%Y}</th><th" in html and "<td>Center for Sundhed</td>" in html
    assert 'id="diff-other-day"' in html
    assert f'name="effective_date" value="{later:%d-%m-%Y}"' in html  # approve from that date
    # The approve form's date asks for the same page when it changes (htmx).
    assert f'hx-get="{url}"' in html and 'hx-select="#request-diff-section"' in html
    assert "<td>Center for Sundhed</td>" in page(client, sds, f"{url}?effective_date={later:%d-%m-%Y}")[1]
    # Not a date: the requested date, no error.
    status, html = page(client, sds, f"{url}?dato=31-02-2026")
    assert status == 200 and f"Pr. {day:%d-%m-%Y}</th><th" in html


def test_a_refused_unit_action_points_to_the_request(client, demo, allerod, sds):
    status, html = page(client, allerod, f"/enhed/{demo.si.sor_id}/rediger/")
    assert status == 403
    assert settings.SOR_SUPPORT_EMAIL in html  # the refusal's own text, the e-mail as fallback
    assert 'id="request-pointer"' in html
    assert f'href="/anmodninger/ny/{demo.si.sor_id}/?type=rediger"' in html
    # Not offered where no request can be filed: another kommune's unit.
    status, html = page(client, allerod, f"/enhed/{demo.other_si.sor_id}/rediger/")
    assert status == 403 and 'id="request-pointer"' not in html


def opret_si(day, name, **extra):
    return {
        "type": "opret",
        "name": name,
        "effective_date": day.strftime("%d-%m-%Y"),
        "postal_address_postal_code": "3540",
        "postal_address_street_name": "Ved Gadekæret",
        "postal_address_house_number": "15A",
        "visiting_same_as_postal": "on",
        "phone": "48 10 01 50",
        "reason": "Nyt center.",
        **extra,
    }


def test_an_opret_request_warns_of_a_twin_name_like_opret_oe(client, demo, allerod, day):
    """Opret's same-name warning (hierarchy, issue 23 item 6) holds for a request too: nothing is
    filed until the requester confirms that the new unit shall have a sibling's name."""
    client.force_login(allerod)
    url = f"/anmodninger/ny/{demo.kommune.sor_id}/?type=opret"
    twin = " center for sundhed  og Omsorg"  # demo.si's name, case and spacing aside
    warned = client.post(url, opret_si(day, twin, unit_type=demo.si.unit_type.name))
    html = warned.content.decode()
    assert warned.status_code == 422 and not ChangeRequest.objects.exists()
    assert 'id="duplicate-warning"' in html and demo.si.sor_id in html
    assert f"Der findes allerede en enhed med samme navn under {demo.kommune.name}" in html
    assert 'name="confirm_duplicate"' in html and 'name="duplicate_shown"' in html
    assert ">Send alligevel: enhederne skal have samme navn</label>" in html  # a request is sent

    unconfirmed = client.post(url, opret_si(day, twin, unit_type=demo.si.unit_type.name, duplicate_shown="1"))
    assert unconfirmed.status_code == 422 and not ChangeRequest.objects.exists()
    assert MSG_CONFIRM_DUPLICATE in unconfirmed.content.decode()

    confirmed = client.post(
        url,
        opret_si(day, twin, unit_type=demo.si.unit_type.name, duplicate_shown="1", confirm_duplicate="on"),
    )
    assert confirmed.status_code == 302
    assert ChangeRequest.objects.get().proposed["name"] == twin.strip()


def test_an_opret_request_with_a_new_name_is_filed_without_a_warning(client, demo, allerod, day):
    client.force_login(allerod)
    url = f"/anmodninger/ny/{demo.kommune.sor_id}/?type=opret"
    response = client.post(url, opret_si(day, "Allerød Rehabilitering", unit_type=demo.si.unit_type.name))
    assert response.status_code == 302 and ChangeRequest.objects.count() == 1
    assert 'name="confirm_duplicate"' not in page(client, allerod, url)[1]


def test_the_reviewer_sees_a_twin_name_of_an_opret_request(client, demo, allerod, sds, day):
    """The requester confirmed the name at filing; the reviewer is told too, on the date shown."""
    client.force_login(allerod)
    url = f"/anmodninger/ny/{demo.kommune.sor_id}/?type=opret"
    twin = opret_si(day, demo.si.name, unit_type=demo.si.unit_type.name, confirm_duplicate="on")
    assert client.post(url, {**twin, "duplicate_shown": "1"}).status_code == 302
    other = opret_si(day, "Allerød Rehabilitering", unit_type=demo.si.unit_type.name)
    assert client.post(url, other).status_code == 302
    twin_request, other_request = ChangeRequest.objects.order_by("pk")
    status, html = page(client, sds, f"/anmodninger/{twin_request.pk}/")
    assert status == 200 and 'id="duplicate-warning"' in html and demo.si.sor_id in html
    assert f"Der findes allerede en enhed med samme navn under {demo.kommune.name}" in html
    assert 'id="duplicate-warning"' not in page(client, sds, f"/anmodninger/{other_request.pk}/")[1]
    # The requester, who cannot approve, is not shown the reviewer's warning.
    assert 'id="duplicate-warning"' not in page(client, allerod, f"/anmodninger/{twin_request.pk}/")[1]


def test_a_rename_request_to_a_siblings_name_waits_for_confirmation(client, demo, allerod, day):
    """Rediger as a request, like Rediger OE: a new name that a sibling has is filed once confirmed."""
    other_si = factories.si(demo.kommune, "Sundhed og Omsorg Nord")  # a sibling under the kommune
    client.force_login(allerod)
    url = f"/anmodninger/ny/{demo.si.sor_id}/?type=rediger"
    form = rediger_form(demo.si, day, name="sundhed og omsorg nord")
    warned = client.post(url, form)
    html = warned.content.decode()
    assert warned.status_code == 422 and not ChangeRequest.objects.exists()
    assert 'id="duplicate-warning"' in html and other_si.sor_id in html
    assert f"Der findes allerede en enhed med samme navn under {demo.kommune.name}" in html
    unconfirmed = client.post(url, {**form, "duplicate_shown": "1"})
    assert MSG_CONFIRM_DUPLICATE_EDIT in unconfirmed.content.decode() and not ChangeRequest.objects.exists()
    assert client.post(url, {**form, "duplicate_shown": "1", "confirm_duplicate": "on"}).status_code == 302
    assert ChangeRequest.objects.get().proposed["name"] == "sundhed og omsorg nord"


def test_the_reviewer_sees_a_twin_name_of_a_rename_request(client, demo, allerod, sds, day):
    other_si = factories.si(demo.kommune, "Sundhed og Omsorg Nord")
    client.force_login(allerod)
    url = f"/anmodninger/ny/{demo.si.sor_id}/?type=rediger"
    form = rediger_form(
        demo.si, day, name="Sundhed og Omsorg Nord", duplicate_shown="1", confirm_duplicate="on"
    )
    assert client.post(url, form).status_code == 302
    request = ChangeRequest.objects.get()
    status, html = page(client, sds, f"/anmodninger/{request.pk}/")
    assert status == 200 and 'id="duplicate-warning"' in html and other_si.sor_id in html
    assert f"Der findes allerede en enhed med samme navn under {demo.kommune.name}" in html
