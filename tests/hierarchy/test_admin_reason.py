"""Issue 23 in the admin. Item 8: Begrundelse is required for every write, as in the GUI; the
services refuse a missing one, so it is shown with the submit's other problems and nothing is
written. Item 6: a second unit with the same name under the parent only once confirmed."""

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from hierarchy import services
from hierarchy.models import LocationNumber, Unit
from hierarchy.services import message_types_by_code
from tests.factories import refresh
from tests.hierarchy.test_admin import add_payload


@pytest.fixture
def sds_client(client, sds_user):
    client.force_login(sds_user)
    return client


def test_admin_add_without_reason_is_refused_with_the_other_problems(tree, sds_client, today):
    events = AuditEvent.objects.count()
    response = sds_client.post(
        reverse("admin:hierarchy_unit_add"), add_payload(tree.tand, reason="", phone="")
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert services.MSG_REASON_REQUIRED in content and "Telefonnummer er obligatorisk." in content
    assert "Skal udfyldes: hvorfor ændringen laves." in content
    assert not Unit.objects.filter(name="Tandplejen Engholm Skole").exists()
    assert AuditEvent.objects.count() == events


def test_admin_change_without_reason_is_refused(tree, sds_client, today):
    unit = tree.blovstrod
    payload = add_payload(
        tree.tand,
        name="Tandplejen Blovstrød",
        parent_sor_id=None,
        effective_from="02-03-2026",
        expected_revision=str(unit.revision),
        reason="",
    )
    url = reverse("admin:hierarchy_unit_change", args=[unit.pk])
    response = sds_client.post(url, payload)
    assert response.status_code == 200
    assert services.MSG_REASON_REQUIRED in response.content.decode()
    assert refresh(unit).name == "Tandplejen Blovstrød Skole" and unit.versions.count() == 1
    response = sds_client.post(url, {**payload, "reason": "Kortere navn"})
    assert response.status_code == 302
    assert (
        AuditEvent.objects.get(action="hierarchy.unit.update", object_id=unit.sor_id).reason == "Kortere navn"
    )


def test_admin_message_types_without_reason_are_refused(tree, client, medcom_user):
    number = LocationNumber.objects.create(gln="5790000123117", unit=tree.tand)
    client.force_login(refresh(medcom_user))
    types = message_types_by_code("XDIS19", "DIS91")
    url = reverse("admin:hierarchy_locationnumber_change", args=[number.pk])
    payload = {"message_types": [t.pk for t in types], "reason": "", "expected_message_types": ""}
    response = client.post(url, payload)
    assert response.status_code == 200
    assert services.MSG_REASON_REQUIRED in response.content.decode()
    assert not number.message_types.exists()
    assert not AuditEvent.objects.filter(action="exchange.location_number.set_message_types").exists()


def test_admin_add_of_a_second_unit_with_the_same_name_needs_confirmation(tree, sds_client, today):
    """Issue 23 item 6: the admin warns of a same-name twin under the parent as Opret OE does."""
    url = reverse("admin:hierarchy_unit_add")
    response = sds_client.post(url, add_payload(tree.tand, name="Tandplejen Blovstrød Skole"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Der findes allerede en enhed med samme navn under Allerød Kommunes Tandpleje" in content
    assert tree.blovstrod.sor_id in content
    assert Unit.objects.filter(name="Tandplejen Blovstrød Skole").count() == 1
    response = sds_client.post(
        url, add_payload(tree.tand, name="Tandplejen Blovstrød Skole", confirm_duplicate="on")
    )
    assert response.status_code == 302
    assert Unit.objects.filter(name="Tandplejen Blovstrød Skole", parent=tree.tand).count() == 2


def test_admin_rename_to_a_siblings_name_needs_confirmation(tree, sds_client, today):
    """As Rediger OE: a rename in the admin to the name of a unit under the same parent is saved
    only once confirmed; keeping the name (or changing its case) is not asked about."""
    from .test_admin import change_payload

    unit = tree.lillerod  # a sibling of Tandplejen Blovstrød Skole under Tandplejen
    url = reverse("admin:hierarchy_unit_change", args=[unit.pk])
    response = sds_client.post(url, change_payload(unit, name="tandplejen blovstrød skole"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Der findes allerede en enhed med samme navn under Allerød Kommunes Tandpleje" in content
    assert tree.blovstrod.sor_id in content and "Gem alligevel" in content
    assert Unit.objects.get(pk=unit.pk).name == "Tandplejen Lillerød Skole"
    confirmed = sds_client.post(
        url, change_payload(unit, name="tandplejen blovstrød skole", confirm_duplicate="on")
    )
    assert confirmed.status_code == 302, confirmed.context["adminform"].form.errors
    assert Unit.objects.get(pk=unit.pk).name == "tandplejen blovstrød skole"
    unit = Unit.objects.get(pk=unit.pk)
    recased = sds_client.post(url, change_payload(unit, name="Tandplejen Blovstrød Skole"))
    assert recased.status_code == 302, recased.context["adminform"].form.errors


def test_admin_rename_and_move_is_checked_against_the_new_parent(tree, sds_client, today):
    from .test_admin import change_payload

    unit = tree.lillerod
    url = reverse("admin:hierarchy_unit_change", args=[unit.pk])
    # Renamed to "Blovstrød Skole" and moved under Sundhedsplejen, where that name is taken.
    payload = change_payload(unit, name="Blovstrød Skole", new_parent_sor_id=tree.pleje.sor_id)
    response = sds_client.post(url, payload)
    assert response.status_code == 200
    assert (
        "Der findes allerede en enhed med samme navn under Sundhedsplejen Allerød"
        in response.content.decode()
    )
    assert refresh(unit).parent == tree.tand
