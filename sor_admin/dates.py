"""Dates as the SOR GUI writes them, dd-mm-åååå, read in one place: the GUI's date fields
(`sor_admin.ui.forms.DanishDateField`), Django's Danish input formats
(`sor_admin/formats/da/formats.py`), plan files (`reorganisation.plan`) and the commands' date
arguments. Also accepted: ISO (what `<input type="date">` posts), the dotted and slashed Danish
forms, and a two-digit year."""

import argparse
import datetime
import re

from django.core.exceptions import ValidationError

DATE_FORMAT = "%d-%m-%Y"
DATE_INPUT_FORMATS = ["%d-%m-%Y", "%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y", "%d-%m-%y"]

MSG_DATE_REQUIRED = "Angiv en dato på formen dd-mm-åååå."
MSG_DATE_INVALID = "Datoen skal skrives som dd-mm-åååå, fx 01-06-2026."
MSG_DATE_NONEXISTENT = "Datoen %(value)s findes ikke. Kontrollér dag og måned."

# Day, month and a four-digit year in an accepted order and separator: the shape of a date.
_DATE_SHAPES = (
    (re.compile(r"^\s*(\d{1,2})[-./](\d{1,2})[-./](\d{4})\s*$"), (2, 1, 0)),  # dd-mm-åååå
    (re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$"), (0, 1, 2)),  # åååå-mm-dd (ISO)
)


def parse_date(text: str) -> datetime.date:
    """The day that `text` names in one of DATE_INPUT_FORMATS. A ValidationError in Danish
    otherwise: "findes ikke" for a date written right but not in the calendar (31-02-2027),
    else how to write a date."""
    value = text.strip()
    for form in DATE_INPUT_FORMATS:
        try:
            return datetime.datetime.strptime(value, form).date()
        except ValueError:
            continue
    for shape, order in _DATE_SHAPES:
        match = shape.match(value)
        if match:
            parts = [int(part) for part in match.groups()]
            try:
                datetime.date(*(parts[i] for i in order))
            except ValueError:
                raise ValidationError(
                    MSG_DATE_NONEXISTENT, code="nonexistent", params={"value": value}
                ) from None
    raise ValidationError(MSG_DATE_INVALID, code="invalid")


def parse_date_or_none(value: object) -> datetime.date | None:
    """parse_date for a value that may be anything (a plan file's JSON): None when it is not a
    date."""
    if not isinstance(value, str):
        return None
    try:
        return parse_date(value)
    except ValidationError:
        return None


def argument_date(text: str) -> datetime.date:
    """parse_date as an argparse `type` for the commands' date arguments (dd-mm-åååå or ISO)."""
    try:
        return parse_date(text)
    except ValidationError as error:
        raise argparse.ArgumentTypeError(" ".join(error.messages)) from None
