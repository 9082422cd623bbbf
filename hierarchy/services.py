"""Every write to the register goes through these functions (DESIGN.md §3).

Each one takes keyword-only arguments with the acting user first (None means the system: a
command or job that declared itself with `audit.context.audit_context`), checks the rules, then
writes the versions, today's projection on `Unit` and the audit event in one transaction under
a per-IE lock. Rules are raised as `ValidationError` (keyed by form field where one fits) or
`PermissionDenied`, always with a Danish message that says what to do.
"""

import functools
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta

from django.apps import apps as django_apps
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import connection, transaction
from django.db.models import Q

from addresses.services import AddressInput, address_get_or_create
from audit import services as audit
from sor_admin.text import is_phone_text, text_problem

from . import permissions, policy
from .identifiers import gln_problem, make_sor_id, sor_id_problem
from .models import (
    AdministratorScope,
    EdiMessageType,
    IdCounter,
    LocationNumber,
    Unit,
    UnitType,
    UnitVersion,
)
from .policy import (  # noqa: F401 (the messages and day rules are part of the services' API)
    CLOSE_MIN_DAYS,
    CREATE_DEFAULT_DAYS,
    MOVE_MIN_DAYS,
    MSG_CLOSE_ALREADY,
    MSG_CLOSE_KIND,
    MSG_IE_NO_PARENT,
    MSG_MOVE_KIND,
    MSG_NOT_ACTIVE,
    MSG_PARENT_CLOSES,
    MSG_PARENT_INACTIVE,
    MSG_PARENT_KIND,
    MSG_SI_PARENT,
    MSG_WITHDRAW_FIRST,
    MSG_WITHDRAW_NO_CLOSE,
    MSG_WITHDRAW_NOT_PENDING,
    MSG_WITHDRAW_STARTED,
    check_movable,
    check_not_closing,
    check_open_on,
    check_parent_alive,
    check_parent_for,
    check_withdraw_change,
    check_withdraw_close,
    earliest_date,
    fmt,
    is_restricted,
    today,
)
from .snapshots import unit_snapshot, version_snapshot

# --- messages (those of the action rules are in hierarchy/policy.py) ------------------------

MSG_NAME = "Angiv enhedens navn (1-60 tegn)."
MSG_UNIT_TYPE = "Vælg en enhedstype fra klassifikationen."
MSG_OWNER_TYPE = "Vælg ejertype: kommune, region, privat eller stat."
MSG_PHONE_REQUIRED = "Telefonnummer er obligatorisk."
MSG_PHONE_FORMAT = "Telefonnummeret skal have 8-20 tegn og må kun indeholde cifre, mellemrum, + og -."
MSG_EMAIL = "Angiv en gyldig e-mailadresse, fx post@kommune.dk."
MSG_WEBSITE = "Angiv en gyldig hjemmeside, fx https://www.kommune.dk."
MSG_WEBSITE_LENGTH = (
    "Hjemmesiden må højst have {limit} tegn, regnet med https:// foran. Angiv en kortere adresse."
)
MSG_POSTAL_REQUIRED = "Postadresse er obligatorisk."
MSG_VISITING_REQUIRED = "Udfyld besøgsadressen, eller vælg Samme som postadresse."
MSG_ACTIVITY_REQUIRED = "Udfyld aktivitetsadressen, eller vælg Samme som besøgsadresse."
MSG_ACTIVITY_ONLY_OE = "Kun organisatoriske enheder har en aktivitetsadresse."
MSG_DATE_PAST = "Datoen må ikke ligge før dags dato ({today})."
MSG_BEFORE_START = "Enheden er først gældende fra {start}. Vælg en dato fra og med den dag."
MSG_REASON_REQUIRED = "Angiv en begrundelse."
MSG_STALE = (
    "Enheden er blevet ændret af en anden, siden du åbnede den. Dine ændringer er ikke gemt: "
    "se den nye udgave og prøv igen."
)
MSG_MOVE_DATE_MIN = "Dato for flytning skal tidligst være i morgen ({day})."
MSG_MOVE_SAME_PARENT = "Enheden ligger allerede under {parent} pr. {day}."
MSG_MOVE_SELF = "En enhed kan ikke flyttes ind under sig selv."
MSG_MOVE_DESCENDANT = "En enhed kan ikke flyttes ind under en af sine egne underenheder ({target})."
MSG_MOVE_OTHER_KOMMUNE = (
    "Flytning skal foretages inden for egen kommune. {target} hører ikke til din kommune."
)
MSG_CLOSE_DATE_MIN = "Dato for enhedens ophør skal tidligst være {day} (dags dato + 7 dage)."
MSG_CLOSE_OPEN_CHILDREN = (
    "Enheden kan ikke lukkes pr. {day}, fordi disse underenheder stadig er åbne efter datoen: "
    "{children}. Luk eller flyt dem først."
)
MSG_CLOSE_PENDING = (
    "Enheden har planlagte ændringer efter lukkedatoen (pr. {days}). Tilbagetræk dem, "
    "eller vælg en senere lukkedato."
)
MSG_IMPACT = (
    "Ændringen berører lokationsnumre og deres meddelelsestyper. Se konsekvenserne, og "
    "bekræft, at du vil fortsætte."
)
MSG_SOR_ID_TAKEN = "SOR-koden {value} er allerede i brug."
MSG_GLN_TAKEN = "Lokationsnummeret {value} er allerede i brug i SOR."
MSG_GLN_EXISTS = "Enheden har allerede lokationsnummeret {value}."
MSG_GLN_RETIRED = "Lokationsnummeret {value} har været brugt og er lukket pr. {day}; det kan ikke genbruges."
MSG_MUNICIPALITY_TAKEN = "Kommunen {name} har allerede en institutionsejer."
MSG_NO_CHANGES = "Ingen ændringer at gemme: de indtastede oplysninger er de samme som de gemte."
MSG_GLN_STALE = (
    "Lokationsnummerets meddelelsestyper er blevet ændret af en anden, siden du åbnede siden. "
    "Intet er gemt: se de nye meddelelsestyper og prøv igen."
)


# Begrundelse: required where a unit leaves its place in the tree (Flyt OE, Luk OE) or a planned
# change is undone (tilbagetrækning); optional when creating or editing (Opret OE, Rediger OE).
# The services check it and the forms mark the field from it.
REASON_REQUIRED = {"create": False, "update": False, "move": True, "close": True, "withdraw": True}


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


def _require_reason(action: str, reason: str | None) -> None:
    """Called after a service's other checks and before its first write (see
    `_reports_missing_reason`)."""
    problem = reason_problem(action, reason)
    if problem is not None:
        raise ValidationError({"reason": [problem]})


def _reports_missing_reason(action: str):
    """A missing or unstorable Begrundelse is reported together with the rule that refused the
    same call (scope, date, parent), so one submit shows every problem. A stale revision stays
    alone (the form is started again from the stored unit anyway), and so does "no changes"."""

    def decorate(service):
        @functools.wraps(service)
        def wrapper(*args, **kwargs):
            try:
                return service(*args, **kwargs)
            except ValidationError as exc:
                reason_error = reason_problem(action, kwargs.get("reason"))
                if getattr(exc, "code", None) in ("stale", "no_changes") or reason_error is None:
                    raise
                errors = exc.error_dict if hasattr(exc, "error_dict") else {NON_FIELD_ERRORS: exc.error_list}
                if "reason" in errors:
                    raise
                raise ValidationError({**errors, "reason": [reason_error]}) from exc

        return wrapper

    return decorate


class ImpactConfirmationRequired(ValidationError):
    """Raised when a move or close affects lokationsnumre and the caller has not confirmed."""

    def __init__(self, impact: dict):
        super().__init__(MSG_IMPACT, code="impact")
        self.impact = impact


class NoChanges(ValidationError):
    """Raised when a save would change nothing: nothing is written (no version, no revision, no
    audit event). A ValidationError, so a caller that does not know it still answers in Danish;
    views and the admin show it as information rather than as an error."""

    def __init__(self):
        super().__init__(MSG_NO_CHANGES, code="no_changes")


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
    def from_unit(cls, unit) -> "UnitData":
        def addr(a):
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


def _clean_data(data: UnitData, *, kind: str, strict: bool = True) -> dict:
    """Validate the attributes and return model field values (addresses resolved to rows).
    `strict=False` (system imports of SOR data only) makes an OE's telephone number and
    postadresse optional, since SOR lets an OE inherit both from its parent; every other check
    still applies."""
    errors: dict[str, list[str]] = {}

    def err(key, msg):
        errors.setdefault(key, []).append(msg)

    name = (data.name or "").strip()
    if problem := text_problem(name, what="Navnet"):
        err("name", problem)
    elif not (1 <= len(name) <= 60):
        err("name", MSG_NAME)
    if data.unit_type is None:
        err("unit_type", MSG_OWNER_TYPE if kind == Unit.Kind.INSTITUTION_OWNER else MSG_UNIT_TYPE)
    elif data.unit_type.is_owner_type != (kind == Unit.Kind.INSTITUTION_OWNER):
        err("unit_type", MSG_OWNER_TYPE if kind == Unit.Kind.INSTITUTION_OWNER else MSG_UNIT_TYPE)

    phone = " ".join((data.phone or "").split())
    if not phone:
        if kind == Unit.Kind.ORGANISATIONAL_UNIT and strict:
            err("phone", MSG_PHONE_REQUIRED)
    elif not (8 <= len(phone) <= 20) or not is_phone_text(phone):
        err("phone", MSG_PHONE_FORMAT)

    email = (data.email or "").strip()
    if problem := text_problem(email, what="E-mailadressen"):
        err("email", problem)
    elif email:
        try:
            EmailValidator()(email)
        except ValidationError:
            err("email", MSG_EMAIL)

    website = (data.website or "").strip()
    if problem := text_problem(website, what="Hjemmesiden"):
        err("website", problem)
    elif website:
        if "://" not in website:
            website = "https://" + website
        try:
            URLValidator(schemes=["http", "https"])(website)
        except ValidationError:
            err("website", MSG_WEBSITE)
        else:
            # Checked after "https://" is added: what is stored must fit the column.
            limit = Unit._meta.get_field("website").max_length
            if len(website) > limit:
                err("website", MSG_WEBSITE_LENGTH.format(limit=limit))

    def resolve(value, key):
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
    activity_same = data.activity_same_as_visiting
    if kind != Unit.Kind.ORGANISATIONAL_UNIT:
        if not activity_same:
            err("activity_address", MSG_ACTIVITY_ONLY_OE)
    elif not activity_same:
        if data.activity_address is None:
            err("activity_address", MSG_ACTIVITY_REQUIRED)
        else:
            activity = resolve(data.activity_address, "activity_address")

    if errors:
        raise ValidationError(errors)
    return {
        "name": name,
        "unit_type": data.unit_type,
        "phone": phone,
        "email": email,
        "website": website,
        "postal_address": postal,
        "visiting_same_as_postal": data.visiting_same_as_postal,
        "visiting_address": visiting,
        "activity_same_as_visiting": activity_same,
        "activity_address": activity,
    }


# --- locking and ids ------------------------------------------------------------------------

_TREE_LOCK_NS = 5011  # advisory lock namespace: one lock per MPTT tree (= per IE)
_NEW_TREE_KEY = 0  # tree id 0 is never used by MPTT; its lock guards creation of new IE trees


def lock_trees(*tree_ids: int) -> None:
    if connection.vendor != "postgresql":
        return  # SQLite serialises writers itself
    with connection.cursor() as cursor:
        for tree_id in sorted(set(tree_ids)):
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [_TREE_LOCK_NS, tree_id])


def _locked(unit: Unit) -> Unit:
    """Take the unit's tree lock and return a fresh copy read under it."""
    while True:
        lock_trees(unit.tree_id)
        fresh = Unit.objects.select_related("parent", "unit_type").get(pk=unit.pk)
        if fresh.tree_id == unit.tree_id:
            return fresh
        unit = fresh  # moved to another tree meanwhile: lock that one instead


def _next_sor_id() -> str:
    counter, _ = IdCounter.objects.select_for_update().get_or_create(
        name="sor_id", defaults={"value": 2_000_000}
    )
    while True:
        counter.value += 1
        candidate = make_sor_id(counter.value)
        if not Unit.objects.filter(sor_id=candidate).exists():
            counter.save(update_fields=["value"])
            return candidate


def _check_revision(unit: Unit, expected_revision: int | None) -> None:
    if expected_revision is not None and expected_revision != unit.revision:
        raise ValidationError(MSG_STALE, code="stale")


class ActionLock:
    """Roles and scope for `action` on `unit`, checked when made (before any lock, with the
    cheap checks of the input), then again with the revision the caller saw under the unit's
    tree lock (`hold`), since the unit may have moved or changed meanwhile. Every unit service
    uses it, so no service skips the second check."""

    def __init__(self, actor, unit: Unit | None, action: str, *, kind: str | None = None):
        self.actor, self.unit, self.action, self.kind = actor, unit, action, kind
        self._require(unit)

    def _require(self, unit: Unit | None) -> None:
        if self.action == policy.CREATE:
            policy.require_can_create_under(self.actor, unit, self.kind)
        else:
            policy.REQUIRE[self.action](self.actor, unit)

    @contextmanager
    def hold(self, *, expected_revision: int | None = None, target: Unit | None = None):
        """A transaction holding the tree lock of the unit (and of `target`, a move's new
        parent): yields the unit read afresh under it (or `(unit, target)`), re-checked. Creating
        an IE (no parent) takes the lock that guards new trees."""
        with transaction.atomic():
            if self.unit is None:
                lock_trees(_NEW_TREE_KEY)
                yield None
                return
            if target is not None:
                lock_trees(self.unit.tree_id, target.tree_id)
            unit = _locked(self.unit)
            self._require(unit)
            _check_revision(unit, expected_revision)
            yield unit if target is None else (unit, _locked(target))


def locked_for(actor, unit: Unit | None, action: str, *, kind: str | None = None) -> ActionLock:
    """Check `actor` may take `action` on `unit` now; `.hold(...)` locks and checks again."""
    return ActionLock(actor, unit, action, kind=kind)


# --- versions and projection ----------------------------------------------------------------


def _ordered_versions(unit: Unit) -> list[UnitVersion]:
    versions = list(
        UnitVersion.objects.filter(unit=unit)
        .select_related("postal_address__postal_code")
        .order_by("valid_from")
    )
    for version in versions:
        version.unit = unit  # saving a version puts the unit's SOR-kode in its search keys
    return versions


def _covering(versions: list[UnitVersion], day: date) -> UnitVersion | None:
    return next((v for v in versions if v.in_force_on(day)), None)


def _check_no_overlap(unit: Unit) -> None:
    """The service-level guard behind the PostgreSQL exclusion constraint (and its only guard on
    SQLite): a unit's periods are ordered and disjoint."""
    previous = None
    for version in _ordered_versions(unit):
        if previous is not None and (previous.valid_to is None or previous.valid_to >= version.valid_from):
            raise RuntimeError(f"overlapping versions for unit {unit.pk}")
        previous = version


def _apply_from(unit: Unit, day: date, changes: dict, *, actor, reason: str) -> dict | None:
    """Make `changes` (field -> value) hold from `day` onwards. The version in force on `day` is
    split there; the change then carries forward through later versions until one that had
    already scheduled its own change of that field.

    When a version starts on `day` itself there is nothing to split: that version is corrected
    in place. It keeps who registered it and why; the correction is returned (the version's
    start and its changed values before and after) for the audit event, from which Historik
    shows it."""
    versions = _ordered_versions(unit)
    covering = _covering(versions, day)
    if covering is None:
        raise ValidationError(MSG_NOT_ACTIVE.format(day=fmt(day)))
    old_values = {name: getattr(covering, name) for name in changes}
    corrected_before = None
    if covering.valid_from < day:
        tail = UnitVersion(
            unit=unit,
            parent_id=covering.parent_id,
            valid_from=day,
            valid_to=covering.valid_to,
            created_by=actor if actor is not None and actor.pk else None,
            reason=reason,
            **{name: getattr(covering, name) for name in Unit.VERSIONED_FIELDS},
        )
        covering.valid_to = day - timedelta(days=1)
        covering.save(update_fields=["valid_to"])
        tail.save()
        later = [tail] + [v for v in versions if v.valid_from > day]
    else:
        corrected_before = version_snapshot(covering)
        later = [covering] + [v for v in versions if v.valid_from > day]
    for name, value in changes.items():
        for version in later:
            if version is not later[0] and getattr(version, name) != old_values[name]:
                break
            setattr(version, name, value)
    for version in later:
        version.applied = False
        version.save()
    _check_no_overlap(unit)
    if corrected_before is None:
        return None
    corrected_after = version_snapshot(covering)
    keys = [k for k in corrected_after if corrected_after[k] != corrected_before[k]]
    return {
        "valid_from": covering.valid_from.isoformat(),
        "before": {k: corrected_before[k] for k in keys},
        "after": {k: corrected_after[k] for k in keys},
    }


def _project(unit: Unit, on: date) -> None:
    """Write the version in force on `on` (or the first one, for a unit not yet started; or the
    last one, for a closed unit) onto the Unit row, moving it in the MPTT tree if needed."""
    versions = _ordered_versions(unit)
    current = _covering(versions, on)
    if current is None:
        current = versions[0] if on < versions[0].valid_from else versions[-1]
    for name in Unit.VERSIONED_FIELDS:
        attname = Unit._meta.get_field(name).attname
        setattr(unit, attname, getattr(current, attname))
    unit.valid_from = versions[0].valid_from
    unit.valid_to = versions[-1].valid_to
    if unit.parent_id != current.parent_id:
        unit.parent_id = current.parent_id
    unit.revision += 1
    unit.save()
    UnitVersion.objects.filter(unit=unit, valid_from__lte=on, applied=False).update(applied=True)


# --- checks shared by the services ----------------------------------------------------------


def root_sor_id(unit: Unit) -> str:
    """The SOR-ID of the unit's IE, recorded on audit events so a kommune's changes can be found."""
    return Unit.objects.filter(tree_id=unit.tree_id, level=0).values_list("sor_id", flat=True).first() or ""


def _audit(actor, action: str, unit: Unit, *, before, after, effective_date, reason, extra=None):
    if extra:
        after = {**(after or {}), **extra}
    audit.record(
        actor=actor,
        action=action,
        object_type="hierarchy.unit",
        object_id=unit.sor_id,
        object_repr=unit.name,
        scope_id=root_sor_id(unit),
        effective_date=effective_date,
        reason=reason,
        before=before,
        after=after,
    )


def _check_strict(actor, strict: bool) -> None:
    if not strict and actor is not None:
        raise ValueError("strict=False is reserved for system imports (actor=None)")


# --- create ---------------------------------------------------------------------------------


@_reports_missing_reason("create")
def unit_create(
    *,
    actor,
    kind: str,
    parent: Unit | None,
    data: UnitData,
    valid_from: date | None = None,
    reason: str = "",
    sor_id: str | None = None,
    owner_type: UnitType | None = None,
    municipality=None,
    is_municipal_communication: bool = False,
    strict: bool = True,
) -> Unit:
    """Create an IE, SI or OE (R1, R2). Municipal administrators create only OEs under their own
    kommune, from today at the earliest; the default date is today + 7. `strict=False` is for
    system imports only (see `_clean_data`)."""
    _check_strict(actor, strict)
    lock = locked_for(actor, parent, policy.CREATE, kind=kind)
    if valid_from is None:
        valid_from = today() + timedelta(days=CREATE_DEFAULT_DAYS)
    if is_restricted(actor) and valid_from < today():
        raise ValidationError({"valid_from": MSG_DATE_PAST.format(today=fmt(today()))})
    if sor_id is not None:
        problem = sor_id_problem(sor_id)
        if problem:
            raise ValidationError({"sor_id": problem})
    check_parent_for(kind, parent)
    if kind == Unit.Kind.INSTITUTION_OWNER and owner_type is None:
        owner_type = data.unit_type

    with lock.hold() as parent:
        if parent is not None:
            check_parent_alive(parent, valid_from, until=None, key="parent")
        else:
            if municipality is not None and Unit.objects.filter(municipality=municipality).exists():
                raise ValidationError({"municipality": MSG_MUNICIPALITY_TAKEN.format(name=municipality.name)})
        values = _clean_data(data, kind=kind, strict=strict)
        _require_reason("create", reason)
        if sor_id is None:
            sor_id = _next_sor_id()
        elif Unit.objects.filter(sor_id=sor_id).exists():
            raise ValidationError({"sor_id": MSG_SOR_ID_TAKEN.format(value=sor_id)})
        unit = Unit(
            sor_id=sor_id,
            kind=kind,
            parent=parent,
            owner_type=owner_type if kind == Unit.Kind.INSTITUTION_OWNER else None,
            municipality=municipality if kind == Unit.Kind.INSTITUTION_OWNER else None,
            valid_from=valid_from,
            is_municipal_communication=is_municipal_communication,
            **values,
        )
        unit.save()
        UnitVersion.objects.create(
            unit=unit,
            parent=parent,
            valid_from=valid_from,
            created_by=actor if actor is not None and actor.pk else None,
            reason=reason,
            applied=valid_from <= today(),
            **values,
        )
        _audit(
            actor,
            "hierarchy.unit.create",
            unit,
            before=None,
            after=unit_snapshot(unit),
            effective_date=valid_from,
            reason=reason,
        )
    return unit


# --- update ---------------------------------------------------------------------------------


@_reports_missing_reason("update")
def unit_update(
    *,
    actor,
    unit: Unit,
    data: UnitData,
    effective_date: date | None = None,
    reason: str = "",
    expected_revision: int | None = None,
    strict: bool = True,
) -> Unit:
    """Change the attributes from a date (R3, default today) as a new version; the former
    version stays in the history. `strict=False` is for system imports only (see `_clean_data`)."""
    _check_strict(actor, strict)
    lock = locked_for(actor, unit, policy.EDIT)
    if effective_date is None:
        effective_date = today()
    if is_restricted(actor) and effective_date < today():
        raise ValidationError({"effective_date": MSG_DATE_PAST.format(today=fmt(today()))})
    with lock.hold(expected_revision=expected_revision) as unit:
        if effective_date < unit.valid_from:
            raise ValidationError({"effective_date": MSG_BEFORE_START.format(start=fmt(unit.valid_from))})
        check_open_on(unit, effective_date, key="effective_date")
        values = _clean_data(data, kind=unit.kind, strict=strict)
        covering = _covering(_ordered_versions(unit), effective_date)
        changes = {k: v for k, v in values.items() if getattr(covering, k) != v}
        if not changes:
            raise NoChanges()
        _require_reason("update", reason)
        before = unit_snapshot(unit)
        corrected = _apply_from(unit, effective_date, changes, actor=actor, reason=reason)
        _project(unit, today())
        extra = {"changed_fields": sorted(changes)}
        if corrected is not None:
            extra["corrected_version"] = corrected
        _audit(
            actor,
            "hierarchy.unit.update",
            unit,
            before=before,
            after=unit_snapshot(unit),
            effective_date=effective_date,
            reason=reason,
            extra=extra,
        )
    return unit


# --- lokationsnummer impact (R6, R7) --------------------------------------------------------


def inherited_location_number(unit: Unit) -> LocationNumber | None:
    """The unit's own lokationsnummer, else the nearest ancestor's (R6)."""
    ancestors = unit.ancestors(include_self=True)
    return (
        LocationNumber.objects.filter(unit__in=ancestors)
        .select_related("unit")
        .order_by("-unit__level")
        .first()
    )


def _inheritors(unit: Unit) -> list[Unit]:
    """Descendants that inherit their lokationsnummer through `unit` (no own GLN on the way)."""
    descendants = list(unit.get_descendants().select_related("location_number"))
    carriers = [d for d in descendants if hasattr(d, "location_number")]
    return [
        d
        for d in descendants
        if not hasattr(d, "location_number") and not any(c.lft < d.lft and d.rght < c.rght for c in carriers)
    ]


def _gln_info(number: LocationNumber | None) -> dict | None:
    if number is None:
        return None
    return {
        "gln": number.gln,
        "unit": number.unit.name,
        "unit_sor_id": number.unit.sor_id,
        "message_types": [str(t) for t in number.message_types.all()],
    }


def location_impact(unit: Unit, *, new_parent: Unit | None = None, closing: bool = False) -> dict | None:
    """What a move (to new_parent) or a close does to lokationsnumre; None when nothing."""
    own = getattr(unit, "location_number", None) if hasattr(unit, "location_number") else None
    inheritors = _inheritors(unit)
    impact = {
        "own": _gln_info(own),
        "before": None,
        "after": None,
        "subunits": [{"name": u.name, "sor_id": u.sor_id} for u in inheritors] if own else [],
    }
    if own is not None:
        return impact
    if closing:
        return None
    before = inherited_location_number(unit)
    after = inherited_location_number(new_parent) if new_parent is not None else None
    if (before and before.pk) == (after and after.pk):
        return None
    impact["before"] = _gln_info(before)
    impact["after"] = _gln_info(after)
    impact["subunits"] = [{"name": unit.name, "sor_id": unit.sor_id}] + [
        {"name": u.name, "sor_id": u.sor_id} for u in inheritors
    ]
    return impact


# --- move -----------------------------------------------------------------------------------


def _descendants_from(unit: Unit, day: date) -> set[int]:
    """Ids of every unit that is below `unit` in any version in force on or after `day`."""
    found: set[int] = set()
    frontier = {unit.pk}
    while frontier:
        children = set(
            UnitVersion.objects.filter(parent_id__in=frontier)
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
            .values_list("unit_id", flat=True)
        )
        frontier = children - found - {unit.pk}
        found |= frontier
    return found


@_reports_missing_reason("move")
def unit_move(
    *,
    actor,
    unit: Unit,
    new_parent: Unit,
    effective_date: date,
    reason: str,
    confirm_impact: bool = False,
    expected_revision: int | None = None,
    validate_only: bool = False,
) -> Unit:
    """Give the unit a new parent from a date (R4). For municipal administrators: an OE of their
    own kommune, moved under an SI/OE of the same kommune, from tomorrow at the earliest. Where
    lokationsnumre are affected the caller must confirm the impact (R7). `validate_only` runs
    every check and writes nothing (the GUI reports the rules beside a form's own errors)."""
    lock = locked_for(actor, unit, policy.MOVE)
    if is_restricted(actor):
        earliest = today() + timedelta(days=MOVE_MIN_DAYS)
        if effective_date < earliest:
            raise ValidationError({"effective_date": MSG_MOVE_DATE_MIN.format(day=fmt(earliest))})
    with lock.hold(expected_revision=expected_revision, target=new_parent) as (unit, new_parent):
        if actor is not None:
            if not permissions.is_sds(actor) and not permissions.in_scope(actor, new_parent):
                raise ValidationError({"new_parent": MSG_MOVE_OTHER_KOMMUNE.format(target=new_parent.name)})
            if not permissions.may_place_under(actor, new_parent):
                raise ValidationError(
                    {"new_parent": permissions.MSG_COMMUNICATION_PARENT.format(unit=new_parent.name)}
                )
        check_movable(unit)
        if new_parent.pk == unit.pk:
            raise ValidationError({"new_parent": MSG_MOVE_SELF})
        check_parent_for(unit.kind, new_parent, key="new_parent")
        if effective_date < unit.valid_from:
            raise ValidationError({"effective_date": MSG_BEFORE_START.format(start=fmt(unit.valid_from))})
        check_open_on(unit, effective_date, key="effective_date")
        if new_parent.pk in _descendants_from(unit, effective_date):
            raise ValidationError({"new_parent": MSG_MOVE_DESCENDANT.format(target=new_parent.name)})
        check_parent_alive(new_parent, effective_date, until=unit.valid_to, key="new_parent")
        covering = _covering(_ordered_versions(unit), effective_date)
        if covering.parent_id == new_parent.pk:
            raise ValidationError(
                {"new_parent": MSG_MOVE_SAME_PARENT.format(parent=new_parent.name, day=fmt(effective_date))}
            )
        _require_reason("move", reason)
        impact = location_impact(unit, new_parent=new_parent)
        if impact is not None and not confirm_impact:
            raise ImpactConfirmationRequired(impact)
        if validate_only:
            return unit
        before = unit_snapshot(unit)
        from_parent = covering.parent.sor_id if covering.parent_id else None
        corrected = _apply_from(
            unit, effective_date, {"parent_id": new_parent.pk}, actor=actor, reason=reason
        )
        _project(unit, today())
        extra = {"from_parent": from_parent, "to_parent": new_parent.sor_id, "impact": impact}
        if corrected is not None:
            extra["corrected_version"] = corrected
        _audit(
            actor,
            "hierarchy.unit.move",
            unit,
            before=before,
            after=unit_snapshot(unit),
            effective_date=effective_date,
            reason=reason,
            extra=extra,
        )
    return unit


# --- close ----------------------------------------------------------------------------------


@_reports_missing_reason("close")
def unit_close(
    *,
    actor,
    unit: Unit,
    closing_date: date | None = None,
    reason: str,
    confirm_impact: bool = False,
    expected_revision: int | None = None,
    validate_only: bool = False,
) -> Unit:
    """Close the unit: `closing_date` is its last valid day (R5; default and earliest today + 7
    for municipal administrators). Refused while sub-units stay open after the date.
    `validate_only` runs every check and writes nothing, so the GUI asks for confirmation only
    of a close that can succeed."""
    lock = locked_for(actor, unit, policy.CLOSE)
    earliest = today() + timedelta(days=CLOSE_MIN_DAYS)
    if closing_date is None:
        closing_date = earliest
    if is_restricted(actor) and closing_date < earliest:
        raise ValidationError({"closing_date": MSG_CLOSE_DATE_MIN.format(day=fmt(earliest))})
    with lock.hold(expected_revision=expected_revision) as unit:
        check_not_closing(unit)
        if closing_date < unit.valid_from:
            raise ValidationError({"closing_date": MSG_BEFORE_START.format(start=fmt(unit.valid_from))})
        open_children = (
            Unit.objects.filter(
                pk__in=UnitVersion.objects.filter(parent=unit)
                .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=closing_date))
                .values("unit_id")
            )
            .exclude(pk=unit.pk)
            .order_by("name")
        )
        if open_children:
            names = ", ".join(f"{c.name} ({c.sor_id})" for c in open_children)
            raise ValidationError(
                {"closing_date": MSG_CLOSE_OPEN_CHILDREN.format(day=fmt(closing_date), children=names)}
            )
        versions = _ordered_versions(unit)
        pending = [v for v in versions if v.valid_from > closing_date]
        if pending:
            raise ValidationError(
                {"closing_date": MSG_CLOSE_PENDING.format(days=", ".join(fmt(v.valid_from) for v in pending))}
            )
        _require_reason("close", reason)
        impact = location_impact(unit, closing=True)
        if impact is not None and not confirm_impact:
            raise ImpactConfirmationRequired(impact)
        if validate_only:
            return unit
        before = unit_snapshot(unit)
        last = versions[-1]
        last.valid_to = closing_date
        last.save(update_fields=["valid_to"])
        _project(unit, today())
        _audit(
            actor,
            "hierarchy.unit.close",
            unit,
            before=before,
            after=unit_snapshot(unit),
            effective_date=closing_date,
            reason=reason,
            extra={"impact": impact},
        )
    return unit


# --- scheduled projection -------------------------------------------------------------------


def apply_due_changes(*, on: date | None = None) -> int:
    """Bring today's projection up to date with every version that has taken effect. Safe to run
    twice or concurrently: each unit is handled under its tree lock and re-checked there."""
    on = on or today()
    due_units = list(
        UnitVersion.objects.filter(applied=False, valid_from__lte=on)
        .values_list("unit_id", flat=True)
        .distinct()
    )
    applied = 0
    for unit_id in due_units:
        with transaction.atomic():
            unit = _locked(Unit.objects.only("pk", "tree_id").get(pk=unit_id))
            if not UnitVersion.objects.filter(unit=unit, applied=False, valid_from__lte=on).exists():
                continue
            before = unit_snapshot(unit)
            _project(unit, on)
            audit.record(
                actor=None,
                actor_name="system:apply_due_changes",
                action="hierarchy.unit.apply_due",
                object_type="hierarchy.unit",
                object_id=unit.sor_id,
                object_repr=unit.name,
                scope_id=root_sor_id(unit),
                effective_date=on,
                reason="Planlagt ændring er trådt i kraft.",
                before=before,
                after=unit_snapshot(unit),
            )
            applied += 1
    return applied


# --- lokationsnumre and EDI (R6) ------------------------------------------------------------


def _gln_snapshot(number: LocationNumber) -> dict:
    return {
        "gln": number.gln,
        "unit": number.unit.sor_id,
        "message_types": sorted(t.urn for t in number.message_types.all()),
    }


def _gln_closure(gln: str):
    """SDS's closing record of `gln`, if it was ever closed: a closed GLN is never handed out
    again (GS1). The record lives in the exchange app, which closes GLNs; looked up by name so
    the register does not import the exchange app."""
    if not django_apps.is_installed("exchange"):
        return None
    closure_model = django_apps.get_model("exchange", "LocationNumberClosure")
    return closure_model.objects.filter(gln=gln).first()


def location_number_create(
    *, actor, unit: Unit, gln: str, message_types=(), reason: str = "", **attributes
) -> LocationNumber:
    if actor is not None:
        permissions.require_can_manage_location_numbers(actor)
    problem = gln_problem(gln)
    if problem:
        raise ValidationError({"gln": problem})
    with transaction.atomic():
        unit = _locked(unit)
        if LocationNumber.objects.filter(gln=gln).exists():
            raise ValidationError({"gln": MSG_GLN_TAKEN.format(value=gln)})
        closure = _gln_closure(gln)
        if closure is not None:
            raise ValidationError({"gln": MSG_GLN_RETIRED.format(value=gln, day=fmt(closure.closing_date))})
        existing = LocationNumber.objects.filter(unit=unit).first()
        if existing is not None:
            raise ValidationError({"unit": MSG_GLN_EXISTS.format(value=existing.gln)})
        number = LocationNumber.objects.create(gln=gln, unit=unit, **attributes)
        number.message_types.set(message_types)
        audit.record(
            actor=actor,
            action="hierarchy.location_number.create",
            object_type="hierarchy.location_number",
            object_id=gln,
            object_repr=f"{gln} på {unit.name}",
            scope_id=root_sor_id(unit),
            reason=reason,
            before=None,
            after=_gln_snapshot(number),
        )
    return number


def location_number_set_message_types(
    *,
    actor,
    location_number: LocationNumber,
    message_types,
    reason: str = "",
    expected_message_types=None,
) -> LocationNumber:
    """Replace the number's message types. `expected_message_types` (the ids the caller saw when
    it opened the number) guards against overwriting someone else's newer change."""
    if actor is not None:
        permissions.require_can_manage_message_types(actor)
    with transaction.atomic():
        unit = _locked(location_number.unit)
        number = LocationNumber.objects.select_for_update().get(pk=location_number.pk)
        current = set(number.message_types.values_list("pk", flat=True))
        if expected_message_types is not None and set(expected_message_types) != current:
            raise ValidationError(MSG_GLN_STALE, code="stale")
        message_types = list(message_types)
        if {t.pk for t in message_types} == current:
            raise NoChanges()
        before = _gln_snapshot(number)
        number.message_types.set(message_types)
        audit.record(
            actor=actor,
            action="hierarchy.location_number.set_message_types",
            object_type="hierarchy.location_number",
            object_id=number.gln,
            object_repr=f"{number.gln} på {unit.name}",
            scope_id=root_sor_id(unit),
            reason=reason,
            before=before,
            after=_gln_snapshot(number),
        )
    return number


def message_types_by_code(*codes: str) -> list[EdiMessageType]:
    """The newest listed version of each named message type (e.g. "XDIS19")."""
    found = []
    for code in codes:
        match = EdiMessageType.objects.filter(code=code).order_by("-version").first()
        if match is None:
            raise ValidationError(f"Ukendt meddelelsestype: {code}")
        found.append(match)
    return found


# --- administrator scopes -------------------------------------------------------------------

MSG_SCOPE_IE = "Administratoransvar gives for en institutionsejer (IE)."


def _scope_snapshot(scope: AdministratorScope) -> dict:
    return {"user": scope.user.get_username(), "institution_owner": scope.institution_owner.sor_id}


def _audit_scope(actor, action: str, scope: AdministratorScope, reason: str, *, before, after) -> None:
    audit.record(
        actor=actor,
        action=action,
        object_type="hierarchy.administrator_scope",
        object_id=f"{scope.user_id}:{scope.institution_owner.sor_id}",
        object_repr=f"{scope.user.get_username()} → {scope.institution_owner.name}",
        scope_id=scope.institution_owner.sor_id,
        reason=reason,
        before=before,
        after=after,
    )


def administrator_scope_add(*, actor, user, institution_owner: Unit, reason: str = "") -> AdministratorScope:
    """Make `user` a municipal administrator of the IE (SDS only)."""
    if actor is not None:
        permissions.require_sds(actor)
    if institution_owner.kind != Unit.Kind.INSTITUTION_OWNER:
        raise ValidationError({"institution_owner": MSG_SCOPE_IE})
    with transaction.atomic():
        scope, created = AdministratorScope.objects.get_or_create(
            user=user, institution_owner=institution_owner
        )
        if created:
            _audit_scope(
                actor, "hierarchy.scope.add", scope, reason, before=None, after=_scope_snapshot(scope)
            )
    return scope


def administrator_scope_remove(*, actor, scope: AdministratorScope, reason: str = "") -> None:
    if actor is not None:
        permissions.require_sds(actor)
    with transaction.atomic():
        _audit_scope(
            actor, "hierarchy.scope.remove", scope, reason, before=_scope_snapshot(scope), after=None
        )
        scope.delete()


# --- withdrawing pending changes ------------------------------------------------------------


@_reports_missing_reason("withdraw")
def unit_withdraw_change(
    *, actor, unit: Unit, valid_from: date, reason: str, expected_revision: int | None = None
) -> Unit:
    """Withdraw a pending (future) change: the fields it changed return to their former values
    from its date on, as far as later changes had carried them; the version disappears from
    the projection and stays in the audit trail."""
    lock = locked_for(actor, unit, policy.WITHDRAW_CHANGE)
    with lock.hold(expected_revision=expected_revision) as unit:
        versions = _ordered_versions(unit)
        starts = [v.valid_from for v in versions]
        check_withdraw_change(starts, valid_from, on=today())
        index = starts.index(valid_from)
        previous, withdrawn, later = versions[index - 1], versions[index], versions[index + 1 :]
        fields = [Unit._meta.get_field(n).attname for n in Unit.VERSIONED_FIELDS] + ["parent_id"]
        changed = {
            f: (getattr(previous, f), getattr(withdrawn, f))
            for f in fields
            if getattr(previous, f) != getattr(withdrawn, f)
        }
        if "parent_id" in changed:
            restored = Unit.objects.get(pk=changed["parent_id"][0])
            end = versions[-1].valid_to
            check_parent_alive(restored, valid_from, until=end, key="valid_from")
            if restored.pk in _descendants_from(unit, valid_from):
                raise ValidationError(MSG_MOVE_DESCENDANT.format(target=restored.name))
        for attname, (old, new) in changed.items():
            for version in later:
                if getattr(version, attname) != new:
                    break
                setattr(version, attname, old)
        _require_reason("withdraw", reason)
        before = unit_snapshot(unit)
        withdrawn_snapshot = version_snapshot(withdrawn)
        withdrawn.delete()
        previous.valid_to = withdrawn.valid_to
        previous.save(update_fields=["valid_to"])
        for version in later:
            version.save()
        _check_no_overlap(unit)
        _project(unit, today())
        _audit(
            actor,
            "hierarchy.unit.withdraw_change",
            unit,
            before=before,
            after=unit_snapshot(unit),
            effective_date=valid_from,
            reason=reason,
            extra={"withdrawn_version": withdrawn_snapshot, "changed_fields": sorted(changed)},
        )
    return unit


@_reports_missing_reason("withdraw")
def unit_withdraw_close(*, actor, unit: Unit, reason: str, expected_revision: int | None = None) -> Unit:
    """Withdraw a closing date that has not yet been reached: the unit stays open."""
    lock = locked_for(actor, unit, policy.WITHDRAW_CLOSE)
    with lock.hold(expected_revision=expected_revision) as unit:
        last = _ordered_versions(unit)[-1]
        check_withdraw_close(unit, on=today(), parent=Unit.objects.filter(pk=last.parent_id).first())
        _require_reason("withdraw", reason)
        before = unit_snapshot(unit)
        closing_date = last.valid_to
        last.valid_to = None
        last.save(update_fields=["valid_to"])
        _project(unit, today())
        _audit(
            actor,
            "hierarchy.unit.withdraw_close",
            unit,
            before=before,
            after=unit_snapshot(unit),
            effective_date=closing_date,
            reason=reason,
        )
    return unit
