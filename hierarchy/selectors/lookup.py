"""SOR-kode → unit: the one lookup of a unit by the SOR-kode a person typed, pasted or followed
a link with (the GUI's move form and pages, the admin, the lokationsnummer page, the API).

Spaces anywhere are ignored (a code copied from a letter: "1100 0016 002"); a value that is no
SOR-kode is named as such (`identifiers.sor_id_problem`: format, namespace, check digit) before
the register is asked, and a code no unit has gets one Danish message wherever it is asked."""

from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from ..identifiers import sor_id_problem
from ..models import Unit

MSG_NO_UNIT = "Der findes ingen enhed med SOR-koden {sor_id}."

CODE_INVALID = "sor_id_invalid"
CODE_NOT_FOUND = "unit_not_found"


def fold_sor_id(value: str | None) -> str:
    """The SOR-kode without any whitespace."""
    return "".join((value or "").split())


def unit_for_sor_id(value: str | None, queryset: QuerySet[Unit] | None = None) -> Unit:
    """The unit with the SOR-kode `value` (from `queryset`, e.g. with its relations joined in).
    ValidationError with one message, code CODE_INVALID or CODE_NOT_FOUND, when there is none."""
    sor_id = fold_sor_id(value)
    problem = sor_id_problem(sor_id)
    if problem:
        raise ValidationError(problem, code=CODE_INVALID)
    try:
        return (Unit.objects.all() if queryset is None else queryset).get(sor_id=sor_id)
    except Unit.DoesNotExist:
        raise ValidationError(MSG_NO_UNIT.format(sor_id=sor_id), code=CODE_NOT_FOUND) from None
