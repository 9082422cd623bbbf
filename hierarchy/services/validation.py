"""The input of the unit services: the attributes as typed (`UnitData`) and their checks, and
the Begrundelse rules."""

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ParamSpec, TypeVar

from django.contrib.auth.models import User
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from addresses.models import Address
from addresses.services import AddressInput, address_get_or_create
from sor_admin.text import text_problem

from .. import contact
from ..models import Unit, UnitType
from .messages import (
    MSG_ACTIVITY_ONLY_OE,
    MSG_ACTIVITY_REQUIRED,
    MSG_NAME,
    MSG_OWNER_TYPE,
    MSG_POSTAL_REQUIRED,
    MSG_REASON_REQUIRED,
    MSG_UNIT_TYPE,
    MSG_VISITING_REQUIRED,
)

# Begrundelse, one rule for every write (ARCHITECTURE.md, "Begrundelse"): whoever changes the
# register says why, whatever the action (Opret, Rediger, Flyt, Luk, Erstattet af,
# tilbagetrækning; a lokationsnummer's create, message types, EDI attributes, move and close) and
# wherever it is made (the GUI, the admin, Anmodninger, omstruktureringer, commands, imports).
# The Ændringslog is the only place that says why a unit changed, so no event shows "–". The
# services check it and the forms mark the field from it.
P = ParamSpec("P")
R = TypeVar("R")

REASON_REQUIRED = {"create": True, "update": True, "move": True, "close": True, "withdraw": True}


def reason_required(action: str) -> bool:
    return REASON_REQUIRED[action]


def reason_missing(action: str, reason: str | None) -> bool:
    return reason_required(action) and not (reason or "").strip()


def reason_problem(action: str, reason: str | None) -> ValidationError | None:
    """What is wrong with a Begrundelse for `action`, if anything: missing where the policy
    requires it, or text that may not be stored (the shared text check)."""
    if reason_missing(action, reason):
        return ValidationError(MSG_REASON_REQUIRED, code="required")
    problem = text_problem(reason or "", what="Begrundelsen", multiline=True)
    if problem:
        return ValidationError(problem, code="text")
    return None


def require_reason(action: str, reason: str | None) -> None:
    """Called after a service's other checks and before its first write (see
    `reports_missing_reason`)."""
    problem = reason_problem(action, reason)
    if problem is not None:
        raise ValidationError({"reason": [problem]})


def reports_missing_reason(action: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """A missing or unstorable Begrundelse is reported together with the rule that refused the
    same call (scope, date, parent), so one submit shows every problem. A stale revision stays
    alone (the form is started again from the stored unit anyway), and so does "no changes"."""

    def decorate(service: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(service)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            try:
                return service(*args, **kwargs)
            except ValidationError as exc:
                reason = kwargs.get("reason")
                reason_error = reason_problem(action, reason if isinstance(reason, str) else None)
                if getattr(exc, "code", None) in ("stale", "no_changes", "form_used") or reason_error is None:
                    raise
                errors: dict[str, Any] = (
                    exc.error_dict if hasattr(exc, "error_dict") else {NON_FIELD_ERRORS: exc.error_list}
                )
                if "reason" in errors:
                    raise
                raise ValidationError({**errors, "reason": [reason_error]}) from exc

        return wrapper

    return decorate


# --- input ----------------------------------------------------------------------------------


@dataclass
class UnitData:
    """The versioned attributes as typed by a user (forms, admin, import)."""

    name: str
    unit_type: UnitType | None
    phone: str = ""
    email: str = ""
    website: str = ""
    postal_address: AddressInput | None = None
    visiting_same_as_postal: bool = True
    visiting_address: AddressInput | None = None
    activity_same_as_visiting: bool = True
    activity_address: AddressInput | None = None

    @classmethod
    def from_unit(cls, unit: Unit) -> "UnitData":
        def addr(a: Address | None) -> AddressInput | None:
            return AddressInput(**a.as_dict()) if a is not None else None

        return cls(
            name=unit.name,
            unit_type=unit.unit_type,
            phone=unit.phone,
            email=unit.email,
            website=unit.website,
            postal_address=addr(unit.postal_address),
            visiting_same_as_postal=unit.visiting_same_as_postal,
            visiting_address=addr(unit.visiting_address),
            activity_same_as_visiting=unit.activity_same_as_visiting,
            activity_address=addr(unit.activity_address),
        )


def clean_data(data: UnitData, *, kind: str, strict: bool = True) -> dict[str, Any]:
    """Validate the attributes and return model field values (addresses resolved to rows).
    `strict=False` (system imports of SOR data only) makes an OE's telephone number and
    postadresse optional, since SOR lets an OE inherit both from its parent; every other check
    still applies."""
    errors: dict[str, list[str | ValidationError]] = {}

    def err(key: str, msg: str | ValidationError) -> None:
        errors.setdefault(key, []).append(msg)

    name = (data.name or "").strip()
    if problem := text_problem(name, what="Navnet"):
        err("name", problem)
    elif not (1 <= len(name) <= 60):
        err("name", MSG_NAME)
    if data.unit_type is None or data.unit_type.is_owner_type != (kind == Unit.Kind.INSTITUTION_OWNER):
        err("unit_type", MSG_OWNER_TYPE if kind == Unit.Kind.INSTITUTION_OWNER else MSG_UNIT_TYPE)

    contact_values = {"phone": data.phone, "email": data.email, "website": data.website}
    phone_required = kind == Unit.Kind.ORGANISATIONAL_UNIT and strict
    for key, contact_problem in contact.contact_problems(
        **contact_values, phone_required=phone_required
    ).items():
        err(key, contact_problem.message)
    contact_values = contact.normal_contact(**contact_values)

    postal, visiting, activity = _clean_addresses(data, kind=kind, strict=strict, err=err)

    if errors:
        raise ValidationError(errors)
    return {
        "name": name,
        "unit_type": data.unit_type,
        **contact_values,
        "postal_address": postal,
        "visiting_same_as_postal": data.visiting_same_as_postal,
        "visiting_address": visiting,
        "activity_same_as_visiting": data.activity_same_as_visiting,
        "activity_address": activity,
    }


def _clean_addresses(
    data: UnitData, *, kind: str, strict: bool, err: Callable[[str, str | ValidationError], None]
) -> tuple[Address | None, Address | None, Address | None]:
    """Post-, besøgs- and aktivitetsadresse resolved to rows (None: none, or "samme som"), each
    problem reported through `err` under the address's key."""

    def resolve(value: AddressInput, key: str) -> Address | None:
        try:
            return address_get_or_create(value, field=key)
        except ValidationError as exc:
            # Keep the ValidationError instances so their codes (e.g. "unknown_street") survive.
            for k, field_errors in exc.error_dict.items():
                for e in field_errors:
                    err(k, e)
            return None

    postal = None
    if data.postal_address is None:
        if kind == Unit.Kind.ORGANISATIONAL_UNIT and strict:
            err("postal_address", MSG_POSTAL_REQUIRED)
    else:
        postal = resolve(data.postal_address, "postal_address")

    visiting = None
    if not data.visiting_same_as_postal:
        if data.visiting_address is None:
            err("visiting_address", MSG_VISITING_REQUIRED)
        else:
            visiting = resolve(data.visiting_address, "visiting_address")

    activity = None
    if not data.activity_same_as_visiting:
        if kind != Unit.Kind.ORGANISATIONAL_UNIT:
            err("activity_address", MSG_ACTIVITY_ONLY_OE)
        elif data.activity_address is None:
            err("activity_address", MSG_ACTIVITY_REQUIRED)
        else:
            activity = resolve(data.activity_address, "activity_address")
    return postal, visiting, activity


def check_strict(actor: User | None, strict: bool) -> None:
    if not strict and actor is not None:
        raise ValueError("strict=False is reserved for system imports (actor=None)")
