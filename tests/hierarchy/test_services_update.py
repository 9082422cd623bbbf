"""R3: an edit takes effect from a date as a new version; the former version stays."""

from datetime import timedelta
from itertools import pairwise

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import AuditEvent
from hierarchy import selectors, services
from hierarchy.models import UnitVersion
from tests import factories
from tests.factories import refresh


def edit(actor, unit, **changes):
    data = services.UnitData.from_unit(unit)
    effective_date = changes.pop("effective_date", None)
    expected_revision = changes.pop("expected_revision", None)
    for key, value in changes.items():
        setattr(data, key, value)
    return services.unit_update(
        actor=actor,
        unit=unit,
        data=data,
        effective_date=effective_date,
        expected_revision=expected_revision,
        reason="Testændring",
    )


def test_edit_today_creates_a_version_and_keeps_the_old_one(tree, municipal_admin, today):
    unit = edit(municipal_admin, tree.blovstrod, name="Tandplejen Blovstrød")
    assert unit.name == "Tandplejen Blovstrød"
    old, new = unit.versions.order_by("valid_from")
    assert old.name == "Tandplejen Blovstrød Skole" and old.valid_to == today - timedelta(days=1)
    assert new.name == "Tandplejen Blovstrød" and new.valid_from == today and new.valid_to is None


def test_future_edit_is_stored_now_and_projected_on_its_day(tree, municipal_admin, today):
    day = today + timedelta(days=10)
    unit = edit(municipal_admin, tree.blovstrod, name="Nyt navn", effective_date=day)
    assert unit.name == "Tandplejen Blovstrød Skole"  # today's projection unchanged
    assert unit.versions.filter(valid_from=day, name="Nyt navn", applied=False).exists()


def test_edit_in_the_past_is_refused_for_municipal_admin(tree, municipal_admin, today):
    with pytest.raises(ValidationError) as exc:
        edit(municipal_admin, tree.blovstrod, name="X", effective_date=today - timedelta(days=1))
    assert exc.value.message_dict["effective_date"] == ["Datoen må ikke ligge før dags dato (02-03-2026)."]
    assert refresh(tree.blovstrod).name == "Tandplejen Blovstrød Skole"


def test_sds_may_correct_from_a_past_date(tree, sds_user, today):
    unit = edit(sds_user, tree.blovstrod, phone="48 10 99 99", effective_date=today - timedelta(days=30))
    assert unit.phone == "48 10 99 99"


def test_edit_outside_scope_is_refused(tree, other_kommune, municipal_admin, today):
    other = factories.oe(factories.si(other_kommune), "Fremmed enhed")
    with pytest.raises(PermissionDenied):
        edit(municipal_admin, other, name="Overtaget")
    assert refresh(other).name == "Fremmed enhed"


def test_edit_applies_field_changes_through_later_versions(tree, municipal_admin, today):
    """An edit at D carries forward past a scheduled change of another field, but stops at a
    scheduled change of the same field."""
    blov = tree.blovstrod
    edit(municipal_admin, blov, name="Navn fra 20", effective_date=today + timedelta(days=20))
    edit(municipal_admin, refresh(blov), phone="48 10 55 55", effective_date=today + timedelta(days=10))
    edit(municipal_admin, refresh(blov), name="Navn fra 5", effective_date=today + timedelta(days=5))
    versions = list(blov.versions.order_by("valid_from"))
    assert [(v.valid_from - today).days if v.valid_from > today else None for v in versions] == [
        None,
        5,
        10,
        20,
    ]
    assert [v.name for v in versions] == [
        "Tandplejen Blovstrød Skole",
        "Navn fra 5",
        "Navn fra 5",
        "Navn fra 20",
    ]
    assert [v.phone for v in versions] == ["48 10 01 00", "48 10 01 00", "48 10 55 55", "48 10 55 55"]


def test_stale_revision_is_refused(tree, municipal_admin, today):
    stale = refresh(tree.blovstrod)
    edit(municipal_admin, tree.blovstrod, name="Første gem")
    with pytest.raises(ValidationError) as exc:
        edit(municipal_admin, stale, name="Andet gem", expected_revision=stale.revision)
    assert exc.value.messages == [services.MSG_STALE]
    assert refresh(tree.blovstrod).name == "Første gem"


def test_update_is_audited_with_before_and_after(tree, municipal_admin, today):
    edit(municipal_admin, tree.blovstrod, name="Tandplejen Blovstrød")
    event = AuditEvent.objects.get(action="hierarchy.unit.update")
    assert event.before["name"] == "Tandplejen Blovstrød Skole"
    assert event.after["name"] == "Tandplejen Blovstrød"
    assert event.after["changed_fields"] == ["name"]


def test_visiting_address_same_as_postal_follows_postal(tree, municipal_admin, today):
    unit = edit(
        municipal_admin, tree.blovstrod, postal_address=factories.address("3540", "Ved Gadekæret", "15A")
    )
    assert unit.visiting_same_as_postal
    details = selectors.unit_details(unit)
    assert details.visiting_address.value.street_name == "Ved Gadekæret"
    assert details.activity_address.value.street_name == "Ved Gadekæret"


def test_versions_never_overlap_after_many_edits(tree, municipal_admin, today):
    # Each edit changes the number (a save without changes writes no version at all).
    for i, days in enumerate((3, 1, 8, 2, 8)):
        edit(
            municipal_admin,
            refresh(tree.blovstrod),
            phone=f"48 10 {i:02d} {days:02d}",
            effective_date=today + timedelta(days=days),
        )
    versions = list(UnitVersion.objects.filter(unit=tree.blovstrod).order_by("valid_from"))
    for earlier, later in pairwise(versions):
        assert earlier.valid_to == later.valid_from - timedelta(days=1)
    assert versions[-1].valid_to is None


def test_versions_keep_their_own_search_keys(tree, sds_user, today):
    """The JSON API searches versions on a date through these keys (UnitVersion.save())."""
    from datetime import timedelta

    from addresses.services import AddressInput
    from hierarchy.models import UnitVersion

    data = services.UnitData.from_unit(tree.tand)
    data.name = "Tandplejen NY"
    data.postal_address = AddressInput(
        postal_code="3450", street_name="Ny Testvej", house_number="9", confirm_unknown_street=True
    )
    services.unit_update(
        actor=sds_user,
        unit=tree.tand,
        data=data,
        effective_date=today + timedelta(days=5),
        reason="Testændring",
    )
    old, new = UnitVersion.objects.filter(unit=tree.tand).order_by("valid_from")
    assert new.name_search == "tandplejen ny" and old.name_search == tree.tand.name.lower()
    assert f"\n{tree.tand.sor_id}\n" in new.search_text and "\nny testvej\n" in new.search_text
    assert "\nbjarkesvej\n" in old.search_text and "bjarkesvej" not in new.search_text


def test_update_without_changes_writes_nothing_and_says_so(tree, municipal_admin, today):
    unit = tree.blovstrod
    revision, events = unit.revision, AuditEvent.objects.count()
    with pytest.raises(services.NoChanges) as exc:
        edit(municipal_admin, unit, expected_revision=unit.revision)
    assert exc.value.code == "no_changes" and "Ingen ændringer at gemme" in exc.value.messages[0]
    assert refresh(unit).revision == revision and unit.versions.count() == 1
    assert AuditEvent.objects.count() == events


def test_update_without_changes_on_a_future_date_writes_nothing(tree, sds_user, today):
    unit = tree.blovstrod
    with pytest.raises(services.NoChanges):
        edit(sds_user, unit, effective_date=today + timedelta(days=9))
    assert (
        unit.versions.count() == 1 and not AuditEvent.objects.filter(action="hierarchy.unit.update").exists()
    )
