"""R11: future changes are stored now, take effect on their date, and any date can be shown."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import time_machine
from django.core.management import call_command

from audit.models import AuditEvent
from hierarchy import services
from hierarchy.asof import tree_as_of
from hierarchy.integrity import tree_problems
from tests.factories import refresh
from tests.hierarchy.trees import outline


def travel_to(day):
    return time_machine.travel(
        datetime(day.year, day.month, day.day, 0, 5, tzinfo=ZoneInfo("Europe/Copenhagen")), tick=False
    )


def test_future_move_is_applied_on_its_day_and_not_before(tree, municipal_admin, today):
    move_day = today + timedelta(days=3)
    services.unit_move(
        actor=municipal_admin,
        unit=tree.blovstrod,
        new_parent=tree.skole,
        effective_date=move_day,
        reason="Flyttes",
    )
    with travel_to(move_day - timedelta(days=1)):
        call_command("apply_due_changes")
        assert refresh(tree.blovstrod).parent == tree.tand
    with travel_to(move_day):
        call_command("apply_due_changes")
        unit = refresh(tree.blovstrod)
        assert unit.parent == tree.skole
        assert unit.node.get_ancestors().filter(pk=tree.pleje.pk).exists()  # the nested sets
        events = AuditEvent.objects.filter(action="hierarchy.unit.apply_due", object_id=unit.sor_id)
        assert events.count() == 1 and events.get().before["parent"] == tree.tand.sor_id
        call_command("apply_due_changes")  # a second run changes nothing
        assert events.count() == 1
    assert tree_problems() == []


def test_future_rename_is_applied_on_its_day(tree, municipal_admin, today):
    data = services.UnitData.from_unit(tree.lillerod)
    data.name = "Tandplejen Lillerød"
    services.unit_update(
        actor=municipal_admin,
        unit=tree.lillerod,
        data=data,
        effective_date=today + timedelta(days=5),
        reason="Testændring",
    )
    with travel_to(today + timedelta(days=5)):
        assert services.apply_due_changes() == 1
        assert services.apply_due_changes() == 0
    assert refresh(tree.lillerod).name == "Tandplejen Lillerød"


def test_future_unit_exists_now_and_is_active_from_its_date(tree, municipal_admin, today):
    data = services.UnitData.from_unit(tree.blovstrod)
    data.name = "Tandplejen Engholm Skole"
    unit = services.unit_create(
        actor=municipal_admin, kind="OE", parent=tree.tand, data=data, reason="Testændring"
    )
    assert not unit.in_force_on(today)
    assert unit.in_force_on(today + timedelta(days=7))


def test_tree_as_of_three_dates_around_a_future_move_and_close(tree, municipal_admin, today):
    services.unit_move(
        actor=municipal_admin,
        unit=tree.blovstrod,
        new_parent=tree.skole,
        effective_date=today + timedelta(days=10),
        reason="Flyttes",
    )
    services.unit_close(
        actor=municipal_admin, unit=tree.lillerod, closing_date=today + timedelta(days=20), reason="Lukkes"
    )
    now = outline(tree_as_of(tree.ie, today))
    assert now == [
        "Allerød Kommune",
        "  Center for Sundhed og Omsorg",
        "    Allerød Kommunes Tandpleje",
        "      Tandplejen Blovstrød Skole",
        "      Tandplejen Lillerød Skole",
        "    Sundhedsplejen Allerød",
        "      Blovstrød Skole",
    ]
    after_move = outline(tree_as_of(tree.ie, today + timedelta(days=10)))
    assert after_move == [
        "Allerød Kommune",
        "  Center for Sundhed og Omsorg",
        "    Allerød Kommunes Tandpleje",
        "      Tandplejen Lillerød Skole",
        "    Sundhedsplejen Allerød",
        "      Blovstrød Skole",
        "        Tandplejen Blovstrød Skole",
    ]
    after_close = outline(tree_as_of(tree.ie, today + timedelta(days=21)))
    assert "      Tandplejen Lillerød Skole" not in after_close
    assert outline(tree_as_of(tree.ie, today + timedelta(days=20))) == after_move
    assert tree_as_of(tree.ie, tree.ie.valid_from - timedelta(days=1)) is None


def test_apply_due_changes_on_a_date_applies_what_is_due_then(tree, municipal_admin, today):
    from io import StringIO

    move_day = today + timedelta(days=10)
    services.unit_move(
        actor=municipal_admin,
        unit=tree.blovstrod,
        new_parent=tree.skole,
        effective_date=move_day,
        reason="Flyttes",
    )
    out = StringIO()
    noon = datetime(move_day.year, move_day.month, move_day.day, 12, tzinfo=ZoneInfo("Europe/Copenhagen"))
    with time_machine.travel(noon, tick=False):  # a date after today is refused: run on the day
        call_command(
            "apply_due_changes", "--on", (move_day - timedelta(days=1)).strftime("%d-%m-%Y"), stdout=out
        )
        assert refresh(tree.blovstrod).parent == tree.tand and "på 0 enheder" in out.getvalue()
        call_command("apply_due_changes", "--on", move_day.isoformat(), stdout=out)
    assert refresh(tree.blovstrod).parent == tree.skole
    assert f"pr. {move_day:%d-%m-%Y} på 1 enhed." in out.getvalue()
    assert tree_problems() == []


def test_apply_due_changes_refuses_a_bad_date_in_danish(db):
    import pytest
    from django.core.management.base import CommandError

    with pytest.raises(
        CommandError, match=re.escape("Ugyldig dato: «31-02-2027». Skriv datoen som dd-mm-åååå")
    ):
        call_command("apply_due_changes", "--on", "31-02-2027")
