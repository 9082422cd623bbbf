from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEvent
from hierarchy import services
from hierarchy.history import compare_trees, comparison_csv, unit_history
from tests.factories import refresh


def test_unit_history_splits_past_current_future_with_field_diffs(tree, municipal_admin, today):
    data = services.UnitData.from_unit(tree.blovstrod)
    data.phone = "48 10 22 22"
    services.unit_update(actor=municipal_admin, unit=tree.blovstrod, data=data, reason="Nyt nummer")
    services.unit_move(
        actor=municipal_admin,
        unit=refresh(tree.blovstrod),
        new_parent=tree.skole,
        effective_date=today + timedelta(days=5),
        reason="Flyttes",
    )
    history = unit_history(refresh(tree.blovstrod), today)
    assert [h.period for h in history] == ["past", "current", "future"]
    assert history[1].changes == [("Telefonnummer", "48 10 01 00", "48 10 22 22")]
    assert history[1].version.created_by == municipal_admin and history[1].version.reason == "Nyt nummer"
    label, old, new = history[2].changes[0]
    assert (
        label == "Overliggende enhed"
        and old.startswith("Allerød Kommunes Tandpleje")
        and new.startswith("Blovstrød Skole")
    )


def test_compare_trees_between_two_dates(tree, municipal_admin, today):
    day = today + timedelta(days=30)
    services.unit_move(
        actor=municipal_admin, unit=tree.blovstrod, new_parent=tree.skole, effective_date=day, reason="x"
    )
    services.unit_close(
        actor=municipal_admin, unit=tree.lillerod, closing_date=day - timedelta(days=1), reason="x"
    )
    data = services.UnitData.from_unit(tree.pleje)
    data.name = "Sundhedsplejen"
    services.unit_update(
        actor=municipal_admin, unit=tree.pleje, data=data, effective_date=day, reason="Testændring"
    )
    new = services.unit_create(
        actor=municipal_admin,
        kind="OE",
        parent=tree.tand,
        data=services.UnitData.from_unit(tree.tand),
        reason="Testændring",
    )
    result = compare_trees(tree.ie, today, day)
    assert [v.unit for v in result.created] == [new]
    assert [v.unit for v in result.closed] == [refresh(tree.lillerod)]
    assert [(a.parent, b.parent) for a, b in result.moved] == [(tree.tand, tree.skole)]
    assert [(a.name, b.name) for a, b in result.renamed] == [("Sundhedsplejen Allerød", "Sundhedsplejen")]
    csv_text = comparison_csv(result, today, day)
    assert csv_text.startswith("\ufeffÆndring;SOR-kode;Navn 02-03-2026")  # BOM: Excel reads UTF-8
    assert f"Flyttet;{tree.blovstrod.sor_id};" in csv_text and "Lukket;" in csv_text


def _future_unit(tree, actor, today):
    data = services.UnitData.from_unit(tree.blovstrod)
    data.name = "Tandplejen Engholm"
    return services.unit_create(
        actor=actor, kind="OE", parent=tree.tand, data=data, valid_from=today + timedelta(days=7), reason="Ny"
    )


def test_edit_of_a_unit_from_its_first_day_is_shown_as_a_correction(tree, municipal_admin, today):
    """Rediger OE on a unit not yet started defaults to its first day: the first version is
    corrected. Historik shows the correction (who, why, before and after), as the audit has it."""
    unit = _future_unit(tree, municipal_admin, today)
    data = services.UnitData.from_unit(unit)
    data.name = "Tandplejen Engholm Skole"
    services.unit_update(
        actor=municipal_admin, unit=unit, data=data, effective_date=unit.valid_from, reason="Stavefejl"
    )
    [entry] = unit_history(refresh(unit), today)
    assert entry.version.name == "Tandplejen Engholm Skole"
    assert entry.version.reason == "Ny"  # the registration of the version stays as it was
    [correction] = entry.corrections
    assert correction.changes == [("Navn", "Tandplejen Engholm", "Tandplejen Engholm Skole")]
    assert correction.reason == "Stavefejl" and correction.actor_name == "admin.test"
    audit_actions = list(
        AuditEvent.objects.filter(object_id=unit.sor_id).order_by("seq").values_list("action", flat=True)
    )
    assert audit_actions == ["hierarchy.unit.create", "hierarchy.unit.update"]


def test_edit_of_a_unit_before_its_first_day_is_refused(tree, municipal_admin, today):
    unit = _future_unit(tree, municipal_admin, today)
    data = services.UnitData.from_unit(unit)
    data.name = "Tandplejen Engholm Skole"
    with pytest.raises(ValidationError, match="først gældende fra"):
        services.unit_update(actor=municipal_admin, unit=unit, data=data, effective_date=today, reason="x")
    assert refresh(unit).versions.count() == 1


def test_two_edits_on_one_day_show_the_second_as_a_correction(tree, sds_user, today):
    unit = tree.blovstrod
    for phone, reason in (("48 10 22 22", "Nyt nummer"), ("48 10 33 33", "Tastefejl")):
        data = services.UnitData.from_unit(refresh(unit))
        data.phone = phone
        services.unit_update(actor=sds_user, unit=refresh(unit), data=data, reason=reason)
    history = unit_history(refresh(unit), today)
    assert [h.period for h in history] == ["past", "current"]
    assert history[1].changes == [("Telefonnummer", "48 10 01 00", "48 10 33 33")]
    assert history[1].version.reason == "Nyt nummer"
    [correction] = history[1].corrections
    assert correction.changes == [("Telefonnummer", "48 10 22 22", "48 10 33 33")]
    assert correction.reason == "Tastefejl"
    assert history[0].corrections == []


def test_move_on_the_first_day_of_a_version_is_shown_as_a_correction(tree, sds_user, today):
    day = today + timedelta(days=5)
    data = services.UnitData.from_unit(tree.blovstrod)
    data.name = "Tandplejen Blovstrød"
    services.unit_update(actor=sds_user, unit=tree.blovstrod, data=data, effective_date=day, reason="Navn")
    services.unit_move(
        actor=sds_user, unit=refresh(tree.blovstrod), new_parent=tree.skole, effective_date=day, reason="Flyt"
    )
    history = unit_history(refresh(tree.blovstrod), today)
    [correction] = history[-1].corrections
    label, old, new = correction.changes[0]
    assert label == "Overliggende enhed"
    assert old.startswith("Allerød Kommunes Tandpleje") and new.startswith("Blovstrød Skole")
