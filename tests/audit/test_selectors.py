"""Audit review reads: every filter, keyset pagination, the diff, and chain checkpoints."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection

from audit.models import AuditEvent, ChainCheckpoint
from audit.selectors import AuditFilter, audit_page, event_diff, filtered_events
from audit.verification import latest_checkpoint, verify_and_record
from hierarchy import services
from tests import factories
from tests.factories import refresh


@pytest.fixture
def history(tree, other_kommune, municipal_admin, sds_user, today):
    data = services.UnitData.from_unit(tree.blovstrod)
    data.name = "Tandplejen Blovstrød"
    services.unit_update(actor=municipal_admin, unit=tree.blovstrod, data=data, reason="Kortere navn")
    services.unit_move(
        actor=municipal_admin,
        unit=tree.lillerod,
        new_parent=tree.skole,
        effective_date=today + timedelta(days=3),
        reason="Flyttes til skolen",
    )
    other = factories.oe(factories.si(other_kommune), "Aarhus-enhed")
    services.unit_close(actor=sds_user, unit=other, reason="Nedlagt af SDS")
    return other


def actions(events):
    return [e.action for e in events]


def test_filter_by_kommune(tree, history):
    events = filtered_events(AuditFilter(scope_id=tree.ie.sor_id))
    assert events.exists() and all(e.scope_id == tree.ie.sor_id for e in events)
    assert "hierarchy.unit.close" not in actions(events)


def test_filter_by_unit(tree, history):
    events = filtered_events(AuditFilter(object_id=tree.blovstrod.sor_id))
    assert actions(events) == ["hierarchy.unit.update", "hierarchy.unit.create"]


def test_filter_by_user(history):
    assert actions(filtered_events(AuditFilter(actor="sds"))) == ["hierarchy.unit.close"]
    assert set(actions(filtered_events(AuditFilter(actor="ADMIN.TEST")))) == {
        "hierarchy.unit.update",
        "hierarchy.unit.move",
    }


def test_filter_by_action_and_prefix(history):
    assert actions(filtered_events(AuditFilter(action="hierarchy.unit.move"))) == ["hierarchy.unit.move"]
    assert (
        len(filtered_events(AuditFilter(action="hierarchy.unit.")))
        == AuditEvent.objects.filter(action__startswith="hierarchy.unit.").count()
    )


def test_filter_by_date_range(history, today):
    assert filtered_events(AuditFilter(date_from=today, date_to=today)).count() == AuditEvent.objects.count()
    assert not filtered_events(AuditFilter(date_from=today + timedelta(days=1))).exists()
    assert not filtered_events(AuditFilter(date_to=today - timedelta(days=1))).exists()


def test_filter_by_words_in_reason(history):
    assert actions(filtered_events(AuditFilter(reason="flyttes skolen"))) == ["hierarchy.unit.move"]
    assert not filtered_events(AuditFilter(reason="flyttes nedlagt")).exists()
    assert actions(filtered_events(AuditFilter(reason="KORTERE"))) == ["hierarchy.unit.update"]


def test_keyset_pagination_walks_every_event_once(history):
    seen, cursor = [], None
    while True:
        page, cursor = audit_page(AuditFilter(), before_seq=cursor, size=3)
        seen.extend(e.seq for e in page)
        if cursor is None:
            break
    assert seen == sorted(AuditEvent.objects.values_list("seq", flat=True), reverse=True)


def test_event_diff_lists_changed_keys_only(tree, history):
    event = AuditEvent.objects.get(action="hierarchy.unit.update")
    diff = dict((k, (b, a)) for k, b, a in event_diff(event))
    assert diff["name"] == ("Tandplejen Blovstrød Skole", "Tandplejen Blovstrød")
    assert "phone" not in diff


def test_checkpoint_records_the_chain_state(history):
    checkpoint = verify_and_record()
    last = AuditEvent.objects.order_by("-seq").first()
    assert checkpoint.ok and checkpoint.through_seq == last.seq and checkpoint.through_hash == last.hash
    assert latest_checkpoint() == checkpoint


def test_incremental_check_continues_from_the_checkpoint(tree, history, municipal_admin):
    verify_and_record()
    services.unit_close(actor=municipal_admin, unit=refresh(tree.blovstrod), reason="Lukkes")
    checkpoint = verify_and_record(since_checkpoint=True)
    assert checkpoint.ok and checkpoint.through_seq == AuditEvent.objects.order_by("-seq").first().seq


def test_broken_chain_is_recorded(history, capsys):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_auditevent_append_only")
        cursor.execute("UPDATE audit_auditevent SET actor_name = 'mallory' WHERE seq = 2")
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER audit_auditevent_append_only")
    with pytest.raises(Exception, match="Hændelse 2 er ændret"):
        call_command("verify_audit")
    checkpoint = ChainCheckpoint.objects.first()
    assert not checkpoint.ok and checkpoint.through_seq == 1


def _append_event(occurred_at):
    """An event written at `occurred_at`, as when the clock was set back between two writes."""
    from django.db import transaction

    from audit import services as audit_services

    with transaction.atomic():
        event = audit_services.record(
            actor=None,
            action="hierarchy.unit.update",
            object_type="hierarchy.unit",
            object_id="1",
            object_repr="x",
        )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_auditevent_append_only")
    AuditEvent.objects.filter(seq=event.seq).update(occurred_at=occurred_at)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER audit_auditevent_append_only")
    return event


def test_date_range_is_exact_when_timestamps_are_out_of_seq_order(history, today):
    """The date filter bounds seq by the events in the range, so an event written with an
    earlier clock than its predecessor is still found, and the range's edges are exact."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    cph = ZoneInfo("Europe/Copenhagen")
    late = _append_event(datetime(2026, 3, 10, 9, 0, tzinfo=cph))
    early = _append_event(datetime(2026, 2, 20, 23, 59, tzinfo=cph))
    last = _append_event(datetime(2026, 3, 11, 0, 0, tzinfo=cph))
    in_february = filtered_events(
        AuditFilter(date_from=today - timedelta(days=10), date_to=today - timedelta(days=1))
    )
    assert [e.seq for e in in_february] == [early.seq]
    up_to_march_10 = filtered_events(AuditFilter(date_to=today + timedelta(days=8)))
    assert late.seq in {e.seq for e in up_to_march_10} and early.seq in {e.seq for e in up_to_march_10}
    assert last.seq not in {e.seq for e in up_to_march_10}
    assert [e.seq for e in filtered_events(AuditFilter(date_from=today + timedelta(days=9)))] == [last.seq]
    assert not filtered_events(
        AuditFilter(date_from=today + timedelta(days=20), date_to=today + timedelta(days=30))
    )


def test_date_range_with_unit_and_kommune(tree, history, today):
    events = filtered_events(AuditFilter(object_id=tree.blovstrod.sor_id, date_from=today, date_to=today))
    assert actions(events) == ["hierarchy.unit.update", "hierarchy.unit.create"]
    events = filtered_events(AuditFilter(scope_id=tree.ie.sor_id, date_to=today))
    assert events.exists() and all(e.scope_id == tree.ie.sor_id for e in events)


def test_field_labels_are_the_unit_fields_verbose_names():
    from audit.registry import field_label

    assert field_label("hierarchy.unit", "name") == "Navn"
    assert field_label("hierarchy.unit", "phone") == "Telefonnummer"
    assert field_label("hierarchy.unit", "parent") == "Overliggende enhed"
    assert field_label("hierarchy.unit", "valid_to") == "Ophørsdato"
    assert field_label("hierarchy.unit", "sor_id") == "SOR-kode"
    assert field_label("hierarchy.unit", "unit_type_name") == "Enhedstypens navn"
