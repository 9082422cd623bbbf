"""Withdrawing a pending change or a pending close."""

from datetime import date

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError

from .. import policy
from ..dates import today
from ..models import Unit
from ..policy import check_parent_alive, check_withdraw_change, check_withdraw_close
from ..snapshots import unit_snapshot, version_snapshot
from .locking import locked_for
from .messages import MSG_MOVE_DESCENDANT
from .units import descendants_from
from .validation import reports_missing_reason, require_reason
from .versions import (
    attname_of,
    check_no_overlap,
    ordered_versions,
    project_and_audit,
    set_last_day,
)

# --- withdrawing pending changes ------------------------------------------------------------


@reports_missing_reason("withdraw")
def unit_withdraw_change(
    *, actor: User | None, unit: Unit, valid_from: date, reason: str, expected_revision: int | None = None
) -> Unit:
    """Withdraw a pending (future) change: the fields it changed return to their former values
    from its date on, as far as later changes had carried them; the version disappears from
    the projection and stays in the audit trail."""
    lock = locked_for(actor, unit, policy.WITHDRAW_CHANGE)
    with lock.hold(expected_revision=expected_revision) as unit:
        versions = ordered_versions(unit)
        starts = [v.valid_from for v in versions]
        check_withdraw_change(starts, valid_from, on=today())
        index = starts.index(valid_from)
        previous, withdrawn, later = versions[index - 1], versions[index], versions[index + 1 :]
        fields = [attname_of(n) for n in Unit.VERSIONED_FIELDS] + ["parent_id"]
        changed = {
            f: (getattr(previous, f), getattr(withdrawn, f))
            for f in fields
            if getattr(previous, f) != getattr(withdrawn, f)
        }
        if "parent_id" in changed:
            restored = Unit.objects.get(pk=changed["parent_id"][0])
            end = versions[-1].valid_to
            check_parent_alive(restored, valid_from, until=end, key="valid_from")
            if restored.pk in descendants_from(unit, valid_from):
                raise ValidationError(MSG_MOVE_DESCENDANT.format(target=restored.name))
        for attname, (old, new) in changed.items():
            for version in later:
                if getattr(version, attname) != new:
                    break
                setattr(version, attname, old)
        require_reason("withdraw", reason)
        before = unit_snapshot(unit)
        withdrawn_snapshot = version_snapshot(withdrawn)
        withdrawn.delete()
        previous.valid_to = withdrawn.valid_to
        previous.save(update_fields=["valid_to"])
        for version in later:
            version.save()
        check_no_overlap(unit)
        project_and_audit(
            actor,
            "hierarchy.unit.withdraw_change",
            unit,
            before,
            effective_date=valid_from,
            reason=reason,
            extra={"withdrawn_version": withdrawn_snapshot, "changed_fields": sorted(changed)},
        )
    return unit


@reports_missing_reason("withdraw")
def unit_withdraw_close(
    *, actor: User | None, unit: Unit, reason: str, expected_revision: int | None = None
) -> Unit:
    """Withdraw a closing date that has not yet been reached: the unit stays open."""
    lock = locked_for(actor, unit, policy.WITHDRAW_CLOSE)
    with lock.hold(expected_revision=expected_revision) as unit:
        last = ordered_versions(unit)[-1]
        parent = Unit.objects.filter(pk=last.parent_id).first() if last.parent_id is not None else None
        check_withdraw_close(unit, on=today(), parent=parent)
        assert last.valid_to is not None  # check_withdraw_close: the unit has a closing date
        require_reason("withdraw", reason)
        set_last_day(
            actor,
            "hierarchy.unit.withdraw_close",
            unit,
            last,
            None,
            reason=reason,
            effective_date=last.valid_to,
        )
    return unit
