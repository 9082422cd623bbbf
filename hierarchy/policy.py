"""Which actions a user may take on a unit, on a day, and why not: the one statement of each rule.

Each rule is a `check_*` function that raises `PermissionDenied` (roles and scope, from
`hierarchy.permissions`) or `ValidationError` (the unit's state), with a Danish message. The
services call them, before and under their lock, so an action the GUI offers and one the service
accepts are decided by the same lines. `decide` / `decisions` turn the same checks into answers
for the GUI: the tabs Opret OE, Rediger OE, Flyt OE and Luk OE, and Historik's Tilbagetræk buttons.

Checks that depend on what the user types (the date, the new parent) beyond "is the unit still
open" stay in the services; they need the input and the rows read under the lock.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError

from . import permissions
from .dates import fmt, today
from .models import Unit
from .permissions import AnyUser

CREATE = "create"  # an OE below the unit
EDIT = "edit"
MOVE = "move"
CLOSE = "close"
WITHDRAW_CHANGE = "withdraw_change"  # a pending (future) version
WITHDRAW_CLOSE = "withdraw_close"  # a closing date not yet reached

MSG_PARENT_KIND = "En organisatorisk enhed skal ligge under en sundhedsinstitution (SI) eller en anden organisatorisk enhed (OE)."
MSG_SI_PARENT = "En sundhedsinstitution skal ligge direkte under en institutionsejer (IE)."
MSG_IE_NO_PARENT = "En institutionsejer ligger øverst og har ingen overliggende enhed."
MSG_PARENT_INACTIVE = (
    "Den overliggende enhed {parent} er ikke aktiv pr. {day}. Vælg en enhed, der er aktiv på datoen."
)
MSG_PARENT_CLOSES = "Den overliggende enhed {parent} lukker pr. {day}. Vælg en enhed, der ikke lukker."
MSG_NOT_ACTIVE = "Enheden er ikke aktiv pr. {day}."
MSG_MOVE_KIND = "Kun organisatoriske enheder kan flyttes i brugergrænsefladen."
MSG_CLOSE_KIND = "Kun organisatoriske enheder kan lukkes i brugergrænsefladen."
MSG_CLOSE_ALREADY = "Enheden er allerede lukket eller lukkes pr. {day}."
MSG_WITHDRAW_NOT_PENDING = "Der er ingen planlagt ændring pr. {day}, som kan tilbagetrækkes."
MSG_WITHDRAW_STARTED = "Ændringen pr. {day} er allerede trådt i kraft og kan ikke tilbagetrækkes."
MSG_WITHDRAW_NO_CLOSE = "Enheden har ingen planlagt lukning, som kan tilbagetrækkes."
MSG_WITHDRAW_FIRST = "Enhedens første version kan ikke tilbagetrækkes her; luk enheden i stedet."

CREATE_DEFAULT_DAYS = 7
MOVE_MIN_DAYS = 1
CLOSE_MIN_DAYS = 7
EARLIEST_DAYS = {"create": 0, "update": 0, "move": MOVE_MIN_DAYS, "close": CLOSE_MIN_DAYS}


_DATES_CHECKED_WHEN_STORED = ContextVar("sor_dates_checked_when_stored", default=False)


@contextmanager
def dates_checked_when_stored() -> Iterator[None]:
    """While a change registered earlier is carried out on its date as its author (an
    omstrukturering on its day): its dates met the author's minimums when it was registered, so
    they are not measured against today again; roles and scope are checked as they are now."""
    token = _DATES_CHECKED_WHEN_STORED.set(True)
    try:
        yield
    finally:
        _DATES_CHECKED_WHEN_STORED.reset(token)


def is_restricted(actor: AnyUser) -> bool:
    """Date minimums and scope apply to municipal administrators; SDS staff and the system
    (actor None: commands, imports, jobs) may register any date within the unit's life. Not
    within `dates_checked_when_stored` (the dates were checked when the change was stored)."""
    return actor is not None and not permissions.is_sds(actor) and not _DATES_CHECKED_WHEN_STORED.get()


def first_allowed_day(action: str, actor: AnyUser) -> date | None:
    """The date rule of R3-R5 in one place: the first day a municipal administrator may give
    `action` ("create", "update", "move", "close"): today, tomorrow for a move, today + 7 for a
    close. None for SDS and the system, who may register any date within the unit's life. The
    services refuse an earlier date with it; the date pickers start at it (`earliest_date`)."""
    if not is_restricted(actor):
        return None
    return today() + timedelta(days=EARLIEST_DAYS[action])


def earliest_date(action: str, *, actor: AnyUser, unit: Unit) -> date:
    """The first date `action` accepts on `unit` (for create: the parent), for the date pickers:
    never before the unit starts, nor before `first_allowed_day`."""
    first = first_allowed_day(action, actor)
    return unit.valid_from if first is None else max(unit.valid_from, first)


# --- the rules --------------------------------------------------------------------------------


def require_can_maintain(actor: AnyUser, unit: Unit) -> None:
    """Roles and scope for edit, move, close and withdrawals (R1, R7); None is the system."""
    if actor is not None:
        permissions.require_can_maintain(actor, unit)


def require_can_create_under(actor: AnyUser, parent: Unit | None, kind: str) -> None:
    if actor is not None:
        permissions.require_can_create_under(actor, parent, kind)


REQUIRE: dict[str, Callable[[AnyUser, Unit], None]] = {
    CREATE: lambda actor, unit: require_can_create_under(actor, unit, Unit.Kind.ORGANISATIONAL_UNIT),
    EDIT: require_can_maintain,
    MOVE: require_can_maintain,
    CLOSE: require_can_maintain,
    WITHDRAW_CHANGE: require_can_maintain,
    WITHDRAW_CLOSE: require_can_maintain,
}


def check_parent_for(kind: str, parent: Unit | None, *, key: str = "parent") -> None:
    """Where a unit of `kind` may sit: an IE on top, an SI under an IE, an OE under an SI or OE."""
    if kind == Unit.Kind.INSTITUTION_OWNER:
        if parent is not None:
            raise ValidationError({key: MSG_IE_NO_PARENT})
        return
    oe = kind == Unit.Kind.ORGANISATIONAL_UNIT
    if parent is None or (oe and parent.kind == Unit.Kind.INSTITUTION_OWNER):
        raise ValidationError({key: MSG_PARENT_KIND if oe else MSG_SI_PARENT})
    if not oe and parent.kind != Unit.Kind.INSTITUTION_OWNER:
        raise ValidationError({key: MSG_SI_PARENT})


def check_parent_alive(parent: Unit, day: date, *, until: date | None, key: str) -> None:
    """The parent must be active on `day` and stay open at least until `until` (None: forever)."""
    if not parent.in_force_on(day):
        raise ValidationError({key: MSG_PARENT_INACTIVE.format(parent=parent.name, day=fmt(day))})
    if parent.valid_to is not None and (until is None or until > parent.valid_to):
        raise ValidationError({key: MSG_PARENT_CLOSES.format(parent=parent.name, day=fmt(parent.valid_to))})


def check_open_on(unit: Unit, day: date, *, key: str) -> None:
    """The unit must be in force on `day` (an edit or a move from that day)."""
    if not unit.in_force_on(day):
        raise ValidationError({key: MSG_NOT_ACTIVE.format(day=fmt(day))})


def check_open_from(unit: Unit, day: date, *, key: str) -> None:
    """The unit must still be in force on `day` or later (not closed before `day`)."""
    if unit.valid_to is not None and unit.valid_to < day:
        raise ValidationError({key: MSG_NOT_ACTIVE.format(day=fmt(day))})


def check_movable(unit: Unit) -> None:
    if unit.kind == Unit.Kind.INSTITUTION_OWNER:
        raise ValidationError({"new_parent": MSG_IE_NO_PARENT})


def check_not_closing(unit: Unit) -> None:
    """A unit with a closing date (past or planned) cannot be closed again."""
    if unit.valid_to is not None:
        raise ValidationError({"closing_date": MSG_CLOSE_ALREADY.format(day=fmt(unit.valid_to))})


def check_withdraw_change(starts: list[date], valid_from: date, *, on: date) -> None:
    """`starts`: the first days of the unit's versions, oldest first. Only a version that has
    not yet taken effect, and not the first, can be withdrawn (the unit is closed instead)."""
    if valid_from not in starts:
        raise ValidationError(MSG_WITHDRAW_NOT_PENDING.format(day=fmt(valid_from)))
    if valid_from <= on:
        raise ValidationError(MSG_WITHDRAW_STARTED.format(day=fmt(valid_from)))
    if valid_from == starts[0]:
        raise ValidationError(MSG_WITHDRAW_FIRST)


def check_withdraw_close(unit: Unit, *, on: date, parent: Unit | None = None) -> None:
    """A closing date can be withdrawn until it has passed, unless the unit's parent (in its
    last version) closes too."""
    if unit.valid_to is None:
        raise ValidationError(MSG_WITHDRAW_NO_CLOSE)
    if unit.valid_to < on:
        raise ValidationError(MSG_WITHDRAW_STARTED.format(day=fmt(unit.valid_to)))
    if parent is not None and parent.valid_to is not None:
        raise ValidationError(MSG_PARENT_CLOSES.format(parent=parent.name, day=fmt(parent.valid_to)))


# --- answers for the GUI ----------------------------------------------------------------------


@dataclass(frozen=True)
class Decision:
    """May the action be taken? If not, `reason` says why in Danish; `permission` tells a
    refusal by role or scope (PermissionDenied) from one by the unit's state."""

    action: str
    allowed: bool
    reason: str = ""
    permission: bool = False

    def __bool__(self) -> bool:
        return self.allowed


def _state_checks(
    user: AnyUser, unit: Unit, action: str, on: date, valid_from: date | None, parent: Unit | None
) -> None:
    """The state part of each action as the GUI offers it (the OE tabs; Historik)."""
    if action == CREATE:
        check_parent_for(Unit.Kind.ORGANISATIONAL_UNIT, unit)
        check_parent_alive(unit, max(on, unit.valid_from), until=None, key="parent")
    elif action == EDIT:
        check_open_from(unit, on, key="effective_date")
    elif action == MOVE:
        check_movable(unit)
        if unit.kind != Unit.Kind.ORGANISATIONAL_UNIT:
            raise ValidationError(MSG_MOVE_KIND)
        check_open_from(unit, max(on, earliest_date("move", actor=user, unit=unit)), key="effective_date")
    elif action == CLOSE:
        if unit.kind != Unit.Kind.ORGANISATIONAL_UNIT:
            raise ValidationError(MSG_CLOSE_KIND)
        check_not_closing(unit)
    elif action == WITHDRAW_CHANGE:
        if valid_from is None:
            raise ValueError("WITHDRAW_CHANGE needs valid_from: the first day of the version")
        starts = list(unit.versions.order_by("valid_from").values_list("valid_from", flat=True))
        check_withdraw_change(starts, valid_from, on=on)
    elif action == WITHDRAW_CLOSE:
        check_withdraw_close(unit, on=on, parent=parent)
    else:
        raise ValueError(f"unknown action {action!r}")


def decide(
    user: AnyUser,
    unit: Unit,
    action: str,
    *,
    on: date | None = None,
    valid_from: date | None = None,
    parent: Unit | None = None,
) -> Decision:
    """May `user` take `action` on `unit` on day `on` (default today)? For WITHDRAW_CHANGE,
    `valid_from` names the version; for WITHDRAW_CLOSE, `parent` is the parent of the unit's
    last version (checked only when given)."""
    on = on or today()
    try:
        REQUIRE[action](user, unit)
    except PermissionDenied as exc:
        return Decision(action, False, str(exc), permission=True)
    try:
        _state_checks(user, unit, action, on, valid_from, parent)
    except ValidationError as exc:
        return Decision(action, False, " ".join(exc.messages))
    return Decision(action, True)


def decisions(user: AnyUser, unit: Unit, *, on: date | None = None) -> dict[str, Decision]:
    """The unit actions of the GUI tabs (create, edit, move, close) and their answers."""
    return {action: decide(user, unit, action, on=on) for action in (CREATE, EDIT, MOVE, CLOSE)}


def require(user: AnyUser, unit: Unit, action: str, **kwargs: Any) -> None:
    """Raise the refusal of `decide` (for a view asked for an action that is not offered)."""
    decision = decide(user, unit, action, **kwargs)
    if not decision.allowed:
        raise PermissionDenied(decision.reason)
