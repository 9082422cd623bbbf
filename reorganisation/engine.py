"""Carrying out a package's resolved operations through the unit services (the one writer
path: every rule is the services' own), in the caller's transaction. The check before a package
is stored runs the same operations and rolls them back (`check`)."""

from datetime import date

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from addresses.services import AddressInput
from hierarchy import services
from hierarchy.asof import versions_on
from hierarchy.models import AdministratorScope, Unit, UnitType

from .impact import impact_between, register_on
from .plan import OP_LABELS

MSG_UNKNOWN_TYPE = "Enhedstypen {code} findes ikke i klassifikationen."
MSG_NO_VERSION = "{unit} er ikke aktiv pr. {day}."
MSG_NO_SCOPE = "{user} har ikke administratoransvar for {ie}."
MSG_NO_USER = (
    "brugeren «{user}» findes ikke længere i SOR. Tilbagetræk omstruktureringen, og registrér den "
    "igen med den bruger, der skal have administratoransvaret."
)


class OperationFailed(ValidationError):
    """One operation of a package was refused; `messages` name it and the rule."""


class _DependsOnRefused(Exception):
    """The operation names a unit an earlier, refused operation was to create (only while the
    check goes on after a refusal): it is skipped, the earlier refusal says it all."""


class Run:
    """The state of one run: the units created so far (by ref) and every unit touched."""

    def __init__(self, *, actor: User | None, day: date, reason: str):
        self.actor, self.day, self.reason = actor, day, reason
        self.refs: dict[str, Unit] = {}
        self.touched: set[int] = set()

    def unit(self, selector: dict) -> Unit:
        if "ref" in selector:
            if selector["ref"] not in self.refs:
                raise _DependsOnRefused()
            return Unit.objects.get(pk=self.refs[selector["ref"]].pk)
        return Unit.objects.select_related("parent", "unit_type").get(sor_id=selector["sor_id"])

    def data_on(self, unit: Unit) -> services.UnitData:
        """The unit's attributes as they will be on the day (a later change already planned is
        kept), as the unit services take them."""
        version = versions_on(self.day).filter(unit=unit).select_related("unit_type").first()
        if version is None:
            raise ValidationError(MSG_NO_VERSION.format(unit=unit.name, day=f"{self.day:%d-%m-%Y}"))
        return services.UnitData.from_unit(version)

    # --- the operations, each one service call -------------------------------------------

    def create(self, op):
        kind = op["kind"]
        parent = self.unit(op["parent"]) if op.get("parent") else None
        data = (
            self.data_on(self.unit(op["copy_from"]))
            if op.get("copy_from")
            else services.UnitData(name="", unit_type=None)
        )
        data.name = op["name"]
        data.unit_type = _unit_type(op["unit_type"])
        for key in ("phone", "email", "website"):
            if key in op:
                setattr(data, key, op[key])
        if "postal_address" in op:
            data.postal_address = AddressInput.from_dict(op["postal_address"])
        unit = services.unit_create(
            actor=self.actor,
            kind=kind,
            parent=parent,
            data=data,
            valid_from=self.day,
            reason=self.reason,
            sor_id=op.get("sor_id"),
        )
        if op.get("ref"):
            self.refs[op["ref"]] = unit
        return unit

    def move(self, op):
        return services.unit_move(
            actor=self.actor,
            unit=self.unit(op["unit"]),
            new_parent=self.unit(op["to"]),
            effective_date=self.day,
            reason=self.reason,
            confirm_impact=True,  # the package's preview is the confirmation (R7)
        )

    def _update(self, op, **changes):
        unit = self.unit(op["unit"])
        data = self.data_on(unit)
        for key, value in changes.items():
            setattr(data, key, value)
        return services.unit_update(
            actor=self.actor, unit=unit, data=data, effective_date=self.day, reason=self.reason
        )

    def rename(self, op):
        return self._update(op, name=op["name"])

    def change_type(self, op):
        return self._update(op, unit_type=_unit_type(op["unit_type"]))

    def close(self, op):
        return services.unit_close(
            actor=self.actor,
            unit=self.unit(op["unit"]),
            closing_date=date.fromisoformat(op["last_day"]),
            reason=self.reason,
            confirm_impact=True,
        )

    def replace(self, op):
        unit = self.unit(op["unit"])
        services.unit_replace(actor=self.actor, unit=unit, successor=self.unit(op["by"]), reason=self.reason)
        return unit

    def scope_add(self, op):
        user = _user(op)
        services.administrator_scope_add(
            actor=self.actor, user=user, institution_owner=self.unit(op["ie"]), reason=self.reason
        )

    def scope_remove(self, op):
        ie = self.unit(op["ie"])
        scope = AdministratorScope.objects.filter(user=_user(op), institution_owner=ie).first()
        if scope is None:
            raise ValidationError(MSG_NO_SCOPE.format(user=op["user"], ie=ie.name))
        services.administrator_scope_remove(actor=self.actor, scope=scope, reason=self.reason)

    def do(self, op) -> None:
        unit = getattr(self, op["op"])(op)
        if isinstance(unit, Unit):
            self.touched.add(unit.pk)


def _user(op: dict):
    """The user of a scope operation: by the id kept when the package was stored (a user renamed
    since is still that user), else by name (packages stored before the id was kept). A user
    that no longer exists is a Danish refusal, never a traceback."""
    users = get_user_model().objects
    found = (
        users.filter(pk=op["user_id"]).first()
        if op.get("user_id") is not None
        else users.filter(username=op["user"]).first()
    )
    if found is None:
        raise ValidationError(MSG_NO_USER.format(user=op["user"]))
    return found


def _unit_type(code: str) -> UnitType:
    found = UnitType.objects.filter(pk=code).first()
    if found is None:
        raise ValidationError({"unit_type": MSG_UNKNOWN_TYPE.format(code=code)})
    return found


def _label(run: Run, op: dict) -> str:
    """'Operation 3 (flyt Hospital 2, 1234567)' for a refusal."""
    names = []
    for key in ("unit", "ie"):
        selector = op.get(key) or {}
        if "sor_id" in selector:
            name = Unit.objects.filter(sor_id=selector["sor_id"]).values_list("name", flat=True).first()
            names.append(f"{name} ({selector['sor_id']})")
        elif "ref" in selector:
            names.append(selector["ref"])
    if op["op"] == "create":
        names.append(op.get("name", ""))
    return f"Operation {op.get('source', '?')} ({OP_LABELS[op['op']]} {', '.join(names)})".replace(" )", ")")


def _messages(exc) -> list[str]:
    if isinstance(exc, PermissionDenied):
        return [str(exc)]
    return list(exc.messages)


def _lock_all_trees(operations: list[dict]) -> None:
    """Take every tree lock the package needs at once, in the one order `lock_trees` uses, so
    a package that moves units between many trees cannot deadlock with a single writer that
    locks two of them (the services then find their locks already held). Key 0 guards new IEs."""
    sor_ids = {
        sel["sor_id"] for op in operations for sel in op.values() if isinstance(sel, dict) and "sor_id" in sel
    }
    tree_ids = set(Unit.objects.filter(sor_id__in=sor_ids).values_list("node__tree_id", flat=True))
    services.lock_trees(0, *tree_ids)


def run_operations(
    operations: list[dict], *, actor: User | None, day: date, reason: str, keep_going: bool = False
) -> Run:
    """Carry out the operations in order through the services, in the caller's transaction.
    A refusal raises OperationFailed naming the operation; with `keep_going` (the check), each
    operation runs in its own savepoint and every refusal is collected before raising."""
    run = Run(actor=actor, day=day, reason=reason)
    _lock_all_trees(operations)
    problems: list[str] = []
    for op in operations:
        try:
            with transaction.atomic():
                run.do(op)
        except _DependsOnRefused:
            continue
        except (ValidationError, PermissionDenied) as exc:
            problems += [f"{_label(run, op)}: {m}" for m in _messages(exc)]
            if not keep_going:
                break
    if problems:
        raise OperationFailed(problems)
    return run


class _Rollback(Exception):
    def __init__(self, impact):
        self.impact = impact


def check(operations: list[dict], *, actor: User | None, day: date, reason: str) -> dict:
    """Every operation through the services as `actor`, rolled back: the impact report, or
    OperationFailed with every refusal. Nothing is kept."""
    try:
        with transaction.atomic():
            before = register_on(day)
            run_operations(operations, actor=actor, day=day, reason=reason, keep_going=True)
            raise _Rollback(impact_between(before, register_on(day), day=day, operations=operations))
    except _Rollback as done:
        return done.impact
