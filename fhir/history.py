"""The history (IHE mCSD ITI-91): every change to a unit or a lokationsnummer, from the audit
trail, at the moment it took effect.

A change registered for today or an earlier day takes effect when it is registered
(`occurred_at`). A change dated a later day takes effect at the start of that day (Danish time),
and only then appears in the history, rendered as on that day: a client that follows the history
sees a future-dated move or closure on the day it happens, whether or not the nightly
`apply_due_changes` has run. A closing date is the unit's (or number's) last day, so a closure
takes effect the day after it.

Events come from three streams, each read in the order of an index-friendly key and merged by
(moment, seq): registered-and-in-force events by `occurred_at`, future-dated events by their
`effective_date`, future closures by `effective_date` + 1. A page resumes after the (moment, seq)
of its last event (`_cursor`), below a fixed upper bound (`cutoff`, carried in the next links),
so a page never shifts while a client pages through."""

import heapq
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from django.db.models import F, Q, QuerySet
from django.db.models.fields.json import KT
from django.db.models.functions import TruncDate
from django.utils import timezone

from audit.models import AuditEvent

from .reads import GLN_OBJECT_TYPE, start_of

UNIT_OBJECT_TYPE = "hierarchy.unit"
# Actions whose effective_date is a last valid day: they take effect the day after.
LAST_DAY_ACTIONS = ("hierarchy.unit.close", "hierarchy.unit.withdraw_close", "exchange.location_number.close")
CREATE_ACTIONS = ("hierarchy.unit.create", "exchange.location_number.create")

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def moment_key(moment: datetime) -> int:
    """An instant as whole microseconds since 1970 (UTC), for the cursor."""
    delta = moment.astimezone(UTC) - _EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def moment_from_key(key: int) -> datetime | None:
    try:
        return _EPOCH + timedelta(microseconds=key)
    except OverflowError:
        return None


@dataclass(frozen=True)
class Change:
    moment: datetime
    seq: int
    event: AuditEvent

    @property
    def day(self) -> date:
        return timezone.localdate(self.moment)


def _local_day() -> TruncDate:
    return TruncDate("occurred_at", tzinfo=timezone.get_default_timezone())


def _first_day_from(moment: datetime) -> date:
    """The first day whose start is at or after `moment`."""
    day = timezone.localdate(moment)
    return day if start_of(day) >= moment else day + timedelta(days=1)


def _immediate(events: QuerySet, since, cutoff, after, limit: int) -> Iterator[Change]:
    last_day = Q(action__in=LAST_DAY_ACTIONS)
    events = events.alias(local_day=_local_day()).filter(
        (~last_day & (Q(effective_date__isnull=True) | Q(effective_date__lte=F("local_day"))))
        | (last_day & (Q(effective_date__isnull=True) | Q(effective_date__lt=F("local_day"))))
    )
    events = events.filter(occurred_at__lte=cutoff)
    if since is not None:
        events = events.filter(occurred_at__gte=since)
    if after is not None:
        moment, seq = after
        events = events.filter(Q(occurred_at__gt=moment) | Q(occurred_at=moment, seq__gt=seq))
    # A LIMIT, not a cursor: PostgreSQL then walks the (occurred_at, seq) index and stops.
    for event in events.order_by("occurred_at", "seq")[:limit]:
        yield Change(event.occurred_at, event.seq, event)


def _deferred(events: QuerySet, since, cutoff, after, limit: int, *, last_day: bool) -> Iterator[Change]:
    """Events dated after the day they were registered; `last_day`: the closures (a day later)."""
    shift = timedelta(days=1 if last_day else 0)
    kind = Q(action__in=LAST_DAY_ACTIONS)
    events = events.alias(local_day=_local_day()).filter(kind if last_day else ~kind)
    if last_day:
        events = events.filter(effective_date__gte=F("local_day"))
    else:
        events = events.filter(effective_date__gt=F("local_day"))
    # The change's moment is start_of(effective_date + shift); the bounds as effective dates.
    events = events.filter(effective_date__lte=timezone.localdate(cutoff) - shift)
    if since is not None:
        events = events.filter(effective_date__gte=_first_day_from(since) - shift)
    if after is not None:
        moment, seq = after
        day = timezone.localdate(moment)
        if start_of(day) == moment:
            events = events.filter(
                Q(effective_date__gt=day - shift) | Q(effective_date=day - shift, seq__gt=seq)
            )
        else:
            events = events.filter(effective_date__gt=day - shift)
    for event in events.order_by("effective_date", "seq")[:limit]:
        yield Change(start_of(event.effective_date + shift), event.seq, event)


def changes(
    events: QuerySet,
    *,
    since: datetime | None,
    cutoff: datetime,
    after: tuple[datetime, int] | None,
    limit: int,
) -> Iterator[Change]:
    """The first `limit` changes among `events` with since ≤ moment ≤ cutoff after the cursor,
    in order (each stream reads at most `limit` rows)."""
    streams = [
        _immediate(events, since, cutoff, after, limit),
        _deferred(events, since, cutoff, after, limit, last_day=False),
        _deferred(events, since, cutoff, after, limit, last_day=True),
    ]
    return heapq.merge(*streams, key=lambda c: (c.moment, c.seq))


def page(events: QuerySet, *, since, cutoff, after, count: int) -> tuple[list[Change], bool]:
    found = []
    for change in changes(events, since=since, cutoff=cutoff, after=after, limit=count + 1):
        found.append(change)
        if len(found) > count:
            break
    return found[:count], len(found) > count


def organization_ids(event: AuditEvent) -> list[str]:
    """The SOR-IDs whose Organization the event changed: the unit, or for a lokationsnummer the
    unit(s) it was on (a move changes both the old and the new unit's endpoint list). Reads the
    units from the annotations of `events()`, not the whole before/after snapshots."""
    if event.object_type == UNIT_OBJECT_TYPE:
        return [event.object_id]
    found = []
    for value in (event.unit_before, event.unit_from, event.unit_after):  # type: ignore[attr-defined]
        if isinstance(value, str) and value and value not in found:
            found.append(value)
    return found


def base_events() -> QuerySet:
    """The unit and lokationsnummer events with only what the history reads of them."""
    return AuditEvent.objects.only(
        "seq", "occurred_at", "effective_date", "action", "object_type", "object_id"
    ).annotate(unit_before=KT("before__unit"), unit_after=KT("after__unit"), unit_from=KT("after__from_unit"))


def organization_events(*, owner_sor_ids=None, sor_id: str | None = None) -> QuerySet:
    events = base_events().filter(object_type__in=(UNIT_OBJECT_TYPE, GLN_OBJECT_TYPE))
    if owner_sor_ids is not None:
        events = events.filter(scope_id__in=owner_sor_ids)
    if sor_id is not None:
        events = events.filter(
            Q(object_type=UNIT_OBJECT_TYPE, object_id=sor_id)
            | Q(object_type=GLN_OBJECT_TYPE)
            & (Q(before__unit=sor_id) | Q(after__unit=sor_id) | Q(after__from_unit=sor_id))
        )
    return events


def endpoint_events(*, owner_sor_ids=None) -> QuerySet:
    events = base_events().filter(object_type=GLN_OBJECT_TYPE)
    if owner_sor_ids is not None:
        events = events.filter(scope_id__in=owner_sor_ids)
    return events
