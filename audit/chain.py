"""The hash chain: each event's hash covers its own content and the previous event's hash."""

import hashlib
import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .models import AuditEvent

GENESIS_HASH = "0" * 64

HASHED_FIELDS = (
    "seq",
    "occurred_at",
    "actor_id",
    "actor_name",
    "action",
    "object_type",
    "object_id",
    "object_repr",
    "scope_id",
    "effective_date",
    "reason",
    "request_id",
    "source",
    "before",
    "after",
    "prev_hash",
)


def _jsonable(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def event_hash(event: "AuditEvent") -> str:
    payload = {name: _jsonable(getattr(event, name)) for name in HASHED_FIELDS}
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def verify(
    events: Iterable["AuditEvent"], *, start_seq: int = 1, start_hash: str = GENESIS_HASH
) -> tuple["AuditEvent | None", str | None]:
    """Walk events in seq order. Returns (last_good_event, problem) where problem is None when
    the whole chain holds, else a Danish sentence naming the first broken link."""
    prev_hash = start_hash
    expected_seq = start_seq
    last_good = None
    for event in events:
        if event.seq != expected_seq:
            return last_good, f"Hændelse {expected_seq} mangler (næste fundne er {event.seq})."
        if event.prev_hash != prev_hash:
            return last_good, f"Hændelse {event.seq} peger ikke på den forrige hændelses hash."
        if event_hash(event) != event.hash:
            return last_good, f"Hændelse {event.seq} er ændret efter den blev skrevet (hash passer ikke)."
        prev_hash = event.hash
        expected_seq += 1
        last_good = event
    return last_good, None
