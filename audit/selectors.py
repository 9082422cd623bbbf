"""Reads for the audit review (Ændringslog). Keyset pagination on seq keeps every page as fast
as the first, however many events there are."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from .models import AuditEvent


@dataclass(frozen=True)
class AuditFilter:
    scope_id: str = ""  # the IE's SOR-ID (a kommune)
    object_id: str = ""  # SOR-kode or GLN
    actor: str = ""  # user name, contains
    action: str = ""  # exact action code, or a prefix ending in "."
    date_from: date | None = None
    date_to: date | None = None
    reason: str = ""  # words that must all occur in the reason


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def filtered_events(f: AuditFilter):
    qs = AuditEvent.objects.all()
    if f.scope_id:
        qs = qs.filter(scope_id=f.scope_id)
    if f.object_id:
        qs = qs.filter(object_id=f.object_id.strip())
    if f.actor:
        qs = qs.filter(actor_name__icontains=f.actor.strip())
    if f.action:
        qs = qs.filter(action__startswith=f.action) if f.action.endswith(".") else qs.filter(action=f.action)
    if f.date_from:
        qs = qs.filter(occurred_at__gte=_day_start(f.date_from))
    if f.date_to:
        qs = qs.filter(occurred_at__lt=_day_start(f.date_to + timedelta(days=1)))
    for word in f.reason.split():
        qs = qs.filter(reason__icontains=word)
    return qs.order_by("-seq")


def audit_page(f: AuditFilter, *, before_seq: int | None = None, size: int = 50):
    """(events, next_before_seq or None)."""
    qs = filtered_events(f)
    if before_seq is not None:
        qs = qs.filter(seq__lt=before_seq)
    events = list(qs[: size + 1])
    more = len(events) > size
    events = events[:size]
    return events, (events[-1].seq if more and events else None)


def event_diff(event: AuditEvent) -> list[tuple[str, object, object]]:
    """(key, before, after) for every key whose value differs."""
    before, after = event.before or {}, event.after or {}
    return [
        (k, before.get(k), after.get(k))
        for k in sorted(set(before) | set(after))
        if before.get(k) != after.get(k)
    ]


ACTION_LABELS = {
    "hierarchy.unit.create": "Enhed oprettet",
    "hierarchy.unit.update": "Enhed ændret",
    "hierarchy.unit.move": "Enhed flyttet",
    "hierarchy.unit.close": "Enhed lukket",
    "hierarchy.unit.apply_due": "Planlagt ændring trådt i kraft",
    "hierarchy.unit.withdraw_change": "Planlagt ændring tilbagetrukket",
    "hierarchy.unit.withdraw_close": "Planlagt lukning tilbagetrukket",
    "hierarchy.location_number.create": "Lokationsnummer oprettet",
    "hierarchy.location_number.set_message_types": "Meddelelsestyper ændret",
    "hierarchy.scope.add": "Administratoransvar givet",
    "hierarchy.scope.remove": "Administratoransvar fjernet",
}
