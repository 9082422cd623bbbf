"""The public bulk writer for loaders and benchmarks (audit.services.record_many): events join
the one chain, `verify_audit` accepts them, and only `backfill=True` lets an item bring its own
time, request, source and actor id."""

from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import transaction

from audit.context import audit_context
from audit.models import AuditEvent
from audit.services import BACKFILL_FIELDS, record, record_many
from audit.verification import verify_and_record

COPENHAGEN = ZoneInfo("Europe/Copenhagen")
EVENT = {
    "actor": None,
    "action": "hierarchy.unit.update",
    "object_type": "hierarchy.unit",
    "object_repr": "Tandplejen",
    "reason": "Telefonnummer rettet",
    "before": {"phone": "48 10 01 00"},
    "after": {"phone": "48 10 01 01"},
}


def _history(count):
    for i in range(count):
        yield {
            **EVENT,
            "object_id": str(i),
            "occurred_at": datetime(2022, 1 + i % 12, 1, 9, 30, i, 123456, tzinfo=COPENHAGEN),
            "request_id": f"req-{i}",
            "source": "web",
            "actor_id": 9000 + i,  # users of the trail being loaded, not of this database
            "actor_name": f"bruger{i}",
        }


@pytest.mark.django_db
def test_backfilled_events_keep_their_own_time_request_and_actor_and_the_chain_verifies():
    with transaction.atomic(), audit_context(source="command:test"):
        record(**EVENT, object_id="first")
        assert record_many(_history(7), backfill=True) == 7
        record(**EVENT, object_id="last")
    events = list(AuditEvent.objects.order_by("seq"))
    assert [e.seq for e in events] == list(range(1, 10))
    third = events[3]  # the history's item 2
    assert third.occurred_at == datetime(2022, 3, 1, 9, 30, 2, 123456, tzinfo=COPENHAGEN)
    assert (third.request_id, third.source, third.actor_id, third.actor_name) == (
        "req-2",
        "web",
        9002,
        "bruger2",
    )
    assert events[0].source == events[-1].source == "command:test"
    out = StringIO()
    call_command("verify_audit", stdout=out)
    assert "Kæden er verificeret til hændelse 9" in out.getvalue()


@pytest.mark.django_db
def test_backfill_leaves_out_what_an_item_does_not_give():
    with transaction.atomic(), audit_context(source="command:load", request_id="load-1"):
        record_many(
            [{**EVENT, "object_id": "1", "occurred_at": datetime(2021, 6, 1, tzinfo=COPENHAGEN)}],
            backfill=True,
        )
    event = AuditEvent.objects.get()
    assert (event.request_id, event.source, event.actor_id, event.actor_name) == (
        "load-1",
        "command:load",
        None,
        "system",
    )
    assert verify_and_record().ok


@pytest.mark.django_db
@pytest.mark.parametrize("name", BACKFILL_FIELDS)
def test_without_backfill_an_item_cannot_bring_its_own_time_request_source_or_actor(name):
    value = {"occurred_at": datetime(2021, 6, 1, tzinfo=COPENHAGEN), "actor_id": 1}.get(name, "x")
    with pytest.raises(TypeError, match=name), transaction.atomic():
        record_many([{**EVENT, "object_id": "1", name: value}])
    with pytest.raises(TypeError, match=name), transaction.atomic():
        record(**EVENT, object_id="1", **{name: value})
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db
def test_backfill_refuses_a_naive_time():
    with pytest.raises(ValueError, match="aware"), transaction.atomic():
        record_many([{**EVENT, "object_id": "1", "occurred_at": datetime(2021, 6, 1)}], backfill=True)
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db
def test_a_bulk_write_rolls_back_with_its_transaction():
    # The raise after the write is the point: the write rolls back with its transaction.
    with pytest.raises(RuntimeError), transaction.atomic():  # noqa: PT012
        record_many(_history(3), backfill=True)
        raise RuntimeError("the loader failed")
    assert not AuditEvent.objects.exists()


def test_a_bulk_write_outside_a_transaction_is_refused():
    with pytest.raises(RuntimeError, match="inside the transaction"):
        record_many(_history(1), backfill=True)


@pytest.mark.django_db
def test_outside_a_declared_context_each_event_gets_its_own_request_id_as_with_record():
    with transaction.atomic():
        record(**EVENT, object_id="0")
        record_many([{**EVENT, "object_id": "1"}, {**EVENT, "object_id": "2"}])
    events = list(AuditEvent.objects.order_by("seq"))
    assert len({e.request_id for e in events}) == 3
    assert {e.source for e in events} == {"unspecified"}


@pytest.mark.django_db
def test_in_a_declared_context_the_events_share_its_request_and_source():
    with transaction.atomic(), audit_context(source="job:apply_due_changes", request_id="nat-1"):
        record_many([{**EVENT, "object_id": "1"}, {**EVENT, "object_id": "2"}])
    assert set(AuditEvent.objects.values_list("request_id", "source")) == {("nat-1", "job:apply_due_changes")}
