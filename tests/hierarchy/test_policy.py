"""hierarchy.policy: one answer to "which actions may this user take on this unit, today, and why
not", shared by the tabs, Historik's buttons and the services. Each action with an allowed and a
refused case, and the GUI and the services agreeing on a unit with a planned closing date."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from hierarchy import permissions, policy, services
from hierarchy.models import Unit
from tests import factories
from tests.factories import refresh


def d(day) -> str:
    return day.strftime("%d-%m-%Y")


@pytest.fixture
def closing(tree, municipal_admin, today):
    """Tandplejen Blovstrød Skole with a closing date four weeks ahead."""
    services.unit_close(
        actor=municipal_admin, unit=tree.blovstrod, closing_date=today + timedelta(days=28), reason="Lukker"
    )
    return refresh(tree.blovstrod)


# --- the Flyt disagreement: a unit with a planned closing date can still be moved before it ---------


def test_flyt_is_offered_for_a_unit_with_a_planned_closing_date(client, municipal_admin, closing):
    client.force_login(municipal_admin)
    page = client.get(reverse("hierarchy:unit_detail", args=[closing.sor_id])).content.decode()
    assert reverse("hierarchy:unit_move", args=[closing.sor_id]) in page
    assert client.get(reverse("hierarchy:unit_move", args=[closing.sor_id])).status_code == 200


def test_a_move_before_the_planned_closing_works_through_the_gui(
    client, municipal_admin, tree, closing, today
):
    client.force_login(municipal_admin)
    data = {
        "new_parent": tree.pleje.sor_id,
        "effective_date": d(today + timedelta(days=14)),
        "reason": "Omorganisering",
        "confirm_impact": "on",
        "expected_revision": str(closing.revision),
    }
    response = client.post(reverse("hierarchy:unit_move", args=[closing.sor_id]), data)
    assert response.status_code == 303
    assert refresh(closing).versions.count() == 2


def test_a_move_after_the_planned_closing_is_refused(client, municipal_admin, tree, closing, today):
    client.force_login(municipal_admin)
    after = today + timedelta(days=35)
    data = {
        "new_parent": tree.pleje.sor_id,
        "effective_date": d(after),
        "reason": "Omorganisering",
        "confirm_impact": "on",
        "expected_revision": str(closing.revision),
    }
    response = client.post(reverse("hierarchy:unit_move", args=[closing.sor_id]), data)
    assert response.status_code == 422
    assert policy.MSG_NOT_ACTIVE.format(day=d(after)) in response.content.decode()
    assert refresh(closing).versions.count() == 1


def test_flyt_is_not_offered_once_the_unit_closes_before_tomorrow(municipal_admin, sds_user, tree, today):
    services.unit_close(actor=sds_user, unit=tree.blovstrod, closing_date=today, reason="Lukker")
    unit = refresh(tree.blovstrod)
    decision = policy.decide(municipal_admin, unit, policy.MOVE)
    assert not decision and decision.reason == policy.MSG_NOT_ACTIVE.format(day=d(today + timedelta(days=1)))
    assert policy.decide(sds_user, unit, policy.MOVE)  # SDS may still move it today


# --- each action, allowed and refused -----------------------------------------------------------


def test_create(municipal_admin, other_kommune, tree, closing):
    assert policy.decide(municipal_admin, tree.tand, policy.CREATE)
    refused = policy.decide(municipal_admin, tree.ie, policy.CREATE)
    assert not refused and refused.reason == policy.MSG_PARENT_KIND and not refused.permission
    refused = policy.decide(municipal_admin, closing, policy.CREATE)
    assert refused.reason == policy.MSG_PARENT_CLOSES.format(parent=closing.name, day=d(closing.valid_to))
    other = factories.oe(factories.si(other_kommune), "Fremmed enhed")
    refused = policy.decide(municipal_admin, other, policy.CREATE)
    assert refused.permission and refused.reason == permissions.MSG_OUT_OF_SCOPE.format(unit=other.name)


def test_edit(municipal_admin, sds_user, tree, today):
    assert policy.decide(municipal_admin, tree.blovstrod, policy.EDIT)
    refused = policy.decide(municipal_admin, tree.si, policy.EDIT)
    assert refused.permission and refused.reason == permissions.MSG_SDS_ONLY
    assert policy.decide(sds_user, tree.si, policy.EDIT)
    services.unit_close(actor=sds_user, unit=tree.skole, closing_date=today - timedelta(days=1), reason="x")
    refused = policy.decide(sds_user, refresh(tree.skole), policy.EDIT)
    assert refused.reason == policy.MSG_NOT_ACTIVE.format(day=d(today))


def test_move(municipal_admin, sds_user, tree):
    assert policy.decide(municipal_admin, tree.blovstrod, policy.MOVE)
    assert not policy.decide(municipal_admin, tree.si, policy.MOVE).allowed
    assert policy.decide(sds_user, tree.si, policy.MOVE).reason == policy.MSG_MOVE_KIND
    assert policy.decide(sds_user, tree.ie, policy.MOVE).reason == policy.MSG_IE_NO_PARENT


def test_close(municipal_admin, sds_user, tree, closing):
    assert policy.decide(municipal_admin, tree.lillerod, policy.CLOSE)
    refused = policy.decide(municipal_admin, closing, policy.CLOSE)
    assert refused.reason == policy.MSG_CLOSE_ALREADY.format(day=d(closing.valid_to))
    assert policy.decide(sds_user, tree.si, policy.CLOSE).reason == policy.MSG_CLOSE_KIND


def test_withdraw_change(municipal_admin, tree, today):
    later = today + timedelta(days=10)
    services.unit_update(
        actor=municipal_admin,
        unit=tree.blovstrod,
        data=services.UnitData(**{**vars(services.UnitData.from_unit(tree.blovstrod)), "name": "Nyt navn"}),
        effective_date=later,
        reason="Testændring",
    )
    unit = refresh(tree.blovstrod)
    assert policy.decide(municipal_admin, unit, policy.WITHDRAW_CHANGE, valid_from=later)
    first = unit.versions.order_by("valid_from").first().valid_from
    assert policy.decide(municipal_admin, unit, policy.WITHDRAW_CHANGE, valid_from=first).reason == (
        policy.MSG_WITHDRAW_STARTED.format(day=d(first))
    )
    missing = today + timedelta(days=3)
    assert policy.decide(municipal_admin, unit, policy.WITHDRAW_CHANGE, valid_from=missing).reason == (
        policy.MSG_WITHDRAW_NOT_PENDING.format(day=d(missing))
    )
    with pytest.raises(ValidationError) as refused:
        policy.check_withdraw_change([later], later, on=today)
    assert refused.value.messages == [policy.MSG_WITHDRAW_FIRST]


def test_withdraw_close(municipal_admin, tree, closing):
    assert policy.decide(municipal_admin, closing, policy.WITHDRAW_CLOSE, parent=tree.tand)
    refused = policy.decide(municipal_admin, tree.lillerod, policy.WITHDRAW_CLOSE)
    assert refused.reason == policy.MSG_WITHDRAW_NO_CLOSE


def test_require_raises_the_reason(municipal_admin, tree):
    with pytest.raises(PermissionDenied, match="Sundhedsdatastyrelsen"):
        policy.require(municipal_admin, tree.si, policy.EDIT)
    policy.require(municipal_admin, tree.blovstrod, policy.EDIT)


# --- the services refuse with the policy's own words ---------------------------------------------


def test_services_refuse_with_the_policys_messages(municipal_admin, sds_user, tree, closing, today):
    with pytest.raises(ValidationError) as refused:
        services.unit_close(actor=municipal_admin, unit=closing, reason="Igen")
    assert refused.value.message_dict["closing_date"] == [
        policy.decide(municipal_admin, closing, "close").reason
    ]
    with pytest.raises(ValidationError) as refused:
        services.unit_move(actor=sds_user, unit=tree.ie, new_parent=tree.si, effective_date=today, reason="x")
    assert policy.MSG_IE_NO_PARENT in refused.value.message_dict["new_parent"]
    with pytest.raises(ValidationError) as refused:
        services.unit_withdraw_close(actor=municipal_admin, unit=tree.lillerod, reason="x")
    assert refused.value.messages == [policy.decide(municipal_admin, tree.lillerod, "withdraw_close").reason]
    assert Unit.objects.filter(pk=closing.pk, valid_to=today + timedelta(days=28)).exists()


def test_historik_offers_withdrawing_a_close_only_while_the_parent_stays_open(
    client, municipal_admin, tree, closing
):
    client.force_login(municipal_admin)
    page = client.get(reverse("hierarchy:unit_history", args=[closing.sor_id])).content.decode()
    assert "Tilbagetræk lukningen" in page
    for unit in (tree.lillerod, tree.tand):
        services.unit_close(actor=municipal_admin, unit=unit, closing_date=closing.valid_to, reason="Lukker")
    page = client.get(reverse("hierarchy:unit_history", args=[closing.sor_id])).content.decode()
    assert "Tilbagetræk lukningen" not in page
    reason = policy.MSG_PARENT_CLOSES.format(parent=tree.tand.name, day=d(closing.valid_to))
    assert reason in page
    with pytest.raises(ValidationError) as refused:
        services.unit_withdraw_close(actor=municipal_admin, unit=closing, reason="Fortryd")
    assert reason in refused.value.messages[0]


def test_withdraw_change_without_the_version_is_a_programming_error(municipal_admin, tree):
    """Found by strict typing (issue 27): decide(WITHDRAW_CHANGE) without valid_from crashed
    formatting None as a date; it now names what is missing."""
    with pytest.raises(ValueError, match="valid_from"):
        policy.decide(municipal_admin, tree.blovstrod, policy.WITHDRAW_CHANGE)
