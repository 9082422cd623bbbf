"""Filing an Anmodning once (like issue 22 item 1 for the register's own forms): "Send anmodning"
clicked twice, or sent again by the browser, files one request; the second submit is answered as
the first was (the same request's page and message). A refused filing leaves the form's key free,
so the corrected form can be sent."""

import re
import uuid
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages

from audit.models import AuditEvent
from change_requests import audit_actions as codes
from change_requests import services
from change_requests.forms import RequestForm
from change_requests.models import ChangeRequest
from hierarchy import permissions
from hierarchy.dates import today
from sor_admin import submissions
from tests import factories
from tests.hierarchy.test_concurrency import run_in_threads
from tests.pg import postgres_only

from .conftest import make_user
from .test_unit_forms import rediger_form
from .test_views import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def day(today):
    return today + timedelta(days=5)


def rediger(unit, day, **changes):
    return rediger_form(unit, day, name="Center for Sundhed og Ældre", **changes)


@pytest.fixture
def own_number(demo, types):
    """demo.si with its own lokationsnummer: what the Meddelelsestyper request is about."""
    from exchange import location_numbers
    from hierarchy.identifiers import make_gln

    return location_numbers.location_number_create(
        actor=None, unit=demo.si, gln=make_gln("579000999001"), message_types=types[:1], reason="Test"
    )


KINDS = ["rediger", "opret", "flyt", "luk", "lokationsnummer", "meddelelsestyper"]


def request_unit(demo, kind):
    return demo.kommune if kind == "opret" else demo.si  # an SI is created under the IE


@pytest.mark.parametrize("kind", KINDS)
def test_each_request_form_carries_one_key(client, demo, allerod, kind, request):
    if kind == "meddelelsestyper":
        request.getfixturevalue("own_number")
    client.force_login(allerod)
    response = client.get(f"/anmodninger/ny/{request_unit(demo, kind).sor_id}/?type={kind}")
    html = response.content.decode()
    assert response.status_code == 200 and response.context["kind"] == kind  # not a fallback kind
    assert len(re.findall(r'<input type="hidden" name="form_key" value="[0-9a-f-]{36}"', html)) == 1
    assert ">Form key<" not in html  # the hidden key gets no visible label


def test_a_lokationsnummer_request_is_filed_through_its_form(client, demo, allerod, types):
    """A kind without a date or a name (the same-name check must leave it alone)."""
    from hierarchy.identifiers import make_gln

    client.force_login(allerod)
    url = f"/anmodninger/ny/{demo.si.sor_id}/?type=lokationsnummer"
    data = {
        **form_data(RequestForm(kind="lokationsnummer", unit=demo.si)),
        "type": "lokationsnummer",
        "gln": make_gln("579000999001"),
        "message_types": [types[0].urn],
        "reason": "Centret skal modtage korrespondancer.",
    }
    response = client.post(url, data)
    request = ChangeRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/anmodninger/{request.pk}/"
    assert request.kind == "lokationsnummer" and request.proposed["gln"] == data["gln"]


def test_a_meddelelsestyper_request_is_filed_through_its_form(client, demo, allerod, types, own_number):
    client.force_login(allerod)
    url = f"/anmodninger/ny/{demo.si.sor_id}/?type=meddelelsestyper"
    data = {
        **form_data(RequestForm(kind="meddelelsestyper", unit=demo.si)),
        "type": "meddelelsestyper",
        "message_types": [t.urn for t in types[:2]],
        "reason": "Skal kunne modtage flere typer.",
    }
    response = client.post(url, data)
    request = ChangeRequest.objects.get()
    assert response.status_code == 302 and request.kind == "meddelelsestyper"
    assert request.proposed == {"message_types": sorted(t.urn for t in types[:2])}


def test_send_anmodning_twice_files_one_request(client, demo, allerod, day):
    client.force_login(allerod)
    url = f"/anmodninger/ny/{demo.si.sor_id}/?type=rediger"
    form = rediger(demo.si, day)
    assert form["form_key"]  # the form as rendered carries its key
    first = client.post(url, form)
    second = client.post(url, form)
    request = ChangeRequest.objects.get()
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == f"/anmodninger/{request.pk}/"
    assert [str(m) for m in get_messages(second.wsgi_request)][-1] == (
        f"Anmodning {request.number} er sendt til {request.get_team_display()}."
    )
    assert AuditEvent.objects.filter(action=codes.FILE).count() == 1


def test_a_move_request_sent_twice_files_one(client, demo, allerod, day):
    client.force_login(allerod)
    form = {
        **form_data(RequestForm(kind="flyt", unit=demo.si)),
        "type": "flyt",
        "new_parent": demo.other_kommune.sor_id,
        "effective_date": day.strftime("%d-%m-%Y"),
        "reason": "Overdrages til Aarhus.",
    }
    url = f"/anmodninger/ny/{demo.si.sor_id}/?type=flyt"
    answers = [client.post(url, form) for _ in range(2)]
    request = ChangeRequest.objects.get()
    assert [a.status_code for a in answers] == [302, 302]
    assert {a["Location"] for a in answers} == {f"/anmodninger/{request.pk}/"}


def test_another_opened_form_files_another_request(client, demo, allerod, day):
    client.force_login(allerod)
    url = f"/anmodninger/ny/{demo.si.sor_id}/?type=rediger"
    for _ in range(2):
        assert client.post(url, rediger(demo.si, day, form_key=str(uuid.uuid4()))).status_code == 302
    assert ChangeRequest.objects.count() == 2


def test_a_refused_filing_leaves_the_key_for_the_corrected_form(client, demo, allerod, day):
    client.force_login(allerod)
    url = f"/anmodninger/ny/{demo.si.sor_id}/?type=rediger"
    form = rediger(demo.si, day, form_key=str(uuid.uuid4()))
    refused = client.post(url, {**form, "phone": "12"})  # refused: no Danish telephone number
    assert refused.status_code == 422 and not ChangeRequest.objects.exists()
    assert client.post(url, form).status_code == 302
    assert ChangeRequest.objects.count() == 1


def test_the_service_answers_a_reused_key_with_the_first_request(demo, allerod, day):
    key = uuid.uuid4()
    kwargs = dict(
        actor=allerod,
        unit=demo.si,
        kind="rediger",
        proposed={"name": "Nyt navn"},
        effective_date=day,
        reason="r",
        form_key=key,
    )
    first = services.request_file(**kwargs)
    with pytest.raises(submissions.AlreadySubmitted) as repeat:
        services.request_file(**kwargs)
    assert repeat.value.result == str(first.pk)
    assert ChangeRequest.objects.count() == 1
    # Another user's form with the same key is that user's own.
    colleague = make_user("admin2.allerod", permissions.GROUP_MUNICIPAL_ADMIN, scopes=[demo.kommune])
    services.request_file(**{**kwargs, "actor": colleague})
    assert ChangeRequest.objects.count() == 2


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_parallel_submits_of_one_form_file_one_request(reference_data):
    kommune = factories.kommune_ie("0201")
    si = factories.si(kommune)
    requester = make_user("admin.allerod", permissions.GROUP_MUNICIPAL_ADMIN, scopes=[kommune])
    key = uuid.uuid4()
    results, errors = run_in_threads(
        lambda i: (
            services.request_file(
                actor=requester,
                unit=si,
                kind="rediger",
                proposed={"name": "Nyt navn"},
                effective_date=today() + timedelta(days=5),
                reason="r",
                form_key=key,
            ).pk
        ),
        4,
    )
    request = ChangeRequest.objects.get()
    assert results == [request.pk]
    assert len(errors) == 3
    assert all(isinstance(e, submissions.AlreadySubmitted) and e.result == str(request.pk) for e in errors)
