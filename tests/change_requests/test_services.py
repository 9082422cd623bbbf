"""The state machine of an Anmodning, through its services: every rule accepted and refused."""

from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import AuditEvent
from change_requests import services
from change_requests.models import ChangeRequest
from hierarchy import permissions, policy
from hierarchy import services as hierarchy
from hierarchy.dates import fmt
from hierarchy.models import Unit, UnitVersion
from hierarchy.services.messages import MSG_IMPACT
from tests import factories

from .conftest import make_user

pytestmark = pytest.mark.django_db
Status = ChangeRequest.Status


@pytest.fixture
def day(today):
    return today + timedelta(days=5)


def rename(actor, unit, day, name="Center for Sundhed, Omsorg og Ældre", **extra):
    return services.request_file(
        actor=actor,
        unit=unit,
        kind="rediger",
        proposed={"name": name, **extra},
        effective_date=day,
        reason="Byrådet har besluttet et nyt navn.",
    )


def events(action):
    return list(AuditEvent.objects.filter(action=action).order_by("seq"))


# --- filing ----------------------------------------------------------------------------------


def test_file_addresses_sds_and_keeps_the_unit_as_it_was(demo, allerod, day):
    versions = UnitVersion.objects.count()
    request = rename(allerod, demo.si, day)
    assert (request.status, request.team, request.owner) == (Status.RECEIVED, "sds", demo.kommune)
    assert request.unit_revision == demo.si.revision
    assert request.unit_state["unit"]["name"] == "Center for Sundhed og Omsorg"
    # The dry run of the reviewer's call wrote nothing that stayed.
    assert UnitVersion.objects.count() == versions
    assert Unit.objects.get(pk=demo.si.pk).name == "Center for Sundhed og Omsorg"
    assert not events("hierarchy.unit.update")
    [filed] = events("requests.request.file")
    assert (filed.object_id, filed.after["request"], filed.reason) == (
        demo.si.sor_id,
        request.pk,
        "Byrådet har besluttet et nyt navn.",
    )


def test_file_refuses_an_impossible_change_with_the_services_message(demo, allerod, day):
    with pytest.raises(ValidationError) as caught:
        rename(allerod, demo.si, day, phone="12")
    assert caught.value.message_dict["phone"] == [hierarchy.MSG_PHONE_FORMAT]
    assert not ChangeRequest.objects.exists()
    assert not events("requests.request.file")


def test_file_refuses_a_move_under_the_units_own_child(demo, aarhus, day):
    with pytest.raises(ValidationError) as caught:
        services.request_file(
            actor=aarhus,
            unit=demo.other_si,
            kind="flyt",
            proposed={"new_parent": demo.other_oe.sor_id},
            effective_date=day,
            reason="Omorganisering",
        )
    # An SI under an OE: the register's own rule and message.
    assert caught.value.message_dict["new_parent"] == [policy.MSG_SI_PARENT]


def test_file_refuses_closing_an_si_with_open_children(demo, allerod, day):
    with pytest.raises(ValidationError) as caught:
        services.request_file(
            actor=allerod, unit=demo.si, kind="luk", proposed={}, effective_date=day, reason="Nedlægges"
        )
    assert "stadig er åbne efter datoen" in caught.value.message_dict["closing_date"][0]


def test_file_refuses_what_the_requester_may_do_alone(demo, allerod, day):
    with pytest.raises(ValidationError) as caught:
        rename(allerod, demo.skoler, day, name="Skoler og dagtilbud i Allerød")
    assert caught.value.messages == [services.MSG_DO_IT_YOURSELF]


def test_file_accepts_a_move_to_another_kommune(demo, aarhus, day):
    request = services.request_file(
        actor=aarhus,
        unit=demo.other_oe,
        kind="flyt",
        proposed={"new_parent": demo.si.sor_id},
        effective_date=day,
        reason="Overgår til Allerød efter aftale.",
    )
    assert request.team == "sds"


def test_file_requires_a_reason_a_date_and_a_proposal(demo, allerod, day, today):
    with pytest.raises(ValidationError) as caught:
        services.request_file(
            actor=allerod,
            unit=demo.si,
            kind="rediger",
            proposed={"name": "X"},
            effective_date=day,
            reason=" ",
        )
    assert caught.value.message_dict["reason"] == [hierarchy.MSG_REASON_REQUIRED]
    with pytest.raises(ValidationError) as caught:
        services.request_file(
            actor=allerod,
            unit=demo.si,
            kind="rediger",
            proposed={"name": "X"},
            effective_date=None,
            reason="r",
        )
    assert caught.value.message_dict["effective_date"] == [services.MSG_DATE_REQUIRED]
    with pytest.raises(ValidationError) as caught:
        rename(allerod, demo.si, today - timedelta(days=1))
    assert caught.value.message_dict["effective_date"] == [hierarchy.MSG_DATE_PAST.format(today=fmt(today))]
    with pytest.raises(ValidationError) as caught:
        services.request_file(
            actor=allerod, unit=demo.si, kind="rediger", proposed={}, effective_date=day, reason="r"
        )
    assert caught.value.messages == [services.MSG_NOTHING_PROPOSED]
    with pytest.raises(ValidationError):
        services.request_file(
            actor=allerod,
            unit=demo.si,
            kind="rediger",
            proposed={"sor_id": "1"},
            effective_date=day,
            reason="r",
        )
    assert not ChangeRequest.objects.exists()


def test_file_needs_a_role_and_the_own_kommune(demo, allerod, day, support_user):
    with pytest.raises(PermissionDenied, match="SOR-administratorrolle"):
        rename(support_user, demo.si, day)
    with pytest.raises(PermissionDenied, match="uden for din kommunes organisation"):
        rename(allerod, demo.other_si, day)


# --- withdraw, take, ask, reply, reject ------------------------------------------------------


def test_withdraw_by_the_requester_until_decided(demo, allerod, sds, day):
    request = rename(allerod, demo.si, day)
    with pytest.raises(PermissionDenied):
        services.request_withdraw(actor=sds, request=request)
    services.request_withdraw(actor=allerod, request=request)
    request.refresh_from_db()
    assert request.status == Status.WITHDRAWN
    assert events("requests.request.withdraw")
    with pytest.raises(ValidationError, match="trukket tilbage og kan ikke længere"):
        services.request_withdraw(actor=allerod, request=request)
    with pytest.raises(ValidationError, match="kan ikke længere"):
        services.request_approve(actor=sds, request=request)


def test_take_by_the_team_once(demo, allerod, sds, medcom, day):
    request = rename(allerod, demo.si, day)
    with pytest.raises(PermissionDenied, match="Kun Sundhedsdatastyrelsen"):
        services.request_take(actor=medcom, request=request)
    with pytest.raises(PermissionDenied):
        services.request_take(actor=allerod, request=request)
    services.request_take(actor=sds, request=request)
    request.refresh_from_db()
    assert (request.status, request.reviewer) == (Status.IN_REVIEW, sds)
    with pytest.raises(ValidationError, match="allerede under behandling"):
        services.request_take(actor=sds, request=request)


def test_ask_and_reply(demo, allerod, sds, day):
    request = rename(allerod, demo.si, day)
    with pytest.raises(ValidationError) as caught:
        services.request_reply(actor=allerod, request=request, reply="Svar")
    assert caught.value.messages == [services.MSG_NO_QUESTION]
    with pytest.raises(ValidationError) as caught:
        services.request_ask(actor=sds, request=request, question="  ")
    assert caught.value.message_dict["question"] == [services.MSG_QUESTION_REQUIRED]
    services.request_ask(actor=sds, request=request, question="Fra hvilken dato gælder beslutningen?")
    request.refresh_from_db()
    assert request.awaiting_reply and request.status == Status.IN_REVIEW
    with pytest.raises(PermissionDenied):
        services.request_reply(actor=sds, request=request, reply="Svar")
    services.request_reply(actor=allerod, request=request, reply="Fra 1. april.")
    request.refresh_from_db()
    assert not request.awaiting_reply and request.reply == "Fra 1. april."
    assert [e.action for e in AuditEvent.objects.filter(object_type="requests.request").order_by("seq")] == [
        "requests.request.file",
        "requests.request.ask",
        "requests.request.reply",
    ]


def test_reject_requires_an_answer(demo, allerod, sds, day):
    request = rename(allerod, demo.si, day)
    with pytest.raises(ValidationError) as caught:
        services.request_reject(actor=sds, request=request, answer="")
    assert caught.value.message_dict["answer"] == [services.MSG_ANSWER_REQUIRED]
    request.refresh_from_db()
    assert request.status == Status.RECEIVED
    services.request_reject(actor=sds, request=request, answer="Navnet er for langt til kortvisningen.")
    request.refresh_from_db()
    assert (request.status, request.answer) == (Status.REJECTED, "Navnet er for langt til kortvisningen.")
    assert Unit.objects.get(pk=demo.si.pk).name == "Center for Sundhed og Omsorg"


# --- approve ---------------------------------------------------------------------------------


def test_approve_makes_the_change_from_the_requested_date_as_the_reviewer(demo, allerod, sds, day, today):
    request = rename(allerod, demo.si, day)
    services.request_approve(actor=sds, request=request)
    request.refresh_from_db()
    assert (request.status, request.applied_date, request.reviewer) == (Status.APPROVED, day, sds)
    version = UnitVersion.objects.get(unit=demo.si, valid_from=day)
    assert version.name == "Center for Sundhed, Omsorg og Ældre"
    assert version.created_by == sds
    assert Unit.objects.get(pk=demo.si.pk).name == "Center for Sundhed og Omsorg"  # not before the day
    [change] = events("hierarchy.unit.update")
    assert change.actor_name == "sds"
    assert change.reason.startswith(f"Anmodning nr. {request.pk} fra Anne Andersen: ")
    [approval] = events("requests.request.approve")
    assert approval.seq == change.seq + 1
    assert approval.after["requester"] == "Anne Andersen"


def test_approve_chosen_fields_only_is_partial(demo, allerod, sds, day):
    request = rename(allerod, demo.si, day, phone="48 10 01 01")
    with pytest.raises(ValidationError) as caught:
        services.request_approve(actor=sds, request=request, fields=[])
    assert caught.value.message_dict["fields"] == [services.MSG_FIELDS_REQUIRED]
    with pytest.raises(ValidationError):
        services.request_approve(actor=sds, request=request, fields=["email"])
    services.request_approve(actor=sds, request=request, fields=["phone"])
    request.refresh_from_db()
    assert (request.status, request.applied_fields) == (Status.PARTLY_APPROVED, ["phone"])
    version = UnitVersion.objects.get(unit=demo.si, valid_from=day)
    assert (version.name, version.phone) == ("Center for Sundhed og Omsorg", "48 10 01 01")


def test_approve_on_a_changed_date(demo, allerod, sds, day):
    request = rename(allerod, demo.si, day)
    later = day + timedelta(days=10)
    services.request_approve(actor=sds, request=request, effective_date=later)
    assert UnitVersion.objects.filter(unit=demo.si, valid_from=later).exists()
    assert not UnitVersion.objects.filter(unit=demo.si, valid_from=day).exists()


def test_a_refused_service_call_leaves_the_request_undecided(demo, allerod, sds, day):
    request = rename(allerod, demo.si, day)
    with pytest.raises(ValidationError) as caught:
        services.request_approve(actor=sds, request=request, effective_date=date(2000, 1, 1))
    assert "først gældende fra" in caught.value.messages[0]
    request.refresh_from_db()
    assert (request.status, request.applied_date, request.reviewer) == (Status.RECEIVED, None, None)
    assert not events("requests.request.approve")
    assert not events("hierarchy.unit.update")


def test_no_silent_overwrite_of_a_unit_changed_since_filing(demo, allerod, sds, day):
    request = rename(allerod, demo.si, day)
    data = hierarchy.UnitData.from_unit(Unit.objects.get(pk=demo.si.pk))
    data.name = "Center for Sundhed"
    hierarchy.unit_update(actor=sds, unit=demo.si, data=data, effective_date=day, reason="Rettelse")
    unit = Unit.objects.get(pk=demo.si.pk)
    with pytest.raises(ValidationError) as caught:
        services.request_approve(actor=sds, request=request)
    assert caught.value.code == "unit_changed"
    with pytest.raises(ValidationError):
        services.request_approve(actor=sds, request=request, confirmed_revision=request.unit_revision)
    request.refresh_from_db()
    assert request.status == Status.RECEIVED
    assert UnitVersion.objects.get(unit=demo.si, valid_from=day).name == "Center for Sundhed"
    services.request_approve(actor=sds, request=request, confirmed_revision=unit.revision)
    assert UnitVersion.objects.get(unit=demo.si, valid_from=day).name == "Center for Sundhed, Omsorg og Ældre"
    assert events("requests.request.approve")[0].after["unit_changed"] is True


def test_a_requester_never_decides_the_own_request_also_as_sds(demo, allerod, day):
    request = rename(allerod, demo.si, day)
    allerod.groups.add(Group.objects.get_or_create(name=permissions.GROUP_SDS)[0])
    promoted = get_user_model().objects.get(pk=allerod.pk)
    assert permissions.is_sds(promoted)
    for call in (services.request_approve, services.request_take):
        with pytest.raises(PermissionDenied) as caught:
            call(actor=promoted, request=request)
        assert str(caught.value) == services.MSG_OWN_REQUEST
    assert not services.may_review(promoted, request)


def test_a_kommune_administrator_cannot_review(demo, allerod, day):
    colleague = make_user("admin2.allerod", permissions.GROUP_MUNICIPAL_ADMIN, scopes=[demo.kommune])
    request = rename(allerod, demo.si, day)
    with pytest.raises(PermissionDenied):
        services.request_approve(actor=colleague, request=request)
    with pytest.raises(PermissionDenied):
        services.request_reject(actor=colleague, request=request, answer="Nej")


# --- the other kinds -------------------------------------------------------------------------


def test_message_types_go_to_medcom_only(demo, allerod, sds, medcom, types):
    from exchange import location_numbers

    number = location_numbers.location_number_create(
        actor=None, unit=demo.si, gln=factories_gln(), message_types=types[:1], reason="Test"
    )
    request = services.request_file(
        actor=allerod,
        unit=demo.si,
        kind="meddelelsestyper",
        proposed={"message_types": sorted(t.urn for t in types[:2])},
        effective_date=None,
        reason="Skal kunne modtage flere typer.",
    )
    assert (request.team, request.effective_date) == ("medcom", None)
    with pytest.raises(PermissionDenied, match="Kun MedCom"):
        services.request_approve(actor=sds, request=request)
    services.request_approve(actor=medcom, request=request)
    assert set(number.message_types.all()) == set(types[:2])
    # MedCom decides no SDS request.
    edit = rename(allerod, demo.si, demo.si.valid_from.replace(year=2030))
    with pytest.raises(PermissionDenied, match="Kun Sundhedsdatastyrelsen"):
        services.request_approve(actor=medcom, request=edit)


def test_message_types_changed_since_filing_need_confirmation(demo, allerod, medcom, types):
    from exchange import location_numbers

    number = location_numbers.location_number_create(
        actor=None, unit=demo.si, gln=factories_gln(), message_types=types[:1], reason="Test"
    )
    request = services.request_file(
        actor=allerod,
        unit=demo.si,
        kind="meddelelsestyper",
        proposed={"message_types": [types[1].urn]},
        effective_date=None,
        reason="Skift type.",
    )
    location_numbers.location_number_set_message_types(
        actor=medcom, location_number=number, message_types=types[2:3], reason="Andet ønske"
    )
    with pytest.raises(ValidationError) as caught:
        services.request_approve(actor=medcom, request=request)
    assert caught.value.code == "unit_changed"


def factories_gln() -> str:
    from hierarchy.identifiers import make_gln

    return make_gln("579000999001")


def test_a_new_location_number_and_a_new_si(demo, allerod, sds, day):
    gln_request = services.request_file(
        actor=allerod,
        unit=demo.si,
        kind="lokationsnummer",
        proposed={"gln": factories_gln(), "message_types": []},
        effective_date=None,
        reason="Centret skal modtage korrespondancer.",
    )
    services.request_approve(actor=sds, request=gln_request)
    assert demo.si.location_number.gln == factories_gln()
    si_request = services.request_file(
        actor=allerod,
        unit=demo.kommune,
        kind="opret",
        proposed={"kind": "SI", "name": "Allerød Rehabilitering", "unit_type": demo.si.unit_type_id},
        effective_date=day,
        reason="Nyt center.",
    )
    services.request_approve(actor=sds, request=si_request)
    created = Unit.objects.get(name="Allerød Rehabilitering")
    assert (created.kind, created.parent, created.valid_from) == ("SI", demo.kommune, day)


def test_a_move_out_of_the_kommune_and_a_close(demo, aarhus, allerod, sds, day):
    move = services.request_file(
        actor=aarhus,
        unit=demo.other_oe,
        kind="flyt",
        proposed={"new_parent": demo.si.sor_id},
        effective_date=day,
        reason="Overgår til Allerød.",
    )
    services.request_approve(actor=sds, request=move)
    assert UnitVersion.objects.get(unit=demo.other_oe, valid_from=day).parent == demo.si
    lone = factories.si(demo.kommune, "Midlertidigt center")
    close = services.request_file(
        actor=allerod, unit=lone, kind="luk", proposed={}, effective_date=day, reason="Nedlægges"
    )
    services.request_approve(actor=sds, request=close)
    assert Unit.objects.get(pk=lone.pk).valid_to == day


def test_a_move_that_affects_a_lokationsnummer_needs_the_reviewers_confirmation(
    demo, aarhus, sds, day, types
):
    from exchange import location_numbers

    location_numbers.location_number_create(
        actor=None, unit=demo.other_oe, gln=factories_gln(), message_types=types[:1], reason="Test"
    )
    request = services.request_file(
        actor=aarhus,
        unit=demo.other_oe,
        kind="flyt",
        proposed={"new_parent": demo.si.sor_id},
        effective_date=day,
        reason="Overgår til Allerød.",
    )
    with pytest.raises(ValidationError) as caught:
        services.request_approve(actor=sds, request=request)
    assert MSG_IMPACT in caught.value.messages
    request.refresh_from_db()
    assert request.status == Status.RECEIVED
    services.request_approve(actor=sds, request=request, confirm_impact=True)
    assert UnitVersion.objects.get(unit=demo.other_oe, valid_from=day).parent == demo.si


def test_the_events_read_in_danish(demo, allerod, sds, day):
    from audit import registry

    request = rename(allerod, demo.si, day, phone="48 10 01 01")
    services.request_approve(actor=sds, request=request, fields=["phone"])
    [approval] = events("requests.request.approve")
    shown = {
        key: registry.render_value(approval.object_type, key, value) for key, value in approval.after.items()
    }
    assert shown["status"] == "Delvist godkendt"
    assert shown["kind"] == "Rediger"
    assert shown["applied_fields"] == "Telefonnummer"
    assert registry.field_label(approval.object_type, "applied_fields") == "Godkendte felter"
    assert registry.action_label("requests.request.file") == "Anmodning modtaget"
