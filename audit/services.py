"""The only writer of audit events. Called by the services of other apps inside their own
transaction, so a change and its audit event commit or roll back together."""

from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from sor_admin.text import text_problem

from . import context
from .chain import GENESIS_HASH, event_hash
from .models import AuditEvent

# Arbitrary constant key for the PostgreSQL advisory lock that serialises appends to the chain.
_CHAIN_LOCK_KEY = 0x50A0D17


def _lock_chain_head():
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_KEY])


def actor_display_name(actor) -> str:
    if actor is None:
        return "system"
    return actor.get_username()


def record(
    *,
    actor,
    action: str,
    object_type: str,
    object_id: str,
    object_repr: str,
    scope_id: str = "",
    effective_date=None,
    reason: str = "",
    before: dict | None = None,
    after: dict | None = None,
    actor_name: str | None = None,
) -> AuditEvent:
    if not connection.in_atomic_block:
        raise RuntimeError("audit.record must run inside the transaction of the change it logs")
    # Every write's reason ends here, so this one check covers every service; raised inside the
    # caller's transaction, it rolls the change back with it.
    problem = text_problem(reason or "", what="Begrundelsen", multiline=True)
    if problem:
        raise ValidationError({"reason": problem})
    ctx = context.current()
    _lock_chain_head()
    last = AuditEvent.objects.order_by("-seq").only("seq", "hash").first()
    event = AuditEvent(
        seq=(last.seq + 1) if last else 1,
        occurred_at=timezone.now(),
        actor=actor if actor is not None and actor.pk else None,
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
        prev_hash=last.hash if last else GENESIS_HASH,
    )
    event.hash = event_hash(event)
    event.save(force_insert=True)
    return event
