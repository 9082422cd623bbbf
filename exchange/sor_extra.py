"""The SOR fields of a unit that the register does not model (`SorExtra`: fax, SHAK, ydernummer,
specialer, SOR's own status dates, …): their one writer, used by the SOR import.

Like every service it writes in the caller's transaction with an audit event beside the change:
"exchange.sor_extra.create" the first time a unit's SOR values are stored, and
"exchange.sor_extra.update" with the changed values before and after. When the values are what
the row holds there is no event; only the bookkeeping `imported_revision` may then move.
"""

from datetime import date

from django.contrib.auth.models import User
from django.db import transaction

from audit import services as audit
from hierarchy.models import Unit
from hierarchy.services import root_sor_id

from .models import SorExtra

SOR_EXTRA = "exchange.sor_extra"


def _plain(value):
    return value.isoformat() if isinstance(value, date) else value


def _empty(value) -> bool:
    return value in ("", None, False, [], {})


def sor_extra_save(
    *,
    actor: User | None,
    unit: Unit,
    extra: SorExtra | None,
    values: dict,
    revision: int,
    unit_written: bool,
    reason: str,
) -> bool:
    """Store SOR's values (keys of `SorExtra.EXTRA_FIELDS`) for `unit`, whose current row is
    `extra` (None if it has none yet; the caller reads them in bulk). `revision` is the unit's
    revision now: it becomes the row's `imported_revision` whenever the row is written, and the
    row is written when a value changes or when `unit_written` (the import has just written the
    unit itself, so the unit holds what SOR says). Returns whether anything was written."""
    unknown = set(values) - set(SorExtra.EXTRA_FIELDS)
    if unknown:
        raise ValueError(f"Not a SorExtra field: {sorted(unknown)}")
    if extra is None:
        changed = {k: v for k, v in values.items() if not _empty(v)}
        before = None
    else:
        changed = {k: v for k, v in values.items() if getattr(extra, k) != v}
        before = {k: _plain(getattr(extra, k)) for k in changed}
        if not changed and not (unit_written and extra.imported_revision != revision):
            return False
    with transaction.atomic():
        row = extra or SorExtra(unit=unit)
        for key, value in values.items():
            setattr(row, key, value)
        row.imported_revision = revision
        row.save()
        if changed:
            audit.record(
                actor=actor,
                action="exchange.sor_extra.create" if extra is None else "exchange.sor_extra.update",
                object_type=SOR_EXTRA,
                object_id=unit.sor_id,
                object_repr=f"SOR-tillæg for {unit.name}",
                scope_id=root_sor_id(unit),
                reason=reason,
                before=before,
                after={k: _plain(v) for k, v in changed.items()},
            )
    return True
