""" "Erstattet af": a unit that closes is marked as replaced by another (SOR's ReplacedByEntity)."""

from datetime import timedelta

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError

from .. import policy
from ..dates import fmt
from ..models import Unit, UnitReplacement
from ..policy import check_open_on
from ..snapshots import unit_snapshot
from .locking import locked_for
from .validation import require_reason
from .versions import audit_unit

MSG_REPLACE_NOT_CLOSING = "{unit} har ingen ophørsdato. Luk enheden, før den markeres som erstattet."
MSG_REPLACE_KIND = "En enhed kan kun erstattes af en enhed på samme niveau ({kind})."
MSG_REPLACE_SELF = "En enhed kan ikke erstatte sig selv."
MSG_REPLACE_SUCCESSOR_INACTIVE = (
    "{successor} er ikke aktiv pr. {day}, dagen efter at {unit} ophører. Vælg en enhed, der er aktiv da."
)
MSG_REPLACE_EXISTS = "{unit} er allerede markeret som erstattet af {successor}."


def unit_replace(*, actor: User | None, unit: Unit, successor: Unit, reason: str = "") -> UnitReplacement:
    """Mark `unit` as replaced by `successor`: the unit must have its last valid day, and the
    successor (same level) must be in force the day after it. Both trees are locked; the roles
    are those of a change to the closed unit (R1)."""
    lock = locked_for(actor, unit, policy.EDIT)
    policy.require_can_maintain(actor, successor)
    with lock.hold(target=successor) as (unit, successor):
        policy.require_can_maintain(actor, successor)
        if successor.pk == unit.pk:
            raise ValidationError({"successor": MSG_REPLACE_SELF})
        if successor.kind != unit.kind:
            raise ValidationError(
                {"successor": MSG_REPLACE_KIND.format(kind=unit.get_kind_display().lower())}
            )
        if unit.valid_to is None:
            raise ValidationError({"unit": MSG_REPLACE_NOT_CLOSING.format(unit=unit.name)})
        day = unit.valid_to + timedelta(days=1)
        try:
            check_open_on(successor, day, key="successor")
        except ValidationError:
            raise ValidationError(
                {
                    "successor": MSG_REPLACE_SUCCESSOR_INACTIVE.format(
                        successor=successor.name, day=fmt(day), unit=unit.name
                    )
                }
            ) from None
        if UnitReplacement.objects.filter(replaced=unit, successor=successor).exists():
            raise ValidationError(
                {"successor": MSG_REPLACE_EXISTS.format(unit=unit.name, successor=successor.name)}
            )
        require_reason("update", reason)
        replacement = UnitReplacement.objects.create(replaced=unit, successor=successor, effective_date=day)
        snapshot = unit_snapshot(unit)
        audit_unit(
            actor,
            "hierarchy.unit.replace",
            unit,
            before=snapshot,
            after=snapshot,
            effective_date=day,
            reason=reason,
            extra={"replaced_by": successor.sor_id},
        )
    return replacement
