"""Run the chain verification and remember its result (audit.ChainCheckpoint)."""

from .chain import GENESIS_HASH, verify
from .models import AuditEvent, ChainCheckpoint


def verify_and_record(*, since_checkpoint: bool = False) -> ChainCheckpoint:
    """Verify the whole chain, or with since_checkpoint only the events after the last good
    checkpoint (whose own event must still carry the recorded hash)."""
    events = AuditEvent.objects.order_by("seq")
    start_seq, start_hash = 1, GENESIS_HASH
    last_ok = (
        ChainCheckpoint.objects.filter(ok=True, through_seq__isnull=False).first()
        if since_checkpoint
        else None
    )
    if last_ok is not None:
        anchor = AuditEvent.objects.filter(seq=last_ok.through_seq).only("hash").first()
        if anchor is not None and anchor.hash == last_ok.through_hash:
            start_seq, start_hash = last_ok.through_seq + 1, last_ok.through_hash
            events = events.filter(seq__gte=start_seq)
    last_good, problem = verify(events.iterator(chunk_size=2000), start_seq=start_seq, start_hash=start_hash)
    if last_good is None and last_ok is not None and start_seq > 1:
        through = (last_ok.through_seq, last_ok.through_occurred_at, last_ok.through_hash)
    elif last_good is not None:
        through = (last_good.seq, last_good.occurred_at, last_good.hash)
    else:
        through = (None, None, "")
    return ChainCheckpoint.objects.create(
        ok=problem is None,
        through_seq=through[0],
        through_occurred_at=through[1],
        through_hash=through[2],
        problem=problem or "",
    )


def latest_checkpoint() -> ChainCheckpoint | None:
    return ChainCheckpoint.objects.first()
