"""The Django admin (issue 22, item 11): a user's roles and rights are read-only in Django's own
User and Group admin (they change only through the audited paths: the login's claims and the
scope services), and the unit admin's form only checks in clean(), writes once when saved, and
shows the R7 impact as Danish text."""

import pytest
from django.contrib import admin as django_admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.test import RequestFactory
from django.urls import reverse

from audit.models import AuditEvent
from exchange import location_numbers
from hierarchy import permissions, services
from hierarchy.admin import UnitAdmin
from hierarchy.admin_users import MSG_ROLES_ELSEWHERE
from hierarchy.identifiers import make_gln
from hierarchy.models import AdministratorScope, LocationNumber, Unit
from tests.factories import refresh

from .test_admin import change_payload


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser(username="root", password="demo")


@pytest.fixture
def root_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture
def sds_client(client, sds_user):
    client.force_login(sds_user)
    return client


def user_change_payload(user, **overrides):
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": user.date_joined.strftime("%d-%m-%Y"),
        "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
    }
    data.update(overrides)
    return data


# --- roles: read-only in Django's User and Group admin -----------------------------------------


def test_a_superuser_cannot_give_a_role_in_the_user_admin(root_client, municipal_admin):
    sds = Group.objects.get_or_create(name=permissions.GROUP_SDS)[0]
    events = AuditEvent.objects.count()
    payload = user_change_payload(
        municipal_admin,
        first_name="Anne",
        groups=[str(sds.pk)],
        is_superuser="on",
        is_staff="on",
        user_permissions=[str(Permission.objects.first().pk)],
    )
    url = reverse("admin:auth_user_change", args=[municipal_admin.pk])
    response = root_client.post(url, payload)
    assert response.status_code == 302, response.context["adminform"].form.errors
    user = refresh(municipal_admin)
    assert user.first_name == "Anne"  # the rest of the page is saved as usual
    assert list(user.groups.values_list("name", flat=True)) == [permissions.GROUP_MUNICIPAL_ADMIN]
    assert not user.is_superuser and not user.is_staff and not user.user_permissions.exists()
    assert not permissions.is_sds(user)
    assert AuditEvent.objects.count() == events  # no change of rights, so nothing to audit


def test_the_user_page_says_where_roles_are_managed(root_client, municipal_admin):
    page = root_client.get(reverse("admin:auth_user_change", args=[municipal_admin.pk]))
    html = page.content.decode()
    assert page.status_code == 200 and MSG_ROLES_ELSEWHERE in html
    assert 'name="groups"' not in html and 'name="is_superuser"' not in html


def test_users_are_not_deleted_in_the_admin(root_client, municipal_admin):
    url = reverse("admin:auth_user_delete", args=[municipal_admin.pk])
    assert root_client.post(url, {"post": "yes"}).status_code == 403
    assert AdministratorScope.objects.filter(user=municipal_admin).exists()


def test_the_groups_that_are_the_roles_are_read_only(root_client):
    sds = Group.objects.get_or_create(name=permissions.GROUP_SDS)[0]
    change = reverse("admin:auth_group_change", args=[sds.pk])
    assert root_client.get(change).status_code == 200  # shown
    root_client.post(change, {"name": "Alle"})
    assert refresh(sds).name == permissions.GROUP_SDS
    assert root_client.post(reverse("admin:auth_group_add"), {"name": "Ny"}).status_code == 403
    delete = reverse("admin:auth_group_delete", args=[sds.pk])
    assert root_client.post(delete, {"post": "yes"}).status_code == 403
    assert Group.objects.filter(name=permissions.GROUP_SDS).exists()


def test_a_kommune_scope_given_and_taken_in_the_admin_is_audited(root_client, superuser, tree, sds_user):
    response = root_client.post(
        reverse("admin:hierarchy_administratorscope_add"),
        {"user": str(sds_user.pk), "institution_owner": str(tree.ie.pk)},
    )
    assert response.status_code == 302
    scope = AdministratorScope.objects.get(user=sds_user)
    given = AuditEvent.objects.get(action="hierarchy.scope.add")
    assert given.actor == superuser and given.source == "admin" and given.scope_id == tree.ie.sor_id
    delete = reverse("admin:hierarchy_administratorscope_delete", args=[scope.pk])
    assert root_client.post(delete, {"post": "yes"}).status_code == 302
    taken = AuditEvent.objects.get(action="hierarchy.scope.remove")
    assert taken.actor == superuser and not AdministratorScope.objects.filter(user=sds_user).exists()


# --- the unit admin: check in clean(), write once in save ---------------------------------------


def _unit_form(user, unit, data):
    request = RequestFactory().post("/")
    request.user = user
    model_admin = UnitAdmin(Unit, django_admin.site)
    form_class = model_admin.get_form(request, unit, change=True)
    return form_class(data=data, instance=unit)


def test_the_unit_forms_check_writes_nothing(tree, sds_user, today):
    unit = tree.blovstrod
    events, revision = AuditEvent.objects.count(), unit.revision
    form = _unit_form(sds_user, unit, change_payload(unit, name="Nyt navn"))
    assert form.is_valid(), form.errors
    assert refresh(unit).name == "Tandplejen Blovstrød Skole" and refresh(unit).revision == revision
    assert AuditEvent.objects.count() == events and refresh(unit).versions.count() == 1
    form.write()
    assert refresh(unit).name == "Nyt navn"
    assert AuditEvent.objects.filter(action="hierarchy.unit.update", object_id=unit.sor_id).count() == 1


def test_the_unit_forms_check_reports_a_refusal_and_writes_nothing(tree, sds_user, today):
    unit = tree.blovstrod
    form = _unit_form(sds_user, unit, change_payload(unit, name="Nyt navn", new_parent_sor_id=unit.sor_id))
    assert not form.is_valid()
    assert "En enhed kan ikke flyttes ind under sig selv." in str(form.errors)
    assert refresh(unit).name == "Tandplejen Blovstrød Skole"


def test_a_change_saved_in_the_admin_is_written_once(tree, sds_client, today):
    unit = tree.blovstrod
    payload = change_payload(
        unit, name="Nyt navn", new_parent_sor_id=tree.skole.sor_id, move_date="03-03-2026"
    )
    response = sds_client.post(reverse("admin:hierarchy_unit_change", args=[unit.pk]), payload)
    assert response.status_code == 302, response.context["adminform"].form.errors
    actions = list(AuditEvent.objects.filter(object_id=unit.sor_id).values_list("action", flat=True))
    assert actions.count("hierarchy.unit.update") == 1 and actions.count("hierarchy.unit.move") == 1
    assert refresh(unit).versions.count() == 3  # before, renamed from today, moved from tomorrow


def test_a_write_refused_after_the_check_keeps_nothing_and_says_so(tree, sds_client, today, monkeypatch):
    """Someone else changes the unit between the check and the write: the admin's transaction
    is rolled back and the page says why, instead of a server error."""
    unit = tree.blovstrod
    from hierarchy.admin import UnitAdminForm

    write = UnitAdminForm.write

    def changed_meanwhile(form):
        data = services.UnitData.from_unit(refresh(unit))
        data.phone = "48 00 00 00"
        services.unit_update(actor=None, unit=refresh(unit), data=data, reason="Samtidig")
        return write(form)

    monkeypatch.setattr(UnitAdminForm, "write", changed_meanwhile)
    url = reverse("admin:hierarchy_unit_change", args=[unit.pk])
    response = sds_client.post(url, change_payload(unit, name="Nyt navn"), follow=True)
    assert response.status_code == 200
    assert "Intet er gemt." in response.content.decode()
    assert "ændret af en anden" in response.content.decode()
    stored = refresh(unit)
    assert stored.name == "Tandplejen Blovstrød Skole" and stored.phone != "48 00 00 00"  # all rolled back


def test_the_r7_confirmation_reads_as_danish_text(tree, sds_client, today):
    unit = tree.tand
    gln = make_gln("579000012345")
    location_numbers.location_number_create(
        actor=None,
        unit=unit,
        gln=gln,
        message_types=services.message_types_by_code("XDIS15"),
        reason="Testændring",
    )
    unit = refresh(unit)
    payload = change_payload(unit, new_parent_sor_id=tree.pleje.sor_id, move_date="03-03-2026", reason="Flyt")
    response = sds_client.post(reverse("admin:hierarchy_unit_change", args=[unit.pk]), payload)
    html = response.content.decode()
    assert response.status_code == 200
    assert f"Enheden har sit eget lokationsnummer {gln} med meddelelsestyperne" in html
    assert "Berørte enheder: Tandplejen Blovstrød Skole" in html
    assert "{" not in response.context["adminform"].form.errors["confirm_impact"].as_text()
    assert refresh(unit).parent == tree.si


# --- the lokationsnummer admin: check in clean(), write once in save ------------------------------


def _number_form(user, number, data):
    from exchange.admin import LocationNumberAdmin

    request = RequestFactory().post("/")
    request.user = user
    model_admin = LocationNumberAdmin(LocationNumber, django_admin.site)
    form_class = model_admin.get_form(request, number, change=number is not None)
    return form_class(data=data, instance=number)


def test_the_lokationsnummer_forms_check_writes_nothing(tree, sds_user, today):
    gln = make_gln("579000012345")
    events = AuditEvent.objects.count()
    form = _number_form(sds_user, None, {"gln": gln, "unit": tree.tand.pk, "reason": "Nyt nummer"})
    assert form.is_valid(), form.errors
    assert not LocationNumber.objects.filter(gln=gln).exists() and AuditEvent.objects.count() == events
    form.write()
    assert LocationNumber.objects.get(gln=gln).unit == tree.tand
    assert AuditEvent.objects.filter(action="exchange.location_number.create").count() == 1


def test_the_lokationsnummer_forms_check_of_message_types_writes_nothing(tree, medcom_user, today):
    number = LocationNumber.objects.create(gln=make_gln("579000012345"), unit=tree.tand)
    types = services.message_types_by_code("XDIS19")
    data = {"message_types": [t.pk for t in types], "reason": "Nye typer", "expected_message_types": ""}
    form = _number_form(refresh(medcom_user), number, data)
    assert form.is_valid(), form.errors
    assert not number.message_types.exists()
    assert not AuditEvent.objects.filter(action="exchange.location_number.set_message_types").exists()
    form.write()
    assert {t.code for t in number.message_types.all()} == {"XDIS19"}


def test_a_lokationsnummer_saved_in_the_admin_is_written_once(tree, sds_client, today):
    gln = make_gln("579000012345")
    response = sds_client.post(
        reverse("admin:hierarchy_locationnumber_add"),
        {"gln": gln, "unit": tree.tand.pk, "reason": "Nyt nummer"},
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert LocationNumber.objects.get(gln=gln).unit == tree.tand
    assert AuditEvent.objects.filter(action="exchange.location_number.create", object_id=gln).count() == 1
