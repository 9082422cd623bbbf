"""Reads for the audit review (Ændringslog). Keyset pagination on seq keeps every page as fast
as the first, however many events there are."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import F, Max, Min, QuerySet
from django.utils import timezone

from . import registry
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
    # Sign-ins and sign-outs (auth.login, auth.login_failed, auth.logout) are left out unless
    # asked for, or unless `action` names one: they are most of the events and say nothing
    # about the register (issue 23 item 6).
    with_sign_ins: bool = False


SIGN_IN_ACTIONS = ("auth.login", "auth.login_failed", "auth.logout")


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _seq_bounds(start: datetime | None, end: datetime) -> tuple[int, int] | None:
    """The lowest and highest seq of the events that occurred in [start, end), or None when
    there are none: read from the (occurred_at, seq) index alone. Without these bounds a date
    range far back makes PostgreSQL walk seq downwards from the newest event, filtering on
    occurred_at, through every younger event (seconds at a million events). The bounds are
    exact whatever order the timestamps are in; "+ 0" keeps MIN/MAX from being answered by that
    same walk."""
    qs = AuditEvent.objects.order_by().filter(occurred_at__lt=end)
    if start is not None:
        qs = qs.filter(occurred_at__gte=start)
    bounds = qs.aggregate(low=Min(F("seq") + 0), high=Max(F("seq") + 0))
    return None if bounds["high"] is None else (bounds["low"], bounds["high"])


def filtered_events(f: AuditFilter) -> QuerySet[AuditEvent]:
    qs = AuditEvent.objects.all()
    if f.scope_id:
        qs = qs.filter(scope_id=f.scope_id)
    if f.object_id:
        qs = qs.filter(object_id=f.object_id.strip())
    if f.actor:
        qs = qs.filter(actor_name__icontains=f.actor.strip())
    if f.action:
        qs = (
            qs.filter(action__startswith=f.action)
            if f.action.endswith(".")
            else qs.filter(action__in=registry.action_codes(f.action))
        )
    # The calendar's first and last days bound nothing, and their local midnights cannot be
    # held in UTC (0001-01-01 00:00 in Copenhagen is in year 0), so they leave the range open.
    start = _day_start(f.date_from) if f.date_from and f.date_from > date.min else None
    end = _day_start(f.date_to + timedelta(days=1)) if f.date_to and f.date_to < date.max else None
    # With a closed range, seq is bounded by the range's events; the timestamp test is then
    # written so no index serves it ("+ 0 seconds"): PostgreSQL, taking the two ranges for
    # independent, would otherwise fetch the whole date range by (occurred_at, seq) and sort it.
    bounds = _seq_bounds(start, end) if end is not None and not f.object_id else None
    occurred_at = F("occurred_at") + timedelta(0) if bounds else F("occurred_at")
    if start is not None:
        qs = qs.alias(_occurred_at=occurred_at).filter(_occurred_at__gte=start)
    if end is not None:
        qs = qs.alias(_occurred_at=occurred_at).filter(_occurred_at__lt=end)
    if bounds is not None:
        qs = qs.filter(seq__gte=bounds[0], seq__lte=bounds[1])
    elif end is not None and not f.object_id:
        return qs.none()
    if not f.with_sign_ins and not (f.action and f.action.startswith("auth.")):
        qs = qs.exclude(action__in=SIGN_IN_ACTIONS)
    for word in f.reason.split():
        qs = qs.filter(reason__icontains=word)
    return qs.order_by("-seq")


def audit_page(
    f: AuditFilter, *, before_seq: int | None = None, size: int = 50
) -> tuple[list[AuditEvent], int | None]:
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
