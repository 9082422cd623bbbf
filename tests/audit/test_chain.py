"""R10: every change is audited in its own transaction; the trail is append-only and chained."""

from itertools import pairwise

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from audit.chain import verify
from audit.context import audit_context
from audit.models import AuditEvent
from hierarchy import services
from tests.factories import UnitDataFactory
from tests.pg import postgres_only


def test_events_are_chained_in_sequence(tree):
    events = list(AuditEvent.objects.order_by("seq"))
    assert [e.seq for e in events] == list(range(1, len(events) + 1))
    assert events[0].prev_hash == "0" * 64
    assert all(b.prev_hash == a.hash for a, b in pairwise(events))
    assert verify(events) == (events[-1], None)


def test_verify_audit_reports_an_intact_chain(tree, capsys):
    call_command("verify_audit")
    last = AuditEvent.objects.order_by("-seq").first()
    assert f"Kæden er verificeret til hændelse {last.seq}" in capsys.readouterr().out


def test_failed_change_leaves_no_audit_event(tree, municipal_admin):
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError):
        services.unit_create(
            actor=municipal_admin,
            kind="OE",
            parent=tree.tand,
            data=UnitDataFactory(phone=""),
            reason="Testændring",
        )
    assert AuditEvent.objects.count() == before


def test_audit_rolls_back_with_the_change(tree, municipal_admin):
    before = AuditEvent.objects.count()
    # The raise after the service is the point: its write and event roll back with the caller's.
    with pytest.raises(RuntimeError), transaction.atomic():  # noqa: PT012
        services.unit_create(
            actor=municipal_admin, kind="OE", parent=tree.tand, data=UnitDataFactory(), reason="Testændring"
        )
        raise RuntimeError("the caller's transaction fails after the service returned")
    assert AuditEvent.objects.count() == before


def test_request_id_and_source_come_from_the_context(tree, municipal_admin):
    with audit_context(source="command:test", request_id="req-12345678"):
        services.unit_create(
            actor=municipal_admin, kind="OE", parent=tree.tand, data=UnitDataFactory(), reason="Testændring"
        )
    event = AuditEvent.objects.order_by("-seq").first()
    assert (event.request_id, event.source) == ("req-12345678", "command:test")


def _tamper(sql, params):
    """Edit the trail behind the application's back (as an attacker with table access)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_auditevent_append_only")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER audit_auditevent_append_only")


def test_verify_audit_names_an_edited_event(tree):
    target = AuditEvent.objects.order_by("seq")[2]
    _tamper("UPDATE audit_auditevent SET reason = %s WHERE id = %s", ["skjult ændring", target.pk])
    with pytest.raises(CommandError, match=f"Hændelse {target.seq} er ændret"):
        call_command("verify_audit")


def test_verify_audit_names_a_deleted_event(tree):
    target = AuditEvent.objects.order_by("seq")[1]
    _tamper("DELETE FROM audit_auditevent WHERE id = %s", [target.pk])
    with pytest.raises(CommandError, match=f"Hændelse {target.seq} mangler"):
        call_command("verify_audit")


@postgres_only
def test_postgres_refuses_update_on_the_audit_table(tree):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(seq=1).update(reason="forsøg")


@postgres_only
def test_postgres_refuses_delete_on_the_audit_table(tree):
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM audit_auditevent WHERE seq = 1")
    assert AuditEvent.objects.filter(seq=1).exists()


def test_record_outside_a_transaction_is_refused():
    from audit.services import record

    with pytest.raises(RuntimeError):
        record(actor=None, action="x", object_type="x", object_id="1", object_repr="x")
