"""Lokationsnummer writes (R6)."""

from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.db import transaction

from audit import services as audit

from .. import permissions
from ..identifiers import gln_problem
from ..models import LocationNumber, Unit
from ..policy import fmt
from .locking import _locked
from .messages import MSG_GLN_EXISTS, MSG_GLN_RETIRED, MSG_GLN_STALE, MSG_GLN_TAKEN, NoChanges
from .versions import root_sor_id

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
