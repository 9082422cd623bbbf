from datetime import timedelta

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
    services.unit_update(actor=municipal_admin, unit=tree.pleje, data=data, effective_date=day)
    new = services.unit_create(
        actor=municipal_admin, kind="OE", parent=tree.tand, data=services.UnitData.from_unit(tree.tand)
    )
    result = compare_trees(tree.ie, today, day)
    assert [v.unit for v in result.created] == [new]
    assert [v.unit for v in result.closed] == [refresh(tree.lillerod)]
    assert [(a.parent, b.parent) for a, b in result.moved] == [(tree.tand, tree.skole)]
    assert [(a.name, b.name) for a, b in result.renamed] == [("Sundhedsplejen Allerød", "Sundhedsplejen")]
    csv_text = comparison_csv(result, today, day)
    assert csv_text.splitlines()[0].startswith("Ændring;SOR-kode;Navn 02-03-2026")
    assert f"Flyttet;{tree.blovstrod.sor_id};" in csv_text and "Lukket;" in csv_text
