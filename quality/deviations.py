"""Godkendt afvigelse: accept a finding (with a required Begrundelse and an optional end date)
or withdraw the acceptance. Who: SDS anywhere, a municipal administrator for units of the own
kommune. Each write is one transaction with its audit event."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from audit import services as audit
from hierarchy import permissions
from hierarchy.dates import fmt, today
from hierarchy.models import Unit
from hierarchy.services import root_sor_id
from sor_admin import authority

from .audit_actions import DEVIATION, DEVIATION_ACCEPT, DEVIATION_WITHDRAW
from .models import AcceptedDeviation
from .rules import RULES

MSG_SCOPE = authority.text(
    "Du kan kun godkende afvigelser for enheder i din egen kommune. Kontakt {authority} om andre enheder."
)
MSG_REASON = "Skriv en begrundelse: hvorfor er fundet i orden for netop denne enhed?"
MSG_UNKNOWN_RULE = "Reglen findes ikke (længere). Genindlæs siden, og prøv igen."
MSG_END_PAST = "Slutdatoen skal være i dag eller senere (senest {day} er i dag)."
MSG_EXISTS = "Fundet er allerede godkendt som afvigelse. Træk den tilbage først, hvis den skal ændres."
MSG_WITHDRAWN = "Afvigelsen er allerede trukket tilbage."


def may_decide(user, unit: Unit) -> bool:
    if permissions.is_sds(user):
        return True
    return permissions.is_municipal_admin(user) and permissions.in_scope(user, unit)


def _require(user, unit: Unit) -> None:
    if user is not None and not may_decide(user, unit):
        raise PermissionDenied(MSG_SCOPE)


def _snapshot(deviation: AcceptedDeviation) -> dict:
    return {
        "rule": deviation.rule_id,
        "unit": deviation.unit.sor_id,
        "end_date": deviation.end_date.isoformat() if deviation.end_date else None,
    }


def _record(actor, action: str, deviation: AcceptedDeviation, *, reason: str, before, after) -> None:
    rule = RULES.get(deviation.rule_id)
    audit.record(
        actor=actor,
        action=action,
        object_type=DEVIATION,
        object_id=str(deviation.pk),
        object_repr=f"{rule.title if rule else deviation.rule_id} på {deviation.unit.name}"[:200],
        scope_id=root_sor_id(deviation.unit),
        reason=reason,
        before=before,
        after=after,
    )


def deviation_accept(
    *, actor, unit: Unit, rule_id: str, reason: str, end_date: date | None = None
) -> AcceptedDeviation:
    _require(actor, unit)
    errors = {}
    if rule_id not in RULES:
        errors["rule_id"] = MSG_UNKNOWN_RULE
    if not (reason or "").strip():
        errors["reason"] = MSG_REASON
    if end_date is not None and end_date < today():
        errors["end_date"] = MSG_END_PAST.format(day=fmt(today()))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if (
            AcceptedDeviation.objects.select_for_update()
            .filter(rule_id=rule_id, unit=unit, withdrawn_at__isnull=True)
            .exists()
        ):
            raise ValidationError(MSG_EXISTS)
        deviation = AcceptedDeviation.objects.create(
            rule_id=rule_id, unit=unit, reason=reason.strip(), end_date=end_date, created_by=actor
        )
        _record(
            actor,
            DEVIATION_ACCEPT,
            deviation,
            reason=deviation.reason,
            before=None,
            after=_snapshot(deviation),
        )
    return deviation


def deviation_withdraw(*, actor, deviation: AcceptedDeviation, reason: str = "") -> AcceptedDeviation:
    _require(actor, deviation.unit)
    with transaction.atomic():
        deviation = AcceptedDeviation.objects.select_for_update().select_related("unit").get(pk=deviation.pk)
        if deviation.withdrawn_at is not None:
            raise ValidationError(MSG_WITHDRAWN)
        deviation.withdrawn_at = timezone.now()
        deviation.withdrawn_by = actor
        deviation.save(update_fields=["withdrawn_at", "withdrawn_by"])
        _record(actor, DEVIATION_WITHDRAW, deviation, reason=reason, before=_snapshot(deviation), after=None)
    return deviation
