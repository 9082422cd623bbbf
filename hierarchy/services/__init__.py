"""Every write to the register goes through these functions (ARCHITECTURE.md, "The writer path").

Each one takes keyword-only arguments with the acting user first (None means the system: a
command or job that declared itself with `audit.context.audit_context`), checks the rules, then
writes the versions, today's projection on `Unit` and the audit event in one transaction under
a per-IE lock. Rules are raised as `ValidationError` (keyed by form field where one fits) or
`PermissionDenied`, always with a Danish message that says what to do.

The package, one job per module: `messages` (the Danish texts), `validation` (the input and the
Begrundelse rules), `locking` (tree locks, the lock-and-re-check helper), `versions` (the version
engine and today's projection), `due` (the nightly projection of changes whose day has come),
`gln` (what unit writes do to lokationsnumre), `units` (create,
update, move, close), `withdrawals`, `scopes` (administrator scopes), `replacements` ("erstattet
af"). Which actions a user may
take is `hierarchy.policy`; the day rules the callers need are re-exported here. Callers use the
names below (`from hierarchy import services; services.unit_move(...)`).
"""

from ..dates import today
from ..policy import (
    CLOSE_MIN_DAYS,
    CREATE_DEFAULT_DAYS,
    MOVE_MIN_DAYS,
    MSG_PARENT_KIND,
    earliest_date,
)
from ..selectors.details import inherited_location_number
from .due import apply_due_changes, apply_due_unit, due_unit_ids
from .gln import impact_lines, location_impact, message_types_by_code
from .locking import ActionLock, lock_trees, locked_for, locked_unit, locked_units
from .messages import (
    MSG_ACTIVITY_REQUIRED,
    MSG_CLOSE_DATE_MIN,
    MSG_DATE_PAST,
    MSG_EMAIL,
    MSG_MOVE_DATE_MIN,
    MSG_MOVE_SELF,
    MSG_NAME,
    MSG_NO_CHANGES,
    MSG_OWNER_TYPE,
    MSG_PHONE_FORMAT,
    MSG_PHONE_REQUIRED,
    MSG_POSTAL_REQUIRED,
    MSG_REASON_REQUIRED,
    MSG_STALE,
    MSG_UNIT_TYPE,
    MSG_VISITING_REQUIRED,
    MSG_WEBSITE,
    MSG_WEBSITE_LENGTH,
    ImpactConfirmationRequired,
    NoChanges,
)
from .replacements import unit_replace
from .scopes import administrator_scope_add, administrator_scope_remove
from .units import unit_close, unit_create, unit_move, unit_update
from .validation import (
    UnitData,
    reason_problem,
    reason_required,
    require_reason,
)
from .versions import root_sor_id
from .withdrawals import unit_withdraw_change, unit_withdraw_close

__all__ = [
    "CLOSE_MIN_DAYS",
    "CREATE_DEFAULT_DAYS",
    "MOVE_MIN_DAYS",
    "MSG_PARENT_KIND",
    "earliest_date",
    "today",
    "MSG_NAME",
    "MSG_UNIT_TYPE",
    "MSG_OWNER_TYPE",
    "MSG_PHONE_REQUIRED",
    "MSG_PHONE_FORMAT",
    "MSG_EMAIL",
    "MSG_WEBSITE",
    "MSG_WEBSITE_LENGTH",
    "MSG_POSTAL_REQUIRED",
    "MSG_VISITING_REQUIRED",
    "MSG_ACTIVITY_REQUIRED",
    "MSG_DATE_PAST",
    "MSG_REASON_REQUIRED",
    "MSG_STALE",
    "MSG_MOVE_DATE_MIN",
    "MSG_MOVE_SELF",
    "MSG_CLOSE_DATE_MIN",
    "MSG_NO_CHANGES",
    "ImpactConfirmationRequired",
    "NoChanges",
    "reason_required",
    "reason_problem",
    "require_reason",
    "UnitData",
    "lock_trees",
    "locked_unit",
    "locked_units",
    "ActionLock",
    "locked_for",
    "root_sor_id",
    "apply_due_changes",
    "apply_due_unit",
    "due_unit_ids",
    "impact_lines",
    "inherited_location_number",
    "location_impact",
    "message_types_by_code",
    "unit_create",
    "unit_update",
    "unit_move",
    "unit_close",
    "unit_replace",
    "unit_withdraw_change",
    "unit_withdraw_close",
    "administrator_scope_add",
    "administrator_scope_remove",
]
