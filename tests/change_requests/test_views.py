"""/anmodninger/ and "Anmod om ændring": who sees and decides what, through the GUI."""

from datetime import timedelta

import pytest

from change_requests import selectors, services
from change_requests.forms import UnitRequestForm
from change_requests.models import ChangeRequest
from hierarchy import permissions
from hierarchy import services as hierarchy
from hierarchy.models import Unit, UnitVersion
from hierarchy.services.messages import MSG_IMPACT
from tests.forms import form_data

from .conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def day(today):
    return today + timedelta(days=5)


@pytest.fixture
def filed(demo, allerod, day):
    return services.request_file(
        actor=allerod,
        unit=demo.si,
        kind="rediger",
        proposed={"name": "Center for Sundhed og Ældre", "phone": "48 10 01 01"},
        effective_date=day,
        reason="Nyt navn og nummer.",
    )


def page(client, user, url):
    client.force_login(user)
    response = client.get(url)
    return response.status_code, response.content.decode()


def test_the_button_on_units_the_user_cannot_change_that_way(client, demo, allerod, sds):
    status, html = page(client, allerod, f"/enhed/{demo.si.sor_id}/")
    assert status == 200 and f'href="/anmodninger/ny/{demo.si.sor_id}/">Anmod om ændring' in html
    assert "Anmod om ændring" not in page(client, allerod, f"/enhed/{demo.other_si.sor_id}/")[1]
    assert "Anmod om ændring" not in page(client, sds, f"/enhed/{demo.si.sor_id}/")[1]


def test_the_form_offers_the_kinds_the_user_may_not_do(client, demo, allerod):
    status, html = page(client, allerod, f"/anmodninger/ny/{demo.si.sor_id}/?type=rediger")
    assert status == 200
    assert 'value="Center for Sundhed og Omsorg"' in html  # prefilled with the unit's values
    assert "Sundhedsdatastyrelsen" in html
    kinds = services.requestable_kinds(allerod, demo.si)
    assert kinds[:3] == ["rediger", "flyt", "luk"]
    assert page(client, allerod, f"/anmodninger/ny/{demo.other_si.sor_id}/")[0] == 403


def test_filing_through_the_form_and_a_refusal_shown_on_it(client, demo, allerod, day):
    client.force_login(allerod)
    url = f"/anmodninger/ny/{demo.si.sor_id}/?type=rediger"
    form = {
        **form_data(UnitRequestForm(kind="rediger", unit=demo.si)),
        "type": "rediger",
        "name": "Center for Sundhed og Ældre",
        "phone": "12",
        "effective_date": day.strftime("%d-%m-%Y"),
        "reason": "Nyt navn",
    }
    refused = client.post(url, form)
    assert refused.status_code == 422
    assert hierarchy.MSG_PHONE_FORMAT in refused.content.decode()
    assert not ChangeRequest.objects.exists()
    response = client.post(url, {**form, "phone": demo.si.phone})
    request = ChangeRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/anmodninger/{request.pk}/"
    assert request.proposed == {"name": "Center for Sundhed og Ældre"}  # only what differs


def test_who_sees_a_request(client, demo, filed, allerod, aarhus, sds, medcom):
    colleague = make_user("admin2.allerod", permissions.GROUP_MUNICIPAL_ADMIN, scopes=[demo.kommune])
    url = f"/anmodninger/{filed.pk}/"
    for user in (allerod, colleague, sds):
        assert page(client, user, url)[0] == 200
    for user in (aarhus, medcom):
        assert page(client, user, url)[0] == 404
        assert filed.unit.name not in page(client, user, "/anmodninger/")[1]
    assert filed.unit.name in page(client, colleague, "/anmodninger/")[1]


def test_the_page_diffs_against_the_unit_on_the_requested_date(client, demo, filed, sds, day):
    # A name planned before the requested date is what the proposal replaces.
    data = hierarchy.UnitData.from_unit(Unit.objects.get(pk=demo.si.pk))
    data.name = "Center for Sundhed"
    hierarchy.unit_update(
        actor=sds, unit=demo.si, data=data, effective_date=day - timedelta(days=1), reason="r"
    )
    rows = {row.key: (row.on_date, row.proposed) for row in selectors.diff(filed)}
    assert rows["name"] == ("Center for Sundhed", "Center for Sundhed og Ældre")
    status, html = page(client, sds, f"/anmodninger/{filed.pk}/")
    assert status == 200
    assert f"Pr. {day.strftime('%d-%m-%Y')}" in html
    assert 'id="unit-changed"' in html  # and the reviewer is told the unit changed since
    shown_day = day.strftime("%d-%m-%Y")
    before = (day - timedelta(days=1)).strftime("%d-%m-%Y")
    assert selectors.changes_since_filing(filed) == [
        (f"Navn (pr. {shown_day})", "Center for Sundhed og Omsorg", "Center for Sundhed"),
        (f"Gældende fra (pr. {shown_day})", "01-01-2015", before),
    ]


def test_a_kommune_admin_cannot_review_in_the_gui(client, demo, filed):
    colleague = make_user("admin2.allerod", permissions.GROUP_MUNICIPAL_ADMIN, scopes=[demo.kommune])
    client.force_login(colleague)
    status, html = page(client, colleague, f"/anmodninger/{filed.pk}/")
    assert status == 200
    assert ">Godkend</button>" not in html
    response = client.post(f"/anmodninger/{filed.pk}/godkend/", {})
    assert response.status_code == 422
    assert "Kun Sundhedsdatastyrelsen kan behandle denne anmodning." in response.content.decode()
    filed.refresh_from_db()
    assert filed.status == "modtaget"


def test_the_queue_oldest_first_with_counts_and_filters(client, demo, allerod, aarhus, sds, medcom, day):
    first = services.request_file(
        actor=aarhus,
        unit=demo.other_oe,
        kind="flyt",
        proposed={"new_parent": demo.si.sor_id},
        effective_date=day,
        reason="Overgår",
    )
    second = services.request_file(
        actor=allerod, unit=demo.si, kind="rediger", proposed={"name": "Nyt"}, effective_date=day, reason="r"
    )
    rows, counts = selectors.listing(sds, selectors.Filters(open_only=True))
    assert [r.pk for r in rows] == [first.pk, second.pk]
    assert counts["modtaget"] == 2
    assert [r.pk for r in selectors.listing(sds, selectors.Filters(kind="flyt"))[0]] == [first.pk]
    assert [r.pk for r in selectors.listing(sds, selectors.Filters(kommune=demo.kommune.sor_id))[0]] == [
        second.pk
    ]
    assert selectors.listing(medcom, selectors.Filters())[0] == []
    assert [r.pk for r in selectors.listing(allerod, selectors.Filters())[0]] == [second.pk]
    status, html = page(client, sds, "/anmodninger/")
    assert status == 200 and html.index(f'data-request="{first.pk}"') < html.index(
        f'data-request="{second.pk}"'
    )
    assert '<span data-count="modtaget">2</span>' in html


def test_review_steps_in_the_gui(client, demo, filed, sds, day):
    client.force_login(sds)
    assert client.post(f"/anmodninger/{filed.pk}/tag/").status_code == 302
    response = client.post(f"/anmodninger/{filed.pk}/afvis/", {"text": ""})
    assert response.status_code == 422 and services.MSG_ANSWER_REQUIRED in response.content.decode()
    response = client.post(f"/anmodninger/{filed.pk}/godkend/", {"fields_chosen": ["phone"]})
    assert response.status_code == 302
    filed.refresh_from_db()
    assert filed.status == "delvist_godkendt"
    assert UnitVersion.objects.get(unit=demo.si, valid_from=day).phone == "48 10 01 01"
    html = page(client, sds, f"/anmodninger/{filed.pk}/")[1]
    assert '<th scope="col">Godkendt</th>' in html
    assert html.count("<td>Ja</td>") == 1 and html.count("<td>Nej</td>") == 1  # phone yes, name no
    for label in (
        "Anmodning modtaget",
        "Anmodning taget under behandling",
        "Enhed ændret",
        "Anmodning godkendt",
    ):
        assert label in html, label


def test_approval_of_a_changed_unit_in_the_gui_needs_the_confirmation(client, demo, filed, sds, day):
    data = hierarchy.UnitData.from_unit(Unit.objects.get(pk=demo.si.pk))
    data.email = "ny@alleroed.example"
    hierarchy.unit_update(actor=sds, unit=demo.si, data=data, effective_date=day, reason="r")
    revision = Unit.objects.get(pk=demo.si.pk).revision
    client.force_login(sds)
    url = f"/anmodninger/{filed.pk}/godkend/"
    response = client.post(url, {"confirmed_revision": revision})
    assert response.status_code == 422 and "Enheden er ændret, siden anmodningen" in response.content.decode()
    response = client.post(url, {"confirmed_revision": revision, "confirm_changed": "on"})
    assert response.status_code == 302
    version = UnitVersion.objects.get(unit=demo.si, valid_from=day)
    assert (version.name, version.email) == ("Center for Sundhed og Ældre", "ny@alleroed.example")


def test_withdraw_and_reply_in_the_gui(client, demo, filed, allerod, sds):
    services.request_ask(actor=sds, request=filed, question="Hvorfor?")
    client.force_login(allerod)
    assert client.post(f"/anmodninger/{filed.pk}/svar/", {"text": "Fordi."}).status_code == 302
    assert client.post(f"/anmodninger/{filed.pk}/traek-tilbage/").status_code == 302
    filed.refresh_from_db()
    assert (filed.reply, filed.status) == ("Fordi.", "trukket_tilbage")
    assert client.get(f"/anmodninger/{filed.pk}/traek-tilbage/").status_code == 405


def test_the_reviewer_sees_and_confirms_the_impact_on_lokationsnumre(client, demo, aarhus, sds, day, types):
    from exchange import location_numbers
    from hierarchy.identifiers import make_gln

    location_numbers.location_number_create(
        actor=None, unit=demo.other_oe, gln=make_gln("579000999001"), message_types=types[:1], reason="Test"
    )
    request = services.request_file(
        actor=aarhus,
        unit=demo.other_oe,
        kind="flyt",
        proposed={"new_parent": demo.si.sor_id},
        effective_date=day,
        reason="Overgår til Allerød.",
    )
    status, html = page(client, sds, f"/anmodninger/{request.pk}/")
    assert status == 200 and 'id="impact-warning"' in html and make_gln("579000999001") in html
    url = f"/anmodninger/{request.pk}/godkend/"
    response = client.post(url, {})
    assert response.status_code == 422 and MSG_IMPACT in response.content.decode()
    assert client.post(url, {"confirm_impact": "on"}).status_code == 302
    request.refresh_from_db()
    assert request.status == "godkendt"


def test_rediger_an_ie_offers_the_owner_types(client, demo, allerod):
    status, html = page(client, allerod, f"/anmodninger/ny/{demo.kommune.sor_id}/?type=rediger")
    assert status == 200
    assert f'value="{demo.kommune.unit_type.name}"' in html  # prefilled, as in the real form
    assert f'<option value="{demo.kommune.unit_type.name}"></option>' in html
    assert f'<option value="{demo.si.unit_type.name}"></option>' not in html


def test_the_list_refuses_a_user_without_a_sor_role(client, support_user):
    client.force_login(support_user)
    response = client.get("/anmodninger/")
    assert response.status_code == 403 and "Anmodninger bruges af" in response.content.decode()
