"""The only writer of audit events. Called by the services of other apps inside their own
transaction, so a change and its audit event commit or roll back together."""

from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import connection
from django.utils import timezone

from sor_admin.text import text_problem

from . import context, registry
from .chain import GENESIS_HASH, event_hash
from .context import AuditContext
from .models import AuditEvent

# Arbitrary constant key for the PostgreSQL advisory lock that serialises appends to the chain.
_CHAIN_LOCK_KEY = 0x50A0D17
BULK_BATCH_SIZE = 5000
# What `record_many(..., backfill=True)` takes from each item instead of from now, the current
# context and `actor`.
BACKFILL_FIELDS = ("occurred_at", "request_id", "source", "actor_id")


def _lock_chain_head() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_KEY])


def actor_display_name(actor: AbstractBaseUser | None) -> str:
    if actor is None:
        return "system"
    return str(actor.get_username())


def _checked(fields: dict[str, Any]) -> dict[str, Any]:
    """The fields of one event, refused before the chain is locked: an unregistered action is a
    programming error; a bad reason is the user's, raised inside the caller's transaction so it
    rolls the change back with it (every write's reason ends here, so this covers every service)."""
    given = set(BACKFILL_FIELDS) & set(fields)
    if given:
        raise TypeError(f"audit: {', '.join(sorted(given))} only through record_many(..., backfill=True)")
    action = fields["action"]
    if not registry.is_registered(action):
        raise ImproperlyConfigured(
            f"Audit action {action!r} is not registered: register it with its Danish label in the "
            "writing app's audit_actions.py (audit.registry.register_action)."
        )
    problem = text_problem(fields.get("reason") or "", what="Begrundelsen", multiline=True)
    if problem:
        raise ValidationError({"reason": problem})
    return fields


def _event(
    *,
    seq: int,
    prev_hash: str,
    occurred_at: datetime,
    ctx: AuditContext,
    actor: AbstractBaseUser | None,
    action: str,
    object_type: str,
    object_id: str,
    object_repr: str,
    scope_id: str = "",
    effective_date: date | None = None,
    reason: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    actor_name: str | None = None,
    actor_id: int | None = None,
) -> AuditEvent:
    event = AuditEvent(
        seq=seq,
        occurred_at=occurred_at,
        actor_id=actor.pk if actor is not None and actor.pk else actor_id,
        actor_name=actor_name or actor_display_name(actor),
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        object_repr=str(object_repr)[:200],
        scope_id=str(scope_id or ""),
        effective_date=effective_date,
        reason=reason or "",
        request_id=ctx.request_id,
        source=ctx.source,
        before=before,
        after=after,
        prev_hash=prev_hash,
    )
    event.hash = event_hash(event)
    return event


def _require_transaction() -> None:
    if not connection.in_atomic_block:
        raise RuntimeError("audit.record must run inside the transaction of the change it logs")


def _head() -> tuple[int, str]:
    _lock_chain_head()
    last = AuditEvent.objects.order_by("-seq").only("seq", "hash").first()
    return (last.seq, last.hash) if last else (0, GENESIS_HASH)


def record(**fields: Any) -> AuditEvent:
    """Append one event. Fields: actor, action, object_type, object_id, object_repr and optionally
    scope_id, effective_date, reason, before, after, actor_name."""
    _require_transaction()
    _checked(fields)
    seq, prev_hash = _head()
    event = _event(
        seq=seq + 1, prev_hash=prev_hash, occurred_at=timezone.now(), ctx=context.current(), **fields
    )
    event.save(force_insert=True)
    return event


def _backfilled(
    fields: dict[str, Any], now: datetime, ctx: AuditContext
) -> tuple[dict[str, Any], datetime, AuditContext, int | None]:
    """The item without its BACKFILL_FIELDS, its time (in UTC, as the database returns it, so the
    hash verifies), its context and its actor's id."""
    fields = dict(fields)
    given = {name: fields.pop(name) for name in BACKFILL_FIELDS if name in fields}
    occurred_at = given.get("occurred_at", now)
    if timezone.is_naive(occurred_at):
        raise ValueError("record_many: occurred_at must be an aware datetime")
    ctx = AuditContext(
        request_id=given.get("request_id", ctx.request_id), source=given.get("source", ctx.source)
    )
    return fields, occurred_at.astimezone(UTC), ctx, given.get("actor_id")


def record_many(events: Iterable[dict[str, Any]], *, backfill: bool = False) -> int:
    """Append many events in order, for bulk writers (`manage.py generate_register`, the
    benchmarks, `apply_due_changes`): one chain lock, one head read, and inserts in batches,
    instead of a round trip per event. Each item holds the fields of `record` and is checked as
    `record` checks it (registered action, reason); an event holds what `record` would have
    written for it but its time, which is one for the whole call. The events join the one chain
    after its current head, so `verify_audit` verifies them like any other. Returns how many
    were written.

    `backfill` is for a trail whose events happened elsewhere or earlier (the audit benchmark's
    five synthetic years): each item may then also give `occurred_at` (an aware datetime),
    `request_id`, `source` and `actor_id` (a user id, in place of `actor`); what it leaves out
    comes from now and the current context, as for `record`. Seq and hashes are always the
    chain's own."""
    _require_transaction()
    seq, prev_hash = _head()
    now = timezone.now()
    batch, written = [], 0
    for fields in events:
        seq += 1
        ctx = context.current()  # per event: outside a declared context each gets its own id
        actor_id, occurred_at, event_ctx = None, now, ctx
        if backfill:
            fields, occurred_at, event_ctx, actor_id = _backfilled(fields, now, ctx)
        event = _event(
            seq=seq,
            prev_hash=prev_hash,
            occurred_at=occurred_at,
            ctx=event_ctx,
            actor_id=actor_id,
            **_checked(fields),
        )
        prev_hash = event.hash
        batch.append(event)
        if len(batch) >= BULK_BATCH_SIZE:
            AuditEvent.objects.bulk_create(batch)
            written, batch = written + len(batch), []
    AuditEvent.objects.bulk_create(batch)
    return written + len(batch)
