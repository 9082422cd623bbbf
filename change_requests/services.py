"""Every write of an Anmodning: file, withdraw, take, ask, reply, reject, approve. Like the
register's services: keyword-only arguments with the acting user first, the rules with Danish
messages (PermissionDenied for roles, ValidationError for the request's state), and the audit
event (`requests.request.*`) in the same transaction as the write. Each step that changes what
the requester or the team sees sends a notification once the transaction has committed."""

from datetime import date
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from audit import services as audit
from hierarchy import permissions, policy
from hierarchy import services as hierarchy
from hierarchy.dates import fmt, today
from hierarchy.models import LocationNumber, Unit
from sor_admin import submissions
from sor_admin.text import text_problem

from . import audit_actions as codes
from . import changes, notifications
from .models import ChangeRequest

Kind = ChangeRequest.Kind
Status = ChangeRequest.Status
Team = ChangeRequest.Team

MSG_NO_ROLE = "Du har ikke en SOR-administratorrolle. Kontakt din lokale brugeradministrator."
MSG_OUT_OF_SCOPE = (
    "Enheden {unit} ligger uden for din kommunes organisation. Du kan kun anmode om ændringer "
    "af enheder under din egen kommune."
)
MSG_DO_IT_YOURSELF = (
    "Du kan selv foretage denne ændring i enhedens faneblade, så der er ingen grund til at anmode om den."
)
MSG_DATE_REQUIRED = "Angiv den dato, ændringen skal gælde fra."
MSG_NOTHING_PROPOSED = "Angiv mindst én værdi, der skal ændres."
MSG_UNKNOWN_KEYS = "Anmodningen indeholder oplysninger, der ikke hører til denne slags ændring: {keys}."
MSG_CREATE_KIND = "Vælg, om der skal oprettes en sundhedsinstitution (SI) eller en organisatorisk enhed (OE)."
MSG_NOT_OPEN = "Anmodningen er {status} og kan ikke længere ændres."
MSG_NOT_REVIEWER = "Kun {team} kan behandle denne anmodning."
MSG_OWN_REQUEST = "Du kan ikke behandle din egen anmodning."
MSG_NOT_REQUESTER = "Kun den, der har oprettet anmodningen, kan gøre dette."
MSG_ALREADY_TAKEN = "Anmodningen er allerede under behandling."
MSG_ANSWER_REQUIRED = "Skriv et svar til anmoderen."
MSG_QUESTION_REQUIRED = "Skriv, hvilke oplysninger der mangler."
MSG_REPLY_REQUIRED = "Skriv dit svar."
MSG_NO_QUESTION = "Der er ikke stillet noget spørgsmål, som venter på dit svar."
MSG_FIELDS_REQUIRED = "Vælg mindst ét felt, der skal godkendes."
MSG_FIELDS_UNKNOWN = "Kun foreslåede felter kan godkendes: {keys}."
MSG_UNIT_CHANGED = (
    "Enheden er ændret, siden anmodningen blev oprettet (udgave {then}, nu {now}). Se forskellen "
    "mod enheden, som den er nu, og bekræft godkendelsen igen."
)


def person_name(user: User | None) -> str:
    """How a person is named to others: the full name, else the user name."""
    if user is None:
        return "system"
    return user.get_full_name() or user.get_username()


def is_team_member(user: Any, team: str) -> bool:
    return permissions.is_sds(user) if team == Team.SDS else permissions.is_medcom(user)


def may_review(user: Any, request: ChangeRequest) -> bool:
    return is_team_member(user, request.team) and getattr(user, "pk", None) != request.requester_id


def own_kommune_ids(user: Any) -> set[int]:
    if not permissions.is_municipal_admin(user):
        return set()
    return set(user.sor_scopes.values_list("institution_owner_id", flat=True))


def may_see(user: Any, request: ChangeRequest) -> bool:
    """The requester, the administrators of its kommune, and the team that decides it."""
    if not getattr(user, "is_authenticated", False):
        return False
    return (
        user.pk == request.requester_id
        or request.owner_id in own_kommune_ids(user)
        or is_team_member(user, request.team)
    )


def may_request(user: Any) -> bool:
    """May the user file requests at all (any SOR role)? What about is decided by `request_file`."""
    return bool(
        getattr(user, "is_authenticated", False)
        and (permissions.is_sds(user) or permissions.is_municipal_admin(user) or permissions.is_medcom(user))
    )


def _text(value: str, *, message: str, what: str, key: str) -> str:
    text = (value or "").strip()
    if not text:
        raise ValidationError({key: message})
    problem = text_problem(text, what=what, multiline=True)
    if problem:
        raise ValidationError({key: problem})
    return text


def _record(
    actor: User | None, action: str, request: ChangeRequest, *, reason: str = "", **after: Any
) -> None:
    unit = request.unit
    audit.record(
        actor=actor,
        action=action,
        object_type=codes.OBJECT_TYPE,
        object_id=unit.sor_id,
        object_repr=f"Anmodning {request.number}: {unit.name}",
        scope_id=hierarchy.root_sor_id(unit),
        effective_date=request.applied_date or request.effective_date,
        reason=reason,
        before=None,
        after={"request": request.pk, "kind": request.kind, "status": request.status, **after},
    )


def _check_proposed(kind: str, proposed: dict[str, Any]) -> None:
    unknown = sorted(set(proposed) - set(changes.KEYS[Kind(kind)]))
    if unknown:
        raise ValidationError(MSG_UNKNOWN_KEYS.format(keys=", ".join(unknown)))
    if kind in (Kind.EDIT, Kind.MESSAGE_TYPES, Kind.LOCATION_NUMBER, Kind.MOVE) and not proposed:
        raise ValidationError(MSG_NOTHING_PROPOSED)
    if kind == Kind.CREATE and proposed.get("kind") not in (
        Unit.Kind.HEALTH_INSTITUTION,
        Unit.Kind.ORGANISATIONAL_UNIT,
    ):
        raise ValidationError({"kind": MSG_CREATE_KIND})


def request_file(
    *,
    actor: User,
    unit: Unit,
    kind: str,
    proposed: dict[str, Any],
    effective_date: date | None,
    reason: str,
    form_key: str | None = None,
) -> ChangeRequest:
    """File a request: refused at once, with the service's own messages, when the change could
    not be made now (a dry run of the reviewer's call as the system), or when the requester may
    make it alone. Addressed to the team whose role the change needs (`changes.TEAM`).
    `form_key`: the key of the opened "Anmod om ændring" form; a second submit of it files
    nothing and raises `AlreadySubmitted` with the first request's id (`sor_admin.submissions`)."""
    if not may_request(actor):
        raise PermissionDenied(MSG_NO_ROLE)
    submissions.check(actor, form_key, codes.FILE)
    if (
        permissions.is_municipal_admin(actor)
        and not permissions.is_sds(actor)
        and not permissions.in_scope(actor, unit)
    ):
        raise PermissionDenied(MSG_OUT_OF_SCOPE.format(unit=unit.name))
    kind = Kind(kind)
    hierarchy.require_reason("move", reason)  # the Begrundelse is required for every request
    _check_proposed(kind, proposed)
    if kind in changes.DATED:
        if effective_date is None:
            raise ValidationError({"effective_date": MSG_DATE_REQUIRED})
        if effective_date < today():
            raise ValidationError({"effective_date": hierarchy.MSG_DATE_PAST.format(today=fmt(today()))})
    else:
        effective_date = None
    with transaction.atomic():
        unit = changes.locked(kind, unit, proposed)
        # Under the unit's lock: of two submits of one form at once, the second waits here and
        # finds the key taken.
        claimed = submissions.claim(actor, form_key, codes.FILE)
        if changes.may_do_it_oneself(kind, unit, proposed, actor=actor, day=effective_date, reason=reason):
            raise ValidationError(MSG_DO_IT_YOURSELF, code="do_it_yourself")
        changes.dry_run(
            lambda: changes.carry_out(kind, unit, proposed, actor=None, day=effective_date, reason=reason)
        )
        owner = unit.ancestors(include_self=True).first()
        request = ChangeRequest.objects.create(
            kind=kind,
            unit=unit,
            owner=owner,
            proposed=proposed,
            effective_date=effective_date,
            reason=reason.strip(),
            team=changes.TEAM[kind],
            requester=actor,
            unit_revision=unit.revision,
            unit_state=changes.unit_state(unit, effective_date),
        )
        _record(
            actor,
            codes.FILE,
            request,
            reason=request.reason,
            team=request.team,
            proposed=proposed,
            effective_date=effective_date.isoformat() if effective_date else None,
        )
        submissions.done(claimed, str(request.pk))
        notifications.notify(request, codes.FILE)
    return request


def _locked(request: ChangeRequest) -> ChangeRequest:
    locked = (
        ChangeRequest.objects.select_for_update(of=("self",))
        .select_related("unit", "requester")
        .get(pk=request.pk)
    )
    if not locked.is_open:
        raise ValidationError(
            MSG_NOT_OPEN.format(status=locked.get_status_display().lower()), code="not_open"
        )
    return locked


def _require_reviewer(actor: User, request: ChangeRequest) -> None:
    if not is_team_member(actor, request.team):
        raise PermissionDenied(MSG_NOT_REVIEWER.format(team=request.get_team_display()))
    if actor.pk == request.requester_id:
        raise PermissionDenied(MSG_OWN_REQUEST)


def _require_requester(actor: User, request: ChangeRequest) -> None:
    if actor.pk != request.requester_id:
        raise PermissionDenied(MSG_NOT_REQUESTER)


def _finish(
    request: ChangeRequest, actor: User, action: str, *, reason: str = "", **after: Any
) -> ChangeRequest:
    request.save()
    _record(actor, action, request, reason=reason, **after)
    notifications.notify(request, action)
    return request


def request_withdraw(*, actor: User, request: ChangeRequest) -> ChangeRequest:
    """The requester takes the request back, until it is decided."""
    _require_requester(actor, request)
    with transaction.atomic():
        request = _locked(request)
        request.status = Status.WITHDRAWN
        request.decided_at = timezone.now()
        return _finish(request, actor, codes.WITHDRAW)


def request_take(*, actor: User, request: ChangeRequest) -> ChangeRequest:
    """A reviewer of the request's team takes it: Under behandling, with the reviewer's name."""
    _require_reviewer(actor, request)
    with transaction.atomic():
        request = _locked(request)
        if request.status == Status.IN_REVIEW:
            raise ValidationError(MSG_ALREADY_TAKEN, code="taken")
        request.status = Status.IN_REVIEW
        request.reviewer = actor
        return _finish(request, actor, codes.TAKE)


def request_ask(*, actor: User, request: ChangeRequest, question: str) -> ChangeRequest:
    """The reviewer asks the requester for more information; the request waits for a reply."""
    _require_reviewer(actor, request)
    question = _text(question, message=MSG_QUESTION_REQUIRED, what="Spørgsmålet", key="question")
    with transaction.atomic():
        request = _locked(request)
        request.status = Status.IN_REVIEW
        request.reviewer = actor
        request.question, request.reply, request.awaiting_reply = question, "", True
        return _finish(request, actor, codes.ASK, question=question)


def request_reply(*, actor: User, request: ChangeRequest, reply: str) -> ChangeRequest:
    """The requester answers the reviewer's question."""
    _require_requester(actor, request)
    reply = _text(reply, message=MSG_REPLY_REQUIRED, what="Svaret", key="reply")
    with transaction.atomic():
        request = _locked(request)
        if not request.awaiting_reply:
            raise ValidationError(MSG_NO_QUESTION, code="no_question")
        request.reply, request.awaiting_reply = reply, False
        return _finish(request, actor, codes.REPLY, reply=reply)


def request_reject(*, actor: User, request: ChangeRequest, answer: str) -> ChangeRequest:
    """Afvis: the answer to the requester is required."""
    _require_reviewer(actor, request)
    answer = _text(answer, message=MSG_ANSWER_REQUIRED, what="Svaret", key="answer")
    with transaction.atomic():
        request = _locked(request)
        request.status, request.answer, request.reviewer = Status.REJECTED, answer, actor
        request.decided_at = timezone.now()
        return _finish(request, actor, codes.REJECT, reason=answer, answer=answer)


def change_reason(request: ChangeRequest) -> str:
    """The Begrundelse of the change an approval makes: it names the request and its requester,
    so the change's own audit event (and the unit's version) says why it was made."""
    return f"Anmodning {request.number} fra {person_name(request.requester)}: {request.reason}"


def _chosen_fields(request: ChangeRequest, fields: list[str] | None) -> list[str]:
    proposed = list(request.proposed)
    if request.kind != Kind.EDIT or fields is None:
        return proposed
    if not fields:
        raise ValidationError({"fields": MSG_FIELDS_REQUIRED})
    unknown = sorted(set(fields) - set(proposed))
    if unknown:
        raise ValidationError({"fields": MSG_FIELDS_UNKNOWN.format(keys=", ".join(unknown))})
    return [key for key in proposed if key in fields]


def request_approve(
    *,
    actor: User,
    request: ChangeRequest,
    fields: list[str] | None = None,
    effective_date: date | None = None,
    confirmed_revision: int | None = None,
    confirm_impact: bool = False,
    answer: str = "",
) -> ChangeRequest:
    """Godkend all (or, for Rediger, the chosen `fields`), from the requested date or
    `effective_date`: the change is made through the register's service as the reviewer, in this
    transaction with the request's new status; a refusal of the service leaves the request
    undecided. If the unit changed since filing, the reviewer must confirm with the unit's
    current revision (`confirmed_revision`), having seen it: no silent overwrite. A move or close
    that affects lokationsnumre needs `confirm_impact`, as in the unit's own tabs."""
    _require_reviewer(actor, request)
    with transaction.atomic():
        request = _locked(request)
        unit = changes.locked(request.kind, request.unit, request.proposed)
        changed = changes.changed_since(request, unit)
        if changed and confirmed_revision != unit.revision:
            raise ValidationError(
                MSG_UNIT_CHANGED.format(then=request.unit_revision, now=unit.revision), code="unit_changed"
            )
        chosen = _chosen_fields(request, fields)
        day = (effective_date or request.effective_date) if request.kind in changes.DATED else None
        proposed = request.proposed
        changes.carry_out(
            request.kind,
            unit,
            proposed,
            actor=actor,
            day=day,
            reason=change_reason(request),
            fields=chosen,
            confirm_impact=confirm_impact,
        )
        partial = request.kind == Kind.EDIT and len(chosen) < len(proposed)
        request.status = Status.PARTLY_APPROVED if partial else Status.APPROVED
        request.reviewer, request.answer = actor, (answer or "").strip()
        request.applied_fields, request.applied_date = chosen, day
        request.decided_at = timezone.now()
        return _finish(
            request,
            actor,
            codes.APPROVE,
            reason=request.answer,
            applied_fields=chosen,
            applied_date=day.isoformat() if day else None,
            requester=person_name(request.requester),
            unit_changed=changed,
        )


def requestable_kinds(user: Any, unit: Unit, *, has_own_number: bool | None = None) -> list[str]:
    """The kinds of request the GUI offers on `unit`: the changes the user may not make alone
    (by role or scope, hierarchy.policy). Filing decides again with the full rules.
    `has_own_number`: whether the unit carries its own lokationsnummer, if the caller knows."""
    if permissions.is_sds(user) or not may_request(user):
        return []
    if permissions.is_municipal_admin(user) and not permissions.in_scope(user, unit):
        return []
    decisions = policy.decisions(user, unit)
    kinds = [kind for kind, action in _POLICY_ACTIONS.items() if decisions[action].permission]
    if unit.kind != Unit.Kind.INSTITUTION_OWNER and Kind.MOVE not in kinds and unit.valid_to is None:
        kinds.append(Kind.MOVE)  # to another kommune: never the administrator's own move
    if unit.kind == Unit.Kind.INSTITUTION_OWNER:
        kinds = [k for k in kinds if k not in (Kind.MOVE, Kind.CLOSE)]
        kinds.append(Kind.CREATE)  # an SI under the IE
    if unit.kind != Unit.Kind.INSTITUTION_OWNER:
        has_own = has_own_number
        if has_own is None:
            has_own = LocationNumber.objects.filter(unit=unit).exists()
        if not has_own:
            kinds.append(Kind.LOCATION_NUMBER)
        elif not permissions.is_medcom(user):
            kinds.append(Kind.MESSAGE_TYPES)
    order: list[str] = list(Kind)
    return sorted(set(kinds), key=order.index)


_POLICY_ACTIONS = {
    Kind.EDIT: policy.EDIT,
    Kind.CREATE: policy.CREATE,
    Kind.MOVE: policy.MOVE,
    Kind.CLOSE: policy.CLOSE,
}
