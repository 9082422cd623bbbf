"""apply_due_changes projects the units whose due versions keep their parent set-based, and
writes exactly what the per-unit projection (`apply_due_unit`, the MPTT move) writes: the same
Unit rows, search keys and versions' `applied`, and the same `hierarchy.unit.apply_due` events
with the same snapshots, in the same order."""

from datetime import timedelta
from unittest import mock

import pytest
from django.db import DataError, connection, transaction
from django.test.utils import CaptureQueriesContext

from audit.chain import HASHED_FIELDS, verify
from audit.context import audit_context
from audit.models import AuditEvent
from hierarchy import services
from hierarchy.integrity import tree_problems
from hierarchy.models import Unit, UnitSearch, UnitType, UnitVersion
from hierarchy.services import due as due_module
from tests import factories
from tests.factories import refresh
from tests.pg import postgres_only

# What an event says, without its place in the chain (seq, time, hashes), which differs by run.
EVENT_FIELDS = tuple(f for f in HASHED_FIELDS if f not in ("seq", "occurred_at", "prev_hash"))


def change(unit, day, **values):
    data = services.UnitData.from_unit(refresh(unit))
    for name, value in values.items():
        setattr(data, name, value)
    services.unit_update(actor=None, unit=refresh(unit), data=data, effective_date=day, reason="Testændring")


def outcome(since_seq):
    """What a projection wrote: the units (all but `updated_at`), their search keys, which
    versions are applied, and the events after `since_seq` in order (all but seq, time, hashes)."""
    units = list(Unit.objects.order_by("pk").values())
    for row in units:
        del row["updated_at"]
    return {
        "units": units,
        "search": list(UnitSearch.objects.order_by("unit_id").values()),
        "applied": list(UnitVersion.objects.order_by("pk").values_list("pk", "applied")),
        "events": list(AuditEvent.objects.filter(seq__gt=since_seq).order_by("seq").values(*EVENT_FIELDS)),
    }


@pytest.fixture
def due_day(today):
    return today + timedelta(days=5)


@pytest.fixture
def scheduled(tree, other_kommune, due_day):
    """Changes of every kind taking effect on `due_day`, in two kommuner: attributes only
    (name, addresses, contact, type, a unit starting that day) and moves (within the tree, and
    Sundhedsplejen with its child into the other kommune's tree, whose child is then audited
    under the other kommune), so a batch mixes the set-based and the per-unit path."""
    other_si = factories.si(other_kommune, "Sundhed og Omsorg Aarhus")
    aarhus_oe = factories.oe(other_si, "Aarhus Tandpleje")
    change(tree.tand, due_day, name="Tandplejen i Allerød")
    change(
        tree.blovstrod,
        due_day,
        postal_address=factories.address("3540", "Ved Gadekæret", "15A"),
        visiting_same_as_postal=False,
        visiting_address=factories.address(street="Kongevejen", number="12"),
    )
    change(
        tree.skole,
        due_day,
        name="Skolesundhed Blovstrød",
        phone="48 10 99 00",
        email="skole@example.dk",
        unit_type=UnitType.objects.get(code=factories.PLEJEHJEM),
    )
    change(aarhus_oe, due_day, name="Tandplejen Aarhus", website="https://aarhus.example.dk")
    starting = factories.oe(tree.tand, "Tandplejen Engholm", valid_from=due_day)
    services.unit_move(
        actor=None, unit=tree.lillerod, new_parent=tree.pleje, effective_date=due_day, reason="Flyttes"
    )
    services.unit_move(
        actor=None,
        unit=refresh(tree.pleje),
        new_parent=other_si,
        effective_date=due_day,
        reason="Overgår til Aarhus",
        confirm_impact=True,
    )
    attributes = [tree.tand, tree.blovstrod, tree.skole, aarhus_oe]
    return {
        "attributes": attributes + ([starting] if starting.pk in services.due_unit_ids(due_day) else []),
        "moves": [tree.lillerod, tree.pleje],
    }


@pytest.mark.parametrize("batch", [250, 2])
@pytest.mark.parametrize("request_id", ["nat-1", None], ids=["in the job's context", "no context"])
def test_the_set_based_projection_writes_what_the_per_unit_projection_writes(
    scheduled, due_day, monkeypatch, batch, request_id
):
    monkeypatch.setattr(due_module, "DUE_BATCH", batch)
    if request_id:
        with audit_context(source="job:apply_due_changes", request_id=request_id):
            compare_with_the_per_unit_projection(scheduled, due_day)
    else:  # each event its own request id, as audit.record gives it
        compare_with_the_per_unit_projection(scheduled, due_day, ignore=("request_id",))


def compare_with_the_per_unit_projection(scheduled, due_day, ignore=()):
    start = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first()
    revisions = dict(Unit.objects.values_list("pk", "revision"))
    due = services.due_unit_ids(due_day)
    assert {u.pk for u in scheduled["attributes"] + scheduled["moves"]} <= set(due)
    with transaction.atomic():
        with mock.patch.object(
            due_module, "_apply_due_locked", wraps=due_module._apply_due_locked
        ) as one_by_one:
            bulk_count = services.apply_due_changes(on=due_day)
        bulk = outcome(start)
        alone = {call.args[0] for call in one_by_one.call_args_list}
        transaction.set_rollback(True)  # the same changes again, one unit at a time
    assert alone == {u.pk for u in scheduled["moves"]}  # only the moves went one by one
    per_unit_count = sum(services.apply_due_unit(unit_id, due_day) for unit_id in due)
    per_unit = outcome(start)
    for name in ignore:  # but each event still has its own
        assert len({e[name] for e in bulk["events"]}) == len(bulk["events"])
        for event in bulk["events"] + per_unit["events"]:
            event.pop(name)

    assert bulk_count == per_unit_count == len(due)
    assert bulk["units"] == per_unit["units"]
    assert bulk["search"] == per_unit["search"]
    assert bulk["applied"] == per_unit["applied"]
    assert bulk["events"] == per_unit["events"]
    sor_ids = dict(Unit.objects.values_list("pk", "sor_id"))
    assert [e["object_id"] for e in bulk["events"]] == [sor_ids[pk] for pk in due]  # parents first
    for row in bulk["units"]:  # each projected unit once more, the others untouched
        assert row["revision"] == revisions[row["id"]] + (row["id"] in due)


def test_the_events_carry_the_new_values_and_addresses(scheduled, tree, other_kommune, due_day):
    services.apply_due_changes(on=due_day)
    events = {e.object_id: e for e in AuditEvent.objects.filter(action="hierarchy.unit.apply_due")}
    blovstrod = events[tree.blovstrod.sor_id]
    assert blovstrod.before["visiting_same_as_postal"] is True
    assert blovstrod.after["postal_address"] == "Ved Gadekæret 15A, 3540 Lynge"
    assert blovstrod.after["visiting_address"] == "Kongevejen 12, 3450 Allerød"
    skole = events[tree.skole.sor_id]
    assert skole.before["name"] == "Blovstrød Skole" and skole.after["name"] == "Skolesundhed Blovstrød"
    assert skole.after["unit_type"] == factories.PLEJEHJEM and skole.object_repr == "Skolesundhed Blovstrød"
    assert skole.scope_id == other_kommune.sor_id  # its parent moved to Aarhus first
    assert events[tree.tand.sor_id].scope_id == tree.ie.sor_id
    assert events[tree.tand.sor_id].actor_name == "system:apply_due_changes"
    assert refresh(tree.skole).search.text.startswith("\nskolesundhed blovstrød\n")
    assert verify(AuditEvent.objects.order_by("seq"))[1] is None
    assert tree_problems() == []


def test_a_second_run_projects_nothing(scheduled, due_day):
    assert services.apply_due_changes(on=due_day) > 0
    events = AuditEvent.objects.count()
    revisions = dict(Unit.objects.values_list("pk", "revision"))
    assert services.apply_due_changes(on=due_day) == 0
    assert AuditEvent.objects.count() == events
    assert dict(Unit.objects.values_list("pk", "revision")) == revisions


def test_a_unit_already_projected_is_skipped_under_the_locks(scheduled, due_day):
    """What a concurrent run did meanwhile is re-checked from the versions read under the
    locks: the batch skips it, writing no second event."""
    due = services.due_unit_ids(due_day)
    services.apply_due_changes(on=due_day)
    events = AuditEvent.objects.count()
    with transaction.atomic():
        assert due_module._apply_due_batch(due, due_day) == 0
    assert AuditEvent.objects.count() == events


def test_nothing_is_projected_before_its_day(scheduled, tree, due_day):
    assert services.apply_due_changes(on=due_day - timedelta(days=1)) == 0
    assert refresh(tree.tand).name == "Allerød Kommunes Tandpleje"


def test_the_queries_do_not_grow_with_the_units_of_a_batch(kommune, today):
    """Set-based: projecting ten units costs the queries of projecting two."""
    si = factories.si(kommune)
    day = today + timedelta(days=3)

    def queries_for(count):
        units = [factories.oe(si) for _ in range(count)]
        for unit in units:
            change(unit, day, name=f"{unit.name} (ny)")
        with CaptureQueriesContext(connection) as captured:
            assert services.apply_due_changes(on=day) == count
        assert [refresh(u).name for u in units] == [f"{u.name} (ny)" for u in units]
        return len(captured.captured_queries)

    assert queries_for(10) == queries_for(2)


@postgres_only
def test_the_bulk_update_refuses_a_value_too_long_for_its_column_instead_of_cutting_it(tree):
    unit = refresh(tree.tand)
    unit.name = "x" * 61
    with pytest.raises(DataError), transaction.atomic():
        due_module._bulk_set(Unit, [unit], ["name"])
    unit.name = "x" * 60
    due_module._bulk_set(Unit, [unit], ["name"])
    assert refresh(tree.tand).name == "x" * 60
