"""Opret OE warns of a second unit with the same name under the same parent and creates it
only once the user confirms; Rediger OE says that a later change is already planned (issue 23
item 6)."""

from datetime import timedelta

from django.urls import reverse

from hierarchy import forms, selectors, services
from hierarchy.models import Unit, UnitVersion
from tests.factories import refresh
from tests.hierarchy.test_views_actions import create_data, edit_data


def create_url(parent):
    return reverse("hierarchy:unit_create", args=[parent.sor_id])


def edit_url(unit):
    return reverse("hierarchy:unit_edit", args=[unit.sor_id])


TWIN = "Tandplejen Blovstrød Skole"


def test_second_unit_of_the_same_name_is_not_created_without_confirmation(admin_client, tree):
    response = admin_client.post(create_url(tree.tand), create_data(name=" tandplejen  Blovstrød skole"))
    assert response.status_code == 422
    assert Unit.objects.filter(name__iexact=TWIN).count() == 1
    content = response.content.decode()
    assert 'id="duplicate-warning"' in content
    assert f"Der findes allerede en enhed med samme navn under {tree.tand.name}" in content
    assert tree.blovstrod.sor_id in content
    assert 'name="confirm_duplicate"' in content and 'name="duplicate_shown"' in content


def test_warning_shown_and_not_confirmed_is_an_error(admin_client, tree):
    response = admin_client.post(create_url(tree.tand), create_data(name=TWIN, duplicate_shown="1"))
    assert response.status_code == 422
    assert forms.MSG_CONFIRM_DUPLICATE in response.content.decode()
    assert Unit.objects.filter(name=TWIN).count() == 1


def test_confirmed_duplicate_is_created(admin_client, tree):
    data = create_data(name=TWIN, duplicate_shown="1", confirm_duplicate="on")
    response = admin_client.post(create_url(tree.tand), data)
    assert response.status_code == 303
    assert Unit.objects.filter(name=TWIN, parent=tree.tand).count() == 2


def test_same_name_under_another_parent_or_closed_twin_needs_no_confirmation(
    admin_client, tree, municipal_admin, today
):
    response = admin_client.post(create_url(tree.pleje), create_data(name=TWIN))
    assert response.status_code == 303  # another parent: no warning
    services.unit_close(
        actor=municipal_admin, unit=tree.lillerod, closing_date=today + timedelta(days=7), reason="Lukker"
    )
    data = create_data(
        name="Tandplejen Lillerød Skole", valid_from=(today + timedelta(days=10)).strftime("%d-%m-%Y")
    )
    assert admin_client.post(create_url(tree.tand), data).status_code == 303  # closed before the day


def test_edit_tells_of_a_planned_change(admin_client, tree, municipal_admin, today):
    content = admin_client.get(edit_url(tree.blovstrod)).content.decode()
    assert 'id="edit-planned"' not in content
    day = today + timedelta(days=10)
    services.unit_move(
        actor=municipal_admin,
        unit=tree.blovstrod,
        new_parent=tree.skole,
        effective_date=day,
        reason="Flyttes",
    )
    content = admin_client.get(edit_url(refresh(tree.blovstrod))).content.decode()
    assert 'id="edit-planned"' in content
    assert "Der er allerede planlagt en ændring af enheden" in content
    assert f"Pr. {day:%d-%m-%Y} (Flyttes)." in content


def test_edit_tells_of_a_planned_close(admin_client, tree, municipal_admin, today):
    day = today + timedelta(days=20)
    services.unit_close(actor=municipal_admin, unit=tree.lillerod, closing_date=day, reason="Lukker")
    content = admin_client.get(edit_url(refresh(tree.lillerod))).content.decode()
    assert f"Enheden er planlagt lukket med sidste gyldighedsdag {day:%d-%m-%Y}." in content


# --- Rediger OE: a new name that a sibling has --------------------------------------------------


def test_a_rename_to_a_siblings_name_waits_for_confirmation(admin_client, tree):
    unit = tree.lillerod  # a sibling of Tandplejen Blovstrød Skole under Tandplejen
    warned = admin_client.post(edit_url(unit), edit_data(unit, name=" tandplejen  blovstrød Skole"))
    content = warned.content.decode()
    assert warned.status_code == 422 and refresh(unit).name == "Tandplejen Lillerød Skole"
    assert 'id="duplicate-warning"' in content and tree.blovstrod.sor_id in content
    assert f"Der findes allerede en enhed med samme navn under {tree.tand.name}" in content
    assert f">{forms.LABEL_CONFIRM_DUPLICATE_EDIT}</label>" in content

    shown = edit_data(unit, name=TWIN, duplicate_shown="1")
    unconfirmed = admin_client.post(edit_url(unit), shown)
    assert unconfirmed.status_code == 422 and forms.MSG_CONFIRM_DUPLICATE_EDIT in unconfirmed.content.decode()
    assert refresh(unit).name == "Tandplejen Lillerød Skole"

    confirmed = admin_client.post(edit_url(unit), {**shown, "confirm_duplicate": "on"})
    assert confirmed.status_code == 303 and refresh(unit).name == TWIN


def test_an_edit_that_keeps_the_name_or_only_recases_it_needs_no_confirmation(admin_client, tree):
    unit = tree.lillerod
    # A sibling already has this unit's name (stored before the warning existed): an edit that
    # keeps the name, or changes only its case, is not asked to confirm it.
    Unit.objects.filter(pk=tree.blovstrod.pk).update(name=unit.name)
    UnitVersion.objects.filter(unit=tree.blovstrod).update(name=unit.name)  # what the check reads
    assert set(selectors.same_name_units(tree.tand, unit.name, services.today())) == {tree.blovstrod, unit}
    assert admin_client.post(edit_url(unit), edit_data(unit, phone="48 10 20 30")).status_code == 303
    unit = refresh(unit)
    recased = admin_client.post(edit_url(unit), edit_data(unit, name="Tandplejen Lillerød skole"))
    assert recased.status_code == 303 and refresh(unit).name == "Tandplejen Lillerød skole"


def test_a_confirmed_rename_against_a_newer_revision_is_a_conflict_not_a_warning(
    admin_client, tree, municipal_admin
):
    unit = tree.lillerod
    data = edit_data(unit, name=TWIN, duplicate_shown="1", confirm_duplicate="on")
    changed = services.UnitData.from_unit(refresh(unit))
    changed.phone = "48 00 00 00"
    services.unit_update(actor=municipal_admin, unit=refresh(unit), data=changed, reason="Samtidig")
    response = admin_client.post(edit_url(unit), data)  # the form's revision is now stale
    assert response.status_code == 409
    assert 'id="duplicate-warning"' not in response.content.decode()
    assert refresh(unit).name == "Tandplejen Lillerød Skole"
