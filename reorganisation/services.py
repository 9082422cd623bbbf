"""The omstrukturering's services: store a package (checked whole first), apply it on its date
in one transaction, withdraw it before then. Every unit write goes through `hierarchy.services`
(via `engine`); each of these writes its own package event in the same transaction."""

import logging
from datetime import date

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from audit import services as audit
from audit.models import AuditEvent
from hierarchy import policy, services
from hierarchy.policy import fmt, today
from sor_admin import submissions
from sor_admin.text import text_problem

from . import policy as reorganisation_policy
from .audit_actions import PACKAGE
from .engine import OperationFailed, check, run_operations
from .models import Reorganisation
from .plan import Plan, where
from .resolve import resolve

logger = logging.getLogger(__name__)

MSG_TOO_LONG = "{noun} må højst have {limit} tegn (planen har {length})."
MSG_CASE_TAKEN = "Sagsnummeret {case} bruges allerede af omstruktureringen «{name}»."
MSG_NOT_PENDING = "Omstruktureringen er {status} og kan ikke ændres."
MSG_WITHDRAW_STARTED = "Omstruktureringen gælder fra {day} og er trådt i kraft; den kan ikke tilbagetrækkes."
MSG_APPLY_FAILED = (
    "Omstrukturering {case} ({name}) kunne ikke gennemføres pr. {day}; intet af den er gennemført."
)
MSG_UNEXPECTED = (
    "Omstruktureringen kunne ikke gennemføres på grund af en uventet fejl ({error}); intet af "
    "den er gennemført, og resten af nattens ændringer er gennemført. Fejlen er logget: kontakt "
    "driften med sagsnummeret."
)
MSG_AUTHOR_GONE = (
    "Brugeren, der registrerede omstruktureringen, findes ikke længere, så omstruktureringen kan "
    "ikke gennemføres med vedkommendes rettigheder. Tilbagetræk den, og registrér den igen."
)


def unit_reason(package) -> str:
    """The Begrundelse on every unit event of the package: its case number first, so the audit
    of each unit names the case."""
    return f"Omstrukturering {package.case_number} ({package.name}): {package.reason}"


def _snapshot(package: Reorganisation) -> dict:
    return {
        "name": package.name,
        "case_number": package.case_number,
        "effective_date": package.effective_date.isoformat(),
        "status": package.status,
        "operations": len(package.operations),
    }


def _audit(actor: User | None, action: str, package: Reorganisation, *, before, after, reason: str) -> None:
    audit.record(
        actor=actor,
        actor_name="" if actor is not None else "system:omstrukturering",
        action=action,
        object_type=PACKAGE,
        object_id=package.case_number,
        object_repr=package.name,
        scope_id="",
        effective_date=package.effective_date,
        reason=reason,
        before=before,
        after=after,
    )


def _strings(value, key: str = ""):
    if isinstance(value, str):
        yield key, value
    elif isinstance(value, dict):
        for name, item in value.items():
            yield from _strings(item, name)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item, key)


def _operation_text_problems(plan: Plan) -> list[str]:
    """The text check on every text of every operation (a SOR-kode, a user name, a new name)
    before any of them is looked up: control characters such as NUL are refused in Danish here
    rather than by the database."""
    problems = []
    for index, op in enumerate(plan.operations, start=1):
        for key, value in _strings(op):
            if problem := text_problem(value, what=f"{where(index, op)}: «{key}»"):
                problems.append(problem)
    return problems


def reorganisation_preview(*, actor: User | None, plan: Plan) -> tuple[list[dict], dict]:
    """The plan resolved against the register and checked whole, as `actor`, on its date:
    (operations, impact). Raises ValidationError listing every refusal; writes nothing."""
    reorganisation_policy.require_author(actor)
    problems = [
        p for key in ("name", "case_number") if (p := text_problem(getattr(plan, key), what="Teksten"))
    ]
    for key, noun in (("name", "Navnet"), ("case_number", "Sagsnummeret")):
        limit, value = Reorganisation._meta.get_field(key).max_length, getattr(plan, key)
        if len(value) > limit:
            problems.append(MSG_TOO_LONG.format(noun=noun, limit=limit, length=len(value)))
    if p := text_problem(plan.reason, what="Begrundelsen", multiline=True):
        problems.append(p)
    problems += _operation_text_problems(plan)
    if problems:
        raise ValidationError(problems)
    taken = Reorganisation.objects.filter(case_number=plan.case_number).exclude(
        status=Reorganisation.Status.WITHDRAWN
    )
    if taken.exists():
        raise ValidationError(MSG_CASE_TAKEN.format(case=plan.case_number, name=taken.first().name))
    operations = resolve(plan)
    reason = unit_reason(plan)
    impact = check(operations, actor=actor, day=plan.effective_date, reason=reason)
    return operations, impact


STORED = "reorganisation.package.create"


def reorganisation_store(*, actor: User | None, plan: Plan, form_key: str | None = None) -> Reorganisation:
    """Check the plan whole (`reorganisation_preview`) and store it as a pending package, with
    its `reorganisation.package.create` event. Nothing is stored when any operation is refused.

    `form_key` is the key of the previewed page's form: a second submit of it stores nothing and
    raises `AlreadySubmitted` with the first one's package id (`sor_admin.submissions`; the key
    is claimed in the transaction that stores the package, so parallel submits store one). A
    sagsnummer is held by one pending package at a time: the check before, and the database's
    constraint for two stores at once (`MSG_CASE_TAKEN`)."""
    submissions.check(actor, form_key, STORED)
    try:
        operations, impact = reorganisation_preview(actor=actor, plan=plan)
    except ValidationError:
        # Refused because the same form's other submit has just stored it (its sagsnummer is
        # taken now): answer as that one was answered.
        submissions.check(actor, form_key, STORED)
        raise
    try:
        with transaction.atomic():
            claimed = submissions.claim(actor, form_key, STORED)
            package = Reorganisation.objects.create(
                name=plan.name,
                case_number=plan.case_number,
                reason=plan.reason,
                effective_date=plan.effective_date,
                operations=operations,
                impact=impact,
                created_by=actor if actor is not None and actor.pk else None,
            )
            _audit(actor, STORED, package, before=None, after=_snapshot(package), reason=plan.reason)
            submissions.done(claimed, str(package.pk))
    except IntegrityError:
        taken = Reorganisation.objects.filter(
            case_number=plan.case_number, status=Reorganisation.Status.PENDING
        ).first()
        if taken is None:
            raise
        raise ValidationError(
            MSG_CASE_TAKEN.format(case=plan.case_number, name=taken.name), code="case_taken"
        ) from None
    return package


def reorganisation_apply(*, package: Reorganisation, on: date | None = None) -> Reorganisation:
    """Carry out the package on `on` (default today; its date must have come) in one
    transaction: the operations through the unit services as its author, with the author's
    roles and scope as they are now (`_author`; the system for a package stored by a command),
    today's projection of every unit it touched, the package event. On any refusal, or any
    unexpected error, nothing is kept, the package stays pending with the refusal in
    `last_error` (audited once per distinct refusal), and OperationFailed is raised. Returns the
    package as it now is (applied, or already applied or withdrawn by someone else)."""
    _apply_package(package.pk, on or today())
    return Reorganisation.objects.get(pk=package.pk)


def _apply_package(pk: int, on: date) -> Reorganisation | None:
    """`reorganisation_apply`: the package if this call applied it, None when it was not due or
    no longer pending under its row lock (another run applied or withdrew it meanwhile)."""
    try:
        with transaction.atomic():
            package = Reorganisation.objects.select_for_update().get(pk=pk)
            if package.status != Reorganisation.Status.PENDING or package.effective_date > on:
                return None
            before = _snapshot(package)
            author = _author(package)
            with policy.dates_checked_when_stored():
                run = run_operations(
                    package.operations, actor=author, day=package.effective_date, reason=unit_reason(package)
                )
            touched = run.touched | {u.pk for u in run.refs.values()}
            for unit_id in services.due_unit_ids(on, unit_ids=touched):
                services.apply_due_unit(unit_id, on)
            package.status = Reorganisation.Status.APPLIED
            package.applied_at = timezone.now()
            package.last_error = ""
            package.save(update_fields=["status", "applied_at", "last_error"])
            _audit(
                None,
                "reorganisation.package.apply",
                package,
                before=before,
                after={**_snapshot(package), "units": len(touched)},
                reason=unit_reason(package),
            )
    except OperationFailed as exc:
        _record_refusal(pk, "\n".join(exc.messages), on)
        raise
    except Exception as exc:
        logger.exception("Omstrukturering %s kunne ikke gennemføres", pk)
        refusal = MSG_UNEXPECTED.format(error=type(exc).__name__)
        _record_refusal(pk, refusal, on)
        raise OperationFailed([refusal]) from exc
    return package


def _author(package: Reorganisation):
    """Whose rights the package is applied with: the user who stored it, read afresh (roles
    and scope as they are today), or the system (None) for a package stored by a command. A
    package whose author has been deleted since is refused: applying it as the system would
    give it rights its author never had."""
    if package.created_by_id is not None:
        return get_user_model().objects.get(pk=package.created_by_id)
    stored_by = (
        AuditEvent.objects.filter(action="reorganisation.package.create", object_id=package.case_number)
        .order_by("-seq")
        .values_list("actor_id", flat=True)
        .first()
    )
    if stored_by is not None:
        raise OperationFailed([MSG_AUTHOR_GONE])
    return None


def _record_refusal(pk: int, refusal: str, on: date) -> None:
    """After the failed attempt is rolled back, in a transaction of its own so it is kept: the
    refusal in `last_error` and, when it differs from the one already recorded, one
    `reorganisation.package.apply_failed` event. A nightly run refused for the same reason
    records nothing new; the package row's lock makes two concurrent runs record it once."""
    with transaction.atomic():
        package = Reorganisation.objects.select_for_update().get(pk=pk)
        if package.last_error == refusal:
            return
        before = {**_snapshot(package), "last_error": package.last_error}
        package.last_error = refusal
        package.save(update_fields=["last_error"])
        _audit(
            None,
            "reorganisation.package.apply_failed",
            package,
            before=before,
            after={**_snapshot(package), "last_error": refusal},
            reason=MSG_APPLY_FAILED.format(case=package.case_number, name=package.name, day=fmt(on)),
        )


def apply_due_reorganisations(*, on: date | None = None) -> tuple[list[Reorganisation], list[str]]:
    """Every pending package whose date has come by `on`, oldest first, each whole or not at
    all and each on its own, so one that cannot be applied stops none of the others: (the
    packages this call applied, the Danish refusals of those that could not be applied). A
    package another run applied meanwhile is in neither."""
    on = on or today()
    applied, problems = [], []
    due = Reorganisation.objects.filter(status=Reorganisation.Status.PENDING, effective_date__lte=on)
    for package in due.order_by("effective_date", "pk"):
        try:
            done = _apply_package(package.pk, on)
        except OperationFailed as exc:
            problems += [f"{package.name} ({package.case_number}): {m}" for m in exc.messages]
            continue
        if done is not None:
            applied.append(done)
    return applied, problems


def reorganisation_withdraw(*, actor: User | None, package: Reorganisation, reason: str) -> Reorganisation:
    """Withdraw a pending package as a whole before its date (SDS, or the one who stored it)."""
    services.require_reason("withdraw", reason)
    with transaction.atomic():
        package = Reorganisation.objects.select_for_update().get(pk=package.pk)
        reorganisation_policy.require_may_withdraw(actor, package)
        if package.status != Reorganisation.Status.PENDING:
            raise ValidationError(MSG_NOT_PENDING.format(status=package.get_status_display().lower()))
        if package.effective_date <= today():
            raise ValidationError(MSG_WITHDRAW_STARTED.format(day=fmt(package.effective_date)))
        before = _snapshot(package)
        package.status = Reorganisation.Status.WITHDRAWN
        package.withdrawn_at = timezone.now()
        package.save(update_fields=["status", "withdrawn_at"])
        _audit(
            actor,
            "reorganisation.package.withdraw",
            package,
            before=before,
            after=_snapshot(package),
            reason=reason,
        )
    return package
