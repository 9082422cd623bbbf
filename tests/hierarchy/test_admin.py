"""The Django admin writes through the services: rules and audit apply to staff too."""

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from hierarchy.models import LocationNumber, Unit
from hierarchy.services import message_types_by_code
from tests import factories
from tests.factories import refresh

ADDRESS = {
    "postal_address_postal_code": "3450",
    "postal_address_street_name": "Bjarkesvej",
    "postal_address_house_number": "2",
}


def add_payload(parent, **overrides):
    data = {
        "unit_kind": "OE",
        "parent_sor_id": parent.sor_id,
        "name": "Tandplejen Engholm Skole",
        "unit_type": factories.TANDPLEJEKLINIK,
        "phone": "48 10 08 50",
        "visiting_same_as_postal": "on",
        "activity_same_as_visiting": "on",
        "effective_from": "09-03-2026",
        "reason": "Oprettet af SDS",
        **ADDRESS,
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def sds_client(client, sds_user):
    client.force_login(sds_user)
    return client


def test_sds_adds_an_oe_through_the_service(tree, sds_client, sds_user, today):
    response = sds_client.post(reverse("admin:hierarchy_unit_add"), add_payload(tree.tand))
    assert response.status_code == 302, response.context["adminform"].form.errors
    unit = Unit.objects.get(name="Tandplejen Engholm Skole")
    assert unit.parent == tree.tand and unit.versions.count() == 1
    event = AuditEvent.objects.get(action="hierarchy.unit.create", object_id=unit.sor_id)
    assert event.actor == sds_user and event.source == "admin" and event.reason == "Oprettet af SDS"


def test_admin_add_refused_by_a_rule_shows_the_message_and_saves_nothing(tree, sds_client, today):
    events = AuditEvent.objects.count()
    response = sds_client.post(reverse("admin:hierarchy_unit_add"), add_payload(tree.tand, phone=""))
    assert response.status_code == 200
    assert "Telefonnummer er obligatorisk." in response.content.decode()
    assert not Unit.objects.filter(name="Tandplejen Engholm Skole").exists()
    assert AuditEvent.objects.count() == events


def test_admin_change_creates_a_version(tree, sds_client, today):
    unit = tree.blovstrod
    payload = add_payload(
        tree.tand,
        name="Tandplejen Blovstrød",
        level=None,
        parent_sor_id=None,
        effective_from="02-03-2026",
        expected_revision=str(unit.revision),
    )
    response = sds_client.post(reverse("admin:hierarchy_unit_change", args=[unit.pk]), payload)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert refresh(unit).name == "Tandplejen Blovstrød"
    assert unit.versions.count() == 2
    assert AuditEvent.objects.filter(action="hierarchy.unit.update", object_id=unit.sor_id).exists()


def test_admin_cannot_delete_units(tree, sds_client):
    response = sds_client.get(reverse("admin:hierarchy_unit_delete", args=[tree.blovstrod.pk]))
    assert response.status_code == 403
    assert Unit.objects.filter(pk=tree.blovstrod.pk).exists()


def test_municipal_admin_has_no_django_admin(tree, client, municipal_admin):
    client.force_login(municipal_admin)
    response = client.get(reverse("admin:hierarchy_unit_changelist"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_medcom_changes_message_types_in_the_admin(tree, client, medcom_user):
    number = LocationNumber.objects.create(gln="5790000123117", unit=tree.tand)
    client.force_login(refresh(medcom_user))
    types = message_types_by_code("XDIS19", "DIS91")
    response = client.post(
        reverse("admin:hierarchy_locationnumber_change", args=[number.pk]),
        # The page carries the message types it was opened with (none yet).
        {"message_types": [t.pk for t in types], "reason": "Nye typer", "expected_message_types": ""},
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert {t.code for t in number.message_types.all()} == {"XDIS19", "DIS91"}
    assert AuditEvent.objects.get(action="exchange.location_number.set_message_types").actor == medcom_user


def test_audit_admin_is_read_only(tree, sds_client):
    event = AuditEvent.objects.first()
    assert sds_client.get(reverse("admin:audit_auditevent_change", args=[event.pk])).status_code == 200
    assert (
        sds_client.post(
            reverse("admin:audit_auditevent_delete", args=[event.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    assert sds_client.get(reverse("admin:audit_auditevent_add")).status_code == 403


def change_payload(unit, **overrides):
    """What the admin change form posts for `unit` when nothing is edited."""
    address = unit.postal_address.as_dict()
    data = {
        "name": unit.name,
        "unit_type": unit.unit_type_id,
        "phone": unit.phone,
        "email": unit.email,
        "website": unit.website,
        "visiting_same_as_postal": "on" if unit.visiting_same_as_postal else None,
        "activity_same_as_visiting": "on" if unit.activity_same_as_visiting else None,
        **{f"postal_address_{part}": value for part, value in address.items()},
        "effective_from": "02-03-2026",
        "reason": "Rettelse",
        "expected_revision": str(unit.revision),
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_admin_change_refused_by_a_later_service_keeps_nothing(tree, sds_client, today):
    """One submit is one change: a rename accepted by unit_update is rolled back when the move
    in the same submit is refused."""
    unit = tree.blovstrod
    revision, events = unit.revision, AuditEvent.objects.count()
    payload = change_payload(
        unit, name="Nyt navn", new_parent_sor_id=unit.sor_id, move_date="03-03-2026", reason="Flyt og omdøb"
    )
    response = sds_client.post(reverse("admin:hierarchy_unit_change", args=[unit.pk]), payload)
    assert response.status_code == 200
    assert "En enhed kan ikke flyttes ind under sig selv." in response.content.decode()
    stored = refresh(unit)
    assert stored.name == "Tandplejen Blovstrød Skole" and stored.revision == revision
    assert stored.versions.count() == 1
    assert AuditEvent.objects.count() == events
    assert not AuditEvent.objects.filter(action="hierarchy.unit.update", object_id=unit.sor_id).exists()


def test_admin_change_with_rename_and_move_stores_both(tree, sds_client, today):
    unit = tree.blovstrod
    payload = change_payload(
        unit, name="Nyt navn", new_parent_sor_id=tree.skole.sor_id, move_date="03-03-2026", reason="Flyt"
    )
    response = sds_client.post(reverse("admin:hierarchy_unit_change", args=[unit.pk]), payload)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert refresh(unit).name == "Nyt navn"
    assert {a for a in AuditEvent.objects.filter(object_id=unit.sor_id).values_list("action", flat=True)} >= {
        "hierarchy.unit.update",
        "hierarchy.unit.move",
    }


def test_admin_change_without_revision_is_refused_and_writes_nothing(tree, sds_client, today):
    unit = tree.blovstrod
    revision, events = unit.revision, AuditEvent.objects.count()
    payload = change_payload(unit, name="Nyt navn", expected_revision=None)
    response = sds_client.post(reverse("admin:hierarchy_unit_change", args=[unit.pk]), payload)
    assert response.status_code == 200
    assert "Siden mangler enhedens version" in response.content.decode()
    assert refresh(unit).name == "Tandplejen Blovstrød Skole" and refresh(unit).revision == revision
    assert AuditEvent.objects.count() == events


def test_admin_change_with_an_old_revision_is_refused(tree, sds_client, today):
    unit = tree.blovstrod
    payload = change_payload(unit, name="Nyt navn", expected_revision=str(unit.revision - 1))
    response = sds_client.post(reverse("admin:hierarchy_unit_change", args=[unit.pk]), payload)
    assert response.status_code == 200
    assert "ændret af en anden" in response.content.decode()
    assert refresh(unit).name == "Tandplejen Blovstrød Skole"


def test_admin_save_without_changes_writes_nothing_and_says_so(tree, sds_client, today):
    unit = tree.blovstrod
    revision, events = unit.revision, AuditEvent.objects.count()
    response = sds_client.post(
        reverse("admin:hierarchy_unit_change", args=[unit.pk]), change_payload(unit), follow=True
    )
    assert response.status_code == 200
    assert "Ingen ændringer at gemme" in response.content.decode()
    assert refresh(unit).revision == revision and refresh(unit).versions.count() == 1
    assert AuditEvent.objects.count() == events


def test_medcom_opens_a_unit_read_only(tree, client, medcom_user):
    client.force_login(refresh(medcom_user))
    response = client.get(reverse("admin:hierarchy_unit_change", args=[tree.blovstrod.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Tandplejen Blovstrød Skole" in content and 'name="_save"' not in content
    assert (
        client.post(
            reverse("admin:hierarchy_unit_change", args=[tree.blovstrod.pk]),
            change_payload(tree.blovstrod, name="Nyt navn"),
        ).status_code
        == 403
    )
    assert refresh(tree.blovstrod).name == "Tandplejen Blovstrød Skole"


def test_medcom_message_types_change_without_revision_is_refused(tree, client, medcom_user):
    number = LocationNumber.objects.create(gln="5790000123117", unit=tree.tand)
    client.force_login(refresh(medcom_user))
    events = AuditEvent.objects.count()
    types = message_types_by_code("XDIS19")
    url = reverse("admin:hierarchy_locationnumber_change", args=[number.pk])
    response = client.post(url, {"message_types": [t.pk for t in types], "reason": "Nye typer"})
    assert response.status_code == 200
    assert "Siden mangler" in response.content.decode()
    assert not number.message_types.exists() and AuditEvent.objects.count() == events


def test_medcom_message_types_change_against_a_newer_set_is_refused(tree, client, medcom_user):
    number = LocationNumber.objects.create(gln="5790000123117", unit=tree.tand)
    client.force_login(refresh(medcom_user))
    url = reverse("admin:hierarchy_locationnumber_change", args=[number.pk])
    opened = client.get(url).context["adminform"].form["expected_message_types"].value()
    number.message_types.set(message_types_by_code("DIS91"))  # someone else saved meanwhile
    response = client.post(
        url,
        {
            "message_types": [t.pk for t in message_types_by_code("XDIS19")],
            "reason": "Nye typer",
            "expected_message_types": opened,
        },
    )
    assert response.status_code == 200
    assert "ændret af en anden" in response.content.decode()
    assert {t.code for t in number.message_types.all()} == {"DIS91"}


def test_message_types_set_to_the_same_set_writes_nothing(tree, client, medcom_user):
    number = LocationNumber.objects.create(gln="5790000123117", unit=tree.tand)
    number.message_types.set(message_types_by_code("XDIS19"))
    client.force_login(refresh(medcom_user))
    events = AuditEvent.objects.count()
    url = reverse("admin:hierarchy_locationnumber_change", args=[number.pk])
    opened = client.get(url).context["adminform"].form["expected_message_types"].value()
    response = client.post(
        url,
        {
            "message_types": [t.pk for t in message_types_by_code("XDIS19")],
            "reason": "Ingen",
            "expected_message_types": opened,
        },
        follow=True,
    )
    assert response.status_code == 200
    assert "Ingen ændringer at gemme" in response.content.decode()
    assert AuditEvent.objects.count() == events
